"""Stories: articles grouped by the event they report (tui/core/stories.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tui.core import stories as stories_module
from tui.core.articles import load_paths
from tui.core.stories import group_stories, story_id
from tui.core.story_pairs import PairCache

REAL = Path(__file__).resolve().parents[3] / "shared" / "real" / "basil"
# Two events a day apart in June 2010 would be easy; these two share people and topic
# (Obama's gun measures in January 2013, the NRA's school plan in April 2013).
GUNS = "2013/obama-willing-to-use-executive-orders-on-guns"
NRA = "2013/nra-and-hutchinson-recommends-schools-to-have-armed-staff"
EMAILS = "2013/e-mails-show-jostling-over-benghazi-talking-points"
HEARING = "2013/republicans-challenge-clinton-claims-on-budget-cuts-benghazi"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real/basil is absent")


def _analyses(pipeline, articles):
    from tui.core.analysis import analyse_text

    nlp, choice = pipeline
    return {a.uri: analyse_text(nlp, choice.model_id, a.text, a.text_hash) for a in articles}


def _share(tmp_path):
    cache = PairCache(tmp_path / "pairs")
    return lambda a, a_an, b, b_an: cache.shared(a, a_an, b, b_an).fraction()


def test_the_five_seeds_are_one_story(seed_analyses, tmp_path):
    articles = [s.article for s in seed_analyses.values()]
    analyses = {s.article.uri: s.analysis for s in seed_analyses.values()}
    (story,) = group_stories(articles, analyses, _share(tmp_path))
    assert {a.uri for a in story.articles} == {a.uri for a in articles}
    assert story.id == story_id([a.uri for a in articles])
    assert story.title == story.central.title
    # most central: the highest total score to the other members
    totals = {a.uri: sum(s for pair, s in story.scores.items() if a.uri in pair)
              for a in articles}
    assert totals[story.central.uri] == max(totals.values())


def test_a_story_id_is_stable_while_its_first_member_stays():
    assert story_id(["file:///b", "file:///a"]) == story_id(["file:///a", "file:///c"])
    assert story_id(["file:///b"]) != story_id(["file:///a"])


def test_dated_articles_far_apart_are_different_stories(seed_analyses, tmp_path):
    """The same words a month apart are a new event (a follow-up), not the same story."""
    items = list(seed_analyses.values())
    early = [replace(s.article, date="2025-01-13") for s in items[:3]]
    gap = stories_module.MAX_DAY_GAP + 1
    late = [replace(s.article, date=f"2025-01-{13 + gap + n}") for n, s in enumerate(items[3:])]
    analyses = {s.article.uri: s.analysis for s in items}
    found = group_stories(early + late, analyses, _share(tmp_path))
    assert sorted(len(s.articles) for s in found) == [2, 3]


def test_an_article_without_analysis_is_a_story_of_its_own(seed_analyses, tmp_path):
    articles = [s.article for s in seed_analyses.values()]
    analyses = {s.article.uri: s.analysis for s in list(seed_analyses.values())[1:]}
    found = group_stories(articles, analyses, _share(tmp_path))
    assert [len(s.articles) for s in found] == [1, 4]  # in the order of their first article
    assert found[0].articles == [articles[0]]


@needs_real
def test_two_related_real_events_stay_apart_and_each_holds_together(pipeline, tmp_path):
    articles = load_paths([REAL / GUNS, REAL / NRA]).articles
    found = group_stories(articles, _analyses(pipeline, articles), _share(tmp_path))
    events = sorted(sorted({a.path.parent.name for a in s.articles}) for s in found)
    assert events == [[Path(NRA).name], [Path(GUNS).name]]


@needs_real
def test_a_pair_without_both_dates_needs_the_undated_threshold(pipeline, tmp_path):
    """Undated, only the words tell events apart, so they must say more (UNDATED_LINK):
    pairs a shared date lets link at LINK are dropped once the dates are gone."""
    from tui.core.stories import pair_scores

    loaded = load_paths([REAL / EMAILS, REAL / HEARING]).articles
    analyses = _analyses(pipeline, loaded)
    same_day = pair_scores([replace(a, date="2013-05-15") for a in loaded], analyses,
                           _share(tmp_path))
    undated = pair_scores([replace(a, date="") for a in loaded], analyses, _share(tmp_path))
    weak = {pair for pair, score in same_day.items() if score < stories_module.UNDATED_LINK}
    assert weak and min(same_day.values()) >= stories_module.LINK
    assert not weak & set(undated)
    assert min(undated.values()) >= stories_module.UNDATED_LINK


def test_pair_cache_answers_both_orders_from_one_alignment(seed_analyses, tmp_path, monkeypatch):
    from tui.core import align

    a, b = seed_analyses["000"], seed_analyses["002"]
    calls = []
    real = align.align
    monkeypatch.setattr(align, "align", lambda *args: calls.append(1) or real(*args))
    cache = PairCache(tmp_path / "pairs")
    ab = cache.shared(a.article, a.analysis, b.article, b.analysis)
    ba = PairCache(tmp_path / "pairs").shared(b.article, b.analysis, a.article, a.analysis)
    assert len(calls) == 1  # the second cache read the first one's file
    assert ab.a_matched == ba.b_matched and ab.b_matched == ba.a_matched
    assert ab.pairs and 0 < ab.fraction() <= 1


def test_copies_dated_elsewhere_do_not_crowd_out_an_articles_partners(seed_analyses, tmp_path):
    """Candidates are chosen among articles dated close enough: the same event retold every
    40 days (more retellings than an article has candidates) still groups each telling."""
    from datetime import date, timedelta

    items = list(seed_analyses.values())
    articles, analyses = [], {}
    for telling in range(stories_module.CANDIDATES_PER_ARTICLE + 2):
        day = (date(2025, 1, 13) + timedelta(days=40 * telling)).isoformat()
        for s in items:
            copy = replace(s.article, uri=f"{s.article.uri}#{telling}", date=day)
            articles.append(copy)
            analyses[copy.uri] = s.analysis
    found = group_stories(articles, analyses, _share(tmp_path))
    assert [len(s.articles) for s in found] == [len(items)] * (len(articles) // len(items))
    assert all(len({a.date for a in s.articles}) == 1 for s in found)
