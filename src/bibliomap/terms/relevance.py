"""Relevance of candidate terms and the selection of the most relevant share (sec. 1.7-1.8).

Definition (after Van Eck, Waltman, Noyons & Buter 2010, "Automatic term identification for
bibliometric mapping", and VOSviewer's description in Van Eck & Waltman 2011): let ``c_ij`` be
the co-occurrence of candidate terms i and j (documents holding both under binary counting; the
sum over documents of the product of their counts under full counting), ``k_i = sum_j c_ij``
and ``K = sum_i k_i``. The co-occurrence distribution of term i is ``p_i(j) = c_ij / k_i`` and
the overall distribution is ``q(j) = k_j / K``. The relevance of term i is the Kullback-Leibler
divergence

    relevance_i = sum_j p_i(j) * ln(p_i(j) / q(j))      (natural log, 0 * ln 0 = 0)

A general term ("paper", "study", "new method") co-occurs with all terms in proportion to their
frequency, so ``p_i`` is close to ``q`` and its relevance close to 0; a specific term
concentrates its co-occurrences on the few terms of its topic and scores high. A term that
co-occurs with no other candidate gets 0. Like VOSviewer's score, it also rises for rarely
co-occurring terms, whose few co-occurrences are necessarily concentrated.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import scipy.sparse as sp


def relevance_scores(cooccurrence: sp.spmatrix) -> np.ndarray:
    """Kullback-Leibler divergence of each term's co-occurrence distribution from the overall."""
    matrix = sp.csr_matrix(cooccurrence, dtype=np.float64)
    matrix.setdiag(0)
    matrix.eliminate_zeros()
    k = np.asarray(matrix.sum(axis=1)).ravel()
    scores = np.zeros(matrix.shape[0])
    total = k.sum()
    if total <= 0:
        return scores
    coo = matrix.tocoo()
    p = coo.data / k[coo.row]
    q = k[coo.col] / total
    np.add.at(scores, coo.row, p * np.log(p / q))
    return np.maximum(scores, 0.0)


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
