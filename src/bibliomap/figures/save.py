"""Write a figure as PNG, SVG and PDF, atomically and byte-for-byte reproducibly."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from matplotlib import rc_context
from matplotlib.figure import Figure

from bibliomap.errors import BibliomapError
from bibliomap.figures.style import DEFAULT_STYLE, MapStyle, rc_params
from bibliomap.fileio import write_with

FORMATS = ("png", "svg", "pdf")

# No dates and no version strings, so the bytes depend only on the figure.
_METADATA = {
    "png": {"Software": "bibliomap"},
    "svg": {"Date": None, "Creator": "bibliomap"},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": "bibliomap", "Producer": "bibliomap"},
}


def save_figure(
    fig: Figure,
    stem: str | Path,
    formats: Sequence[str] = FORMATS,
    dpi: float = 300,
    *,
    style: MapStyle = DEFAULT_STYLE,
) -> list[Path]:
    """Write ``stem.<format>`` for each format (PNG at ``dpi``); return the paths written."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise BibliomapError(f"unknown figure format(s) {unknown}; expected some of {FORMATS}")
    if not dpi > 0:
        raise BibliomapError(f"dpi must be > 0, got {dpi}")
    written = []
    base = Path(stem)
    for fmt in dict.fromkeys(formats):
        path = base.with_name(f"{base.name}.{fmt}")
        with rc_context(rc_params(style)):
            write_with(
                path,
                lambda tmp, fmt=fmt: fig.savefig(
                    tmp, format=fmt, dpi=dpi, metadata=_METADATA[fmt], facecolor="white"
                ),
            )
        written.append(path)
    return written
