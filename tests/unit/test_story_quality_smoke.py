"""benchmarks/story_quality.py end to end: without the real corpus it measures the seeds,
which must form one story."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import REPO


@pytest.mark.slow
@pytest.mark.process
def test_story_quality_benchmark_measures_the_seeds_without_the_real_corpus(tmp_path):
    env = {**os.environ, "NEWSDESK_REAL_DIR": str(tmp_path / "absent"),
           "NEWSDESK_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "story_quality.py")],
                            capture_output=True, text=True, env=env, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "pairs P 1.00 (10/10)  R 1.00 (10/10)" in result.stdout
    assert "seeds in one story: yes" in result.stdout
