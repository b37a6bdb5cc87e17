"""`newsdesk import`, `newsdesk feeds …` and `newsdesk refresh`: getting the news in.

    newsdesk import URL|FEED|PATH... [--json]   pages, feeds, files and folders into the
                                                import folder (config `import_dir`)
    newsdesk feeds add URL... | remove URL... | list [--json]
    newsdesk feeds import FILE.opml | export [-o FILE]
    newsdesk refresh [--json]                   every subscribed feed, conditional GET

As the rest of the command line: results on stdout (`--json` for programs),
progress, failures and the summary on stderr (a progress bar when stderr is a
terminal, plain lines otherwise), every line sanitized; exit 1 when nothing
came in and something failed, never a traceback. Ctrl-C stops new fetches,
keeps what finished, and still prints the summary.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from .core import jsonout
from .core.sanitize import sanitize_line

EXIT_OK = 0
EXIT_FAILED = 1
OUTPUT_ADVICE = "choose another file with -o (or -o - for stdout)"


def add_parsers(commands, global_options) -> None:
    """Register `import`, `feeds` and `refresh` (`global_options` as the others take)."""
    imp = commands.add_parser("import", help="fetch web pages and feeds, or copy files and "
                              "folders, into the import folder")
    global_options(imp, in_command=True)
    imp.add_argument("sources", nargs="+", metavar="URL|FEED|PATH")
    imp.add_argument("--json", action="store_true",
                     help='print {"saved", "duplicates", "failures"} on stdout')
    feeds = commands.add_parser("feeds", help="subscriptions: add, remove, list, import or "
                                "export (OPML) the feed list")
    global_options(feeds, in_command=True)
    actions = feeds.add_subparsers(dest="feeds_action", required=True, metavar="ACTION")
    for name, help_text in (("add", "subscribe to feeds"), ("remove", "unsubscribe")):
        action = actions.add_parser(name, help=help_text)
        global_options(action, in_command=True)
        action.add_argument("urls", nargs="+", metavar="URL")
    listing = actions.add_parser("list", help="the feeds, when each was last checked, its "
                                 "last error and how many articles it last brought")
    global_options(listing, in_command=True)
    listing.add_argument("--json", action="store_true",
                         help='print [{"url", "title", "last_checked", "last_error", "new"}]')
    opml_in = actions.add_parser("import", help="subscribe to the feeds of an OPML file")
    global_options(opml_in, in_command=True)
    opml_in.add_argument("file", metavar="FILE")
    opml_out = actions.add_parser("export", help="the feed list as OPML 2.0")
    global_options(opml_out, in_command=True)
    opml_out.add_argument("-o", "--output", metavar="FILE",
                          help="write to FILE (default, or -: stdout)")
    refresh = commands.add_parser("refresh", help="fetch every subscribed feed (unchanged "
                                  "feeds cost one 304) and import what is new")
    global_options(refresh, in_command=True)
    refresh.add_argument("--json", action="store_true",
                         help='print {"feeds", "saved", "duplicates", "failures"} on stdout')


def _err(message: str) -> None:
    print(f"newsdesk: {sanitize_line(message)}", file=sys.stderr)


class ProgressLines:
    """Progress on stderr: a Rich bar on a terminal, else a line per finished item."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self._done = 0
        self._bar = self._task = None
        if self.stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.description}", markup=False),
                                 console=Console(file=self.stream, markup=False, emoji=False,
                                                 highlight=False), transient=True)
            self._task = self._bar.add_task("", total=None)

    def __enter__(self) -> ProgressLines:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *_exc) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, progress) -> None:
        current = sanitize_line(progress.current)
        if self._bar is not None:
            self._bar.update(self._task, completed=progress.done, total=progress.total,
                             description=current)
        elif progress.done > self._done:
            self._done = progress.done
            total = "?" if progress.total is None else f"{progress.total:,}"
            print(f"newsdesk: {progress.done:,}/{total} {current}", file=self.stream)


def _in_background(work):
    """Run `work(cancel)` in a thread; Ctrl-C sets `cancel` and waits for what is running."""
    cancel = threading.Event()
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = work(cancel)
        except BaseException as exc:  # handed to the main thread, raised there
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="newsdesk-import-main", daemon=True)
    thread.start()
    while thread.is_alive():
        try:
            thread.join(0.2)
        except KeyboardInterrupt:
            if cancel.is_set():
                raise
            cancel.set()
            _err("stopping: no new fetches; waiting for those under way (Ctrl-C again to quit)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def cmd_import(args: argparse.Namespace) -> int:
    from .core.config import load_settings
    from .core.importer import import_sources

    settings = load_settings(model=args.model, db=args.db)
    with ProgressLines() as progress:
        report = _in_background(lambda cancel: import_sources(
            args.sources, settings.import_dir, on_progress=progress, cancel=cancel))
    return _finish(report, report, args.json, settings.import_dir)


def cmd_refresh(args: argparse.Namespace) -> int:
    from .core.config import load_settings
    from .core.feeds import FeedsError, refresh_feeds
    from .core.paths import feeds_path

    settings = load_settings(model=args.model, db=args.db)
    try:
        with ProgressLines() as progress:
            refreshed = _in_background(lambda cancel: refresh_feeds(
                settings.import_dir, feeds_path(), on_progress=progress, cancel=cancel))
    except FeedsError as exc:  # the feed list cannot be read or written
        _err(str(exc))
        return EXIT_FAILED
    if not refreshed.feeds:
        _err("no subscribed feeds; add one with newsdesk feeds add URL")
    for feed in refreshed.feeds:
        if feed.error is not None:
            _err(f"{feed.url}: feed not refreshed: {feed.error}")
    _finish(refreshed.report, refreshed, args.json, settings.import_dir)
    # Entries that failed are listed; the refresh failed only if no feed could be read.
    every_feed_failed = bool(refreshed.feeds) and all(f.error for f in refreshed.feeds)
    return EXIT_FAILED if every_feed_failed else EXIT_OK


def _finish(report, summarised, as_json: bool, dest: Path) -> int:
    """Failures and the summary on stderr, the JSON on stdout; the exit status."""
    from .core.articles import display_path

    for line in report.failures:
        _err(line)
    where = f"; saved in {display_path(dest)}" if report.saved else ""
    _err(summarised.summary() + where)
    if as_json:
        sys.stdout.write(jsonout.dumps(summarised.as_json()) + "\n")
    return EXIT_FAILED if report.all_failed else EXIT_OK


def cmd_feeds(args: argparse.Namespace) -> int:
    from .core.feeds import FeedsError, Subscriptions
    from .core.opml import OpmlError
    from .core.paths import feeds_path

    subscriptions = Subscriptions(feeds_path())
    try:
        return _FEED_ACTIONS[args.feeds_action](args, subscriptions)
    except (FeedsError, OpmlError) as exc:
        _err(str(exc))
        return EXIT_FAILED


def _each_url(args, change, said) -> int:
    """Apply `change` (subscribe or unsubscribe) to each URL given, saying what happened;
    a URL it refuses is one line and the others still go through. Fails only if all did."""
    from .core.feeds import FeedsError, FeedsFileError

    failed = 0
    for url in args.urls:
        try:
            feed = change(url)
        except FeedsFileError:
            raise
        except FeedsError as exc:  # not a feed address, already (or not) subscribed
            _err(str(exc))
            failed += 1
            continue
        _err(said(feed))
    return EXIT_FAILED if failed == len(args.urls) else EXIT_OK


def _feeds_add(args, subscriptions) -> int:
    return _each_url(args, subscriptions.add,
                     lambda feed: f"subscribed to {feed.url}; newsdesk refresh fetches it")


def _feeds_remove(args, subscriptions) -> int:
    return _each_url(args, subscriptions.remove,
                     lambda feed: f"unsubscribed from {feed.url} (its articles stay in the library)")


def _feeds_list(args, subscriptions) -> int:
    feeds = subscriptions.list()
    if args.json:
        sys.stdout.write(jsonout.dumps([feed.as_json() for feed in feeds]) + "\n")
        return EXIT_OK
    for feed in feeds:
        checked = (f"checked {feed.last_checked}, {feed.new:,} new" if feed.last_checked
                   else "never checked")
        print("  ".join(sanitize_line(part) for part in (
            feed.url, feed.title or "(no title yet)", f"({checked})")))
        if feed.last_error:
            print("  last error: " + sanitize_line(feed.last_error))
    if not feeds:
        _err("no subscribed feeds; add one with newsdesk feeds add URL")
    return EXIT_OK


def _feeds_import(args, subscriptions) -> int:
    from .core.opml import read_opml

    shown = sanitize_line(args.file)
    found = read_opml(Path(args.file))
    if not found:
        _err(f"{shown}: no feeds in it (no <outline> with an xmlUrl)")
        return EXIT_FAILED
    added, skipped = subscriptions.add_many(found)
    for line in skipped:
        _err(line)
    _err(f"{len(added):,} of {len(found):,} feed(s) from {shown} added")
    refused = [line for line in skipped if not line.endswith("already subscribed")]
    return EXIT_FAILED if refused and not added else EXIT_OK


def _feeds_export(args, subscriptions) -> int:
    from .core.atomic import atomic_write_text
    from .core.opml import opml_text
    from .core.paths import NotWritable, write_target

    text = opml_text(subscriptions.list())
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    try:
        atomic_write_text(write_target(Path(args.output), OUTPUT_ADVICE), text, keep_mode=True)
    except NotWritable as exc:
        _err(str(exc))
        return EXIT_FAILED
    except OSError as exc:
        _err(f"{args.output}: cannot write ({exc.strerror or exc})")
        return EXIT_FAILED
    _err(f"wrote the feed list to {args.output}")
    return EXIT_OK


_FEED_ACTIONS = {"add": _feeds_add, "remove": _feeds_remove, "list": _feeds_list,
                 "import": _feeds_import, "export": _feeds_export}
DISPATCH = {"import": cmd_import, "feeds": cmd_feeds, "refresh": cmd_refresh}
