"""The methodology diagram: the workflow's rule graph (``snakemake --rulegraph``) as a figure.

The DOT text Snakemake prints is parsed here (node lines ``N[label = "rule", color = "H S V"]``
and edge lines ``A -> B``), so no Graphviz is needed. Drawing: a layered top-down layout in which
a rule sits one layer below the deepest rule it reads from (longest path); edges spanning several
layers pass through invisible waypoints; the order within each layer comes from a fixed number
of barycentre sweeps (down and up), ties broken by rule name, so the figure is deterministic.
"""

from __future__ import annotations

import colorsys
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path as MplPath

from bibliomap.errors import BibliomapError

_NODE = re.compile(r'^\s*(\d+)\s*\[\s*label\s*=\s*"([^"]*)"(?:.*?color\s*=\s*"([^"]*)")?')
_EDGE = re.compile(r"^\s*(\d+)\s*->\s*(\d+)")
SWEEPS = 8
BOX_WIDTH, BOX_HEIGHT, WAYPOINT_WIDTH, GAP, LAYER_HEIGHT = 1.5, 0.45, 0.15, 0.25, 1.0
HIDDEN = ("all", "rulegraph")


@dataclass(frozen=True)
class RuleGraph:
    """Rules (name -> colour) and edges (producer, consumer) of a workflow."""

    colors: dict[str, str]
    edges: tuple[tuple[str, str], ...]

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(self.colors)


def _hsv_hex(text: str | None) -> str:
    """``"H S V"`` (Graphviz HSV, 0-1) as a hex colour; grey when absent or malformed."""
    try:
        hue, saturation, value = (float(part) for part in (text or "").split())
    except ValueError:
        return "#808080"
    red, green, blue = colorsys.hsv_to_rgb(hue, saturation, value)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def parse_rulegraph(dot: str, *, hidden: Iterable[str] = HIDDEN) -> RuleGraph:
    """The rule graph in ``dot`` (``snakemake --rulegraph`` output), without ``hidden`` rules."""
    skip = set(hidden)
    names: dict[str, str] = {}
    colors: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    for line in dot.splitlines():
        if node := _NODE.match(line):
            names[node.group(1)] = node.group(2)
            colors[node.group(2)] = _hsv_hex(node.group(3))
        elif edge := _EDGE.match(line):
            edges.append((edge.group(1), edge.group(2)))
    if not names or "digraph" not in dot:
        raise BibliomapError("not a Snakemake rule graph: expected 'digraph' with labelled nodes")
    unknown = sorted({n for edge in edges for n in edge} - set(names))
    if unknown:
        raise BibliomapError(f"rule graph edges name undeclared nodes {unknown}")
    kept = {name: color for name, color in sorted(colors.items()) if name not in skip}
    pairs = {(names[a], names[b]) for a, b in edges if names[a] in kept and names[b] in kept}
    return RuleGraph(colors=kept, edges=tuple(sorted(pairs)))


def _layers(graph: RuleGraph) -> dict[str, int]:
    """Layer of each rule: the longest path from a rule that reads no other rule's output."""
    parents: dict[str, list[str]] = {rule: [] for rule in graph.rules}
    for source, target in graph.edges:
        parents[target].append(source)
    layer: dict[str, int] = {}

    def depth(rule: str, seen: frozenset[str]) -> int:
        if rule in seen:
            raise BibliomapError(f"the rule graph has a cycle through {rule!r}")
        if rule not in layer:
            layer[rule] = 1 + max((depth(p, seen | {rule}) for p in parents[rule]), default=-1)
        return layer[rule]

    for rule in graph.rules:
        depth(rule, frozenset())
    return layer


def _chains(graph: RuleGraph, layer: dict[str, int]) -> dict[tuple[str, str], list[str]]:
    """Each edge as its node chain, with a waypoint in every layer it crosses."""
    return {
        (source, target): [
            source,
            *(f"\0{source}>{target}@{k}" for k in range(layer[source] + 1, layer[target])),
            target,
        ]
        for source, target in graph.edges
    }


def _barycentre_order(
    row: list[str], reference: list[str], links: dict[str, list[str]]
) -> list[str]:
    """``row`` sorted by the mean position of each node's links in ``reference`` (then name)."""
    where = {node: index for index, node in enumerate(reference)}
    current = {node: index for index, node in enumerate(row)}

    def centre(node: str) -> tuple[float, str]:
        linked = [where[n] for n in links.get(node, []) if n in where]
        return (sum(linked) / len(linked) if linked else current[node], node)

    return sorted(row, key=centre)


def _orders(layer: dict[str, int], chains: dict[tuple[str, str], list[str]]) -> list[list[str]]:
    """Nodes (rules and waypoints) per layer, ordered by barycentre sweeps down and up."""
    level = dict(layer)
    up: dict[str, list[str]] = {}
    down: dict[str, list[str]] = {}
    for chain in chains.values():
        for index, node in enumerate(chain[1:-1], start=1):
            level[node] = level[chain[0]] + index
        for a, b in itertools.pairwise(chain):
            down.setdefault(a, []).append(b)
            up.setdefault(b, []).append(a)
    rows = [sorted(n for n in level if level[n] == k) for k in range(max(level.values()) + 1)]
    for sweep in range(SWEEPS):
        if sweep % 2 == 0:
            for k in range(1, len(rows)):
                rows[k] = _barycentre_order(rows[k], rows[k - 1], up)
        else:
            for k in range(len(rows) - 2, -1, -1):
                rows[k] = _barycentre_order(rows[k], rows[k + 1], down)
    return rows


def _place(desired: list[float], widths: list[float]) -> list[float]:
    """Centres as close to ``desired`` as boxes of ``widths`` (plus a gap) allow, in order."""
    gaps = [(a + b) / 2 + GAP for a, b in itertools.pairwise(widths)]
    left = list(desired)
    for i, gap in enumerate(gaps, start=1):
        left[i] = max(left[i], left[i - 1] + gap)
    right = list(desired)
    for i in range(len(right) - 2, -1, -1):
        right[i] = min(right[i], right[i + 1] - gaps[i])
    return [(a + b) / 2 for a, b in zip(left, right, strict=True)]


def _positions(rows: list[list[str]], chains: dict[tuple[str, str], list[str]]) -> dict[str, float]:
    """Horizontal centres: each node pulled towards its neighbours, boxes never overlapping."""
    linked: dict[str, list[str]] = {}
    for chain in chains.values():
        for a, b in itertools.pairwise(chain):
            linked.setdefault(a, []).append(b)
            linked.setdefault(b, []).append(a)

    def width(node: str) -> float:
        return WAYPOINT_WIDTH if node.startswith("\0") else BOX_WIDTH

    x: dict[str, float] = {}
    for row in rows:
        x.update(zip(row, _place([0.0] * len(row), [width(n) for n in row]), strict=True))
    for sweep in range(SWEEPS):
        for row in rows if sweep % 2 == 0 else rows[::-1]:
            desired = [
                sum(x[m] for m in linked[n]) / len(linked[n]) if n in linked else x[n] for n in row
            ]
            x.update(zip(row, _place(desired, [width(n) for n in row]), strict=True))
    return x


def _curve(points: list[tuple[float, float]]) -> MplPath:
    """A smooth path through ``points``: cubic segments leaving and entering vertically."""
    vertices = [points[0]]
    codes = [MplPath.MOVETO]
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        middle = (y1 + y2) / 2
        vertices += [(x1, middle), (x2, middle), (x2, y2)]
        codes += [MplPath.CURVE4] * 3
    return MplPath(vertices, codes)


def methodology_figure(graph: RuleGraph, *, title: str = "") -> Figure:
    """The rule graph drawn top-down: one rounded box per rule, arrows from producer to consumer."""
    if not graph.rules:
        raise BibliomapError("the rule graph holds no rules to draw")
    layer = _layers(graph)
    chains = _chains(graph, layer)
    rows = _orders(layer, chains)
    xs = _positions(rows, chains)
    where = {node: (xs[node], -k * LAYER_HEIGHT) for k, row in enumerate(rows) for node in row}
    half_w, half_h = BOX_WIDTH / 2, BOX_HEIGHT / 2
    left = min(x for x, _ in where.values()) - half_w - 0.1
    right = max(x for x, _ in where.values()) + half_w + 0.1
    bottom = -(len(rows) - 1) * LAYER_HEIGHT - half_h - 0.1
    top = half_h + 0.1
    scale = 0.75  # inches per layout unit
    fig = Figure(figsize=((right - left) * scale, (top - bottom) * scale + (0.4 if title else 0)))
    ax = fig.add_axes((0, 0, 1, (top - bottom) * scale / fig.get_figheight()))
    ax.set_axis_off()
    for chain in chains.values():
        points = [where[n] for n in chain]
        points[0] = (points[0][0], points[0][1] - half_h)
        points[-1] = (points[-1][0], points[-1][1] + half_h)
        ax.add_patch(
            FancyArrowPatch(
                path=_curve(points), arrowstyle="-|>", mutation_scale=9,
                color="#8c8c8c", linewidth=0.9, zorder=1,
            )
        )  # fmt: skip
    for rule, color in graph.colors.items():
        x, y = where[rule]
        ax.add_patch(
            FancyBboxPatch(
                (x - half_w, y - half_h), BOX_WIDTH, BOX_HEIGHT,
                boxstyle="round,pad=0,rounding_size=0.08", facecolor="white",
                edgecolor=color, linewidth=1.6, zorder=2,
            )
        )  # fmt: skip
        ax.text(x, y, rule, ha="center", va="center", fontsize=8, zorder=3)
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    if title:
        fig.suptitle(title, fontsize=10, y=1 - 0.1 / fig.get_figheight())
    return fig
