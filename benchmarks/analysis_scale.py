"""Analysis at library scale: NER speed, `analyze --jobs`, what a start queues, and one
claim's corroboration at 10,000 articles — each beside its baseline, measured in the same run.

1. NER words/s: newsdesk's analysis (analysis.analyse_texts: the model's NER components
   only, lines through one `nlp.pipe` stream) against spaCy's full pipeline of the same
   model (`spacy.load(name)`, every component) over `nlp.pipe` of the same texts, single
   process. Goal: ≥ 2×.
2. `analyze --jobs 1` against `--jobs 2` (core/bulk.py, fresh cache each, pool start and
   model load included): articles/s. Goal: scaling with the cores there are.
3. Start-up queue at 1,000 articles: the real app headless, cold cache, a terminal of
   120×36: how many articles are queued after the first paint (on demand: the visible
   rows) against the whole library, which the old start queued (`_bulk_analysis`; here
   `want_analysis(all articles)`, the same queue). Goal: only the visible ones.
4. "Said by N sources" for one claim at 10,000 analysed articles: the sentence index
   (core/sentence_index.py) against the old way, one alignment per article pair; first
   (nothing aligned yet) and repeat (same process, the alignments' memory cache; and a new
   process, reading the disk caches). Scaled down: the 10,000 analyses come from the
   rule-based pipeline (spaCy's tokenizer and sentencizer with newsdesk's figure rules, no
   NER), as the model would need about 10 minutes of both cores for them; the old way is
   timed on OLD_SAMPLE pairs and extrapolated linearly to the library (each pair is one
   independent alignment; its cost does not depend on the library's size). Over the
   sample both counts are printed beside the true one (the story's other outlets stating
   the claim's figure): the index never counts more than every pair (checked), as it
   aligns a subset of the same pairs.

Texts are synthetic news stories generated here (fixed seed): each story has its own
people, places, organisations and figures and is told by several outlets, each in its
own order and wording, with filler of its own. Nothing is downloaded; everything is
written to a temporary folder, removed at the end. Timings are printed, not asserted.

Run: python benchmarks/analysis_scale.py            (about a minute on 2 cores)
     python benchmarks/analysis_scale.py --smoke    (tiny sizes; what the tests run)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# One scratch folder, shared with the worker processes (spawned: they import this file).
SCRATCH = Path(os.environ.get("NEWSDESK_BENCH_SCRATCH")
               or tempfile.mkdtemp(prefix="newsdesk-analysis-scale-"))
os.environ["NEWSDESK_BENCH_SCRATCH"] = str(SCRATCH)
os.environ["NEWSDESK_CACHE_DIR"] = str(SCRATCH / "cache")
os.environ["NEWSDESK_CONFIG"] = str(SCRATCH / "config.toml")
os.environ["NEWSDESK_DB"] = str(SCRATCH / "newsdesk.json")
os.environ["NEWSDESK_DATA_DIR"] = str(SCRATCH / "data")
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tui.core.analysis import RULE_BASED, AnalysisCache, ModelChoice, analyse_texts, choose_model, load_pipeline  # noqa: E402
from tui.core.articles import load_paths  # noqa: E402


@dataclass(frozen=True)
class Sizes:
    ner_articles: int = 150
    analyze_articles: int = 240
    startup_articles: int = 1000
    library: int = 10_000
    old_sample: int = 300


FULL = Sizes()
SMOKE = Sizes(ner_articles=4, analyze_articles=6, startup_articles=60, library=200,
              old_sample=20)
ROWS: list[tuple[str, str, str, str, str]] = []  # measure, newsdesk, baseline, ratio, goal

FIRST = ["Maria", "Tom", "Sarah", "Ian", "Priya", "Lars", "Ahmed", "Yuki", "Elena", "Kwame",
         "Sofia", "Daniel", "Amara", "Jonas", "Lucia", "Oleksandr", "Mei", "Rafael", "Ingrid",
         "Tariq", "Nadia", "Pieter", "Chloe", "Mateo", "Hana", "Viktor", "Grace", "Omar"]
# Places and surnames are built from syllables, so a 10,000-article library has thousands
# of them, as real news has; organisations are named after their place.
ONSETS = ["Kel", "Mar", "Bri", "Dan", "Vos", "Lin", "Sor", "Ket", "Ul", "Ra", "Mon", "Ves",
          "Tal", "Gor", "Pen", "Dri", "Sa", "Nor", "Hal", "Bel", "Cor", "Fen", "Ast", "Ro"]
MIDDLES = ["a", "e", "i", "o", "an", "er", "il", "or", "un", "ad", "em", "is"]
PLACE_ENDS = ["ton", "ford", "by", "field", "mouth", "ley", "wick", "stead", "burg", "ville"]
NAME_ENDS = ["son", "er", "ski", "ez", "ova", "ides", "ani", "ler", "berg", "ard"]
ORG_KINDS = ["Port Authority", "City Council", "Fire Service", "Health Board", "Water Company",
             "Police", "Chamber of Commerce", "Rail Operator", "University", "Energy Company"]
TOPICS = [("flood", "homes", "flooded"), ("strike", "workers", "walked out"),
          ("wildfire", "hectares", "burned"), ("ferry accident", "passengers", "rescued"),
          ("power cut", "households", "left without power"), ("budget", "jobs", "cut"),
          ("storm", "trees", "brought down"), ("outbreak", "patients", "treated"),
          ("derailment", "commuters", "stranded"), ("drought", "farms", "affected"),
          ("landslide", "roads", "closed"), ("heatwave", "pensioners", "admitted"),
          ("cyberattack", "accounts", "compromised"), ("factory fire", "staff", "evacuated"),
          ("bridge collapse", "vehicles", "diverted"), ("water shortage", "streets", "supplied"),
          ("bus crash", "pupils", "injured"), ("school closure", "children", "moved"),
          ("oil spill", "birds", "cleaned"), ("earthquake", "buildings", "damaged"),
          ("election", "votes", "counted"), ("protest", "marchers", "arrested"),
          ("recall", "cars", "returned"), ("layoffs", "employees", "dismissed")]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# A fact: who said it, how, and what (a figure, a noun, a predicate), when. Some 150,000
# combinations: unrelated stories rarely state the same thing, outlets of one story do.
SUBJECTS = ["{person}", "The {org}", "A spokeswoman for the {org}", "Officials in {place}",
            "Police in {place}", "The mayor of {place}, {person},", "{last}'s office",
            "Engineers at the {org}"]
VERBS = [("said", "told reporters"), ("confirmed", "announced"), ("warned", "cautioned"),
         ("estimated", "calculated"), ("reported", "stated"), ("admitted", "conceded")]
NOUNS = ["homes", "families", "pupils", "nurses", "drivers", "farms", "shops", "bridges",
         "flights", "trains", "boats", "pensioners", "patients", "tenants", "volunteers",
         "firefighters", "teachers", "students", "factories", "warehouses", "hotels",
         "cafes", "churches", "libraries", "buses", "lorries", "fishermen", "miners",
         "dockers", "cyclists", "tourists", "soldiers", "doctors", "cleaners", "bakers",
         "vineyards", "orchards", "stadiums", "museums", "clinics", "pharmacies", "ferries",
         "tunnels", "schools", "kindergartens", "prisons", "courts", "banks", "markets",
         "garages", "sawmills", "quarries", "harbours", "airfields", "campsites", "farmers"]
PREDICATES = ["had been evacuated", "were still without water", "were moved to shelters",
              "had lost their jobs", "were checked by engineers", "would be compensated",
              "were declared unsafe", "had reopened by the evening", "were cut off by floodwater",
              "had signed a petition", "were waiting for insurance payouts",
              "had been damaged beyond repair", "were given emergency grants",
              "had joined the clean-up", "were closed until further notice",
              "had been inspected twice", "were fined for breaches", "had asked for rehousing",
              "were sent home early", "had received warning letters", "were on strike",
              "had been searched overnight", "were running on generators",
              "had filed complaints", "were rebuilt within a month"]
WHEN = ["on {day}", "late on {day}", "in a statement", "at a briefing", "in an interview",
        "early on {day}", "after a meeting", "on Twitter"]
FILLER = [
    "Traffic in {place} was heavy on {day} morning.",
    "Shares in local firms fell {p}% in early trading.",
    "The {org} will publish its annual report in {month}.",
    "Schools in {place} reopened after {k} days.",
    "{person} is due to visit {place} next week.",
    "Weather forecasters expect rain in {place} later this week.",
]
QUOTE_OPENINGS = ["Nobody in", "Every family in", "The people of", "Each business in",
                  "No school in", "Every street in", "The hospitals of", "All the farms near"]
QUOTE_ENDINGS = ["will be left behind", "deserves answers now", "has been let down badly",
                 "will be rebuilt stone by stone", "must be paid back in full",
                 "will not wait another winter", "should never see this again"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def _word(rng: random.Random, ends: list[str]) -> str:
    return rng.choice(ONSETS) + rng.choice(MIDDLES) + rng.choice(ends)


def story_values(number: int) -> dict:
    rng = random.Random(1000 + number)
    topic, things, done = rng.choice(TOPICS)
    first, last = rng.choice(FIRST), _word(rng, NAME_ENDS)
    place, place2 = _word(rng, PLACE_ENDS), _word(rng, PLACE_ENDS)
    return dict(person=f"{first} {last}", last=last, place=place, place2=place2,
                org=f"{place} {rng.choice(ORG_KINDS)}", topic=topic, things=things, done=done,
                day=rng.choice(DAYS), month=rng.choice(MONTHS),
                n1=rng.randint(120, 48_000), n2=rng.randint(50, 9_000),
                n3=rng.randint(200, 20_000), n4=rng.randint(30, 5_000),
                m=rng.randint(2, 950), k=rng.randint(3, 60), p=rng.randint(3, 88),
                year=rng.randint(1950, 2019),
                quote=f"{rng.choice(QUOTE_OPENINGS)} {place} {rng.choice(QUOTE_ENDINGS)}")


def story_facts(number: int, values: dict) -> list[str]:
    """The story's ten facts, each with its own figure."""
    rng = random.Random(5000 + number)
    facts = []
    for _ in range(10):
        verb = rng.choice(VERBS)[0]
        facts.append(f"{rng.choice(SUBJECTS)} {verb} that {rng.randint(12, 48_000):,} "
                     f"{rng.choice(NOUNS)} {rng.choice(PREDICATES)} {rng.choice(WHEN)}."
                     .format(**values))
    facts.append("“{quote},” {person} told reporters outside the {org} offices.".format(**values))
    facts.append("The {topic} is the worst to hit {place} since {year}, according to the {org}."
                 .format(**values))
    return facts


def article_text(number: int, outlets: int = 4) -> str:
    """Outlet `number % outlets` telling story `number // outlets`: 7-9 of its facts in
    its own order, some reworded, with filler of its own."""
    story, outlet = divmod(number, outlets)
    values = story_values(story)
    rng = random.Random(number)
    lines = []
    for sentence in rng.sample(story_facts(story, values), rng.randint(7, 9)):
        if rng.random() < 0.4:
            for plain, other in VERBS:
                sentence = sentence.replace(f" {plain} that", f" {other} that", 1)
        lines.append(sentence)
    for _ in range(rng.randint(2, 4)):
        filler = story_values(rng.randint(10**6, 10**7))
        lines.insert(rng.randint(0, len(lines)), rng.choice(FILLER).format(**filler))
    paragraphs = [" ".join(lines[n:n + 3]) for n in range(0, len(lines), 3)]
    title = f"{values['topic'].capitalize()} in {values['place']}: {values['last']} speaks"
    return "\n\n".join([title, f"Outlet {outlet + 1} staff", *paragraphs]) + "\n"


def write_library(folder: Path, count: int) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"{n:05}.txt").write_text(article_text(n), "utf-8")
    return load_paths([folder]).articles


def row(measure, mine, baseline, ratio, goal) -> None:
    ROWS.append((measure, mine, baseline, ratio, goal))


# ----------------------------------------------------------------------------- 1. NER words/s

def measure_ner(sizes: Sizes, choice: ModelChoice) -> None:
    import spacy

    texts = [article_text(n) for n in range(sizes.ner_articles)]
    words = sum(len(t.split()) for t in texts)
    nlp, loaded = load_pipeline(choice)
    full = spacy.load(choice.name)
    analyse_texts(nlp, loaded.model_id, [(texts[0], "warm")])  # warm both
    list(full.pipe(texts[:1]))
    start = time.perf_counter()
    analyse_texts(nlp, loaded.model_id, [(t, str(n)) for n, t in enumerate(texts)])
    mine = time.perf_counter() - start
    start = time.perf_counter()
    for _doc in full.pipe(texts):
        pass
    theirs = time.perf_counter() - start
    row(f"NER words/s ({words:,} words, 1 process)", f"{words / mine:,.0f}",
        f"{words / theirs:,.0f} (full {'+'.join(full.pipe_names)})", f"{theirs / mine:.2f}×",
        "≥ 2×")


# ----------------------------------------------------------------------------- 2. analyze --jobs

def measure_jobs(sizes: Sizes, model: str | None) -> None:
    from tui.core.bulk import analyse_all

    articles = write_library(SCRATCH / "analyze", sizes.analyze_articles)
    rates, steady = {}, {}
    for jobs in (1, 2):
        cache = AnalysisCache(SCRATCH / f"jobs-{jobs}")
        first: list[tuple[float, int]] = []  # (when, done) at the first finished chunk

        def seen(progress) -> None:  # called within this iteration only
            if progress.done and not first:  # noqa: B023
                first.append((time.perf_counter(), progress.done))  # noqa: B023

        start = time.perf_counter()
        progress = analyse_all(articles, jobs=jobs, model=model, cache=cache, on_progress=seen)
        end = time.perf_counter()
        assert progress.done == len(articles) and not progress.failed
        rates[jobs] = len(articles) / (end - start)
        when, done = first[0]
        # One chunk was all of it (the smoke sizes): no rate after it to speak of.
        steady[jobs] = (len(articles) - done) / (end - when) if done < len(articles) \
            else rates[jobs]
    row(f"analyze articles/s ({len(articles)} articles, pool start included)",
        f"{rates[2]:.1f} (--jobs 2)", f"{rates[1]:.1f} (--jobs 1)",
        f"{rates[2] / rates[1]:.2f}×", "scales with cores")
    row("analyze articles/s after the first chunk (models loaded)",
        f"{steady[2]:.1f} (--jobs 2)", f"{steady[1]:.1f} (--jobs 1)",
        f"{steady[2] / steady[1]:.2f}×", "scales with cores")


# ----------------------------------------------------------------------------- 3. start-up queue

def measure_startup(sizes: Sizes) -> None:
    from tui.app import NewsdeskApp
    from tui.core.config import Settings
    from tui.core.pool import AnalysisPool
    from tui.core.store import Store

    articles = write_library(SCRATCH / "startup", sizes.startup_articles)

    async def queued(all_of_them: bool) -> int:
        db = SCRATCH / f"startup-{all_of_them}.json"
        app = NewsdeskApp(articles, settings=Settings(db=db), store=Store(db),
                          pool=AnalysisPool(cache=AnalysisCache(SCRATCH / "startup-cache"),
                                            workers=1))
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause(0.5)
            if all_of_them:
                app.want_analysis(app.articles)  # what the old start queued
            await pilot.pause(0.2)
            return app.analysis_progress[1]

    mine = asyncio.run(queued(False))
    before = asyncio.run(queued(True))
    row(f"articles queued at start ({len(articles):,} articles, 120×36)", f"{mine}",
        f"{before:,} (whole library)", f"{mine / before:.3f}", "only the visible rows")


# ----------------------------------------------------------------------------- 4. corroboration

def measure_corroboration(sizes: Sizes, choice: ModelChoice) -> None:
    from tui.core import corroboration
    from tui.core.claims import sentence_selector
    from tui.core.corroboration import MatchCache, sources_for
    from tui.core.records import Annotation
    from tui.core.sentence_index import SentenceIndex

    rule_nlp, rule_choice = load_pipeline(ModelChoice(RULE_BASED, RULE_BASED))
    articles = write_library(SCRATCH / "library", sizes.library)
    start = time.perf_counter()
    analyses = {}
    for n in range(0, len(articles), 256):
        batch = articles[n:n + 256]
        for article, analysis in zip(batch, analyse_texts(
                rule_nlp, rule_choice.model_id, [(a.text, a.text_hash) for a in batch])):
            analyses[article.uri] = analysis
    analysed = time.perf_counter() - start
    index = SentenceIndex(rule_choice.model_id, SCRATCH / "index")
    start = time.perf_counter()
    index.add((a, analyses[a.uri]) for a in articles)
    built = time.perf_counter() - start

    # A fact of story 0 (one with a figure) that some of its other outlets report too.
    claimed, sentence = next(
        (a, s) for a in articles[:4] for s in analyses[a.uri].sentences
        if " that " in a.text[s.start:s.end])
    analysis = analyses[claimed.uri]
    claim = Annotation("claim", claimed.uri, sentence_selector(claimed, analysis, sentence.index))

    cache = MatchCache(SCRATCH / "alignments-index")
    start = time.perf_counter()
    found = sources_for([claim], articles, analyses, cache, index)["claim"]
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = sources_for([claim], articles, analyses, cache, index)["claim"]
    repeat = time.perf_counter() - start
    assert again == found
    fresh_index = SentenceIndex(rule_choice.model_id, SCRATCH / "index")
    start = time.perf_counter()
    sources_for([claim], articles, analyses, MatchCache(SCRATCH / "alignments-index"),
                fresh_index)
    restart = time.perf_counter() - start

    sample = [claimed] + [a for a in articles if a.uri != claimed.uri][:sizes.old_sample]
    wanted = [(claim, claimed, analysis)]
    old_cache = MatchCache(SCRATCH / "alignments-old")
    start = time.perf_counter()
    old = corroboration._sources_by_pairs(wanted, sample, analyses, old_cache)["claim"]
    old_first = (time.perf_counter() - start) * (len(articles) - 1) / (len(sample) - 1)
    start = time.perf_counter()
    corroboration._sources_by_pairs(wanted, sample, analyses, old_cache)
    old_repeat = (time.perf_counter() - start) * (len(articles) - 1) / (len(sample) - 1)
    start = time.perf_counter()
    corroboration._sources_by_pairs(wanted, sample, analyses, MatchCache(SCRATCH / "alignments-old"))
    old_restart = (time.perf_counter() - start) * (len(articles) - 1) / (len(sample) - 1)
    in_sample = sources_for([claim], sample, analyses, MatchCache(SCRATCH / "alignments-s"),
                            SentenceIndex(rule_choice.model_id, SCRATCH / "index"))["claim"]
    assert in_sample <= old, f"index {in_sample} > every pair {old}: it only ever aligns fewer"
    # The story's other outlets that state the claim's figure: the true sources.
    figure = re.search(r"\d[\d,]+ \w+", claimed.text[sentence.start:sentence.end]).group()
    story = int(claimed.path.stem) // 4
    truth = sum(1 for a in sample if a.uri != claimed.uri and int(a.path.stem) // 4 == story
                and figure in a.text)
    print(f"claim: {claimed.text[sentence.start:sentence.end]!r}; over the {len(sample) - 1} "
          f"sample pairs: index {in_sample}, every pair {old}, true sources (the story's other "
          f"outlets stating “{figure}”) {truth}")
    label = f"said by N sources, {len(articles):,} articles (N = {found})"
    row(f"{label}: first", _ms(first), f"{_ms(old_first)} (every pair)", _x(old_first, first),
        "milliseconds")
    row(f"{label}: repeat, same process", _ms(repeat), f"{_ms(old_repeat)} (every pair)",
        _x(old_repeat, repeat), "milliseconds")
    row(f"{label}: repeat, new process (disk caches)", _ms(restart),
        f"{_ms(old_restart)} (every pair)", _x(old_restart, restart), "milliseconds")
    print(f"library for 4: {len(articles):,} articles analysed rule-based in {analysed:.1f} s; "
          f"sentence index built in {built:.1f} s ({index.total():,} sentences, "
          f"{index.path.stat().st_size / 1e6:.1f} MB); old way timed on {len(sample) - 1} pairs "
          "and extrapolated")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def _x(baseline: float, mine: float) -> str:
    if not mine:
        return "—"
    ratio = baseline / mine
    return f"{ratio:,.0f}× faster" if ratio >= 10 else f"{ratio:.2f}×"


# ----------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, for the tests")
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    sizes = SMOKE if args.smoke else FULL
    choice = choose_model(args.model)
    try:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"command: {shlex.join([sys.executable, *sys.argv])}")
        print(f"machine: {os.cpu_count()} CPUs, load average {load:.2f} at start, "
              f"Python {sys.version.split()[0]}, model {choice.model_id}")
        if choice.name != RULE_BASED:
            measure_ner(sizes, choice)
        measure_jobs(sizes, args.model)
        measure_startup(sizes)
        measure_corroboration(sizes, choice)
        widths = [max(len(r[i]) for r in ROWS + [("measure", "newsdesk", "baseline", "ratio",
                                                  "goal")]) for i in range(5)]
        header = ("measure", "newsdesk", "baseline", "ratio", "goal")
        for line in (header, *ROWS):
            print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
