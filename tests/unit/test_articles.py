"""Article loaders, metadata inference and load problems."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from tui.core import articles, decoding
from tui.core.articles import (
    LoadProblem,
    display_path,
    infer_date,
    infer_source,
    infer_title,
    load_file,
    load_paths,
)

from .conftest import DATA_DIR, SEEDS_DIR

CONTROL_CHARS = {chr(c) for c in range(0x20)} - {"\t", "\n"} | {"\x7f"} | {chr(c) for c in range(0x80, 0xA0)}

BODY = (
    "Ukraine offers prisoner swap\n\n"
    "President Volodymyr Zelensky said Ukraine was ready to exchange two captured soldiers.\n"
)


def no_controls(text: str) -> bool:
    return not any(ch in CONTROL_CHARS for ch in text)


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def only_article(result):
    assert len(result.articles) == 1, [str(p) for p in result.problems]
    return result.articles[0]


# --------------------------------------------------------------------------- formats


def test_plain_text_uses_first_short_line_as_title(tmp_path):
    path = write(tmp_path / "swap.txt", BODY)
    result = load_file(path)
    article = only_article(result)
    assert result.problems == []
    assert article.title == "Ukraine offers prisoner swap"
    assert article.text == BODY
    assert article.uri == path.resolve().as_uri()
    assert article.uri.startswith("file://")
    assert article.words == len(BODY.split())


def test_markdown_front_matter_supplies_metadata():
    result = load_file(DATA_DIR / "front_matter.md")
    article = only_article(result)
    assert result.problems == []
    assert article.title == "Kyiv offers prisoner swap for captured North Korean soldiers"
    assert article.source == "Kyiv Independent"
    assert article.date == "2025-01-12"  # a YAML date becomes ISO, not "datetime.date(...)"
    assert article.url == "https://kyivindependent.example/north-korean-pows"
    # The front matter is metadata, not article text.
    assert article.text.startswith("# Kyiv offers prisoner swap")
    assert "title:" not in article.text and "---" not in article.text
    assert "Some 11,000 North Korean troops" in article.text


def test_markdown_front_matter_datetime_becomes_iso_date(tmp_path):
    path = write(tmp_path / "dt.md", "---\ndate: 2025-01-13 08:30:00\n---\nHeadline here\n\nBody text.\n")
    article = only_article(load_file(path))
    assert article.date == "2025-01-13"
    assert article.title == "Headline here"


def test_markdown_with_broken_yaml_loads_as_plain_text_with_a_note():
    path = DATA_DIR / "broken_front_matter.md"
    result = load_file(path)
    article = only_article(result)
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.fatal is False
    assert "front matter is not valid YAML" in problem.reason
    assert "plain text" in problem.reason
    assert str(problem).startswith(display_path(path) + ": ")
    # Nothing is lost: the whole file is the text ...
    assert "source: [Reuters" in article.text
    assert "about 12,000" in article.text
    # ... but the title is the body's first line, not the "---" fence or a YAML line.
    assert article.title == "Troop numbers disputed as Kyiv and Seoul differ"


def test_markdown_yaml_line_number_points_at_the_file_line(tmp_path):
    lines = ["---", "title: ok", "source: x", "bad: [a, b", "more: 1", "---", "Body text."]
    path = write(tmp_path / "bad.md", "\n".join(lines) + "\n")
    result = load_file(path)
    only_article(result)
    (problem,) = result.problems
    assert "at line 5" in problem.reason  # where the parser gave up: "more: 1"


def test_markdown_without_front_matter_is_plain_markdown(tmp_path):
    path = write(tmp_path / "plain.md", BODY)
    article = only_article(load_file(path))
    assert article.text == BODY.rstrip("\n")
    assert article.title == "Ukraine offers prisoner swap"


def test_markdown_escaped_controls_in_front_matter_are_sanitized(tmp_path):
    # YAML double-quoted strings turn \e and \a into real ESC and BEL characters.
    path = write(
        tmp_path / "esc.md",
        '---\ntitle: "\\e]0;pwned\\aReal \\e[31mtitle"\nsource: "\\u202eSky News"\n---\nBody text.\n',
    )
    article = only_article(load_file(path))
    assert article.title == "Real title"
    assert article.source == "Sky News"


def test_html_extracts_main_text_without_boilerplate():
    result = load_file(DATA_DIR / "article.html")
    article = only_article(result)
    assert result.problems == []
    assert article.title == "Ukraine offers to swap captured North Korean soldiers"
    assert article.source == "Example Herald"
    assert article.date == "2025-01-12"
    assert article.url == "https://herald.example/world/ukraine-north-korea-swap"
    assert "some 11,000 North Korean troops" in article.text
    assert "The Kremlin declined to comment" in article.text
    for boilerplate in ("Subscribe now", "Privacy policy", "Cookie settings", "Most read",
                        "Ten recipes", "<p>", "&amp;"):
        assert boilerplate not in article.text
    # Paragraphs stay on separate lines, so sentences never run into each other.
    assert len([line for line in article.text.splitlines() if line.strip()]) >= 4


def test_html_without_article_text_is_a_problem(tmp_path):
    path = write(
        tmp_path / "empty.html",
        "<html><head><title>Nothing</title><script>var x = 1;</script></head><body></body></html>",
    )
    result = load_file(path)
    assert result.articles == []
    (problem,) = result.problems
    assert problem.fatal
    assert "no article text found in the HTML" in problem.reason


def test_hostile_html_is_sanitized(tmp_path):
    paragraph = (
        "<p>Officials said on Monday that about 12,000 troops had been deployed to the region, "
        "a figure that could not be independently verified by reporters at the scene.</p>"
    )
    page = (
        "<html><head><title>Troops &#x1b;]0;pwned&#x7;deployed</title>"
        "<script>document.title='\\x1b[31m'</script></head><body><article>"
        + paragraph * 3
        + "<p>Text with an override &#x202e;here and a zero&#x200b;width space.</p>"
        "</article></body></html>"
    )
    path = write(tmp_path / "hostile.html", page)
    article = only_article(load_file(path))
    assert no_controls(article.text) and no_controls(article.title)
    assert "\u202e" not in article.text and "\u200b" not in article.text
    assert "document.title" not in article.text  # scripts are not article text
    assert "zerowidth space" in article.text


def test_json_article_uses_its_fields():
    result = load_file(DATA_DIR / "article.json")
    article = only_article(result)
    assert result.problems == []
    assert article.title == "Kremlin declines to comment on prisoner swap offer"
    assert article.source == "Reuters"
    assert article.date == "2025-01-13"
    assert article.url == "https://reuters.example/world/kremlin-swap"
    assert article.text.startswith("The Kremlin declined on Monday")
    assert "\n\nKremlin spokesman" in article.text


def test_json_without_metadata_infers_it(tmp_path):
    path = write(tmp_path / "bare.json", '{"text": "Short headline\\n\\nThe body text goes here."}')
    article = only_article(load_file(path))
    assert article.title == "Short headline"
    assert article.source == "" and article.date == ""


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"text": "unterminated', "invalid JSON at line 1"),
        ('["a", "list"]', 'needs an object with a "text" string'),
        ('{"title": "no text"}', 'needs an object with a "text" string'),
        ('{"text": 42}', 'needs an object with a "text" string'),
        ('{"text": "   \\n  "}', "no article text"),
    ],
)
def test_unusable_json_is_one_problem(tmp_path, content, reason):
    path = write(tmp_path / "bad.json", content)
    result = load_file(path)
    assert result.articles == []
    (problem,) = result.problems
    assert reason in problem.reason
    assert str(problem) == f"{display_path(path)}: {problem.reason}"


def test_hostile_json_metadata_is_sanitized(tmp_path):
    path = write(
        tmp_path / "h.json",
        '{"title": "\\u001b[31mRed\\u001b[0m title\\u0007", "source": "A\\nB", "text": "Body."}',
    )
    article = only_article(load_file(path))
    assert article.title == "Red title"
    assert article.source == "A B"  # metadata is one line


def test_unknown_suffix_loads_as_plain_text(tmp_path):
    path = write(tmp_path / "notes.text", BODY)
    article = only_article(load_file(path))
    assert article.text == BODY


# --------------------------------------------------------------------------- inference


def test_title_is_first_short_line():
    assert infer_title("\n\n  Breaking: troops deployed  \n\nBody text here.") == "Breaking: troops deployed"


def test_title_from_long_first_line_is_its_first_sentence_shortened():
    long_line = "Ukrainian President Volodymyr Zelensky announced on Sunday his willingness " * 3 + "to swap."
    title = infer_title(long_line + " Second sentence.\nNext line")
    assert len(title) <= articles.TITLE_MAX_CHARS
    assert title.endswith("…")
    assert title.startswith("Ukrainian President Volodymyr Zelensky announced on Sunday")
    assert not title[:-1].endswith(" ")  # cut at a word boundary


def test_title_of_a_short_first_sentence_line():
    # A first line that reads as prose (ends with a full stop) gives its first sentence.
    assert infer_title("He said it was over. Then he left.\nMore.") == "He said it was over."
    assert infer_title("This line ends with a colon:\nMore.") == "This line ends with a colon:"


def test_title_skips_leading_date_and_rules():
    assert infer_title("date 2025-01-13 Troops deployed\nBody.") == "Troops deployed"
    assert infer_title("date 2025-01-13\nTroops deployed\nBody.") == "Troops deployed"
    assert infer_title("---\n* * *\nTroops deployed\nBody.") == "Troops deployed"


def test_title_falls_back_to_file_name_when_no_line_has_words(tmp_path):
    path = write(tmp_path / "report-17.txt", "---\n***\n")
    article = only_article(load_file(path))
    assert article.title == "report-17"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (" date 2025-01-13 Ukrainian President Volodymyr Zelensky", "2025-01-13"),
        ("Headline\nDate: 2025-01-13\nBody", "2025-01-13"),
        ("Headline\nPublished: January 13, 2025\nBody", "2025-01-13"),
        ("Headline\nUpdated 13 January 2025\nBody", "2025-01-13"),
        ("Headline\n2025-01-13\nBody", "2025-01-13"),
        ("Headline\nBody without any date line", ""),
        ("Headline\nUpdated rules apply to everyone\nBody", ""),
        ("\n" * 20 + "date 2025-01-13", ""),  # only the top of the article counts
    ],
)
def test_date_inference(text, date):
    assert infer_date(text) == date


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Story.\nRead more from Sky News:\nOther story", "Sky News"),
        ("Story.\nSky News has not been able to verify the video.", "Sky News"),
        ("Story.\nCopyright 2025 Reuters", "Reuters"),
        ("Story.\n© Associated Press", "Associated Press"),
        ("KYIV (Reuters) - Ukraine said on Sunday...", "Reuters"),
        ("Source: BBC News\nStory.", "BBC News"),
        # Citing an outlet does not make it the publisher.
        ("The NIS confirmed this to AFP on Sunday.", ""),
        ("according to a report by the Guardian", ""),
    ],
)
def test_source_inference(text, source):
    assert infer_source(text) == source


# --------------------------------------------------------------------------- encodings

SAMPLE = "Café “quoted” — Zelensky said 11,000 troops; 北朝鮮.\nSecond line.\n"


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("utf-16"),
        SAMPLE.encode("utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "utf-16-native", "utf-32"],
)
def test_unicode_encodings_decode_exactly(tmp_path, encoded):
    path = write(tmp_path / "enc.txt", encoded)
    result = load_file(path)
    article = only_article(result)
    assert result.problems == []
    assert article.text == SAMPLE  # no BOM, no mojibake
    assert article.title == "Café “quoted” — Zelensky said 11,000 troops; 北朝鮮."


def test_utf16_markdown_front_matter_is_read(tmp_path):
    content = "---\ntitle: Überschrift\n---\nBody text.\n"
    path = write(tmp_path / "u16.md", codecs.BOM_UTF16_LE + content.encode("utf-16-le"))
    article = only_article(load_file(path))
    assert article.title == "Überschrift"
    assert article.text.strip() == "Body text."


def test_cp1252_decodes_with_a_note(tmp_path):
    path = write(tmp_path / "legacy.txt", b"caf\xe9 \x93quoted\x94 \x96 50\x80 prices")
    result = load_file(path)
    article = only_article(result)
    assert article.text == "café “quoted” – 50€ prices"
    (note,) = result.problems
    assert note.fatal is False
    assert "cp1252" in note.reason
    assert "not valid UTF-8" in note.reason
    assert str(note).startswith(display_path(path))


def test_utf16_with_odd_byte_count_loads_with_a_replacement_and_a_note(tmp_path):
    # A BOM names the encoding; bytes that break it are damage, not a reason to refuse the text.
    path = write(tmp_path / "odd.txt", codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x00\xd8")
    result = load_file(path)
    article = only_article(result)
    assert article.text == "abc\ufffd"
    (note,) = result.problems
    assert not note.fatal
    assert "not valid utf-16" in note.reason


# --------------------------------------------------------------------------- problems


def _make_binary(tmp_path):
    return write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")


def _make_empty(tmp_path):
    return write(tmp_path / "empty.txt", b"")


def _make_blank(tmp_path):
    return write(tmp_path / "blank.txt", b"  \n\t \r\n  ")


def _make_blank_utf16(tmp_path):
    return write(tmp_path / "blank16.txt", codecs.BOM_UTF16_LE + "  \n ".encode("utf-16-le"))


def _make_controls_only(tmp_path):
    return write(tmp_path / "controls.txt", "\x1b[31m\x07\u200b\u202e\n")


def _make_directory(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    return folder


def _make_loop(tmp_path):
    os.symlink(tmp_path / "loop_b.txt", tmp_path / "loop_a.txt")
    os.symlink(tmp_path / "loop_a.txt", tmp_path / "loop_b.txt")
    return tmp_path / "loop_a.txt"


def _make_broken_link(tmp_path):
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    return tmp_path / "dangling.txt"


def _make_missing(tmp_path):
    return tmp_path / "missing.txt"


def _make_missing_folder(tmp_path):
    return tmp_path / "no" / "such" / "dir" / "file.txt"


PROBLEM_CASES = {
    "binary": (_make_binary, "binary file (contains NUL bytes)"),
    "empty": (_make_empty, "empty file"),
    "whitespace-only": (_make_blank, "empty file"),
    "utf16-whitespace-only": (_make_blank_utf16, "no article text"),
    "only-control-characters": (_make_controls_only, "no article text"),
    "symlink-loop": (_make_loop, "symlink loop"),
    "broken-symlink": (_make_broken_link, "broken symlink"),
    "nonexistent": (_make_missing, "no such file"),
    "nonexistent-folder": (_make_missing_folder, "no such file"),
}


@pytest.mark.parametrize("case", sorted(PROBLEM_CASES))
def test_bad_file_is_one_problem_and_the_others_still_load(tmp_path, case):
    make, reason = PROBLEM_CASES[case]
    good_a = write(tmp_path / "good_a.txt", "First good article\n\nBody one.\n")
    good_b = write(tmp_path / "good_b.md", "---\ntitle: Second good article\n---\nBody two.\n")
    bad = make(tmp_path)

    result = load_paths([good_a, bad, good_b])

    assert [a.title for a in result.articles] == ["First good article", "Second good article"]
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    problem = result.problems[0]
    assert problem.fatal
    assert reason in problem.reason
    line = str(problem)
    assert line == f"{display_path(bad)}: {problem.reason}"
    assert bad.name in line
    assert "\n" not in line


def test_directory_given_to_load_file_is_a_problem(tmp_path):
    folder = _make_directory(tmp_path)
    result = load_file(folder)
    assert result.articles == []
    (problem,) = result.problems
    assert problem.reason == "is a directory"
    assert "folder.txt" in str(problem)


def test_empty_folder_is_one_problem(tmp_path):
    folder = tmp_path / "nothing-here"
    folder.mkdir()
    write(folder / "picture.png", b"\x89PNG")
    good = write(tmp_path / "good.txt", "Good article\n\nBody.\n")
    result = load_paths([folder, good])
    assert [a.title for a in result.articles] == ["Good article"]
    (problem,) = result.problems
    assert "nothing-here" in str(problem)
    assert "holds no .txt, .md, .html or .json articles" in problem.reason


def test_too_large_file_is_a_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(decoding, "MAX_FILE_BYTES", 1000)
    big = write(tmp_path / "huge.txt", "word " * 400)  # 2000 bytes
    small = write(tmp_path / "small.txt", "Small article\n\nBody.\n")
    result = load_paths([big, small])
    assert [a.title for a in result.articles] == ["Small article"]
    (problem,) = result.problems
    assert str(problem).startswith(display_path(big) + ": too large")
    assert "the limit is 1000 bytes" in problem.reason
    assert "2 KiB" in problem.reason


def test_size_in_messages_never_rounds_down_to_the_limit():
    over = articles.MAX_FILE_BYTES + 1
    assert articles._size(articles.MAX_FILE_BYTES) == "5 MiB"
    assert articles._size(over) == "5.1 MiB"
    assert articles._size(999) == "999 bytes"


def test_folder_walk_reports_each_bad_file_and_loads_the_rest(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    write(folder / "a_good.txt", "Alpha\n\nBody.\n")
    write(folder / "b_binary.txt", b"\x00\x01\x02")
    os.symlink(folder / "c_loop2.txt", folder / "c_loop1.txt")
    os.symlink(folder / "c_loop1.txt", folder / "c_loop2.txt")
    sub = folder / "sub"
    sub.mkdir()
    write(sub / "d_good.md", "Delta\n\nBody.\n")
    os.symlink(folder, sub / "back-to-inbox")  # a directory loop must not hang the walk
    write(folder / ".hidden.txt", "Hidden\n")
    write(folder / "image.jpg", b"\xff\xd8\xff")
    result = load_paths([folder])
    assert [a.title for a in result.articles] == ["Alpha", "Delta"]
    reasons = sorted((Path(p.path).name, p.reason) for p in result.problems)
    assert reasons == [
        ("b_binary.txt", "binary file (contains NUL bytes), not an article"),
        ("c_loop1.txt", "symlink loop"),
        ("c_loop2.txt", "symlink loop"),
    ]


def test_same_file_twice_loads_once(tmp_path):
    path = write(tmp_path / "once.txt", BODY)
    os.symlink(path, tmp_path / "alias.txt")
    result = load_paths([path, tmp_path / "alias.txt", tmp_path])
    assert len(result.articles) == 1
    assert result.problems == []


def test_problem_line_shows_a_hostile_file_name_sanitized(tmp_path):
    name = "evil\x1b]0;pwned\x07na\x1b[31mme\u202e\nline.txt"
    bad = write(tmp_path / name, b"\x00binary")
    result = load_paths([bad])
    (problem,) = result.problems
    line = str(problem)
    assert no_controls(line)
    assert "\u202e" not in line and "\n" not in line
    assert "pwned" not in line  # the OSC payload went with its escape
    assert line.endswith("evilname line.txt: binary file (contains NUL bytes), not an article")


def test_missing_file_with_hostile_name_is_shown_sanitized(tmp_path):
    result = load_paths([tmp_path / "gone\x9b31m\x07.txt"])
    (problem,) = result.problems
    assert no_controls(str(problem))
    assert str(problem).endswith("gone.txt: no such file")


def test_hostile_article_text_loses_controls_but_keeps_markup_literally(tmp_path):
    raw = (
        "Headline\x1b]0;X\x07 here\r\n"
        "The army said \x9b31m11,000 troops [@click=app.quit]x[/] were \x1b[31mred\x1b[0m deployed.\r\n"
        "Hidden \u202eevil\u202c and zero\u200bwidth [bold]not bold[/bold].\x07\x7f\n"
    )
    path = write(tmp_path / "hostile.txt", raw)
    result = load_file(path)
    article = only_article(result)
    assert result.problems == []
    assert no_controls(article.text) and no_controls(article.title)
    assert article.text == (
        "Headline here\n"
        "The army said 11,000 troops [@click=app.quit]x[/] were red deployed.\n"
        "Hidden evil and zerowidth [bold]not bold[/bold].\n"
    )
    assert article.title == "Headline here"


def test_load_problem_str_is_path_and_reason():
    assert str(LoadProblem("a/b.txt", "empty file")) == "a/b.txt: empty file"


def test_text_hash_depends_only_on_text(tmp_path):
    (tmp_path / "moved").mkdir()
    one = only_article(load_file(write(tmp_path / "one.txt", BODY)))
    two = only_article(load_file(write(tmp_path / "moved" / "renamed.txt", BODY)))
    assert one.uri != two.uri
    other = only_article(load_file(write(tmp_path / "three.txt", BODY + "More.\n")))
    assert one.text_hash == two.text_hash
    assert one.text_hash != other.text_hash
    assert len(one.text_hash) == 64


def test_binary_without_nul_bytes_is_refused(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(1, 32)) * 200 + b"some text")
    result = load_paths([path, SEEDS_DIR / "000_472a2f9c74460034.txt"])
    assert [str(p) for p in result.problems] == [
        f"{path}: binary file (mostly control bytes), not an article"
    ]
    assert len(result.articles) == 1
