"""The study's record filters: year range, languages, document types, abstract required.

Filters apply in that order and each reports how many records it removed, so the flow table
(:mod:`bibliomap.flow`) can account for every record. A record whose language or document type
is unknown is kept (the filter removes only records known to be outside); a record without a
year is removed by the year filter, since the range cannot be checked.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from bibliomap import flow
from bibliomap.errors import BibliomapError
from bibliomap.fileio import parquet_rows, sink_parquet, write_with
from bibliomap.io.fields import language
from bibliomap.records import DOCUMENT_TYPES


@dataclass(frozen=True)
class Filters:
    """Which records enter the study; the defaults keep everything."""

    years: tuple[int, int] | None = None
    languages: tuple[str, ...] = ()
    document_types: tuple[str, ...] = ()
    require_abstract: bool = False

    def __post_init__(self) -> None:
        if self.years is not None and (len(self.years) != 2 or self.years[0] > self.years[1]):
            raise BibliomapError(
                f"years: expected [first, last] with first <= last, got {self.years}"
            )
        unknown = sorted(set(self.document_types) - set(DOCUMENT_TYPES))
        if unknown:
            raise BibliomapError(
                f"document_types: unknown {unknown}; expected any of: {', '.join(DOCUMENT_TYPES)}"
            )


def make_filters(
    *,
    years: list[int] | tuple[int, int] | None = None,
    languages: list[str] | tuple[str, ...] = (),
    document_types: list[str] | tuple[str, ...] = (),
    require_abstract: bool = False,
) -> Filters:
    """:class:`Filters` from plain config values (lists as YAML and Snakemake give them)."""
    return Filters(
        years=None if years is None else tuple(int(year) for year in years),
        languages=tuple(languages or ()),
        document_types=tuple(document_types or ()),
        require_abstract=bool(require_abstract),
    )


@dataclass(frozen=True)
class Removed:
    """Records one filter removed: its name, the criterion in words, and the count."""

    name: str
    criterion: str
    count: int


@dataclass(frozen=True)
class Cleaned:
    """Filtered records and the complete flow table."""

    records: pl.DataFrame
    flow: pl.DataFrame


def apply_filters(records: pl.DataFrame, filters: Filters) -> tuple[pl.DataFrame, list[Removed]]:
    """Records passing every filter, and what each filter removed (all four, in order).

    The conditions are evaluated on their own columns and the records filtered once: copying
    wide records (with their references) is what costs.
    """
    removed = _removed(records, filters)
    if not any(item.count for item in removed):
        return records, removed
    return records.filter(_passing(filters)), removed


def _removed(records: pl.DataFrame | pl.LazyFrame, filters: Filters) -> list[Removed]:
    """What each filter, applied in order, removes from ``records`` (of a lazy scan, only the
    columns the filters in use read are read)."""
    conditions = _conditions(filters)
    passed = records.lazy().select(
        [keep.alias(str(index)) for index, (_, _, keep) in enumerate(conditions)]
    )
    still = pl.lit(True)
    counts = []
    for index in range(len(conditions)):
        counts.append((still & ~pl.col(str(index))).sum().alias(str(index)))
        still = still & pl.col(str(index))
    return [
        Removed(name, criterion, int(count))
        for (name, criterion, _), count in zip(
            conditions, passed.select(counts).collect().row(0), strict=True
        )
    ]


def _passing(filters: Filters) -> pl.Expr:
    """True for a record that passes every filter."""
    return pl.all_horizontal([keep for _, _, keep in _conditions(filters)])


def clean(records: pl.DataFrame, ingest_flow: pl.DataFrame, filters: Filters) -> Cleaned:
    """Apply ``filters`` to ingested records and complete the ingest stage's flow table."""
    kept, removed = apply_filters(records, filters)
    return Cleaned(records=kept, flow=complete_flow(ingest_flow, removed, kept.height))


FILTER_COLUMNS = ("year", "language", "document_type", "abstract")
"""The columns the filters read."""


def passing(records: pl.DataFrame, filters: Filters) -> tuple[np.ndarray, list[Removed]]:
    """Whether each record passes every filter, and what each filter removed."""
    # ``with_columns`` stretches a constant condition (no filter in use) to every record.
    keep = records.select(FILTER_COLUMNS).with_columns(_keep=_passing(filters))["_keep"]
    return keep.to_numpy().astype(bool), _removed(records, filters)


def clean_to(
    source: str | Path, ingest_flow: pl.DataFrame, filters: Filters, path: str | Path
) -> pl.DataFrame:
    """:func:`clean` of the records file ``source`` written to ``path``, streaming (memory
    holds the columns the filters read, not the records); the flow table."""
    removed = _removed(pl.scan_parquet(source), filters)
    if any(item.count for item in removed):
        sink_parquet(pl.scan_parquet(source).filter(_passing(filters)), path)
    else:  # the same records: the same bytes
        write_with(path, lambda tmp: shutil.copyfile(source, tmp))
    unique = parquet_rows(source)
    return complete_flow(ingest_flow, removed, unique - sum(item.count for item in removed))


def complete_flow(ingest_flow: pl.DataFrame, removed: list[Removed], kept: int) -> pl.DataFrame:
    """The ingest stage's flow rows completed with the filters' rows and the records kept."""
    rows = [flow.filter_row(item.name, item.criterion, item.count) for item in removed]
    table = flow.concat([ingest_flow, *rows, flow.kept_row(kept)])
    flow.check(table)
    return table


def _conditions(filters: Filters) -> list[tuple[str, str, pl.Expr]]:
    """(name, criterion, keep expression) of each filter, in order."""
    return [
        ("years", *_years(filters.years)),
        ("languages", *_languages(filters.languages)),
        ("document_types", *_document_types(filters.document_types)),
        ("require_abstract", *_abstract(filters.require_abstract)),
    ]


def _years(years: tuple[int, int] | None) -> tuple[str, pl.Expr]:
    """Keep years in the inclusive range; a record without a year cannot be checked."""
    if years is None:
        return "all", pl.lit(True)
    first, last = years
    keep = pl.col("year").is_between(first, last).fill_null(False)
    return f"{first}-{last}; records without a year removed", keep


def _languages(languages: tuple[str, ...]) -> tuple[str, pl.Expr]:
    """Keep the languages named (names or ISO codes, any case) and unknown languages."""
    if not languages:
        return "all", pl.lit(True)
    wanted = pl.Series(languages).to_frame("l").select(language(pl.col("l")).str.to_lowercase())
    keep = pl.col("language").str.to_lowercase().is_in(wanted["l"].implode()).fill_null(True)
    return "; ".join(languages) + "; unknown kept", keep


def _document_types(types: tuple[str, ...]) -> tuple[str, pl.Expr]:
    """Keep the document types named and unknown types."""
    if not types:
        return "all", pl.lit(True)
    keep = pl.col("document_type").is_in(pl.Series(types).implode()).fill_null(True)
    return "; ".join(types) + "; unknown kept", keep


def _abstract(required: bool) -> tuple[str, pl.Expr]:
    """Keep records with a non-blank abstract, when required."""
    if not required:
        return "not required", pl.lit(True)
    keep = (pl.col("abstract").str.strip_chars().str.len_chars() > 0).fill_null(False)
    return "records without an abstract removed", keep
