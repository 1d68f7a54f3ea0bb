"""Read export files of any supported format into one merged, de-duplicated record table.

Each file's format is detected from its content (:func:`bibliomap.io.detect`); files are read
in parallel threads when there are several. Every record gets its database in ``databases``
and its origin ``<path>#<n>`` (the n-th record of the file, from 1, skipped malformed records
counted) in ``origin``; the records of all files are concatenated in the canonical schema,
given their countries and organizations (:func:`bibliomap.enrich.enrich_places`), merged
(:func:`bibliomap.merge.merge`), and their references parsed
(:func:`bibliomap.references.parse_references`; the merge does not look at them). The flow
rows say how many records each file held, which records a reader skipped as malformed, and
how many duplicates each rule removed. :func:`ingest_and_clean` also applies the filters,
parsing references after them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from bibliomap import flow, io, records
from bibliomap.enrich import enrich_places
from bibliomap.errors import BibliomapError
from bibliomap.filters import Cleaned, Filters, clean
from bibliomap.flow import Skipped
from bibliomap.merge import DESCRIPTIONS, Merged, merge
from bibliomap.references import parse_references


@dataclass(frozen=True)
class FileRead:
    """One file's records (canonical schema), its format, and the records its reader skipped."""

    path: str
    format: str
    database: str
    records: pl.DataFrame
    skipped: tuple[Skipped, ...]


@dataclass(frozen=True)
class Ingested:
    """Merged, enriched, unfiltered records; their flow rows; the table of merges."""

    records: pl.DataFrame
    flow: pl.DataFrame
    merges: pl.DataFrame


def read_file(path: str | Path) -> FileRead:
    """Detect the format of ``path`` and read its records, marking database and origin."""
    name = str(path)
    module = io.detect(path)
    frame, skipped = module.read(Path(path))
    # The reader's record number (``<file name>:<n>``, skipped records counted), else position.
    given = pl.col("origin").list.first().str.extract(r":(\d+)$", 1)
    number = pl.coalesce(given, (pl.int_range(pl.len()) + 1).cast(pl.String))
    numbered = records.conform(frame).with_columns(
        databases=pl.lit([module.DATABASE], dtype=pl.List(pl.String)),
        origin=pl.concat_list(pl.lit(f"{name}#") + number),
    )
    return FileRead(
        path=name,
        format=module.FORMAT,
        database=module.DATABASE,
        records=numbered.collect(),
        skipped=tuple(skipped),
    )


def read_files(paths: Sequence[str | Path], *, workers: int | None = None) -> list[FileRead]:
    """Read every file, in parallel threads when there are several (order as given).

    Threads, not processes: the readers spend their time in polars and numpy, which release
    the GIL, and threads need no re-import of ``__main__`` (Snakemake scripts have no guard).
    """
    names = [str(path) for path in paths]
    if not names:
        raise BibliomapError("no export files given")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise BibliomapError(f"export files given more than once: {', '.join(repeated)}")
    jobs = min(workers or os.cpu_count() or 1, len(names))
    if jobs <= 1:
        return [read_file(name) for name in names]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(read_file, names))


def ingest(paths: Sequence[str | Path], *, workers: int | None = None) -> Ingested:
    """Read, enrich and merge export files; flow rows up to the de-duplicated count."""
    merged, table = _merged(paths, workers=workers)
    return Ingested(records=parse_references(merged.records), flow=table, merges=merged.merges)


def ingest_and_clean(
    paths: Sequence[str | Path], filters: Filters, *, workers: int | None = None
) -> tuple[Cleaned, pl.DataFrame]:
    """``clean(ingest(paths))`` and the merges table, in a fraction of the memory.

    References are parsed for the kept records only, after the filters: the records come out
    the same, but the unfiltered table never holds parsed references (most of its memory).
    """
    merged, table = _merged(paths, workers=workers)
    cleaned = clean(merged.records, table, filters)
    merges = merged.merges
    del merged
    return Cleaned(records=parse_references(cleaned.records), flow=cleaned.flow), merges


def _merged(paths: Sequence[str | Path], *, workers: int | None) -> tuple[Merged, pl.DataFrame]:
    """Records read, with countries and organizations, merged; flow rows up to ``unique``."""
    reads = read_files(paths, workers=workers)
    parts = [flow.read_row(read.path, read.format, _found(read)) for read in reads]
    parts.append(flow.skipped_rows(item for read in reads for item in read.skipped))
    combined = pl.concat([read.records for read in reads], how="vertical")
    del reads
    merged = merge(enrich_places(combined))
    del combined
    parts.append(flow.duplicate_rows(merged.removed(), DESCRIPTIONS))
    parts.append(flow.unique_row(merged.records.height))
    table = flow.concat(parts)
    flow.check(table)
    return merged, table


def _found(read: FileRead) -> int:
    """Records found in a file: those read plus those skipped as malformed."""
    return read.records.height + len(read.skipped)
