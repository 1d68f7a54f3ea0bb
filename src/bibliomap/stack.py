"""Tables stacked one after another and read by row position, never all at once.

The parts are frames in memory or Parquet files (the read stage's shards). Rows are numbered
across the parts, from 0; :meth:`Stack.take` reads only the rows asked for, and
:meth:`Stack.runs` cuts a row order into runs that read one file each, so a merged table of
any size is written in bounded memory (see :func:`bibliomap.ingest.gather_to`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import polars as pl

from bibliomap.fileio import parquet_rows

_MAX_SLICES = 2048
"""Most runs of consecutive rows a table is assembled from without copying (more chunks slow
every later operation down)."""


def take_rows(frame: pl.DataFrame, rows: np.ndarray) -> pl.DataFrame:
    """The ``rows`` of ``frame``, in that order.

    Rows usually come in runs of consecutive positions (few merges, input in origin order);
    when the runs are few, the result is made of zero-copy slices instead of a copy of every
    column (cited references are most of a table's memory, and gathering them is slow).
    """
    starts = np.flatnonzero(np.diff(rows, prepend=-2) != 1)
    if len(starts) > _MAX_SLICES or len(rows) == 0:
        return frame.gather(rows)
    ends = np.append(starts[1:], len(rows))
    slices = [frame.slice(int(rows[a]), int(b - a)) for a, b in zip(starts, ends, strict=True)]
    return pl.concat(slices, rechunk=False) if len(slices) != 1 else slices[0]


class Stack:
    """Rows of several tables (same columns), one table after another."""

    def __init__(self, parts: Sequence[pl.DataFrame | str | Path]) -> None:
        self.parts = [part if isinstance(part, pl.DataFrame) else Path(part) for part in parts]
        heights = [_height(part) for part in self.parts]
        self.starts = np.cumsum([0, *heights], dtype=np.int64)

    @property
    def height(self) -> int:
        """Rows in all parts."""
        return int(self.starts[-1])

    def columns(self, names: Sequence[str], *, workers: int = 2) -> pl.DataFrame:
        """Only the columns ``names`` of every row (files read in ``workers`` threads)."""

        def read(part: pl.DataFrame | Path) -> pl.DataFrame:
            if isinstance(part, pl.DataFrame):
                return part.select(names)
            return pl.read_parquet(part, columns=list(names))

        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            frames = list(pool.map(read, self.parts))
        return pl.concat(frames, how="vertical")

    def take(self, rows: np.ndarray) -> pl.DataFrame:
        """The rows at positions ``rows``, in that order; each file is read once, from the
        first to the last of its rows asked for."""
        owner = self._owner(rows)
        if len(rows) == 0 or (owner == owner[0]).all():  # one part: nothing to reorder
            part = int(owner[0]) if len(rows) else 0
            return self._part_rows(part, rows - self.starts[part])
        grouped = np.argsort(owner, kind="stable")
        pieces = [
            self._part_rows(int(part), rows[owner == part] - self.starts[part])
            for part in np.unique(owner)
        ]
        back = np.empty_like(grouped)
        back[grouped] = np.arange(len(grouped))
        return take_rows(pl.concat(pieces, how="vertical", rechunk=False), back)

    def runs(self, order: np.ndarray, *, size: int | None = None) -> Iterator[np.ndarray]:
        """``order`` cut where the file read changes, and every ``size`` rows if given.

        Rows of frames in memory stay with the run before them, so a file whose rows come in
        one run of ``order`` is read once.
        """
        owner = self._owner(order)
        in_file = np.array([isinstance(part, Path) for part in self.parts])[owner]
        # Rows from memory take the file of the last file row before them (-1: none).
        last = np.maximum.accumulate(np.where(in_file, np.arange(len(order)), -1))
        file_of = np.where(last >= 0, owner[np.maximum(last, 0)], -1)
        cuts = set(np.flatnonzero(np.diff(file_of) != 0) + 1)
        if size is not None:
            cuts |= set(range(size, len(order), size))
        yield from (run for run in np.split(order, sorted(cuts)) if len(run))

    def _owner(self, rows: np.ndarray) -> np.ndarray:
        """The part holding each row."""
        if len(rows) and (rows.min() < 0 or rows.max() >= self.height):
            raise IndexError(f"rows outside 0..{self.height - 1}")
        return np.searchsorted(self.starts, rows, side="right") - 1

    def _part_rows(self, part: int, rows: np.ndarray) -> pl.DataFrame:
        """Rows ``rows`` (positions within the part) of one part."""
        table = self.parts[part]
        if isinstance(table, pl.DataFrame):
            return take_rows(table, rows)
        if len(rows) == 0:
            return pl.read_parquet(table, n_rows=0)
        low, high = int(rows.min()), int(rows.max()) + 1
        read = pl.scan_parquet(table).slice(low, high - low).collect()
        # Few rows of a long range are copied out, so the range can be freed.
        if 2 * len(rows) < high - low:
            return read.gather(rows - low)
        return take_rows(read, rows - low)


def _height(part: pl.DataFrame | Path) -> int:
    """Rows of a frame or a Parquet file (from its footer)."""
    if isinstance(part, pl.DataFrame):
        return part.height
    return parquet_rows(part)
