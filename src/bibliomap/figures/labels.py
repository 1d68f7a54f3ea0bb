"""Label geometry from the font's glyphs, label overlap hiding, and labels drawn as outlines.

Labels are laid out once from the font's unhinted glyph advances and kerning (what
matplotlib's text-to-path layout produces for plain text) and drawn as filled outlines. The
boxes the overlap test uses are therefore exactly the extents of what is drawn, identical in
PNG, SVG and PDF, and thousands of labels cost one vectorized layout pass instead of one
font-shaping call per label and output format.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import Kerning, LoadFlags
from matplotlib.path import Path

READ_SIZE = 100.0  # points; glyphs are read at this size (as matplotlib's TextToPath does)
_NOTHING = (np.zeros((0, 2)), np.zeros(0, dtype=np.uint8))


@dataclass(frozen=True, eq=False)
class LabelLayout:
    """Glyph positions of many labels for a 1 pt font (scale by the font size to use).

    ``glyph`` indexes ``outlines`` for every character, ``pen`` is each character's x offset
    from its label's start, ``start`` the first character of each label (n + 1 entries).
    """

    width: np.ndarray
    ascent: float
    descent: float
    glyph: np.ndarray
    pen: np.ndarray
    start: np.ndarray
    outlines: tuple[tuple[np.ndarray, np.ndarray], ...]

    def extents(self, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Widths and heights (points) of the labels at font ``sizes`` (points)."""
        return self.width * sizes, np.full(sizes.shape, self.ascent + self.descent) * sizes


def layout_labels(labels: Sequence[str], *, family: str) -> LabelLayout:
    """Lay out single-line labels: advances plus pair kerning, read once per distinct glyph."""
    font = get_font(findfont(FontProperties(family=family)))
    font.clear()
    font.set_size(READ_SIZE, 72)
    lengths = np.fromiter((len(label) for label in labels), dtype=np.int64, count=len(labels))
    start = np.concatenate([[0], np.cumsum(lengths)])
    codes = np.frombuffer("".join(labels).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    chars, glyph = np.unique(codes, return_inverse=True)
    advance = np.zeros(chars.size)
    outlines = []
    for k, char in enumerate(chars.tolist()):
        advance[k] = font.load_char(char, flags=LoadFlags.NO_HINTING).horiAdvance / 64.0 / READ_SIZE
        vertices, path_codes = font.get_path()
        outlines.append((vertices / READ_SIZE, path_codes))
    step = advance[glyph] + _kerning(font, chars, glyph, start)
    ends = np.cumsum(step)
    label_start = np.concatenate([[0.0], ends])[start[:-1]]
    owner = np.repeat(np.arange(len(labels)), lengths)
    pen = ends - step - label_start[owner]
    width = np.bincount(owner, weights=step, minlength=len(labels)) if len(labels) else np.zeros(0)
    return LabelLayout(
        width=width,
        ascent=_extreme(font, "l", top=True),
        descent=-_extreme(font, "p", top=False),
        glyph=glyph,
        pen=pen,
        start=start,
        outlines=tuple(outlines),
    )


def label_paths(
    layout: LabelLayout, rows: np.ndarray, x: np.ndarray, y: np.ndarray, scale: np.ndarray
) -> list[Path]:
    """Outlines of labels ``rows`` centred on (x, y); ``scale`` = font size / points per unit.

    One path per row (empty for an empty label), so colours can be given row by row.
    """
    paths = []
    for row, cx, cy, s in zip(rows.tolist(), x.tolist(), y.tolist(), scale.tolist(), strict=True):
        chars = range(layout.start[row], layout.start[row + 1])
        pieces = [layout.outlines[layout.glyph[k]] for k in chars]
        vertices = np.concatenate([v for v, _ in pieces] + [_NOTHING[0]])
        codes = np.concatenate([c for _, c in pieces] + [_NOTHING[1]])
        pen = np.repeat(layout.pen[chars.start : chars.stop], [len(c) for _, c in pieces])
        vertices[:, 0] += pen - layout.width[row] / 2
        vertices[:, 1] -= (layout.ascent - layout.descent) / 2
        paths.append(Path(vertices * s + (cx, cy), codes))
    return paths


def visible_labels(
    x: np.ndarray, y: np.ndarray, width: np.ndarray, height: np.ndarray, priority: np.ndarray
) -> np.ndarray:
    """Mask of labels kept when each box (centred on x, y) yields to overlapping stronger ones.

    Labels are visited by ``priority`` (higher first, ties in input order); a label is kept
    unless its box overlaps a box already kept. Kept boxes are bucketed in a uniform grid, so
    each test only looks at the few kept boxes near it (kept boxes never overlap, so a cell
    holds few of them) and a 10,000-label map takes well under a second.
    """
    n = x.size
    keep = np.zeros(n, dtype=bool)
    if n == 0:
        return keep
    cell_w = max(float(np.median(width)), 1e-9)
    cell_h = max(float(np.median(height)), 1e-9)
    x0, x1 = x - width / 2, x + width / 2
    y0, y1 = y - height / 2, y + height / 2
    gx0 = np.floor(x0 / cell_w).astype(np.int64).tolist()
    gx1 = np.floor(x1 / cell_w).astype(np.int64).tolist()
    gy0 = np.floor(y0 / cell_h).astype(np.int64).tolist()
    gy1 = np.floor(y1 / cell_h).astype(np.int64).tolist()
    bx0, bx1, by0, by1 = x0.tolist(), x1.tolist(), y0.tolist(), y1.tolist()
    grid: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    for i in np.argsort(-priority, kind="stable").tolist():
        cells = [(a, b) for a in range(gx0[i], gx1[i] + 1) for b in range(gy0[i], gy1[i] + 1)]
        if any(
            bx0[j] < bx1[i] and bx0[i] < bx1[j] and by0[j] < by1[i] and by0[i] < by1[j]
            for cell in cells
            for j in grid.get(cell, ())
        ):
            continue
        keep[i] = True
        for cell in cells:
            grid[cell].append(i)
    return keep


def _kerning(font, chars: np.ndarray, glyph: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Kerning (points at 1 pt) between each character and the next one of the same label."""
    shift = np.zeros(glyph.size)
    last = np.zeros(glyph.size, dtype=bool)
    last[start[1:] - 1] = True
    inner = np.flatnonzero(~last[:-1]) if glyph.size > 1 else np.zeros(0, dtype=np.int64)
    if inner.size == 0:
        return shift
    index = np.array([font.get_char_index(int(c)) for c in chars.tolist()])
    pairs, inverse = np.unique(glyph[inner] * chars.size + glyph[inner + 1], return_inverse=True)
    kern = np.array(
        [
            font.get_kerning(
                int(index[p // chars.size]), int(index[p % chars.size]), Kerning.UNFITTED
            )
            for p in pairs.tolist()
        ]
    )
    shift[inner] = kern[inverse] / 64.0 / READ_SIZE
    return shift


def _extreme(font, char: str, *, top: bool) -> float:
    """Highest (or lowest) outline point of ``char`` at 1 pt: matplotlib's "lp" line box."""
    font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
    vertices, _ = font.get_path()
    return float(vertices[:, 1].max() if top else vertices[:, 1].min()) / READ_SIZE
