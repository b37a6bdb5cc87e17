"""`newsdesk quotes PATH... [--json]`: every outlet's version of each quotation.

Loads the paths with the app's loader, analyses what the cache lacks (over the worker
pool when there are many), and groups the quotations of all the articles by
statement (core/quotes.py). With `--json`, stdout holds `[{"speaker", "versions":
[{"uri", "sentence", "quote", "sentence_index", "speaker"}], "wording_differs",
"speakers_differ"}]`; otherwise a Rich rendering with the words that differ
highlighted. A file that cannot be loaded is one line on stderr; no article at all
is exit 1.
"""

from __future__ import annotations

import argparse
import sys

from .core import jsonout

EXIT_OK = 0
EXIT_USAGE = 1
# Up to this many articles missing from the cache are analysed in this process; more
# go over the worker pool, as `analyze` does (starting it costs a model load per worker).
IN_PROCESS_MAX = 8


def add_parser(commands, global_options) -> None:
    """Register `quotes` on the CLI's subcommands."""
    quotes = commands.add_parser(
        "quotes", help="each quotation as every outlet prints it, and who they say said it")
    global_options(quotes, in_command=True)
    quotes.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    quotes.add_argument("--json", action="store_true", help="print the quote groups as JSON")


def cmd_quotes(args: argparse.Namespace, err) -> int:
    from .cli_problems import load_articles
    from .core.analysis import choose_model
    from .core.analysis_cache import Analyser, AnalysisCache
    from .core.bulk import to_analyse
    from .core.config import load_settings
    from .core.quotes import find_quotes

    model = load_settings(model=getattr(args, "model", None)).model
    articles = load_articles(args.paths, err, "no article to read quotations from")
    if articles is None:
        return EXIT_USAGE
    missing = to_analyse(articles, AnalysisCache(), choose_model(model).model_id)
    if len(missing) > IN_PROCESS_MAX:
        from .cli_analyze import analyse_uncached

        analyse_uncached(articles, model)
    analyser = Analyser(model)
    groups = find_quotes((a, analyser.analyse(a.text, a.text_hash)) for a in articles)
    if args.json:
        sys.stdout.write(jsonout.dumps([g.as_json() for g in groups]) + "\n")
        return EXIT_OK
    from rich.console import Console

    from .render_quotes import groups_renderable

    Console(highlight=False, emoji=False, markup=False).print(groups_renderable(groups))
    return EXIT_OK
