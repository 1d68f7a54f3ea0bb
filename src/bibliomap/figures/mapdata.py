"""Read a map table (VOSviewer map columns) into the arrays the figures draw."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from bibliomap.errors import BibliomapError

DEFAULT_WEIGHTS = ("Occurrences", "Documents", "Citations", "Total link strength")
DEFAULT_SCORE = "Avg. pub. year"
_REQUIRED = ("id", "label", "x", "y")


@dataclass(frozen=True, eq=False)
class MapItems:
    """Item arrays in table order; ``cluster`` 0 means unassigned, ``weight`` is >= 0."""

    ids: np.ndarray
    labels: tuple[str, ...]
    x: np.ndarray
    y: np.ndarray
    cluster: np.ndarray
    weight: np.ndarray
    weight_name: str | None

    @property
    def size(self) -> int:
        return self.ids.size


def column_name(table: pl.DataFrame, name: str, kind: str) -> str:
    """The ``kind<...>`` column named ``name`` (given bare or in full); error if absent."""
    full = name if name.startswith(f"{kind}<") else f"{kind}<{name}>"
    if full not in table.columns:
        present = ", ".join(c for c in table.columns if c.startswith(f"{kind}<")) or "none"
        raise BibliomapError(f"map has no column {full!r}; {kind} columns present: {present}")
    return full


def display_name(column: str) -> str:
    """``weight<Occurrences>`` -> ``Occurrences``."""
    return column[column.index("<") + 1 : -1] if column.endswith(">") and "<" in column else column


def default_weight(table: pl.DataFrame) -> str | None:
    """First of Occurrences/Documents/Citations/Total link strength present, else any weight."""
    for name in DEFAULT_WEIGHTS:
        if f"weight<{name}>" in table.columns:
            return f"weight<{name}>"
    return next((c for c in table.columns if c.startswith("weight<")), None)


def default_score(table: pl.DataFrame) -> str | None:
    """``score<Avg. pub. year>`` if present, else the first score column, else None."""
    if f"score<{DEFAULT_SCORE}>" in table.columns:
        return f"score<{DEFAULT_SCORE}>"
    return next((c for c in table.columns if c.startswith("score<")), None)


def map_items(table: pl.DataFrame, *, weight: str | None = None) -> MapItems:
    """Validate a map table and extract coordinates, clusters, labels and the sizing weight."""
    missing = [c for c in _REQUIRED if c not in table.columns]
    if missing:
        raise BibliomapError(
            f"map table lacks column(s) {', '.join(missing)}; expected {_REQUIRED}"
        )
    if table.height == 0:
        raise BibliomapError("map table has no items")
    ids = _numeric(table, "id", pl.Int64)
    if np.unique(ids).size != ids.size:
        raise BibliomapError("map table has duplicate item ids")
    x = _coordinate(table, "x", ids)
    y = _coordinate(table, "y", ids)
    column = default_weight(table) if weight is None else column_name(table, weight, "weight")
    sizes = np.ones(table.height) if column is None else _weights(table, column, ids)
    labels = (
        table["label"].cast(pl.String).fill_null("").str.replace_all(r"\s+", " ").str.strip_chars()
    )
    return MapItems(
        ids=ids,
        labels=tuple(labels.to_list()),
        x=x,
        y=y,
        cluster=_clusters(table, ids),
        weight=sizes,
        weight_name=None if column is None else display_name(column),
    )


def item_scores(table: pl.DataFrame, score: str) -> np.ndarray:
    """Float scores of column ``score`` (bare or full name), NaN where missing."""
    column = column_name(table, score, "score")
    try:
        values = table[column].cast(pl.Float64).to_numpy()
    except pl.exceptions.InvalidOperationError as exc:
        raise BibliomapError(f"map column {column!r} must be numeric") from exc
    return np.where(np.isfinite(values), values, np.nan)


def _numeric(table: pl.DataFrame, column: str, dtype: pl.DataType) -> np.ndarray:
    try:
        series = table[column].cast(dtype)
    except pl.exceptions.InvalidOperationError as exc:
        raise BibliomapError(f"map column {column!r} must be numeric") from exc
    if series.null_count():
        raise BibliomapError(f"map column {column!r} has missing values")
    return series.to_numpy()


def _coordinate(table: pl.DataFrame, column: str, ids: np.ndarray) -> np.ndarray:
    values = _numeric(table, column, pl.Float64).astype(np.float64)
    bad = ~np.isfinite(values)
    if bad.any():
        raise BibliomapError(f"map column {column!r} is not finite", record=int(ids[bad][0]))
    return values


def _weights(table: pl.DataFrame, column: str, ids: np.ndarray) -> np.ndarray:
    try:
        values = table[column].cast(pl.Float64).fill_null(0.0).to_numpy()
    except pl.exceptions.InvalidOperationError as exc:
        raise BibliomapError(f"map column {column!r} must be numeric") from exc
    bad = ~(values >= 0) | ~np.isfinite(values)
    if bad.any():
        raise BibliomapError(
            f"map column {column!r} must hold non-negative numbers", record=int(ids[bad][0])
        )
    return values


def _clusters(table: pl.DataFrame, ids: np.ndarray) -> np.ndarray:
    if "cluster" not in table.columns:
        return np.zeros(table.height, dtype=np.int64)
    try:
        values = table["cluster"].cast(pl.Int64).fill_null(0).to_numpy()
    except pl.exceptions.InvalidOperationError as exc:
        raise BibliomapError("map column 'cluster' must hold integers") from exc
    bad = values < 0
    if bad.any():
        raise BibliomapError("map column 'cluster' must be >= 1 or null", record=int(ids[bad][0]))
    return values
