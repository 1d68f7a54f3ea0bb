"""The three layers every map figure draws: curved links, item circles and labels."""

from __future__ import annotations

import numpy as np
import polars as pl
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba_array

from bibliomap.figures.labels import label_paths
from bibliomap.figures.links import curve_points, link_positions, strongest_links
from bibliomap.figures.plan import MapPlan
from bibliomap.figures.style import MapStyle, link_widths


def draw_links(
    ax: Axes,
    plan: MapPlan,
    links: pl.DataFrame,
    item_rgba: np.ndarray,
    *,
    max_links: int,
    style: MapStyle,
) -> int:
    """Draw the ``max_links`` strongest links as arcs in their source item's colour.

    Weaker links are drawn first so the strong ones stay on top. Returns the number drawn.
    """
    items = plan.items
    chosen = strongest_links(links, items.ids, max_links)
    if chosen.height == 0:
        return 0
    source, target = link_positions(chosen, items.ids)
    xy = np.column_stack([items.x, items.y])
    paths = curve_points(xy[source], xy[target], bend=style.link_bend)
    colors = item_rgba[source].copy()
    colors[:, 3] = style.link_alpha
    widths = link_widths(chosen["strength"].to_numpy(), style)
    lines = LineCollection(
        paths[::-1], colors=colors[::-1], linewidths=widths[::-1], capstyle="round", zorder=1
    )
    ax.add_collection(lines, autolim=False)
    return chosen.height


def draw_circles(ax: Axes, plan: MapPlan, item_rgba: np.ndarray, *, style: MapStyle) -> None:
    """Draw item circles (area by weight), smallest first."""
    order = plan.draw_order
    colors = item_rgba[order].copy()
    colors[:, 3] = style.circle_alpha
    ax.scatter(
        plan.items.x[order],
        plan.items.y[order],
        s=plan.diameter[order] ** 2,
        c=colors,
        marker="o",
        linewidths=0,
        zorder=2,
    )


def draw_labels(ax: Axes, plan: MapPlan, colors: np.ndarray | None, *, style: MapStyle) -> None:
    """Write the labels the plan keeps, centred on their items (largest drawn last).

    ``colors`` gives one RGBA row per item, or None for ``style.label_color``.
    """
    order = plan.draw_order
    rows = order[plan.show_label[order]]
    paths = label_paths(
        plan.layout,
        rows,
        plan.items.x[rows],
        plan.items.y[rows],
        plan.font_size[rows] / plan.frame.scale,
    )
    fill = to_rgba_array(style.label_color if colors is None else colors[rows])
    fill[:, 3] *= style.label_alpha
    ax.add_collection(
        PathCollection(
            paths, facecolors=fill, edgecolors="none", linewidths=0, clip_on=False, zorder=3
        ),
        autolim=False,
    )
