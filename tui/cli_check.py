"""`newsdesk check PATH... [--json]`: which files the app would fail to load, and why.

Loads the paths with the app's own loader (`load_paths`), so the list is exactly the
one the app's Problems screen shows, in the same order. The list is the command's
output, on stdout: one line per problem (`PATH: reason`, or `PATH: note: reason` for a
file that loaded with a note), or with `--json` a list of `{"path", "reason", "fatal"}`.
The summary is a message, on stderr. Exit 1 if any path could not be loaded; notes
alone do not fail the check.
"""

from __future__ import annotations

import argparse
import json
import sys

EXIT_OK = 0
EXIT_NOT_LOADED = 1


def add_parser(commands, global_options) -> None:
    """Register `check` on the CLI's subcommands (`global_options` as the others take)."""
    check = commands.add_parser(
        "check", help="list the files the app could not load (and loaded with a note), "
        "without opening it")
    global_options(check, in_command=True)
    check.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    check.add_argument("--json", action="store_true",
                       help='print [{"path", "reason", "fatal"}] on stdout')


def summary_line(articles: int, counts) -> str:
    """E.g. "1 article loaded; 2,000 files could not be read and 3 loaded with a note"."""
    from .core.problems import summary

    loaded = f"{articles:,} article{'' if articles == 1 else 's'} loaded"
    said = summary(counts)
    return f"{loaded}; {said}" if said else f"{loaded}, no problems"


def cmd_check(args: argparse.Namespace) -> int:
    from .core.articles import load_paths
    from .core.problems import ProblemCounts, ordered, problem_json, problem_line

    loaded = load_paths(args.paths)
    problems = ordered(loaded.problems)
    if args.json:
        json.dump([problem_json(p) for p in problems], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for problem in problems:
            print(problem_line(problem))
    counts = ProblemCounts.of(problems)
    print(f"newsdesk: {summary_line(len(loaded.articles), counts)}", file=sys.stderr)
    return EXIT_NOT_LOADED if counts.failed else EXIT_OK
