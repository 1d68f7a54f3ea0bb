"""One parser for line-tagged exports: WoS plain text, MEDLINE (PubMed) and RIS.

A compiled scan over the file's bytes (:mod:`bibliomap.io.tagged_scan`) classifies each line: a
*tagged* line starts a field (``PT J``, ``TI  - ...``, ``FAU - ...``), a *continuation* line
extends the field above it (3 spaces in WoS, 6 in MEDLINE, any untagged line in RIS), blank
lines are ignored. A record runs from its start tag (``PT``, ``PMID``, ``TY``) to its end tag
(``ER``); MEDLINE has no end tag, so a record runs to the next ``PMID``. The lines are then
regrouped per record: by a compiled pass (:func:`by_record`) or by polars (:func:`per_field`).

Problems, as :class:`~bibliomap.errors.BibliomapError` naming file and line:

- text that is not UTF-8 (nor UTF-16 with a byte-order mark);
- a non-blank line outside any record that is not a header line (``FN``, ``VR``, ``EF``);
- a file that ends inside a record (no end tag: the file was truncated).

A record holding a line that is neither tagged nor a continuation, or one cut short by the next
record's start tag, is skipped and listed in :attr:`Tagged.skipped`
(:class:`bibliomap.flow.Skipped`, with the record's number and the offending line), so the flow
table accounts for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa

from bibliomap.errors import BibliomapError
from bibliomap.flow import Skipped
from bibliomap.io import flat
from bibliomap.io.tagged_scan import Scan, Syntax, by_tag, scan

_BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_BOM_UTF8 = b"\xef\xbb\xbf"
# Bytes that may serve as the (absent) column separator when reading lines as a CSV column.
_SEPARATORS = tuple(chr(code) for code in (0x1F, 0x1E, 0x1D, 0x1C, 0x01, 0x02, 0x03, 0x04))
ENGINE = "in-memory"
"""polars engine for the readers' queries: one export file is small, and the streaming engine's
set-up costs several times more per query than the in-memory one on frames of a few thousand
rows."""


WOS = Syntax(
    name="Web of Science plain text",
    region=2,
    longest=2,
    marker="",
    width=3,
    indent=3,
    start="PT",
    end="ER",
    outside=("FN", "VR", "EF"),
)
MEDLINE = Syntax(
    name="MEDLINE", region=4, longest=4, marker="-", width=6, indent=6, start="PMID", end=None
)
RIS = Syntax(
    name="RIS",
    region=4,
    longest=2,
    marker="-",
    width=6,
    indent=-1,
    start="TY",
    end="ER",
    glued=True,
)


@dataclass(frozen=True)
class Tagged:
    """The fields of a line-tagged file and the records that had to be skipped."""

    path: Path
    scan: Scan
    """The kept lines (those of the records not skipped) and every record's status."""
    skipped: tuple[Skipped, ...]

    @property
    def records(self) -> int:
        """Records found: kept ones plus skipped ones."""
        return len(self.scan.complete)

    @cached_property
    def lines(self) -> pl.DataFrame:
        """One row per tagged or continuation line of every kept record: ``record`` (1-based
        number in the file), ``field`` (running number of the tagged line the row belongs to,
        so a field's continuation lines share it), ``tag``, ``value`` (the line's text after
        the tag or continuation prefix, stripped) and ``line`` (1-based line number). End
        lines (``ER``) are left out."""
        found = self.scan
        return pl.DataFrame(
            {
                "record": pl.Series(found.record, dtype=pl.UInt32),
                "field": pl.Series(found.field, dtype=pl.UInt32),
                "tag": pl.Series(found.tags, dtype=pl.String).gather(found.tag),
                "value": pl.Series(flat.arrow_strings(*found.values())),
                "line": pl.Series(found.line, dtype=pl.UInt32),
            }
        )


def text_bytes(path: Path) -> bytes:
    """The file as UTF-8 bytes without byte-order mark (UTF-16 files with a BOM re-encoded)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BibliomapError(f"cannot read the file ({error.strerror})", path=path) from None
    if raw.startswith(_BOMS_UTF16):
        return _from_utf16(raw, path)
    return raw.removeprefix(_BOM_UTF8)


def parse(path: Path, syntax: Syntax) -> Tagged:
    """Split ``path`` into records and fields (see the module docstring)."""
    raw = text_bytes(path)
    _check_utf8(raw, path)
    found = scan(raw, syntax)
    _check_outside(found, syntax, path)
    _check_truncation(found, syntax, path)
    return Tagged(path=path, scan=found, skipped=_skipped(found, syntax, path))


def by_record(
    files: Sequence[Tagged], joined: tuple[str, ...], lists: tuple[str, ...]
) -> pl.DataFrame:
    """One row per kept record of ``files`` (at least one), in order: ``file`` (position in
    ``files``), ``record`` (number in its file), per tag of ``joined`` its lines joined by
    spaces, per tag of ``lists`` the list of its lines (null where a record lacks the tag).

    The lines of all files are regrouped in one compiled pass (:func:`tagged_scan.by_tag`).
    """
    wanted = (*joined, *lists)
    scans = [item.scan for item in files]
    firsts = [np.diff(found.record, prepend=0) != 0 for found in scans]  # records start at 1
    frame = pl.DataFrame(
        {
            "file": np.repeat(np.arange(len(files)), [first.sum() for first in firsts]),
            "record": np.concatenate(
                [found.record[first] for found, first in zip(scans, firsts, strict=True)]
            ),
        }
    )
    rows = np.cumsum(np.concatenate(firsts)) - 1
    bases = np.cumsum([0, *(len(found.text) for found in scans)])
    lines = (
        rows,
        np.concatenate([_positions(found, wanted) for found in scans]),
        np.concatenate([found.low + base for found, base in zip(scans, bases, strict=False)]),
        np.concatenate([found.high + base for found, base in zip(scans, bases, strict=False)]),
    )
    text = np.concatenate([found.text for found in scans])
    flags = np.array([tag in joined for tag in wanted], dtype=bool)
    data, bounds, first, items, present = by_tag(text, lines, frame.height, flags)
    columns = []
    for index, tag in enumerate(wanted):
        low, high = first[index], first[index + 1]
        offsets = bounds[low : high + 1]
        if flags[index]:
            column = flat.arrow_strings(offsets, data, present[index])
        else:
            valid = flat.validity(present[index])
            ends = pa.py_buffer(np.r_[0, items[index] - low])
            strings = flat.arrow_strings(offsets, data)
            column = pa.Array.from_buffers(_LISTS, frame.height, [valid, ends], children=[strings])
        columns.append(pl.Series(tag, column))
    return frame.with_columns(columns)


_LISTS = pa.large_list(pa.large_string())


def _positions(found: Scan, wanted: tuple[str, ...]) -> np.ndarray:
    """Per line of ``found``: its tag's position in ``wanted`` (-1 if not wanted)."""
    lookup = [wanted.index(tag) if tag in wanted else -1 for tag in found.tags]
    return np.array(lookup, dtype=np.int64)[found.tag]


def per_field(tagged: Tagged, tags: tuple[str, ...]) -> pl.DataFrame:
    """One row per kept record: ``record`` and, per tag, the list of its fields.

    A field is a tagged line with its continuation lines, joined by spaces; a tag repeated on
    several lines (MEDLINE ``AU``, RIS ``KW``) gives one list element per line.
    """
    fields = (
        _of_tags(tagged, tags)
        .group_by("record", "field", "tag")
        .agg(pl.col("value").str.join(" "))
        .sort("field")
    )
    grouped = fields.group_by("record", "tag", maintain_order=True).agg(pl.col("value"))
    return _wide(tagged, grouped, tags, pl.List(pl.String))


def record_numbers(tagged: Tagged) -> pl.DataFrame:
    """The kept records' numbers, in file order (column ``record``)."""
    return tagged.lines.select(pl.col("record").unique(maintain_order=True))


def compact(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its strings copied out of the buffers the reader built them in.

    polars strings are views into a larger buffer (the values of a file's lines, or of a batch
    of files); a frame holding them keeps that whole buffer alive, and each file's records
    would share it with the others. Copying the values costs little.
    """
    return frame.with_columns(
        _copy(frame.get_column(name)) for name, dtype in frame.schema.items() if _has_text(dtype)
    )


def origin(path: Path, record: pl.Expr) -> pl.Expr:
    """``["<file name>:<record>"]``: where a record came from (``record`` is 1-based)."""
    return pl.concat_list(pl.lit(f"{path.name}:") + record.cast(pl.String))


def _from_utf16(raw: bytes, path: Path) -> bytes:
    """UTF-16 (with BOM) text re-encoded as UTF-8."""
    try:
        return raw.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].decode("utf-16", errors="replace").count("\n") + 1
        raise BibliomapError(
            "broken UTF-16 text; expected a UTF-8 or UTF-16 export", path=path, line=line
        ) from None


def read_lines(path: Path) -> pl.DataFrame:
    """One row per line of a text file: ``line`` (1-based) and ``text`` (null when empty).

    Lines end at ``\n`` (a ``\r`` before it is dropped). polars' CSV reader splits them, with
    quoting off and a separator byte the file does not contain.
    """
    raw = text_bytes(path)
    separator = next((s for s in _SEPARATORS if s.encode() not in raw), None)
    try:
        if separator is None:
            frame = pl.DataFrame({"text": raw.decode("utf-8").split("\n")})
        else:
            frame = pl.read_csv(
                raw,
                has_header=False,
                separator=separator,
                quote_char=None,
                schema={"text": pl.String},
            )
    except (UnicodeDecodeError, pl.exceptions.PolarsError):
        raise _encoding_error(raw, path) from None
    return frame.with_row_index("line", offset=1)


def _encoding_error(raw: bytes, path: Path) -> BibliomapError:
    """The error for text that is not UTF-8, naming the line of the first bad byte."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = raw[error.start]
        return BibliomapError(
            f"byte 0x{byte:02X} is not UTF-8; expected a UTF-8 or UTF-16 (with BOM) export",
            path=path,
            line=line,
        )
    return BibliomapError("cannot split the file into lines", path=path)


def _check_utf8(raw: bytes, path: Path) -> None:
    """Raise unless ``raw`` is UTF-8 text (polars checks it several times faster than
    ``bytes.decode``)."""
    try:
        pl.Series([raw], dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.ComputeError:
        raise _encoding_error(raw, path) from None


def _check_outside(found: Scan, syntax: Syntax, path: Path) -> None:
    """Raise on a non-blank line outside records that is not a header line."""
    if found.outside:
        allowed = ", ".join((syntax.start, *syntax.outside))
        raise BibliomapError(
            f"unexpected text outside a record; expected a blank line or a line tagged "
            f"{allowed} ({syntax.name})",
            path=path,
            line=found.outside,
        )


def _check_truncation(found: Scan, syntax: Syntax, path: Path) -> None:
    """Raise when the file ends inside its last record (it lacks its end tag)."""
    if len(found.complete) and not found.complete[-1]:
        raise BibliomapError(
            f"the file ends inside record {len(found.complete)} (started line "
            f"{found.first[-1]}); expected a closing {syntax.end} line: truncated export?",
            path=path,
            line=int(found.last[-1]),
        )


def _skipped(found: Scan, syntax: Syntax, path: Path) -> tuple[Skipped, ...]:
    """The records with a stray line or without their end tag, as skipped records."""
    items = []
    for index in np.flatnonzero((found.stray > 0) | ~found.complete):
        record, stray = str(index + 1), int(found.stray[index])
        if stray:
            reason = (
                f"line {stray} is neither a tagged field nor a continuation line "
                f"({syntax.name}); record skipped"
            )
            items.append(Skipped(str(path), reason, record, stray))
        else:
            reason = (
                f"record started line {found.first[index]} has no {syntax.end} line before "
                f"the next {syntax.start}; record skipped"
            )
            items.append(Skipped(str(path), reason, record, int(found.last[index])))
    return tuple(items)


def _of_tags(tagged: Tagged, tags: tuple[str, ...]) -> pl.DataFrame:
    """The rows of ``tags`` only."""
    return tagged.lines.filter(pl.col("tag").is_in(tags))


def _wide(
    tagged: Tagged, grouped: pl.DataFrame, tags: tuple[str, ...], dtype: pl.DataType
) -> pl.DataFrame:
    """``record`` plus one column per tag (null where a record lacks the tag)."""
    records = record_numbers(tagged)
    if grouped.height:
        pivoted = grouped.pivot(on="tag", index="record", values="value")
        records = records.join(pivoted, on="record", how="left", maintain_order="left")
    missing = [pl.lit(None, dtype=dtype).alias(tag) for tag in tags if tag not in records.columns]
    return records.with_columns(missing).select("record", *tags)


def _copy(values: pl.Series) -> pl.Series:
    """``values`` with every string value copied (see :func:`compact`).

    Lists and structs without nulls are copied through their values (flattened): twice as
    fast as an expression evaluated list by list.
    """
    dtype = values.dtype
    if not _has_text(dtype) or values.null_count() == len(values):
        return values
    if values.null_count() == 0 and isinstance(dtype, pl.List):
        inner, lengths = flat.flatten(values)
        return flat.unflatten(_copy(inner), lengths, values.name)
    if values.null_count() == 0 and isinstance(dtype, pl.Struct):
        fields = values.struct.unnest()
        return pl.DataFrame(
            [_copy(fields.get_column(field.name)) for field in dtype.fields]
        ).to_struct(values.name)
    return values.to_frame().select(_copied(pl.col(values.name), dtype)).to_series()


def _has_text(dtype: pl.DataType) -> bool:
    """Whether a column of ``dtype`` holds strings (also inside lists and structs)."""
    if dtype == pl.String:
        return True
    if isinstance(dtype, pl.List):
        return _has_text(dtype.inner)
    if isinstance(dtype, pl.Struct):
        return any(_has_text(field.dtype) for field in dtype.fields)
    return False


def _copied(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """``expr`` with every string value copied (see :func:`compact`)."""
    if dtype == pl.String:
        return expr + ""
    if isinstance(dtype, pl.List):
        return expr.list.eval(_copied(pl.element(), dtype.inner))
    if isinstance(dtype, pl.Struct):
        return expr.struct.with_fields(
            _copied(pl.field(field.name), field.dtype) for field in dtype.fields
        )
    return expr
