"""The terms stage: candidate terms, selection, fall-back, term table, incidence and network.

Order of the steps (docs/terms.md):

1. mine noun phrases of the chosen fields (:mod:`bibliomap.terms.mine`);
2. map each unified phrase through the thesaurus (merge, or ignore), then merge spellings that
   differ only in spaces and hyphens into the most frequent one (total occurrences; ties: the
   first in alphabetical order);
3. candidates: terms with ``occurrences >= min_occurrences`` (binary counting: documents;
   full counting: all occurrences);
4. relevance of the candidates (:mod:`bibliomap.terms.relevance`); the ``relevance_share`` most
   relevant are selected;
5. every phrase whose term is not selected counts for the longest embedded selected term
   (:mod:`bibliomap.terms.fallback`); occurrences and scores are computed after this step.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import scipy.sparse as sp

from bibliomap.errors import BibliomapError
from bibliomap.fileio import write_parquet
from bibliomap.network import Network, assemble, cooccurrence, save
from bibliomap.scores import document_table, item_scores
from bibliomap.terms.fallback import fallback_terms
from bibliomap.terms.mine import Occurrences, mine_records
from bibliomap.terms.relevance import relevance_scores, select_relevant
from bibliomap.thesaurus import Thesaurus, apply_to_labels

COUNTINGS = ("binary", "full")
FIELDS = ("title", "abstract")
_SCORES = ("score<Avg. pub. year>", "score<Avg. citations>", "score<Avg. norm. citations>")


@dataclass(frozen=True)
class TermParams:
    """Parameters that change the terms stage's results."""

    fields: tuple[str, ...] = FIELDS
    counting: str = "binary"
    min_occurrences: int = 10
    relevance_share: float = 0.6
    remove_copyright: bool = True

    def __post_init__(self) -> None:
        if not self.fields or any(field not in FIELDS for field in self.fields):
            raise BibliomapError(f"terms fields must be among {FIELDS}, got {self.fields!r}")
        if self.counting not in COUNTINGS:
            raise BibliomapError(f"counting must be one of {COUNTINGS}, got {self.counting!r}")
        if self.min_occurrences < 1:
            raise BibliomapError(f"min_occurrences must be >= 1, got {self.min_occurrences}")
        if not 0.0 <= self.relevance_share <= 1.0:
            raise BibliomapError(
                f"relevance_share must be between 0 and 1, got {self.relevance_share}"
            )

    def as_meta(self) -> dict[str, Any]:
        """The parameters as JSON-ready values."""
        meta = asdict(self)
        meta["fields"] = list(self.fields)
        return meta


@dataclass(frozen=True)
class TermResult:
    """The stage's outputs: term table, document-term incidence and co-occurrence network."""

    terms: pl.DataFrame
    incidence: pl.DataFrame
    network: Network


def _canonical_terms(labels: pl.Series, totals: np.ndarray, thesaurus: Thesaurus) -> pl.Series:
    """Each phrase's term: thesaurus applied, then the most frequent spelling per compact key."""
    frame = pl.DataFrame({"label": labels, "total": totals}).with_columns(
        mapped=apply_to_labels(pl.col("label"), thesaurus)
    )
    frame = frame.with_columns(key=pl.col("mapped").str.replace_all(r"[\s-]+", ""))
    spelling = (
        frame.drop_nulls("mapped")
        .group_by("key", "mapped")
        .agg(pl.col("total").sum())
        .sort(["key", "total", "mapped"], descending=[False, True, False])
        .unique("key", keep="first", maintain_order=True)
        .select("key", term="mapped")
    )
    return frame.join(spelling, on="key", how="left", maintain_order="left")["term"]


def _term_incidence(occurrences: Occurrences, terms: pl.Series) -> pl.DataFrame:
    """(doc, term, count): phrase counts summed per document and term (null terms left out)."""
    triples = pl.DataFrame(
        {"doc": occurrences.doc, "term": terms.gather(occurrences.code), "count": occurrences.count}
    )
    return triples.drop_nulls("term").group_by("doc", "term").agg(pl.col("count").sum())


def _matrix(incidence: pl.DataFrame, terms: pl.Series, n_docs: int) -> sp.csr_matrix:
    """Documents x ``terms`` sparse matrix of counts (terms absent from ``terms`` left out)."""
    index = pl.DataFrame({"term": terms, "col": np.arange(terms.len(), dtype=np.int64)})
    cells = incidence.join(index, on="term")
    return sp.csr_matrix(
        (
            cells["count"].to_numpy().astype(np.float64),
            (cells["doc"].to_numpy(), cells["col"].to_numpy()),
        ),
        shape=(n_docs, terms.len()),
    )


def _occurrences(matrix: sp.csr_matrix, counting: str) -> np.ndarray:
    """Documents holding each term (binary) or all its occurrences (full)."""
    counted = matrix if counting == "full" else (matrix > 0)
    return np.asarray(counted.sum(axis=0)).ravel().astype(np.int64)


def term_cooccurrence(matrix: sp.csr_matrix, counting: str) -> sp.csr_matrix:
    """Term x term link strength: documents holding both (binary) or sum of count products."""
    if counting == "binary":
        return cooccurrence(matrix, counting="full")
    product = sp.csr_matrix(matrix.T @ matrix)
    product.setdiag(0)
    product.eliminate_zeros()
    return product


def _candidates(incidence: pl.DataFrame, n_docs: int, params: TermParams) -> pl.DataFrame:
    """Terms meeting the threshold with their occurrences, relevance and ``selected`` flag."""
    counts = incidence.group_by("term").agg(
        docs=pl.len(), total=pl.col("count").sum().cast(pl.Int64)
    )
    value = "docs" if params.counting == "binary" else "total"
    found = (
        counts.filter(pl.col(value) >= params.min_occurrences)
        .sort("term")
        .select("term", occurrences=pl.col(value).cast(pl.Int64))
    )
    matrix = _matrix(incidence, found["term"], n_docs)
    relevance = relevance_scores(term_cooccurrence(matrix, params.counting))
    occurrences = found["occurrences"].to_numpy()
    selected = select_relevant(found["term"], relevance, occurrences, params.relevance_share)
    return found.with_columns(relevance=relevance, selected=selected)


def _score_columns(matrix: sp.csr_matrix, documents: pl.DataFrame) -> dict[str, np.ndarray]:
    """Documents and the average scores of each term (columns of ``matrix``)."""
    scores = item_scores(matrix, documents)
    return {
        "documents": scores["weight<Documents>"].astype(np.int64),
        "avg_pub_year": scores["score<Avg. pub. year>"],
        "avg_citations": scores["score<Avg. citations>"],
        "avg_norm_citations": scores["score<Avg. norm. citations>"],
    }


def _term_table(
    candidates: pl.DataFrame,
    found: pl.DataFrame,
    final_matrix: sp.csr_matrix,
    documents: pl.DataFrame,
    counting: str,
) -> pl.DataFrame:
    """All candidates; selected ones counted after the fall-back, the others before it."""
    rest = candidates.filter(~pl.col("selected"))
    rest_matrix = _matrix(found, rest["term"], documents.height)
    parts = [
        frame.with_columns(
            occurrences=_occurrences(matrix, counting), **_score_columns(matrix, documents)
        )
        for frame, matrix in ((candidates.filter("selected"), final_matrix), (rest, rest_matrix))
    ]
    return pl.concat(parts).sort(
        ["selected", "occurrences", "term"], descending=[True, True, False]
    )


def _network(
    selected: pl.Series,
    matrix: sp.csr_matrix,
    documents: pl.DataFrame,
    params: TermParams,
    thesaurus_entries: int,
) -> Network:
    """The co-occurrence network of the selected terms, weighted by occurrences, with scores."""
    scores = item_scores(matrix, documents)
    return assemble(
        selected,
        term_cooccurrence(matrix, params.counting),
        weights={"weight<Occurrences>": _occurrences(matrix, params.counting)},
        scores={name: scores[name] for name in _SCORES},
        meta={
            "kind": "terms",
            "map_type": "other",
            **params.as_meta(),
            "thesaurus_entries": thesaurus_entries,
        },
    )


def extract_terms(
    records: pl.DataFrame,
    params: TermParams,
    *,
    thesaurus: Thesaurus | None = None,
    workers: int = 1,
    batch_size: int = 20_000,
) -> TermResult:
    """Terms of ``records`` (canonical schema) as VOSviewer's text mining finds them."""
    missing = {"id", "year", "cited_by", *params.fields} - set(records.columns)
    if missing:
        raise BibliomapError(f"records lack the columns {sorted(missing)}")
    occurrences = mine_records(
        records,
        fields=params.fields,
        remove_copyright=params.remove_copyright,
        workers=workers,
        batch_size=batch_size,
    )
    totals = np.bincount(
        occurrences.code, weights=occurrences.count, minlength=occurrences.labels.len()
    )
    terms = _canonical_terms(occurrences.labels, totals, thesaurus or {})
    n_docs = records.height
    found = _term_incidence(occurrences, terms)
    candidates = _candidates(found, n_docs, params)
    selected = candidates.filter("selected")["term"]
    kept = pl.DataFrame({"term": terms}).select(
        pl.when(pl.col("term").is_in(selected.implode())).then(pl.col("term"))
    )["term"]
    incidence = _term_incidence(occurrences, fallback_terms(occurrences.labels, kept))
    incidence = incidence.sort("doc", "term")
    documents = document_table(records)
    final_matrix = _matrix(incidence, selected, n_docs)
    table = _term_table(candidates, found, final_matrix, documents, params.counting)
    network = _network(selected, final_matrix, documents, params, len(thesaurus or {}))
    ids = records["id"].cast(pl.String)
    return TermResult(
        terms=table,
        incidence=incidence.select(
            id=ids.gather(incidence["doc"]), term="term", count=pl.col("count").cast(pl.Int64)
        ),
        network=network,
    )


def save_terms(
    result: TermResult, *, terms: str | Path, incidence: str | Path, network: str | Path
) -> None:
    """Write the term table and incidence (Parquet) and the network folder, atomically."""
    write_parquet(result.terms, terms)
    write_parquet(result.incidence, incidence)
    save(result.network, network)
