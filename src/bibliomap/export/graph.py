"""GEXF and GraphML exports of a map (for Gephi and other graph tools).

Nodes are keyed by the item id (as text) and carry ``label``, ``x``, ``y``, ``cluster`` and every
``weight<...>``/``score<...>`` column under its VOSviewer name (missing values are left out);
edges carry ``weight`` (the link strength). The GEXF file also holds Gephi's ``viz`` position
(coordinates times 1000) and the cluster colour of METHODS.md sec. 6, and no modification date,
so that the same map gives the same bytes.

The XML is assembled by polars string expressions, one line per node and per link, and written
in blocks: maps have up to millions of links, which a per-element XML tree writes slowly.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl

from bibliomap.fileio import write_with

CLUSTER_COLOURS = (
    "#d62728", "#2ca02c", "#1f77b4", "#bcbd22", "#9467bd", "#17becf", "#ff7f0e", "#8c564b",
    "#e377c2", "#ff9896", "#98df8a", "#aec7e8", "#dbdb8d", "#c5b0d5", "#9edae5", "#ffbb78",
    "#c49c94", "#f7b6d2",
)  # fmt: skip
NO_CLUSTER_COLOUR = "#bfbfbf"
VIZ_SCALE = 1000.0
_BLOCK = 200_000
"""Rows turned into text at a time."""

_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
_GEXF_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
    'version="1.2">\n  <meta>\n    <creator>bibliomap</creator>\n  </meta>\n'
    '  <graph defaultedgetype="undirected" mode="static">\n'
)


def cluster_colour(cluster: int | None) -> str:
    """VOSviewer's default colour of a cluster (cycling after 18), grey for none."""
    if cluster is None or cluster < 1:
        return NO_CLUSTER_COLOUR
    return CLUSTER_COLOURS[(cluster - 1) % len(CLUSTER_COLOURS)]


def _xml_type(dtype: pl.DataType) -> str:
    """The attribute type (GraphML and GEXF share these names) of a column."""
    if dtype.is_integer():
        return "long"
    if dtype.is_float():
        return "double"
    if dtype == pl.Boolean:
        return "boolean"
    return "string"


def _escaped(expr: pl.Expr) -> pl.Expr:
    """Text safe inside an XML attribute or element (control characters XML forbids dropped)."""
    expr = expr.str.replace_all(r"[\x00-\x08\x0B\x0C\x0E-\x1F]", "")
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        expr = expr.str.replace_all(char, entity, literal=True)
    return expr


def _text(frame: pl.DataFrame, name: str) -> pl.Expr:
    """A column's values as XML text (numbers as Python would print them)."""
    column = pl.col(name)
    dtype = frame.schema[name]
    if dtype == pl.Boolean:
        return pl.when(column).then(pl.lit("true")).otherwise(pl.lit("false"))
    return _escaped(column.cast(pl.String))


def _attributes(items: pl.DataFrame, *, skip: tuple[str, ...]) -> list[str]:
    return [name for name in items.columns if name not in skip]


def _lines(frame: pl.DataFrame, line: pl.Expr) -> Iterator[str]:
    """The text of ``line`` for every row, a block of rows at a time."""
    for start in range(0, frame.height, _BLOCK):
        block = frame.slice(start, _BLOCK).select(line.alias("line"))
        yield "\n".join(block.get_column("line").to_list()) + "\n"


def _write_parts(path: Path, parts: Iterator[str]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for part in parts:
            handle.write(part)


def write_graphml(items: pl.DataFrame, links: pl.DataFrame, path: str | Path) -> None:
    """Write a GraphML file, atomically."""
    write_with(path, lambda tmp: _write_parts(tmp, _graphml_parts(items, links)))


def _graphml_parts(items: pl.DataFrame, links: pl.DataFrame) -> Iterator[str]:
    names = _attributes(items, skip=("id",))
    yield _GRAPHML_HEAD
    for key, name in enumerate(names):
        kind = _xml_type(items.schema[name])
        yield (f'  <key id="d{key}" for="node" attr.name="{_escape(name)}" attr.type="{kind}" />\n')
    weight = len(names)
    yield f'  <key id="d{weight}" for="edge" attr.name="weight" attr.type="double" />\n'
    yield '  <graph edgedefault="undirected">\n'
    data = [
        pl.when(pl.col(name).is_not_null())
        .then(pl.concat_str(pl.lit(f'<data key="d{key}">'), _text(items, name), pl.lit("</data>")))
        .otherwise(pl.lit(""))
        for key, name in enumerate(names)
    ]
    node = pl.concat_str(
        pl.lit('    <node id="'), pl.col("id").cast(pl.String), pl.lit('">'), *data,
        pl.lit("</node>"),
    )  # fmt: skip
    yield from _lines(items, node)
    edge = pl.concat_str(
        pl.lit('    <edge source="'), pl.col("source").cast(pl.String),
        pl.lit('" target="'), pl.col("target").cast(pl.String),
        pl.lit(f'"><data key="d{weight}">'), pl.col("strength").cast(pl.Float64).cast(pl.String),
        pl.lit("</data></edge>"),
    )  # fmt: skip
    yield from _lines(links, edge)
    yield "  </graph>\n</graphml>\n"


def write_gexf(items: pl.DataFrame, links: pl.DataFrame, path: str | Path) -> None:
    """Write a GEXF 1.2 file, atomically and without a modification date."""
    write_with(path, lambda tmp: _write_parts(tmp, _gexf_parts(items, links)))


def _gexf_parts(items: pl.DataFrame, links: pl.DataFrame) -> Iterator[str]:
    names = _attributes(items, skip=("id", "label"))
    yield _GEXF_HEAD
    yield '    <attributes mode="static" class="node">\n'
    for key, name in enumerate(names):
        kind = _xml_type(items.schema[name])
        yield f'      <attribute id="{key}" title="{_escape(name)}" type="{kind}" />\n'
    yield "    </attributes>\n    <nodes>\n"
    values = [
        pl.when(pl.col(name).is_not_null())
        .then(
            pl.concat_str(
                pl.lit(f'<attvalue for="{key}" value="'), _text(items, name), pl.lit('" />')
            )
        )
        .otherwise(pl.lit(""))
        for key, name in enumerate(names)
    ]
    label = _text(items, "label") if "label" in items.columns else pl.col("id").cast(pl.String)
    node = pl.concat_str(
        pl.lit('      <node id="'), pl.col("id").cast(pl.String), pl.lit('" label="'),
        label.fill_null(""), pl.lit('"><attvalues>'), *values, pl.lit("</attvalues>"),
        _viz(items), pl.lit("</node>"),
    )  # fmt: skip
    yield from _lines(items, node)
    yield "    </nodes>\n    <edges>\n"
    edge = pl.concat_str(
        pl.lit('      <edge source="'), pl.col("source").cast(pl.String),
        pl.lit('" target="'), pl.col("target").cast(pl.String), pl.lit('" id="'),
        pl.col("_row").cast(pl.String), pl.lit('" weight="'),
        pl.col("strength").cast(pl.Float64).cast(pl.String), pl.lit('" />'),
    )  # fmt: skip
    yield from _lines(links.with_row_index("_row"), edge)
    yield "    </edges>\n  </graph>\n</gexf>\n"


def _viz(items: pl.DataFrame) -> pl.Expr:
    """Gephi's colour (the cluster's) and position (coordinates x 1000) of each node."""
    if "x" not in items.columns or "y" not in items.columns:
        return pl.lit("")
    colours = {i + 1: _rgb(colour) for i, colour in enumerate(CLUSTER_COLOURS)}
    cluster = pl.col("cluster") if "cluster" in items.columns else pl.lit(None, pl.Int64)
    wrapped = (cluster - 1) % len(CLUSTER_COLOURS) + 1
    colour = (
        pl.when(cluster >= 1)
        .then(wrapped.replace_strict(colours, default=None, return_dtype=pl.String))
        .otherwise(pl.lit(_rgb(NO_CLUSTER_COLOUR)))
    )
    position = pl.concat_str(
        pl.lit('<viz:position x="'), (pl.col("x") * VIZ_SCALE).cast(pl.String),
        pl.lit('" y="'), (pl.col("y") * VIZ_SCALE).cast(pl.String), pl.lit('" z="0.0" />'),
    )  # fmt: skip
    placed = pl.col("x").is_not_null() & pl.col("y").is_not_null()
    return pl.when(placed).then(pl.concat_str(colour, position)).otherwise(pl.lit(""))


def _rgb(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f'<viz:color r="{red}" g="{green}" b="{blue}" a="1.0" />'


def _escape(text: str) -> str:
    return pl.select(_escaped(pl.lit(text))).item()


def read_graph(path: str | Path) -> nx.Graph:
    """Read a GEXF or GraphML file written by this module (by extension)."""
    if str(path).endswith(".gexf"):
        return nx.read_gexf(path)
    return nx.read_graphml(path)


def graph_attributes(graph: nx.Graph, node: str) -> dict[str, Any]:
    """A node's attributes without Gephi's ``viz`` entry."""
    return {k: v for k, v in graph.nodes[node].items() if k != "viz"}
