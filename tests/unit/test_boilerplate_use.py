"""What boilerplate changes downstream: analysis, alignment, corroboration, `show --json`.

Boilerplate is still split into sentences (sentence indices are those of the
whole text, so `tag --sentence N` and claims keep working) but holds no
entities or figures, is never aligned and so never corroborates a claim.
"""

from __future__ import annotations

import json

import pytest

from tui.core import analysis as analysis_module
from tui.core.align import align, alignment_json
from tui.core.analysis import Analysis, AnalysisCache, analyse_text
from tui.core.articles import Article, text_hash
from tui.core.boilerplate import boilerplate_spans
from tui.core.corroboration import MatchCache

from .test_cli import run, seed

BODY_A = (
    "The city council voted 5-2 on Monday to delay the Elm Street bridge, citing costs of "
    "$40 million.\n\n"
    "Mayor Ana Ruiz said the project would be put out to tender again in March.\n\n"
    "Residents of the east bank have sued the city over the delay.\n"
)
BODY_B = (
    "Councillors in Springfield voted on Monday to put off the Elm Street bridge, whose cost "
    "has reached $40 million.\n\n"
    "Ana Ruiz, the mayor, said a new tender would follow in March.\n\n"
    "A group of east bank residents is suing over the delay.\n"
)
# The same footer under both articles: word for word, so without the boilerplate rules the
# aligner would pair its lines first (identical sentences pair before anything else).
FOOTER = ("\nFollow us on Twitter and Facebook.\n\n"
          "Related Articles\n\n"
          "Police name suspect in Springfield bank robbery\n"
          "School board approves $12 million budget for 2025\n")


def analysed(pipeline, text: str) -> Analysis:
    nlp, choice = pipeline
    return analyse_text(nlp, choice.model_id, text, text_hash(text), roles=True)


def indices_in(analysis: Analysis, text: str, needle: str) -> list[int]:
    return [s.index for s in analysis.sentences if needle in text[s.start:s.end]]


def test_boilerplate_keeps_its_sentences_but_holds_no_entities_or_figures(pipeline):
    text = BODY_A + FOOTER
    analysis = analysed(pipeline, text)
    assert analysis.boilerplate == boilerplate_spans(text)
    footer_start = len(BODY_A)
    footer_sentences = [s for s in analysis.sentences if s.start >= footer_start]
    assert len(footer_sentences) == 4  # one per line: still there, still numbered
    assert analysis.boilerplate_sentences == {s.index for s in footer_sentences}
    assert not [e for e in analysis.entities if e.start >= footer_start]
    # The same headlines under a heading that is no cue are reporting, and analysed as such.
    plain = (FOOTER.replace("Related Articles", "Two other votes")
             .replace("Follow us on Twitter and Facebook.", "The council voted twice more."))
    assert boilerplate_spans(plain) == []
    assert any(e.label == "MONEY" for e in analysed(pipeline, plain).entities)
    # Sentence indices do not depend on boilerplate: the body's are those of the body alone.
    alone = analysed(pipeline, BODY_A)
    assert [(s.start, s.end) for s in alone.sentences] == \
        [(s.start, s.end) for s in analysis.sentences[:len(alone.sentences)]]


def test_boilerplate_spans_survive_the_cache_and_the_worker_round_trip(pipeline, tmp_path):
    text = BODY_A + FOOTER
    analysis = analysed(pipeline, text)
    again = Analysis.from_dict(json.loads(json.dumps(analysis.to_dict())))
    assert again.boilerplate == analysis.boilerplate
    assert again.boilerplate_sentences == analysis.boilerplate_sentences
    cache = AnalysisCache(tmp_path)
    cache.put(analysis)
    assert cache.get(analysis.text_hash, analysis.model).boilerplate == analysis.boilerplate
    assert analysis_module.ANALYSER_VERSION >= 7  # analyses cached before boilerplate are stale


def test_boilerplate_is_never_paired_nor_one_sided(pipeline):
    a_text, b_text = BODY_A + FOOTER, BODY_B + FOOTER
    a, b = analysed(pipeline, a_text), analysed(pipeline, b_text)
    result = align(a_text, a, b_text, b)
    skip_a, skip_b = a.boilerplate_sentences, b.boilerplate_sentences
    assert len(skip_a) == len(skip_b) == 4
    for pair in result.pairs:
        assert not set(pair.a) & skip_a and not set(pair.b) & skip_b
    assert not set(result.only_a) & skip_a and not set(result.only_b) & skip_b
    assert result.boilerplate_a == sorted(skip_a) and result.boilerplate_b == sorted(skip_b)
    assert not [row for row in result.rows() if set(row[0]) & skip_a or set(row[1]) & skip_b]
    # The reporting still aligns: the bridge vote pairs with the bridge vote.
    vote_a = indices_in(a, a_text, "voted 5-2")[0]
    vote_b = indices_in(b, b_text, "voted on Monday")[0]
    assert any(vote_a in p.a and vote_b in p.b for p in result.pairs)
    # compare --json still names every sentence once: in a pair, an only-list or boilerplate.
    data = alignment_json(Article("a", a_text, "A"), a, Article("b", b_text, "B"), b, result)
    for side, only, skipped in (("a", "only_a", "boilerplate_a"), ("b", "only_b", "boilerplate_b")):
        indices = [i for p in data["pairs"] for i in p[side]] + data[only] + data[skipped]
        assert sorted(indices) == list(range(len(data[side]["sentences"])))


def test_boilerplate_never_corroborates_a_claim(pipeline, tmp_path):
    a_text, b_text = BODY_A + FOOTER, BODY_B + FOOTER
    a, b = analysed(pipeline, a_text), analysed(pipeline, b_text)
    first, second = Article("file:///a.txt", a_text, "A"), Article("file:///b.txt", b_text, "B")
    matched = MatchCache(tmp_path).matched(first, a, second, b)
    assert matched and not matched & a.boilerplate_sentences
    assert indices_in(a, a_text, "voted 5-2")[0] in matched


@pytest.mark.usefixtures("shared_pipeline")
def test_show_json_lists_boilerplate_spans_and_keeps_its_other_fields(capsys):
    code, out, err = run(["show", seed("001"), "--json"], capsys)
    assert code == 0 and not err
    data = json.loads(out)
    assert list(data) == ["uri", "title", "source", "date", "text", "model", "sentences",
                          "boilerplate", "entities"]
    text = data["text"]
    spans = data["boilerplate"]
    assert spans and all(set(span) == {"start", "end"} for span in spans)
    assert [(s["start"], s["end"]) for s in spans] == boilerplate_spans(text)
    assert text[spans[-1]["start"]:].startswith("Articles You May Like")
    assert all(set(s) == {"index", "start", "end", "text"} for s in data["sentences"])
    inside = [e for e in data["entities"]
              if any(s["start"] <= e["start"] < s["end"] for s in spans)]
    assert inside == []
    # The boilerplate's sentences are still numbered, so a claim can name them.
    assert any(s["text"] == "Articles You May Like" for s in data["sentences"])
