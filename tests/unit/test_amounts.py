"""Money, percentages, ranges and fractions valued as copy writes them (tui/core/amounts.py),
and the spans the analysis gives them with the real model."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.amounts import (
    find_amounts,
    hedge_of,
    interval,
    intervals_disagree,
    parse_fraction,
)
from tui.core.analysis import analyse_text


@pytest.mark.parametrize(
    ("text", "surface", "label", "value", "high", "currency"),
    [
        ("Profits rose to £450m in the year.", "£450m", "MONEY", 450_000_000, None, "GBP"),
        ("The company raised $12bn from investors.", "$12bn", "MONEY", 12_000_000_000, None, "USD"),
        ("The deal is worth $4.2 billion.", "$4.2 billion", "MONEY", 4_200_000_000, None, "USD"),
        ("He paid £75m for the club.", "£75m", "MONEY", 75_000_000, None, "GBP"),
        ("It costs US$300,000 a year.", "US$300,000", "MONEY", 300_000, None, "USD"),
        ("Revenue was 2.7bn euros.", "2.7bn euros", "MONEY", 2_700_000_000, None, "EUR"),
        ("Sales reached €2.7bn.", "€2.7bn", "MONEY", 2_700_000_000, None, "EUR"),
        ("It raised C$5m.", "C$5m", "MONEY", 5_000_000, None, "CAD"),
        ("GBP 20m was lost.", "GBP 20m", "MONEY", 20_000_000, None, "GBP"),
        ("Turnover reached ¥1.2tn.", "¥1.2tn", "MONEY", 1_200_000_000_000, None, "JPY"),
        ("He took $50k.", "$50k", "MONEY", 50_000, None, "USD"),
        ("The fine was $3-4 million.", "$3-4 million", "MONEY", 3_000_000, 4_000_000, "USD"),
        ("It cost $2.5m-$3m.", "$2.5m-$3m", "MONEY", 2_500_000, 3_000_000, "USD"),
        ("They spent 10 to 12 million dollars.", "10 to 12 million dollars", "MONEY",
         10_000_000, 12_000_000, "USD"),
        ("Inflation hit 3.5 per cent.", "3.5 per cent", "PERCENT", 3.5, None, None),
        ("Profits rose 5pc.", "5pc", "PERCENT", 5, None, None),
        ("Shares rose 12 percent.", "12 percent", "PERCENT", 12, None, None),
    ],
)
def test_amounts_by_shape(text, surface, label, value, high, currency):
    found = [a for a in find_amounts(text) if text[a.start:a.end] == surface]
    assert len(found) == 1, find_amounts(text)
    amount = found[0]
    assert (amount.label, amount.value, amount.high, amount.currency) == (label, value, high, currency)


def test_plain_numbers_and_year_spans_are_not_amounts():
    assert find_amounts("11,000 troops in the 2010-11 season, 134-to-63") == []


def test_percentage_points_are_their_own_unit():
    (amount,) = find_amounts("Support rose 3 percentage points.")
    assert amount.unit == "percentage points"


@pytest.mark.parametrize(
    ("text", "share"),
    [("two-thirds", 0.6667), ("a third", 0.3333), ("half", 0.5), ("three quarters", 0.75),
     ("About two-thirds", 0.6667), ("1/3", 0.3333),
     ("half a million", None), ("two and a half", None), ("third", None)],
)
def test_fractions(text, share):
    assert parse_fraction(text) == share


def test_show_values_as_copy_writes_them(pipeline):
    """The analysis (what `show --json` prints) spans and values money as written."""
    nlp, choice = pipeline
    text = ("Profits rose to £450m. The rival raised $12bn. The deal is worth $4.2 billion.\n"
            "Inflation hit 3.5 per cent while about two-thirds of firms paid $3-4 million.\n"
            "A third of the budget went to defence.")
    analysis = analyse_text(nlp, choice.model_id, text, "hash")
    got = {text[e.start:e.end]: e for e in analysis.entities if e.kind == "figure"}
    assert got["£450m"].value == 4.5e8 and got["£450m"].currency == "GBP"
    assert got["$12bn"].value == 1.2e10 and got["$12bn"].currency == "USD"
    assert got["$4.2 billion"].value == 4.2e9 and got["$4.2 billion"].currency == "USD"
    assert got["3.5 per cent"].label == "PERCENT"  # the model calls it money
    assert got["$3-4 million"].high == 4_000_000
    share = next(e for surface, e in got.items() if "two-thirds" in surface)
    assert share.unit == "fraction" and share.value == pytest.approx(2 / 3, abs=1e-3)
    assert got["A third"].unit == "fraction" and got["A third"].label == "CARDINAL"
    json.dumps(analysis.as_json(text))  # serialisable, currency in a field of its own
    assert analysis.as_json(text)["entities"][0]["currency"] == "GBP"


# --------------------------------------------------------------------------- hedges as ranges


def disagree(x: str, xv: float, y: str, yv: float, xh=None, yh=None) -> bool:
    return intervals_disagree(interval(xv, xh, hedge_of(x)), interval(yv, yh, hedge_of(y)))


@pytest.mark.parametrize(
    ("x", "xv", "y", "yv", "expected"),
    [
        ("at least", 37, "", 41, False),
        ("nearly", 60, "", 58, False),
        ("nearly", 60, "", 61, True),
        ("more than", 2e6, "", 2.5e6, False),
        ("about", 12000, "", 11000, True),
        ("about", 12000, "", 12300, False),
        ("", 11000, "", 12000, True),
        ("", 4.2e9, "", 4.18e9, False),  # rounding: $4.2 billion allows $4.18 billion
        ("", 716e9, "", 700e9, False),  # "$700 billion" is a round figure
        ("", 63, "", 60, True),  # small counts are exact
        ("", 750_000, "", 700_000, True),
    ],
)
def test_hedges_and_rounding(x, xv, y, yv, expected):
    assert disagree(x + " ", xv, y + " ", yv) is expected
    assert disagree(y + " ", yv, x + " ", xv) is expected  # symmetric


def test_a_stated_range_allows_its_inside():
    assert not disagree("", 5, "", 7, xh=12)
    assert disagree("", 5, "", 13, xh=12)


@given(st.integers(min_value=1, max_value=10**9))
def test_a_figure_never_disagrees_with_itself(n):
    for hedge in (None, "about", "nearly", "at_least", "at_most"):
        assert not intervals_disagree(interval(n, None, hedge), interval(n, None, hedge))
    assert not math.isnan(interval(n, None, "about").low)
