"""benchmarks/store_scale.py at tiny sizes: it still runs end to end and prints its table
(no timing is asserted; the benchmark's own correctness checks must hold)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MEASURES = ("v, 20 claims, p95", "v, 50 claims, p50", "open store + library status counts",
            "claims screen open, 50 claims", "claims screen status filter")


@pytest.mark.process
def test_store_scale_benchmark_smoke(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    env.pop("NEWSDESK_STORE_SCALE_SCRATCH", None)
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "store_scale.py"),
                             "--sizes", "20,50", "--presses", "4"], capture_output=True,
                            text=True, env=env, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    for measure in MEASURES:
        assert measure in result.stdout
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("newsdesk-store-scale-*")), "its scratch folder is removed"
