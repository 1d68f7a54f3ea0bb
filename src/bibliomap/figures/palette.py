"""Cluster colours: VOSviewer's 18 defaults, then a documented extension, and grey for none."""

from __future__ import annotations

import colorsys

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Colormap, to_rgba_array

from bibliomap.errors import BibliomapError

CLUSTER_COLORS: tuple[str, ...] = (
    "#d62728",
    "#2ca02c",
    "#1f77b4",
    "#bcbd22",
    "#9467bd",
    "#17becf",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#ff9896",
    "#98df8a",
    "#aec7e8",
    "#dbdb8d",
    "#c5b0d5",
    "#9edae5",
    "#ffbb78",
    "#c49c94",
    "#f7b6d2",
)
UNASSIGNED_COLOR = "#bfbfbf"
NO_SCORE_COLOR = "#cccccc"

_GOLDEN = 0.6180339887498949
_SATURATION = (0.65, 0.45, 0.8)
_VALUE = (0.8, 0.92, 0.68)


def cluster_color(cluster: int) -> str:
    """Hex colour of cluster ``cluster`` (1-based); ``0`` or less means no cluster.

    Clusters 1..18 get VOSviewer's colours. Beyond 18 (VOSviewer repeats grey there) the hue
    steps by the golden ratio from the 19th cluster on and saturation/brightness cycle over three
    levels, so neighbouring cluster numbers stay distinguishable and every number has one colour.
    """
    if cluster <= 0:
        return UNASSIGNED_COLOR
    if cluster <= len(CLUSTER_COLORS):
        return CLUSTER_COLORS[cluster - 1]
    k = cluster - len(CLUSTER_COLORS) - 1
    hue = (0.05 + k * _GOLDEN) % 1.0
    red, green, blue = colorsys.hsv_to_rgb(hue, _SATURATION[k % 3], _VALUE[(k // 3) % 3])
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def cluster_rgba(clusters: np.ndarray) -> np.ndarray:
    """RGBA rows (n x 4) for an array of cluster numbers (0 = no cluster)."""
    values = np.asarray(clusters, dtype=np.int64)
    unique, inverse = np.unique(values, return_inverse=True)
    table = (
        to_rgba_array([cluster_color(int(c)) for c in unique]) if unique.size else np.empty((0, 4))
    )
    return table[inverse.reshape(-1)]


def named_colormap(name: str) -> Colormap:
    """A registered matplotlib colour map (viridis by default in every figure)."""
    try:
        return colormaps[name]
    except KeyError as exc:
        raise BibliomapError(f"unknown colour map {name!r}; e.g. 'viridis', 'plasma'") from exc
