"""Figure values: the number a reader would circle, normalised."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.figures import (
    FIGURE_LABELS,
    is_approximate,
    missed_numbers,
    parse_date,
    parse_value,
)


@pytest.mark.parametrize(
    ("text", "label", "value"),
    [
        ("11,000", "CARDINAL", 11000),
        ("some 11,000", "CARDINAL", 11000),
        ("about 12,000", "CARDINAL", 12000),
        ("4,000", "CARDINAL", 4000),
        ("17", "CARDINAL", 17),
        ("two", "CARDINAL", 2),
        ("One", "CARDINAL", 1),
        ("twenty-five", "CARDINAL", 25),
        ("a dozen", "CARDINAL", 12),
        ("two hundred", "CARDINAL", 200),
        ("one hundred and five", "CARDINAL", 105),
        ("three thousand", "CARDINAL", 3000),
        ("a hundred", "CARDINAL", 100),
        ("half a million", "CARDINAL", 500_000),
        ("one and a half million", "CARDINAL", 1_500_000),
        ("1.5 million", "CARDINAL", 1_500_000),
        ("3.5", "CARDINAL", 3.5),
        ("0", "CARDINAL", 0),
        ("first", "ORDINAL", 1),
        ("second", "ORDINAL", 2),
        ("21st", "ORDINAL", 21),
        ("twenty-first", "ORDINAL", 21),
        ("$1.5 billion", "MONEY", 1.5e9),
        ("$5m", "MONEY", 5_000_000),
        ("£2bn", "MONEY", 2_000_000_000),
        ("50 percent", "PERCENT", 50),
        ("50 Percent", "PERCENT", 50),
        ("2.5%", "PERCENT", 2.5),
        ("2022", "DATE", 2022),
        ("the 1990s", "DATE", 1990),
        ("two days later", "DATE", 2),
        ("a couple of days later", "DATE", 2),
        ("three years", "DATE", 3),
        ("two hours", "TIME", 2),
        ("10 kilometres", "QUANTITY", 10),
    ],
)
def test_parse_value(text, label, value):
    got = parse_value(text, label)
    assert got == value
    # Whole numbers come back as int, so they print as "11,000", not "11000.0".
    if float(value).is_integer():
        assert isinstance(got, int), type(got)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("January 9", "DATE"),
        ("June 19, 2024", "DATE"),
        ("2025-01-13", "DATE"),
        ("Sunday", "DATE"),
        ("mid-December", "DATE"),
        ("the day before", "DATE"),
        ("10:30", "TIME"),  # a time of day is not a count
        ("10:30 a.m. Monday", "TIME"),
        ("thousands", "CARDINAL"),
        ("several hundred", "CARDINAL"),
        ("dozens", "CARDINAL"),
    ],
)
def test_figures_without_a_single_number(text, label):
    assert parse_value(text, label) is None


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("some 11,000", True),
        ("about 12,000", True),
        ("nearly 3,000", True),
        ("more than 200", True),
        ("up to 50", True),
        ("several hundred", True),
        ("thousands", True),
        ("~40", True),
        ("11,000", False),
        ("two", False),
        ("17", False),
        ("January 9", False),
    ],
)
def test_is_approximate(text, approx):
    assert is_approximate(text) is approx


@given(st.integers(min_value=0, max_value=10**9))
def test_any_integer_round_trips(n):
    assert parse_value(f"{n:,}", "CARDINAL") == n
    assert parse_value(str(n), "CARDINAL") == n


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["some", "about", "nearly", "around"]))
def test_hedged_integers_keep_their_value(n, hedge):
    text = f"{hedge} {n:,}"
    assert parse_value(text, "CARDINAL") == n
    assert is_approximate(text)


def _found(text):
    return [(text[s:e], label) for s, e, label in missed_numbers(text)]


def test_missed_numbers_by_shape():
    text = "Prices rose 12% to $3.2 million, 11,000 troops, on 2025-01-13 and January 9, 2025."
    assert _found(text) == [
        ("12%", "PERCENT"),
        ("$3.2 million", "MONEY"),
        ("11,000", "CARDINAL"),
        ("2025-01-13", "DATE"),
        ("January 9, 2025", "DATE"),
    ]


def test_missed_number_followed_by_a_comma_is_whole():
    # "11,000, according to officials" is 11,000, not 11.
    assert _found("some 11,000, according to officials") == [("11,000", "CARDINAL")]
    assert _found("at 4,000, Kyiv said") == [("4,000", "CARDINAL")]


def test_missed_money_scale_is_a_whole_word():
    # "$5 more" is five dollars, not five million.
    text = "He paid $5 more than before, then $7m and $3 k."
    found = _found(text)
    assert found == [("$5", "MONEY"), ("$7m", "MONEY"), ("$3 k", "MONEY")]
    assert [parse_value(t, label) for t, label in found] == [5, 7_000_000, 3000]


def test_missed_numbers_skip_numbers_inside_words():
    assert _found("COVID19 and F-16s and A4 paper") == []


def test_figure_labels():
    assert {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME", "ORDINAL"} == FIGURE_LABELS


@pytest.mark.parametrize(
    "text, expected",
    [
        ("June 19, 2024", "2024-06-19"),
        ("June 2024", "2024-06"),
        ("January 9", "--01-09"),
        ("9 January 2025", "2025-01-09"),
        ("Jan. 3", "--01-03"),
        ("2025-01-13", "2025-01-13"),
        ("2022", "2022"),
        ("since 2021", "2021"),
        ("Sunday", None),
        ("last autumn", None),
        ("two days later", None),
        ("mid-December", None),
    ],
)
def test_dates_normalise_to_iso(text, expected):
    assert parse_date(text) == expected


def test_seed_002_capture_dates_carry_iso_values(seed_analyses):
    item = seed_analyses["002"]
    dates = {item.text[e.start:e.end]: e.iso for e in item.analysis.entities if e.label == "DATE"}
    assert dates["January 9"] == "--01-09"
    assert dates["January 3"] == "--01-03"
