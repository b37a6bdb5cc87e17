"""Boilerplate detection (tui/core/boilerplate.py): plain Python, no model needed.

On the seeds, on articles made up here (varied wording, Markdown, hard
negatives: reporting that merely says "follow" or "share"), as properties
over generated articles, and on the real BASIL articles when they are here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core import boilerplate as boilerplate_module
from tui.core.articles import load_file
from tui.core.boilerplate import MAX_LINE_CHARS, boilerplate_spans, classify_lines

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"

REPORTING = (
    "The city council voted 5-2 on Monday to delay the bridge project, citing costs that "
    "have doubled since 2020.\n\n"
    "Officials will follow the plan laid out in March, the mayor said in a statement.\n\n"
    "Shares fell 3% in early trading after the announcement.\n"
)


def flagged_lines(text: str) -> list[str]:
    return [text[start:end] for start, end, _rule in classify_lines(text)]


def flagged_chars(text: str) -> set[int]:
    return {i for start, end in boilerplate_spans(text) for i in range(start, end)}


def seed_text(prefix: str) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return load_file(path).articles[0].text


# --------------------------------------------------------------------------- seeds


def test_seed_001_related_headlines_are_boilerplate_and_its_reporting_is_not():
    text = seed_text("001")
    lines = flagged_lines(text)
    assert lines[:3] == [
        "Read more from Sky News:",
        "Footage reveals shocking moment 80-year-old is shot in IDF raid",
        "Is Bezos chasing down Musk in billionaire space race?",
    ]
    trailing = text[text.index("Articles You May Like"):].strip().split("\n")
    assert lines[3:] == [line for line in trailing if line.strip()]
    assert len(lines) == 9
    # The list in the middle stops where the reporting starts again.
    assert not any("has not been able to verify" in line for line in lines)
    spans = boilerplate_spans(text)
    assert len(spans) == 2 and spans[-1][1] == len(text.rstrip())


def test_seed_003_author_follow_and_read_the_full_article_lines_are_boilerplate():
    text = seed_text("003")
    assert flagged_lines(text) == ["Follow Frances Martel on Facebook and Twitter.",
                                   "Read the full article here"]


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_seeds_without_boilerplate_have_none(prefix):
    assert boilerplate_spans(seed_text(prefix)) == []


# --------------------------------------------------------------------------- made-up articles

POSITIVE_LINES = [
    "Sign up for our morning briefing",
    "Like us on Facebook",
    "Follow us on Instagram and TikTok",
    "Follow @citydesk for live updates",
    "Related: Senate passes stopgap budget bill",
    "READ MORE: Governor vetoes the water bill",
    "See also | Five things to know about the levy",
    "Share this article",
    "Share on WhatsApp",
    "Share:",
    "Facebook Twitter Email",
    "Share Tweet Pin Email",
    "Tweet",
    "We use cookies to improve your experience on our site. By continuing you accept them.",
    "This website uses cookies. You can change your cookie settings at any time.",
    "Get our evening newsletter delivered to your inbox every weekday.",
    "Subscribe to our YouTube channel",
    "Click here to read the full story",
    "To get the app, tap here.",
    "Continue reading",
    "Read the rest of the interview on our website",
    "© 2024 Example Media Group. All rights reserved.",
    "Copyright 2023 The Example Herald",
    "This story originally appeared in The Example Times.",
    "A version of this article appears in print on May 3, 2012, on page A1.",
]


def placements(line: str) -> tuple[str, str, str]:
    """`line` opening, inside and closing an article."""
    return (f"{line}\n\n{REPORTING}", f"{REPORTING}\n{line}\n\n{REPORTING}",
            f"{REPORTING}\n{line}\n")


@pytest.mark.parametrize("line", POSITIVE_LINES)
def test_a_call_to_action_line_is_boilerplate_wherever_it_sits(line):
    for text in placements(line):
        assert flagged_lines(text) == [line], text


HARD_NEGATIVES = [
    "Officials will follow the plan laid out in March.",
    "Follow the money, investigators said.",
    "Follow-up talks on Facebook's data policy are set for Tuesday.",
    "Like many others on Twitter, she posted a photo of the queue.",
    "Shares fell 3% in early trading.",
    "Share prices rose after the announcement.",
    "Share this burden with us, the minister urged.",
    "Subscribers to the service rose to 2 million last year.",
    "Related charges were dropped in 2019.",
    "Critics urged voters to read more before the election.",
    "The press briefing was delivered to reporters, and we were told little.",
    "Websites must ask users before they accept cookies, regulators said.",
    "Copyright law protects the photos, the judge ruled.",
    "More from the interview appears below.",
    "She asked her followers to share the post if they agreed.",
    "Testimony from the Captured Soldiers",
]


@pytest.mark.parametrize("line", HARD_NEGATIVES)
def test_reporting_that_merely_mentions_a_cue_is_not_boilerplate(line):
    for text in placements(line):
        assert flagged_lines(text) == [], text


def test_a_more_stories_trailing_list_is_one_block_to_the_end():
    footer = ("More stories\n\n"
              "Budget talks stall again as deadline nears\n"
              "Governor signs water bill\n"
              "What the new levy means for renters\n"
              "Police name suspect in bank robbery.\n")
    text = REPORTING + "\n" + footer
    spans = boilerplate_spans(text)
    assert len(spans) == 1
    assert text[spans[0][0]:spans[0][1]] == footer.strip()


def test_a_markdown_related_list_with_links_is_read_through():
    footer = ("## Related stories\n\n"
              "- [Budget talks stall again](https://example.com/1)\n"
              "- [Governor signs **water** bill](https://example.com/2)\n")
    text = REPORTING + "\n" + footer + "\n" + REPORTING
    assert flagged_lines(text) == ["## Related stories",
                                   "- [Budget talks stall again](https://example.com/1)",
                                   "- [Governor signs **water** bill](https://example.com/2)"]


def test_markdown_emphasis_around_a_cue_is_read_through():
    text = "**Related:** [Budget talks stall](https://example.com/1)\n\n" + REPORTING
    assert flagged_lines(text) == ["**Related:** [Budget talks stall](https://example.com/1)"]


def _lines_executed(function, *args) -> int:
    """How many lines of tui/core/boilerplate.py run during `function(*args)`: a count
    of work that, unlike a clock, does not depend on how busy the machine is."""
    executed = 0
    module_file = boilerplate_module.__file__

    def trace(frame, event, _arg):
        nonlocal executed
        if frame.f_code.co_filename != module_file:
            return None
        if event == "line":
            executed += 1
        return trace

    sys.settrace(trace)
    try:
        function(*args)
    finally:
        sys.settrace(None)
    return executed


def test_many_cue_headings_cost_linear_time():
    """Each heading looks at what follows it to the end: counted once, not once per heading.
    Doubling the headings doubles the work (quadratic would quadruple it)."""
    block = "Related\nThe council voted 5-2 on Monday to delay the bridge.\n"
    small = _lines_executed(boilerplate_spans, block * 500)
    large = _lines_executed(boilerplate_spans, block * 1000)
    assert boilerplate_spans(block * 1000) == []
    assert large < 2.2 * small


def test_a_cue_heading_over_reporting_is_not_boilerplate():
    text = ("Related developments\n"
            "The council voted on Monday to delay the project, citing costs that have "
            "doubled since 2020 and a lawsuit filed by residents of the east bank.\n\n"
            + REPORTING)
    assert flagged_lines(text) == []


def test_a_headline_list_stops_at_the_first_sentence_of_reporting():
    text = ("Most read\nBudget talks stall again\nGovernor signs water bill\n"
            "The mayor said the bridge would open in June.\n" + REPORTING)
    assert flagged_lines(text) == ["Most read", "Budget talks stall again",
                                   "Governor signs water bill"]


def test_author_promo_lines_count_only_at_the_end():
    promo = ("Jane Doe is a senior reporter covering the courts. Follow her on X.\n"
             "Email: jane.doe@example.com\n")
    assert flagged_lines(REPORTING + "\n" + promo) == promo.strip().split("\n")
    # The same lines with reporting after them are part of the article.
    assert flagged_lines(promo + "\n" + REPORTING) == []


def test_a_quoted_tweet_at_the_end_is_reporting():
    text = REPORTING + '\nMs. Lee tweeted, "@RepSmith just refused to answer the question."\n'
    assert flagged_lines(text) == []


def test_a_long_line_is_never_boilerplate_and_is_not_read():
    line = "Share this article " + "word " * (MAX_LINE_CHARS // 5)
    assert boilerplate_spans(line + "\n" + REPORTING) == []


def test_spans_cover_whole_lines_without_surrounding_space():
    text = "  Like us on Facebook  \n\n\n  Share this article\n" + REPORTING
    spans = boilerplate_spans(text)
    assert spans == [(2, text.index("Share this article") + len("Share this article"))]


# --------------------------------------------------------------------------- properties

CUE_WORDS = ["Follow", "us", "on", "Twitter", "Share", "Related", "Read", "more", "Sign", "up",
             "newsletter", "cookies", "you", "©", "2024", "More", "stories", "Articles", "You",
             "May", "Like", "@handle", "is", "a", "reporter", ":", ".", "?", "\n", "\n\n", " ",
             "-", "[x](y)", "**", "#"]
KNOWN_TRAILERS = [
    "Follow us on Twitter",
    "Related Articles\nBudget talks stall again\nGovernor signs water bill",
    "Sign up for our newsletter",
    "We use cookies to give you the best experience on our website.",
    "Share this article\nFacebook Twitter Email",
    "© 2024 Example Media. All rights reserved.",
    "More stories\n\n- [Police name suspect](https://example.com/a)\n- [Rates rise again](https://example.com/b)",
]

any_text = st.lists(st.one_of(st.sampled_from(CUE_WORDS), st.text(max_size=12)), max_size=60).map(
    " ".join)
reporting_sentence = st.lists(
    st.sampled_from(["the", "council", "voted", "on", "Monday", "to", "delay", "bridge",
                     "project", "costs", "officials", "said", "shares", "fell", "follow",
                     "plan", "share", "3%", "in", "March", "residents"]),
    min_size=6, max_size=25).map(lambda words: " ".join(words).capitalize() + ".")
reporting_body = st.lists(reporting_sentence, min_size=1, max_size=8).map("\n\n".join)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_spans_are_sorted_disjoint_and_inside_the_text(text):
    spans = boilerplate_spans(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        last = end


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, reporting_body), st.sampled_from(KNOWN_TRAILERS))
def test_an_appended_trailer_is_detected_and_the_body_keeps_its_spans(body, trailer):
    text = body + "\n\n" + trailer
    begin = len(body) + 2
    flagged = flagged_chars(text)
    assert {i for i in range(begin, len(text)) if not text[i].isspace()} <= flagged
    for start, end in boilerplate_spans(body):
        assert set(range(start, end)) <= flagged  # what the body alone had, it still has


@settings(max_examples=200, deadline=None)
@given(reporting_body, st.sampled_from(KNOWN_TRAILERS))
def test_a_trailer_never_spreads_into_reporting_before_it(body, trailer):
    assert boilerplate_spans(body) == []
    assert not {i for i in flagged_chars(body + "\n\n" + trailer) if i < len(body)}


# --------------------------------------------------------------------------- real articles


def real_dir() -> Path:
    override = os.environ.get("NEWSDESK_REAL_DIR")
    return Path(override) if override else REPO.parent / "shared" / "real" / "basil"


def test_basil_articles_flag_only_trailing_lines():
    """BASIL's 120 articles are clean body text: the one boilerplate line is the New York
    Times' print-edition note that ends an article; nothing mid-article is flagged."""
    if not real_dir().is_dir():
        pytest.skip("../shared/real/basil is not here")
    paths = sorted(real_dir().glob("*/*/*.md"))
    assert len(paths) == 120
    flagged = []
    for path in paths:
        text = load_file(path).articles[0].text
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        for line in flagged_lines(text):
            flagged.append(line)
            assert line in lines[-2:], f"{path}: {line!r} is not at the end"
    assert len(flagged) == 1 and flagged[0].startswith("A version of this article appears in print")
