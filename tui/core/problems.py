"""Load problems as one list: ordered, counted and summarised the same way everywhere.

The app's start-up notice, its Problems screen and `newsdesk check` all show the
`LoadProblem`s of `load_paths` through these functions, so a folder of 2,000 bad files
is one summary plus one list, never 2,000 messages, and every view agrees on the counts.
File names and reasons are untrusted text: everything here that turns a problem into
text passes it through the sanitizer again, whoever built the problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .articles import LoadProblem
from .sanitize import sanitize_line

# How a problem that still let its file load (a note) is marked on one line of text.
NOTE_MARK = "note"


def ordered(problems: Iterable[LoadProblem]) -> list[LoadProblem]:
    """Each problem once (a path given twice fails twice), files that did not load first,
    then files that loaded with a note; load order within each group."""
    unique = list(dict.fromkeys(problems))
    return [p for p in unique if p.fatal] + [p for p in unique if not p.fatal]


@dataclass(frozen=True)
class ProblemCounts:
    """How many paths could not be read, and how many loaded with a note."""

    failed: int
    noted: int

    @classmethod
    def of(cls, problems: Iterable[LoadProblem]) -> ProblemCounts:
        unique = ordered(problems)
        failed = sum(1 for p in unique if p.fatal)
        return cls(failed=failed, noted=len(unique) - failed)

    @property
    def total(self) -> int:
        return self.failed + self.noted


def _files(n: int) -> str:
    return f"{n:,} file" if n == 1 else f"{n:,} files"


def summary(counts: ProblemCounts) -> str:
    """One sentence for the counts, e.g. "2,000 files could not be read and 3 loaded with a
    note"; empty when there is nothing to say."""
    if counts.failed and counts.noted:
        return (f"{_files(counts.failed)} could not be read and {counts.noted:,} "
                "loaded with a note")
    if counts.failed:
        return f"{_files(counts.failed)} could not be read"
    if counts.noted:
        return f"{_files(counts.noted)} loaded with a note"
    return ""


def shown_path(problem: LoadProblem) -> str:
    """The problem's file name, safe to show on one line."""
    return sanitize_line(problem.path) or "?"


def shown_reason(problem: LoadProblem) -> str:
    """The problem's reason, safe to show on one line."""
    return sanitize_line(problem.reason) or "?"


def problem_line(problem: LoadProblem) -> str:
    """`PATH: reason` for a file that did not load, `PATH: note: reason` for one that did."""
    mark = "" if problem.fatal else f"{NOTE_MARK}: "
    return f"{shown_path(problem)}: {mark}{shown_reason(problem)}"


def problem_json(problem: LoadProblem) -> dict[str, Any]:
    """`{"path", "reason", "fatal"}` with the same sanitized text as the line."""
    return {"path": shown_path(problem), "reason": shown_reason(problem),
            "fatal": problem.fatal}


def search_text(problem: LoadProblem) -> str:
    """What a filter looks in: the problem's line (file name, reason, "note") and, for a
    file that did not load, "not loaded"; case-folded."""
    line = problem_line(problem)
    return (line + " not loaded" if problem.fatal else line).casefold()
