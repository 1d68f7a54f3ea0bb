"""Google Trends "Interest over time" exports, read into a tidy table.

The export (Google Trends > Interest over time > download) is a small CSV:

    Category: All categories
    <blank line>
    Week,micro-credentials: (Worldwide),digital badges: (Worldwide)
    2019-01-06,12,<1

The header is the first line with a comma after the ``Category:`` line (or the first line with
a comma when there is none); its first column is the time unit (Week, Month, Day) and the
others are the search terms, each followed by ``: (<region>)``, which is cut off. Dates are
``YYYY-MM-DD`` or ``YYYY-MM`` (monthly exports; read as the first day of the month). Interest is
0-100 relative to the highest point of the chart; ``<1`` (below the export's resolution) is read
as 0.5, the middle of [0, 1), and flagged in ``below_one``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError

SCHEMA = {
    "date": pl.Date,
    "term": pl.String,
    "interest": pl.Float64,
    "below_one": pl.Boolean,
}
BELOW_ONE = 0.5
_REGION = re.compile(r":\s*\([^()]*\)\s*$")


def _header_index(lines: list[str], path: Path) -> int:
    """Index of the header line (see module doc)."""
    start = next((i + 1 for i, line in enumerate(lines) if line.startswith("Category:")), 0)
    for index in range(start, len(lines)):
        if "," in lines[index]:
            return index
    raise BibliomapError(
        "not a Google Trends 'Interest over time' export: no header line "
        "'Week,<term>: (<region>),...' found",
        path=path,
    )


def _date(text: str, path: Path, line: int) -> dt.date:
    for layout in ("%Y-%m-%d", "%Y-%m"):
        try:
            return dt.datetime.strptime(text.strip(), layout).date()
        except ValueError:
            continue
    raise BibliomapError(
        f"expected a date YYYY-MM-DD or YYYY-MM, got {text!r}", path=path, line=line
    )


def _interest(text: str, path: Path, line: int) -> tuple[float, bool]:
    value = text.strip()
    if value == "<1":
        return BELOW_ONE, True
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number <= 100:
        raise BibliomapError(
            f"expected an interest 0-100 or '<1', got {text!r}", path=path, line=line
        )
    return number, False


def read_google_trends(path: str | Path) -> pl.DataFrame:
    """The export as a tidy table: ``date``, ``term``, ``interest``, ``below_one``."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise BibliomapError(f"cannot read the Google Trends export: {error}", path=file) from None
    lines = text.splitlines()
    first = _header_index(lines, file)
    rows = list(csv.reader(io.StringIO("\n".join(lines[first:]))))
    terms = [_REGION.sub("", name).strip() for name in rows[0][1:]]
    if not terms or any(not term for term in terms):
        raise BibliomapError("the header names no search terms", path=file, line=first + 1)
    records = []
    for offset, row in enumerate(rows[1:], start=first + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(terms) + 1:
            raise BibliomapError(
                f"expected {len(terms) + 1} columns, got {len(row)}", path=file, line=offset
            )
        date = _date(row[0], file, offset)
        for term, cell in zip(terms, row[1:], strict=True):
            records.append((date, term, *_interest(cell, file, offset)))
    if not records:
        raise BibliomapError("the export holds no rows of interest values", path=file)
    return pl.DataFrame(records, schema=SCHEMA, orient="row")
