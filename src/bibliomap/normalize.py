"""Normalization of link strengths before layout and clustering (METHODS.md sec. 3).

With ``a_ij`` the raw link strength (self links ignored), ``k_i = sum_j a_ij`` and
``2m = sum_i k_i``:

================  ==================================  ================
method            normalized strength ``a'_ij``       node weight n_i
================  ==================================  ================
none              ``a_ij``                            1
association       ``2m a_ij / (k_i k_j)``             1
fractionalization ``a_ij (N / k_i + N / k_j) / 2``    1
linlog            ``a_ij``                            ``k_i``
================  ==================================  ================

With ``linlog`` (LinLog layout / modularity clustering) the clustering resolution ``gamma``
becomes ``gamma / 2m`` (:func:`resolution_scale`), exactly as in CWTS's networkanalysis.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from bibliomap.errors import BibliomapError

NORMALIZATIONS = ("none", "association_strength", "fractionalization", "linlog")


def check_method(method: str) -> str:
    """Return ``method`` if it names a normalization, else raise a clear error."""
    if method not in NORMALIZATIONS:
        raise BibliomapError(
            f"unknown normalization {method!r}; expected one of {', '.join(NORMALIZATIONS)}"
        )
    return method


def without_self_links(adjacency: sp.spmatrix) -> sp.csr_matrix:
    """A float64 CSR copy of ``adjacency`` with the diagonal and explicit zeros removed."""
    matrix = sp.csr_matrix(adjacency, dtype=np.float64, copy=True)
    matrix.setdiag(0)
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return matrix


def normalize(
    adjacency: sp.spmatrix, method: str = "association_strength"
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Normalized symmetric link strengths and node weights, as VOSviewer computes them."""
    check_method(method)
    matrix = without_self_links(adjacency)
    n = matrix.shape[0]
    strength = np.asarray(matrix.sum(axis=1)).ravel()
    ones = np.ones(n, dtype=np.float64)
    if method == "none":
        return matrix, ones
    if method == "linlog":
        return matrix, strength
    coo = matrix.tocoo()
    row_k = strength[coo.row]
    col_k = strength[coo.col]
    if method == "association_strength":
        values = coo.data * strength.sum() / (row_k * col_k)
    else:
        values = coo.data * (n / row_k + n / col_k) / 2
    normalized = sp.csr_matrix((values, (coo.row, coo.col)), shape=matrix.shape)
    normalized.sort_indices()
    return normalized, ones


def resolution_scale(adjacency: sp.spmatrix, method: str) -> float:
    """Factor applied to the clustering resolution: ``1 / 2m`` for linlog, else 1."""
    if check_method(method) != "linlog":
        return 1.0
    total = float(without_self_links(adjacency).sum())
    return 1.0 / total if total > 0 else 1.0
