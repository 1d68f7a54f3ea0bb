"""Which links a map draws (the strongest N) and their curved shapes."""

from __future__ import annotations

import numpy as np
import polars as pl

from bibliomap.errors import BibliomapError

_COLUMNS = ("source", "target", "strength")


def strongest_links(links: pl.DataFrame, ids: np.ndarray, max_links: int) -> pl.DataFrame:
    """The ``max_links`` strongest links between items in ``ids``, strongest first.

    Pairs are taken undirected (duplicates summed, self-links and non-positive strengths
    dropped); ties in strength are broken by (source, target) ascending so the choice is
    deterministic. Returns ``source``, ``target`` (source < target), ``strength``.
    """
    missing = [c for c in _COLUMNS if c not in links.columns]
    if missing:
        raise BibliomapError(
            f"links table lacks column(s) {', '.join(missing)}; expected {_COLUMNS}"
        )
    if max_links < 0:
        raise BibliomapError(f"max_links must be >= 0, got {max_links}")
    try:
        typed = links.select(
            pl.col("source").cast(pl.Int64),
            pl.col("target").cast(pl.Int64),
            pl.col("strength").cast(pl.Float64),
        )
    except pl.exceptions.InvalidOperationError as exc:
        raise BibliomapError(
            "links table columns source, target, strength must be numeric"
        ) from exc
    if typed.null_count().sum_horizontal().item():
        raise BibliomapError("links table has missing source, target or strength values")
    if (typed["strength"] < 0).any():
        raise BibliomapError("links table has negative strengths; expected strength >= 0")
    known = pl.Series("id", ids, dtype=pl.Int64)
    return (
        typed.filter(
            pl.col("source").is_in(known.implode())
            & pl.col("target").is_in(known.implode())
            & (pl.col("source") != pl.col("target"))
        )
        .select(
            pl.min_horizontal("source", "target").alias("source"),
            pl.max_horizontal("source", "target").alias("target"),
            "strength",
        )
        .group_by("source", "target")
        .agg(pl.col("strength").sum())
        .filter(pl.col("strength") > 0)
        .sort(["strength", "source", "target"], descending=[True, False, False])
        .head(max_links)
    )


def link_positions(chosen: pl.DataFrame, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row positions in ``ids`` of each chosen link's source and target."""
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    source = order[np.searchsorted(sorted_ids, chosen["source"].to_numpy())]
    target = order[np.searchsorted(sorted_ids, chosen["target"].to_numpy())]
    return source, target


def curve_points(
    start: np.ndarray, end: np.ndarray, *, bend: float, segments: int = 16
) -> np.ndarray:
    """Quadratic Bezier arcs (m x (segments + 1) x 2) from ``start`` to ``end`` rows.

    The control point sits ``bend`` times the chord length to the left of the chord's middle,
    so every link bows the same way relative to its direction (source -> target).
    """
    chord = end - start
    control = (start + end) / 2 + bend * np.column_stack([-chord[:, 1], chord[:, 0]])
    t = np.linspace(0.0, 1.0, segments + 1)[None, :, None]
    return (
        (1 - t) ** 2 * start[:, None, :]
        + 2 * (1 - t) * t * control[:, None, :]
        + t**2 * end[:, None, :]
    )
