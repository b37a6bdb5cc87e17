"""How every command tells the user which files did not load: one place, one shape.

A command that reads article paths reports load problems the same way: one line per
file, `newsdesk: PATH: reason` (or `PATH: note: reason` for a file that loaded with a
note), files that did not load first. Past PROBLEM_LINES files the lines would bury
the command's output, so one summary line points to `newsdesk check`, which lists
them all. With no article at all the command says so and exits 1.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence

PROBLEM_LINES = 10  # more files than this that cannot be read: a summary line instead


def err_line(message: str) -> None:
    """One line on stderr, as every command writes it: `newsdesk: message`."""
    print(f"newsdesk: {message}", file=sys.stderr)


def report_problems(problems: Iterable, err: Callable[[str], None]) -> None:
    """Each problem once, a line each; past PROBLEM_LINES, one summary line."""
    from .core.problems import ProblemCounts, ordered, problem_line, summary

    listed = ordered(problems)
    if len(listed) <= PROBLEM_LINES:
        for problem in listed:
            err(problem_line(problem))
        return
    err(f"{summary(ProblemCounts.of(listed))}; newsdesk check PATH... lists them")


def load_articles(paths: Sequence[str], err: Callable[[str], None], nothing: str) -> list | None:
    """The articles of `paths` (files or folders) with their problems reported, or None
    after `err(nothing)` when not one article loaded (the command then exits 1)."""
    from .core.articles import load_paths

    loaded = load_paths(list(paths))
    report_problems(loaded.problems, err)
    if not loaded.articles:
        err(nothing)
        return None
    return list(loaded.articles)
