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
from itertools import accumulate
from pathlib import Path
from types import ModuleType

import numpy as np
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
    return _read_batch(io.detect(path), [str(path)])[0]


def read_files(paths: Sequence[str | Path], *, workers: int | None = None) -> list[FileRead]:
    """Read every file, in parallel threads when there are several (order as given).

    Threads, not processes: the readers spend their time in polars and numpy, which release
    the GIL, and threads need no re-import of ``__main__`` (Snakemake scripts have no guard).
    Files of a format whose reader has ``read_many`` (Web of Science plain text, exported 500
    records a file) are read in batches, one per thread.
    """
    names = [str(path) for path in paths]
    if not names:
        raise BibliomapError("no export files given")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise BibliomapError(f"export files given more than once: {', '.join(repeated)}")
    jobs = min(workers or os.cpu_count() or 1, len(names))
    batches = _batches(names, [io.detect(name) for name in names], jobs)
    if jobs <= 1:
        done = [_read_batch(module, batch) for module, batch in batches]
    else:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            done = list(pool.map(lambda job: _read_batch(*job), batches))
    reads = {read.path: read for batch in done for read in batch}
    return [reads[name] for name in names]


def _batches(
    names: list[str], modules: list[ModuleType], jobs: int
) -> list[tuple[ModuleType, list[str]]]:
    """The files grouped into reading jobs: ``jobs`` batches of each format read many at once,
    one job per file of the other formats."""
    batches: list[tuple[ModuleType, list[str]]] = []
    for module in dict.fromkeys(modules):
        files = [name for name, of in zip(names, modules, strict=True) if of is module]
        if hasattr(module, "read_many"):
            size = -(-len(files) // jobs)
            batches += [(module, files[at : at + size]) for at in range(0, len(files), size)]
        else:
            batches += [(module, [name]) for name in files]
    return batches


def _read_batch(module: ModuleType, names: list[str]) -> list[FileRead]:
    """The files ``names``, all in the format of reader ``module``, read."""
    paths = [Path(name) for name in names]
    if hasattr(module, "read_many"):
        results = module.read_many(paths)
    else:
        results = [module.read(path) for path in paths]
    frames = [frame for frame, _ in results]
    heights = [frame.height for frame in frames]
    numbered = _numbered(pl.concat(frames, how="diagonal_relaxed"), module.DATABASE, names, heights)
    starts = accumulate(heights[:-1], initial=0)
    return [
        FileRead(
            path=name,
            format=module.FORMAT,
            database=module.DATABASE,
            records=numbered.slice(start, height),
            skipped=tuple(skipped),
        )
        for name, (_, skipped), start, height in zip(names, results, starts, heights, strict=True)
    ]


def _numbered(
    frame: pl.DataFrame, database: str, names: list[str], heights: list[int]
) -> pl.DataFrame:
    """Records of files ``names`` (``heights`` records each, in order) in the canonical schema,
    with ``databases`` and ``origin`` (``<path>#<n>``)."""
    # The reader's record number (``<file name>:<n>``, skipped records counted), else position.
    given = pl.col("origin").list.first().str.extract(r":(\d+)$", 1)
    file = np.repeat(np.arange(len(names)), heights)
    starts = np.repeat(np.cumsum([0, *heights[:-1]]), heights)
    position = pl.int_range(pl.len()) - pl.Series(starts, dtype=pl.Int64) + 1
    number = pl.coalesce(given, position.cast(pl.String))
    prefix = pl.Series([f"{name}#" for name in names]).gather(file)
    numbered = records.conform(frame).with_columns(
        databases=pl.lit([database], dtype=pl.List(pl.String)),
        origin=pl.concat_list(pl.lit(prefix) + number),
    )
    return numbered.collect()


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
