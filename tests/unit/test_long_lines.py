"""Lines longer than spaCy takes: cut into pieces, analysed, offsets into the whole text."""

from __future__ import annotations

import json
import re
from bisect import bisect_right

import pytest

from tui.cli import main
from tui.core import analysis as analysis_module
from tui.core import chunks
from tui.core.analysis import RULE_BASED, ModelChoice, analyse_text, load_pipeline
from tui.core.articles import text_hash
from tui.core.chunks import PIECE_CHARS, bounded_batches, line_pieces, text_pieces

from ..long_text import LAST_SENTENCE, long_line

TWO_MB = 2_000_000
DIGITS = re.compile(r"\d[\d,]*")


def _gaps(line: str, spans: list[tuple[int, int]]) -> list[str]:
    return [line[end:start] for (_, end), (start, _) in zip(spans, spans[1:])]


# --------------------------------------------------------------------------- where lines are cut


def test_a_line_within_the_limit_is_one_piece():
    line = long_line(5_000)
    assert line_pieces(line, 5_000 + len(line)) == [(0, len(line))]
    assert list(text_pieces("First line.\n\n  \nSecond line.", 100)) == [(0, "First line."),
                                                                         (16, "Second line.")]


def test_long_lines_are_cut_where_sentences_end():
    line = long_line(50_000)
    spans = line_pieces(line, 2_000)
    assert len(spans) > 25
    assert spans[0][0] == 0 and spans[-1][1] == len(line)
    for start, end in spans:
        assert 0 < end - start <= 2_000
        assert line[end - 1] == "." or line[end - 2:end] == ".”", line[end - 20:end]
        assert line[start].isupper() or line[start] == "“", line[start:start + 20]
    assert set(_gaps(line, spans)) == {" "}  # the cut's space belongs to neither piece


def test_a_cut_never_parts_a_title_from_its_name():
    limit = 1_000
    sentence = "Officials said 11,000 troops moved on Tuesday."
    before = " ".join([sentence] * 21)
    line = before + " Mr. Smith said so. " + " ".join([sentence] * 30)
    # "Mr. S" is the last ". " before a capital within the limit; "so. O" is past it.
    assert line.index("Mr. Smith") + 4 < limit < line.index("so. ") + 4
    (_, first_end), (second_start, _) = line_pieces(line, limit)[:2]
    assert line[:first_end].endswith("Tuesday.")
    assert line[second_start:].startswith("Mr. Smith said so.")


def test_without_sentence_ends_a_line_is_cut_at_spaces_then_anywhere():
    words = "word " * 1_000
    spans = line_pieces(words, 333)
    assert all(0 < end - start <= 333 for start, end in spans)
    assert all(gap.isspace() for gap in _gaps(words, spans))
    solid = "x" * 1_000
    assert line_pieces(solid, 333) == [(0, 333), (333, 666), (666, 999), (999, 1_000)]


def test_batches_are_bounded_in_pieces_and_characters():
    texts = ["a" * 40, "b" * 40, "c" * 40, "d" * 200, "e"]
    assert list(bounded_batches(texts, max_docs=64, max_chars=100)) == [
        ["a" * 40, "b" * 40], ["c" * 40], ["d" * 200], ["e"]]
    assert [len(b) for b in bounded_batches(["x"] * 130, max_docs=64, max_chars=10**6)] == [64, 64, 2]


# --------------------------------------------------------------------------- analysis of the pieces


def test_a_long_line_is_analysed_exactly_as_its_pieces_would_be(pipeline, monkeypatch):
    # Breaking the text at the cuts (each cut's single space made a line break) gives
    # the same sentences and entities, offset for offset: a piece is a line of its own.
    nlp, choice = pipeline
    line = long_line(12_000, seed=7)
    monkeypatch.setattr(chunks, "PIECE_CHARS", 1_500)
    spans = line_pieces(line, 1_500)
    broken = list(line)
    for _, end in spans[:-1]:
        assert broken[end] == " "
        broken[end] = "\n"
    broken_text = "".join(broken)
    whole = analyse_text(nlp, choice.model_id, line, text_hash(line), roles=True)
    apart = analyse_text(nlp, choice.model_id, broken_text, text_hash(broken_text), roles=True)
    assert whole.sentences == apart.sentences
    assert whole.entities == apart.entities
    cuts = [end for _, end in spans[:-1]]
    assert not any(s.start < cut < s.end for s in whole.sentences for cut in cuts)


def _check_covers_and_offsets(text: str, sentences, entities) -> None:
    """Sentences cover every word, in order, without overlap; entities sit inside the text."""
    assert [s["index"] for s in sentences] == list(range(len(sentences)))
    position = 0
    for sentence in sentences:
        assert position <= sentence["start"] < sentence["end"] <= len(text)
        assert text[position:sentence["start"]].strip() == ""  # nothing left out between
        assert text[sentence["start"]:sentence["end"]] == sentence["text"]
        position = sentence["end"]
    assert text[position:].strip() == ""
    for entity in entities:
        assert 0 <= entity["start"] < entity["end"] <= len(text)
        assert text[entity["start"]:entity["end"]] == entity["text"]


@pytest.mark.slow
def test_a_2mb_line_is_analysed_by_the_rule_based_fallback():
    nlp, choice = load_pipeline(ModelChoice(RULE_BASED, RULE_BASED))
    line = long_line(TWO_MB)
    assert len(line) > nlp.max_length  # spaCy alone refuses it (E088)
    analysis = analyse_text(nlp, choice.model_id, line, text_hash(line))
    data = analysis.as_json(line)
    _check_covers_and_offsets(line, data["sentences"], data["entities"])
    assert data["sentences"][-1]["text"] == LAST_SENTENCE
    assert len(data["sentences"]) > len(line) // 100
    figures = {(e["start"], e["value"]) for e in data["entities"] if e["kind"] == "figure"}
    assert (line.rindex("98,765"), 98765) in figures  # found at the very end too
    starts = [e.start for e in analysis.entities]
    for number in DIGITS.finditer(line, len(line) - PIECE_CHARS):  # every number in the last piece
        entity = analysis.entities[bisect_right(starts, number.start()) - 1]
        assert entity.start <= number.start() < entity.end, number.group()


@pytest.fixture
def no_model(monkeypatch):
    """As on a machine without a spaCy model: the rule-based fallback."""
    monkeypatch.setattr(analysis_module, "DEFAULT_MODELS", ("no_such_model_xyz",))


@pytest.mark.slow
def test_show_json_of_a_2mb_single_line_file(no_model, tmp_path, capsys):
    # Through the command line: this failed with spaCy's E088.
    path = tmp_path / "long.txt"
    line = long_line(TWO_MB)
    path.write_text("A very long article\n\n" + line + "\n", "utf-8")
    code = main(["show", str(path), "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "Error" not in err and "E088" not in err and "no spaCy model installed" in err
    data = json.loads(out)
    text = data["text"]
    assert data["model"] == RULE_BASED and len(text) > TWO_MB
    _check_covers_and_offsets(text, data["sentences"], data["entities"])
    assert data["sentences"][-1]["text"] == LAST_SENTENCE
    last = data["entities"][-1]
    assert (last["text"], last["value"]) == ("98,765", 98765)


@pytest.mark.slow
def test_the_model_analyses_a_line_of_several_full_pieces(pipeline):
    # The installed model on pieces of the real size: entities and figures all along.
    nlp, choice = pipeline
    line = long_line(PIECE_CHARS * 2 + PIECE_CHARS // 2, seed=3)
    assert len(line_pieces(line, PIECE_CHARS)) == 3
    analysis = analyse_text(nlp, choice.model_id, line, text_hash(line))
    data = analysis.as_json(line)
    _check_covers_and_offsets(line, data["sentences"], data["entities"])
    for start, end in line_pieces(line, PIECE_CHARS):
        labels = {e["label"] for e in data["entities"] if start <= e["start"] < end}
        assert {"PERSON", "CARDINAL", "PERCENT", "MONEY", "DATE"} <= labels
    last = [e for e in data["entities"] if e["text"] == "98,765"][-1]
    assert last["kind"] == "figure" and last["value"] == 98765
