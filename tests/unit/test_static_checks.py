"""The code stays typed and linted: `mypy` (strict on tui/core, default checks on the rest
of tui) and `ruff check` pass with the configuration in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=600)


@pytest.mark.slow
def test_mypy_is_clean(tmp_path):
    # The cache goes to the test's folder: the repository gets no .mypy_cache.
    result = _run("mypy", "--cache-dir", str(tmp_path / "mypy-cache"))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_ruff_is_clean():
    result = _run("ruff", "check", "--no-cache", "tui", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr
