"""The command line contract: JSON on stdout, one-line messages on stderr, exit 0 / 1."""

from __future__ import annotations

import json
import re

import pytest

from tui import __version__
from tui.cli import main
from tui.core import analysis as analysis_module
from tui.core.analysis import RULE_BASED

from .conftest import DATA_DIR, SEEDS_DIR

SGR = re.compile(r"\x1b\[[0-9;]*m")
C0_C1 = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

HOSTILE = (
    "Headline\x1b]0;X\x07 here\n"
    "The army said \x9b31m 11,000 troops [@click=app.quit]x[/] were \x1b[31mred\x1b[0m deployed.\u202e\x07\n"
    "Zelensky wrote \x1bP1;2|payload\x1b\\[link=https://evil.example]click[/link].\n"
)


def run(argv, capsys):
    """main(argv) → (exit code, stdout, stderr); argparse's --version exits via SystemExit."""
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def seed(number: str) -> str:
    (path,) = SEEDS_DIR.glob(f"{number}_*.txt")
    return str(path)


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("newsdesk: ")
    return lines[0]


@pytest.fixture
def hostile_file(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- show --json


def test_show_json_has_the_documented_shape(shared_pipeline, capsys):
    code, out, err = run(["show", seed("002"), "--json"], capsys)
    assert code == 0
    assert err == ""
    data = json.loads(out)
    assert {"uri", "title", "source", "date", "text", "model", "sentences", "entities"} <= set(data)
    assert data["uri"].startswith("file://") and data["uri"].endswith(".txt")
    assert data["title"].startswith("Ukrainian President Volodymyr Zelensky has offered")
    assert data["date"] == "2025-01-13"
    assert data["model"] == analysis_module.choose_model().model_id
    text = data["text"]

    assert [s["index"] for s in data["sentences"]] == list(range(len(data["sentences"])))
    for sentence in data["sentences"]:
        assert set(sentence) >= {"index", "start", "end", "text"}
        assert text[sentence["start"]:sentence["end"]] == sentence["text"]
        assert "\n" not in sentence["text"]
    assert "Video of two soldiers" in [s["text"] for s in data["sentences"]]

    for entity in data["entities"]:
        assert set(entity) >= {"start", "end", "text", "label", "kind", "value"}
        assert text[entity["start"]:entity["end"]] == entity["text"]
        assert entity["kind"] in ("entity", "figure")
        if entity["kind"] == "entity":
            assert entity["value"] is None
    figures = {e["text"]: e["value"] for e in data["entities"] if e["kind"] == "figure"}
    assert figures["11,000"] == 11000
    assert figures["4,000"] == 4000
    assert figures["January 9"] is None
    people = {e["text"] for e in data["entities"] if e["label"] == "PERSON"}
    assert "Volodymyr Zelensky" in people


def test_show_json_of_front_matter_markdown(shared_pipeline, capsys):
    code, out, err = run(["show", str(DATA_DIR / "front_matter.md"), "--json"], capsys)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["source"] == "Kyiv Independent"
    assert data["date"] == "2025-01-12"
    assert not data["text"].startswith("---")


def test_show_json_of_hostile_file_is_clean_and_literal(shared_pipeline, hostile_file, capsys):
    code, out, err = run(["show", str(hostile_file), "--json"], capsys)
    assert (code, err) == (0, "")
    assert not C0_C1.search(out.replace("\n", ""))
    data = json.loads(out)
    assert data["title"] == "Headline here"
    assert not C0_C1.search(data["text"].replace("\n", ""))
    assert "\u202e" not in data["text"]
    assert "[@click=app.quit]x[/]" in data["text"]
    assert "[link=https://evil.example]click[/link]" in data["text"]
    assert "payload" not in data["text"]


def test_show_json_notes_cp1252_on_stderr_and_still_succeeds(shared_pipeline, tmp_path, capsys):
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"Caf\xe9 owners \x93worried\x94\n\nPrices rose 12% in January.\n")
    code, out, err = run(["show", str(path), "--json"], capsys)
    assert code == 0
    line = one_error_line(err)
    assert "legacy.txt" in line and "cp1252" in line
    data = json.loads(out)
    assert data["title"] == "Café owners “worried”"


@pytest.mark.parametrize(
    "argv",
    [
        ["--model", "no_such_model_xyz", "show", "SEED", "--json"],  # global option first
        ["show", "SEED", "--json", "--model", "no_such_model_xyz"],
        ["--db", "x.json", "--model", "no_such_model_xyz", "show", "SEED", "--json"],
    ],
    ids=["before-command", "after-command", "with-db"],
)
def test_show_with_missing_model_says_so_on_stderr_only(shared_pipeline, capsys, argv):
    argv = [seed("004") if arg == "SEED" else arg for arg in argv]
    code, out, err = run(argv, capsys)
    assert code == 0
    line = one_error_line(err)
    assert "model 'no_such_model_xyz' is not installed" in line
    assert json.loads(out)["model"] == analysis_module.choose_model().model_id


def test_model_from_environment(shared_pipeline, monkeypatch, capsys):
    monkeypatch.setenv("NEWSDESK_MODEL", "env_model_missing")
    code, out, err = run(["show", seed("004"), "--json"], capsys)
    assert code == 0
    assert "model 'env_model_missing' is not installed" in one_error_line(err)
    json.loads(out)


def test_show_json_rule_based_without_any_model(monkeypatch, capsys):
    monkeypatch.setattr(analysis_module, "DEFAULT_MODELS", ("no_such_model_xyz",))
    code, out, err = run(["show", seed("002"), "--json"], capsys)
    assert code == 0
    assert "no spaCy model installed" in one_error_line(err)
    data = json.loads(out)
    assert data["model"] == RULE_BASED
    assert data["sentences"]
    assert {e["kind"] for e in data["entities"]} == {"figure"}
    assert {"text": "11,000", "value": 11000} in [
        {"text": e["text"], "value": e["value"]} for e in data["entities"]
    ]


def test_second_show_uses_the_cache(shared_pipeline, capsys):
    first = run(["show", seed("000"), "--json"], capsys)
    second = run(["show", seed("000"), "--json"], capsys)
    assert first == second
    assert shared_pipeline.calls == 1


# --------------------------------------------------------------------------- show (Rich)


def test_show_renders_article_and_entity_table(shared_pipeline, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    code, out, err = run(["show", seed("001")], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("Zelenskyy offers captured North Korean soldiers for Ukrainians held by Russia\n")
    assert "Sky News" in out.splitlines()[1]
    assert "Entities and figures" in out
    assert "≈11,000" in out  # "some 11,000" is shown as an approximate value
    assert "\x1b" not in out  # not a terminal: no styling codes at all


def test_show_of_hostile_file_emits_only_styling_escapes(shared_pipeline, hostile_file, capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")  # styles on, as in a real terminal
    monkeypatch.setenv("COLUMNS", "160")
    code, out, err = run(["show", str(hostile_file)], capsys)
    assert (code, err) == (0, "")
    assert SGR.search(out), "expected colour codes with FORCE_COLOR"
    plain = SGR.sub("", out)
    assert "\x1b" not in plain  # no OSC, DCS or other escape from the article
    assert not C0_C1.search(plain.replace("\n", ""))
    assert "\u202e" not in plain
    assert "[@click=app.quit]x[/]" in plain  # markup-like text shown literally
    assert "[link=https://evil.example]click[/link]" in plain
    assert "\x1b]8;" not in out  # and never turned into a hyperlink


# --------------------------------------------------------------------------- errors and usage


def test_show_missing_file_is_one_line_and_exit_1(capsys, tmp_path):
    missing = tmp_path / "nope.txt"
    code, out, err = run(["show", str(missing)], capsys)
    assert code == 1
    assert out == ""
    assert one_error_line(err) == f"newsdesk: {missing}: no such file"


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"\x00\x01binary", "binary file"), (b"", "empty file"), (b"\x81\x8d", "no article text")],
)
def test_show_unloadable_file_is_one_line_and_exit_1(capsys, tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, out, err = run(["show", str(path), "--json"], capsys)
    assert (code, out) == (1, "")
    line = one_error_line(err)
    assert str(path) in line and reason in line


def test_show_directory_is_an_error(capsys, tmp_path):
    code, out, err = run(["show", str(tmp_path)], capsys)
    assert (code, out) == (1, "")
    assert one_error_line(err).endswith(": is a directory")


def test_show_missing_file_with_hostile_name(capsys, tmp_path):
    code, out, err = run(["show", str(tmp_path / "evil\x1b]0;pwned\x07\x9b2J.txt")], capsys)
    assert code == 1
    line = one_error_line(err)
    assert "\x1b" not in line and "\x07" not in line and "\x9b" not in line
    assert "pwned" not in line
    assert line.endswith("evil.txt: no such file")


def test_version(capsys):
    code, out, err = run(["--version"], capsys)
    assert code == 0
    assert out.strip() == f"newsdesk {__version__}"
    assert err == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show"], "the following arguments are required: PATH"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["show", "a.txt", "b.txt"], "unrecognized arguments: b.txt"),
        (["show", "a.txt", "--jsn"], "unrecognized arguments: --jsn"),
        (["--model"], "expected one argument"),
    ],
)
def test_usage_errors_are_one_line_and_exit_1(capsys, argv, message):
    code, out, err = run(argv, capsys)
    assert code == 1
    assert out == ""
    line = one_error_line(err)
    assert message in line
    assert line.endswith("(see newsdesk --help)")


def test_broken_config_file_is_one_line_naming_it(capsys, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("model = [unclosed\n", "utf-8")
    monkeypatch.setenv("NEWSDESK_CONFIG", str(config))
    code, out, err = run(["show", seed("004"), "--json"], capsys)
    assert (code, out) == (1, "")
    line = one_error_line(err)
    assert str(config) in line and "not valid TOML" in line


def test_screenshots_refuses_a_file_and_a_missing_parent_without_creating_anything(
        tmp_path, capsys):
    existing = tmp_path / "shots.svg"
    existing.write_text("kept", "utf-8")
    assert main(["screenshots", str(existing)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"newsdesk: {existing}: not a folder; give a folder for the screenshots")
    assert existing.read_text("utf-8") == "kept"
    deep = tmp_path / "missing" / "shots"
    assert main(["screenshots", str(deep)]) == 1
    assert f"{tmp_path / 'missing'} does not exist" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shots.svg"]
