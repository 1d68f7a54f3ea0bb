"""Co-citation of cited references (works), cited sources and cited (first) authors.

Cited references are matched across databases first (:mod:`bibliomap.matching`), so a work
cited as ``Cohen WM, 1990, ADMIN SCI QUART, V35, P128`` and as ``Cohen, W.M., Levinthal, D.A.,
... (1990) Administrative Science Quarterly, 35 (1), pp. 128-152`` is one item. Cited sources
are grouped through their spellings (a work or a corpus document seen under both joins two
spellings); cited authors are the works' first authors, case-insensitively. The thesaurus
applies to the items' labels (and merges items it gives one label).

Citations = number of citing documents (references) or of (citing document, cited work)
pairs (sources, authors: a document citing three works of a journal gives it 3, as VOSviewer
counts citations of a source; a work listed twice in one reference list counts once); items
need ``min_cited``. Link strength (full) = documents
citing both items; fractional: a document citing ``n`` distinct items (before the threshold)
adds ``1 / (n - 1)`` to each pair. Score ``Avg. pub. year`` = mean publication year of the
cited works behind the item, weighted by citations (how old the cited literature is).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from bibliomap.matching import Matched, cited_sources, match
from bibliomap.network import Network
from bibliomap.networks.common import (
    NetworkParams,
    Units,
    finish,
    incidence,
    item_columns,
    pair_strengths,
)

KINDS = ("cocitation_references", "cocitation_sources", "cocitation_authors")

_ITEM = {
    "cocitation_references": "label",
    "cocitation_sources": "source_label",
    "cocitation_authors": "first_author",
}


def build(
    kind: str, records: pl.DataFrame, *, params: NetworkParams, matched: Matched | None = None
) -> Network:
    """The co-citation network of ``kind`` (one of :data:`KINDS`)."""
    result = matched or match(records)
    citations = result.citations
    work = citations["work"].to_numpy()
    count = np.ones(citations.height)  # each (citing document, cited work) pair once
    cited_refs = np.bincount(work, weights=count, minlength=result.works.height)
    works = result.works
    if kind == "cocitation_sources":
        works = works.join(cited_sources(result), on="work", how="left", maintain_order="left")
    columns, labels = item_columns(works[_ITEM[kind]], cited_refs, thesaurus=params.thesaurus)
    column = columns[work]
    shape = (records.height, labels.len())
    units = Units(incidence(citations["doc"].to_numpy(), column, count, shape), labels)
    if kind == "cocitation_references":
        citations_of = units.documents()
    else:
        citations_of = np.asarray(units.incidence.sum(axis=0)).ravel()
    keep = citations_of >= max(params.min_cited, 1)
    chosen = units.take(keep)
    adjacency = pair_strengths(chosen.incidence, units.per_document(), params.counting)
    years = result.works["year"].cast(pl.Float64).to_numpy()[work]
    dated = ~np.isnan(years) & (column >= 0)
    year_sum = np.bincount(column[dated], weights=(years * count)[dated], minlength=labels.len())
    year_n = np.bincount(column[dated], weights=count[dated], minlength=labels.len())
    mean_year = np.divide(year_sum, year_n, out=np.full(labels.len(), np.nan), where=year_n > 0)
    return finish(
        kind,
        chosen.labels,
        adjacency,
        weights={"weight<Citations>": citations_of[keep]},
        scores={"score<Avg. pub. year>": mean_year[keep]},
        params=params,
        tiebreak=citations_of[keep],
    )
