"""Bibliographic networks (METHODS.md sec. 2), one module per family, and their dispatcher.

Every network is a :class:`bibliomap.network.Network` whose ``meta`` holds ``kind``,
``map_type`` and the parameters that built it. Formulas and rules: docs/networks.md.
"""

from __future__ import annotations

from types import ModuleType

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.matching import Matched
from bibliomap.network import Network
from bibliomap.networks import citation, coauthorship, cocitation, coupling, keywords
from bibliomap.networks.common import NetworkParams

__all__ = ["KINDS", "NetworkParams", "build", "required_columns"]

_FAMILIES: tuple[ModuleType, ...] = (keywords, coauthorship, citation, coupling, cocitation)
_BY_KIND: dict[str, ModuleType] = {kind: module for module in _FAMILIES for kind in module.KINDS}
_CITED = frozenset((*citation.KINDS, *coupling.KINDS, *cocitation.KINDS))

KINDS: tuple[str, ...] = tuple(_BY_KIND)


_BASE = ("id", "databases", "year", "cited_by")
_CITED_COLUMNS = (
    "references",
    "doi",
    "openalex_id",
    "lens_id",
    "authors",
    "title",
    "volume",
    "page_start",
    "source_title",
    "source_abbrev",
)
_UNIT_COLUMNS = {
    "keywords_author": ("author_keywords",),
    "keywords_index": ("index_keywords",),
    "keywords_all": ("author_keywords", "index_keywords"),
    "documents": ("authors",),
    "sources": ("source_title",),
    "authors": ("authors",),
    "organizations": ("organizations",),
    "countries": ("countries",),
}


def required_columns(kind: str) -> list[str]:
    """The record columns ``kind`` reads (read only these: abstracts are most of a corpus)."""
    unit = kind if kind.startswith("keywords_") else kind.partition("_")[2]
    columns = [*_BASE, *_UNIT_COLUMNS.get(unit, ())]
    if kind in _CITED:
        columns += _CITED_COLUMNS
    return list(dict.fromkeys(columns))


def build(
    kind: str,
    records: pl.DataFrame,
    *,
    params: NetworkParams | None = None,
    matched: Matched | None = None,
) -> Network:
    """Build the network ``kind`` (one of :data:`KINDS`) from canonical, enriched records.

    ``matched`` reuses a reference matching of the same records (citation, coupling and
    co-citation kinds); it is computed when not given.
    """
    module = _BY_KIND.get(kind)
    if module is None:
        raise BibliomapError(f"unknown network kind {kind!r}; expected one of: {', '.join(KINDS)}")
    chosen = params or NetworkParams()
    if kind in _CITED:
        return module.build(kind, records, params=chosen, matched=matched)
    return module.build(kind, records, params=chosen)
