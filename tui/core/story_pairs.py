"""Which sentences two articles of a story share: the aligner's pairs, cached on disk.

Stories need the alignment of many article pairs (grouping weighs borderline
pairs by how many sentences align; the story view counts what each article alone
reports; the coverage matrix links sentences across outlets). Each pair is aligned
once: its sentence pairs are kept in memory and on disk per (A text, B text,
model, aligner version), under the alignment cache folder beside corroboration's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .analysis import Analysis
from .articles import Article
from .atomic import atomic_write_text
from .paths import alignment_cache_dir


@dataclass(frozen=True)
class SharedSentences:
    """The aligned sentence groups of articles A and B, and how many sentences each
    has that can align at all (boilerplate left out)."""

    pairs: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
    a_sentences: int
    b_sentences: int

    @property
    def a_matched(self) -> set[int]:
        return {i for a, _b in self.pairs for i in a}

    @property
    def b_matched(self) -> set[int]:
        return {j for _a, b in self.pairs for j in b}

    def fraction(self) -> float:
        """Share of the shorter article's sentences that align with the other (0..1)."""
        if self.a_sentences <= self.b_sentences:
            return len(self.a_matched) / max(1, self.a_sentences)
        return len(self.b_matched) / max(1, self.b_sentences)

    def swapped(self) -> SharedSentences:
        return SharedSentences(tuple((b, a) for a, b in self.pairs), self.b_sentences,
                               self.a_sentences)


def _countable(analysis: Analysis) -> int:
    return len(analysis.sentences) - len(analysis.boilerplate_sentences)


class PairCache:
    """Aligned sentence pairs per article pair; memory backed by disk. Asked for (B, A)
    after (A, B), it answers from the same entry."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or alignment_cache_dir()
        self._memory: dict[str, SharedSentences] = {}

    def shared(self, a: Article, a_analysis: Analysis, b: Article,
               b_analysis: Analysis) -> SharedSentences:
        """The sentences A and B share, aligned once per pair of texts."""
        from . import align

        if b.text_hash < a.text_hash:
            return self.shared(b, b_analysis, a, a_analysis).swapped()
        key = (f"pairs-{a.text_hash[:32]}-{b.text_hash[:32]}-{a_analysis.model}"
               f"-v{align.ALIGNER_VERSION}")
        known = self._memory.get(key)
        if known is not None:
            return known
        path = self.directory / f"{key}.json"
        found = _read(path)
        if found is None:
            alignment = align.align(a.text, a_analysis, b.text, b_analysis, a.date, b.date)
            found = SharedSentences(tuple((p.a, p.b) for p in alignment.pairs),
                                    _countable(a_analysis), _countable(b_analysis))
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_text(path, json.dumps(
                    {"pairs": [[list(x), list(y)] for x, y in found.pairs],
                     "a": found.a_sentences, "b": found.b_sentences}), durable=False)
            except OSError:
                pass  # a cache that cannot be written only costs time
        self._memory[key] = found
        return found


def _read(path: Path) -> SharedSentences | None:
    """A cached entry, or None when missing or damaged (then it is aligned again)."""
    try:
        data = json.loads(path.read_text("utf-8"))
        pairs = tuple((tuple(int(i) for i in x), tuple(int(j) for j in y))
                      for x, y in data["pairs"])
        return SharedSentences(pairs, int(data["a"]), int(data["b"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def aligned_share(cache: PairCache | None = None
                  ) -> Callable[[Article, Analysis, Article, Analysis], float]:
    """The share of a pair's shorter article that aligns with the other, through `cache`
    (default: one over the alignment cache folder): what story grouping weighs."""
    held = cache or PairCache()
    return lambda a, a_analysis, b, b_analysis: held.shared(
        a, a_analysis, b, b_analysis).fraction()
