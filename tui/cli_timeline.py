"""`newsdesk timeline PATH... [--json]`: every article's dated events on one axis.

With `--json`, on stdout: `{"events": [{"date", "what", "sources": [{"uri", "sentence",
"said", "how"}]}], "conflicts": [{"what", "dates": [{"date", "uri", "sentence",
"said"}]}]}`, events in date order (core/timeline.py). Without it, a table: date, what,
the outlets and how each relative date was read, conflicts after it. Files that did
not load and articles without a date of their own ("no article date: relative dates
not resolved") are one line each on stderr. Exit 0, or 1 when nothing loaded.
"""

from __future__ import annotations

import argparse
import sys

from .core import jsonout


def add_parser(commands, global_options) -> None:
    """Register `timeline` on the CLI's subcommands."""
    timeline = commands.add_parser(
        "timeline", help="dated events of many articles on one axis, with who dates them otherwise")
    global_options(timeline, in_command=True)
    timeline.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    timeline.add_argument("--json", action="store_true", help="print the timeline as JSON")


def cmd_timeline(args: argparse.Namespace, err) -> int:
    from .cli_analyze import analyse_uncached
    from .cli_problems import load_articles
    from .core.analysis import Analyser
    from .core.articles import display_path
    from .core.config import load_settings
    from .core.timeline import TimelineArticle, build_timeline, timeline_json

    settings = load_settings(model=args.model, db=args.db)
    loaded = load_articles(args.paths, err, "no article to put on a timeline")
    if loaded is None:
        return 1
    analyse_uncached(loaded, settings.model)  # over the worker pool, cached
    analyser = Analyser(settings.model)
    articles = [TimelineArticle(a.uri, a.text, analyser.analyse(a.text, a.text_hash, roles=True),
                                a.date, a.source)
                for a in loaded]
    timeline = build_timeline(articles)
    paths = {a.uri: display_path(a.path or a.uri) for a in loaded}
    names = {a.uri: display_path(a.path.name if a.path else a.uri) for a in loaded}
    for uri, notice in timeline.notices:
        err(f"{paths[uri]}: {notice}")
    if args.json:
        sys.stdout.write(jsonout.dumps(timeline_json(timeline)) + "\n")
        return 0
    from rich.console import Console

    from .timeline_render import timeline_renderables

    console = Console(highlight=False, emoji=False, markup=False)
    for renderable in timeline_renderables(timeline, {a.uri: a.source or names[a.uri]
                                                      for a in loaded}):
        console.print(renderable)
    return 0
