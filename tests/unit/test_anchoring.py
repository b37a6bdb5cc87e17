"""Re-anchoring claims when an article's text changes, on real article text.

A claim must land on the same sentence after text is inserted elsewhere, after
it moved, after small edits to the sentence itself; and when the sentence is
gone it must become an orphan, never be stuck onto some other sentence.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.anchoring import MIN_FUZZY_QUOTE, Anchor, anchor, best_sentence, make_selector
from tui.core.articles import load_file

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

ISW = ("The Institute for the Study of War (ISW) estimated in a report on January 11 that about "
       "12,000 North Korean troops had been deployed to the Ukraine war front.")
NO_RESPONSE = ("The North Korean government has not issued a response to the offer to discuss a "
               "prisoner trade at press time.")
WORD_OF_HOPE = "He also added a word of hope for North Korean troops fighting on Russia’s behalf."
OPENED_FIRE = ("By early November, Kyiv reported that it had opened fire on the first contingent "
               "of North Korean troops.")
NOT_VERIFIED = ("International media have not yet verified Ukraine’s version of the prisoners and "
                "their capture.")
CASUALTIES = ("Zelensky has estimated North Korean casualties at 4,000 in the Russian region of "
              "Kursk, where according to kyiv’s security services 11,000 North Korean troops have "
              "been deployed to support Russian troops.")
UNRELATED = ("The weather in Lisbon stayed mild and sunny for most of the week, local forecasters "
             "said on Tuesday.")
NEW_PARAGRAPHS = ("Editor’s note: this article was updated on January 14 with new information.\n"
                  "An earlier version misspelled the name of the Ukrainian security service.\n")


@cache
def seed_text(prefix: str) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    result = load_file(path)
    assert result.articles, [str(p) for p in result.problems]
    return result.articles[0].text


def text_003() -> str:
    return seed_text("003")


def text_002() -> str:
    return seed_text("002")


def span_of(text: str, sentence: str) -> tuple[int, int]:
    start = text.find(sentence)
    assert start != -1, f"not in the text: {sentence!r}"
    assert text.find(sentence, start + 1) == -1, f"twice in the text: {sentence!r}"
    return start, start + len(sentence)


def selector_for(text: str, sentence: str):
    return make_selector(text, *span_of(text, sentence))


def sentences(text: str, min_chars: int = 30) -> list[str]:
    """Sentences of `text` that occur exactly once in it."""
    found = (m.group(0).strip() for m in re.finditer(r"[^.!?\n]+[.!?”]+", text))
    return [s for s in found if len(s) >= min_chars and text.count(s) == 1]


def assert_covers_sentence(text: str, found: Anchor | None, sentence: str) -> None:
    """The anchor is the whole sentence, give or take surrounding whitespace."""
    assert found is not None, f"orphaned: {sentence!r}"
    start, end = span_of(text, sentence)
    assert text[found.start:found.end].strip() == sentence, (
        f"expected {sentence!r}\n     got {text[found.start:found.end]!r}")
    assert abs(found.start - start) <= 2 and abs(found.end - end) <= 2


# --------------------------------------------------------------------- exact placement


@pytest.mark.parametrize("text_of, sentence", [
    (text_003, ISW), (text_003, NO_RESPONSE), (text_002, CASUALTIES), (text_002, NOT_VERIFIED),
])
def test_unchanged_text_keeps_the_position(text_of, sentence):
    text = text_of()
    selector = selector_for(text, sentence)
    assert anchor(text, selector) == Anchor(*span_of(text, sentence), "position")


@pytest.mark.parametrize("text_of, sentence", [
    (text_003, ISW), (text_003, OPENED_FIRE), (text_002, CASUALTIES),
])
def test_paragraphs_inserted_before_shift_the_claim_by_their_length(text_of, sentence):
    text = text_of()
    selector = selector_for(text, sentence)
    start, end = span_of(text, sentence)
    paragraph_start = text.rfind("\n", 0, start) + 1
    for where in (0, paragraph_start):
        changed = text[:where] + NEW_PARAGRAPHS + text[where:]
        found = anchor(changed, selector)
        assert found is not None and found.method == "quote"
        assert (found.start, found.end) == (start + len(NEW_PARAGRAPHS), end + len(NEW_PARAGRAPHS))
        assert changed[found.start:found.end] == sentence


def test_text_appended_after_keeps_the_position():
    text = text_003()
    selector = selector_for(text, ISW)
    changed = text + "\nUpdate: ISW revised the estimate on January 15.\n"
    assert anchor(changed, selector) == Anchor(*span_of(text, ISW), "position")


def test_a_repeated_phrase_lands_on_the_occurrence_that_was_tagged():
    text = text_003()
    phrase = "North Korean soldiers"
    occurrences = [m.start() for m in re.finditer(phrase, text)]
    assert len(occurrences) >= 5
    changed = NEW_PARAGRAPHS + text
    for old in occurrences:
        found = anchor(changed, make_selector(text, old, old + len(phrase)))
        assert found is not None and found.method == "quote"
        assert found.start == old + len(NEW_PARAGRAPHS)


def test_matching_context_beats_a_nearer_copy_of_the_quote():
    text = text_003()
    start, end = span_of(text, ISW)
    selector = make_selector(text, start, end)
    # A copy of the sentence, with other surroundings, right before the original.
    where = start - 40
    insert = "Correction: " + ISW + " (repeated)\n"
    changed = text[:where] + insert + text[where:]
    copy_at, original_at = where + len("Correction: "), start + len(insert)
    assert abs(copy_at - start) < abs(original_at - start)
    found = anchor(changed, selector)
    assert found is not None and found.method == "quote"
    assert (found.start, found.end) == (original_at, original_at + len(ISW))


@pytest.mark.parametrize("tag_second_copy", [False, True])
def test_with_equal_context_the_copy_nearest_the_old_position_wins(tag_second_copy):
    text = text_003()
    doubled = text + "\n" + text  # the article pasted twice: same context around both copies
    start, _ = span_of(text, ISW)
    if tag_second_copy:
        start += len(text) + 1
    selector = make_selector(doubled, start, start + len(ISW))
    changed = NEW_PARAGRAPHS + doubled
    found = anchor(changed, selector)
    assert found is not None and found.method == "quote"
    assert found.start == start + len(NEW_PARAGRAPHS)


def test_a_sentence_moved_to_another_paragraph_is_found():
    text = text_003()
    selector = selector_for(text, NO_RESPONSE)
    without = text.replace(NO_RESPONSE + "\n", "", 1)
    assert NO_RESPONSE not in without
    # Append it to an earlier paragraph.
    moved = without.replace(WORD_OF_HOPE, WORD_OF_HOPE + " " + NO_RESPONSE, 1)
    found = anchor(moved, selector)
    assert found is not None and found.method == "quote"
    assert (found.start, found.end) == span_of(moved, NO_RESPONSE)


# --------------------------------------------------------------------- fuzzy placement


@pytest.mark.parametrize("old, new", [
    ("about 12,000", "about 13,000"),
    ("about 12,000", "12,000"),                    # a word deleted
    (" in a report", ""),                          # words deleted
    ("estimated", "said"),
    ("troops had been", "soldiers had reportedly been"),  # words added
    ("The Institute", "An institute"),             # the first word changed
    ("war front.", "front line."),                 # the last word changed
])
def test_an_edited_sentence_is_found_whole(old, new):
    text = text_003()
    selector = selector_for(text, ISW)
    edited = ISW.replace(old, new, 1)
    assert edited != ISW
    for changed in (text.replace(ISW, edited, 1),
                    NEW_PARAGRAPHS + text.replace(ISW, edited, 1)):
        found = anchor(changed, selector)
        assert found is not None and found.method == "fuzzy"
        assert_covers_sentence(changed, found, edited)


@pytest.mark.parametrize("old, new", [
    ("4,000", "5,000"),
    ("according to kyiv’s security services ", ""),
    ("to support Russian troops", "to support Moscow’s troops"),
])
def test_an_edited_sentence_is_found_whole_in_another_article(old, new):
    text = text_002()
    selector = selector_for(text, CASUALTIES)
    edited = CASUALTIES.replace(old, new, 1)
    changed = text.replace(CASUALTIES, edited, 1)
    found = anchor(changed, selector)
    assert found is not None and found.method == "fuzzy"
    assert_covers_sentence(changed, found, edited)


def test_single_word_edits_anywhere_in_a_sentence_keep_the_whole_sentence():
    """Every word of a sentence in turn changed, dropped, or preceded by a new word."""
    text = text_003()
    selector = selector_for(text, OPENED_FIRE)
    words = OPENED_FIRE.split(" ")
    for i in range(1, len(words) - 1):  # inner words: the edited sentence keeps its ends
        for edited_words in (words[:i] + ["allegedly"] + words[i + 1:],
                             words[:i] + words[i + 1:],
                             words[:i] + ["reportedly"] + words[i:]):
            edited = " ".join(edited_words)
            changed = text.replace(OPENED_FIRE, edited, 1)
            found = anchor(changed, selector)
            if edited in text:
                continue
            assert found is not None and found.method == "fuzzy", edited
            assert_covers_sentence(changed, found, edited)


# --------------------------------------------------------------------- orphans


@pytest.mark.parametrize("text_of, sentence", [
    (text_003, ISW), (text_003, OPENED_FIRE), (text_003, NO_RESPONSE),
    (text_002, CASUALTIES), (text_002, NOT_VERIFIED),
])
def test_a_deleted_sentence_is_an_orphan(text_of, sentence):
    text = text_of()
    selector = selector_for(text, sentence)
    start, end = span_of(text, sentence)
    assert anchor(text[:start] + text[end:], selector) is None


@pytest.mark.parametrize("text_of", [text_003, text_002])
def test_deleting_any_sentence_never_lands_on_another(text_of):
    text = text_of()
    candidates = sentences(text)
    assert len(candidates) >= 20
    for sentence in candidates:
        start, end = span_of(text, sentence)
        found = anchor(text[:start] + text[end:], make_selector(text, start, end))
        assert found is None, (sentence, found)


@pytest.mark.parametrize("replacement", [UNRELATED, NOT_VERIFIED])
def test_a_sentence_replaced_by_an_unrelated_one_is_an_orphan(replacement):
    text = text_003()
    selector = selector_for(text, ISW)
    assert anchor(text.replace(ISW, replacement, 1), selector) is None


@pytest.mark.parametrize("quote, replacement", [
    ("12,000", "13,000"),
    ("ISW noted", "ISW wrote"),
    ("Kursk", "Kurks"),
])
def test_a_short_quote_that_vanished_is_an_orphan(quote, replacement):
    text = text_003()
    assert len(quote) < MIN_FUZZY_QUOTE
    start = text.find(quote)
    selector = make_selector(text, start, start + len(quote))
    changed = NEW_PARAGRAPHS + text.replace(quote, replacement)
    assert quote not in changed
    assert anchor(changed, selector) is None


def test_an_empty_quote_or_text_is_an_orphan():
    text = text_003()
    assert anchor(text, make_selector(text, 10, 10)) is None
    assert anchor("", selector_for(text, ISW)) is None


# --------------------------------------------------------------------- properties

QUOTES_003 = sentences(seed_text("003"), min_chars=20)
insertion_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("\n .,“”’"),
    min_size=1, max_size=120,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quote=st.sampled_from(QUOTES_003),
       insertions=st.lists(st.tuples(st.floats(0, 1), insertion_text), min_size=1, max_size=6))
def test_insertions_outside_the_quote_never_lose_it(quote, insertions):
    text = text_003()
    start, end = span_of(text, quote)
    changed, shift = text, 0
    # Positions outside the quote, applied right to left so earlier ones stay valid.
    places = []
    for fraction, inserted in insertions:
        pos = round(fraction * (len(text) - (end - start) + 1))
        places.append((pos if pos <= start else pos + (end - start) - 1, inserted))
    for pos, inserted in sorted(places, key=lambda p: p[0], reverse=True):
        changed = changed[:pos] + inserted + changed[pos:]
        if pos <= start:
            shift += len(inserted)

    found = anchor(changed, make_selector(text, start, end))
    assert found is not None and found.method in ("position", "quote")
    assert changed[found.start:found.end] == quote
    if changed.count(quote) == 1:
        assert found.start == start + shift


@settings(max_examples=60, deadline=None)
@given(quote=st.sampled_from(QUOTES_003), context_edit=st.sampled_from(["prefix", "suffix", "both"]))
def test_a_quote_whose_surroundings_were_edited_is_still_found(quote, context_edit):
    text = text_003()
    start, end = span_of(text, quote)
    changed = text
    if context_edit in ("suffix", "both"):
        changed = changed[:end] + " [sic]" + changed[end + 3:]
    if context_edit in ("prefix", "both"):
        changed = changed[:max(0, start - 3)] + "(edited) " + changed[start:]
    found = anchor(changed, make_selector(text, start, end))
    assert found is not None and changed[found.start:found.end] == quote


# --------------------------------------------------------------------- scale


def test_fifty_selectors_in_a_long_article_all_resolve():
    """No timing assert: just that a 30k-character article with many claims gets through."""
    base = "\n".join(seed_text(f"00{i}") for i in range(5))
    text = (base + "\n" + base.upper() + "\n" + base.lower())[:30_000]  # the copies differ in case
    picked = []
    for sentence in sentences(text, min_chars=40):
        picked.append(sentence)
        if len(picked) == 50:
            break
    assert len(picked) == 50
    selectors = [selector_for(text, s) for s in picked]
    # Edit every third chosen sentence, delete every seventh, and shift everything.
    changed = text
    for i, sentence in enumerate(picked):
        if i % 7 == 0:
            changed = changed.replace(sentence, "", 1)
        elif i % 3 == 0:
            words = sentence.split(" ")
            words[len(words) // 2] = "reportedly"
            changed = changed.replace(sentence, " ".join(words), 1)
    changed = NEW_PARAGRAPHS + changed

    results = [anchor(changed, selector) for selector in selectors]
    for i, (sentence, found) in enumerate(zip(picked, results)):
        if i % 7 == 0:
            assert found is None, sentence
        else:
            assert found is not None, sentence
            assert 0 <= found.start < found.end <= len(changed)
            assert found.method == ("fuzzy" if i % 3 == 0 else "quote")


# --------------------------------------------------------------------- best_sentence


def test_best_sentence_picks_the_largest_overlap():
    class Span:
        def __init__(self, start, end):
            self.start, self.end = start, end

    spans = [Span(0, 10), Span(10, 30), Span(30, 40)]
    assert best_sentence(spans, 8, 25) is spans[1]
    assert best_sentence(spans, 29, 40) is spans[2]
    assert best_sentence(spans, 50, 60) is None
