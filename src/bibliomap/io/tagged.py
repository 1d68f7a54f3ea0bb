"""One vectorized parser for line-tagged exports: WoS plain text, MEDLINE (PubMed) and RIS.

The file's lines are read by polars' CSV reader (one column, no quoting), so no Python code
runs per line. Each line is classified with expressions: a *tagged* line starts a field
(``PT J``, ``TI  - ...``, ``FAU - ...``), a *continuation* line extends the field above it (3
spaces in WoS, 6 in MEDLINE, any untagged line in RIS), blank lines are ignored. A record runs
from its start tag (``PT``, ``PMID``, ``TY``) to its end tag (``ER``); MEDLINE has no end tag,
so a record runs to the next ``PMID``. Record numbers are cumulative sums of start lines and
every line gets its field's tag by forward fill.

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

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.flow import Skipped
from bibliomap.io import flat

_BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_BOM_UTF8 = b"\xef\xbb\xbf"
# Bytes that may serve as the (absent) column separator when reading lines as a CSV column.
_SEPARATORS = tuple(chr(code) for code in (0x1F, 0x1E, 0x1D, 0x1C, 0x01, 0x02, 0x03, 0x04))
# Line kinds; spaces, tabs and carriage returns trimmed from values (Unicode-aware trimming of
# every line costs several times more).
_TAGGED, _CONTINUATION, _BLANK, _STRAY = (pl.lit(code, dtype=pl.UInt8) for code in range(4))
_SPACE = " \t\r"
ENGINE = "in-memory"
"""polars engine for the readers' queries: one export file is small, and the streaming engine's
set-up costs several times more per query than the in-memory one on frames of a few thousand
rows."""


@dataclass(frozen=True)
class Syntax:
    """How one line-tagged format writes fields and records."""

    name: str
    head: str
    """Regex a tagged line matches (anchored at the line start)."""
    tag_width: int
    """Characters holding the tag (padded with spaces when shorter)."""
    width: int
    """Characters before a tagged line's value."""
    continuation: str | None
    """Prefix of a continuation line; ``None``: every untagged non-blank line continues."""
    start: str
    """Tag of a record's first line."""
    end: str | None
    """Tag of a record's last line (``None``: a record ends where the next one starts)."""
    outside: tuple[str, ...] = ()
    """Tags allowed outside records (file headers and trailers)."""
    glued: str | None = None
    """Regex of a tagged line glued to the end of the line before (Scopus RIS writes
    ``...University PressUR  - https://...``): group 1 is the text before, group 2 the tag."""


WOS = Syntax(
    name="Web of Science plain text",
    head=r"^[A-Z][A-Z0-9](?: |$)",
    tag_width=2,
    width=3,
    continuation="   ",
    start="PT",
    end="ER",
    outside=("FN", "VR", "EF"),
)
MEDLINE = Syntax(
    name="MEDLINE",
    head=r"^(?:[A-Z][A-Z0-9]{3}|[A-Z][A-Z0-9]{2} |[A-Z][A-Z0-9]  )-(?: |$)",
    tag_width=4,
    width=6,
    continuation="      ",
    start="PMID",
    end=None,
)
RIS = Syntax(
    name="RIS",
    head=r"^[A-Z][A-Z0-9]  -(?: |$)",
    tag_width=2,
    width=6,
    continuation=None,
    start="TY",
    end="ER",
    glued=r"^(.+?)([A-Z][A-Z0-9]  -(?: |$))",
)


@dataclass(frozen=True)
class Tagged:
    """The fields of a line-tagged file and the records that had to be skipped.

    ``lines`` has one row per tagged or continuation line of every kept record: ``record``
    (1-based number in the file), ``field`` (running number of the tagged line the row belongs
    to, so a field's continuation lines share it), ``tag``, ``value`` (the line's text after
    the tag or continuation prefix, stripped) and ``line`` (1-based line number). End lines
    (``ER``) are left out.
    """

    path: Path
    lines: pl.DataFrame
    records: int
    """Records found: kept ones plus skipped ones."""
    skipped: tuple[Skipped, ...]


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
    classified = _classify(_unglued(read_lines(path), syntax), syntax)
    fields = classified.filter(pl.col("inside") & (pl.col("kind") != _BLANK)).select(
        "record", "field", "tag", "value", "line"
    )
    stray, status, kept = pl.collect_all(
        [_outside_problem(classified, syntax), _record_status(classified, syntax), fields],
        engine=ENGINE,
    )
    _check_outside(stray, syntax, path)
    _check_truncation(status, syntax, path)
    skipped = _skipped(status, syntax, path)
    if skipped:
        bad = [int(item.record) for item in skipped if item.record is not None]
        kept = kept.filter(~pl.col("record").is_in(bad))
    return Tagged(path=path, lines=kept, records=status.height, skipped=skipped)


def per_line(tagged: Tagged, tags: tuple[str, ...]) -> pl.DataFrame:
    """One row per kept record: ``record`` and, per tag, the list of its lines (in order)."""
    grouped = _of_tags(tagged, tags).group_by("record", "tag").agg(pl.col("value"))
    return _wide(tagged, grouped, tags, pl.List(pl.String))


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
    """``frame`` with its strings copied out of the file's text buffer.

    polars strings taken from a line are views into the buffer of the whole file; a frame
    holding them keeps that buffer alive and serializes all of it (3-4 times the records' own
    size when readers' results cross processes). Copying the values costs little.
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


def _unglued(lines: pl.DataFrame, syntax: Syntax) -> pl.DataFrame:
    """Lines with a glued tagged line split in two (both keep the line number)."""
    if syntax.glued is None:
        return lines
    split = pl.col("text").str.replace(syntax.glued, "$1\n$2").str.split("\n")
    return lines.with_columns(split).explode("text")


def _classify(lines: pl.DataFrame, syntax: Syntax) -> pl.LazyFrame:
    """Each line's kind, tag, value, record and field number, and whether it is in a record."""
    lined, kinds, marks, counts, places = _classify_stages(syntax)
    return (
        lines.lazy()
        .select("line", *lined)
        .select("line", *kinds)
        .with_columns(marks)
        .with_columns(counts)
        .with_columns(places)
    )


@cache
def _classify_stages(syntax: Syntax) -> tuple[tuple[pl.Expr, ...], ...]:
    """The expressions of :func:`_classify`, stage by stage (built once per syntax)."""
    text = pl.col("text")
    tag = text.str.head(syntax.tag_width)
    if syntax.tag_width + 1 < syntax.width:
        tag = tag.str.strip_chars_end(" ")
    if syntax.continuation is None:
        continues, rest = pl.lit(True), text
    else:
        continues = text.str.starts_with(syntax.continuation)
        rest = text.str.slice(len(syntax.continuation))
    # A continuation prefix as wide as a tag's (WoS, MEDLINE): one slice serves both kinds.
    same = syntax.continuation is not None and len(syntax.continuation) == syntax.width
    lined = (
        text.str.contains(syntax.head).fill_null(False).alias("tagged"),
        (text.is_null() | text.str.contains(r"^[ \t\r]*$")).alias("blank"),
        continues.fill_null(False).alias("continues"),
        tag.alias("head"),
        text.str.slice(syntax.width).alias("tail"),
        *(() if same else (rest.alias("rest"),)),
    )
    body = pl.col("tail") if same else pl.when("tagged").then("tail").otherwise("rest")
    kind = (
        pl.when("tagged")
        .then(_TAGGED)
        .when("blank")
        .then(_BLANK)
        .when("continues")
        .then(_CONTINUATION)
        .otherwise(_STRAY)
    )
    kinds = (
        kind.alias("kind"),
        pl.when("tagged").then("head").alias("own_tag"),
        body.str.strip_chars(_SPACE).alias("value"),
    )
    is_start = pl.col("own_tag") == syntax.start
    is_end = (pl.col("own_tag") == syntax.end) if syntax.end else pl.lit(False)
    marks = (
        is_start.fill_null(False).alias("is_start"),
        is_end.fill_null(False).alias("is_end"),
        (pl.col("kind") == _TAGGED).cum_sum().alias("field"),
    )
    counts = (
        pl.col("is_start").cum_sum().alias("record"),
        (pl.col("is_end").cum_sum() - pl.col("is_end")).alias("ends_before"),
        pl.col("own_tag").forward_fill().alias("tag"),
    )
    # Lines after their record's end tag (and before the next start) are outside any record.
    ends_at_start = pl.when("is_start").then("ends_before").forward_fill()
    closed = (pl.col("ends_before") > ends_at_start).fill_null(True)
    places = (
        ((pl.col("record") > 0) & ~closed & ~pl.col("is_end")).alias("inside"),
        (pl.col("is_end") & ~closed).alias("closes"),
    )
    return lined, kinds, marks, counts, places


def _outside_problem(classified: pl.LazyFrame, syntax: Syntax) -> pl.LazyFrame:
    """The first non-blank line outside records that is not a header line (if any)."""
    return (
        classified.filter(
            ~pl.col("inside")
            & ~pl.col("closes")
            & (pl.col("kind") != _BLANK)
            & ~pl.col("own_tag").is_in(syntax.outside).fill_null(False)
        )
        .select("line")
        .head(1)
    )


def _check_outside(stray: pl.DataFrame, syntax: Syntax, path: Path) -> None:
    """Raise on a line found by :func:`_outside_problem`."""
    if stray.height:
        allowed = ", ".join((syntax.start, *syntax.outside))
        raise BibliomapError(
            f"unexpected text outside a record; expected a blank line or a line tagged "
            f"{allowed} ({syntax.name})",
            path=path,
            line=int(stray["line"][0]),
        )


def _record_status(classified: pl.LazyFrame, syntax: Syntax) -> pl.LazyFrame:
    """Per record: first and last line, whether its end tag came, its first stray line."""
    return (
        classified.filter(pl.col("record") > 0)
        .group_by("record", maintain_order=True)
        .agg(
            pl.col("line").first().alias("first"),
            pl.col("line").filter(pl.col("inside")).last().alias("last"),
            pl.col("closes").any().alias("complete"),
            pl.col("line")
            .filter(pl.col("inside") & (pl.col("kind") == _STRAY))
            .first()
            .alias("stray"),
        )
        .with_columns(pl.col("complete") | pl.lit(syntax.end is None))
    )


def _check_truncation(status: pl.DataFrame, syntax: Syntax, path: Path) -> None:
    """Raise when the file ends inside its last record (it lacks its end tag)."""
    if status.height and not status["complete"][-1]:
        raise BibliomapError(
            f"the file ends inside record {status['record'][-1]} (started line "
            f"{status['first'][-1]}); expected a closing {syntax.end} line: truncated export?",
            path=path,
            line=int(status["last"][-1]),
        )


def _skipped(status: pl.DataFrame, syntax: Syntax, path: Path) -> tuple[Skipped, ...]:
    """The records with a stray line or without their end tag, as skipped records."""
    bad = status.filter(pl.col("stray").is_not_null() | ~pl.col("complete"))
    found = []
    for record, first, last, stray in bad.select("record", "first", "last", "stray").iter_rows():
        if stray is not None:
            reason = (
                f"line {stray} is neither a tagged field nor a continuation line "
                f"({syntax.name}); record skipped"
            )
            found.append(Skipped(str(path), reason, str(record), stray))
        else:
            reason = (
                f"record started line {first} has no {syntax.end} line before the next "
                f"{syntax.start}; record skipped"
            )
            found.append(Skipped(str(path), reason, str(record), last))
    return tuple(found)


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
