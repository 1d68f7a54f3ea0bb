"""Network visualization: circles and labels sized by weight, coloured by cluster, links."""

from __future__ import annotations

import polars as pl
from matplotlib import rc_context
from matplotlib.figure import Figure

from bibliomap.figures.canvas import new_map_figure
from bibliomap.figures.layers import draw_circles, draw_labels, draw_links
from bibliomap.figures.mapdata import map_items
from bibliomap.figures.palette import cluster_rgba
from bibliomap.figures.plan import MapPlan, plan_map
from bibliomap.figures.style import DEFAULT_STYLE, MapStyle, rc_params


def network_figure(
    map_table: pl.DataFrame,
    links: pl.DataFrame,
    *,
    weight: str | None = None,
    max_links: int = 1000,
    style: MapStyle = DEFAULT_STYLE,
) -> Figure:
    """VOSviewer's network visualization of a map table and its links.

    ``weight`` names the weight column sizing items (``Occurrences`` or ``weight<Occurrences>``);
    by default the first of Occurrences, Documents, Citations, Total link strength present.
    """
    with rc_context(rc_params(style)):
        plan = plan_map(map_items(map_table, weight=weight), style)
        return draw_network(plan, links, max_links=max_links, style=style)


def draw_network(plan: MapPlan, links: pl.DataFrame, *, max_links: int, style: MapStyle) -> Figure:
    """Draw the network visualization of an already planned map."""
    fig, ax = new_map_figure(plan.frame, style)
    rgba = cluster_rgba(plan.items.cluster)
    draw_links(ax, plan, links, rgba, max_links=max_links, style=style)
    draw_circles(ax, plan, rgba, style=style)
    draw_labels(ax, plan, None, style=style)
    return fig
