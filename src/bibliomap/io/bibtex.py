"""A fast BibTeX tokenizer shared by the BibTeX readers (Scopus, Web of Science).

The whole file is scanned with numpy instead of entry by entry: the brace depth before any
position is a cumulative sum over the (unescaped) braces, and each entry's closing brace, each
value's closing brace or quote and the field separators (commas at the entry's top level, outside
quoted values) are found with sorted ``(depth, position)`` keys and ``searchsorted``. The text of
types, keys, field names and values is cut out of the raw bytes without copying (one Arrow string
array over the file buffer).

Entries start with ``@type{`` at the start of a line, after whitespace, or directly after the
``}`` that closes the previous entry (Scopus glues entries on one line). Text between entries
(``Scopus`` / ``EXPORT DATE: ...`` preambles, blank lines) is skipped when it holds no braces and
no ``=``; ``@comment``, ``@string`` and ``@preamble`` entries are not records. A brace preceded by a
backslash (``\\{``) is a literal brace, as Web of Science writes it.

Problems are reported with the file and line: an entry whose braces do not balance before the
next entry, a field that is not ``name = value``, an unterminated quoted value, text with fields
between entries, a file that ends inside an entry (truncated), bytes that are not UTF-8. With
``lenient=True`` a malformed entry in the middle of a file is skipped and listed in
:attr:`BibFile.skipped` instead (a truncated last entry still stops the run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa

from bibliomap.errors import BibliomapError
from bibliomap.flow import Skipped

NON_RECORD_TYPES = ("comment", "string", "preamble")

_CANDIDATE = re.compile(rb"@[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*\{")
_ENTRY_START = re.compile(r"(?:\A|[\n\r}])[ \t]*@[ \t]*[A-Za-z][A-Za-z0-9_-]*[ \t]*\{")
_WHITESPACE = np.array([32, 9, 10, 13], dtype=np.uint8)
_OPEN, _CLOSE, _QUOTE, _COMMA, _EQUALS, _BACKSLASH = (ord(c) for c in '{}",=\\')


@dataclass(frozen=True)
class BibFile:
    """A tokenized BibTeX file: one row per record entry, one row per field."""

    entries: pl.DataFrame
    """``record`` (1-based, among record entries), ``line``, ``type`` (lower case), ``key``."""
    fields: pl.DataFrame
    """``record``, ``field`` (lower-case name), ``value`` (outer delimiters and wrapping braces
    removed, otherwise raw)."""
    skipped: tuple[Skipped, ...]
    """Malformed entries left out (``lenient=True`` only)."""


def tokenize(path: str | Path, *, lenient: bool = False) -> BibFile:
    """Split the BibTeX file ``path`` into entries and fields (see the module docstring)."""
    file = Path(path)
    scan = _Scan(_load(file))
    entries, skipped = _find_entries(scan, file, lenient=lenient)
    pieces, bad = _find_fields(scan, entries)
    for index, reason in bad:
        problem = _problem(file, scan, entries, index, reason)
        if not lenient:
            record = int(problem.record) if problem.record != "0" else None
            raise BibliomapError(reason, path=file, line=problem.line, record=record)
        skipped.append(problem)
    dropped = np.array([index for index, _ in bad], dtype=np.int64)
    return _frames(scan, entries, pieces, dropped, tuple(sorted(skipped, key=_line_of)))


def has_entries(head: str) -> bool:
    """Whether text holds a BibTeX entry start (``@type{`` at a line start or after ``}``)."""
    return bool(_ENTRY_START.search(head))


def unescape(expr: pl.Expr) -> pl.Expr:
    """Plain text of a BibTeX value: LaTeX escapes (``\\&``, ``{[}``) resolved, braces removed."""
    protected = (
        expr.str.replace_all("{[}", "[", literal=True)
        .str.replace_all(r"{]}", "]", literal=True)
        .str.replace_all("\\{", "\x01", literal=True)
        .str.replace_all("\\}", "\x02", literal=True)
        .str.replace_all(r"[{}]", "")
    )
    return (
        protected.str.replace_all(r"\\([&%_#$])", "$1")
        .str.replace_all("\x01", "{", literal=True)
        .str.replace_all("\x02", "}", literal=True)
    )


def _load(path: Path) -> bytes:
    """The file's bytes as UTF-8 without BOM (UTF-16 with BOM is converted)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BibliomapError(f"cannot read the file ({error.strerror})", path=path) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            raw = raw.decode("utf-16").lstrip("\ufeff").encode("utf-8")
        except UnicodeDecodeError as error:
            raise BibliomapError(
                "invalid UTF-16 text; expected a UTF-8 or UTF-16 BibTeX export", path=path
            ) from error
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise BibliomapError(
            f"byte 0x{raw[error.start]:02x} is not UTF-8; expected a UTF-8 BibTeX export",
            path=path,
            line=line,
        ) from None
    return raw


class _Keyed:
    """Positions of one character sorted by (depth, position), for range and next-match queries."""

    def __init__(self, positions: np.ndarray, depths: np.ndarray, scale: int, offset: int) -> None:
        self.scale = scale
        self.offset = offset
        keys = (depths.astype(np.int64) + offset) * scale + positions
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.positions = positions[order]

    def _key(self, depth: np.ndarray, position: np.ndarray) -> np.ndarray:
        return (np.asarray(depth, dtype=np.int64) + self.offset) * self.scale + position

    def index(self, depth: np.ndarray, position: np.ndarray) -> np.ndarray:
        """Index of the first key at or after (depth, position)."""
        return np.searchsorted(self.keys, self._key(depth, position))

    def next_at(self, depth: np.ndarray, position: np.ndarray) -> np.ndarray:
        """Position of the first character at ``depth`` at or after ``position``; -1 if none."""
        index = self.index(depth, position)
        found = np.full(len(index), -1, dtype=np.int64)
        inside = index < len(self.keys)
        hit = np.zeros(len(index), dtype=bool)
        hit[inside] = (self.keys[index[inside]] // self.scale) == (
            np.asarray(depth, dtype=np.int64)[inside] + self.offset
        )
        found[hit] = self.positions[index[hit]]
        return found


class _Scan:
    """Positions of the structural characters of a file and the brace depth around them."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.bytes = np.frombuffer(data, dtype=np.uint8)
        self.newlines = np.flatnonzero(self.bytes == 10)
        braces = np.flatnonzero((self.bytes == _OPEN) | (self.bytes == _CLOSE))
        braces = braces[~self._escaped(braces)]
        self.braces = braces
        self.depth_after_brace = np.cumsum(np.where(self.bytes[braces] == _OPEN, 1, -1))
        depth_range = np.abs(self.depth_after_brace).max(initial=0) + 2
        scale, offset = len(data) + 1, int(depth_range)
        is_close = self.bytes[braces] == _CLOSE
        self.closes = _Keyed(
            braces[is_close], self.depth_after_brace[is_close], scale, offset
        )  # keyed by the depth after the brace, i.e. the depth of the group it closes
        quotes = np.flatnonzero(self.bytes == _QUOTE)
        quotes = quotes[~self._escaped(quotes)]
        self.quotes = _Keyed(quotes, self.depth_before(quotes), scale, offset)
        commas = np.flatnonzero(self.bytes == _COMMA)
        self.commas = _Keyed(commas, self.depth_before(commas), scale, offset)
        equals = np.flatnonzero(self.bytes == _EQUALS)
        self.equals_all = equals
        self.equals = _Keyed(equals, self.depth_before(equals), scale, offset)

    def _escaped(self, positions: np.ndarray) -> np.ndarray:
        before = np.maximum(positions - 1, 0)
        return (positions > 0) & (self.bytes[before] == _BACKSLASH)

    def depth_before(self, positions: np.ndarray) -> np.ndarray:
        """Brace depth just before each position."""
        index = np.searchsorted(self.braces, positions, side="left")
        padded = np.concatenate(([0], self.depth_after_brace)).astype(np.int64)
        return padded[index]

    def line(self, positions: np.ndarray) -> np.ndarray:
        """1-based line number of each position."""
        return np.searchsorted(self.newlines, positions, side="left") + 1

    def count_in(self, positions: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """How many of the sorted ``positions`` fall in [start, end)."""
        return np.searchsorted(positions, end) - np.searchsorted(positions, start)

    def skip_whitespace(self, start: np.ndarray, limit: np.ndarray, step: int) -> np.ndarray:
        """Move each position by ``step`` while it is on whitespace, not past ``limit``."""
        position = start.copy()
        while True:
            inside = (position < limit) if step > 0 else (position > limit)
            active = np.flatnonzero(inside)
            if len(active) == 0:
                return position
            moving = active[np.isin(self.bytes[position[active]], _WHITESPACE)]
            if len(moving) == 0:
                return position
            position[moving] += step


@dataclass(frozen=True)
class _Entries:
    """Well-formed entries found in a file (parallel arrays)."""

    at: np.ndarray
    open: np.ndarray
    close: np.ndarray
    base: np.ndarray
    record: np.ndarray  # 1-based record number, 0 for @comment/@string/@preamble


def _find_entries(scan: _Scan, path: Path, *, lenient: bool) -> tuple[_Entries, list[Skipped]]:
    """Entry boundaries with balanced braces; malformed ones raise, or are skipped if lenient."""
    found = [
        (m.start(), m.end() - 1, m.group(1).lower())
        for m in _CANDIDATE.finditer(scan.data)
        if _starts_line(scan.data, m.start())
    ]
    if not found:
        raise BibliomapError("no BibTeX entries found; expected '@type{key, ...}'", path=path)
    at = np.array([item[0] for item in found], dtype=np.int64)
    opens = np.array([item[1] for item in found], dtype=np.int64)
    is_record = np.array([item[2].decode() not in NON_RECORD_TYPES for item in found])
    records = np.cumsum(is_record) * is_record
    depth = scan.depth_before(at)
    candidates = _Keyed(at, depth, scan.closes.scale, scan.closes.offset)
    if (
        scan.count_in(scan.equals_all, np.array([0]), at[:1])[0]
        or scan.count_in(scan.braces, np.array([0]), at[:1])[0]
    ):
        raise BibliomapError(
            "text with fields before the first entry; expected '@type{key, ...}' (truncated?)",
            path=path,
            line=1,
        )
    kept, skipped, start = [], [], 0
    while start < len(at):
        chosen = start + np.flatnonzero(depth[start:] == depth[start])
        base = depth[chosen]
        close = scan.closes.next_at(base, opens[chosen])
        following = np.append(at[chosen][1:], len(scan.data))
        reason = _entry_problems(scan, candidates, base, opens[chosen], close, following)
        bad = np.flatnonzero(reason != "")
        stop = bad[0] if len(bad) else len(chosen)
        good = chosen[:stop]
        kept.append((at[good], opens[good], close[:stop], base[:stop], records[good]))
        if not len(bad):
            break
        index = chosen[stop]
        line = int(scan.line(at[index : index + 1])[0])
        truncated = close[stop] < 0 and index == len(at) - 1
        message = reason[stop] + (" (truncated file?)" if truncated else "")
        if not lenient or truncated:
            raise BibliomapError(message, path=path, line=line, record=_record_of(records, index))
        if records[index]:
            skipped.append(Skipped(str(path), message, str(records[index]), line))
        start = index + 1
    arrays = [np.concatenate([part[i] for part in kept]) for i in range(5)]
    return _Entries(*arrays), skipped


def _starts_line(data: bytes, position: int) -> bool:
    """Whether only spaces stand between ``position`` and a line start or a closing brace."""
    before = data[max(0, position - 256) : position].rstrip(b" \t")
    return (before == b"" and position < 256) or before[-1:] in (b"\n", b"\r", b"}")


def _entry_problems(
    scan: _Scan,
    candidates: _Keyed,
    base: np.ndarray,
    opens: np.ndarray,
    close: np.ndarray,
    following: np.ndarray,
) -> np.ndarray:
    """Why each entry is malformed ('' when it is fine)."""
    reason = np.full(len(opens), "", dtype=object)
    end = np.where(close < 0, len(scan.data), close)
    nested = candidates.index(base + 1, end) - candidates.index(base + 1, opens)
    junk_start = np.where(close < 0, following, close + 1)
    junk = scan.count_in(scan.equals_all, junk_start, following) + scan.count_in(
        scan.braces, junk_start, following
    )
    reason[junk > 0] = "text with braces or '=' after the entry's closing brace (unbalanced braces)"
    reason[close < 0] = "entry not closed: the file ends inside it (unbalanced braces)"
    reason[nested > 0] = "entry not closed before the next entry (unbalanced braces)"
    return reason


def _record_of(records: np.ndarray, index: int) -> int | None:
    """The 1-based record number of entry ``index``, or None for a non-record entry."""
    return int(records[index]) or None


@dataclass(frozen=True)
class _Pieces:
    """Byte ranges of the text to cut out, by entry: type, key and field names and values."""

    key_start: np.ndarray
    key_end: np.ndarray
    field_entry: np.ndarray
    name_start: np.ndarray
    name_end: np.ndarray
    value_start: np.ndarray
    value_end: np.ndarray


def _find_fields(scan: _Scan, entries: _Entries) -> tuple[_Pieces, list[tuple[int, str]]]:
    """Field separators, names and values of every entry; entries with bad fields are listed."""
    inner = entries.base + 1
    first = scan.commas.index(inner, entries.open)
    last = scan.commas.index(inner, entries.close)
    entry_of = np.repeat(np.arange(len(entries.at)), last - first)
    commas = scan.commas.positions[_ranges(first, last)]
    quotes_before = scan.quotes.index(inner[entry_of], commas) - scan.quotes.index(
        inner[entry_of], entries.open[entry_of]
    )
    separator = quotes_before % 2 == 0
    commas, entry_of = commas[separator], entry_of[separator]
    quote_total = scan.quotes.index(inner, entries.close) - scan.quotes.index(inner, entries.open)
    bad = [(int(i), "unterminated quoted value") for i in np.flatnonzero(quote_total % 2)]

    has_fields = np.bincount(entry_of, minlength=len(entries.at)) > 0
    first_separator = np.searchsorted(entry_of, np.arange(len(entries.at)))
    key_end = entries.close.copy()
    key_end[has_fields] = commas[first_separator[has_fields]]
    chunk_end = np.empty_like(commas)
    chunk_end[:-1] = commas[1:]
    is_last = np.ones(len(commas), dtype=bool)
    is_last[:-1] = entry_of[1:] != entry_of[:-1]
    chunk_end[is_last] = entries.close[entry_of[is_last]]
    depth = inner[entry_of]

    equals = scan.equals.next_at(depth, commas + 1)
    has_equals = (equals >= 0) & (equals < chunk_end)
    in_key = _key_commas(entry_of, has_equals)
    key_end[entry_of[in_key]] = chunk_end[in_key]
    blank = ~has_equals & ~in_key & (_non_blank(scan, commas + 1, chunk_end) == 0)
    unnamed = ~has_equals & ~in_key & ~blank
    bad += [(int(i), "expected 'name = value' after a comma") for i in entry_of[unnamed]]
    keep = has_equals
    commas, chunk_end, equals, depth, entry_of = (
        array[keep] for array in (commas, chunk_end, equals, depth, entry_of)
    )
    value_start = scan.skip_whitespace(equals + 1, chunk_end, 1)
    value_last = scan.skip_whitespace(chunk_end - 1, value_start - 1, -1)
    start, end, problem = _delimit(scan, value_start, value_last, depth)
    bad += [(int(entry_of[i]), problem[i]) for i in np.flatnonzero(problem != "")]
    start, end = _unwrap(scan, start, end)
    pieces = _Pieces(entries.open + 1, key_end, entry_of, commas + 1, equals, start, end)
    return pieces, _first_per_entry([item for item in bad if entries.record[item[0]] > 0])


def _key_commas(entry_of: np.ndarray, has_equals: np.ndarray) -> np.ndarray:
    """Commas in the key (``@ARTICLE{Ribeiro, Jr2022,``): those before an entry's first field."""
    named_so_far = np.cumsum(has_equals)
    starts = np.searchsorted(entry_of, entry_of)
    named_before_entry = np.where(starts > 0, named_so_far[np.maximum(starts - 1, 0)], 0)
    return named_so_far - named_before_entry == 0


def _ranges(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(first[i], last[i])`` for every i."""
    counts = last - first
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(first - np.cumsum(counts) + counts, counts)
    return offsets + np.arange(total)


def _non_blank(scan: _Scan, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """1 where [start, end) holds anything but whitespace."""
    first = scan.skip_whitespace(start, end, 1)
    return (first < end).astype(np.int64)


def _delimit(
    scan: _Scan, start: np.ndarray, last: np.ndarray, depth: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Content range of each value: inside ``{..}`` or ``".."``, or the bare token."""
    problem = np.full(len(start), "", dtype=object)
    first_byte = scan.bytes[np.minimum(start, len(scan.bytes) - 1)]
    empty = start > last
    braced = ~empty & (first_byte == _OPEN)
    quoted = ~empty & (first_byte == _QUOTE)
    match = np.full(len(start), -1, dtype=np.int64)
    match[braced] = scan.closes.next_at(depth[braced], start[braced])
    match[quoted] = scan.quotes.next_at(depth[quoted], start[quoted] + 1)
    delimited = braced | quoted
    problem[delimited & (match != last)] = 'value is not one {...} or "..." group'
    problem[empty] = "missing value after '='"
    content_start = np.where(delimited, start + 1, start)
    content_end = np.where(delimited, last, last + 1)
    content_end = np.maximum(content_end, content_start)
    return content_start, content_end, problem


def _unwrap(scan: _Scan, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Remove braces wrapping a whole value (``{{Title}}`` -> ``Title``), up to two levels."""
    for _ in range(2):
        candidate = np.flatnonzero(
            (end - start >= 2) & (scan.bytes[np.minimum(start, len(scan.bytes) - 1)] == _OPEN)
        )
        if len(candidate) == 0:
            break
        depth = scan.depth_before(start[candidate])
        match = scan.closes.next_at(depth, start[candidate])
        wrapped = candidate[match == end[candidate] - 1]
        start[wrapped] += 1
        end[wrapped] -= 1
    return start, end


def _first_per_entry(bad: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """One problem per entry (the first listed), sorted by entry."""
    first: dict[int, str] = {}
    for index, reason in bad:
        first.setdefault(index, reason)
    return sorted(first.items())


def _problem(path: Path, scan: _Scan, entries: _Entries, index: int, reason: str) -> Skipped:
    """A skipped-record description of entry ``index``."""
    line = int(scan.line(entries.at[index : index + 1])[0])
    return Skipped(str(path), reason, str(entries.record[index]), line)


def _line_of(problem: Skipped) -> int:
    return problem.line or 0


def _frames(
    scan: _Scan,
    entries: _Entries,
    pieces: _Pieces,
    dropped: np.ndarray,
    skipped: tuple[Skipped, ...],
) -> BibFile:
    """Cut the pieces' text out of the file and build the entry and field tables."""
    n_entries, n_fields = len(entries.at), len(pieces.field_entry)
    starts = np.concatenate(
        [entries.at + 1, pieces.key_start, pieces.name_start, pieces.value_start]
    )
    ends = np.concatenate([entries.open, pieces.key_end, pieces.name_end, pieces.value_end])
    texts = _cut(scan.data, starts, ends)
    types = texts.slice(0, n_entries).str.strip_chars().str.to_lowercase()
    keys = texts.slice(n_entries, n_entries).str.strip_chars()
    names = texts.slice(2 * n_entries, n_fields).str.strip_chars().str.to_lowercase()
    values = texts.slice(2 * n_entries + n_fields, n_fields)
    keep_entry = (entries.record > 0) & ~np.isin(np.arange(n_entries), dropped)
    keep_field = keep_entry[pieces.field_entry]
    entry_table = pl.DataFrame(
        {
            "record": entries.record[keep_entry],
            "line": scan.line(entries.at[keep_entry]),
            "type": types.filter(keep_entry),
            "key": keys.filter(keep_entry),
        },
        schema={"record": pl.Int64, "line": pl.Int64, "type": pl.String, "key": pl.String},
    )
    field_table = pl.DataFrame(
        {
            "record": entries.record[pieces.field_entry[keep_field]],
            "field": names.filter(keep_field),
            "value": values.filter(keep_field),
        },
        schema={"record": pl.Int64, "field": pl.String, "value": pl.String},
    )
    return BibFile(entry_table, field_table, skipped)


def _cut(data: bytes, starts: np.ndarray, ends: np.ndarray) -> pl.Series:
    """The text of each byte range [start, end), ranges disjoint, in the given order."""
    order = np.lexsort((ends, starts))
    bounds = np.empty(2 * len(order) + 2, dtype=np.int64)
    bounds[0] = 0
    bounds[1:-1:2] = starts[order]
    bounds[2:-1:2] = ends[order]
    bounds[-1] = len(data)
    chunks = pa.LargeStringArray.from_buffers(
        len(bounds) - 1, pa.py_buffer(bounds), pa.py_buffer(data)
    )
    sorted_texts = pl.Series(chunks).gather_every(2, offset=1)
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[order] = np.arange(len(order))
    return sorted_texts.gather(inverse)


def wide(bib: BibFile, columns: tuple[str, ...]) -> pl.DataFrame:
    """One row per record: ``_record``, ``_line``, ``_type``, ``_key`` and the ``columns`` fields.

    A field an entry repeats keeps its first value (as BibTeX does); absent fields are null.
    """
    wanted = bib.fields.filter(pl.col("field").is_in(columns))
    values = [
        pl.col("value").filter(pl.col("field") == name).first().alias(name) for name in columns
    ]
    per_record = wanted.group_by("record").agg(values)
    return (
        bib.entries.rename({"record": "_record", "line": "_line", "type": "_type", "key": "_key"})
        .join(per_record.rename({"record": "_record"}), on="_record", how="left")
        .sort("_record")
    )
