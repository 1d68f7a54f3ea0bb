"""Assemble a map from a network, its layout and its clusters, and write the map folder.

The map folder holds:

- ``map.parquet``: the network's items (id, label, weights, scores) with ``x``, ``y`` (Float64)
  and ``cluster`` (Int64, null for none), only the items that were laid out;
- ``links.parquet``: the links among those items (source, target, strength);
- ``map.txt`` and ``network.txt``: VOSviewer's map and network files;
- ``map.json``: VOSviewer Online JSON, cluster labels included;
- ``map.gexf`` and ``map.graphml``: for Gephi and other graph tools;
- ``clusters.csv`` and ``clusters.parquet``: the cluster table (:mod:`bibliomap.labels`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from bibliomap import labels
from bibliomap.errors import BibliomapError
from bibliomap.export import graph, vosviewer
from bibliomap.fileio import write_csv, write_parquet
from bibliomap.network import LINK_SCHEMA, Network, links_to_adjacency

MAP_FILES = (
    "map.parquet",
    "links.parquet",
    "map.txt",
    "network.txt",
    "map.json",
    "map.gexf",
    "map.graphml",
    "clusters.csv",
    "clusters.parquet",
)


def assemble_map(
    network: Network, layout: pl.DataFrame, clusters: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Map items (the laid-out items with x, y, cluster) and the links among them."""
    for name, table, needed in (
        ("layout", layout, ("id", "x", "y")),
        ("clusters", clusters, ("id", "cluster")),
    ):
        missing = [c for c in needed if c not in table.columns]
        if missing:
            raise BibliomapError(f"the {name} table lacks columns {missing}")
    items = network.items.drop(["x", "y", "cluster"], strict=False)
    placed = items.join(layout.select("id", "x", "y"), on="id", how="inner", maintain_order="left")
    placed = placed.join(
        clusters.select("id", pl.col("cluster").cast(pl.Int64)),
        on="id",
        how="left",
        maintain_order="left",
    )
    texts = [c for c in ("id", *vosviewer.TEXT_COLUMNS) if c in placed.columns]
    rest = [c for c in placed.columns if c not in (*texts, "x", "y", "cluster")]
    placed = placed.select(*texts, "x", "y", "cluster", *rest)
    ids = placed["id"].implode()
    links = network.links.filter(pl.col("source").is_in(ids) & pl.col("target").is_in(ids))
    return placed, links.select(list(LINK_SCHEMA)).cast(LINK_SCHEMA)


def export_map_folder(
    network: Network,
    layout: pl.DataFrame,
    clusters: pl.DataFrame,
    folder: str | Path,
    *,
    top_n: int = 10,
    title: str = "",
    description: str = "",
    parameters: dict[str, Any] | None = None,
) -> pl.DataFrame:
    """Write every file of the map folder (see module doc); return the cluster table."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    items, links = assemble_map(network, layout, clusters)
    table = labels.cluster_table(items, links_to_adjacency(items["id"], links), top_n=top_n)
    write_parquet(items, out / "map.parquet")
    write_parquet(links, out / "links.parquet")
    vosviewer.write_map_file(items, out / "map.txt")
    vosviewer.write_network_file(links, out / "network.txt")
    document = vosviewer.vosviewer_json(
        items, links,
        cluster_labels=dict(zip(table["cluster"].to_list(), table["label"].to_list(), strict=True)),
        title=title or str(network.meta.get("kind", "")), description=description,
        parameters=parameters,
    )  # fmt: skip
    vosviewer.write_vosviewer_json(document, out / "map.json")
    graph.write_gexf(items, links, out / "map.gexf")
    graph.write_graphml(items, links, out / "map.graphml")
    write_csv(table, out / "clusters.csv")
    write_parquet(table, out / "clusters.parquet")
    return table
