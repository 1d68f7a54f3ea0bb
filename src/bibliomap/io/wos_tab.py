"""Reader for Web of Science tab-delimited exports (UTF-8, or UTF-16LE with BOM; LF or CRLF).

The first non-blank line holds the field tags (``PT AU BA ... UT ... DA``), every other non-blank
line one record. Fields are never quoted and may hold ``"``, so each line is simply split at tabs
(no CSV quoting rules). Some vintages end every row with one more tab than the header has
columns: extra fields are accepted when they are empty. A row with fewer fields, or with text
beyond the header's columns, is skipped and returned with the frame (the flow table lists it).

List cells are ``; ``-separated (``AU``, ``AF``, ``CR``); ``C1`` holds address groups
``[Author A; Author B] address; [Author C] address``, split before each ``[`` (or at ``; ``
when there are no brackets). Tags map to canonical columns as in :mod:`bibliomap.io.wos`.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.flow import Skipped
from bibliomap.io import fields, tagged, wos

FORMAT = "wos-tab"
DATABASE = wos.DATABASE

_REQUIRED = ("PT", "UT")
_GROUP = "\x1e"


def sniff(head: str) -> bool:
    """Whether ``head`` starts with a tab-separated header of WoS tags (``PT``, ..., ``UT``)."""
    first = head.lstrip("\r\n").split("\n", 1)[0].rstrip("\r")
    names = first.split("\t")
    return names[0] == "PT" and len(names) > 2 and all(tag in names for tag in _REQUIRED)


def read(path: Path) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """The records of a WoS tab-delimited export, and the malformed rows skipped."""
    path = Path(path)
    lines = tagged.read_lines(path).filter(pl.col("text").str.contains(r"\S"))
    if lines.height == 0:
        raise BibliomapError("empty file; expected a header line of WoS field tags", path=path)
    names = _header(lines["text"][0], path)
    rows = lines.slice(1).with_row_index("record", offset=1)
    cells = rows.select(
        "record", "line", pl.col("text").str.split("\t").alias("cells")
    ).with_columns(_misfit(len(names)).alias("misfit"))
    skipped = _skipped(cells.filter(pl.col("misfit").is_not_null()), len(names), path)
    good = cells.filter(pl.col("misfit").is_null())
    columns = good.select(
        "record", *(pl.col("cells").list.get(i).alias(name) for i, name in enumerate(names))
    )
    return wos.records(_wos_frame(columns, path)), skipped


def _header(line: str, path: Path) -> list[str]:
    """The header's tags; raises unless it names at least ``PT`` and ``UT``."""
    names = [name.strip() for name in line.rstrip("\t").split("\t")]
    missing = [tag for tag in _REQUIRED if tag not in names]
    if missing or len(set(names)) != len(names):
        raise BibliomapError(
            "expected a header line of distinct WoS field tags including PT and UT "
            f"(tab-separated), found {line[:80]!r}",
            path=path,
            line=1,
        )
    return names


def _misfit(columns: int) -> pl.Expr:
    """Null for a row that fits the header, else how many fields it has."""
    count = pl.col("cells").list.len()
    extra = pl.col("cells").list.slice(columns).list.join("").str.strip_chars()
    fits = (count == columns) | ((count > columns) & (extra == ""))
    return pl.when(fits).then(None).otherwise(count)


def _skipped(bad: pl.DataFrame, columns: int, path: Path) -> tuple[Skipped, ...]:
    """The rows that do not fit the header, as skipped records."""
    return tuple(
        Skipped(
            str(path),
            f"line {line} has {count} tab-separated fields, expected {columns} (as in the "
            "header); record skipped",
            str(record),
            line,
        )
        for record, line, count in bad.select("record", "line", "misfit").iter_rows()
    )


def _wos_frame(columns: pl.DataFrame, path: Path) -> pl.DataFrame:
    """The frame :func:`bibliomap.io.wos.records` expects: origin, text tags and list tags."""
    present = set(columns.columns)
    text = [
        (pl.col(tag) if tag in present else pl.lit(None, dtype=pl.String)).alias(tag)
        for tag in wos.TEXT_TAGS
    ]
    lists = [_list_cell(tag, present).alias(tag) for tag in wos.LIST_TAGS]
    origin = tagged.origin(path, pl.col("record")).alias("origin")
    return columns.select(origin, *text, *lists)


def _list_cell(tag: str, present: set[str]) -> pl.Expr:
    """The elements of a ``; ``-separated cell (``C1``: split before each address group)."""
    if tag not in present:
        return pl.lit([], dtype=pl.List(pl.String))
    cell = pl.col(tag)
    if tag == "C1":
        grouped = cell.str.replace_all(r";\s*\[", _GROUP + "[")
        cell = (
            pl.when(cell.str.contains(r"^\s*\["))
            .then(grouped)
            .otherwise(cell.str.replace_all(";", _GROUP))
        )
        return fields.split_list(cell, _GROUP)
    return fields.split_list(cell, ";")
