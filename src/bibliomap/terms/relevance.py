"""Relevance of candidate terms: how specific their co-occurrences are (METHODS.md sec. 1.8).

VOSviewer's idea (Van Eck & Waltman 2011; Van Eck, Waltman, Noyons & Buter 2010): a general
term ("paper", "study", "new method") co-occurs with all other terms about as often as their
frequency predicts; a specific term co-occurs far more often than predicted with the few terms
of its topic. Definition, with ``c_ij`` the co-occurrence of candidate terms i and j (documents
holding both under binary counting; the sum over documents of the product of the two counts
under full counting; ``c_ii = 0``), ``k_i = sum_j c_ij`` and ``2m = sum_i k_i``:

    expected    E_ij = k_i * k_j / 2m            (co-occurrence if i and j were unrelated)
    ratio       r_ij = (c_ij + b) / (E_ij + b)   (smoothed observed / expected, b = ``prior``)
    relevance_i = sum_j (c_ij / k_i) * ln(r_ij)  (natural log; 0 for a term without co-occurrences)

With ``b = 0`` this is exactly the Kullback-Leibler divergence of term i's co-occurrence
distribution ``p_i(j) = c_ij / k_i`` from the overall distribution ``q(j) = k_j / 2m`` (then
``p_i(j) / q(j) = c_ij / E_ij``), the score bibliomap used before. That score mostly measures
rarity: a term seen in a few documents has nearly all its pairs at ``E_ij`` far below 1, and
one chance co-occurrence then counts as a ratio of 10 or 100 (Spearman correlation with
occurrences on the three Scopus corpora: -0.87 to -0.94; with b = 10: -0.30 to -0.47).
``r_ij`` is instead the posterior mean of the pair's rate ratio under a Gamma(b, b) prior
(mean 1, worth ``b`` co-occurrences of evidence):
a ratio built on a handful of co-occurrences stays near 1, one backed by many keeps its value.
General terms therefore score near 0 at any frequency; specific terms score high once their
excess co-occurrences are backed by evidence. The default ``b = 10`` (:data:`PRIOR`) was
chosen on the evaluation in docs/terms.md (sensitivity for b = 0, 5, 10, 20 listed there).

Evaluation (mean percentile among the candidates, 0 = least relevant; word lists fixed before
scoring, in tests/test_terms_relevance.py; min_occurrences 5, binary counting), b = 0 -> 10:
general academic words / topical multi-word terms, IoT gateway (921 records) 0.18 / 0.31 ->
0.20 / 0.62; data science education (318) 0.23 / 0.47 -> 0.31 / 0.59; absorptive capacity
(127) 0.23 / 0.51 -> 0.22 / 0.53; held-out WoS archaeology (27,500, min 10) 0.02 / 0.13 ->
0.11 / 0.86. Demo corpus (2,000 records): every planted general term ranks below every planted
topic phrase with both scores (largest general 0.07, smallest topic 0.37 after; 0.06 and 0.09
before).

Only the candidates' co-occurrences are used, and they are computed in blocks of terms whose
pair counts stay below ``block_pairs`` (``X_B^T X`` for a block B of columns of the documents x
candidates matrix), so memory is bounded whatever the vocabulary; the scores do not depend on
the block size.
"""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl
import scipy.sparse as sp

PRIOR = 10.0
"""Strength ``b`` of the prior on each pair's rate ratio, in co-occurrences."""

BLOCK_PAIRS = 20_000_000
"""Upper bound on the co-occurrence pairs held at once while scoring."""


def _link_totals(matrix: sp.csr_matrix) -> np.ndarray:
    """``k_i``: each term's co-occurrences with all other terms (self pairs left out)."""
    per_doc = np.asarray(matrix.sum(axis=1)).ravel()
    squares = matrix.multiply(matrix)
    return matrix.T @ per_doc - np.asarray(squares.sum(axis=0)).ravel()


def _blocks(k: np.ndarray, block_pairs: int) -> list[slice]:
    """Consecutive column ranges whose link totals (bounds on their pairs) stay near the budget.

    A block holds at most ``block_pairs`` plus one term's link total.
    """
    cumulative = np.cumsum(k)
    marks = np.arange(float(block_pairs), cumulative[-1], block_pairs)
    edges = np.unique(np.r_[0, np.searchsorted(cumulative, marks, side="right") + 1, k.size])
    edges = np.minimum(edges, k.size)
    return [slice(a, b) for a, b in itertools.pairwise(edges) if b > a]


def relevance_scores(
    incidence: sp.spmatrix,
    *,
    counting: str = "binary",
    prior: float = PRIOR,
    block_pairs: int = BLOCK_PAIRS,
) -> np.ndarray:
    """Relevance of each column of a documents x terms count matrix (see module doc)."""
    matrix = sp.csr_matrix(incidence, dtype=np.float64, copy=True)
    if counting == "binary":
        matrix.data[:] = 1.0
    matrix.eliminate_zeros()
    k = _link_totals(matrix)
    total = k.sum()
    scores = np.zeros(matrix.shape[1])
    if total <= 0:
        return scores
    by_term = matrix.tocsc()
    for block in _blocks(k, block_pairs):
        pairs = sp.coo_matrix(by_term[:, block].T @ matrix)
        row = pairs.row + block.start
        other = row != pairs.col
        row, col, count = row[other], pairs.col[other], pairs.data[other]
        expected = k[row] * k[col] / total
        contribution = count * np.log((count + prior) / (expected + prior))
        scores += np.bincount(row, weights=contribution, minlength=scores.size)
    return np.divide(scores, k, out=np.zeros_like(scores), where=k > 0)


def kept_count(n: int, share: float) -> int:
    """Number of terms kept: ``share * n`` rounded half up."""
    return int(np.floor(share * n + 0.5))


def select_relevant(
    labels: pl.Series, relevance: np.ndarray, occurrences: np.ndarray, share: float
) -> np.ndarray:
    """Mask of the ``share`` most relevant terms (ties: more occurrences, then label order)."""
    n = labels.len()
    label_rank = labels.rank("ordinal").to_numpy()
    order = np.lexsort((label_rank, -occurrences, -relevance))
    mask = np.zeros(n, dtype=bool)
    mask[order[: kept_count(n, share)]] = True
    return mask
