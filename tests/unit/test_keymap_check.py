"""The [keymap] check: unknown ids and stolen keys are named and left out, never applied."""

from __future__ import annotations

import json

from tui.cli import main
from tui.core.keymap import BindingInfo, check_keymap

BINDINGS = [
    BindingInfo("app.help", ("f1",), "Help"),
    BindingInfo("reader.next", ("j", "down"), "Next"),
    BindingInfo("reader.note", ("n",), "Note"),
    BindingInfo("reader.verified", ("v",), "Verified"),
    BindingInfo("library.search", ("slash",), "Search"),
    BindingInfo("compare.note", ("n",), "Note"),
]


def check(keymap: dict[str, str]):
    return check_keymap(keymap, BINDINGS, "/cfg.toml")


def test_a_free_key_is_applied_as_written():
    result = check({"reader.next": "j,down,w", "library.search": "slash,s"})
    assert result.applied == {"reader.next": "j,down,w", "library.search": "slash,s"}
    assert result.problems == []


def test_a_key_another_binding_of_the_screen_has_is_left_out():
    result = check({"reader.next": "j,down,n"})
    assert result.applied == {"reader.next": "j,down"}
    assert result.problems == ['/cfg.toml: [keymap] "reader.next" = "j,down,n": n is already '
                               'Note (reader.note); n left out']


def test_the_same_key_on_another_screen_is_no_conflict():
    result = check({"library.search": "n"})
    assert result.applied == {"library.search": "n"}
    assert result.problems == []


def test_a_key_moved_away_is_free_for_another_binding():
    result = check({"reader.note": "m", "reader.next": "j,n"})
    assert result.applied == {"reader.note": "m", "reader.next": "j,n"}
    assert result.problems == []


def test_app_wide_keys_count_on_every_screen():
    result = check({"reader.verified": "f1"})
    assert result.applied == {}
    assert any("f1 is already Help (app.help)" in line for line in result.problems)
    assert any('"reader.verified": not applied; it keeps v' in line for line in result.problems)


def test_two_entries_asking_for_one_key_get_neither():
    result = check({"reader.next": "j,x", "reader.verified": "v,x"})
    assert result.applied == {"reader.next": "j", "reader.verified": "v"}
    assert len(result.problems) == 2


def test_an_unknown_id_and_an_empty_entry_are_named_and_skipped():
    result = check({"reader.nope": "z", "reader.note": " , "})
    assert result.applied == {}
    assert result.problems == [
        '/cfg.toml: [keymap] "reader.nope": no binding has this id; `newsdesk config keys` lists them',
        '/cfg.toml: [keymap] "reader.note": no keys given; it keeps its own',
    ]


def test_keys_are_compared_as_bindings_write_them():
    result = check_keymap({"library.search": "?"}, BINDINGS + [
        BindingInfo("library.help", ("question_mark",), "Help")], "/cfg.toml",
        normalize=lambda k: {"?": "question_mark"}.get(k, k))
    assert result.applied == {}
    assert "question_mark is already Help (library.help)" in result.problems[0]


def write_config(tmp_path, monkeypatch, text: str):
    config = tmp_path / "config.toml"
    config.write_text(text, "utf-8")
    monkeypatch.setenv("NEWSDESK_CONFIG", str(config))
    return config


def test_config_check_prints_each_problem_and_exits_1(tmp_path, monkeypatch, capsys):
    config = write_config(tmp_path, monkeypatch, '[keymap]\n"reader.next" = "j,down,n"\n')
    assert main(["config", "check"]) == 1
    out, err = capsys.readouterr()
    assert out == (f'{config}: [keymap] "reader.next" = "j,down,n": n is already Note '
                   "(reader.note); n left out\n")
    assert "1 problem(s)" in err


def test_config_check_of_a_clean_config_exits_0_and_writes_nothing(tmp_path, monkeypatch, capsys):
    write_config(tmp_path, monkeypatch, '[keymap]\n"reader.next" = "j,down,w"\n')
    before = sorted(tmp_path.iterdir())
    assert main(["config", "check"]) == 0
    assert capsys.readouterr().out == ""
    assert sorted(tmp_path.iterdir()) == before


def test_config_check_of_an_unusable_config_is_one_line(tmp_path, monkeypatch, capsys):
    config = write_config(tmp_path, monkeypatch, "keymap = 3\n")
    assert main(["config", "check"]) == 1
    out, err = capsys.readouterr()
    assert err.strip().splitlines() == [f"newsdesk: {config}: [keymap] must be a table of binding id = \"keys\""]


def test_config_keys_lists_every_binding_id(capsys, tmp_path, monkeypatch):
    write_config(tmp_path, monkeypatch, "")
    assert main(["config", "keys", "--json"]) == 0
    listed = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert listed["reader.note"]["keys"] == ["n"]
    assert listed["reader.next"]["keys"] == ["j", "down"]
    assert "library.search" in listed and "compare.note" in listed


def test_unknown_settings_and_keys_that_are_not_strings_are_named(tmp_path, monkeypatch, capsys):
    config = write_config(tmp_path, monkeypatch,
                          'modle = "en_core_web_sm"\n[keymap]\n"reader.next" = 5\n')
    assert main(["config", "check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{config}: modle: not a newsdesk setting; ignored (settings: model, db, library, "
        "max_files, import_dir, max_width, theme, reviewer, keymap)",
        f'{config}: [keymap] "reader.next": keys must be a string, e.g. "j,down"; ignored',
    ]


def test_a_db_setting_that_is_not_a_path_is_one_line(tmp_path, monkeypatch, capsys):
    config = write_config(tmp_path, monkeypatch, "db = 5\n")
    monkeypatch.delenv("NEWSDESK_DB", raising=False)
    assert main(["config", "check"]) == 1
    assert capsys.readouterr().err.strip() == (
        f'newsdesk: {config}: db must be a file path, e.g. db = "~/news/claims.json"')


def test_config_check_names_a_theme_that_does_not_exist(tmp_path, monkeypatch, capsys):
    config = write_config(tmp_path, monkeypatch, 'theme = "solarised-dark"\n')
    assert main(["config", "check"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{config}: theme: 'solarised-dark' is not a theme")
    write_config(tmp_path, monkeypatch, 'theme = "solarized-light"\n')
    assert main(["config", "check"]) == 0


def test_a_theme_of_the_wrong_type_names_file_and_key(tmp_path, monkeypatch, capsys):
    config = write_config(tmp_path, monkeypatch, "theme = 5\n")
    assert main(["config", "check"]) == 1
    assert capsys.readouterr().err.strip() == (
        f'newsdesk: {config}: theme must be a theme name, e.g. theme = "textual-light"')
