"""The cluster table: each cluster's size, most characteristic items and mean scores.

An item's *characteristic score* in its cluster c is

    score_i = (link strength of i inside c / total link strength of i) * w_i

the share of its links that stay inside its cluster (how specific it is to the cluster), times
its weight ``w_i``: the first of ``weight<Occurrences>``, ``weight<Documents>``,
``weight<Citations>``, ``weight<Total link strength>`` the items have (how prominent it is).
Items rank by score, then weight, then id; an item without links scores 0.

Columns: ``cluster``, ``items`` (number of items), ``label`` (the 3 best items joined by "; "),
``top_items`` (the ``top_n`` best), ``weight`` (sum of ``w_i``), ``link_strength_inside`` and
``link_strength_outside`` (each link once) and ``mean<...>`` for every ``score<...>`` column
(unweighted mean over the cluster's items, nulls ignored). Items without a cluster are left out.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import scipy.sparse as sp

WEIGHT_PREFERENCE = (
    "weight<Occurrences>",
    "weight<Documents>",
    "weight<Citations>",
    "weight<Total link strength>",
)
LABEL_ITEMS = 3


def item_weight_column(items: pl.DataFrame) -> str | None:
    """The weight column that measures an item's prominence (see module doc), if any."""
    return next((c for c in WEIGHT_PREFERENCE if c in items.columns), None)


def characteristic_scores(
    adjacency: sp.spmatrix, clusters: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per item: characteristic score, link strength inside and outside its cluster."""
    coo = sp.coo_matrix(adjacency)
    labels = np.asarray(clusters)
    same = (labels[coo.row] == labels[coo.col]) & (labels[coo.row] >= 0)
    n = len(labels)
    inside = np.bincount(coo.row[same], weights=coo.data[same], minlength=n)
    total = np.bincount(coo.row, weights=coo.data, minlength=n)
    share = np.divide(inside, total, out=np.zeros(n), where=total > 0)
    return share * weights, inside, total - inside


def cluster_table(items: pl.DataFrame, adjacency: sp.spmatrix, *, top_n: int = 10) -> pl.DataFrame:
    """The cluster table of a map (items with ``cluster``; ``adjacency`` in item order)."""
    weight_name = item_weight_column(items)
    weights = (
        items[weight_name].cast(pl.Float64).fill_null(0).to_numpy()
        if weight_name
        else np.ones(items.height)
    )
    clusters = items["cluster"].fill_null(-1).to_numpy()
    score, inside, outside = characteristic_scores(adjacency, clusters, weights)
    scores = [c for c in items.columns if c.startswith("score<")]
    frame = items.select("id", "label", "cluster", *scores).with_columns(
        _score=pl.Series(score), _weight=pl.Series(weights),
        _inside=pl.Series(inside), _outside=pl.Series(outside),
    )  # fmt: skip
    ranked = frame.filter(pl.col("cluster").is_not_null()).sort(
        ["cluster", "_score", "_weight", "id"], descending=[False, True, True, False]
    )
    table = ranked.group_by("cluster", maintain_order=True).agg(
        pl.len().alias("items"),
        pl.col("label").head(LABEL_ITEMS).str.join("; ").alias("label"),
        pl.col("label").head(top_n).str.join("; ").alias("top_items"),
        pl.col("_weight").sum().alias("weight"),
        (pl.col("_inside").sum() / 2).alias("link_strength_inside"),
        pl.col("_outside").sum().alias("link_strength_outside"),
        *[pl.col(c).cast(pl.Float64).mean().alias(f"mean<{c[6:-1]}>") for c in scores],
    )
    return table.with_columns(pl.col("items").cast(pl.Int64)).sort("cluster")
