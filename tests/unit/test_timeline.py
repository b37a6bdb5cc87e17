"""The timeline: dates resolved with their reasoning, events merged across outlets, conflicts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tui.core.articles import load_paths
from tui.core.timeline import (
    UNDATED_NOTICE,
    TimelineArticle,
    build_timeline,
    clip_what,
    timeline_json,
)
from tui.core.timeline_dates import resolve

BASIL = Path(__file__).resolve().parents[3] / "shared" / "real" / "basil"


@pytest.mark.parametrize(("said", "article_date", "iso", "how"), [
    ("Sunday", "2025-01-13", "2025-01-12", "Sunday before 2025-01-13 → 2025-01-12"),
    ("This Monday", "2025-01-13", "2025-01-13", "the article's own day"),
    ("January 9", "2025-01-13", "2025-01-09", "in the article's year (2025)"),
    ("Jan. 9, 2025", "", "2025-01-09", "as written"),
    ("January 9", "", "--01-09", "no year stated, article undated"),
    ("mid-December", "2025-01-13", "2024-12-10/2024-12-20", "the last one before 2025-01-13"),
    ("in October", "2025-01-13", "2024-10", "the last one before"),
    ("in November", "2010-06-14", "2010-11", "in the article's year"),
    ("last Friday", "2010-06-14", "2010-06-11", "2010-06-11"),
    ("three days ago", "2025-01-13", "2025-01-10", "counted back"),
    ("this weekend", "2025-01-13", "2025-01-11/2025-01-12", "the weekend of 2025-01-13"),
])
def test_a_date_is_resolved_with_its_reasoning(said, article_date, iso, how):
    resolved = resolve(said, None, article_date)
    assert resolved is not None
    assert resolved.iso == iso
    assert how in resolved.how and resolved.how.endswith(f"→ {iso}")


def test_a_weekday_in_a_sentence_about_the_future_is_the_one_after():
    resolved = resolve("Tuesday", None, "2025-01-13", "The talks will resume on Tuesday.")
    assert resolved is not None and resolved.iso == "2025-01-14"
    assert "after 2025-01-13" in resolved.how


def test_relative_dates_need_the_article_date_or_a_previous_event():
    assert resolve("Sunday", None, "") is None
    assert resolve("last week", None, "") is None
    assert resolve("two days later", None, "2025-01-13") is None  # nothing to count from
    before = resolve("January 3", "--01-03", "2025-01-13")
    later = resolve("two days later", None, "2025-01-13", "", before)
    assert later is not None and later.iso == "2025-01-05"
    assert "2 days after the previous event, 2025-01-03" in later.how


def test_durations_ages_and_spans_are_no_events():
    for said in ("three-year-old", "two decades", "1965 to 1970", "the autumn of", "a few days later"):
        assert resolve(said, None, "2025-01-13") is None, said


def test_what_is_the_clause_around_the_date_and_its_verb():
    sentence = ("However, South Korea’s National Intelligence Service supported Ukraine’s claim, "
                "confirming that the soldiers had been captured on January 9 in the Kursk region.")
    start = sentence.index("January 9")
    what = clip_what(sentence, start, start + len("January 9"), "capture")
    assert "the soldiers had been captured on January 9" in what
    assert "Kursk" in what and "However" not in what
    monday = "This Monday, the Kremlin declined to comment on Zelensky’s offer."
    assert clip_what(monday, 0, 11, "decline").startswith("This Monday, the Kremlin declined")


def _articles(seed_analyses, keys):
    return [TimelineArticle(s.article.uri, s.text, s.analysis, s.article.date, s.article.source)
            for key, s in sorted(seed_analyses.items()) if key in keys]


def test_seed_story_dates_the_capture_and_flags_the_other_dating(seed_analyses):
    timeline = build_timeline(_articles(seed_analyses, {"000", "001", "002", "003", "004"}))
    by_date = {e.date: e for e in timeline.events}
    capture = by_date["2025-01-09"]
    assert {m.uri.rsplit("/", 1)[-1][:3] for m in capture.mentions} == {"000", "002", "004"}
    assert "captured on January 9" in capture.what
    undated = next(m for m in capture.mentions if m.uri.endswith("000_472a2f9c74460034.txt"))
    assert undated.when.iso == "--01-09" and "article undated" in undated.when.how
    assert by_date["2025-01-12"].mentions[0].when.how == "Sunday before 2025-01-13 → 2025-01-12"
    firsts = [e.first for e in timeline.events if not e.date.startswith("--")]
    assert firsts == sorted(firsts)
    assert len(timeline.conflicts) == 1
    dates = {m.when.iso for m in timeline.conflicts[0].mentions}
    assert {"2025-01-05", "2025-01-09", "--01-09"} <= dates
    notices = dict(timeline.notices)
    assert all(n.startswith(UNDATED_NOTICE) for n in notices.values())
    assert len(notices) == 4  # every seed but 002 has no date of its own


def test_undated_article_keeps_its_relative_dates_unresolved(seed_analyses):
    timeline = build_timeline(_articles(seed_analyses, {"003"}))
    assert all(m.said.lower() != "sunday" for e in timeline.events for m in e.mentions)
    assert timeline.notices[0][1].startswith(UNDATED_NOTICE + " (")


def test_json_contract(seed_analyses):
    data = timeline_json(build_timeline(_articles(seed_analyses, {"000", "002", "004"})))
    assert set(data) == {"events", "conflicts"}
    for event in data["events"]:
        assert set(event) == {"date", "what", "sources"}
        for source in event["sources"]:
            assert set(source) == {"uri", "sentence", "said", "how"}
            assert source["said"] in source["sentence"]
    for conflict in data["conflicts"]:
        assert set(conflict) == {"what", "dates"}
        assert all(set(d) == {"date", "uri", "sentence", "said"} for d in conflict["dates"])
        assert len({d["uri"] for d in conflict["dates"]}) >= 2


@pytest.mark.skipif(not BASIL.is_dir(), reason="../shared/real is not here")
def test_real_story_two_outlets_date_the_photo_differently(pipeline):
    from tui.core.analysis import analyse_text

    nlp, choice = pipeline
    loaded = load_paths([BASIL / "2011" / "weiner-denies-sending-photo"]).articles
    articles = [TimelineArticle(a.uri, a.text, analyse_text(nlp, choice.model_id, a.text, a.text_hash,
                                                             roles=True), a.date, a.source)
                for a in loaded]
    timeline = build_timeline(articles)
    assert not timeline.notices
    days = [dt.date.fromisoformat(e.date[:10]) for e in timeline.events if len(e.date) >= 10]
    assert days == sorted(days)
    said = {(m.said, m.when.iso) for c in timeline.conflicts for m in c.mentions}
    assert ("late Friday", "2011-05-27") in said
