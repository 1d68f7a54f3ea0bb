"""The map frame: one scale (points per map unit, equal aspect) that fits items and labels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bibliomap.figures.style import POINTS_PER_INCH, MapStyle

_BISECTIONS = 60


@dataclass(frozen=True)
class Frame:
    """Points per map unit and the map-unit limits of the plotting area."""

    scale: float
    xlim: tuple[float, float]
    ylim: tuple[float, float]

    @property
    def width(self) -> float:
        return (self.xlim[1] - self.xlim[0]) * self.scale

    @property
    def height(self) -> float:
        return (self.ylim[1] - self.ylim[0]) * self.scale


def fit_frame(
    x: np.ndarray, y: np.ndarray, half_w: np.ndarray, half_h: np.ndarray, style: MapStyle
) -> Frame:
    """Largest scale at which every item's box (half extents in points) fits the page.

    The page is ``style.width`` wide and at most ``style.max_height`` tall (inside margins);
    the height shrinks to what the map needs, so wide maps get short figures.
    """
    width = style.width - 2 * style.margin
    tallest = style.max_height - 2 * style.margin
    scale = min(_fit(x, half_w, width), _fit(y, half_h, tallest))
    if not np.isfinite(scale):  # all items at one point
        scale = width / 2.0
    xlim = _limits(x, half_w, scale, width / scale)
    needed = float(np.max(y * scale + half_h) - np.min(y * scale - half_h))
    ylim = _limits(y, half_h, scale, min(max(needed, 0.25 * width), tallest) / scale)
    return Frame(scale=scale, xlim=xlim, ylim=ylim)


def new_map_figure(frame: Frame, style: MapStyle, *, footer: float = 0.0) -> tuple[Figure, Axes]:
    """A figure (Agg canvas) holding one borderless equal-aspect axes over ``frame``.

    ``footer`` points of empty space are added below the map (for a colour bar).
    """
    fig_w = frame.width + 2 * style.margin
    fig_h = frame.height + 2 * style.margin + footer
    fig = Figure(figsize=(fig_w / POINTS_PER_INCH, fig_h / POINTS_PER_INCH))
    FigureCanvasAgg(fig)
    ax = fig.add_axes(
        (
            style.margin / fig_w,
            (style.margin + footer) / fig_h,
            frame.width / fig_w,
            frame.height / fig_h,
        )
    )
    ax.set_xlim(*frame.xlim)
    ax.set_ylim(*frame.ylim)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    return fig, ax


def _fit(values: np.ndarray, half: np.ndarray, room: float) -> float:
    """Scale s with max(v*s + h) - min(v*s - h) = room (monotone in s), by bisection."""
    spread = float(values.max() - values.min())
    if spread <= 0:
        return np.inf
    low, high = 0.0, room / spread
    for _ in range(_BISECTIONS):
        middle = (low + high) / 2
        needed = np.max(values * middle + half) - np.min(values * middle - half)
        low, high = (middle, high) if needed <= room else (low, middle)
    return low if low > 0 else room / spread / 2


def _limits(values: np.ndarray, half: np.ndarray, scale: float, span: float) -> tuple[float, float]:
    """Limits of length ``span`` centred on the extent of the boxes at ``scale``."""
    low = float(np.min(values - half / scale))
    high = float(np.max(values + half / scale))
    centre = (low + high) / 2
    return centre - span / 2, centre + span / 2
