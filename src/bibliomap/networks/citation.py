"""Citation links between corpus documents, and aggregated to sources, authors, organizations
and countries.

A document cites another when one of its references matched that document
(:mod:`bibliomap.matching`). Links are undirected: ``S = C + C^T`` for the documents x documents
citation matrix ``C`` (two documents citing each other have strength 2). Documents are kept when
cited at least ``min_citations`` times (their database citation count, as VOSviewer).
Aggregated: ``A = M^T S M`` without its diagonal, ``M`` the documents x units membership (1 per
unit with full counting, ``1 / n`` for a document of ``n`` units with fractional counting), so a
link's strength is the number of citations between documents of the two units.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import scipy.sparse as sp

from bibliomap.matching import Matched, match
from bibliomap.network import Network
from bibliomap.networks.common import (
    Gram,
    NetworkParams,
    corpus_citations,
    document_labels,
    drop_crowded,
    finish,
    membership,
    unit_weights,
    units_of,
    zero_diagonal,
)
from bibliomap.scores import document_table, item_scores
from bibliomap.thesaurus import apply_to_labels

KINDS = (
    "citation_documents",
    "citation_sources",
    "citation_authors",
    "citation_organizations",
    "citation_countries",
)


def build(
    kind: str, records: pl.DataFrame, *, params: NetworkParams, matched: Matched | None = None
) -> Network:
    """The citation network of ``kind`` (one of :data:`KINDS`)."""
    cites = corpus_citations(matched or match(records), records.height)
    symmetric = (cites + cites.T).tocsr()
    if kind == "citation_documents":
        return documents_network(kind, records, symmetric, params=params)
    unit = kind.removeprefix("citation_")
    units = units_of(records, unit, params)
    if unit != "sources":
        units = drop_crowded(units, params.max_authors)
    keep, weights, scores = unit_weights(units, records, params)
    chosen = units.take(keep)
    weight = membership(chosen, params.counting)
    adjacency = zero_diagonal(weight.T @ symmetric @ weight)
    return finish(
        kind,
        chosen.labels,
        adjacency,
        weights=weights,
        scores=scores,
        params=params,
        tiebreak=weights["weight<Documents>"],
    )


def documents_network(
    kind: str, records: pl.DataFrame, adjacency: sp.csr_matrix | Gram, *, params: NetworkParams
) -> Network:
    """Documents cited at least ``min_citations`` times, linked by ``adjacency`` (D x D).

    The thesaurus renames or drops documents by label (documents are never merged).
    """
    table = document_table(records)
    named = pl.DataFrame({"label": document_labels(records)}).select(
        apply_to_labels(pl.col("label"), dict(params.thesaurus)).str.strip_chars()
    )["label"]
    cited = table["citations"].to_numpy() >= params.min_citations
    keep = np.flatnonzero(cited & (named.fill_null("") != "").to_numpy())
    stats = item_scores(sp.identity(records.height, format="csc")[:, keep], table)
    labels = named.gather(keep)
    weights = {name: stats[name] for name in ("weight<Citations>", "weight<Norm. citations>")}
    scores = {
        name: stats[name]
        for name in (
            "score<Avg. pub. year>",
            "score<Avg. citations>",
            "score<Avg. norm. citations>",
        )
    }
    if isinstance(adjacency, Gram):
        matrix: sp.csr_matrix | Gram = adjacency.take(keep)
    else:
        matrix = zero_diagonal(adjacency[keep][:, keep])
    return finish(
        kind,
        labels,
        matrix,
        weights=weights,
        scores=scores,
        params=params,
        tiebreak=stats["weight<Citations>"],
    )
