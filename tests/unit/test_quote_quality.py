"""Quote fidelity against the hand-made golds (tests/data/quote_gold/).

The floors are the measured numbers (`python benchmarks/quote_quality.py`) minus a
margin: they catch a change that makes matching or attribution clearly worse. Real
stories need ../shared/real/basil and are left out without it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

from quote_quality import GOLD_DIR, measure  # noqa: E402

# (matching precision, matching recall, speaker accuracy) floors per split
FLOORS = {"tune": (0.9, 0.8, 0.9), "heldout": (0.75, 0.8, 0.6)}
MAX_PHRASE_WORDS = 14  # a gold names a quotation by a short phrase, never a paragraph


@pytest.fixture(scope="module", autouse=True)
def gold_cache(tmp_path_factory):
    import os

    os.environ.setdefault("NEWSDESK_CACHE_DIR", str(tmp_path_factory.mktemp("quote-gold")))


def test_golds_are_short_phrases():
    for path in sorted(GOLD_DIR.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        assert data["split"] in FLOORS, path.name
        for entry in data["quotes"]:
            for value in entry["versions"].values():
                for phrase in [value] if isinstance(value, str) else value:
                    assert len(phrase.split()) <= MAX_PHRASE_WORDS, phrase


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_quote_quality_floors(split):
    score = measure(split)
    if not score.versions:
        pytest.skip("no gold measurable here (real corpus absent)")
    precision, recall, speakers = FLOORS[split]
    assert score.correct / score.predicted >= precision, score.line()
    assert score.found_pairs / score.gold_pairs >= recall, score.line()
    assert score.speakers_right / score.versions >= speakers, score.line()
