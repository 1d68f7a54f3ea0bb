"""Pieces every reader uses to assemble canonical records: references, origins, problems.

A malformed record is skipped and described by a :class:`bibliomap.flow.Skipped` (path, reason,
record number in the file from 1, line where it starts): readers return
``read(path) -> (records, skipped)`` so the flow table lists them; ``read(path, strict=True)``
raises :class:`~bibliomap.errors.BibliomapError` on the first one instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.flow import Skipped
from bibliomap.io import fields
from bibliomap.records import REFERENCE, SCHEMA, conform


def raw_references(strings: pl.Series) -> pl.Series:
    """Reference structs with only ``raw`` filled, from lists of reference strings.

    Built inside polars (the empty fields stay unallocated), not through Arrow.
    """
    fields = {name: pl.lit(None, dtype=dtype) for name, dtype in REFERENCE.to_schema().items()}
    fields["raw"] = pl.element()
    structs = pl.col("references").list.eval(pl.struct(**fields)).cast(pl.List(REFERENCE))
    return strings.to_frame("references").select(structs)["references"]


def unique_list(values: pl.Expr) -> pl.Expr:
    """Distinct non-empty values of a list, first occurrence order kept."""
    return values.list.eval(pl.element().filter(pl.element() != "")).list.unique(
        maintain_order=True
    )


def text_list(cell: pl.Expr, separator: str = ";") -> pl.Expr:
    """Split a delimited cell into whitespace-normalized values (placeholders dropped)."""
    parts = fields.text(cell).str.split(separator)
    return parts.list.eval(
        pl.element().str.strip_chars(" ").filter(pl.element().str.strip_chars(" ") != "")
    ).fill_null(pl.lit([], dtype=pl.List(pl.String)))


def origin(path: Path, record: pl.Expr) -> pl.Expr:
    """``["<file name>:<record>"]`` for each record (``record`` 1-based)."""
    return pl.concat_list(pl.lit(f"{path.name}:") + record.cast(pl.String))


def database(name: str) -> pl.Expr:
    """``[name]`` for each record."""
    return pl.concat_list(pl.lit(name))


def integer(cell: pl.Expr, *, empty: int | None = None) -> pl.Expr:
    """A count cell as Int64 (null when not a plain number); empty cells become ``empty``."""
    cleaned = cell.str.strip_chars()
    value = cleaned.str.extract(r"^(\d+)$", 1).cast(pl.Int64)
    blank = cleaned.is_null() | (cleaned == "")
    return pl.when(blank).then(pl.lit(empty, pl.Int64)).otherwise(value)


def issn(cell: pl.Expr) -> pl.Expr:
    """ISSNs as ``NNNN-NNNX``, several joined by ``; `` (print first, as exported)."""
    codes = cell.str.to_uppercase().str.extract_all(r"\b\d{4}-?\d{3}[\dX]\b")
    formatted = codes.list.eval(
        pl.element().str.replace("-", "").str.replace(r"^(\d{4})(\d{3}[\dX])$", "$1-$2")
    )
    joined = unique_list(formatted).list.join("; ")
    return pl.when(joined == "").then(None).otherwise(joined)


def empty_or(cell: pl.Expr, pattern: str) -> pl.Expr:
    """True where the cell is empty or matches ``pattern`` (for record checks)."""
    stripped = cell.str.strip_chars()
    return stripped.is_null() | (stripped == "") | stripped.str.contains(pattern)


def problems(frame: pl.DataFrame, checks: dict[str, pl.Expr], path: Path) -> list[Skipped]:
    """Records of ``frame`` (with a 1-based ``_record`` column) failing a check, with reasons."""
    failing = frame.select(
        "_record",
        pl.concat_str(
            [pl.when(ok).then(None).otherwise(pl.lit(reason)) for reason, ok in checks.items()],
            separator="; ",
            ignore_nulls=True,
        ).alias("_reason"),
    ).filter(pl.col("_reason") != "")
    return [Skipped(str(path), reason, str(record)) for record, reason in failing.iter_rows()]


def checked(
    table: pl.DataFrame,
    checks: dict[str, pl.Expr],
    path: Path,
    *,
    lenient: bool,
    skipped: Sequence[Skipped] = (),
) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """The rows of ``table`` (``_record``, ``_line``) passing every check, and the skipped
    records: those failing one (with their line) and ``skipped`` (left out before), in line
    order. Not ``lenient``: raise on the first failing row instead."""
    lines = dict(zip(table["_record"], table["_line"], strict=True))
    found = with_lines(problems(table, checks, path), lines)
    if found and not lenient:
        raise_first(found, path)
    bad = [int(item.record) for item in found]
    kept = table.filter(~pl.col("_record").is_in(bad))
    return kept, tuple(sorted([*skipped, *found], key=lambda item: item.line or 0))


def with_lines(found: list[Skipped], lines: dict[int, int]) -> list[Skipped]:
    """``found`` with the line each record starts on (from ``lines``: record -> line)."""
    return [replace(item, line=lines.get(int(item.record or 0))) for item in found]


def raise_first(found: Sequence[Skipped], path: Path) -> None:
    """Raise the first of ``found`` as a BibliomapError (nothing if empty)."""
    if found:
        first = found[0]
        raise BibliomapError(first.reason, path=path, line=first.line, record=number(first))


def number(item: Skipped) -> int | str | None:
    """The record number of a skipped record, as an int when it is one."""
    return int(item.record) if item.record and item.record.isdigit() else item.record


def finish(frame: pl.DataFrame) -> pl.DataFrame:
    """The canonical record table (columns, order and types of :data:`SCHEMA`)."""
    present = [name for name in SCHEMA if name in frame.columns]
    return conform(frame.select(present)).collect()
