"""`newsdesk list [PATH ...] [--search Q] [--json]`: what the library screen shows, for scripts.

The same articles in the same order as the app's library (the paths given, else the
bundled seeds, then the config's library folders and the import folder), loaded
through the library index, filtered by the library's own search. With `--json`, a
list of `{"uri", "title", "source", "date", "words", "read", "claims"}` on stdout
(`claims`: how many claims are verified / unverified / disputed / false); else a
table. Files that did not load are reported as every command does (cli_problems.py); exit 0,
or 1 when nothing loaded.
"""

from __future__ import annotations

import argparse
import sys


def add_parser(commands, global_options) -> None:
    """Register `list` on the CLI's subcommands (`global_options` as the others take)."""
    listing = commands.add_parser("list", help="the library's articles, as the library screen "
                                  "shows them (title, source, date, words, read, claims)")
    global_options(listing, in_command=True)
    listing.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders")
    listing.add_argument("--search", metavar="Q", default="",
                         help="only articles matching, as / in the library finds them")
    listing.add_argument("--json", action="store_true", help="print a JSON list on stdout")


def cmd_list(args: argparse.Namespace, open_store, err) -> int:
    from .cli_problems import report_problems
    from .core import jsonout
    from .core.config import load_settings
    from .core.library import Library, library_sources, open_index

    settings = load_settings(model=args.model, db=args.db)
    library = Library.load(library_sources(args.paths, settings.library, settings.import_dir),
                           index=open_index())
    report_problems(library.problems, err)
    if not library.articles:
        err("no articles to show")
        return 1
    store = open_store(args, settings, create=False)
    rows = library.listing(args.search, store.read_uris(), store.status_counts())
    if args.json:
        sys.stdout.write(jsonout.dumps(rows) + "\n")
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table()
    for column in ("", "title", "source", "date", "words", "✓ ? ~ ✗"):
        table.add_column(column)
    for row in rows:
        claims = row["claims"]
        table.add_row(" " if row["read"] else "●", Text(row["title"]), Text(row["source"]),
                      Text(row["date"]), str(row["words"]),
                      " ".join(str(count) for count in claims.values()))
    Console(highlight=False, emoji=False, markup=False).print(table)
    return 0
