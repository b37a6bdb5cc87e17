"""The library benchmark runs end to end at a tiny size (no timing is asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "library_scale.py"


def load_benchmark():
    spec = importlib.util.spec_from_file_location("library_scale", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_is_varied_and_fixed(tmp_path):
    bench = load_benchmark()
    bench.make_corpus(tmp_path / "a", 12)
    bench.make_corpus(tmp_path / "b", 12)
    first = sorted(p.read_text() for p in (tmp_path / "a").iterdir())
    assert first == sorted(p.read_text() for p in (tmp_path / "b").iterdir())
    assert len(set(first)) == 12 and any("’s" in text for text in first)
    assert {p.suffix for p in (tmp_path / "a").iterdir()} == {".md", ".txt"}


@pytest.mark.slow
def test_benchmark_smoke_run(capsys):
    bench = load_benchmark()
    assert bench.main(["--articles", "12", "--runs", "1"]) == 0  # 1: search answers differ
    out = capsys.readouterr().out
    for row in ("bare Textual app", "warm index", "FTS5 index", "in-memory inverted index",
                "keystroke in the app"):
        assert row in out
