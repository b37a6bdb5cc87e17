"""Exports safe to embed and JSON that is JSON: links only to http(s)/file, `</script>` inert,
no NaN or Infinity anywhere, figure parsing that never raises."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.core import jsonout
from tui.core.amounts import find_amounts, parse_fraction
from tui.core.export import safe_url
from tui.core.figures import parse_value

HOSTILE_MD = """---
title: "Budget row </script><script>alert(1)</script>"
source: Example Times
date: 2025-01-13
url: "javascript:alert(1)"
---
The council approved a budget of $4.2 billion on Tuesday. Critics said it was </script> too much.
"""
FIGURE_LABELS = ("CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "DATE", "TIME")


def strict_loads(text: str):
    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_claimreview_and_w3c_never_link_a_javascript_url_and_escape_script(tmp_path, capsys):
    article = tmp_path / "budget.md"
    article.write_text(HOSTILE_MD, "utf-8")
    assert main(["tag", str(article), "--quote", "Critics said", "--status", "disputed"]) == 0
    capsys.readouterr()
    for fmt in ("claimreview", "w3c", "json"):
        assert main(["export", "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "javascript:" not in out, fmt
        assert "<" not in out and ">" not in out, f"{fmt}: a quote could end a <script> block"
        document = strict_loads(out)
        assert "</script>" in json.dumps(document, ensure_ascii=False), "the text is kept"
    assert main(["export", "--format", "claimreview"]) == 0
    (review,) = strict_loads(capsys.readouterr().out)
    assert review["url"].startswith(article.resolve().as_uri() + "#claim-")
    assert review["itemReviewed"]["appearance"]["url"] == article.resolve().as_uri()


def test_safe_url_takes_only_http_https_and_file():
    assert safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert safe_url("file:///tmp/a.txt") == "file:///tmp/a.txt"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:x", "data:text/html,<b>", "vbscript:x",
                "https://exa mple.com", "https://example.com/\x1b]0;x\x07", "", "example.com"):
        assert safe_url(bad) is None, bad


def test_show_json_is_strict_json_for_a_309_digit_number(tmp_path, capsys):
    article = tmp_path / "huge.txt"
    article.write_text(f"Huge numbers\n\nThe ledger listed {'9' * 309} items and $"
                       f"{'9' * 320} in damages.\n", "utf-8")
    assert main(["show", "--json", str(article)]) == 0
    out = capsys.readouterr().out
    assert "Infinity" not in out and "NaN" not in out
    payload = strict_loads(out)
    assert payload["entities"], "the figures are still listed"


@given(st.recursive(st.floats() | st.integers() | st.text() | st.none(),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20))
def test_jsonout_always_writes_strict_json(value):
    text = jsonout.dumps(value, embed=True)
    assert "<" not in text and ">" not in text and "&" not in text
    strict_loads(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.sampled_from(FIGURE_LABELS))
def test_figure_parsing_never_raises_and_values_are_finite(text, label):
    value = parse_value(text, label)
    assert value is None or math.isfinite(value)
    for amount in find_amounts(text):
        assert math.isfinite(amount.value)
        assert amount.high is None or math.isfinite(amount.high)
    fraction = parse_fraction(text)
    assert fraction is None or math.isfinite(fraction)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[$£€]?\d{1,400}(\.\d{1,5})?\s?(bn|m|k|million|billion|%| per cent)?",
                     fullmatch=True))
def test_figures_written_as_copy_writes_them_never_raise(text):
    test_figure_parsing_never_raises_and_values_are_finite.hypothesis.inner_test(text, "MONEY")
