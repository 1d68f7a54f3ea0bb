"""Normalization formulas (METHODS.md sec. 3) on a hand-computed network."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from bibliomap.errors import BibliomapError
from bibliomap.normalize import normalize, resolution_scale

# a_01 = 2, a_02 = 1 and a self link on node 1 (ignored): k = (3, 2, 1), 2m = 6, N = 3.
RAW = sp.csr_matrix(np.array([[0, 2, 1], [2, 5, 0], [1, 0, 0]], dtype=float))


def test_association_strength_is_2m_a_over_k_k():
    matrix, weights = normalize(RAW, "association_strength")
    assert matrix.toarray().tolist() == [[0, 2, 2], [2, 0, 0], [2, 0, 0]]  # 6*2/(3*2), 6*1/(3*1)
    assert weights.tolist() == [1, 1, 1]


def test_fractionalization_is_a_times_mean_of_n_over_k():
    matrix, weights = normalize(RAW, "fractionalization")
    assert matrix[0, 1] == pytest.approx(2 * (3 / 3 + 3 / 2) / 2)  # 2.5
    assert matrix[0, 2] == pytest.approx(1 * (3 / 3 + 3 / 1) / 2)  # 2.0
    assert (matrix != matrix.T).nnz == 0 and weights.tolist() == [1, 1, 1]


def test_none_and_linlog_keep_strengths_and_linlog_weights_nodes_by_k():
    none, ones = normalize(RAW, "none")
    linlog, strength = normalize(RAW, "linlog")
    expected = [[0, 2, 1], [2, 0, 0], [1, 0, 0]]
    assert none.toarray().tolist() == expected and linlog.toarray().tolist() == expected
    assert ones.tolist() == [1, 1, 1] and strength.tolist() == [3, 2, 1]
    assert resolution_scale(RAW, "linlog") == pytest.approx(1 / 6)
    assert resolution_scale(RAW, "association_strength") == 1.0


def test_isolated_items_and_unknown_methods():
    isolated = sp.csr_matrix(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=float))
    matrix, _ = normalize(isolated)
    assert matrix.toarray().tolist() == [[0, 2, 0], [2, 0, 0], [0, 0, 0]]
    with pytest.raises(BibliomapError, match="unknown normalization"):
        normalize(RAW, "cosine")
