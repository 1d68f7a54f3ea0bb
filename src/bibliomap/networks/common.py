"""Shared pieces of every bibliographic network: parameters, incidence matrices, selection.

An item family (keywords, authors, sources, cited works, ...) is a sparse documents x items
incidence matrix (:class:`Units`) with one label per item. Labels are unified case-insensitively
(the most frequent spelling names the item) and mapped through the thesaurus, which merges
items that get the same label and drops those it maps to nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
import scipy.sparse as sp

from bibliomap.errors import BibliomapError
from bibliomap.matching import Matched
from bibliomap.network import Network, assemble
from bibliomap.scores import document_table, item_scores
from bibliomap.thesaurus import apply_to_labels

COUNTINGS = ("full", "fractional")


@dataclass(frozen=True)
class NetworkParams:
    """Thresholds and counting of a bibliographic network (VOSviewer's wizard options).

    ``max_authors``: documents with more units (authors, organizations or countries) than this
    are left out of networks of those units (None: keep all). ``max_items``: keep only this many
    items, those with the largest total link strength (None: every item meeting the threshold).
    """

    counting: str = "full"
    min_occurrences: int = 5
    min_documents: int = 5
    min_citations: int = 0
    min_cited: int = 5
    max_authors: int | None = 25
    max_items: int | None = None
    thesaurus: Mapping[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.counting not in COUNTINGS:
            raise BibliomapError(f"counting must be 'full' or 'fractional', not {self.counting!r}")
        for name in ("min_occurrences", "min_documents", "min_citations", "min_cited"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise BibliomapError(f"{name} must be a whole number >= 0, not {value!r}")
        for name in ("max_authors", "max_items"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 1):
                raise BibliomapError(f"{name} must be a whole number >= 1 or null, not {value!r}")

    def as_meta(self) -> dict[str, Any]:
        """The parameters as JSON-ready metadata (the thesaurus by its size)."""
        return {
            "counting": self.counting,
            "min_occurrences": self.min_occurrences,
            "min_documents": self.min_documents,
            "min_citations": self.min_citations,
            "min_cited": self.min_cited,
            "max_authors": self.max_authors,
            "max_items": self.max_items,
            "thesaurus_entries": len(self.thesaurus),
        }


@dataclass(frozen=True)
class Units:
    """A documents x items incidence (CSR, entries = multiplicity) and the item labels."""

    incidence: sp.csr_matrix
    labels: pl.Series

    @property
    def binary(self) -> sp.csr_matrix:
        """The incidence with every nonzero entry set to 1."""
        held = self.incidence.copy().astype(np.float64)
        held.data[:] = 1.0
        return held

    def documents(self) -> np.ndarray:
        """Number of documents holding each item."""
        return np.asarray(self.binary.sum(axis=0)).ravel()

    def per_document(self) -> np.ndarray:
        """Number of distinct items of each document."""
        return np.asarray(self.binary.sum(axis=1)).ravel()

    def take(self, columns: np.ndarray) -> Units:
        """The units of the given column positions (boolean mask or indices)."""
        index = np.flatnonzero(columns) if columns.dtype == bool else columns
        return Units(self.incidence[:, index], self.labels.gather(index))


def item_columns(
    items: pl.Series, counts: np.ndarray, *, thesaurus: Mapping[str, str | None]
) -> tuple[np.ndarray, pl.Series]:
    """Column of each item (-1 where the thesaurus drops it or it is blank) and column labels.

    The thesaurus is applied to the labels; items with the same case-folded label are one
    column, named by its most frequent spelling (``counts`` weigh the spellings; ties: the
    smallest). Columns follow the first appearance of their label (:func:`finish` sorts the
    items kept). Labels are expected with whitespace already collapsed (readers do that).
    """
    mapped = pl.DataFrame(
        {"item": items.cast(pl.String), "_n": np.asarray(counts, dtype=np.float64)}
    ).with_row_index("_row")
    cleaned = apply_to_labels(pl.col("item"), dict(thesaurus)).str.strip_chars()
    mapped = mapped.with_columns(pl.when(cleaned != "").then(cleaned).alias("item"))
    grouped = (
        mapped.drop_nulls("item")
        .group_by(pl.col("item").str.to_lowercase().alias("key"), maintain_order=True)
        .agg(
            pl.col("_row"),
            pl.col("item")
            .sort_by([pl.col("_n"), pl.col("item")], descending=[True, False])
            .first()
            .alias("label"),
        )
    )
    columns = np.full(mapped.height, -1, dtype=np.int64)
    sizes = grouped["_row"].list.len().to_numpy()
    columns[grouped["_row"].explode().to_numpy()] = np.repeat(np.arange(grouped.height), sizes)
    return columns, grouped["label"]


def incidence(
    docs: np.ndarray, columns: np.ndarray, weights: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    """Sparse documents x items matrix summing ``weights`` (rows with column -1 left out)."""
    valid = columns >= 0
    return sp.csr_matrix(
        (
            np.asarray(weights, dtype=np.float64)[valid],
            (np.asarray(docs, dtype=np.int64)[valid], columns[valid]),
        ),
        shape=shape,
    )


def units_from_pairs(
    pairs: pl.DataFrame, n_documents: int, *, thesaurus: Mapping[str, str | None]
) -> Units:
    """Units from rows (``doc`` row index, ``item`` label, optional ``weight``): see
    :func:`item_columns` for how labels become items."""
    distinct = pairs.group_by("item").agg(pl.len().alias("_n")).sort("item")
    columns, labels = item_columns(distinct["item"], distinct["_n"].to_numpy(), thesaurus=thesaurus)
    lookup = distinct.select("item", pl.Series("column", columns))
    rows = pairs.join(lookup, on="item")
    weights = rows["weight"].to_numpy() if "weight" in rows.columns else np.ones(rows.height)
    matrix = incidence(
        rows["doc"].to_numpy(),
        rows["column"].to_numpy(),
        weights,
        (n_documents, labels.len()),
    )
    return Units(matrix, labels)


def units_from_lists(
    records: pl.DataFrame, items: pl.Expr, *, thesaurus: Mapping[str, str | None]
) -> Units:
    """Units from a list-valued expression over the records (one list per document)."""
    pairs = (
        records.select(items.alias("item"))
        .with_row_index("doc")
        .explode("item")
        .drop_nulls("item")
        .unique(["doc", "item"])
    )
    return units_from_pairs(pairs, records.height, thesaurus=thesaurus)


def drop_crowded(units: Units, max_units: int | None) -> Units:
    """Zero the rows of documents holding more than ``max_units`` items (None: keep all)."""
    if max_units is None:
        return units
    keep = (units.per_document() <= max_units).astype(np.float64)
    return Units(sp.csr_matrix(sp.diags(keep) @ units.incidence), units.labels)


def pair_strengths(held: sp.spmatrix, totals: np.ndarray, counting: str) -> Gram:
    """Item x item link strengths from a binary documents x items incidence, zero diagonal
    (held as its factor: see :class:`Gram`).

    ``full``: the number of documents holding both items. ``fractional``: a document holding
    ``n`` items in all (``totals``, counted before any threshold) adds ``1 / (n - 1)`` to each
    of its pairs, so an item's links from one document sum to at most 1.
    """
    binary = sp.csr_matrix(held, dtype=np.float64)
    binary.data[:] = 1.0
    if counting == "fractional":
        weight = np.divide(1.0, totals - 1.0, out=np.zeros(totals.size), where=totals > 1)
    else:
        weight = np.ones(binary.shape[0])
    return Gram(binary.T, weight)


def zero_diagonal(matrix: sp.spmatrix) -> sp.csr_matrix:
    """A CSR copy of ``matrix`` without diagonal entries or explicit zeros."""
    result = sp.csr_matrix(matrix, dtype=np.float64)
    result.setdiag(0)
    result.eliminate_zeros()
    return result


@dataclass(frozen=True)
class Gram:
    """``F diag(w) F^T`` without diagonal, held as its factor ``F`` (documents x works).

    Coupling matrices of many documents are dense; held this way, the items' total link
    strengths and the block of the items kept are computed without forming the whole matrix.
    """

    factor: sp.spmatrix
    weight: np.ndarray

    def take(self, rows: np.ndarray) -> Gram:
        """The matrix of the ``rows`` only."""
        return Gram(self.factor[rows], self.weight)

    def strengths(self) -> np.ndarray:
        """Row sums of the matrix: ``F (w * F^T 1) - (F o F) w``."""
        column_sums = np.asarray(self.factor.sum(axis=0)).ravel()
        total = self.factor @ (self.weight * column_sums)
        return np.asarray(total - self.factor.multiply(self.factor) @ self.weight).ravel()

    def matrix(self) -> sp.csr_matrix:
        return zero_diagonal(self.factor @ sp.diags(self.weight) @ self.factor.T)


def top_items(strength: np.ndarray, max_items: int | None, tiebreak: np.ndarray) -> np.ndarray:
    """Positions of the ``max_items`` items of largest total link ``strength`` (ties:
    ``tiebreak`` descending, then position), in their original order; all items when
    ``max_items`` is None. Strengths equal to 9 decimals tie (fractional strengths summed in
    different orders differ in their last bits).
    """
    n = len(strength)
    if max_items is None or max_items >= n:
        return np.arange(n)
    order = np.lexsort((np.arange(n), -tiebreak, -np.round(strength, 9)))
    return np.sort(order[:max_items])


def finish(
    kind: str,
    labels: pl.Series,
    adjacency: sp.csr_matrix | Gram,
    *,
    weights: dict[str, np.ndarray],
    scores: dict[str, np.ndarray],
    params: NetworkParams,
    tiebreak: np.ndarray,
    meta: dict[str, Any] | None = None,
) -> Network:
    """Keep the top items (``max_items``), order them by label (case-insensitive), and
    assemble the network with its metadata."""
    if isinstance(adjacency, Gram):
        strength = adjacency.strengths()
    else:
        strength = np.asarray(adjacency.sum(axis=1)).ravel()
    top = top_items(strength, params.max_items, tiebreak)
    order = pl.DataFrame({"position": top, "label": labels.gather(top)}).sort(
        pl.col("label").str.to_lowercase(), "label", "position"
    )
    keep = order["position"].to_numpy()
    if isinstance(adjacency, Gram):
        matrix = adjacency.take(keep).matrix()
    else:
        matrix = sp.csr_matrix(adjacency)[keep][:, keep]
    info = {"kind": kind, "map_type": map_type(kind), **params.as_meta(), **(meta or {})}
    return assemble(
        labels.gather(keep),
        matrix,
        weights={name: _counted(name, values[keep]) for name, values in weights.items()},
        scores={name: values[keep] for name, values in scores.items()},
        meta=info,
    )


_COUNTS = ("weight<Occurrences>", "weight<Documents>", "weight<Citations>")


def _counted(name: str, values: np.ndarray) -> np.ndarray:
    """Counts as integers (as VOSviewer writes them); other weights unchanged."""
    return np.rint(values).astype(np.int64) if name in _COUNTS else values


def map_type(kind: str) -> str:
    """VOSviewer's map type of a network kind, which picks its default repulsion.

    ``keyword_cooccurrence`` and ``document_citation`` (repulsion 0), ``author_coauthorship``
    (repulsion -1), ``other`` (repulsion 1); attraction is 2 for all (METHODS.md sec. 4).
    """
    if kind.startswith("keywords_"):
        return "keyword_cooccurrence"
    if kind == "citation_documents":
        return "document_citation"
    if kind == "coauthorship_authors":
        return "author_coauthorship"
    return "other"


UNIT_COLUMNS = {
    "sources": "source_title",
    "authors": "authors",
    "organizations": "organizations",
    "countries": "countries",
}


def units_of(records: pl.DataFrame, unit: str, params: NetworkParams) -> Units:
    """Documents x units (sources, authors, organizations, countries) of the records."""
    column = pl.col(UNIT_COLUMNS[unit])
    items = pl.concat_list([column]) if unit == "sources" else column
    return units_from_lists(records, items, thesaurus=params.thesaurus)


def unit_weights(
    units: Units, records: pl.DataFrame, params: NetworkParams
) -> tuple[np.ndarray, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Units meeting ``min_documents`` and ``min_citations``, with their weights and scores."""
    stats = item_scores(units.incidence, document_table(records))
    keep = (stats["weight<Documents>"] >= max(params.min_documents, 1)) & (
        stats["weight<Citations>"] >= params.min_citations
    )
    weights = {
        name: stats[name][keep]
        for name in ("weight<Documents>", "weight<Citations>", "weight<Norm. citations>")
    }
    scores = {
        name: stats[name][keep]
        for name in (
            "score<Avg. pub. year>",
            "score<Avg. citations>",
            "score<Avg. norm. citations>",
        )
    }
    return keep, weights, scores


def document_labels(records: pl.DataFrame) -> pl.Series:
    """``Surname (year)`` of each document, with ``a``, ``b``... where several coincide."""
    surname = pl.col("authors").list.first().str.extract(r"^([^,]*)", 1).str.strip_chars()
    base = pl.format(
        "{} ({})",
        pl.coalesce(surname, pl.lit("Anonymous")),
        pl.col("year").cast(pl.String).fill_null("n.d."),
    )
    frame = records.select(base.alias("base")).with_columns(
        pl.len().over(pl.col("base").str.to_lowercase()).alias("_n"),
        pl.int_range(pl.len()).over(pl.col("base").str.to_lowercase()).alias("_k"),
    )
    table = pl.Series([_suffix(k) for k in range(int(frame["_k"].max() or 0) + 1)])
    letters = pl.lit(table).gather(pl.col("_k"))
    labelled = frame.select(
        pl.when(pl.col("_n") > 1)
        .then(pl.col("base").str.replace(r"\)$", "") + letters + ")")
        .otherwise(pl.col("base"))
        .alias("label")
    )
    return labelled["label"]


def _suffix(position: int) -> str:
    """a, b, ..., z, aa, ab, ... for the 0-based position among same-label documents."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(97 + rest) + letters
    return letters


def reference_incidence(matched: Matched, n_documents: int) -> sp.csr_matrix:
    """Binary documents x cited works matrix of matched references."""
    citations = matched.citations
    return sp.csr_matrix(
        (
            np.ones(citations.height),
            (citations["doc"].to_numpy().astype(np.int64), citations["work"].to_numpy()),
        ),
        shape=(n_documents, matched.works.height),
    )


def corpus_citations(matched: Matched, n_documents: int) -> sp.csr_matrix:
    """Binary documents x documents matrix: row i cites column j (no self-citations)."""
    pairs = (
        matched.citations.join(matched.works.select("work", "cited_doc"), on="work")
        .drop_nulls("cited_doc")
        .filter(pl.col("doc") != pl.col("cited_doc"))
        .unique(["doc", "cited_doc"])
    )
    return sp.csr_matrix(
        (
            np.ones(pairs.height),
            (
                pairs["doc"].to_numpy().astype(np.int64),
                pairs["cited_doc"].to_numpy().astype(np.int64),
            ),
        ),
        shape=(n_documents, n_documents),
    )


def membership(units: Units, counting: str) -> sp.csr_matrix:
    """Documents x units weights: 1 per unit (full) or 1 / units of the document (fractional)."""
    held = units.binary
    if counting == "fractional":
        per_doc = units.per_document()
        scale = np.divide(1.0, per_doc, out=np.zeros(per_doc.size), where=per_doc > 0)
        return sp.csr_matrix(sp.diags(scale) @ held)
    return held
