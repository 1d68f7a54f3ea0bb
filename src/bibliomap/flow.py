"""The PRISMA-style flow table: where every record read went, and a check that it adds up.

One row per event, in this order (``count`` is the number of records):

- ``read``: records found in one file (``file``; ``item`` = its format), skipped ones included;
- ``skipped``: one malformed record skipped by a reader (``file``, ``record``, ``line``, and
  the reason in ``detail``; ``count`` = 1);
- ``duplicates``: records merged away by one de-duplication rule (``item`` = the rule);
- ``unique``: records after de-duplication;
- ``filter``: records removed by one filter (``item`` = its name, ``detail`` = the criterion);
- ``kept``: records that enter the study.

It adds up when read - skipped - duplicates = unique and unique - filtered = kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.fileio import write_csv

SCHEMA: dict[str, pl.DataType] = {
    "step": pl.String,
    "file": pl.String,
    "item": pl.String,
    "record": pl.String,
    "line": pl.Int64,
    "detail": pl.String,
    "count": pl.Int64,
}

STEPS = ("read", "skipped", "duplicates", "unique", "filter", "kept")


@dataclass(frozen=True)
class Skipped:
    """A malformed record a reader skipped: where it is and why."""

    path: str
    reason: str
    record: str | None = None
    line: int | None = None


def _rows(rows: Sequence[dict[str, object]]) -> pl.DataFrame:
    """Flow rows with every column of :data:`SCHEMA`."""
    full = [{name: row.get(name) for name in SCHEMA} for row in rows]
    return pl.DataFrame(full, schema=SCHEMA, orient="row") if full else empty()


def empty() -> pl.DataFrame:
    """A flow table without rows."""
    return pl.DataFrame(schema=SCHEMA)


def read_row(path: str, fmt: str, count: int) -> pl.DataFrame:
    """Records found in one file."""
    return _rows([{"step": "read", "file": path, "item": fmt, "count": count}])


def per_file(rows: pl.DataFrame) -> pl.DataFrame:
    """The ``read`` rows of ``rows`` summed per file and format (parts of a file read by
    several shards), in the order the files first appear."""
    reads = rows.filter(pl.col("step") == "read")
    summed = reads.group_by("file", "item", maintain_order=True).agg(pl.col("count").sum())
    return _rows([{"step": "read", **row} for row in summed.iter_rows(named=True)])


def skipped_rows(skipped: Iterable[Skipped]) -> pl.DataFrame:
    """One row per skipped record."""
    return _rows(
        [
            {
                "step": "skipped",
                "file": item.path,
                "record": None if item.record is None else str(item.record),
                "line": item.line,
                "detail": item.reason,
                "count": 1,
            }
            for item in skipped
        ]
    )


def duplicate_rows(removed: dict[str, int], descriptions: dict[str, str]) -> pl.DataFrame:
    """Records merged away, one row per de-duplication rule."""
    return _rows(
        [
            {"step": "duplicates", "item": rule, "detail": descriptions.get(rule), "count": count}
            for rule, count in removed.items()
        ]
    )


def unique_row(count: int) -> pl.DataFrame:
    """Records after de-duplication."""
    return _rows([{"step": "unique", "count": count}])


def filter_row(name: str, criterion: str, count: int) -> pl.DataFrame:
    """Records one filter removed."""
    return _rows([{"step": "filter", "item": name, "detail": criterion, "count": count}])


def kept_row(count: int) -> pl.DataFrame:
    """Records that enter the study."""
    return _rows([{"step": "kept", "count": count}])


def concat(parts: Iterable[pl.DataFrame]) -> pl.DataFrame:
    """Flow parts stacked into one table."""
    return pl.concat([empty(), *(part.cast(SCHEMA) for part in parts)], how="vertical")


def totals(flow: pl.DataFrame) -> dict[str, int]:
    """Sum of ``count`` per step (every step present, zero when absent)."""
    sums = dict(flow.group_by("step").agg(pl.col("count").sum()).iter_rows())
    return {step: int(sums.get(step, 0) or 0) for step in STEPS}


def check(flow: pl.DataFrame) -> None:
    """Raise :class:`BibliomapError` unless the table adds up (steps absent are not checked)."""
    unknown = sorted(set(flow["step"].to_list()) - set(STEPS))
    if unknown:
        raise BibliomapError(f"flow table: unknown steps {unknown}; expected {', '.join(STEPS)}")
    if flow.filter(pl.col("count").is_null() | (pl.col("count") < 0)).height:
        raise BibliomapError("flow table: every count must be a number >= 0")
    present = set(flow["step"].to_list())
    sums = totals(flow)
    if "unique" in present:
        expected = sums["read"] - sums["skipped"] - sums["duplicates"]
        _expect(sums["unique"], expected, "unique records", "read - skipped - duplicates")
    if "kept" in present:
        start = sums["unique"] if "unique" in present else sums["read"] - sums["skipped"]
        _expect(sums["kept"], start - sums["filter"], "kept records", "unique - filtered")


def _expect(actual: int, expected: int, what: str, rule: str) -> None:
    """Raise when a total disagrees with the records it should account for."""
    if actual != expected:
        raise BibliomapError(f"flow table does not add up: {what} = {actual}, {rule} = {expected}")


def write_flow(flow: pl.DataFrame, path: str | Path) -> None:
    """Write the flow table as CSV, atomically."""
    write_csv(flow.cast(SCHEMA), path)


def read_flow(path: str | Path) -> pl.DataFrame:
    """Read a flow table written by :func:`write_flow`."""
    try:
        flow = pl.read_csv(path, schema=SCHEMA)
    except (OSError, pl.exceptions.PolarsError) as error:
        raise BibliomapError(f"cannot read the flow table: {error}", path=path) from None
    return flow
