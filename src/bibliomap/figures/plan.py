"""Sizes, visible labels and frame of a map, shared by all four figures."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bibliomap.figures.canvas import Frame, fit_frame
from bibliomap.figures.kernel import average_distance
from bibliomap.figures.labels import LabelLayout, layout_labels, visible_labels
from bibliomap.figures.mapdata import MapItems
from bibliomap.figures.style import MapStyle, circle_diameters, label_sizes

_FRAME_ROUNDS = 4


@dataclass(frozen=True, eq=False)
class MapPlan:
    """Everything about a map's geometry that does not depend on colours."""

    items: MapItems
    diameter: np.ndarray
    font_size: np.ndarray
    layout: LabelLayout
    label_width: np.ndarray
    label_height: np.ndarray
    show_label: np.ndarray
    frame: Frame

    @cached_property
    def average_distance(self) -> float:
        """Mean distance between items (dbar of the density kernel), computed once."""
        return average_distance(self.items.x, self.items.y)

    @property
    def draw_order(self) -> np.ndarray:
        """Item positions from smallest to largest, so large items are drawn on top."""
        return np.argsort(self.items.weight, kind="stable")


def plan_map(items: MapItems, style: MapStyle) -> MapPlan:
    """Size every item, then find a frame and the labels that fit it without overlapping.

    Which labels fit depends on the scale and the scale on which labels must fit, so the two
    are alternated until the kept set repeats (at most a few rounds); larger items win.
    """
    diameter = circle_diameters(items.weight, style)
    font_size = label_sizes(items.weight, style)
    layout = layout_labels(items.labels, family=style.font_family)
    width, height = layout.extents(font_size)
    width = np.where(width > 0, width + style.label_padding, 0.0)
    height = np.where(width > 0, height + style.label_padding, 0.0)
    radius = diameter / 2
    frame = fit_frame(items.x, items.y, radius, radius, style)
    shown = _fits(items, frame, width, height)
    for _ in range(_FRAME_ROUNDS):
        half_w = np.where(shown, np.maximum(radius, width / 2), radius)
        half_h = np.where(shown, np.maximum(radius, height / 2), radius)
        frame = fit_frame(items.x, items.y, half_w, half_h, style)
        kept = _fits(items, frame, width, height)
        if np.array_equal(kept, shown):
            break
        shown = kept
    return MapPlan(
        items=items,
        diameter=diameter,
        font_size=font_size,
        layout=layout,
        label_width=width,
        label_height=height,
        show_label=kept,
        frame=frame,
    )


def _fits(items: MapItems, frame: Frame, width: np.ndarray, height: np.ndarray) -> np.ndarray:
    """Labels kept at this frame's scale (empty labels are never shown)."""
    has_text = width > 0
    keep = np.zeros(items.size, dtype=bool)
    rows = np.flatnonzero(has_text)
    keep[rows] = visible_labels(
        items.x[rows] * frame.scale,
        items.y[rows] * frame.scale,
        width[rows],
        height[rows],
        items.weight[rows],
    )
    return keep
