"""Bibliographic coupling of documents, and aggregated to sources, authors, organizations and
countries.

Two documents are coupled by the cited works (matched references) they share. With ``R`` the
binary documents x works matrix and ``c_k`` the number of corpus documents citing work ``k``:

- full counting: ``A = R R^T`` without diagonal (strength = shared references);
- fractional counting: ``A = R W R^T`` without diagonal, ``W = diag(1 / (c_k - 1))``: each cited
  work spreads a total strength of 1 over the links of every document citing it (the
  co-authorship rule with works in the role of documents and citing documents in the role of
  authors).

Documents are kept when cited at least ``min_citations`` times. Aggregated to units with the
membership ``M`` (1 per unit, or ``1 / n`` with fractional counting): ``M^T A M`` without
diagonal, i.e. the sum over pairs of distinct documents; computed as
``(M^T R) W (R^T M) - M^T diag(d) M`` (``d`` the documents' self-coupling) so the documents x
documents matrix is never formed.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import scipy.sparse as sp

from bibliomap.matching import Matched, match
from bibliomap.network import Network
from bibliomap.networks.citation import documents_network
from bibliomap.networks.common import (
    Gram,
    NetworkParams,
    drop_crowded,
    finish,
    membership,
    reference_incidence,
    unit_weights,
    units_of,
    zero_diagonal,
)

KINDS = (
    "coupling_documents",
    "coupling_sources",
    "coupling_authors",
    "coupling_organizations",
    "coupling_countries",
)


def work_weights(cited: sp.csr_matrix, counting: str) -> np.ndarray:
    """Per cited work: 1 (full) or ``1 / (c_k - 1)`` (fractional; 0 when cited once)."""
    citing = np.asarray(cited.sum(axis=0)).ravel()
    if counting == "fractional":
        return np.divide(1.0, citing - 1.0, out=np.zeros(citing.size), where=citing > 1)
    return np.ones(citing.size)


def build(
    kind: str, records: pl.DataFrame, *, params: NetworkParams, matched: Matched | None = None
) -> Network:
    """The bibliographic coupling network of ``kind`` (one of :data:`KINDS`)."""
    cited = reference_incidence(matched or match(records), records.height)
    if kind == "coupling_documents":
        gram = Gram(cited, work_weights(cited, params.counting))
        return documents_network(kind, records, gram, params=params)
    weight = sp.diags(work_weights(cited, params.counting))
    unit = kind.removeprefix("coupling_")
    units = units_of(records, unit, params)
    if unit != "sources":
        units = drop_crowded(units, params.max_authors)
    keep_units, weights, scores = unit_weights(units, records, params)
    share = membership(units.take(keep_units), params.counting)
    pooled = share.T @ cited
    self_coupling = np.asarray((cited @ weight).sum(axis=1)).ravel()
    product = sp.csr_matrix(pooled @ weight @ pooled.T - share.T @ sp.diags(self_coupling) @ share)
    product.data[np.abs(product.data) < 1e-9] = 0.0
    adjacency = zero_diagonal(product)
    return finish(
        kind,
        units.labels.gather(np.flatnonzero(keep_units)),
        adjacency,
        weights=weights,
        scores=scores,
        params=params,
        tiebreak=weights["weight<Documents>"],
    )
