"""Hand-made alignment golds: loading, resolving phrases to sentences, scoring.

A gold file (tests/data/align_gold/*.json) names two articles and says, for
every sentence of each, what it is, by a short phrase the sentence contains —
never by index, so a gold survives changes in sentence splitting:

    {
      "a": "2013/jackson-pleads-guilty-over-illegal-campaign-spending-spree/nyt",
      "b": "2013/jackson-pleads-guilty-over-illegal-campaign-spending-spree/fox",
      "split": "tune" | "heldout",
      "links": [["phrase in A", "phrase in B"], ...],  # same fact/statement: must pair
      "also": [["phrase in A", "phrase in B"], ...],   # acceptable, not required
      "only_a": ["phrase", ...], "only_b": ["phrase", ...],
      "conflicts": [{"a": "phrase", "a_figure": "$750,000",
                     "b": "phrase", "b_figure": "$700,000", "why": "..."}],
      "no_conflicts": [{...same shape...}],            # must NOT be flagged
      "notes": ["..."]
    }

"a"/"b" are `EVENT/outlet` under the real corpus folder (../shared/real/basil
beside the repository, or NEWSDESK_REAL_DIR) or `seeds/NAME` for the bundled
seeds. Phrases are matched case-, quote- and whitespace-insensitively and must
occur once in their article; "phrase #2" means its second occurrence (for
captions and labels that repeat).
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tui.core.align import Alignment, align  # noqa: E402
from tui.core.analysis import Analyser, Analysis, AnalysisCache  # noqa: E402
from tui.core.articles import Article, load_file  # noqa: E402

GOLD_DIR = REPO / "tests" / "data" / "align_gold"
_OCCURRENCE = re.compile(r"\s#(\d+)$")  # "Image: #2": the second occurrence
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def real_dir() -> Path:
    override = os.environ.get("NEWSDESK_REAL_DIR")
    return Path(override) if override else REPO.parent / "shared" / "real" / "basil"


def article_path(ref: str) -> Path:
    """`EVENT/outlet` → the real article's file (outlet file names vary in case)."""
    if ref.startswith("seeds/"):
        return REPO / ref
    event, outlet = ref.rsplit("/", 1)
    folder = real_dir() / event
    for candidate in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if candidate.stem.lower() == outlet.lower():
            return candidate
    return folder / f"{outlet}.md"


class GoldError(ValueError):
    """A gold file that does not match its articles (phrase missing or ambiguous)."""


def _normalise(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with quotes unified and whitespace collapsed, and for each
    character of it the offset it came from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for offset, char in enumerate(text.translate(_QUOTES)):
        if char.isspace():
            if not space and out:
                out.append(" ")
                where.append(offset)
            space = True
            continue
        space = False
        lowered = char.lower()
        for piece in lowered:
            out.append(piece)
            where.append(offset)
    return "".join(out), where


@dataclass
class Side:
    ref: str
    article: Article
    analysis: Analysis
    _norm: tuple[str, list[int]] | None = None

    def find(self, phrase: str, within: tuple[int, int] | None = None) -> tuple[int, int]:
        """Character span of `phrase` in the article (or within a span of it)."""
        if self._norm is None:
            self._norm = _normalise(self.article.text)
        norm, where = self._norm
        occurrence = None
        numbered = _OCCURRENCE.search(phrase)
        if numbered:
            phrase, occurrence = phrase[:numbered.start()], int(numbered.group(1))
        needle = _normalise(phrase)[0].strip()
        if not needle:
            raise GoldError(f"{self.ref}: empty phrase")
        hits = [m.start() for m in re.finditer(re.escape(needle), norm)]
        if within is not None:
            hits = [h for h in hits if within[0] <= where[h] < within[1]]
        if not hits:
            raise GoldError(f"{self.ref}: phrase not found: {phrase!r}")
        if occurrence is not None:
            if occurrence > len(hits):
                raise GoldError(f"{self.ref}: phrase occurs {len(hits)} times, not {occurrence}: "
                                f"{phrase!r}")
            hits = [hits[occurrence - 1]]
        if len(hits) > 1:
            raise GoldError(f"{self.ref}: phrase occurs {len(hits)} times: {phrase!r}")
        start = where[hits[0]]
        end = where[hits[0] + len(needle) - 1] + 1
        return start, end

    def sentences_of(self, phrase: str) -> frozenset[int]:
        """Indices of the analysis sentences the phrase overlaps."""
        start, end = self.find(phrase)
        return frozenset(
            s.index for s in self.analysis.sentences if s.start < end and start < s.end
        )

    def sentence_span(self, indices: frozenset[int]) -> tuple[int, int]:
        sentences = [self.analysis.sentences[i] for i in sorted(indices)]
        return sentences[0].start, sentences[-1].end


@dataclass
class GoldConflict:
    a_sentences: frozenset[int]
    b_sentences: frozenset[int]
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    label: str

    def matches(self, conflict: Any) -> bool:
        return (conflict.a_start < self.a_span[1] and self.a_span[0] < conflict.a_end
                and conflict.b_start < self.b_span[1] and self.b_span[0] < conflict.b_end)


@dataclass
class Gold:
    file: str
    split: str
    a: Side
    b: Side
    links: list[tuple[frozenset[int], frozenset[int]]]
    also: list[tuple[frozenset[int], frozenset[int]]]
    only_a: set[int]
    only_b: set[int]
    conflicts: list[GoldConflict]
    no_conflicts: list[GoldConflict]
    problems: list[str] = field(default_factory=list)  # coverage warnings


_ANALYSER: Analyser | None = None


def analyser() -> Analyser:
    """One in-process analyser (real spaCy model), caching in a scratch folder
    unless NEWSDESK_CACHE_DIR says where."""
    global _ANALYSER
    if _ANALYSER is None:
        directory = os.environ.get("NEWSDESK_CACHE_DIR")
        cache_path = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="nd-gold-"))
        _ANALYSER = Analyser(cache=AnalysisCache(cache_path / "analysis"))
    return _ANALYSER


def load_side(ref: str) -> Side:
    path = article_path(ref)
    loaded = load_file(path)
    if not loaded.articles:
        raise GoldError(f"{ref}: {'; '.join(str(p) for p in loaded.problems) or 'not found'}")
    article = loaded.articles[0]
    return Side(ref, article, analyser().analyse(article.text, article.text_hash, roles=True))


def _conflict(entry: dict, a: Side, b: Side) -> GoldConflict:
    sa, sb = a.sentences_of(entry["a"]), b.sentences_of(entry["b"])
    return GoldConflict(
        sa, sb,
        a.find(entry["a_figure"], a.sentence_span(sa)),
        b.find(entry["b_figure"], b.sentence_span(sb)),
        f"{entry['a_figure']} ≠ {entry['b_figure']}",
    )


def load_gold(path: Path) -> Gold:
    data = json.loads(path.read_text("utf-8"))
    a, b = load_side(data["a"]), load_side(data["b"])

    def pairs(key: str) -> list[tuple[frozenset[int], frozenset[int]]]:
        return [(a.sentences_of(x), b.sentences_of(y)) for x, y in data.get(key, [])]

    gold = Gold(
        file=path.name,
        split=data.get("split", "tune"),
        a=a, b=b,
        links=pairs("links"),
        also=pairs("also"),
        only_a={i for p in data.get("only_a", []) for i in a.sentences_of(p)},
        only_b={j for p in data.get("only_b", []) for j in b.sentences_of(p)},
        conflicts=[_conflict(c, a, b) for c in data.get("conflicts", [])],
        no_conflicts=[_conflict(c, a, b) for c in data.get("no_conflicts", [])],
    )
    for side, name, only, links in ((a, "A", gold.only_a, [x for x, _ in gold.links]),
                                    (b, "B", gold.only_b, [y for _, y in gold.links])):
        linked = set().union(*links) if links else set()
        covered = linked | only
        for s in side.analysis.sentences:
            if s.index not in covered:
                text = side.article.text[s.start:s.end]
                gold.problems.append(f"{name}[{s.index}] not covered: {text[:70]!r}")
        both = linked & only
        for index in sorted(both):
            gold.problems.append(f"{name}[{index}] is both linked and only-{name}")
    return gold


def gold_files(split: str | None = None) -> list[Path]:
    files = sorted(GOLD_DIR.glob("*.json"))
    if split is None:
        return files
    return [f for f in files if json.loads(f.read_text("utf-8")).get("split") == split]


def real_corpus_present() -> bool:
    return real_dir().is_dir()


# --------------------------------------------------------------------------- scoring


@dataclass
class Score:
    name: str
    split: str
    predicted: int = 0  # predicted sentence links (i, j)
    correct: int = 0  # … that the gold accepts
    gold: int = 0  # gold links
    found: int = 0  # … that were predicted
    flagged: int = 0  # conflicts flagged
    flagged_ok: int = 0  # … that are gold conflicts
    gold_conflicts: int = 0
    conflicts_found: int = 0
    must_not_flagged: int = 0  # listed no-conflict pairs that were flagged
    false_conflicts: list[str] = field(default_factory=list)
    wrong_links: list[str] = field(default_factory=list)
    missed_links: list[str] = field(default_factory=list)
    missed_conflicts: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("predicted", "correct", "gold", "found", "flagged", "flagged_ok",
                     "gold_conflicts", "conflicts_found", "must_not_flagged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.false_conflicts += other.false_conflicts

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def conflict_precision(self) -> float:
        return self.flagged_ok / self.flagged if self.flagged else 1.0

    @property
    def conflict_recall(self) -> float:
        return self.conflicts_found / self.gold_conflicts if self.gold_conflicts else 1.0


def align_gold(gold: Gold) -> Alignment:
    """Align a gold's two articles as the app does, with each article's own date."""
    return align(gold.a.article.text, gold.a.analysis, gold.b.article.text, gold.b.analysis,
                 a_date=gold.a.article.date, b_date=gold.b.article.date)


def errors(s: Score) -> list[tuple[str, str]]:
    """(kind, what) for every wrong and missed link and every false and missed conflict."""
    return ([("wrong", item) for item in s.wrong_links]
            + [("missed", item) for item in s.missed_links]
            + [("false ⚠", item) for item in s.false_conflicts]
            + [("missed ⚠", item) for item in s.missed_conflicts])


def score(gold: Gold, alignment: Any) -> Score:
    """Pair precision/recall and conflict precision/recall of one alignment."""
    result = Score(gold.file, gold.split)
    accepted = gold.links + gold.also
    predicted = {(i, j) for p in alignment.pairs for i in p.a for j in p.b}
    covered_a = set().union(*(x for x, _ in accepted), gold.only_a)
    covered_b = set().union(*(y for _, y in accepted), gold.only_b)
    text_a, text_b = gold.a.article.text, gold.b.article.text
    sent_a, sent_b = gold.a.analysis.sentences, gold.b.analysis.sentences

    def link(i: int, j: int) -> str:
        return (f"A[{i}] {text_a[sent_a[i].start:sent_a[i].end][:60]!r} ↔ "
                f"B[{j}] {text_b[sent_b[j].start:sent_b[j].end][:60]!r}")

    for i, j in sorted(predicted):
        if i not in covered_a and j not in covered_b:
            continue  # a sentence the gold does not describe
        result.predicted += 1
        if any(i in x and j in y for x, y in accepted):
            result.correct += 1
        else:
            result.wrong_links.append(link(i, j))
    for x, y in gold.links:
        result.gold += 1
        if any(i in x and j in y for i, j in predicted):
            result.found += 1
        else:
            result.missed_links.append(link(min(x), min(y)))
    flagged = list(alignment.figure_conflicts)
    result.flagged = len(flagged)
    result.gold_conflicts = len(gold.conflicts)
    for conflict in flagged:
        if any(g.matches(conflict) for g in gold.conflicts):
            result.flagged_ok += 1
        else:
            result.false_conflicts.append(
                f"{gold.file}: {conflict.a} ≠ {conflict.b} ({conflict.about})")
        if any(g.matches(conflict) for g in gold.no_conflicts):
            result.must_not_flagged += 1
    for g in gold.conflicts:
        if any(g.matches(c) for c in flagged):
            result.conflicts_found += 1
        else:
            result.missed_conflicts.append(g.label)
    return result
