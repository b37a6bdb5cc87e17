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
    timeline_json,
)
from tui.core.timeline_dates import resolve
from tui.core.timeline_what import clip_what

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
    ("last week", "2010-06-15", "2010-06-07/2010-06-13", "the week before that of 2010-06-15"),
    ("this week", "2011-06-01", "2011-05-30/2011-06-01", "from the Monday of 2011-06-01"),
    ("Earlier this week", "2011-06-01", "2011-05-30/2011-05-31", "from the Monday"),
    ("earlier this month", "2010-05-28", "2010-05-01/2010-05-27", "before 2010-05-28"),
    ("later this month", "2011-12-13", "2011-12-14/2011-12-31", "after 2011-12-13"),
    ("March 31-April 4", "2011-04-07", "2011-03-31/2011-04-04", "in the article's year"),
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


def test_the_future_is_read_from_the_words_near_the_date_not_the_whole_sentence():
    near = resolve("the weekend", None, "2011-06-01", "The congressman over the weekend joked")
    assert near is not None and near.iso == "2011-05-28/2011-05-29"
    ahead = resolve("the weekend", None, "2011-06-01", "will rest over the weekend")
    assert ahead is not None and ahead.iso == "2011-06-04/2011-06-05"


def test_relative_dates_need_the_article_date_or_a_previous_event():
    assert resolve("Sunday", None, "") is None
    assert resolve("last week", None, "") is None
    assert resolve("two days later", None, "2025-01-13") is None  # nothing to count from
    before = resolve("January 3", "--01-03", "2025-01-13")
    later = resolve("two days later", None, "2025-01-13", "", before)
    assert later is not None and later.iso == "2025-01-05"
    assert "2 days after the previous event, 2025-01-03" in later.how


def test_durations_ages_and_spans_are_no_events():
    for said in ("three-year-old", "two decades", "1965 to 1970", "the autumn of", "a few days later",
                 "the 1970s"):
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


def _one(pipeline, text: str, date: str = "2011-04-07") -> TimelineArticle:
    from tui.core.analysis import analyse_text

    nlp, choice = pipeline
    return TimelineArticle("file:///x.txt", text, analyse_text(nlp, choice.model_id, text, "h" + text[:8],
                                                              roles=True), date, "X")


def test_shows_states_and_datelines_are_no_events(pipeline):
    text = ("date 2011-04-07\n\nTrump told NBC's “Today” show that he had doubts.\n\n"
            "He has served in the reserves since 2001.\n\nThe bill was signed on March 3, 2011.\n")
    timeline = build_timeline([_one(pipeline, text)])
    assert [(e.date, [m.said for m in e.mentions]) for e in timeline.events] == [
        ("2011-03-03", ["March 3, 2011"])]


def test_a_second_dating_is_a_conflict_only_for_a_specific_predicate(pipeline):
    a = _one(pipeline, "The soldiers were captured on January 9 near Kursk, officials said.\n",
             "2025-01-13")
    b = _one(pipeline, "The soldiers were captured on January 5 near Kursk.\n\n"
             "Officials said on Sunday that the soldiers were near Kursk.\n", "2025-01-13")
    b = TimelineArticle("file:///y.txt", b.text, b.analysis, b.date, "Y")
    timeline = build_timeline([a, b])
    (conflict,) = timeline.conflicts
    assert sorted(m.when.iso for m in conflict.mentions) == ["2025-01-05", "2025-01-09"]


def test_gold_files_are_well_formed():
    import json

    gold = Path(__file__).resolve().parents[1] / "data" / "timeline_gold"
    halves = set()
    for path in gold.glob("*.json"):
        story = json.loads(path.read_text(encoding="utf-8"))
        halves.add(story["half"])
        for file, said, date, near in story["events"]:
            assert file and said and near and len(near.split()) <= 6, (path.name, said)
            assert date[:2] == "--" or date[:4].isdigit(), (path.name, date)
        for members in story["conflicts"]:
            assert len({file for file, _ in members}) >= 2
    assert halves == {"tune", "held-out"}


def test_sentences_the_aligner_links_are_one_event(seed_analyses):
    articles = _articles(seed_analyses, {"001", "003"})

    def june(timeline):
        return [sorted(m.uri.rsplit("/", 1)[-1][:3] for m in e.mentions)
                for e in timeline.events if e.date == "2024-06"]

    assert june(build_timeline(articles, align_sentences=False)) == [["001"], ["003"]]
    assert june(build_timeline(articles)) == [["001", "003"]]


def test_two_appointments_of_different_people_are_no_conflict(pipeline):
    a = _one(pipeline, "Tim Scott was appointed to the Senate seat in December.\n", "2013-01-30")
    b = _one(pipeline, "The governor appointed Cowan to the Senate seat on Wednesday.\n", "2013-01-30")
    b = TimelineArticle("file:///y.txt", b.text, b.analysis, b.date, "Y")
    assert build_timeline([a, b], align_sentences=False).conflicts == []
