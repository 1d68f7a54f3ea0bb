"""Item density and cluster density visualizations (Gaussian kernel, labels on top)."""

from __future__ import annotations

import numpy as np
import polars as pl
from matplotlib import rc_context
from matplotlib.figure import Figure

from bibliomap.errors import BibliomapError
from bibliomap.figures.canvas import Frame, new_map_figure
from bibliomap.figures.kernel import cluster_mix, density_grid
from bibliomap.figures.layers import draw_labels
from bibliomap.figures.mapdata import map_items
from bibliomap.figures.palette import named_colormap
from bibliomap.figures.plan import MapPlan, plan_map
from bibliomap.figures.style import DEFAULT_STYLE, MapStyle, rc_params

_DARK_TEXT = (0.1, 0.1, 0.1, 1.0)
_LIGHT_TEXT = (1.0, 1.0, 1.0, 1.0)


def density_figure(
    map_table: pl.DataFrame,
    *,
    weight: str | None = None,
    kernel_width: float = 1.0,
    cmap: str = "viridis",
    style: MapStyle = DEFAULT_STYLE,
) -> Figure:
    """VOSviewer's item density visualization: colour = density relative to its maximum."""
    with rc_context(rc_params(style)):
        plan = plan_map(map_items(map_table, weight=weight), style)
        return draw_density(plan, kernel_width=kernel_width, cmap=cmap, style=style)


def cluster_density_figure(
    map_table: pl.DataFrame,
    *,
    weight: str | None = None,
    kernel_width: float = 1.0,
    style: MapStyle = DEFAULT_STYLE,
) -> Figure:
    """VOSviewer's cluster density visualization: cluster colours mixed by their densities."""
    with rc_context(rc_params(style)):
        plan = plan_map(map_items(map_table, weight=weight), style)
        return draw_cluster_density(plan, kernel_width=kernel_width, style=style)


def draw_density(plan: MapPlan, *, kernel_width: float, cmap: str, style: MapStyle) -> Figure:
    """Draw the item density of a planned map with labels coloured for contrast."""
    colormap = named_colormap(cmap)
    bandwidth = _bandwidth(plan, kernel_width)
    grid_x, grid_y = _grid(plan.frame, bandwidth, style)
    items = plan.items
    density = density_grid(items.x, items.y, items.weight, grid_x, grid_y, bandwidth=bandwidth)
    peak = float(density.max())
    relative = density / peak if peak > 0 else density
    fig, ax = new_map_figure(plan.frame, style)
    _image(ax, colormap(relative), plan.frame)
    at_items = _sample(relative, grid_x, grid_y, items.x, items.y)
    draw_labels(ax, plan, _contrast(colormap(at_items)), style=style)
    return fig


def draw_cluster_density(plan: MapPlan, *, kernel_width: float, style: MapStyle) -> Figure:
    """Draw cluster colours mixed by each cluster's density over white, labels on top."""
    items = plan.items
    bandwidth = _bandwidth(plan, kernel_width)
    grid_x, grid_y = _grid(plan.frame, bandwidth, style)
    rgb = cluster_mix(
        items.x, items.y, items.weight, items.cluster, grid_x, grid_y, bandwidth=bandwidth
    )
    fig, ax = new_map_figure(plan.frame, style)
    _image(ax, rgb, plan.frame)
    draw_labels(ax, plan, None, style=style)
    return fig


def _bandwidth(plan: MapPlan, kernel_width: float) -> float:
    """dbar * h, with dbar the average distance between items."""
    if not kernel_width > 0:
        raise BibliomapError(f"kernel width must be > 0, got {kernel_width}")
    return plan.average_distance * kernel_width


def _grid(frame: Frame, bandwidth: float, style: MapStyle) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres covering the frame: cells of ``style.density_cell`` points or finer.

    Cells shrink for narrow kernels (at least 4 cells per bandwidth), down to 1 point.
    """
    cell = float(np.clip(bandwidth * frame.scale / 4, 1.0, style.density_cell))
    nx = max(int(np.ceil(frame.width / cell)), 2)
    ny = max(int(np.ceil(frame.height / cell)), 2)
    return _centres(frame.xlim, nx), _centres(frame.ylim, ny)


def _centres(limits: tuple[float, float], count: int) -> np.ndarray:
    step = (limits[1] - limits[0]) / count
    return limits[0] + step * (np.arange(count) + 0.5)


def _image(ax, rgb: np.ndarray, frame: Frame) -> None:
    """Show an RGB(A) grid in [0, 1] over the frame, as 8-bit pixels (smoothly resampled)."""
    ax.imshow(
        np.round(np.clip(rgb, 0, 1) * 255).astype(np.uint8),
        origin="lower",
        extent=(*frame.xlim, *frame.ylim),
        interpolation="bilinear",
        aspect="equal",
        zorder=0,
    )
    ax.set_xlim(*frame.xlim)
    ax.set_ylim(*frame.ylim)


def _sample(grid: np.ndarray, grid_x: np.ndarray, grid_y: np.ndarray, x, y) -> np.ndarray:
    """Grid values at the nearest cells to the points."""
    ix = np.clip(np.searchsorted(grid_x, x), 0, grid_x.size - 1)
    iy = np.clip(np.searchsorted(grid_y, y), 0, grid_y.size - 1)
    return grid[iy, ix]


def _contrast(background: np.ndarray) -> np.ndarray:
    """Dark text on light backgrounds, white text on dark ones (relative luminance 0.4)."""
    luminance = background[:, :3] @ np.array([0.2126, 0.7152, 0.0722])
    return np.where((luminance > 0.4)[:, None], _DARK_TEXT, _LIGHT_TEXT)
