"""How long `align()` takes on long articles, and how that grows with length.

Builds pairs of synthetic articles from the seed sentences — A and B are
different: B keeps about 70% of A's sentences, edited (words swapped for
others, figures changed) and reordered in blocks, plus sentences of its own —
analyses each once (real spaCy model, cached in a scratch directory), then
times `align()` only: median of several runs per size.

Run: python benchmarks/align_speed.py [--sizes 1000,2000,5000,10000,20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tui.core.align import align  # noqa: E402
from tui.core.analysis import Analyser, AnalysisCache  # noqa: E402
from tui.core.articles import load_paths, text_hash  # noqa: E402

_WORD = re.compile(r"[A-Za-z]{4,}")
_NUMBER = re.compile(r"\d[\d,]*")


def seed_sentences() -> list[str]:
    loaded = load_paths([REPO / "seeds"])
    analyser = Analyser()
    sentences = []
    for article in loaded.articles:
        analysis = analyser.analyse(article.text, article.text_hash)
        for s in analysis.sentences:
            body = article.text[s.start:s.end]
            if len(body.split()) >= 6:
                sentences.append(body)
    return sentences


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """Made-up words, so long articles are not the seeds over and over."""
    syllables = ["ka", "lo", "mi", "ren", "tos", "va", "dri", "sel", "po", "nu", "gar", "fe",
                 "zin", "bo", "tal", "wu", "ches", "ri", "om", "lan"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def edit(sentence: str, rng: random.Random, vocab: list[str], share: float) -> str:
    """Swap about `share` of the longer words for others and nudge some figures."""
    def word(match: re.Match) -> str:
        if rng.random() < share:
            # a few words often, most words rarely, as in real text
            if rng.random() < 0.3:
                new = vocab[int(rng.paretovariate(1.0)) % len(vocab)]
            else:
                new = rng.choice(vocab)
            return new.capitalize() if match.group()[0].isupper() else new
        return match.group()

    def number(match: re.Match) -> str:
        if rng.random() < 0.3:
            value = int(match.group().replace(",", "")) + rng.randint(1, 9) * 1000
            return f"{value:,}"
        return match.group()

    return _NUMBER.sub(number, _WORD.sub(word, sentence))


def article_pair(words: int, pool: list[str], seed: int) -> tuple[str, str]:
    rng = random.Random(seed)
    vocab = vocabulary(rng, 6000)
    a_sentences: list[str] = []
    count = 0
    while count < words:
        s = edit(rng.choice(pool), rng, vocab, 0.35)
        a_sentences.append(s)
        count += len(s.split())
    b_sentences: list[str] = []
    for s in a_sentences:
        if rng.random() < 0.7:
            b_sentences.append(edit(s, rng, vocab, 0.12))
        if rng.random() < 0.3:
            b_sentences.append(edit(rng.choice(pool), rng, vocab, 0.35))
    # reorder B in blocks of 1–8 sentences
    blocks = []
    i = 0
    while i < len(b_sentences):
        n = rng.randint(1, 8)
        blocks.append(b_sentences[i:i + n])
        i += n
    rng.shuffle(blocks)
    b_sentences = [s for block in blocks for s in block]

    def paragraphs(sentences: list[str]) -> str:
        out, para = [], []
        for s in sentences:
            para.append(s)
            if len(para) >= rng.randint(2, 5):
                out.append(" ".join(para))
                para = []
        if para:
            out.append(" ".join(para))
        return "\n\n".join(out)

    return paragraphs(a_sentences), paragraphs(b_sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,5000,10000,20000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    scratch = Path(tempfile.mkdtemp(prefix="align-bench-"))
    os.environ["NEWSDESK_CACHE_DIR"] = str(scratch / "cache")
    pool = seed_sentences()
    analyser = Analyser(cache=AnalysisCache(scratch / "cache"))

    print(f"model: {analyser.choice.model_id}; "
          f"align() median of {args.runs} runs, analysis excluded")
    print(f"{'words (A, B)':>16} {'sentences':>11} {'pairs':>6} {'conflicts':>9} "
          f"{'median s':>9} {'µs/(n log2 n)':>14}")
    for words in sizes:
        a_text, b_text = article_pair(words, pool, seed=words)
        a = analyser.analyse(a_text, text_hash(a_text))
        b = analyser.analyse(b_text, text_hash(b_text))
        times = []
        result = None
        for _ in range(args.runs):
            started = time.perf_counter()
            result = align(a_text, a, b_text, b)
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        n = len(a.sentences) + len(b.sentences)
        per = median / (n * math.log2(n)) * 1e6
        print(f"{len(a_text.split()):>7}, {len(b_text.split()):>6} "
              f"{len(a.sentences):>5}+{len(b.sentences):<5} {len(result.pairs):>6} "
              f"{len(result.figure_conflicts):>9} {median:>9.3f} {per:>14.2f}")


if __name__ == "__main__":
    main()
