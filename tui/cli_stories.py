"""`newsdesk stories PATH... [--json]`: the articles of PATH grouped into stories.

Loads the paths, analyses what the cache does not hold yet (over worker processes,
as `analyze` does), and groups them (core/stories.py). With `--json`, a list of
`{"id", "title", "articles": [{"uri", "title", "source", "date"}]}` on stdout, every
article in exactly one story (a story of one when nothing else reports its event);
else a table. Files that cannot be read are one line each on stderr; exit 0, or 1
when no article loaded.
"""

from __future__ import annotations

import argparse
import sys

# The Markdown report groups the library into stories up to this many articles (past it,
# analysing and grouping all of them would make an export take minutes).
REPORT_MAX_ARTICLES = 2_000


def add_parser(commands, global_options) -> None:
    """Register `stories` on the CLI's subcommands (`global_options` as the others take)."""
    stories = commands.add_parser("stories", help="group articles into stories (the same "
                                  "event reported by several outlets)")
    global_options(stories, in_command=True)
    stories.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    stories.add_argument("--json", action="store_true", help="print a JSON list on stdout")


def cmd_stories(args: argparse.Namespace, err) -> int:
    from .cli_analyze import analyse_uncached
    from .cli_problems import load_articles
    from .core import jsonout
    from .core.analysis_cache import Analyser
    from .core.config import load_settings
    from .core.stories import group_stories
    from .core.story_pairs import aligned_share

    settings = load_settings(model=args.model, db=args.db)
    articles = load_articles(args.paths, err, "no articles to group")
    if articles is None:
        return 1
    analyse_uncached(articles, settings.model)
    analyser = Analyser(settings.model)
    analyses = {a.uri: analyser.analyse(a.text, a.text_hash) for a in articles}
    stories = group_stories(articles, analyses, aligned_share())
    if args.json:
        sys.stdout.write(jsonout.dumps([story.as_json() for story in stories]) + "\n")
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table()
    for column in ("story", "date", "source", "title"):
        table.add_column(column, no_wrap=column != "title")
    for story in stories:
        count = len(story.articles)
        table.add_row(Text(story.id, style="dim"), "", Text(f"{count} article{'s' * (count != 1)}"),
                      Text(story.title, style="bold"))
        for n, article in enumerate(story.articles, 1):
            table.add_row("", Text(article.date or "—"), Text(article.source or "—"),
                          Text(article.title), end_section=n == count)
    Console(highlight=False, emoji=False, markup=False).print(table)
    return 0


def report_coverage(annotations, settings, err) -> list:
    """The stories of the library holding a claim of `annotations`, with their coverage,
    for the Markdown report (`export`); none past REPORT_MAX_ARTICLES articles, said once."""
    from .cli_analyze import analyse_uncached
    from .core.analysis_cache import Analyser
    from .core.coverage import cover_stories
    from .core.library import Library, library_sources, open_index
    from .core.stories import group_stories
    from .core.story_pairs import PairCache, aligned_share

    if not any(a.is_claim for a in annotations):
        return []
    sources = library_sources([], settings.library, settings.import_dir)
    articles = Library.load(sources, index=open_index()).articles
    if len(articles) > REPORT_MAX_ARTICLES:
        err(f"story coverage left out of the report: the library holds {len(articles):,} "
            f"articles (grouped for a report up to {REPORT_MAX_ARTICLES:,}); "
            "newsdesk stories PATH... groups a folder")
        return []
    analyse_uncached(articles, settings.model)
    analyser = Analyser(settings.model)
    analyses = {a.uri: analyser.analyse(a.text, a.text_hash) for a in articles}
    cache = PairCache()
    stories = group_stories(articles, analyses, aligned_share(cache))
    return cover_stories(stories, analyses, annotations, cache)
