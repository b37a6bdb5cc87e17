"""Claims at scale: does a big claims database keep the app as quick as an empty one?

Drives the real app headless (`App.run_test()`) on real article files and a real TinyDB file
written with fsync, and times what a fact-checker waits for:

1. Moved file: an article with 2,000 claims (one per sentence) was renamed, so at start the app
   moves them all to the new file (`follow_moved_files`). Timed: app construction (which opens
   the database) to the library's table holding its rows, against an empty database.
   Goal: as fast as without claims, within 1 s. Checked: all 2,000 claims carry the new uri.
2. Edited article: 1,000 claims on an article whose first line was edited since, so every
   offset shifts. Timed: `enter` in the library to the reader holding the 1,000 re-anchored
   claims, against the same article with no claims. Counted: database rewrites (goal: one for
   the claims; opening any article also writes its read state). Checked: each claim is on its
   own words at the shifted offset, on screen and in the file.
3. Tagging: `v` on 50 sentences (every other one already a claim) with 1,000 claims stored:
   key press to the "✓ verified — saved" notification, raised only once the write is fsynced.
   Checked: each tag is in the file on disk.

The article is synthetic news copy (~2,300 sentences, fixed seed). Every analysis is computed
in-process before anything is timed (the warm cache of tests/functional/conftest.py): spaCy's
model load and parse are in no number. Database, cache and articles live in a fresh temporary
folder, removed at the end. Timings are printed, not asserted; a failed check exits 1.

Run: python benchmarks/claims_scale.py        (about 1.5 minutes; medians of 3 runs for 1 and 2)
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shlex
import shutil
import statistics
import sys
import tempfile
import time
import traceback
import uuid
from collections import Counter
from pathlib import Path

SCRATCH = Path(tempfile.mkdtemp(prefix="newsdesk-claims-scale-"))
os.environ["NEWSDESK_CACHE_DIR"] = str(SCRATCH / "cache")
os.environ["NEWSDESK_CONFIG"] = str(SCRATCH / "config.toml")  # never the user's config
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scale_common import strike_sentence  # noqa: E402
from scale_common import until as _until  # noqa: E402
from textual.widgets import DataTable  # noqa: E402  (after the environment is set)

from tui.app import NewsdeskApp  # noqa: E402
from tui.core.analysis import Analyser, AnalysisCache  # noqa: E402
from tui.core.anchoring import make_selector  # noqa: E402
from tui.core.articles import load_file, load_paths, text_hash  # noqa: E402
from tui.core.config import Settings  # noqa: E402
from tui.core.pool import AnalysisPool  # noqa: E402
from tui.core.records import STATUSES, Annotation, now_iso  # noqa: E402
from tui.core.shards import shard_name  # noqa: E402
from tui.core.storage import AtomicJSONStorage  # noqa: E402
from tui.core.store import Store  # noqa: E402
from tui.screens.library import LibraryScreen  # noqa: E402
from tui.screens.reader import ReaderScreen  # noqa: E402
from tui.widgets.article_view import ArticleView  # noqa: E402

UNTIL_SECONDS = 60.0


async def until(predicate) -> None:
    await _until(predicate, UNTIL_SECONDS)

RUNS = 3
CONFIRM = "✓ verified — saved"
ROWS: list[tuple[str, str, str]] = []  # (measure, value, note): the printed table

TEMPLATES = [
    "{P} said on {day} that {n:,} passengers had been moved to {place}.",
    "The {org} confirmed that £{m}m had been set aside for repairs in {place}, up from £{k}m.",
    "Officials in {place} estimated that about {n:,} homes were without power by {h}pm {day}.",
    "{k}.{h} per cent of those surveyed by the {org} backed the plan, figures showed on {day}.",
    "“We are doing everything we can to get people home,” {p} told reporters in {place}.",
    "At least {k} people were taken to hospital in {place}, the {org} said in a statement.",
    "{P} denied that talks with the {org} had collapsed, saying they would resume on {day}.",
    "Ferries from {place} were cancelled for a {k}th day, with {n:,} bookings affected.",
    "Queues of up to {k} kilometres built up on the approach to {place} by {h}am on {day}.",
    "{P} warned that {n:,} jobs in {place} depended on the crossing reopening by {day}.",
]


def synthetic_article(sentences: int = 2300, seed: int = 7) -> str:
    """A long strike report: a title, a byline, then paragraphs of 3-5 distinct sentences."""
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < sentences:
        seen.setdefault(strike_sentence(rng, TEMPLATES, last_hour=11))
    body, paragraphs = list(seen), []
    while body:
        size = rng.randint(3, 5)
        paragraphs.append(" ".join(body[:size]))
        del body[:size]
    return "\n\n".join(["Ferry strike deepens as talks collapse", "By our transport staff",
                        "date 2025-01-13", *paragraphs]) + "\n"


# ----------------------------------------------------------------------------- helpers

WRITES: list[str] = []  # one entry per database rewrite: the Store method that asked for it


def count_writes() -> None:
    original = AtomicJSONStorage.write

    def write(self, data):
        names = [f.name for f in traceback.extract_stack()
                 if f.filename.endswith("store.py") and not f.name.startswith("_")]
        WRITES.append(names[0] if names else "open")
        return original(self, data)

    AtomicJSONStorage.write = write


def per_run(writes: Counter, runs: int, note: str = "") -> tuple[str, str]:
    """(writes per run, which Store methods made them) for a row of the table."""
    made = ", ".join(f"{name} {count / runs:g}" for name, count in writes.items())
    return f"{sum(writes.values()) / runs:g}", f"by {made or '—'}{note}"


def edit_first_line(text: str) -> str:
    title, rest = text.split("\n", 1)
    return f"{title} as union rejects new offer\n{rest}"


def setup(name: str, text: str, claims_on_sentences, analysis, moved_to: str = ""):
    """A library (the 5 seeds + `text`) and a database holding claims on the given sentences
    of `text`, written once with `Store.insert`; the article file is renamed after if asked."""
    folder = SCRATCH / name
    (folder / "library").mkdir(parents=True)
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        shutil.copy(seed, folder / "library" / seed.name)
    path = folder / "library" / "ferry-strike.txt"
    path.write_text(text, "utf-8")
    article, stamp, claims = load_file(path).articles[0], now_iso(), []
    digest = article.text_hash  # a property that hashes the text: once, not per claim
    for n, index in enumerate(claims_on_sentences):
        sentence = analysis.sentences[index]
        selector = make_selector(text, sentence.start, sentence.end)
        claims.append(Annotation(
            id=str(uuid.uuid4()), uri=article.uri, selector=selector, status=STATUSES[n % 4],
            created=stamp, modified=stamp, anchored=True, text_hash=digest,
            tagged_quote=selector.exact, rev=1))
    Store(folder / "claims.json").insert(claims)
    if moved_to:
        path = path.rename(path.with_name(moved_to))
    return folder, path


def new_app(folder: Path, db: Path, cache, timer: list[float] | None = None) -> NewsdeskApp:
    """The app on the folder's library; `timer` gets the moment just before its construction."""
    articles, pool = load_paths([folder / "library"]).articles, AnalysisPool(cache=cache, workers=1)
    (timer if timer is not None else []).append(time.perf_counter())
    return NewsdeskApp(articles, settings=Settings(db=db), pool=pool)  # it opens the Store


def library_rows(app) -> int:
    tables = app.screen.query(DataTable) if isinstance(app.screen, LibraryScreen) else []
    return tables.first().row_count if tables else -1


async def library_paint(folder: Path, db: Path, cache) -> float:
    started: list[float] = []
    app = new_app(folder, db, cache, started)
    async with app.run_test(size=(120, 40)):
        await until(lambda: library_rows(app) == len(app.articles))
        return time.perf_counter() - started[0]


async def open_in_reader(app, pilot, path: Path, claims: int):
    """Once the library and its background analysis are done: enter on `path`'s row."""
    await until(lambda: library_rows(app) == len(app.articles)
                and app.analysis_progress[0] == app.analysis_progress[1] > 0)
    table = app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(path.resolve().as_uri()))
    await pilot.pause()
    WRITES.clear()
    started = time.perf_counter()
    await pilot.press("enter")
    await until(lambda: isinstance(app.screen, ReaderScreen) and app.screen.analysis is not None
                and len(app.screen.claims) == claims)
    return app.screen, time.perf_counter() - started


# ----------------------------------------------------------------------------- the scenarios

async def moved_file(text: str, analysis, cache, failures: list[str]) -> None:
    with_claims, empty, writes = [], [], Counter()
    for run in range(RUNS):
        folder, new = setup(f"moved-{run}", text, range(2000), analysis, "ferry-strike-2.txt")
        if run == 0:  # warm-up: imports and Textual's first start are not what is compared
            await library_paint(folder, folder / "warm-up.json", cache)
        WRITES.clear()
        with_claims.append(await library_paint(folder, folder / "claims.json", cache))
        writes.update(WRITES)
        empty.append(await library_paint(folder, folder / "empty.json", cache))
        claims = Store(folder / "claims.json").claims()
        followed = sum(1 for c in claims if c.uri == new.resolve().as_uri())
        if followed != 2000 or len(claims) != 2000:
            failures.append(f"moved file, run {run + 1}: {followed}/{len(claims)} on the new uri")
    ROWS.extend([
        ("1. library painted, empty database", ms(statistics.median(empty)), ""),
        ("1. library painted, 2,000 claims on a moved file", ms(statistics.median(with_claims)),
         "goal: ≈ empty, < 1 s"),
        ("   claims on the new uri afterwards", f"{followed} / 2000", "correctness"),
        ("   database writes at start", *per_run(writes, RUNS)),
    ])


async def edited_article(text: str, analysis, cache, failures: list[str]) -> None:
    edited = edit_first_line(text)
    indices = range(1, 2001, 2)  # every other sentence: 1,000 claims
    expected = {analysis.sentences[i].start + len(edited) - len(text) for i in indices}
    times, empty, writes = [], [], Counter()
    for run in range(RUNS):
        folder, path = setup(f"edited-{run}", text, indices, analysis)
        path.write_text(edited, "utf-8")  # the first line edited after the claims were made
        for db, claims, found in ((folder / "claims.json", 1000, times),
                                  (folder / "empty.json", 0, empty)):
            app = new_app(folder, db, cache)
            async with app.run_test(size=(120, 40)) as pilot:
                screen, elapsed = await open_in_reader(app, pilot, path, claims)
                found.append(elapsed)
                if claims:
                    writes.update(WRITES)
                    new_hash, shown = screen.article.text_hash, screen.claims
        good = [c for c in shown if c.anchored and c.text_hash == new_hash
                and c.selector.exact == c.tagged_quote and c.selector.start in expected]
        stored = [c for c in Store(folder / "claims.json").claims()
                  if c.anchored and c.text_hash == new_hash]
        if len(good) != 1000 or len(stored) != 1000:
            failures.append(f"edited article, run {run + 1}: {len(good)} re-anchored on screen, "
                            f"{len(stored)} in the file (of 1000)")
    ROWS.extend([
        ("2. enter → reader, same article, no claims", ms(statistics.median(empty)), ""),
        ("2. enter → reader with 1,000 claims re-anchored", ms(statistics.median(times)), ""),
        ("   claims re-anchored to the shifted text", f"{len(good)} / 1000", "correctness"),
        ("   database writes on opening", *per_run(writes, RUNS, "; goal: 1 for the claims")),
    ])


async def tagging(text: str, analysis, cache, failures: list[str]) -> None:
    folder, path = setup("tagging", text, range(1, 2001, 2), analysis)
    db, app = folder / "claims.json", new_app(folder, folder / "claims.json", cache)
    keys = {"v on a new sentence": [], "v on an existing claim": [], "j (key → app idle)": [],
            "unbound key (key → app idle)": []}
    writes, on_disk = Counter(), 0
    async with app.run_test(size=(120, 40)) as pilot:
        screen, _ = await open_in_reader(app, pilot, path, 1000)
        view = screen.query_one(ArticleView)
        shown: list[float] = []  # when the confirmation reached the app's notifications
        add = app._notifications.add
        app._notifications.add = lambda note: (
            note.message == CONFIRM and shown.append(time.perf_counter()), add(note))[1]
        for _ in range(50):
            for key, name in (("z", "unbound key (key → app idle)"), ("j", "j (key → app idle)")):
                started = time.perf_counter()
                await pilot.press(key)
                keys[name].append(time.perf_counter() - started)
            kind = "v on an existing claim" if screen.current_claim() else "v on a new sentence"
            sentence = screen.analysis.sentences[view.cursor]
            shown.clear()
            WRITES.clear()
            started = time.perf_counter()
            await pilot.press("v")
            await until(lambda: shown)
            keys[kind].append(shown[0] - started)
            writes.update(WRITES)
            shard = db.with_name(db.name + ".claims") / f"{shard_name(screen.article.uri)}.json"
            rows = json.loads(shard.read_text("utf-8"))["annotations"].values()
            on_disk += any(r["uri"] == screen.article.uri and r["status"] == "verified"
                           and r["selector"]["start"] == sentence.start for r in rows)
    if on_disk != 50:
        failures.append(f"tagging: {on_disk}/50 tags found in the file on disk")
    presses = keys["v on a new sentence"] + keys["v on an existing claim"]
    ROWS.append(p50_p95("3. v, key → “✓ verified — saved”, 50 presses", presses))
    ROWS.extend(p50_p95(f"   {name} (n={len(values)})", values) for name, values in keys.items())
    ROWS.extend([("   tags found in the file on disk", f"{on_disk} / 50", "correctness"),
                 ("   database writes per v", *per_run(
                     writes, 50, f"; {len(Store(db).claims())} claims stored after"))])


# ----------------------------------------------------------------------------- report

def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def p50_p95(measure: str, values: list[float]) -> tuple[str, str, str]:
    p95 = sorted(values)[min(len(values) - 1, int(len(values) * 0.95))]
    return measure, ms(statistics.median(values)), f"p95 {ms(p95)}"


def main() -> int:
    count_writes()
    load = os.getloadavg()[0]
    text = synthetic_article()
    cache = AnalysisCache(SCRATCH / "cache" / "analysis")
    started = time.perf_counter()
    analyser = Analyser(cache=cache)
    for article in load_paths([REPO / "seeds"]).articles:
        analyser.analyse(article.text, article.text_hash)
    analysis = analyser.analyse(text, text_hash(text))
    analyser.analyse(edit_first_line(text), text_hash(edit_first_line(text)))
    warm = time.perf_counter() - started
    if len(analysis.sentences) < 2001:
        print(f"the article has only {len(analysis.sentences)} sentences", file=sys.stderr)
        return 1

    failures: list[str] = []
    for scenario in (moved_file, edited_article, tagging):
        asyncio.run(scenario(text, analysis, cache, failures))

    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"article: {len(text):,} characters, {len(text.split()):,} words, "
          f"{len(analysis.sentences):,} sentences; library: it + the 5 seeds; terminal 120x40")
    print(f"warm cache: spaCy ({analyser.choice.model_id}) analysed every text in {warm:.1f} s "
          "before timing; no number below includes model load or parsing")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.2f} at start "
          f"({os.getloadavg()[0]:.2f} at end); medians of {RUNS} runs for 1 and 2\n")
    width = max(len(row[0]) for row in ROWS)
    print(f"{'measure':{width}}  {'value':>11}  note")
    for measure, value, note in ROWS:
        print(f"{measure:{width}}  {value:>11}  {note}")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        status = main()
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    sys.exit(status)
