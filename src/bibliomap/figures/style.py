"""How big things are drawn: one frozen parameter set and the item sizing rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class MapStyle:
    """Print geometry (points, at the final size) and drawing constants of the map figures.

    Sizes follow VOSviewer's rules with its default size variation 0.5: an item's normalized
    weight is its weight over the mean weight, circle diameter = max(circle_diameter * nw^0.5,
    circle_min_diameter), label size = label_min_size + label_size_step * nw^0.5, link width =
    max(link_width * (strength / mean strength of the drawn links)^0.5, link_min_width).
    The defaults fit an A4 page's text width (7 in) with labels of at least 5.5 pt.
    """

    width: float = 7.0 * POINTS_PER_INCH
    max_height: float = 9.0 * POINTS_PER_INCH
    margin: float = 6.0
    size_variation: float = 0.5
    circle_diameter: float = 8.0
    circle_min_diameter: float = 2.5
    circle_max_diameter: float = 40.0
    crowded_items: int = 300
    min_crowding_factor: float = 0.35
    circle_alpha: float = 0.9
    label_min_size: float = 5.5
    label_size_step: float = 2.5
    label_max_size: float = 16.0
    label_size_quantum: float = 0.25
    label_padding: float = 1.0
    label_color: str = "#1a1a1a"
    label_alpha: float = 0.9
    font_family: str = "DejaVu Sans"
    link_width: float = 0.75
    link_min_width: float = 0.05
    link_size_variation: float = 0.5
    link_alpha: float = 0.35
    link_bend: float = 0.2
    colorbar_height: float = 40.0
    density_cell: float = 3.0


def normalized_weights(weights: np.ndarray) -> np.ndarray:
    """Weights over their mean (all 1 when the mean is 0), as VOSviewer scales items."""
    mean = float(weights.mean()) if weights.size else 0.0
    return weights / mean if mean > 0 else np.ones_like(weights, dtype=np.float64)


def circle_diameters(weights: np.ndarray, style: MapStyle) -> np.ndarray:
    """Circle diameters (points): area grows with weight; crowded maps shrink all circles.

    Beyond ``crowded_items`` items every circle is scaled by sqrt(crowded_items / n), but not
    below ``min_crowding_factor``, so large maps stay legible on paper.
    """
    n = max(weights.size, 1)
    crowding = max(min(1.0, np.sqrt(style.crowded_items / n)), style.min_crowding_factor)
    grown = style.circle_diameter * normalized_weights(weights) ** style.size_variation
    return np.clip(
        grown * crowding, style.circle_min_diameter * crowding, style.circle_max_diameter
    )


def label_sizes(weights: np.ndarray, style: MapStyle) -> np.ndarray:
    """Label font sizes (points) growing with weight, rounded to ``label_size_quantum``."""
    grown = style.label_min_size + style.label_size_step * normalized_weights(weights) ** (
        style.size_variation
    )
    capped = np.minimum(grown, style.label_max_size)
    return np.round(capped / style.label_size_quantum) * style.label_size_quantum


def link_widths(strengths: np.ndarray, style: MapStyle) -> np.ndarray:
    """Line widths (points) of the drawn links, by strength relative to their mean."""
    if strengths.size == 0:
        return np.empty(0)
    relative = strengths / strengths.mean()
    return np.maximum(style.link_width * relative**style.link_size_variation, style.link_min_width)


def rc_params(style: MapStyle) -> dict[str, Any]:
    """Matplotlib settings that make output independent of the user's matplotlibrc."""
    return {
        "font.family": style.font_family,
        "svg.fonttype": "path",
        "svg.hashsalt": "bibliomap",
        "pdf.fonttype": 42,
        "path.simplify": False,
        "image.resample": True,
        "axes.unicode_minus": True,
        "text.hinting": "default",
        "text.hinting_factor": None,
        "text.antialiased": True,
    }


DEFAULT_STYLE = MapStyle()
