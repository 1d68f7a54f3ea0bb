"""Reader for Web of Science plain-text exports (``FN``/``VR`` header, ``PT`` ... ``ER`` records).

Lines are split into fields by :mod:`bibliomap.io.tagged`; authors, full names, cited references
and ``C1`` addresses take one element per line, every other field's lines are joined by
spaces. The tags are mapped to canonical columns by :mod:`bibliomap.io.wos`. Records with a
malformed line are skipped and returned with the frame (see :func:`read`).

Web of Science exports at most 500 or 1,000 records per file, so a study often has dozens of
files: :func:`read_many` maps the records of all of them to canonical columns in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate
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
    return read_many([path])[0]


def read_many(paths: Sequence[Path]) -> list[tuple[pl.DataFrame, tuple[Skipped, ...]]]:
    """:func:`read` of each file, the canonical columns computed for all files at once."""
    parsed = [tagged.parse(Path(path), tagged.WOS) for path in paths]
    found = wos.records(_tags(parsed))
    heights = [item.records - len(item.skipped) for item in parsed]
    starts = accumulate(heights[:-1], initial=0)
    return [
        (found.slice(start, height), item.skipped)
        for start, height, item in zip(starts, heights, parsed, strict=True)
    ]


def _tags(parsed: list[tagged.Tagged]) -> pl.DataFrame:
    """One row per record: its origin, text tags (lines joined) and list tags (one per line)."""
    lines = tagged.by_record(parsed, wos.TEXT_TAGS, wos.LIST_TAGS)
    names = pl.Series([f"{item.path.name}:" for item in parsed], dtype=pl.String)
    origin = pl.concat_list(
        names.gather(lines.get_column("file")) + pl.col("record").cast(pl.String)
    )
    return lines.select(origin.alias("origin"), *wos.TEXT_TAGS, *wos.LIST_TAGS)
