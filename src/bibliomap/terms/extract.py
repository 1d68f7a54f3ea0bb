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

Phrases and terms are handled as integer codes (a term's code is its rank in label order) and
documents x terms sparse matrices; labels are joined back only for the outputs.
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
from bibliomap.terms.relevance import PRIOR, relevance_scores, select_relevant
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


@dataclass(frozen=True)
class Counts:
    """(doc, term, count) triples, one per document and term, sorted by document then term."""

    doc: np.ndarray  # record row (int32)
    term: np.ndarray  # term code (int32)
    count: np.ndarray  # occurrences of the term in the document (int64)

    def matrix(self, columns: np.ndarray, n_docs: int) -> sp.csr_matrix:
        """Documents x terms counts; ``columns[code]`` is a term's column (-1: left out)."""
        column = columns[self.term]
        keep = column >= 0
        return sp.csr_matrix(
            (self.count[keep].astype(np.float64), (self.doc[keep], column[keep])),
            shape=(n_docs, int(columns.max(initial=-1)) + 1),
        )


def canonical_codes(
    labels: pl.Series, totals: np.ndarray, thesaurus: Thesaurus
) -> tuple[np.ndarray, pl.Series]:
    """Each phrase's term code (-1: ignored) and the term labels in code (alphabetical) order.

    The thesaurus is applied first, then spellings that differ only in spaces and hyphens are
    merged into the one with the most occurrences (ties: the first in alphabetical order).
    """
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
    terms = spelling["term"].sort()
    coded = spelling.join(
        pl.DataFrame({"term": terms, "code": np.arange(terms.len(), dtype=np.int32)}), on="term"
    )
    codes = frame.join(coded, on="key", how="left", maintain_order="left")["code"]
    return codes.fill_null(-1).to_numpy().astype(np.int32), terms.rename("term")


def term_counts(doc: np.ndarray, term: np.ndarray, count: np.ndarray) -> Counts:
    """Counts summed per document and term (entries with term -1 left out)."""
    keep = term >= 0
    width = int(term.max(initial=0)) + 1
    key = doc[keep].astype(np.int64) * width + term[keep]
    order = np.argsort(key, kind="stable")
    key = key[order]
    start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if key.size else key
    summed = np.add.reduceat(count[keep][order].astype(np.int64), start) if key.size else key
    return Counts(
        doc=(key[start] // width).astype(np.int32),
        term=(key[start] % width).astype(np.int32),
        count=summed,
    )


def _occurrences(matrix: sp.csr_matrix, counting: str) -> np.ndarray:
    """Documents holding each term (binary) or all its occurrences (full)."""
    counted = matrix if counting == "full" else (matrix > 0)
    return np.asarray(counted.sum(axis=0)).ravel().astype(np.int64)


def term_cooccurrence(matrix: sp.csr_matrix, counting: str) -> sp.csr_matrix:
    """Term x term link strength: documents holding both (binary) or sum of count products."""
    if counting == "binary":
        return cooccurrence(matrix.copy(), counting="full")
    product = sp.csr_matrix(matrix.T @ matrix)
    product.setdiag(0)
    product.eliminate_zeros()
    return product


def _columns(selected: np.ndarray, size: int) -> np.ndarray:
    """Column of each term code in a matrix of the ``selected`` codes (others -1)."""
    columns = np.full(size, -1, dtype=np.int64)
    columns[selected] = np.arange(selected.size)
    return columns


def candidate_terms(
    counts: Counts, terms: pl.Series, n_docs: int, params: TermParams
) -> pl.DataFrame:
    """Terms meeting the threshold: code, term, occurrences, relevance and ``selected`` flag."""
    n_terms = terms.len()
    weights = counts.count if params.counting == "full" else None
    value = np.bincount(counts.term, weights=weights, minlength=n_terms).astype(np.int64)
    codes = np.flatnonzero(value >= params.min_occurrences)
    matrix = counts.matrix(_columns(codes, n_terms), n_docs)
    relevance = relevance_scores(matrix, counting=params.counting, prior=PRIOR)
    labels = terms.gather(codes)
    selected = select_relevant(labels, relevance, value[codes], params.relevance_share)
    return pl.DataFrame(
        {
            "code": codes.astype(np.int32),
            "term": labels,
            "occurrences": value[codes],
            "relevance": relevance,
            "selected": selected,
        }
    )


def kept_terms(
    occurrences: Occurrences, phrase_term: np.ndarray, terms: pl.Series, selected: np.ndarray
) -> np.ndarray:
    """Each phrase's selected term after the fall-back, as a code (-1: none)."""
    keep = np.zeros(terms.len() + 1, dtype=bool)
    keep[selected] = True
    own = np.where(keep[phrase_term], phrase_term, terms.len())
    own_label = pl.concat([terms, pl.Series([None], dtype=pl.String)]).gather(own)
    final = fallback_terms(occurrences.labels, own_label)
    coded = pl.DataFrame({"term": terms, "code": np.arange(terms.len(), dtype=np.int32)})
    found = pl.DataFrame({"term": final}).join(coded, on="term", how="left", maintain_order="left")
    return found["code"].fill_null(-1).to_numpy().astype(np.int32)


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
    before: sp.csr_matrix,
    after: sp.csr_matrix,
    documents: pl.DataFrame,
    counting: str,
) -> pl.DataFrame:
    """All candidates; selected ones counted after the fall-back (``after``), the others
    before it (``before``: columns = the unselected candidates in code order)."""
    parts = [
        frame.drop("code").with_columns(
            occurrences=_occurrences(matrix, counting), **_score_columns(matrix, documents)
        )
        for frame, matrix in (
            (candidates.filter("selected"), after),
            (candidates.filter(~pl.col("selected")), before),
        )
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


def build_outputs(
    records: pl.DataFrame,
    candidates: pl.DataFrame,
    found: Counts,
    final: Counts,
    params: TermParams,
    thesaurus_entries: int,
) -> TermResult:
    """Term table, incidence (record id, term, count) and network of the selected terms."""
    n_docs, n_terms = records.height, int(candidates["code"].max() or 0) + 1
    n_terms = max(n_terms, int(found.term.max(initial=-1)) + 1, int(final.term.max(initial=-1)) + 1)
    chosen = candidates.filter("selected")
    others = candidates.filter(~pl.col("selected"))
    after = final.matrix(_columns(chosen["code"].to_numpy(), n_terms), n_docs)
    before = found.matrix(_columns(others["code"].to_numpy(), n_terms), n_docs)
    documents = document_table(records)
    table = _term_table(candidates, before, after, documents, params.counting)
    network = _network(chosen["term"], after, documents, params, thesaurus_entries)
    column = _columns(chosen["code"].to_numpy(), n_terms)[final.term]
    incidence = pl.DataFrame(
        {
            "id": records["id"].cast(pl.String).gather(final.doc),
            "term": chosen["term"].gather(column),
            "count": final.count.astype(np.int64),
        }
    )
    return TermResult(terms=table, incidence=incidence, network=network)


def extract_terms(
    records: pl.DataFrame,
    params: TermParams,
    *,
    thesaurus: Thesaurus | None = None,
    occurrences: Occurrences | None = None,
    workers: int = 1,
    batch_size: int = 20_000,
) -> TermResult:
    """Terms of ``records`` (canonical schema) as VOSviewer's text mining finds them.

    ``occurrences``: phrase occurrences already mined from ``params.fields`` (e.g. gathered
    from shards, :mod:`bibliomap.terms.shards`); mined here when None.
    """
    mined = occurrences is None
    missing = {"id", "year", "cited_by", *(params.fields if mined else ())} - set(records.columns)
    if missing:
        raise BibliomapError(f"records lack the columns {sorted(missing)}")
    if occurrences is None:
        occurrences = mine_records(
            records,
            fields=params.fields,
            remove_copyright=params.remove_copyright,
            workers=workers,
            batch_size=batch_size,
        )
    elif occurrences.doc.size and int(occurrences.doc.max()) >= records.height:
        raise BibliomapError("term occurrences refer to more records than were given")
    totals = np.bincount(
        occurrences.code, weights=occurrences.count, minlength=occurrences.labels.len()
    )
    phrase_term, terms = canonical_codes(occurrences.labels, totals, thesaurus or {})
    found = term_counts(occurrences.doc, phrase_term[occurrences.code], occurrences.count)
    candidates = candidate_terms(found, terms, records.height, params)
    final_term = kept_terms(
        occurrences, phrase_term, terms, candidates.filter("selected")["code"].to_numpy()
    )
    final = term_counts(occurrences.doc, final_term[occurrences.code], occurrences.count)
    return build_outputs(records, candidates, found, final, params, len(thesaurus or {}))


def save_terms(
    result: TermResult, *, terms: str | Path, incidence: str | Path, network: str | Path
) -> None:
    """Write the term table and incidence (Parquet) and the network folder, atomically."""
    write_parquet(result.terms, terms)
    write_parquet(result.incidence, incidence)
    save(result.network, network)
