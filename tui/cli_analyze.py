"""`newsdesk analyze PATH... [--jobs N] [--json]`: analyse many articles into the cache.

Loads the paths with the app's loader, skips what the cache already holds, and runs
the rest over `--jobs` worker processes (core/bulk.py). Progress goes to stderr: a
Rich bar with articles/s and the time left on a terminal, a plain line every few
seconds otherwise (logs, CI). Ctrl-C keeps what finished (it is cached; the next run
carries on) and ends with one line, exit 130. The summary is one line on stderr, or
with `--json` an object on stdout: {"articles", "cached", "analysed", "failed",
"seconds", "articles_per_second", "model"}.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from .core import jsonout

EXIT_OK = 0
EXIT_USAGE = 1
EXIT_INTERRUPTED = 130  # the shell's code for a command ended by SIGINT
# Without a terminal: one progress line at most this often (seconds).
PLAIN_EVERY = 5.0


def add_parser(commands, global_options) -> None:
    """Register `analyze` on the CLI's subcommands."""
    analyze = commands.add_parser(
        "analyze", help="analyse many articles into the cache (skips what is cached)")
    global_options(analyze, in_command=True)
    analyze.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    analyze.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                         help="worker processes (default: cores − 1, at least 1)")
    analyze.add_argument("--json", action="store_true", help="print the summary as JSON")


def default_jobs() -> int:
    return max(1, (os.cpu_count() or 2) - 1)


def _plain_reporter(stream):
    """A progress callback printing a line when it is due: for logs and pipes."""
    last = [0.0]

    def report(progress) -> None:
        now = time.monotonic()
        finished = progress.done == progress.total
        if progress.done and not finished and now - last[0] < PLAIN_EVERY:
            return
        last[0] = now
        eta = progress.eta
        left = f", {_clock(eta)} left" if eta is not None and not finished else ""
        print(f"newsdesk: analysed {progress.done:,}/{progress.total:,} "
              f"({progress.rate:.1f} articles/s{left})", file=stream, flush=True)

    return report, lambda: None


def _rich_reporter(stream):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]:.1f} articles/s"), TimeRemainingColumn(),
                   console=Console(file=stream), transient=True)
    task = None

    def report(progress) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task("analyse", total=progress.total, rate=0.0)
        bar.update(task, completed=progress.done, rate=progress.rate)

    return report, bar.stop


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02}:{seconds % 60:02}"


def cmd_analyze(args: argparse.Namespace) -> int:
    from .cli_problems import err_line, report_problems
    from .core.analysis import choose_model
    from .core.articles import load_paths
    from .core.bulk import analyse_all
    from .core.config import load_settings

    if args.jobs is not None and args.jobs < 1:
        print("newsdesk: --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    jobs = args.jobs or default_jobs()
    # The model the app would use (--model, NEWSDESK_MODEL, the config): the cache is its.
    model = load_settings(model=getattr(args, "model", None)).model
    notice = choose_model(model).notice
    if notice:
        print(f"newsdesk: {notice}", file=sys.stderr)
    loaded = load_paths(args.paths)
    report_problems(loaded.problems, err_line)
    if not loaded.articles:
        print("newsdesk: no article to analyse", file=sys.stderr)
        return EXIT_USAGE
    stream = sys.stderr
    report, stop = (_rich_reporter if stream.isatty() else _plain_reporter)(stream)
    last = None

    def on_progress(progress) -> None:
        nonlocal last
        last = progress
        if progress.total:
            report(progress)

    try:
        progress = analyse_all(loaded.articles, jobs=jobs, model=model,
                               on_progress=on_progress)
    except KeyboardInterrupt:
        stop()
        done = last.done if last else 0
        total = last.total if last else 0
        print(f"newsdesk: interrupted: {done:,} of {total:,} analysed and kept in the cache; "
              "run again to continue", file=stream)
        return EXIT_INTERRUPTED
    finally:
        stop()
    return _summary(args, progress, choose_model(model).model_id)


def _summary(args, progress, model: str) -> int:
    if args.json:
        sys.stdout.write(jsonout.dumps({
            "articles": progress.total + progress.cached, "cached": progress.cached,
            "analysed": progress.done - len(progress.failed), "failed": progress.failed,
            "seconds": round(progress.elapsed, 3),
            "articles_per_second": round(progress.rate, 2), "model": model}) + "\n")
    else:
        failed = f", {len(progress.failed):,} failed" if progress.failed else ""
        print(f"newsdesk: {progress.done - len(progress.failed):,} analysed, "
              f"{progress.cached:,} already cached{failed} ({model}, "
              f"{progress.elapsed:.1f} s)", file=sys.stderr)
    return EXIT_OK


def analyse_uncached(articles, model: str | None) -> None:
    """Fill the analysis cache for `articles` over a process pool (what `claims` needs for
    its source counts), with a progress bar when stderr is a terminal; Ctrl-C propagates
    and keeps what finished."""
    from .core.analysis import choose_model
    from .core.analysis_cache import AnalysisCache
    from .core.bulk import analyse_all, to_analyse

    if not to_analyse(articles, AnalysisCache(), choose_model(model).model_id):
        return
    stream = sys.stderr
    report, stop = _rich_reporter(stream) if stream.isatty() else (lambda _p: None, lambda: None)
    try:
        analyse_all(articles, jobs=default_jobs(), model=model,
                    on_progress=lambda p: report(p) if p.total else None)
    finally:
        stop()
