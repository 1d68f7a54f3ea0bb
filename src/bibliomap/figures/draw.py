"""Draw all four figures of a map folder: network, overlay, density and cluster density."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl
from matplotlib import rc_context
from matplotlib.figure import Figure

from bibliomap.errors import BibliomapError
from bibliomap.figures.density import draw_cluster_density, draw_density
from bibliomap.figures.mapdata import (
    column_name,
    default_score,
    display_name,
    item_scores,
    map_items,
)
from bibliomap.figures.network import draw_network
from bibliomap.figures.overlay import draw_overlay
from bibliomap.figures.plan import MapPlan, plan_map
from bibliomap.figures.save import FORMATS, save_figure
from bibliomap.figures.style import DEFAULT_STYLE, MapStyle, rc_params

FIGURES = ("network", "overlay", "density", "cluster_density")
log = logging.getLogger(__name__)


def draw_map_figures(
    map_table: pl.DataFrame,
    links: pl.DataFrame,
    out_dir: str | Path,
    *,
    weight: str | None = None,
    score: str | None = None,
    max_links: int = 1000,
    kernel_width: float = 1.0,
    formats: Sequence[str] = FORMATS,
    dpi: float = 300,
    style: MapStyle = DEFAULT_STYLE,
) -> list[Path]:
    """Write network.*, overlay.*, density.* and cluster_density.* into ``out_dir``.

    All four share one layout (same scale, frame and visible labels) so they can be compared
    side by side. ``score`` None takes Avg. pub. year (or the first score column). A map with
    no score columns at all (e.g. a co-citation map of sources) gets an overlay in the no-score
    grey with a note on its colour bar; a ``score`` or ``weight`` missing from a map that has
    such columns is an error naming the ones present. Returns the paths written.
    """
    _check_options(formats=formats, dpi=dpi, max_links=max_links, kernel_width=kernel_width)
    out = Path(out_dir)
    written: list[Path] = []
    with rc_context(rc_params(style)):
        plan = plan_map(map_items(map_table, weight=weight), style)
        column = _score_column(map_table, score)
        scores = None if column is None else item_scores(map_table, column)
        log.info("%d items, %d labels shown", plan.items.size, int(plan.show_label.sum()))
        for name in FIGURES:
            fig = _figure(
                name,
                plan,
                links,
                scores,
                display_name(column) if column else "score",
                max_links=max_links,
                kernel_width=kernel_width,
                style=style,
            )
            written += save_figure(fig, out / name, formats, dpi, style=style)
            log.info("wrote %s.{%s}", out / name, ",".join(formats))
    return written


def _check_options(
    *, formats: Sequence[str], dpi: float, max_links: int, kernel_width: float
) -> None:
    """Reject bad options before any file is written."""
    if isinstance(formats, str) or not formats or not set(formats) <= set(FORMATS):
        raise BibliomapError(f"formats must be a non-empty list of {FORMATS}, got {formats!r}")
    if not dpi > 0:
        raise BibliomapError(f"dpi must be > 0, got {dpi}")
    if not (isinstance(max_links, int) and max_links >= 0):
        raise BibliomapError(f"max_links must be an integer >= 0, got {max_links!r}")
    if not kernel_width > 0:
        raise BibliomapError(f"kernel_width must be > 0, got {kernel_width}")


def _figure(
    name: str,
    plan: MapPlan,
    links: pl.DataFrame,
    scores: np.ndarray | None,
    score_name: str,
    *,
    max_links: int,
    kernel_width: float,
    style: MapStyle,
) -> Figure:
    if name == "network":
        return draw_network(plan, links, max_links=max_links, style=style)
    if name == "overlay":
        return draw_overlay(
            plan,
            links,
            scores,
            score_name,
            bounds=None,
            cmap="viridis",
            max_links=max_links,
            style=style,
        )
    if name == "density":
        return draw_density(plan, kernel_width=kernel_width, cmap="viridis", style=style)
    return draw_cluster_density(plan, kernel_width=kernel_width, style=style)


def _score_column(map_table: pl.DataFrame, score: str | None) -> str | None:
    """The overlay's score column, or None (with a warning) when the map has no scores."""
    if not any(c.startswith("score<") for c in map_table.columns):
        log.warning("map has no score columns; the overlay shows every item in grey")
        return None
    return default_score(map_table) if score is None else column_name(map_table, score, "score")
