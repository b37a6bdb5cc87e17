"""Quote fidelity against hand-made golds: matching precision/recall, speaker accuracy.

Every gold in tests/data/quote_gold/ is one story (the seeds, or an event of
../shared/real/basil with its three outlets) and lists its quotations: the
speaker and, per outlet, a short phrase of the quoted words. The golds list
every quotation two or more outlets carry, so any other match is a wrong one,
and a few that one outlet alone carries. Per split (`tune`: what the thresholds
were set on; `heldout`: never looked at while tuning) this prints:

- matching precision: cross-outlet pairs of versions put in one group that are
  the same gold quotation; recall: gold outlet pairs found in one group;
- speaker accuracy: gold versions whose quotation was found with the gold
  speaker (an unnamed gold speaker must come out unnamed).

Run: python benchmarks/quote_quality.py [--split tune|heldout] [--verbose]
Real stories need ../shared/real/basil (or NEWSDESK_REAL_DIR); without it only the seeds.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from align_gold import REPO, analyser, real_corpus_present, real_dir

from tui.core.align.tokens import WORD, stem
from tui.core.articles import Article, load_file
from tui.core.quotes import Quote, QuoteGroup, find_quotes

GOLD_DIR = REPO / "tests" / "data" / "quote_gold"
SPLITS = ("tune", "heldout")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass
class Score:
    name: str
    predicted: int = 0  # cross-outlet version pairs grouped
    correct: int = 0
    gold_pairs: int = 0
    found_pairs: int = 0
    versions: int = 0  # gold versions (for speakers)
    quotes_found: int = 0
    speakers_right: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("predicted", "correct", "gold_pairs", "found_pairs", "versions",
                     "quotes_found", "speakers_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors

    def line(self) -> str:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.2f} ({a}/{b})" if b else "— (0/0)"
        return (f"{self.name:<22} matching P {ratio(self.correct, self.predicted)}  "
                f"R {ratio(self.found_pairs, self.gold_pairs)}  speakers "
                f"{ratio(self.speakers_right, self.versions)}  quotes found "
                f"{self.quotes_found}/{self.versions}")


def gold_files(split: str | None = None) -> list[Path]:
    files = sorted(GOLD_DIR.glob("*.json"))
    return [f for f in files
            if split is None or json.loads(f.read_text("utf-8"))["split"] == split]


def story_articles(story: str) -> dict[str, Article]:
    """Outlet key ("fox", or "000" for a seed) → the loaded article."""
    if story == "seeds":
        paths = {p.name[:3]: p for p in sorted((REPO / "seeds").glob("*.txt"))}
    else:
        paths = {p.stem.lower(): p for p in sorted((real_dir() / story).glob("*.md"))}
    return {key: load_file(path).articles[0] for key, path in paths.items()}


def _phrases(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def same_speaker(gold: str, quote: Quote) -> bool:
    """The gold speaker and the one found agree: the same last name, and the same first
    name when both give one ("Mary Cheney" is not "Liz Cheney")."""
    if not gold:
        return quote.speaker is None
    if quote.speaker is None:
        return False
    a, b = WORD.findall(gold), WORD.findall(quote.speaker.name)
    if not a or not b or stem(a[-1]) != stem(b[-1]):
        return False
    return len(a) < 2 or len(b) < 2 or a[0].lower() == b[0].lower()


def score_story(path: Path) -> Score:
    gold = json.loads(path.read_text("utf-8"))
    articles = story_articles(gold["story"])
    outlet_of = {a.uri: key for key, a in articles.items()}
    groups: list[QuoteGroup] = find_quotes(
        (a, analyser().analyse(a.text, a.text_hash)) for a in articles.values())
    entries = gold["quotes"]

    def items_of(version: Quote) -> set[int]:
        """The gold quotations a version holds (a sentence may hold two an outlet split)."""
        outlet, text = outlet_of[version.uri], version.text.translate(_QUOTES)
        return {n for n, entry in enumerate(entries)
                if any(phrase.translate(_QUOTES) in text
                       for phrase in _phrases(entry["versions"].get(outlet, [])))}

    s = Score(path.stem)
    found: set[tuple[int, str, str]] = set()
    for group in groups:
        for va, vb in combinations(group.versions, 2):
            if va.uri == vb.uri:
                continue
            s.predicted += 1
            common = items_of(va) & items_of(vb)
            if common:
                s.correct += 1
                pair = sorted((outlet_of[va.uri], outlet_of[vb.uri]))
                found.update((n, *pair) for n in common)
            else:
                s.errors.append(f"{path.stem}: wrong match: {outlet_of[va.uri]} "
                                f"“{va.text[:60]}” ~ {outlet_of[vb.uri]} “{vb.text[:60]}”")
    versions = [v for g in groups for v in g.versions]
    for n, entry in enumerate(entries):
        outlets = sorted(entry["versions"])
        for pair in combinations(outlets, 2):
            s.gold_pairs += 1
            if (n, *pair) in found:
                s.found_pairs += 1
            else:
                s.errors.append(f"{path.stem}: missed match: {pair} “{entry['versions'][pair[0]]}”")
        for outlet in outlets:
            s.versions += 1
            mine = [v for v in versions if outlet_of[v.uri] == outlet and n in items_of(v)]
            if not mine:
                s.errors.append(f"{path.stem}: quote not found: {outlet} "
                                f"“{_phrases(entry['versions'][outlet])[0]}”")
                continue
            s.quotes_found += 1
            want = entry.get("speakers", {}).get(outlet, entry["speaker"])
            if same_speaker(want, mine[0]):
                s.speakers_right += 1
            else:
                got = mine[0].speaker.name if mine[0].speaker else "nobody"
                s.errors.append(f"{path.stem}: speaker: {outlet} “{mine[0].text[:50]}” "
                                f"is {want or 'nobody'}, found {got}")
    return s


def measure(split: str) -> Score:
    total = Score(split)
    for path in gold_files(split):
        if json.loads(path.read_text("utf-8"))["story"] != "seeds" and not real_corpus_present():
            continue
        total.add(score_story(path))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, action="append",
                        help="only these splits (repeatable); default both")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list wrong and missed matches and speakers (tune only)")
    args = parser.parse_args()
    if not real_corpus_present():
        print("real corpus not found: measuring the seeds only", file=sys.stderr)
    for split in args.split or SPLITS:
        total = Score(split)
        for path in gold_files(split):
            story = json.loads(path.read_text("utf-8"))["story"]
            if story != "seeds" and not real_corpus_present():
                continue
            s = score_story(path)
            print("  " + s.line())
            total.add(s)
        print(total.line())
        if args.verbose and split == "tune":
            for error in total.errors:
                print("    " + error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
