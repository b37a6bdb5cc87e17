"""Command line: runs a core command, or launches the app.

Contract: JSON on stdout, messages on stderr, exit 0 on success and 1 on bad
input or usage, one line per error and never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from . import __version__

COMMANDS = ("show", "screenshots")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 1 (not argparse's 2)
        raise UsageError(message)


def _global_options(parser: argparse.ArgumentParser, in_command: bool = False) -> None:
    # After a command the options must not default to None: argparse would let
    # that default overwrite a value given before the command (--model X show F).
    default = argparse.SUPPRESS if in_command else None
    parser.add_argument("--db", metavar="PATH", default=default,
                        help="annotation database (env NEWSDESK_DB)")
    parser.add_argument("--model", metavar="NAME", default=default,
                        help="spaCy model (env NEWSDESK_MODEL)")
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
    print(f"newsdesk: {message}", file=sys.stderr)


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
    analysis = Analyser(settings.model).analyse(article.text, article.text_hash)
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
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console

    from .render import article_renderable

    Console(highlight=False, emoji=False, markup=False).print(article_renderable(article, analysis))
    return 0


def cmd_screenshots(args: argparse.Namespace) -> int:
    from .core.config import load_settings
    from .screenshots import run

    settings = load_settings(model=args.model, db=args.db)
    for path in run(args.directory, settings.model):
        print(path)
    return 0


def run_app(args: argparse.Namespace) -> int:
    from .core.articles import bundled_seeds_dir, load_paths
    from .core.config import load_settings

    settings = load_settings(model=args.model, db=args.db)
    paths = args.paths or [bundled_seeds_dir()]
    loaded = load_paths(paths)
    if not loaded.articles:
        for problem in loaded.problems:
            _err(str(problem))
        _err("no articles to show")
        return 1
    from .app import NewsdeskApp

    app = NewsdeskApp(loaded.articles, settings=settings, problems=loaded.problems)
    app.run()
    for problem in loaded.problems:  # still on screen after the app exits
        _err(str(problem))
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    app_parser, command_parser = build_parsers()
    try:
        if _first_word(argv) in COMMANDS:
            args = command_parser.parse_args(argv)
            return {"show": cmd_show, "screenshots": cmd_screenshots}[args.command](args)
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
