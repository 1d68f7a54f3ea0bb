"""Read CSV exports (Scopus, Lens, Dimensions) as all-text tables, a batch of rows at a time.

polars parses the file (every cell a string, nothing inferred; batches bound the memory a large
export needs). polars' own errors do not say where the problem is, so on failure the file is
re-read with Python's csv module to name the line and record: bytes that are not UTF-8, a row
with more fields than the header, a quoted field still open at the end of the file.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.flow import Skipped
from bibliomap.io import assemble, flat
from bibliomap.records import empty
from bibliomap.shards import WHOLE, Part

BATCH_ROWS = 25_000


def header(path: Path, *, skip_lines: int = 0) -> list[str]:
    """The column names on the first line after ``skip_lines`` (BOM removed)."""
    with _open_text(path) as handle:
        if handle.buffer.peek(2)[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise BibliomapError("UTF-16 text; expected a UTF-8 CSV export", path=path, line=1)
        for _ in range(skip_lines):
            handle.readline()
        first = handle.readline()
    return next(csv.reader([first.rstrip("\r\n")]), [])


@dataclass(frozen=True)
class Layout:
    """How to turn one CSV export format into records."""

    columns: tuple[str, ...]
    """Every column the format's ``build`` reads (absent ones are added as nulls)."""
    checks: Callable[[], dict[str, pl.Expr]]
    """Row checks: reason -> expression true for a good row."""
    build: Callable[[pl.DataFrame, Path, flat.StringPool], pl.DataFrame]
    """Canonical records of a batch of good rows, their references' text in the pool."""


def read_records(
    path: Path,
    layout: Layout,
    *,
    lenient: bool,
    skip_lines: int = 0,
    workers: int = 2,
    part: Part = WHOLE,
) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """Records of all rows (of ``part`` of the batches) and the malformed ones (raised unless
    ``lenient``).

    Batches are built ``workers`` at a time (polars releases the GIL), in file order; the
    layout stores the cited references' text once across batches, in one
    :class:`bibliomap.io.flat.StringPool`.
    A part reads only its run of rows (polars still finds the row boundaries before it); rows
    keep their numbers in the file, so the parts' records, concatenated, are the whole file's.
    """
    listed = header(path, skip_lines=skip_lines)
    names = set(listed)
    if len(names) < len(listed):
        twice = sorted({name for name in listed if listed.count(name) > 1})
        raise BibliomapError(
            f"columns named twice in the header: {', '.join(twice)}; expected unique names",
            path=path,
            line=skip_lines + 1,
        )
    missing = [pl.lit(None, dtype=pl.String).alias(c) for c in layout.columns if c not in names]
    found: list[Skipped] = []

    def build(batch: pl.DataFrame) -> pl.DataFrame:
        complete = batch.with_columns(missing)
        bad = assemble.problems(complete, layout.checks(), path)
        if bad:
            found.extend(bad)
            complete = complete.filter(~pl.col("_record").is_in([int(p.record) for p in bad]))
        return layout.build(complete, path, strings)

    strings = flat.StringPool()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[pl.DataFrame]] = deque()
        frames = []
        present = [column for column in layout.columns if column in names]
        offset, length = (0, None) if part == WHOLE else part.rows(estimate_rows(path, skip_lines))
        found_batches = batches(
            path, columns=present, skip_lines=skip_lines, offset=offset, length=length
        )
        for batch in found_batches:
            pending.append(pool.submit(build, batch))
            if len(pending) >= workers:
                frames.append(pending.popleft().result())
        frames += [future.result() for future in pending]
    found.sort(key=lambda item: int(item.record))
    if not ends_with_newline(path):
        _check_last_record(path, skip_lines=skip_lines)
    located = settle_problems(path, found, lenient=lenient, skip_lines=skip_lines)
    return (pl.concat(frames) if frames else empty()), tuple(located)


def batches(
    path: Path,
    *,
    columns: list[str] | None = None,
    skip_lines: int = 0,
    offset: int = 0,
    length: int | None = None,
) -> Iterator[pl.DataFrame]:
    """The file's data rows as all-String frames of :data:`BATCH_ROWS` rows with a 1-based
    ``_record`` column (the row's number in the file).

    ``columns``: the only columns to keep (others are parsed but not stored); ``offset`` and
    ``length``: only those rows (from 0; None: to the end).
    """
    lazy = pl.scan_csv(
        path,
        infer_schema=False,
        skip_lines=skip_lines,
        row_index_name="_record",
        row_index_offset=1,
        raise_if_empty=False,
    )
    if offset or length is not None:
        lazy = lazy.slice(offset, length)
    if columns is not None:
        lazy = lazy.select("_record", *columns)
    try:
        yield from lazy.collect_batches(chunk_size=BATCH_ROWS)
    except (pl.exceptions.PolarsError, OSError) as error:
        raise diagnose(path, skip_lines=skip_lines, cause=error) from None


SAMPLE_ROWS = 2_000


def estimate_rows(path: Path, skip_lines: int = 0) -> int:
    """The number of data rows in the file, estimated from the bytes of its first rows.

    Parts only need about equal shares: whatever the estimate, part ``k`` starts where part
    ``k - 1`` ends and the last part reads to the end, so every row is read once. Counting
    exactly would cost each part a pass over the whole file.
    """
    try:
        sample = pl.read_csv(
            path,
            infer_schema=False,
            skip_lines=skip_lines,
            n_rows=SAMPLE_ROWS,
            raise_if_empty=False,
        )
    except (pl.exceptions.PolarsError, OSError) as error:
        raise diagnose(path, skip_lines=skip_lines, cause=error) from None
    if sample.height == 0:
        return 0
    # Each field as written: its UTF-8 bytes, two quotes and a separator.
    widths = sample.select(pl.sum_horizontal(pl.all().str.len_bytes().fill_null(0) + 3))
    per_row = max(1.0, float(widths.to_series().mean() or 1.0))
    return max(sample.height, round(path.stat().st_size / per_row))


def ends_with_newline(path: Path) -> bool:
    """Whether the file's last byte is a line break (a cut-off file usually is not)."""
    with path.open("rb") as handle:
        handle.seek(0, io.SEEK_END)
        if handle.tell() == 0:
            return True
        handle.seek(-1, io.SEEK_END)
        return handle.read(1) in (b"\n", b"\r")


def record_lines(path: Path, records: set[int], *, skip_lines: int = 0) -> dict[int, int]:
    """The line on which each of the 1-based data ``records`` starts."""
    found: dict[int, int] = {}
    if not records:
        return found
    last = max(records)
    with _open_text(path) as handle, _large_fields():
        for _ in range(skip_lines):
            handle.readline()
        reader = csv.reader(handle)
        previous_end = skip_lines
        for number, _row in enumerate(reader):
            if number in records:
                found[number] = previous_end + 1
            if number >= last:
                break
            previous_end = reader.line_num + skip_lines
    return found


def settle_problems(
    path: Path, found: list[Skipped], *, lenient: bool, skip_lines: int = 0
) -> list[Skipped]:
    """Problems with their lines; the first is raised unless lenient or the file is cut off."""
    if not found:
        return found
    records = {int(item.record) for item in found}
    located = assemble.with_lines(found, record_lines(path, records, skip_lines=skip_lines))
    if not lenient:
        assemble.raise_first(located, path)
    if not ends_with_newline(path):
        last = located[-1]
        raise BibliomapError(
            f"{last.reason}; the file does not end with a line break (truncated file?)",
            path=path,
            line=last.line,
            record=assemble.number(last),
        )
    return located


def _check_last_record(path: Path, *, skip_lines: int) -> None:
    """Raise if the last record (of a file without a final line break) lacks fields."""
    with _open_text(path) as handle, _large_fields():
        for _ in range(skip_lines):
            handle.readline()
        reader = csv.reader(handle)
        width, start, last, line, records = None, skip_lines + 1, [], 0, -1
        for row in reader:
            width = len(row) if width is None else width
            last, line, records = row, start, records + 1
            start = reader.line_num + skip_lines + 1
    if width is not None and records > 0 and len(last) < width:
        raise BibliomapError(
            f"the file ends inside a record ({len(last)} of {width} fields; truncated file?)",
            path=path,
            line=line,
            record=records,
        )


def diagnose(path: Path, *, skip_lines: int, cause: BaseException) -> BibliomapError:
    """The first problem in a CSV file that polars could not parse, with its line and record."""
    encoding = _encoding_problem(path)
    if encoding is not None:
        return encoding
    try:
        with _open_text(path) as handle, _large_fields():
            for _ in range(skip_lines):
                handle.readline()
            return _row_problem(path, csv.reader(handle, strict=True), skip_lines, cause)
    except OSError as error:
        return BibliomapError(f"cannot read the file ({error.strerror})", path=path)


def _row_problem(
    path: Path, reader: object, skip_lines: int, cause: BaseException
) -> BibliomapError:
    """The first record whose field count differs from the header's, or that csv rejects."""
    width = None
    start = skip_lines + 1
    record = 0
    try:
        for record, row in enumerate(reader):
            if width is None:
                width = len(row)
            elif len(row) > width:
                return BibliomapError(
                    f"{len(row)} fields where the header has {width}; expected one value per "
                    "column (a stray quote or delimiter?)",
                    path=path,
                    line=start,
                    record=record,
                )
            start = reader.line_num + skip_lines + 1
    except csv.Error as error:
        return BibliomapError(
            f"malformed CSV ({error}); expected properly quoted fields (truncated file?)",
            path=path,
            line=start,
            record=record + 1 if width is not None else None,
        )
    summary = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    return BibliomapError(f"cannot parse the CSV file ({summary})", path=path, line=skip_lines + 1)


def _encoding_problem(path: Path) -> BibliomapError | None:
    """An error naming the first line holding bytes that are not UTF-8, if any."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                line += error.object.count(b"\n", 0, error.start)
                bad = error.object[error.start]
                return BibliomapError(
                    f"byte 0x{bad:02x} is not UTF-8; expected a UTF-8 CSV export",
                    path=path,
                    line=line,
                )
            line += block.count(b"\n")
    return None


def _open_text(path: Path) -> io.TextIOWrapper:
    """The file as UTF-8 text without BOM, newlines left to the csv module."""
    try:
        return path.open(encoding="utf-8-sig", errors="replace", newline="")
    except OSError as error:
        raise BibliomapError(f"cannot read the file ({error.strerror})", path=path) from None


@contextmanager
def _large_fields() -> Iterator[None]:
    """Let the csv module read fields of any length (Scopus reference lists are long)."""
    previous = csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(previous)
