"""Command line: runs a core command, or launches the app.

Contract: JSON on stdout, messages on stderr, exit 0 on success and 1 on bad
input or usage, one line per error and never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .cli_analyze import add_parser as add_analyze_parser
from .cli_analyze import cmd_analyze
from .cli_check import add_parser as add_check_parser
from .cli_check import cmd_check
from .cli_config import add_parser as add_config_parser
from .cli_config import cmd_config
from .cli_import import DISPATCH as IMPORT_COMMANDS
from .cli_import import add_parsers as add_import_parsers
from .cli_list import add_parser as add_list_parser
from .cli_list import cmd_list
from .cli_problems import err_line
from .cli_quotes import add_parser as add_quotes_parser
from .cli_quotes import cmd_quotes
from .cli_stories import add_parser as add_stories_parser
from .cli_stories import cmd_stories, report_coverage
from .cli_timeline import add_parser as add_timeline_parser
from .cli_timeline import cmd_timeline
from .core import jsonout

if TYPE_CHECKING:
    from .core.anchoring import Selector

STATUSES = ("verified", "unverified", "disputed", "false")

COMMANDS = ("show", "compare", "tag", "note", "claims", "export", "check", "import", "feeds",
            "refresh", "config", "screenshots", "analyze", "list", "quotes", "timeline", "stories")


EXPORT_ADVICE = "choose another file with -o (or -o - for stdout)"


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 1 (not argparse's 2)
        raise UsageError(message)


def _global_options(parser: argparse.ArgumentParser, in_command: bool = False) -> None:
    # After a command the options must not default to None: argparse would let
    # that default overwrite a value given before the command (--model X show F).
    default = argparse.SUPPRESS if in_command else None
    parser.add_argument("--db", metavar="PATH", default=default,
                        help="annotation database (env NEWSDESK_DB)")
    parser.add_argument("--model", metavar="NAME", default=default,
                        help="spaCy model (env NEWSDESK_MODEL)")
    parser.add_argument("--reset-db", action="store_true", default=default,
                        help="if the database is damaged, move it aside to a timestamped "
                        "backup and start fresh")
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")


def build_parsers() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    app_parser = _Parser(
        prog="newsdesk",
        description="A terminal news reader for people who check facts. "
        f"Commands: {', '.join(COMMANDS)} (newsdesk COMMAND --help).",
    )
    _global_options(app_parser)
    app_parser.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders")

    command_parser = _Parser(prog="newsdesk")
    _global_options(command_parser)
    commands = command_parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    show = commands.add_parser("show", help="an article with its highlights, or its analysis")
    _global_options(show, in_command=True)
    show.add_argument("path", metavar="PATH")
    show.add_argument("--json", action="store_true", help="print the analysis as JSON")
    compare = commands.add_parser("compare", help="two articles side by side, aligned by meaning")
    _global_options(compare, in_command=True)
    compare.add_argument("a", metavar="A")
    compare.add_argument("b", metavar="B")
    compare.add_argument("--json", action="store_true", help="print the alignment as JSON")
    tag = commands.add_parser("tag", help="tag a sentence of an article as a claim")
    _global_options(tag, in_command=True)
    tag.add_argument("path", metavar="PATH")
    which = tag.add_mutually_exclusive_group(required=True)
    which.add_argument("--sentence", type=int, metavar="N", help="sentence index (as in show --json)")
    which.add_argument("--quote", metavar="TEXT", help="text of the claim, found in the article")
    tag.add_argument("--status", required=True, choices=STATUSES)
    tag.add_argument("--note", metavar="TEXT")
    tag.add_argument("--tag", action="append", dest="tags", metavar="TAG", help="repeatable")
    note = commands.add_parser("note", help="set the article-level note")
    _global_options(note, in_command=True)
    note.add_argument("path", metavar="PATH")
    note.add_argument("--text", required=True, metavar="TEXT")
    claims = commands.add_parser("claims", help="every tagged claim, re-anchored to current text; "
                                 "claims import FILE restores claims from an export")
    _global_options(claims, in_command=True)
    claims.add_argument("action", nargs="?", choices=("import",),
                        help="import FILE: add the claims and notes of a newsdesk JSON export, "
                        "W3C Web Annotations or Hypothesis annotations")
    claims.add_argument("file", nargs="?", metavar="FILE")
    claims.add_argument("--status", choices=STATUSES)
    claims.add_argument("--json", action="store_true")
    claims.add_argument("--library", action="append", metavar="PATH", default=[],
                        help="count sources over these files or folders, as `newsdesk PATH` "
                        "shows them (default: the bundled seeds); the config's library "
                        "folders always count (repeatable)")
    export = commands.add_parser("export", help="export claims and notes")
    _global_options(export, in_command=True)
    export.add_argument("--format", required=True, choices=("markdown", "json", "w3c", "claimreview"))
    export.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE, a regular file or a symlink to one (default, or -: stdout)")
    add_check_parser(commands, _global_options)
    add_analyze_parser(commands, _global_options)
    add_list_parser(commands, _global_options)
    add_quotes_parser(commands, _global_options)
    add_timeline_parser(commands, _global_options)
    add_stories_parser(commands, _global_options)
    add_import_parsers(commands, _global_options)
    add_config_parser(commands, _global_options)
    shots = commands.add_parser("screenshots", help="regenerate SVG screenshots of every screen")
    _global_options(shots, in_command=True)
    shots.add_argument("directory", nargs="?", metavar="DIR", default="screenshots")
    return app_parser, command_parser


def _first_word(argv: Sequence[str]) -> str | None:
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("--db", "--model"):
            skip = True
            continue
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg
    return None


def _err(message: str) -> None:
    err_line(message)


def cmd_show(args: argparse.Namespace) -> int:
    from .core.analysis import Analyser
    from .core.articles import load_file
    from .core.config import load_settings

    settings = load_settings(model=args.model, db=args.db)
    loaded = load_file(Path(args.path))
    for problem in loaded.problems:
        _err(str(problem))
    if not loaded.articles:
        return 1
    article = loaded.articles[0]
    analysis = Analyser(settings.model).analyse(article.text, article.text_hash, roles=True)
    if analysis.notice:
        _err(analysis.notice)
    if args.json:
        payload = {
            "uri": article.uri,
            "title": article.title,
            "source": article.source,
            "date": article.date,
            "text": article.text,
            **analysis.as_json(article.text),
        }
        sys.stdout.write(jsonout.dumps(payload) + "\n")
        return 0
    from rich.console import Console

    from .render import article_renderable

    Console(highlight=False, emoji=False, markup=False).print(article_renderable(article, analysis))
    return 0


def cmd_screenshots(args: argparse.Namespace) -> int:
    from .core.config import load_settings
    from .screenshots import ScreenshotsError, run, screenshots_folder

    settings = load_settings(model=args.model, db=args.db)
    try:
        folder = screenshots_folder(args.directory)
    except ScreenshotsError as exc:
        _err(str(exc))
        return 1
    for path in run(str(folder), settings.model):
        print(path)
    return 0


def open_store(args: argparse.Namespace, settings, tell: bool = True, create: bool = True):
    """The database; a damaged one is kept untouched unless --reset-db moves it aside.
    With `tell`, what it says at open (an upgrade and its backup) goes to stderr; the
    app shows it itself. `create=False` for commands that only read: a database that
    does not exist is read as empty, and no folder or file is made."""
    from .core.store import Store, StoreDamaged, StoreError

    try:
        return _told(Store(settings.db, create=create), tell)
    except StoreDamaged as exc:
        if not getattr(args, "reset_db", False) or not settings.db.exists():
            raise StoreError(
                f"{exc}; run again with --reset-db to move it aside to a timestamped backup "
                "and start fresh"
            ) from None
    from .core.paths import write_target

    backup = Store.move_aside(write_target(settings.db))  # the file, not a link to it
    _err(f"moved the damaged database aside to {backup}; starting a fresh one")
    return _told(Store(settings.db), tell)


def _told(store, tell: bool):
    """The store, once what it has to say at open (an upgrade, its backup) is on stderr."""
    for notice in store.new_notices() if tell else ():
        _err(notice)
    return store


def _load_one(path: str):
    from .core.articles import load_file

    loaded = load_file(Path(path))
    for problem in loaded.problems:
        _err(str(problem))
    return loaded.articles[0] if loaded.articles else None


def cmd_compare(args: argparse.Namespace) -> int:
    from .core.align import align, alignment_json
    from .core.analysis import Analyser
    from .core.config import load_settings

    settings = load_settings(model=args.model, db=args.db)
    a, b = _load_one(args.a), _load_one(args.b)
    if a is None or b is None:
        return 1
    analyser = Analyser(settings.model)
    a_analysis = analyser.analyse(a.text, a.text_hash, roles=True)
    b_analysis = analyser.analyse(b.text, b.text_hash, roles=True)
    alignment = align(a.text, a_analysis, b.text, b_analysis, a.date, b.date)
    if args.json:
        payload = alignment_json(a, a_analysis, b, b_analysis, alignment)
        sys.stdout.write(jsonout.dumps(payload) + "\n")
        return 0
    from rich.console import Console

    from .render import compare_renderable

    Console(highlight=False, emoji=False, markup=False).print(
        compare_renderable(a, a_analysis, b, b_analysis, alignment))
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    from .core.analysis import Analyser
    from .core.claims import follow_moved_files, quote_selector, reanchor, sentence_selector
    from .core.config import load_settings

    settings = load_settings(model=args.model, db=args.db)
    article = _load_one(args.path)  # before the store: a failed command writes nothing
    if article is None:
        return 1
    analysis = Analyser(settings.model).analyse(article.text, article.text_hash)
    selector: Selector | None
    if args.sentence is not None:
        if not 0 <= args.sentence < len(analysis.sentences):
            _err(f"{args.path}: no sentence {args.sentence} (it has {len(analysis.sentences)}, "
                 "numbered from 0)")
            return 1
        selector = sentence_selector(article, analysis, args.sentence)
    else:
        selector = quote_selector(article, analysis, args.quote)
        if selector is None:
            _err(f"{args.path}: quote not found in the article text")
            return 1
    store = open_store(args, settings)
    follow_moved_files(store, [article])  # a moved file keeps its claims (no duplicates)
    reanchor(store, article)
    claim = store.tag_claim(article.uri, selector, text_hash=article.text_hash,
                            status=args.status, note=args.note, tags=args.tags)
    print(claim.id)  # only now: the write above is on disk
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    from .core.claims import follow_moved_files
    from .core.config import load_settings

    settings = load_settings(model=args.model, db=args.db)
    article = _load_one(args.path)  # before the store: a failed command writes nothing
    if article is None:
        return 1
    store = open_store(args, settings)
    follow_moved_files(store, [article])
    note = store.set_article_note(article.uri, args.text, article.text_hash)
    if note is None:
        _err(f"{args.path}: article note removed")
    else:
        print(note.id)
    return 0


def _library_claims(store, settings):
    """Every article that has annotations, re-anchored: [(article or None, claims, analysis)]."""
    from .core.analysis import Analyser
    from .core.articles import load_file
    from .core.claims import file_path, follow_moved_files, reanchor
    from .core.library import Library, library_sources, open_index

    sources = library_sources([], settings.library, settings.import_dir)
    # Moved files are found by text hash: the library index knows every hash unread.
    follow_moved_files(store, Library.load(sources, index=open_index()).articles)
    analyser = Analyser(settings.model)
    by_uri: dict[str, list] = {}
    for annotation in store.annotations():
        by_uri.setdefault(annotation.uri, []).append(annotation)
    result = []
    for uri in sorted(by_uri):
        path = file_path(uri)
        loaded = load_file(path) if path is not None and path.exists() else None
        if loaded and loaded.articles:
            article = loaded.articles[0]
            reanchor(store, article)
            analysis = analyser.analyse(article.text, article.text_hash)
            result.append((article, store.annotations(uri), analysis))
        else:
            result.append((None, by_uri[uri], None))
    for problem in store.new_problems():  # rows that cannot be shown: said once, kept
        _err(problem)
    return result


def cmd_claims(args: argparse.Namespace) -> int:
    from .core.analysis import Analyser
    from .core.articles import load_paths
    from .core.claims import claim_views
    from .core.config import load_settings
    from .core.corroboration import sources_for
    from .core.library import library_sources

    if args.action == "import":
        return cmd_claims_import(args)
    settings = load_settings(model=args.model, db=args.db)
    store = open_store(args, settings, create=False)
    found = _library_claims(store, settings)
    # Corroboration counts other articles of the library, as the claims screen does.
    sources = library_sources(args.library, settings.library, settings.import_dir)
    library = {a.uri: a for a in load_paths(sources).articles} if found else {}
    if library:  # what is not analysed yet: over a process pool first, as `analyze` does
        from .cli_analyze import analyse_uncached

        analyse_uncached(list(library.values()), settings.model)
    analyser = Analyser(settings.model)
    analyses = {uri: analyser.analyse(a.text, a.text_hash) for uri, a in library.items()}
    views = []
    for article, stored, analysis in found:
        claims = [a for a in stored if a.is_claim and (not args.status or a.status == args.status)]
        counts = sources_for(claims, list(library.values()), analyses)
        views.extend(claim_views(claims, article, analysis, counts))
    if args.json:
        sys.stdout.write(jsonout.dumps([view.as_json() for view in views]) + "\n")
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .render import STATUS_COLOURS

    table = Table(show_lines=True)
    for column in ("status", "claim", "article", "note", "sources"):
        table.add_column(column)
    for view in views:
        claim = view.annotation
        status = claim.status or "—"
        quote = Text(claim.claim_selector.exact)
        if not claim.anchored:
            quote.append("  (orphan: text no longer found)", style="italic yellow")
        if claim.changed:
            status += " Δ"
            quote.append(f"  (Δ changed since tagged; tagged on: {claim.tagged_quote})",
                         style="italic yellow")
        table.add_row(Text(status, style=f"bold {STATUS_COLOURS.get(status, '')}".strip()),
                      quote, Text(view.title), Text(claim.note),
                      Text("" if view.sources is None else str(view.sources)))
    Console(highlight=False, emoji=False, markup=False).print(table)
    return 0


def cmd_claims_import(args: argparse.Namespace) -> int:
    from .core.claims_import import ImportFileError, import_into, read_file
    from .core.config import load_settings

    if args.file is None:
        raise UsageError("claims import needs the FILE to import")
    if args.status or args.json:
        raise UsageError("claims import takes no --status or --json")
    settings = load_settings(model=args.model, db=args.db)
    try:
        parsed = read_file(Path(args.file))  # before the store: a bad file writes nothing
    except ImportFileError as exc:
        _err(str(exc))
        return 1
    report = import_into(parsed, lambda: open_store(args, settings))
    for line in report.lines():
        _err(line)
    return report.exit_code


def cmd_export(args: argparse.Namespace) -> int:
    from .core.articles import display_path
    from .core.config import load_settings
    from .core.export import ArticleInfo, export_claims, write_export
    from .core.paths import NotWritable, write_target

    to_file = args.output not in (None, "-")  # `-o -` is stdout, as without -o
    try:  # before any work: a device, FIFO or folder is refused and nothing is written
        output = write_target(Path(args.output), EXPORT_ADVICE) if to_file else None
    except NotWritable as exc:
        _err(str(exc))
        return 1
    settings = load_settings(model=args.model, db=args.db)
    store = open_store(args, settings, create=False)
    annotations, articles = [], {}
    for article, items, _analysis in _library_claims(store, settings):
        annotations.extend(items)
        if article is not None:
            articles[article.uri] = ArticleInfo.from_article(article)
    coverage = report_coverage(annotations, settings, _err) if args.format == "markdown" else []
    text = export_claims(annotations, articles, args.format, author=settings.reviewer,
                         coverage=coverage)
    try:
        write_export(text, output, advice=EXPORT_ADVICE)
    except NotWritable as exc:  # replaced by a device or FIFO since the check above
        _err(str(exc))
        return 1
    except OSError as exc:
        if not to_file or exc.strerror is None:
            raise
        _err(f"{display_path(args.output)}: cannot write ({exc.strerror})")  # not the temp file's
        return 1
    if to_file:
        _err(f"wrote {len(annotations)} annotation(s) to {display_path(args.output)}")
    return 0


def run_app(args: argparse.Namespace) -> int:
    from .core.config import load_settings
    from .core.library import Library, library_sources, open_index

    settings = load_settings(model=args.model, db=args.db)
    # Through the library index: unchanged files are not read again, and when many are
    # new or changed the app reads them after its first paint.
    library = Library.load(library_sources(args.paths, settings.library, settings.import_dir),
                           index=open_index(), defer=True)
    if not library.articles and not library.pending:
        for problem in library.problems:
            _err(str(problem))
        _err("no articles to show")
        return 1
    store = open_store(args, settings, tell=False)
    from .app import NewsdeskApp

    app = NewsdeskApp(library, settings=settings, store=store)
    app.run()
    _after_app_problems(library.problems)  # still on screen after the app exits
    return app.return_code or 0


def _after_app_problems(problems) -> None:
    from .cli_problems import report_problems

    report_problems(problems, _err)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    app_parser, command_parser = build_parsers()
    try:
        if _first_word(argv) in COMMANDS:
            args = command_parser.parse_args(argv)
            return {"show": cmd_show, "compare": cmd_compare, "tag": cmd_tag, "note": cmd_note, "claims": cmd_claims,
                    "export": cmd_export, "check": cmd_check, "config": cmd_config,
                    "screenshots": cmd_screenshots, "analyze": cmd_analyze,
                    "quotes": lambda args: cmd_quotes(args, _err),
                    "list": lambda args: cmd_list(args, open_store, _err),
                    "timeline": lambda args: cmd_timeline(args, _err),
                    "stories": lambda args: cmd_stories(args, _err),
                    **IMPORT_COMMANDS}[args.command](args)
        return run_app(app_parser.parse_args(argv))
    except UsageError as exc:
        _err(f"error: {exc} (see newsdesk --help)")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the contract: one line, never a traceback
        from .core.config import ConfigError
        from .core.store import StoreError

        if isinstance(exc, (ConfigError, StoreError)):
            _err(str(exc))
        else:
            _err(f"error: {type(exc).__name__}: {exc}")
        return 1
