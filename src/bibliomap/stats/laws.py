"""Bradford's law of scattering (source zones) and Lotka's law of author productivity.

Bradford: sources ranked by documents (then citations, then name) and split into three zones
holding about a third of the documents each. A source is in zone ``1 + b``, with ``b`` the number
of boundaries ``T/3`` and ``2T/3`` (``T`` documents with a source) that the documents of the
sources ranked before it already reach; so the most productive source is always in zone 1 and
each zone ends with the source that crosses its boundary.

Lotka: ``authors`` = number of authors who wrote exactly ``n`` documents (full counting);
observed share = authors / all authors. Expected share under Lotka's inverse square law
``C / n**2`` with ``C = 6 / pi**2`` (the constant that makes the shares of n = 1, 2, ... sum to 1).
The fit estimates ``share = C * n**-beta`` by least squares on log10(share) vs log10(n).
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from bibliomap.stats.names import occurrences
from bibliomap.stats.rankings import top_sources

LOTKA_CONSTANT = 6 / math.pi**2


def bradford(records: pl.DataFrame) -> pl.DataFrame:
    """Every source with its ``rank``, ``documents``, ``cumulative_documents`` and ``zone``."""
    sources = top_sources(records, top_n=None).select("rank", "source", "documents")
    total = int(sources["documents"].sum())
    before = pl.col("documents").cum_sum() - pl.col("documents")
    zone = 1 + (before * 3 >= total).cast(pl.Int64) + (before * 3 >= 2 * total).cast(pl.Int64)
    return sources.with_columns(
        pl.col("documents").cum_sum().alias("cumulative_documents"), zone.alias("zone")
    )


def bradford_zones(table: pl.DataFrame) -> pl.DataFrame:
    """Per Bradford zone: ``sources`` and ``documents``."""
    return (
        table.group_by("zone")
        .agg(
            pl.len().cast(pl.Int64).alias("sources"),
            pl.col("documents").sum().cast(pl.Int64),
        )
        .sort("zone")
    )


def lotka(records: pl.DataFrame) -> pl.DataFrame:
    """Authors per number of documents written: observed and expected (inverse square law)."""
    per_author = occurrences(records, "authors").group_by("key").agg(pl.len().alias("n"))
    counts = (
        per_author.group_by("n").agg(pl.len().cast(pl.Int64).alias("authors")).sort("n").collect()
    )
    total = int(counts["authors"].sum())
    expected = LOTKA_CONSTANT / pl.col("documents_written").cast(pl.Float64) ** 2
    return counts.select(
        pl.col("n").cast(pl.Int64).alias("documents_written"),
        "authors",
        (pl.col("authors") / total).round(4).alias("share"),
    ).with_columns(
        expected.round(4).alias("expected_share"),
        (expected * total).round(2).alias("expected_authors"),
    )


def lotka_fit(table: pl.DataFrame) -> dict[str, float | None]:
    """Least-squares fit of share = C * n**-beta: ``beta``, ``constant``, ``r_squared``.

    Computed from the observed shares before rounding; all None with fewer than two values of n.
    """
    if table.height < 2:
        return {"beta": None, "constant": None, "r_squared": None}
    x = np.log10(table["documents_written"].to_numpy().astype(np.float64))
    shares = table["authors"].to_numpy() / table["authors"].sum()
    y = np.log10(shares)
    slope, intercept = np.polyfit(x, y, 1)
    residual = y - (slope * x + intercept)
    spread = float(((y - y.mean()) ** 2).sum())
    r_squared = 1 - float((residual**2).sum()) / spread if spread > 0 else 1.0
    return {
        "beta": round(float(-slope), 4),
        "constant": round(float(10**intercept), 4),
        "r_squared": round(r_squared, 4),
    }
