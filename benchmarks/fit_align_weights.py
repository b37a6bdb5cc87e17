"""Fit the aligner's evidence weights (tui/core/align/scoring.py) on the tune golds.

A logistic regression over every candidate pair of the seed and tune golds:
a gold link is 1, a pair the gold does not accept is 0, an "also" link is left
out. Held-out golds are never read. Prints WEIGHTS and BIAS to paste (rounded)
into scoring.py, and the leave-one-pair-out precision/recall of the fitted
model at a few thresholds, to see that it holds beyond the pairs it saw.

Run: python benchmarks/fit_align_weights.py [--l2 0.01]
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
from align_gold import gold_files, load_gold

from tui.core.align.assignment import scored_candidates
from tui.core.align.candidates import idf as make_idf
from tui.core.align.candidates import weight
from tui.core.align.scoring import features
from tui.core.align.sentences import features as sentence_features


def pair_data(gold):
    fa = sentence_features(gold.a.article.text, gold.a.analysis, gold.a.article.date)
    fb = sentence_features(gold.b.article.text, gold.b.analysis, gold.b.article.date)
    idf = make_idf(fa + fb, len(fa) + len(fb))
    for s in fa + fb:
        s.weight = weight(s.tokens, idf)
    links = {(i, j) for x, y in gold.links for i in x for j in y}
    also = {(i, j) for x, y in gold.also for i in x for j in y}
    rows, labels, names = [], [], None
    for (i, j), (ev, ctx) in scored_candidates(fa, fb, idf).items():
        if (i, j) in also and (i, j) not in links:
            continue
        f = features(ev, ctx)
        names = list(f)
        rows.append([f[n] for n in names])
        labels.append(1.0 if (i, j) in links else 0.0)
    return np.array(rows), np.array(labels), names, len(links)


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 30) -> np.ndarray:
    """Logistic regression by Newton's method (L2 on the weights, not the bias)."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    ridge = l2 * len(y) * np.diag(np.r_[np.ones(x.shape[1] - 1), 0.0])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + ridge @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + ridge
        w -= np.linalg.solve(hessian + 1e-9 * np.eye(len(w)), gradient)
    return w


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--l2", type=float, default=0.01)
    args = parser.parse_args()
    data = [pair_data(load_gold(f)) for f in gold_files("seeds") + gold_files("tune")]
    names = data[0][2]
    x = np.vstack([d[0] for d in data])
    y = np.concatenate([d[1] for d in data])
    w = fit(x, y, args.l2)
    print("WEIGHTS = {")
    for name, value in zip(names, w[:-1]):
        print(f'    "{name}": {value:.2f},')
    print(f"}}\nBIAS = {w[-1]:.2f}")
    print(f"\n{int(y.sum())} links among {len(y)} candidate pairs")
    print("leave one pair out: threshold → precision of candidates above it, share of links above it")
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        hit = above = total = 0
        for k, (xk, yk, _, n_links) in enumerate(data):
            rest = [d for m, d in enumerate(data) if m != k]
            wk = fit(np.vstack([d[0] for d in rest]), np.concatenate([d[1] for d in rest]), args.l2)
            p = 1.0 / (1.0 + np.exp(-(np.hstack([xk, np.ones((len(xk), 1))]) @ wk)))
            above += int((p >= threshold).sum())
            hit += int(((p >= threshold) & (yk == 1)).sum())
            total += n_links
        print(f"  {threshold:.1f}: P {hit / max(1, above):.2f}  R {hit / max(1, total):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
