"""Keyword co-occurrence: author keywords, index keywords (Keywords Plus, MeSH...) or both.

Keywords are lower-cased, mapped through the thesaurus and de-duplicated per document.
Occurrences = documents holding the keyword; full counting: link strength = documents holding
both keywords; fractional: a document with ``n`` keywords (all of its keywords, before the
threshold) adds ``1 / (n - 1)`` to each pair.
"""

from __future__ import annotations

import polars as pl

from bibliomap.network import Network
from bibliomap.networks.common import NetworkParams, finish, pair_strengths, units_from_lists
from bibliomap.scores import document_table, item_scores

KINDS = ("keywords_author", "keywords_index", "keywords_all")

_COLUMNS = {
    "keywords_author": ("author_keywords",),
    "keywords_index": ("index_keywords",),
    "keywords_all": ("author_keywords", "index_keywords"),
}


def build(kind: str, records: pl.DataFrame, *, params: NetworkParams) -> Network:
    """The keyword co-occurrence network of ``kind`` (one of :data:`KINDS`)."""
    keywords = pl.concat_list([pl.col(column) for column in _COLUMNS[kind]]).list.eval(
        pl.element().str.replace_all(r"\s+", " ").str.strip_chars().str.to_lowercase()
    )
    units = units_from_lists(records, keywords, thesaurus=params.thesaurus)
    occurrences = units.documents()
    keep = occurrences >= max(params.min_occurrences, 1)
    chosen = units.take(keep)
    adjacency = pair_strengths(chosen.incidence, units.per_document(), params.counting)
    scores = item_scores(chosen.incidence, document_table(records))
    return finish(
        kind,
        chosen.labels,
        adjacency,
        weights={"weight<Occurrences>": occurrences[keep]},
        scores={
            name: scores[name]
            for name in (
                "score<Avg. pub. year>",
                "score<Avg. citations>",
                "score<Avg. norm. citations>",
            )
        },
        params=params,
        tiebreak=occurrences[keep],
    )
