"""Overlay visualization: the network coloured by a score on a linear viridis scale."""

from __future__ import annotations

import numpy as np
import polars as pl
from matplotlib import rc_context
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Colormap, Normalize, to_rgba
from matplotlib.figure import Figure

from bibliomap.errors import BibliomapError
from bibliomap.figures.canvas import new_map_figure
from bibliomap.figures.layers import draw_circles, draw_labels, draw_links
from bibliomap.figures.mapdata import default_score, display_name, item_scores, map_items
from bibliomap.figures.palette import NO_SCORE_COLOR, named_colormap
from bibliomap.figures.plan import MapPlan, plan_map
from bibliomap.figures.style import DEFAULT_STYLE, MapStyle, rc_params


def overlay_figure(
    map_table: pl.DataFrame,
    links: pl.DataFrame,
    *,
    score: str | None = None,
    weight: str | None = None,
    bounds: tuple[float, float] | None = None,
    cmap: str = "viridis",
    max_links: int = 1000,
    style: MapStyle = DEFAULT_STYLE,
) -> Figure:
    """VOSviewer's overlay visualization, coloured by ``score`` (default Avg. pub. year).

    Colours run linearly from ``bounds`` (default: the scores' min and max), values outside
    are clamped; items without a score are grey. A colour bar names the score.
    """
    with rc_context(rc_params(style)):
        plan = plan_map(map_items(map_table, weight=weight), style)
        column = score if score is not None else default_score(map_table)
        if column is None:
            raise BibliomapError("map has no score<...> column to colour an overlay by")
        values = item_scores(map_table, column)
        return draw_overlay(
            plan,
            links,
            values,
            display_name(column),
            bounds=bounds,
            cmap=cmap,
            max_links=max_links,
            style=style,
        )


def score_norm(values: np.ndarray, bounds: tuple[float, float] | None) -> Normalize:
    """Linear, clamping map from ``bounds`` (or the finite values' min/max) to [0, 1]."""
    finite = values[np.isfinite(values)]
    if bounds is None:
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    else:
        low, high = (float(b) for b in bounds)
        if not low <= high:
            raise BibliomapError(f"score bounds must satisfy min <= max, got {bounds}")
    if low == high:
        low, high = low - 0.5, high + 0.5
    return Normalize(vmin=low, vmax=high, clip=True)


def score_rgba(values: np.ndarray, norm: Normalize, cmap: Colormap) -> np.ndarray:
    """RGBA rows of the scores (grey where a score is missing)."""
    rgba = cmap(norm(np.nan_to_num(values, nan=norm.vmin)))
    rgba[~np.isfinite(values)] = to_rgba(NO_SCORE_COLOR)
    return rgba


def draw_overlay(
    plan: MapPlan,
    links: pl.DataFrame,
    values: np.ndarray | None,
    name: str,
    *,
    bounds: tuple[float, float] | None,
    cmap: str,
    max_links: int,
    style: MapStyle,
) -> Figure:
    """Draw the overlay of a planned map; ``values`` None draws every item without a score."""
    fig, ax = new_map_figure(plan.frame, style, footer=style.colorbar_height)
    colormap = named_colormap(cmap)
    scores = np.full(plan.items.size, np.nan) if values is None else values
    norm = score_norm(scores, bounds)
    rgba = score_rgba(scores, norm, colormap)
    draw_links(ax, plan, links, rgba, max_links=max_links, style=style)
    draw_circles(ax, plan, rgba, style=style)
    draw_labels(ax, plan, None, style=style)
    _colorbar(
        fig, ScalarMappable(norm=norm, cmap=colormap), name, missing=values is None, style=style
    )
    return fig


def _colorbar(
    fig: Figure, mappable: ScalarMappable, name: str, *, missing: bool, style: MapStyle
) -> None:
    """A horizontal colour bar in the footer's right third, labelled with the score name."""
    fig_w, fig_h = (fig.get_size_inches() * 72).tolist()
    bar_w = min(180.0, fig_w / 3)
    left = fig_w - style.margin - bar_w
    cax = fig.add_axes((left / fig_w, (style.margin + 18) / fig_h, bar_w / fig_w, 6 / fig_h))
    bar = fig.colorbar(mappable, cax=cax, orientation="horizontal")
    bar.outline.set_visible(False)
    bar.ax.tick_params(labelsize=6.5, length=2, width=0.5, pad=1.5)
    bar.ax.xaxis.set_ticks_position("bottom")
    formatter = bar.ax.xaxis.get_major_formatter()
    if hasattr(formatter, "set_useOffset"):
        formatter.set_useOffset(False)
    label = f"{name} (no scores in map)" if missing else name
    bar.ax.set_title(label, fontsize=7.5, pad=3)
