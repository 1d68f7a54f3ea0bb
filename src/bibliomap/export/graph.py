"""GEXF and GraphML exports of a map (for Gephi and other graph tools), via networkx.

Nodes are keyed by the item id (as text) and carry ``label``, ``x``, ``y``, ``cluster`` and every
``weight<...>``/``score<...>`` column under its VOSviewer name (missing values are left out);
edges carry ``weight`` (the link strength). The GEXF file also holds Gephi's ``viz`` position
(coordinates times 1000) and the cluster colour of METHODS.md sec. 6, and no modification date,
so that the same map gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl
from networkx.readwrite.gexf import GEXFWriter

from bibliomap.fileio import write_with

CLUSTER_COLOURS = (
    "#d62728", "#2ca02c", "#1f77b4", "#bcbd22", "#9467bd", "#17becf", "#ff7f0e", "#8c564b",
    "#e377c2", "#ff9896", "#98df8a", "#aec7e8", "#dbdb8d", "#c5b0d5", "#9edae5", "#ffbb78",
    "#c49c94", "#f7b6d2",
)  # fmt: skip
NO_CLUSTER_COLOUR = "#bfbfbf"
VIZ_SCALE = 1000.0


def cluster_colour(cluster: int | None) -> str:
    """VOSviewer's default colour of a cluster (cycling after 18), grey for none."""
    if cluster is None or cluster < 1:
        return NO_CLUSTER_COLOUR
    return CLUSTER_COLOURS[(cluster - 1) % len(CLUSTER_COLOURS)]


def map_graph(items: pl.DataFrame, links: pl.DataFrame, *, viz: bool = False) -> nx.Graph:
    """A networkx graph of a map's items (with attributes) and links (``weight``)."""
    graph = nx.Graph()
    for row in items.iter_rows(named=True):
        attributes = {k: v for k, v in row.items() if k != "id" and v is not None}
        if viz and row.get("x") is not None and row.get("y") is not None:
            colour = cluster_colour(row.get("cluster"))
            attributes["viz"] = {
                "position": {"x": row["x"] * VIZ_SCALE, "y": row["y"] * VIZ_SCALE, "z": 0.0},
                "color": {
                    "r": int(colour[1:3], 16), "g": int(colour[3:5], 16),
                    "b": int(colour[5:7], 16), "a": 1.0,
                },
            }  # fmt: skip
        graph.add_node(str(row["id"]), **attributes)
    graph.add_weighted_edges_from(
        (str(s), str(t), float(w))
        for s, t, w in links.select("source", "target", "strength").iter_rows()
    )
    return graph


def write_gexf(items: pl.DataFrame, links: pl.DataFrame, path: str | Path) -> None:
    """Write a GEXF 1.2 file, atomically and without a modification date."""
    writer = GEXFWriter(version="1.2draft")
    writer.xml.find("meta").attrib.pop("lastmodifieddate", None)
    writer.add_graph(map_graph(items, links, viz=True))
    write_with(path, lambda tmp: _write_xml(writer, tmp))


def _write_xml(writer: GEXFWriter, path: Path) -> None:
    with path.open("wb") as handle:
        writer.write(handle)


def write_graphml(items: pl.DataFrame, links: pl.DataFrame, path: str | Path) -> None:
    """Write a GraphML file, atomically."""
    graph = map_graph(items, links)
    write_with(path, lambda tmp: nx.write_graphml(graph, tmp))


def read_graph(path: str | Path) -> nx.Graph:
    """Read a GEXF or GraphML file written by this module (by extension)."""
    if str(path).endswith(".gexf"):
        return nx.read_gexf(path)
    return nx.read_graphml(path)


def graph_attributes(graph: nx.Graph, node: str) -> dict[str, Any]:
    """A node's attributes without Gephi's ``viz`` entry."""
    return {k: v for k, v in graph.nodes[node].items() if k != "viz"}
