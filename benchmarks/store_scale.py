"""The store at a desk's volume: is `v` and the claims screen as quick at 10,000 claims as at 5?

Builds synthetic libraries (10 claims per article: 1,000 claims over 100 articles and 10,000
claims over 1,000 articles) in a fresh temporary folder and measures:

1. `v` as the reader does it (`Store.update` of the claim's status with the revision the
   screen showed, or `tag_claim` on a new span, alternately; then the reader's re-read of the
   article's claims and note): durable — the write is fsynced before the call returns.
   p50/p95 over PRESSES presses. Baseline in the same run: the single-file layout every
   newsdesk before schema 3 used — one TinyDB JSON file holding every claim, each press
   parsing it, changing one row, rewriting it all (same atomic write + fsync, same lock),
   then parsing it again for the re-read (what `Store.claims(uri)` did once the file changed).
2. Opening a store and the library's per-article status counts (what the library shows), and
   the one-time upgrade of the baseline's schema-2 file (checked: every claim kept).
3. The claims screen at the largest size via `App.run_test()`, two seconds after the app's
   first paint (it reads the store in the background then): `C` → the first frame composed
   with the claims' rows; then `s` (status filter) five times round the cycle, key → the
   first frame showing the new filter. Frames are timed where Textual hands them to the
   terminal (`App._display`), so a wait for an idle app (which the background analysis
   keeps busy) is not counted.

Corpora are generated here from varied news sentences (names, places, figures); nothing is
downloaded. Timings are printed, not asserted; a failed correctness check exits 1.

Run: python benchmarks/store_scale.py            (about a minute on 2 cores)
     python benchmarks/store_scale.py --sizes 20,50 --presses 4    (smoke run)
"""

from __future__ import annotations

import argparse
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
import uuid
from pathlib import Path

# Analysis worker processes import this module again (spawn): they reuse the folder.
SCRATCH = Path(os.environ.get("NEWSDESK_STORE_SCALE_SCRATCH")
               or tempfile.mkdtemp(prefix="newsdesk-store-scale-"))
os.environ["NEWSDESK_STORE_SCALE_SCRATCH"] = str(SCRATCH)
os.environ["NEWSDESK_CACHE_DIR"] = str(SCRATCH / "cache")
os.environ["NEWSDESK_CONFIG"] = str(SCRATCH / "config.toml")  # never the user's config
os.environ["NEWSDESK_DATA_DIR"] = str(SCRATCH / "data")
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from filelock import FileLock  # noqa: E402  (after the environment is set)
from scale_common import ORGS, PLACES, strike_sentence  # noqa: E402
from scale_common import until as _until  # noqa: E402

from tui.core.anchoring import make_selector  # noqa: E402
from tui.core.articles import Article  # noqa: E402
from tui.core.records import STATUSES, Annotation, next_row_id, now_iso, parsed_rows  # noqa: E402
from tui.core.storage import AtomicJSONStorage  # noqa: E402
from tui.core.store import Store  # noqa: E402

CLAIMS_PER_ARTICLE = 10
SENTENCES_PER_ARTICLE = 12
DEFAULT_SIZES = (1000, 10000)
DEFAULT_PRESSES = 60
FILTER_PRESSES = 5  # s cycles all → verified → unverified → disputed → false → all
UNTIL_SECONDS = 120.0  # the longest a screen may take to show what is waited for
WARM_SECONDS = 2.0  # after the first paint, before C: the app's background read of the store
ROWS: list[tuple[str, str, str, str]] = []  # (measure, value, baseline, note)

TEMPLATES = [
    "{P} said on {day} that {n:,} passengers had been moved to {place}.",
    "The {org} confirmed that £{m}m had been set aside for repairs in {place}.",
    "Officials in {place} estimated that {n:,} homes were without power on {day}.",
    "{k}.{h} per cent of those surveyed by the {org} backed the plan.",
    "At least {k} people were taken to hospital in {place}, the {org} said.",
    "{P} denied that talks with the {org} had collapsed.",
    "Ferries from {place} were cancelled for a {k}th day, with {n:,} bookings affected.",
    "{P} warned that {n:,} jobs in {place} depended on the crossing reopening.",
]


def synthetic_articles(count: int, seed: int = 11) -> list[Article]:
    """`count` short reports of distinct sentences, one per line (a sentence per line keeps
    the claims' spans obvious)."""
    rng = random.Random(seed)
    articles = []
    for number in range(count):
        lines = [f"Strike report {number}: talks resume in {rng.choice(PLACES)}"]
        while len(lines) < SENTENCES_PER_ARTICLE + 1:
            lines.append(strike_sentence(rng, TEMPLATES, last_hour=9))
        text = "\n".join(lines) + "\n"
        articles.append(Article(uri=f"file:///desk/report-{number:05}.txt", text=text,
                                title=lines[0], source="Wire", date="2025-01-13"))
    return articles


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        if line:
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans[1:]  # not the title


def claims_for(articles: list[Article]) -> list[Annotation]:
    stamp, claims = now_iso(), []
    for article in articles:
        digest = article.text_hash
        for n, (start, end) in enumerate(sentence_spans(article.text)[:CLAIMS_PER_ARTICLE]):
            selector = make_selector(article.text, start, end)
            claims.append(Annotation(
                id=str(uuid.uuid4()), uri=article.uri, selector=selector,
                status=STATUSES[n % 4], note=f"checked against the {ORGS[n % len(ORGS)]}",
                tags=("strike",), created=stamp, modified=stamp, anchored=True,
                text_hash=digest, tagged_quote=selector.exact, rev=1))
    return claims


# ----------------------------------------------------------------------------- baseline

class SingleFile:
    """The layout before schema 3, as its code used it: every claim in one TinyDB JSON file."""

    def __init__(self, path: Path, claims: list[Annotation]):
        self.storage = AtomicJSONStorage(path)
        self.lock = FileLock(str(path) + ".lock")
        self.storage.write({"meta": {"1": {"schema_version": 2}},
                            "annotations": {str(i): c.to_record()
                                            for i, c in enumerate(claims, 1)}})

    def press(self, uri: str, selector) -> list[Annotation]:
        with self.lock:  # one transaction: read and parse all, change one row, write all
            data = self.storage.read()
            rows = data["annotations"]
            found = next(((k, a) for k, a in parsed_rows(rows, uri=uri)
                          if (a.selector.start, a.selector.end) == (selector.start,
                                                                    selector.end)), None)
            if found is not None:
                key, current = found
                rows[key] = {**current.to_record(), "status": "verified",
                             "rev": current.rev + 1, "modified": now_iso()}
            else:
                rows[str(next_row_id(rows))] = Annotation(
                    id=str(uuid.uuid4()), uri=uri, selector=selector, status="verified",
                    created=now_iso(), modified=now_iso(), tagged_quote=selector.exact,
                    rev=1).to_record()
            self.storage.write(data)
        # the re-read: the file changed, so every row was parsed again
        every = [Annotation.from_record(r) for r in self.storage.read()["annotations"].values()]
        return [a for a in every if a.uri == uri]


# ----------------------------------------------------------------------------- 1. and 2.

def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def press_targets(articles: list[Article], presses: int, seed: int) -> list[tuple[Article, int]]:
    """(article, sentence) pairs: even presses re-tag a claimed sentence, odd ones a new one."""
    rng = random.Random(seed)
    chosen = []
    for n in range(presses):
        sentence = (rng.randrange(CLAIMS_PER_ARTICLE) if n % 2 == 0
                    else rng.randrange(CLAIMS_PER_ARTICLE, SENTENCES_PER_ARTICLE))
        chosen.append((rng.choice(articles), sentence))
    return chosen


def tag_presses(size: int, presses: int, failures: list[str]) -> list[Article]:
    articles = synthetic_articles(size // CLAIMS_PER_ARTICLE)
    claims = claims_for(articles)
    folder = SCRATCH / f"v-{size}"
    folder.mkdir()
    Store(folder / "newsdesk.json").insert(claims)

    started = time.perf_counter()
    store = Store(folder / "newsdesk.json")
    opened = time.perf_counter() - started
    started = time.perf_counter()
    counts = store.status_counts()
    counted = time.perf_counter() - started
    if sum(sum(c.values()) for c in counts.values()) != size:
        failures.append(f"{size:,}: status counts sum to the wrong number")

    baseline = SingleFile(folder / "single.json", claims)
    new, old = [], []
    for article, index in press_targets(articles, presses, seed=size):
        start, end = sentence_spans(article.text)[index]
        selector = make_selector(article.text, start, end)
        claim = next((c for c in store.claims(article.uri)
                      if (c.selector.start, c.selector.end) == (start, end)), None)
        begun = time.perf_counter()
        if claim is not None:
            store.update(claim.id, expected_rev=claim.rev, status="verified")
        else:
            store.tag_claim(article.uri, selector, text_hash=article.text_hash, status="verified")
        shown = store.claims(article.uri)
        store.article_note(article.uri)
        new.append(time.perf_counter() - begun)
        begun = time.perf_counter()
        baseline.press(article.uri, selector)
        old.append(time.perf_counter() - begun)
        if not any(c.selector.start == start and c.status == "verified" for c in shown):
            failures.append(f"{size:,}: a press did not show its claim")
    total = len(Store(folder / "newsdesk.json").claims())
    if total != size + presses // 2 and total < size:
        failures.append(f"{size:,}: {total} claims stored after the presses")
    # The baseline file is a schema-2 database: time its upgrade on first open, count its rows.
    single = folder / "single.json"
    rows = len(json.loads(single.read_text("utf-8"))["annotations"])
    started = time.perf_counter()
    upgraded = Store(single)
    upgrade = time.perf_counter() - started
    if len(upgraded.annotations()) != rows or not single.with_name(
            "single.json.schema2-backup").exists():
        failures.append(f"{size:,}: the upgrade kept {len(upgraded.annotations())} of {rows} claims")
    for name, share in (("p50", 0.5), ("p95", 0.95)):
        value, base = percentile(new, share), percentile(old, share)
        ROWS.append((f"v, {size:,} claims, {name}", ms(value), ms(base),
                     f"baseline/now {base / value:.1f}×" + ("; goal p95 ≤ 25 ms"
                                                             if name == "p95" else "")))
    ROWS.append((f"open store + library status counts, {size:,}", ms(opened + counted), "",
                 f"open {ms(opened)}, counts {ms(counted)}"))
    ROWS.append((f"upgrade a schema-2 file of {rows:,} claims (once)", ms(upgrade), "",
                 "backup, rows moved into per-article files, one sync; every claim kept"))
    return articles


# ----------------------------------------------------------------------------- 3.

async def claims_screen(size: int, failures: list[str]) -> None:
    from textual.widgets import DataTable

    from tui.app import NewsdeskApp
    from tui.core.analysis import AnalysisCache
    from tui.core.config import Settings
    from tui.core.pool import AnalysisPool
    from tui.screens.claims import FILTERS, ClaimsScreen

    articles = synthetic_articles(size // CLAIMS_PER_ARTICLE)
    folder = SCRATCH / f"screen-{size}"
    folder.mkdir()
    db = folder / "newsdesk.json"
    Store(db).insert(claims_for(articles))
    pool = AnalysisPool(cache=AnalysisCache(SCRATCH / "cache" / "analysis"), workers=1)
    app = NewsdeskApp(articles, settings=Settings(db=db), store=Store(db), pool=pool)
    async with app.run_test(size=(140, 44)) as pilot:
        frames: list[tuple[float, object]] = []  # (when a frame was composed, filter shown)
        compose = app._display

        def display(screen, renderable) -> None:
            compose(screen, renderable)
            if isinstance(screen, ClaimsScreen) and screen.query("#claims") and \
                    screen.query_one("#claims", DataTable).row_count:
                frames.append((time.perf_counter(), screen.status_filter))

        app._display = display
        await pilot.pause()
        await asyncio.sleep(WARM_SECONDS)  # the app reads the store in the background at start
        started = time.perf_counter()
        app.action_claims()
        await until(lambda: frames)
        opened = frames[0][0] - started
        screen = app.screen
        filters, handled = [], []
        cycle = screen.action_cycle_status

        def timed_cycle() -> None:  # the screen's own work for the key: filter, rows made
            begun = time.perf_counter()
            cycle()
            handled.append(time.perf_counter() - begun)

        screen.action_cycle_status = timed_cycle
        for _ in range(FILTER_PRESSES):
            frames.clear()
            wanted = FILTERS[(FILTERS.index(screen.status_filter) + 1) % len(FILTERS)]
            started = time.perf_counter()
            await pilot.press("s")
            await until(lambda: any(shown == wanted for _, shown in frames))  # noqa: B023 (awaited here)
            filters.append(next(t for t, shown in frames if shown == wanted) - started)
        if screen.status_filter is not None:
            failures.append("claims screen: the status filter did not come back to all")
        # The baseline's way, in the same app: a row made for every claim, then a frame.
        table = screen.query_one("#claims", DataTable)
        frames.clear()
        started = time.perf_counter()
        table.show(table.items, table._row_for, len(table.items))
        await until(lambda: frames)
        every_row = frames[0][0] - started
        if table.row_count != size:
            failures.append(f"claims screen: {table.row_count} rows made of {size}")
        if screen.shown_count() != size:
            failures.append(f"claims screen: {screen.shown_count()} of {size} claims listed")
    pool.shutdown()
    ROWS.append((f"claims screen open, {size:,} claims", ms(opened), ms(every_row),
                 "C → first frame with rows; baseline: every row made, as before; "
                 "goal ≤ 300 ms"))
    ROWS.append((f"claims screen status filter, {size:,}, median", ms(statistics.median(filters)),
                 "", f"max {ms(max(filters))}, s → frame (5 presses, back to all); goal ≤ 50 ms"))
    ROWS.append(("   of which the screen's handler (filter + rows made)",
                 ms(statistics.median(handled)), "", "the rest is Textual's layout and paint"))


async def until(predicate) -> None:
    await _until(predicate, UNTIL_SECONDS)


# ----------------------------------------------------------------------------- report

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="claim counts, comma-separated (multiples of 10)")
    parser.add_argument("--presses", type=int, default=DEFAULT_PRESSES)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    load = os.getloadavg()[0]
    failures: list[str] = []
    for size in sizes:
        tag_presses(size, args.presses, failures)
    asyncio.run(claims_screen(max(sizes), failures))

    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average "
          f"{load:.2f} at start ({os.getloadavg()[0]:.2f} at end); {CLAIMS_PER_ARTICLE} claims "
          f"per article; baseline: one schema-2 file, same atomic write + fsync\n")
    width = max(len(row[0]) for row in ROWS)
    print(f"{'measure':{width}}  {'now':>9}  {'baseline':>9}  note")
    for measure, value, base, note in ROWS:
        print(f"{measure:{width}}  {value:>9}  {base:>9}  {note}")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        status = main()
    finally:
        for _ in range(20):  # a worker process may still be finishing a cache write
            shutil.rmtree(SCRATCH, ignore_errors=True)
            if not SCRATCH.exists():
                break
            time.sleep(0.1)
    sys.exit(status)
