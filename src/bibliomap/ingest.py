"""Read export files of any supported format into one merged, de-duplicated record table.

Each file's format is detected from its content (:func:`bibliomap.io.detect`); files are read
in parallel threads when there are several. Every record gets its database in ``databases``
and its origin ``<path>#<n>`` (the n-th record of the file, from 1, skipped malformed records
counted) in ``origin``; the records of all files are concatenated in the canonical schema,
given their countries and organizations (:func:`bibliomap.enrich.enrich_places`), their
references parsed (:func:`bibliomap.references.parse_references`) and merged
(:func:`bibliomap.merge.merge`; it keeps a record's references whole, so parsing before or
after it gives the same records). The flow rows say how many records each file held, which
records a reader skipped as malformed, and how many duplicates each rule removed.

Memory: :func:`ingest_to` (the ``bibliomap read`` command) and :func:`gather_to` (the
workflow's ``ingest`` rule) write the merged records to a file a run at a time, never holding
the whole table with its parsed references (see :mod:`bibliomap.stack`); :func:`ingest` and
:func:`gather` give the same records in memory.

Scatter-gather: :func:`read_shard` reads one shard's pieces (files, or parts of large CSV
files: :mod:`bibliomap.shards`), with places and parsed references, and :func:`gather` merges
the shards. ``gather([read_shard(pieces) for pieces in shard_plan(paths, n)])`` is
:func:`ingest` of ``paths`` for any ``n``: reading, places and reference parsing look at one
record at a time, and the shards keep the records' order.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from types import ModuleType

import numpy as np
import polars as pl

from bibliomap import flow, io, records
from bibliomap import merge as merging
from bibliomap.enrich import enrich_places
from bibliomap.errors import BibliomapError
from bibliomap.fileio import write_parquet_chunks
from bibliomap.filters import FILTER_COLUMNS, Filters, complete_flow, passing
from bibliomap.flow import Skipped
from bibliomap.merge import DESCRIPTIONS, KEY_COLUMNS, Merged, Plan, merge, removed
from bibliomap.references import Parser, parse_references
from bibliomap.shards import Export, Piece, plan
from bibliomap.stack import Stack


@dataclass(frozen=True)
class FileRead:
    """One file's records (canonical schema), its format, and the records its reader skipped."""

    path: str
    format: str
    database: str
    records: pl.DataFrame
    skipped: tuple[Skipped, ...]


@dataclass(frozen=True)
class Shard:
    """One shard's records (places and references done, not merged) and its flow rows: one
    ``read`` row per piece, then the skipped records."""

    records: pl.DataFrame
    flow: pl.DataFrame


@dataclass(frozen=True)
class Written:
    """What :func:`ingest_to` and :func:`gather_to` give besides the records file: the flow
    rows up to the de-duplicated count (to the records kept, after filters), and the table of
    merges."""

    flow: pl.DataFrame
    merges: pl.DataFrame


@dataclass(frozen=True)
class Ingested:
    """Merged, enriched, unfiltered records; their flow rows; the table of merges."""

    records: pl.DataFrame
    flow: pl.DataFrame
    merges: pl.DataFrame


def read_file(path: str | Path) -> FileRead:
    """Detect the format of ``path`` and read its records, marking database and origin."""
    return _read_batch(io.detect(path), [Piece(str(path))])[0]


def read_files(paths: Sequence[str | Path], *, workers: int | None = None) -> list[FileRead]:
    """Read every file, in parallel threads when there are several (order as given)."""
    return read_pieces(pieces(paths), workers=workers)


def pieces(paths: Sequence[str | Path]) -> list[Piece]:
    """Every file whole, as pieces; none is an error."""
    if not paths:
        raise BibliomapError("no export files given")
    return [Piece(str(path)) for path in paths]


def read_pieces(pieces: Sequence[Piece], *, workers: int | None = None) -> list[FileRead]:
    """Read every piece (a file or part of one), in parallel threads (order as given).

    Threads, not processes: the readers spend their time in polars and numpy, which release
    the GIL, and threads need no re-import of ``__main__`` (Snakemake scripts have no guard).
    Files of a format whose reader has ``read_many`` (Web of Science plain text, exported 500
    records a file) are read in batches, one per thread.
    """
    repeated = sorted({piece.path for piece in pieces if pieces.count(piece) > 1})
    if repeated:
        raise BibliomapError(f"export files given more than once: {', '.join(repeated)}")
    jobs = min(workers or os.cpu_count() or 1, len(pieces))
    modules = {piece.path: io.detect(piece.path) for piece in pieces}
    batches = _batches(list(pieces), [modules[piece.path] for piece in pieces], jobs)
    if jobs <= 1:
        done = [_read_batch(module, batch) for module, batch in batches]
    else:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            done = list(pool.map(lambda job: _read_batch(*job), batches))
    ordered = [piece for _, batch in batches for piece in batch]
    reads = dict(zip(ordered, [read for batch in done for read in batch], strict=True))
    return [reads[piece] for piece in pieces]


def _batches(
    pieces: list[Piece], modules: list[ModuleType], jobs: int
) -> list[tuple[ModuleType, list[Piece]]]:
    """The pieces grouped into reading jobs: ``jobs`` batches of each format read many at
    once, one job per piece of the other formats."""
    batches: list[tuple[ModuleType, list[Piece]]] = []
    for module in dict.fromkeys(modules):
        mine = [piece for piece, of in zip(pieces, modules, strict=True) if of is module]
        if hasattr(module, "read_many"):
            size = -(-len(mine) // jobs)
            batches += [(module, mine[at : at + size]) for at in range(0, len(mine), size)]
        else:
            batches += [(module, [piece]) for piece in mine]
    return batches


def _read_batch(module: ModuleType, pieces: list[Piece]) -> list[FileRead]:
    """The ``pieces``, all in the format of reader ``module``, read."""
    names = [piece.path for piece in pieces]
    paths = [Path(name) for name in names]
    splittable = getattr(module, "SPLITTABLE", False)
    if not splittable:
        _whole(module, pieces)
    if hasattr(module, "read_many"):
        results = module.read_many(paths)
    elif splittable:
        results = [
            module.read(path, part=piece.part) for path, piece in zip(paths, pieces, strict=True)
        ]
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


def _whole(module: ModuleType, pieces: list[Piece]) -> None:
    """Raise unless every piece is a whole file (the format cannot be read in parts)."""
    for piece in pieces:
        if piece.part.count != 1:
            raise BibliomapError(
                f"{module.FORMAT} files cannot be read in parts; expected the whole file",
                path=piece.path,
            )


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


def shard_plan(paths: Sequence[str | Path], shards: int) -> list[list[Piece]]:
    """The pieces each of ``shards`` shards reads (:func:`bibliomap.shards.plan`)."""
    exports = [
        Export(str(path), Path(path).stat().st_size, getattr(io.detect(path), "SPLITTABLE", False))
        for path in paths
    ]
    return plan(exports, shards)


def read_shard(pieces: Sequence[Piece], *, workers: int | None = None) -> Shard:
    """One shard's records with places and parsed references (an empty shard has none)."""
    if not pieces:
        return Shard(records=records.empty(), flow=flow.empty())
    found, table = read_places(pieces, workers=workers)
    return Shard(records=parse_references(found), flow=table)


def gather(shards: Sequence[Shard]) -> Ingested:
    """The shards' records merged, with the flow rows up to the de-duplicated count."""
    found = pl.concat([shard.records for shard in shards], how="vertical")
    merged, table = _merged(found, flow.concat(shard.flow for shard in shards))
    return Ingested(records=merged.records, flow=table, merges=merged.merges)


def ingest(paths: Sequence[str | Path], *, workers: int | None = None) -> Ingested:
    """Read, enrich and merge export files; flow rows up to the de-duplicated count."""
    return gather([read_shard(pieces(paths), workers=workers)])


def read_places(
    pieces: Sequence[Piece], *, workers: int | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Records of the pieces with countries and organizations; a read row per piece and a
    row per skipped record."""
    reads = read_pieces(pieces, workers=workers)
    parts = [flow.read_row(read.path, read.format, _found(read)) for read in reads]
    parts.append(flow.skipped_rows(item for read in reads for item in read.skipped))
    combined = pl.concat([read.records for read in reads], how="vertical")
    del reads
    return enrich_places(combined), flow.concat(parts)


def _merged(found: pl.DataFrame, rows: pl.DataFrame) -> tuple[Merged, pl.DataFrame]:
    """Records merged, and the flow rows up to their count."""
    merged = merge(found)
    return merged, flow_rows(rows, merged.merges, merged.records.height)


def flow_rows(rows: pl.DataFrame, merges: pl.DataFrame, unique: int) -> pl.DataFrame:
    """Flow rows of a merge to ``unique`` records (the pieces' read rows summed per file)."""
    parts = [flow.per_file(rows), rows.filter(pl.col("step") == "skipped")]
    parts.append(flow.duplicate_rows(removed(merges), DESCRIPTIONS))
    parts.append(flow.unique_row(unique))
    table = flow.concat(parts)
    flow.check(table)
    return table


CHUNK_ROWS = 50_000
"""Records :func:`ingest_to` parses the references of at a time."""


def ingest_to(
    paths: Sequence[str | Path],
    path: str | Path,
    *,
    filters: Filters | None = None,
    workers: int | None = None,
) -> Written:
    """:func:`ingest` (then :func:`bibliomap.filters.clean` with ``filters``) with its records
    written to ``path``, in a fraction of the memory.

    The records are held with their references unparsed (most of a table's memory is the
    parsed references); references are parsed :data:`CHUNK_ROWS` records at a time, in a
    thread, while the records before them are written, and only for records the filters keep.
    The file is byte for byte ``write_parquet`` of the records in memory.
    """
    found, rows = read_places(pieces(paths), workers=workers)
    stack = Stack([found])
    planned = plan_merge(stack, workers=workers)
    table = flow_rows(rows, planned.merges, len(planned.order))
    keep = None
    if filters is not None:
        parts = [part.select(FILTER_COLUMNS) for part in (found, planned.combined)]
        keep, removed = passing(Stack(parts).take(planned.order), filters)
        table = complete_flow(table, removed, int(keep.sum()))
    write_merged(stack, planned, path, parse=True, keep=keep)
    return Written(flow=table, merges=planned.merges)


def gather_to(
    files: Sequence[tuple[str | Path, str | Path]],
    path: str | Path,
    *,
    workers: int | None = None,
) -> Written:
    """:func:`gather` of shards written as Parquet (records, flow rows), with its records
    written to ``path``: memory holds the key columns of all records, not the records."""
    stack = Stack([records_file for records_file, _ in files])
    rows = flow.concat(pl.read_parquet(flow_file) for _, flow_file in files)
    planned = plan_merge(stack, workers=workers)
    table = flow_rows(rows, planned.merges, len(planned.order))
    write_merged(stack, planned, path, parse=False)
    return Written(flow=table, merges=planned.merges)


def plan_merge(stack: Stack, *, workers: int | None = None) -> Plan:
    """The merge of the records of ``stack``, worked out from their key columns (read in
    ``workers`` threads); only the records of groups of duplicates are read whole."""
    keys = stack.columns(KEY_COLUMNS, workers=workers or os.cpu_count() or 1)
    return merging.plan(keys, stack.take)


def write_merged(
    stack: Stack,
    planned: Plan,
    path: str | Path,
    *,
    parse: bool,
    keep: np.ndarray | None = None,
) -> None:
    """The merged records (``planned`` from the records of ``stack``; only those ``keep``
    marks, if given) written to ``path`` a run of rows at a time: a shard file each, or
    :data:`CHUNK_ROWS` records whose references are parsed first (``parse``)."""
    whole = Stack([*stack.parts, planned.combined])
    parser = Parser()

    def chunks() -> Iterator[pl.DataFrame]:
        done = 0
        for run in whole.runs(planned.order, size=CHUNK_ROWS if parse else None):
            chunk = whole.take(run).with_columns(id=planned.ids.slice(done, len(run)))
            if keep is not None:
                chunk = chunk.filter(pl.Series(keep[done : done + len(run)]))
            done += len(run)
            yield parse_references(chunk, parser=parser) if parse else chunk

    write_parquet_chunks(chunks(), records.SCHEMA, path)


def _found(read: FileRead) -> int:
    """Records found in a file: those read plus those skipped as malformed."""
    return read.records.height + len(read.skipped)
