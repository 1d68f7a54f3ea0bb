"""Co-citation of cited references (works), cited sources and cited (first) authors.

Cited references are matched across databases first (:mod:`bibliomap.matching`), so a work
cited as ``Cohen WM, 1990, ADMIN SCI QUART, V35, P128`` and as ``Cohen, W.M., Levinthal, D.A.,
... (1990) Administrative Science Quarterly, 35 (1), pp. 128-152`` is one item. Cited sources
are grouped through their spellings (a work or a corpus document seen under both joins two
spellings); cited authors are the works' first authors, case-insensitively.

Citations = number of citing documents (references: distinct documents; sources and authors:
citing references, as VOSviewer counts them); items need ``min_cited``. Link strength (full) =
documents citing both items; fractional: a document citing ``n`` distinct items (before the
threshold) adds ``1 / (n - 1)`` to each pair. Score ``Avg. pub. year`` = mean publication year
of the cited works (the item's age), weighted by citations.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from bibliomap.matching import Matched, match
from bibliomap.network import Network
from bibliomap.networks.common import NetworkParams, finish, pair_strengths, units_from_pairs

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
    column = _ITEM[kind]
    pairs = result.citations.join(
        result.works.select("work", pl.col(column).alias("item"), "year"), on="work"
    ).drop_nulls("item")
    references = kind == "cocitation_references"
    counted = pl.col("count").cast(pl.Float64)
    dated = pl.when(pl.col("year").is_not_null()).then(counted).otherwise(0.0)
    grouped = pairs.group_by("doc", "item").agg(
        counted.sum().alias("weight"),
        (pl.col("year").cast(pl.Float64) * counted).sum().alias("year_sum"),
        dated.sum().alias("year_n"),
    )
    units = units_from_pairs(grouped, records.height, thesaurus=params.thesaurus)
    citations = units.documents() if references else np.asarray(units.incidence.sum(axis=0)).ravel()
    keep = citations >= max(params.min_cited, 1)
    chosen = units.take(keep)
    adjacency = pair_strengths(chosen.incidence, units.per_document(), params.counting)
    year_sum, year_n = (
        np.asarray(
            units_from_pairs(
                grouped.with_columns(pl.col(name).alias("weight")),
                records.height,
                thesaurus=params.thesaurus,
            ).incidence.sum(axis=0)
        ).ravel()[keep]
        for name in ("year_sum", "year_n")
    )
    years = np.divide(year_sum, year_n, out=np.full(year_sum.size, np.nan), where=year_n > 0)
    return finish(
        kind,
        chosen.labels,
        adjacency,
        weights={"weight<Citations>": citations[keep]},
        scores={"score<Avg. pub. year>": years},
        params=params,
        tiebreak=citations[keep],
    )
