"""Co-authorship of authors, organizations and countries.

Documents with more units than ``max_authors`` (authors, organizations or countries, as
VOSviewer's wizard counts them) are left out. Full counting: link strength = documents
co-authored; fractional: a document with ``n`` units adds ``1 / (n - 1)`` to each pair, so each
unit's links from one document sum to 1 (VOSviewer manual's example: D1={A1,A2,A3},
D2={A1,A3}, D3={A2,A4} gives A1-A3 = 1.5, A2-A4 = 1, A1-A2 = A2-A3 = 0.5).
"""

from __future__ import annotations

import polars as pl

from bibliomap.network import Network
from bibliomap.networks.common import (
    NetworkParams,
    drop_crowded,
    finish,
    pair_strengths,
    unit_weights,
    units_of,
)

KINDS = ("coauthorship_authors", "coauthorship_organizations", "coauthorship_countries")


def build(kind: str, records: pl.DataFrame, *, params: NetworkParams) -> Network:
    """The co-authorship network of ``kind`` (one of :data:`KINDS`)."""
    unit = kind.removeprefix("coauthorship_")
    units = drop_crowded(units_of(records, unit, params), params.max_authors)
    keep, weights, scores = unit_weights(units, records, params)
    chosen = units.take(keep)
    adjacency = pair_strengths(chosen.incidence, units.per_document(), params.counting)
    return finish(
        kind,
        chosen.labels,
        adjacency,
        weights=weights,
        scores=scores,
        params=params,
        tiebreak=weights["weight<Documents>"],
    )
