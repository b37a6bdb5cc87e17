"""Sentence alignment, word diff and figure conflicts (tui/core/align/).

Quality against the hand-made golds is measured in test_align_quality.py.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.align import (
    Alignment,
    FigureConflict,
    Pair,
    align,
    alignment_json,
    similarity,
    word_diff,
)
from tui.core.analysis import Analysis, Entity, Sentence, analyse_text
from tui.core.articles import Article, load_paths, text_hash
from tui.core.figures import missed_numbers, parse_value

DATA = Path(__file__).resolve().parents[1] / "data"

# --------------------------------------------------------------------------- helpers


def analysed(pipeline, text: str) -> tuple[str, Analysis]:
    nlp, choice = pipeline
    return text, analyse_text(nlp, choice.model_id, text, text_hash(text), roles=True)


def plain_analysis(text: str) -> Analysis:
    """One sentence per non-empty line, figures by shape only: no model needed."""
    sentences, entities = [], []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            start = offset + len(line) - len(line.lstrip())
            end = offset + len(line.rstrip())
            sentences.append(Sentence(len(sentences), start, end))
            for s, e, label in missed_numbers(line):
                entities.append(Entity(offset + s, offset + e, label, "figure",
                                       parse_value(line[s:e], label)))
        offset += len(line) + 1
    return Analysis(text_hash(text), "plain", sentences, entities)


def check_invariants(result: Alignment, a: Analysis, b: Analysis) -> None:
    n_a, n_b = len(a.sentences), len(b.sentences)
    # Boilerplate sentences are in no pair and no only-list, but listed apart.
    assert result.boilerplate_a == sorted(a.boilerplate_sentences)
    assert result.boilerplate_b == sorted(b.boilerplate_sentences)
    seen_a = [i for p in result.pairs for i in p.a] + list(result.only_a) + result.boilerplate_a
    seen_b = [j for p in result.pairs for j in p.b] + list(result.only_b) + result.boilerplate_b
    assert sorted(seen_a) == list(range(n_a))
    assert sorted(seen_b) == list(range(n_b))
    for pair in result.pairs:
        assert pair.a and pair.b
        assert 0.0 <= pair.score <= 1.0
        # one sentence on one side, up to three on the other (an outlet that spread it out)
        assert min(len(pair.a), len(pair.b)) == 1 and max(len(pair.a), len(pair.b)) <= 3
        for group in (pair.a, pair.b):
            assert list(group) == sorted(group) and len(set(group)) == len(group)
    rows = result.rows()
    assert sorted([i for ra, _, _ in rows for i in ra] + result.boilerplate_a) == list(range(n_a))
    assert sorted([j for _, rb, _ in rows for j in rb] + result.boilerplate_b) == list(range(n_b))
    # rows follow A's order
    firsts = [min(ra) for ra, _, _ in rows if ra]
    assert firsts == sorted(firsts)
    for ra, rb, pair in rows:
        if pair is None:
            assert (len(ra), len(rb)) in ((1, 0), (0, 1))
        else:
            assert (ra, rb) == (pair.a, pair.b)


def links(pairs) -> set[tuple[int, int]]:
    return {(i, j) for a, b in pairs for i in a for j in b}


def seed_by_name(seed_analyses, name: str):
    return seed_analyses[name[:3]]


# --------------------------------------------------------------------------- behaviour


def test_identical_articles_align_one_to_one(seed_analyses):
    for key in ("002", "003"):
        s = seed_analyses[key]
        result = align(s.text, s.analysis, s.text, s.analysis)
        check_invariants(result, s.analysis, s.analysis)
        reporting = [i for i in range(len(s.analysis.sentences))
                     if i not in s.analysis.boilerplate_sentences]
        assert [(p.a, p.b) for p in result.pairs] == [((i,), (i,)) for i in reporting]
        assert all(p.score >= 0.99 for p in result.pairs)
        assert not result.only_a and not result.only_b and not result.figure_conflicts


def test_shuffled_sentences_still_align_fully(seed_analyses):
    s = seed_analyses["003"]
    lines = s.sentence_texts()
    order = list(range(len(lines)))
    random.Random(7).shuffle(order)
    b_text = "\n".join(lines[i] for i in order)
    a_text = "\n".join(lines)
    result = align(a_text, plain_analysis(a_text), b_text, plain_analysis(b_text))
    got = {p.a[0]: order[p.b[0]] for p in result.pairs}
    assert got == {i: i for i in range(len(lines))}
    assert not result.only_a and not result.only_b


def test_a_split_sentence_maps_one_to_two(pipeline):
    a_text, a = analysed(pipeline, (
        "Ukraine captured two North Korean soldiers in the Kursk region on January 9.\n"
        "Zelensky said there may be other options for North Korean soldiers who do not wish "
        "to return, and those who spread the truth about this war in Korean will be given "
        "that opportunity.\n"
        "The Kremlin declined to comment on the offer.\n"
    ))
    b_text, b = analysed(pipeline, (
        "The Kremlin did not comment on the exchange offer on Monday.\n"
        "Two North Korean soldiers were captured in Kursk on January 9, Ukraine said.\n"
        "For those North Korean soldiers who do not wish to return, there may be other "
        "options available, Zelensky wrote. Those who spread the truth about this war in "
        "Korean will be given that opportunity, he added.\n"
    ))
    result = align(a_text, a, b_text, b)
    check_invariants(result, a, b)
    pairs = {p.a: p.b for p in result.pairs}
    assert pairs[(1,)] == (2, 3)
    assert pairs[(0,)] == (1,)
    assert pairs[(2,)] == (0,)


def test_two_sentences_of_a_map_to_one_of_b(pipeline):
    # the same split, seen from the other side
    b_text, b = analysed(pipeline, (
        "Zelensky said there may be other options for North Korean soldiers who do not wish "
        "to return, and those who spread the truth about this war in Korean will be given "
        "that opportunity.\n"
    ))
    a_text, a = analysed(pipeline, (
        "For those North Korean soldiers who do not wish to return, there may be other "
        "options available, Zelensky wrote. Those who spread the truth about this war in "
        "Korean will be given that opportunity, he added.\n"
    ))
    result = align(a_text, a, b_text, b)
    assert [(p.a, p.b) for p in result.pairs] == [((0, 1), (0,))]


UNRELATED_A = """\
Preheat the oven to 200 degrees and butter a deep baking dish.
Slice the potatoes thinly and layer them with cream, garlic and grated cheese.
Bake for 45 minutes until the top is golden and the potatoes are tender.
Leave the gratin to rest for ten minutes before serving with a green salad.
"""
UNRELATED_B = """\
The home side won 3-1 after a late goal from their captain in the second half.
The visitors had led at the break through a penalty awarded for handball.
The referee showed four yellow cards in a scrappy final twenty minutes.
The win lifts the club to fourth place in the league table.
"""


def test_unrelated_articles_have_no_pairs(pipeline, seed_analyses):
    a_text, a = analysed(pipeline, UNRELATED_A)
    b_text, b = analysed(pipeline, UNRELATED_B)
    result = align(a_text, a, b_text, b)
    check_invariants(result, a, b)
    assert result.pairs == []
    assert result.figure_conflicts == []
    s = seed_analyses["002"]
    result = align(a_text, a, s.text, s.analysis)
    assert result.pairs == []


def test_empty_articles(pipeline):
    empty = Analysis("x", "plain", [], [])
    text, one = analysed(pipeline, "Ukraine captured two North Korean soldiers.")
    cases = (("", empty, "", empty), (text, one, "", empty), ("", empty, text, one))
    for a_text, a, b_text, b in cases:
        result = align(a_text, a, b_text, b)
        check_invariants(result, a, b)
        assert result.pairs == []


# --------------------------------------------------------------------------- figures


def conflicts_between(pipeline, a_text: str, b_text: str) -> list[FigureConflict]:
    a_text, a = analysed(pipeline, a_text)
    b_text, b = analysed(pipeline, b_text)
    return align(a_text, a, b_text, b).figure_conflicts


def test_troop_counts_conflict(pipeline):
    found = conflicts_between(
        pipeline,
        "Kyiv's security services say 11,000 North Korean troops have been deployed to Kursk.\n",
        "The ISW estimated that about 12,000 North Korean troops had been deployed to Kursk.\n",
    )
    assert len(found) == 1
    c = found[0]
    assert (c.a, c.b, c.a_value, c.b_value) == ("11,000", "about 12,000", 11000, 12000)
    assert "troops" in c.about


def test_different_things_counted_do_not_conflict(pipeline):
    assert conflicts_between(
        pipeline,
        "Zelensky has estimated North Korean casualties at 4,000 in the Kursk region.\n",
        "Kyiv says 11,000 North Korean troops have been deployed to the Kursk region.\n",
    ) == []


def test_same_figures_do_not_conflict(pipeline):
    assert conflicts_between(
        pipeline,
        "Some 11,000 North Korean troops have been deployed in the Kursk region.\n",
        "Kyiv says 11,000 North Korean troops have been deployed to the Kursk region.\n",
    ) == []


def test_dates_of_different_events_do_not_conflict(pipeline):
    assert conflicts_between(
        pipeline,
        "The soldiers had been captured on January 9 in the Kursk region.\n",
        "The soldier says he was sent to the front on January 3 and was wounded in Kursk.\n",
    ) == []


def test_dates_of_the_same_event_conflict(pipeline):
    found = conflicts_between(
        pipeline,
        "The two soldiers were captured on January 9 in the Kursk region.\n",
        "The two soldiers were captured on January 7 in the Kursk region, officials said.\n",
    )
    assert [(c.a_value, c.b_value) for c in found] == [("--01-09", "--01-07")]


def test_money_and_percentages_conflict(pipeline):
    found = conflicts_between(
        pipeline,
        "The government approved $5 million in emergency aid for flood victims on Monday.\n"
        "Turnout was 61 percent of registered voters, the election commission said.\n",
        "The election commission put turnout at 58 percent of registered voters.\n"
        "On Monday the government approved $7 million in emergency aid for flood victims.\n",
    )
    assert sorted((c.a_value, c.b_value) for c in found) == [(61, 58), (5_000_000, 7_000_000)]


def test_a_range_answering_how_many_conflicts_with_a_ceiling(pipeline):
    # "how many women" says what the range counts; "run" and "involve" name no act
    found = conflicts_between(
        pipeline,
        "The class could involve as many as 1.5 million women who worked at the retailer.\n",
        "Estimates of how many women could be included in the lawsuit run from 500,000 "
        "to 1.6 million.\n",
    )
    assert [(c.a, c.b) for c in found] == [("as many as 1.5 million", "500,000 to 1.6 million")]


def test_two_ceilings_of_like_size_about_one_noun_count_the_same_thing_unaligned(pipeline):
    from tui.core.align.conflicts import same_thing
    from tui.core.align.sentences import features

    def ceiling(text: str):
        text, analysis = analysed(pipeline, text)
        return next(q for s in features(text, analysis) for q in s.quantities)

    nyt = ceiling("The lawsuit covers as many as 1.5 million women, lawyers for the plaintiffs say.\n")
    hpo = ceiling("The court seemed ready to block a massive case brought on behalf of up to "
                  "1.6 million women.\n")
    assert same_thing(nyt, hpo, paired=False)  # in sentences the aligner did not pair
    documents = ceiling("The court seemed ready to block a massive case brought on the basis of "
                        "up to 1.6 million documents.\n")
    assert not same_thing(nyt, documents, paired=False)  # like-sized, other noun: apart


def test_a_figure_stated_on_both_sides_is_accounted_for(pipeline):
    # 23 and 158 appear on both sides, about different nouns: no conflict between them
    assert conflicts_between(
        pipeline,
        "Rescue teams pulled 158 survivors from the water, and 23 of them went to hospital.\n",
        "Rescuers pulled 158 people out of the water alive. 23 survivors are in hospital.\n",
    ) == []


def test_seed_troop_counts_conflict_across_articles(seed_analyses):
    a, b = seed_analyses["002"], seed_analyses["003"]
    result = align(a.text, a.analysis, b.text, b.analysis)
    values = {(c.a_value, c.b_value) for c in result.figure_conflicts}
    assert (11000, 12000) in values
    # 10,000 troops North Korea "had begun preparing" in October are not the 11,000 deployed
    assert (11000, 10000) not in values
    # 4,000 casualties and "two" soldiers are about other things
    assert not any(4000 in (c.a_value, c.b_value) or 2 in (c.a_value, c.b_value)
                   for c in result.figure_conflicts)
    assert len(result.figure_conflicts) == 1
    # the 11,000 vs about 12,000 conflict sits in the pair of those sentences
    pair = next(p for p in result.pairs if 15 in p.a)
    assert 35 in pair.b
    assert [(c.a, c.b) for c in pair.conflicts] == [("11,000", "about 12,000")]


def test_no_false_conflicts_between_agreeing_seeds(seed_analyses):
    for x, y in (("000", "004"), ("001", "002"), ("000", "001")):
        a, b = seed_analyses[x], seed_analyses[y]
        assert align(a.text, a.analysis, b.text, b.analysis).figure_conflicts == []


def test_wire_copy_and_live_blog(pipeline):
    loaded = load_paths([DATA / "styles"])
    assert not loaded.problems
    arts = {a.path.name: a for a in loaded.articles}
    wire, blog = arts["wire_ferry.txt"], arts["liveblog_ferry.txt"]
    a_text, a = analysed(pipeline, wire.text)
    b_text, b = analysed(pipeline, blog.text)
    result = align(a_text, a, b_text, b)
    check_invariants(result, a, b)
    got = {(c.a_value, c.b_value) for c in result.figure_conflicts}
    # "at least 37" dead allows the later 41: a hedge, not a discrepancy
    assert got == {(212, 230)}
    # the quote, the inspection and the investigation line up despite timestamps and reordering
    texts_a = [a_text[s.start:s.end] for s in a.sentences]
    texts_b = [b_text[s.start:s.end] for s in b.sentences]
    joined = {" / ".join(texts_a[i] for i in p.a): " / ".join(texts_b[j] for j in p.b)
              for p in result.pairs}
    quote = next(k for k in joined if k.startswith('"The weather changed'))
    assert "17:45" in joined[quote]
    inquiry = next(k for k in joined if k.startswith("Prosecutors"))
    assert "criminal investigation" in joined[inquiry]
    assert len(result.pairs) >= 7
    print(f"\nwire vs live blog: {len(result.pairs)} pairs, only wire {len(result.only_a)}, "
          f"only blog {len(result.only_b)}, conflicts {sorted(got)}")


# --------------------------------------------------------------------------- word diff


def test_word_diff_marks_shared_and_different_words():
    a = "Some 11,000 North Korean troops have been deployed."
    b = "About 12,000 north korean troops had been deployed!"
    left, right = word_diff(a, b)
    assert [(a[s:e], shared) for s, e, shared in left] == [
        ("Some", False), ("11,000", False), ("North", True), ("Korean", True),
        ("troops", True), ("have", False), ("been", True), ("deployed", True),
    ]
    assert [(b[s:e], shared) for s, e, shared in right][:2] == [("About", False), ("12,000", False)]
    assert all(shared for s, e, shared in right if b[s:e].lower() in {"north", "korean", "troops"})


def test_word_diff_ignores_case_and_punctuation():
    left, right = word_diff("Russia’s offer, “final”.", "russia's OFFER final")
    assert all(shared for _, _, shared in left)
    assert all(shared for _, _, shared in right)
    assert word_diff("", "anything") == ([], [(0, 8, False)])


@given(st.text(max_size=60), st.text(max_size=60))
def test_word_diff_spans_are_words_of_each_side(a, b):
    left, right = word_diff(a, b)
    for spans, text in ((left, a), (right, b)):
        last = 0
        for s, e, _ in spans:
            assert last <= s < e <= len(text)
            last = e


# --------------------------------------------------------------------------- JSON and rows


def test_alignment_json_shape_and_invariant(seed_analyses):
    a, b = seed_analyses["002"], seed_analyses["003"]
    result = align(a.text, a.analysis, b.text, b.analysis)
    data = alignment_json(a.article, a.analysis, b.article, b.analysis, result)
    data = json.loads(json.dumps(data))
    assert set(data) == {"a", "b", "pairs", "only_a", "only_b", "figure_conflicts",
                         "boilerplate_a", "boilerplate_b"}
    for side, s in (("a", a), ("b", b)):
        assert set(data[side]) == {"uri", "title", "sentences"}
        assert data[side]["uri"] == s.article.uri
        assert data[side]["title"] == s.article.title
        for sentence in data[side]["sentences"]:
            assert set(sentence) == {"index", "start", "end", "text"}
            assert s.text[sentence["start"]:sentence["end"]] == sentence["text"]
    conflict_keys = {"a", "b", "a_value", "b_value", "about", "unit", "currency", "a_sentence",
                     "b_sentence", "a_start", "a_end", "b_start", "b_end"}
    row_conflicts = 0
    for pair in data["pairs"]:
        assert set(pair) == {"a", "b", "score", "conflicts"}
        assert 0 <= pair["score"] <= 1
        for conflict in pair["conflicts"]:
            assert set(conflict) == conflict_keys
            assert conflict["a_sentence"] in pair["a"] and conflict["b_sentence"] in pair["b"]
            assert conflict in data["figure_conflicts"]  # stated once, listed with the rest
            row_conflicts += 1
    for conflict in data["figure_conflicts"]:
        assert set(conflict) == conflict_keys
    n_a, n_b = len(data["a"]["sentences"]), len(data["b"]["sentences"])
    assert sorted([i for p in data["pairs"] for i in p["a"]] + data["only_a"]
                  + data["boilerplate_a"]) == list(range(n_a))
    assert sorted([j for p in data["pairs"] for j in p["b"]] + data["only_b"]
                  + data["boilerplate_b"]) == list(range(n_b))
    assert data["boilerplate_a"] == [] and len(data["boilerplate_b"]) == 2  # 003's last lines
    troop = next(c for c in data["figure_conflicts"] if c["b"] == "about 12,000")
    assert troop["a"] == "11,000" and troop["a_value"] == 11000 and troop["b_value"] == 12000
    assert troop["a_sentence"] == 15 and troop["b_sentence"] == 35
    assert a.text[troop["a_start"]:troop["a_end"]] == "11,000"
    assert "troops" in troop["about"]


def test_rows_place_b_only_sentences_near_their_neighbours():
    result = Alignment(
        pairs=[Pair((0,), (2,), 0.9), Pair((2,), (0,), 0.8)],
        only_a=[1, 3], only_b=[1, 3], figure_conflicts=[],
    )
    assert [(ra, rb) for ra, rb, _ in result.rows()] == [
        ((0,), (2,)), ((), (3,)), ((1,), ()), ((2,), (0,)), ((), (1,)), ((3,), ()),
    ]
    nothing = Alignment(pairs=[], only_a=[0, 1], only_b=[0, 1, 2, 3], figure_conflicts=[])
    rows = nothing.rows()
    assert sorted(j for _, rb, _ in rows for j in rb) == [0, 1, 2, 3]
    assert [ra for ra, _, _ in rows if ra] == [(0,), (1,)]


WORDS = ["soldiers", "troops", "Kursk", "captured", "offer", "exchange", "video", "Kim",
         "Zelensky", "prisoners", "front", "training", "wounded", "statement", "January",
         "the", "of", "and", "were", "said", "11,000", "12,000", "two", "Pyongyang", "drone"]
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(
    lambda ws: " ".join(ws) + ".")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(sentences, max_size=14),
    st.lists(sentences, max_size=6),
    st.randoms(use_true_random=False),
)
def test_every_sentence_appears_exactly_once(a_sentences, extra, rnd):
    # B: some of A's sentences, edited, reordered, plus its own
    b_sentences = [s for s in a_sentences if rnd.random() < 0.7]
    b_sentences = [" ".join(w for w in s.split() if rnd.random() < 0.85) or s for s in b_sentences]
    b_sentences += extra
    rnd.shuffle(b_sentences)
    a_text, b_text = "\n".join(a_sentences), "\n".join(b_sentences)
    a, b = plain_analysis(a_text), plain_analysis(b_text)
    result = align(a_text, a, b_text, b)
    check_invariants(result, a, b)
    for c in result.figure_conflicts:
        assert a_text[c.a_start:c.a_end] == c.a and b_text[c.b_start:c.b_end] == c.b
    data = alignment_json(Article("a", a_text, "A"), a, Article("b", b_text, "B"), b, result)
    json.dumps(data)


# --------------------------------------------------------------------------- similarity


def test_similarity_ranks_same_story_above_unrelated(pipeline, seed_analyses):
    a = seed_analyses["002"]
    text, unrelated = analysed(pipeline, UNRELATED_A + UNRELATED_B)
    same_story = [similarity(a.text, a.analysis, s.text, s.analysis)
                  for key, s in seed_analyses.items() if key != "002"]
    other = similarity(a.text, a.analysis, text, unrelated)
    assert all(0.0 <= x <= 1.0 for x in same_story + [other])
    assert min(same_story) > 2 * other
    assert similarity(a.text, a.analysis, a.text, a.analysis) == pytest.approx(1.0)


def test_stemming_is_safe_from_several_threads():
    """The claims screen aligns in a thread while another aligns elsewhere."""
    from concurrent.futures import ThreadPoolExecutor

    from tui.core.align import tokens

    words = [f"{root}{suffix}" for root in ("deploy", "verif", "captur", "negotiat", "announc")
             for suffix in ("ed", "ing", "ation", "ations", "ment", "s", "ies")]
    expected = {w: tokens._stemmer().stemWord(w) for w in words}

    def stem_all(_):
        return {w: tokens._stemmer().stemWord(w) for w in words * 40}

    with ThreadPoolExecutor(8) as pool:
        for result in pool.map(stem_all, range(16)):
            assert result == expected


# --------------------------------------------------------------------------- what a figure counts


def test_seats_held_are_not_seats_lost(pipeline):
    """The same noun counted, but a different act by a different party: no conflict."""
    assert conflicts_between(
        pipeline,
        "Republicans will hold 242 seats in the House after the election, officials said.\n",
        "Democrats lost 63 seats in the House in the election, officials said.\n",
    ) == []


def test_a_year_conflict_in_aligned_sentences_is_found_and_stated_once(pipeline):
    from tui.render import compare_rows

    a_text, a = analysed(pipeline, "The group has run the shelter in the old mill since 2002.\n")
    b_text, b = analysed(pipeline, "The group has run the shelter in the old mill since 2003.\n")
    result = align(a_text, a, b_text, b)
    assert [(c.a_value, c.b_value) for c in result.figure_conflicts] == [("2002", "2003")]
    assert result.pairs[0].conflicts == tuple(result.figure_conflicts)
    (row,) = compare_rows(a_text, a, b_text, b, result)
    assert row.conflicts == 1 and row.a_conflict and row.b_conflict
    assert row.note.plain.count("2002") == 1 and row.note.plain.count("2003") == 1


def test_unrelated_quotations_do_not_pair_for_being_quotations(pipeline):
    a_text, a = analysed(pipeline, (
        '"We will rebuild every school that the storm destroyed," the governor told reporters.\n'
        "Officials said 40 schools were damaged.\n"))
    b_text, b = analysed(pipeline, (
        '"Nobody expected the river to rise this fast," a farmer told reporters on Tuesday.\n'
        "Forty schools were damaged, officials said.\n"))
    result = align(a_text, a, b_text, b)
    assert not any(0 in p.a or 0 in p.b for p in result.pairs)


@pytest.mark.parametrize("pair", [("000", "001"), ("001", "003"), ("002", "003"), ("003", "004")])
def test_a_conflict_marks_only_the_side_that_holds_its_figure(seed_analyses, pair):
    """⚠ sits on a side only when that side's text in the row holds one of the figures,
    and the rows mark exactly the conflicts the header counts."""
    from tui.render import compare_rows

    a, b = seed_analyses[pair[0]], seed_analyses[pair[1]]
    result = align(a.text, a.analysis, b.text, b.analysis)
    rows = compare_rows(a.text, a.analysis, b.text, b.analysis, result)
    figures_a = {a.text[c.a_start:c.a_end] for c in result.figure_conflicts}
    figures_b = {b.text[c.b_start:c.b_end] for c in result.figure_conflicts}
    for row in rows:
        if row.a_conflict:
            assert any(f in row.a.plain for f in figures_a)
        if row.b_conflict:
            assert any(f in row.b.plain for f in figures_b)
        if row.a is not None and not any(f in row.a.plain for f in figures_a):
            assert not row.a_conflict
    marked = {(c.a_start, c.b_start) for c in result.figure_conflicts}
    assert len(marked) == len(result.figure_conflicts)  # each conflict once
    assert sum(r.conflicts for r in rows) >= len(result.figure_conflicts)


def test_the_same_words_quoted_pair_even_when_every_word_is_common(pipeline):
    """"Well, which is it?" has no content word to retrieve it by: the quotation does."""
    a_text, a = analysed(pipeline, (
        "The justice pressed the lawyer for the plaintiffs on the size of the class.\n"
        "“Well, which is it?”\n"
        "The lawyer said the company's policy was to blame.\n"
    ))
    b_text, b = analysed(pipeline, (
        "Lawmakers in the state capital debated a separate budget bill on Tuesday.\n"
        "The plaintiffs' lawyer was asked repeatedly about the company's policy.\n"
        '"Well, which is it?" Scalia asked.\n'
    ))
    result = align(a_text, a, b_text, b)
    check_invariants(result, a, b)
    assert {p.a: p.b for p in result.pairs}.get((1,)) == (2,)
