"""benchmarks/analysis_scale.py at tiny sizes: it still runs end to end and prints its
table (no timing is asserted; the benchmark's own checks must hold)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import REPO

MEASURES = ("NER words/s", "analyze articles/s", "articles queued at start",
            "said by N sources")


@pytest.mark.slow
@pytest.mark.process
def test_analysis_scale_benchmark_smoke(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    env.pop("NEWSDESK_BENCH_SCRATCH", None)
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "analysis_scale.py"),
                             "--smoke"], capture_output=True, text=True, env=env, cwd=REPO,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    table = result.stdout
    for measure in MEASURES:
        assert measure in table
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("newsdesk-analysis-scale-*")), "its scratch folder is removed"
