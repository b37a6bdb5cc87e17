"""Corroboration from the sentence index: the same counts as aligning every pair, with
only the index's candidates aligned; a damaged index falls back to every pair."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core import corroboration
from tui.core.align.sentences import features
from tui.core.analysis import Analyser, AnalysisCache
from tui.core.articles import Article, load_paths
from tui.core.claims import sentence_selector
from tui.core.corroboration import MatchCache, sources_for
from tui.core.records import Annotation
from tui.core.sentence_index import MIN_CANDIDATE_WEIGHT, SentenceIndex

from .conftest import DATA_DIR, SEEDS_DIR


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The seeds and the two ferry stories, analysed: (articles, analyses by uri)."""
    articles = load_paths([SEEDS_DIR, DATA_DIR / "styles"]).articles
    analyser = Analyser(cache=AnalysisCache(tmp_path_factory.mktemp("cache")))
    return articles, {a.uri: analyser.analyse(a.text, a.text_hash) for a in articles}


def every_sentence_as_a_claim(articles, analyses) -> list[Annotation]:
    claims = []
    for article in articles:
        analysis = analyses[article.uri]
        for sentence in analysis.sentences:
            claims.append(Annotation(f"{article.path.name}#{sentence.index}", article.uri,
                                     sentence_selector(article, analysis, sentence.index)))
    return claims


def test_index_counts_equal_aligning_every_pair_for_every_seed_sentence(library, tmp_path):
    articles, analyses = library
    claims = every_sentence_as_a_claim(articles, analyses)
    cache = MatchCache(tmp_path / "alignments")
    by_pairs = corroboration._sources_by_pairs(
        [(c, next(a for a in articles if a.uri == c.uri), analyses[c.uri]) for c in claims],
        articles, analyses, cache)
    index = SentenceIndex(analyses[articles[0].uri].model, tmp_path / "index")
    by_index = sources_for(claims, articles, analyses, MatchCache(tmp_path / "fresh"), index)
    assert by_index == by_pairs
    assert sum(by_index.values()) > 50, "the seeds corroborate each other"


def test_only_candidates_are_aligned(library, tmp_path, monkeypatch):
    articles, analyses = library
    claims = every_sentence_as_a_claim(articles, analyses)
    aligned = []
    real = MatchCache.matched

    def counting(self, a, a_analysis, b, b_analysis):
        aligned.append((a.text_hash, b.text_hash))
        return real(self, a, a_analysis, b, b_analysis)

    monkeypatch.setattr(MatchCache, "matched", counting)
    index = SentenceIndex(analyses[articles[0].uri].model, tmp_path / "index")
    sources_for(claims, articles, analyses, MatchCache(tmp_path / "a"), index)
    with_index = len(aligned)
    aligned.clear()
    wanted = [(c, next(a for a in articles if a.uri == c.uri), analyses[c.uri]) for c in claims]
    corroboration._sources_by_pairs(wanted, articles, analyses, MatchCache(tmp_path / "b"))
    assert with_index < len(aligned) / 2


def test_candidates_share_rare_words_and_leave_out_the_claims_article(library, tmp_path):
    articles, analyses = library
    index = SentenceIndex(analyses[articles[0].uri].model, tmp_path / "index")
    assert index.add((a, analyses[a.uri]) for a in articles) == len(articles)
    assert index.add((a, analyses[a.uri]) for a in articles) == 0, "each article once"
    ferry = next(a for a in articles if a.path.name == "wire_ferry.txt")
    other = next(a for a in articles if a.path.name == "liveblog_ferry.txt")
    sentence = next(s for s in features(ferry.text, analyses[ferry.uri]) if "37" in s.text)
    found = index.candidates(sentence.tokens, exclude=ferry.text_hash)
    assert found and found[0].text_hash == other.text_hash
    assert all(c.weight >= MIN_CANDIDATE_WEIGHT for c in found)
    assert ferry.text_hash not in {c.text_hash for c in found}
    # The index persists: a new handle finds the same without indexing again.
    again = SentenceIndex(analyses[articles[0].uri].model, tmp_path / "index")
    assert again.known() == {a.text_hash for a in articles}
    assert again.candidates(sentence.tokens, exclude=ferry.text_hash) == found


def test_a_damaged_index_starts_again_with_the_same_counts(library, tmp_path, monkeypatch):
    articles, analyses = library
    claims = every_sentence_as_a_claim(articles[:2], analyses)
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
    index = SentenceIndex(analyses[articles[0].uri].model)
    index.close()
    for leftover in index.path.parent.iterdir():
        leftover.unlink()
    index.path.write_bytes(b"not a database at all" * 100)
    wanted = [(c, next(a for a in articles if a.uri == c.uri), analyses[c.uri]) for c in claims]
    expected = corroboration._sources_by_pairs(wanted, articles, analyses, MatchCache(tmp_path / "x"))
    assert sources_for(claims, articles, analyses, MatchCache(tmp_path / "y")) == expected
    assert len(SentenceIndex(analyses[articles[0].uri].model).known()) == len(articles)


def test_an_index_that_cannot_be_opened_falls_back_to_every_pair(library, tmp_path,
                                                                 monkeypatch):
    articles, analyses = library
    claims = every_sentence_as_a_claim(articles[:2], analyses)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(blocker))
    wanted = [(c, next(a for a in articles if a.uri == c.uri), analyses[c.uri]) for c in claims]
    expected = corroboration._sources_by_pairs(wanted, articles, analyses, MatchCache(tmp_path / "x"))
    cache = MatchCache(tmp_path / "y")
    assert sources_for(claims, articles, analyses, cache) == expected
    assert cache.sentence_index(analyses[articles[0].uri].model) is None


def test_a_repeated_count_is_answered_from_memory(library, tmp_path, monkeypatch):
    articles, analyses = library
    claims = every_sentence_as_a_claim(articles[:1], analyses)
    index = SentenceIndex(analyses[articles[0].uri].model, tmp_path / "index")
    cache = MatchCache(tmp_path / "m")
    first = sources_for(claims, articles, analyses, cache, index)
    monkeypatch.setattr(SentenceIndex, "_look_up", lambda *a: pytest.fail("looked up again"))
    assert sources_for(claims, articles, analyses, cache, index) == first


def test_articles_with_the_same_text_count_once_each(library, tmp_path):
    articles, analyses = library
    story = next(a for a in articles if a.path.name.startswith("002"))
    twin = next(a for a in articles if a.path.name.startswith("003"))
    copy = Article("file:///copy-of-003.txt", twin.text, twin.title, path=Path("/copy.txt"))
    library_ = articles + [copy]
    with_copy = {**analyses, copy.uri: analyses[twin.uri]}
    claims = every_sentence_as_a_claim([story], analyses)
    index = SentenceIndex(analyses[story.uri].model, tmp_path / "index")
    counted = sources_for(claims, library_, with_copy, MatchCache(tmp_path / "m"), index)
    wanted = [(c, story, analyses[story.uri]) for c in claims]
    assert counted == corroboration._sources_by_pairs(wanted, library_, with_copy,
                                                      MatchCache(tmp_path / "n"))
