"""`newsdesk compare` and claim corroboration through the command line."""

from __future__ import annotations

import json
import re

import pytest

from .test_cli_claims import one_error_line, run, seed

pytestmark = pytest.mark.usefixtures("shared_pipeline")


def test_compare_json_keeps_every_sentence_once_and_flags_troop_counts(capsys):
    code, out, err = run(["compare", seed("002"), seed("003"), "--json"], capsys)
    assert code == 0 and not err
    data = json.loads(out)
    assert set(data) >= {"a", "b", "pairs", "only_a", "only_b"}
    for side, only in (("a", "only_a"), ("b", "only_b")):
        indices = ([i for pair in data["pairs"] for i in pair[side]] + data[only]
                   + data[f"boilerplate_{side}"])
        assert sorted(indices) == list(range(len(data[side]["sentences"])))
    assert all(0 <= pair["score"] <= 1 for pair in data["pairs"])
    conflicts = [c for pair in data["pairs"] for c in pair["conflicts"]]
    assert {"a": "11,000", "b": "about 12,000", "a_value": 11000, "b_value": 12000}.items() \
        <= next(c for c in conflicts if c["a"] == "11,000").items()


def test_compare_renders_side_by_side_without_escape_codes(capsys):
    code, out, err = run(["compare", seed("002"), seed("003")], capsys)
    assert code == 0
    assert "11,000" in out and "12,000" in out and "shared" in out
    assert not re.search("[\x1b\x07\x9b]", out)


def test_compare_missing_file_is_one_line(capsys, tmp_path):
    code, out, err = run(["compare", seed("002"), tmp_path / "missing.txt"], capsys)
    assert code == 1 and not out
    assert "missing.txt: no such file" in one_error_line(err)


def test_claims_json_counts_corroborating_sources(capsys):
    # The sentence on the troop deployment appears, in other words, in other seeds too.
    code, out, _ = run(["tag", seed("002"), "--quote", "11,000 North Korean troops",
                        "--status", "disputed"], capsys)
    assert code == 0
    code, out, _ = run(["tag", seed("000"), "--sentence", "4", "--status", "verified"], capsys)
    assert code == 0
    code, out, err = run(["claims", "--json"], capsys)
    assert code == 0
    claims = {c["quote"][:40]: c for c in json.loads(out)}
    troops = next(c for q, c in claims.items() if q.startswith("Zelensky has estimated"))
    heading = next(c for q, c in claims.items() if q.startswith("Confirmation of Nationality"))
    assert troops["sources"] >= 1
    assert heading["sources"] == 0  # a heading only one outlet uses


def test_show_json_values_money_as_copy_writes_it(capsys, tmp_path):
    article = tmp_path / "business.txt"
    article.write_text("Profits rose to £450m last year.\nThe rival raised $12bn in March.\n"
                       "The deal is worth $4.2 billion, the company said.\n", "utf-8")
    code, out, err = run(["show", str(article), "--json"], capsys)
    assert code == 0 and not err
    figures = {e["text"]: e for e in json.loads(out)["entities"] if e["kind"] == "figure"}
    assert (figures["£450m"]["value"], figures["£450m"]["currency"]) == (4.5e8, "GBP")
    assert (figures["$12bn"]["value"], figures["$12bn"]["currency"]) == (1.2e10, "USD")
    assert (figures["$4.2 billion"]["value"], figures["$4.2 billion"]["currency"]) == (4.2e9, "USD")


def test_compare_json_conflicts_say_what_they_count_and_where(capsys, tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("The council approved $5 million in emergency aid for flood victims on Monday.\n"
                 "The mayor praised the volunteers who filled sandbags overnight.\n", "utf-8")
    b.write_text("Residents are still clearing mud from their homes.\n"
                 "On Monday the council approved $7 million in emergency aid for flood victims.\n",
                 "utf-8")
    code, out, err = run(["compare", str(a), str(b), "--json"], capsys)
    assert code == 0 and not err
    data = json.loads(out)
    (conflict,) = data["figure_conflicts"]
    assert (conflict["a_value"], conflict["b_value"], conflict["currency"]) == (5e6, 7e6, "USD")
    assert (conflict["a_sentence"], conflict["b_sentence"]) == (0, 1)
    assert conflict["about"] and conflict["unit"] == "USD"
    pair = next(p for p in data["pairs"] if 0 in p["a"])
    assert pair["b"] == [1] and pair["conflicts"] == [conflict]  # stated once, in its row
