"""Reader for Web of Science plain-text exports (``FN``/``VR`` header, ``PT`` ... ``ER`` records).

Lines are split into fields by :mod:`bibliomap.io.tagged`; authors, full names, cited references
and ``C1`` addresses take one element per line, every other field's lines are joined by
spaces. The tags are mapped to canonical columns by :mod:`bibliomap.io.wos`. Records with a
malformed line are skipped and returned with the frame (see :func:`read`).
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from bibliomap.flow import Skipped
from bibliomap.io import tagged, wos

FORMAT = "wos"
DATABASE = wos.DATABASE

_SNIFF = re.compile(r"\s*(?:FN [^\n]*\n\s*(?:VR [^\n]*\n\s*)?(?:PT [A-Z]|EF\b)|PT [A-Z]\s*\n)")


def sniff(head: str) -> bool:
    """Whether ``head`` starts like a WoS plain-text export (``FN``/``VR`` header, then ``PT``)."""
    return _SNIFF.match(head) is not None


def read(path: Path) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """The records of a WoS plain-text export, and the malformed records skipped."""
    parsed = tagged.parse(Path(path), tagged.WOS)
    lines = tagged.per_line(parsed, wos.TEXT_TAGS + wos.LIST_TAGS)
    frame = lines.with_columns(pl.col(tag).list.join(" ") for tag in wos.TEXT_TAGS)
    return wos.records(frame, Path(path)), parsed.skipped
