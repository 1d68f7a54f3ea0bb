"""The line scan of :mod:`bibliomap.io.tagged`, compiled (numba): one pass over a file's bytes
classifies each line, follows the records and copies out the values of the lines kept.

A line ends at ``\\n`` (one ``\\r`` before it dropped); a line is *tagged* when it starts with a
tag (a capital, then capitals or digits, padded with spaces to :attr:`Syntax.region` bytes),
then :attr:`Syntax.marker` and a space or the line's end; *blank* when it holds only spaces,
tabs and carriage returns; a *continuation* when it starts with :attr:`Syntax.indent` spaces
(any untagged line when ``indent`` is -1); else *stray*. A record runs from a start line to an
end line; lines after the end and before the next start are outside any record. Values are the
text after the tag (or after a continuation's indent) with spaces, tabs and carriage returns
stripped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

TAGGED, CONTINUATION, BLANK, STRAY = 0, 1, 2, 3
_SPACE, _TAB, _CR, _LF = 32, 9, 13, 10
# The scan's running state (one array, so the compiled helpers can update it): records so far,
# tagged lines so far, tag of the current field, whether a record is open, the first line
# outside records that is not allowed, lines kept, where the open record's kept lines start,
# distinct tags kept.
_RECORDS, _FIELDS, _TAG, _OPEN, _OUTSIDE, _KEPT, _RECORD_START, _TAGS = range(8)
# Rows of the per-record status: start line, last line inside, complete, first stray line.
_FIRST, _LAST, _COMPLETE, _STRAY = range(4)


@dataclass(frozen=True)
class Syntax:
    """How one line-tagged format writes fields and records."""

    name: str
    region: int
    """Bytes of the tag (a tag shorter than ``region`` is padded with spaces)."""
    longest: int
    """Most capitals and digits a tag may have (at least 2)."""
    marker: str
    """Text after the tag region (``"-"`` in MEDLINE and RIS)."""
    width: int
    """Bytes before a tagged line's value."""
    indent: int
    """Spaces that start a continuation line (-1: every untagged non-blank line continues)."""
    start: str
    """Tag of a record's first line."""
    end: str | None
    """Tag of a record's last line (``None``: a record ends where the next one starts)."""
    outside: tuple[str, ...] = ()
    """Tags allowed outside records (file headers and trailers)."""
    glued: bool = False
    """Whether a tagged line may be glued to the end of the line before (Scopus RIS writes
    ``...University PressUR  - https://...``); it is split off, keeping the line number."""


@dataclass(frozen=True)
class Scan:
    """The lines kept (inside records that are not skipped, blank ones left out) and each
    record's status (a record is skipped when incomplete or holding a stray line)."""

    text: np.ndarray
    """The file's bytes."""
    record: np.ndarray
    """Per kept line: its record (1-based)."""
    field: np.ndarray
    """Running number of the tagged line the line belongs to."""
    tag: np.ndarray
    """The position of the line's field's tag in :attr:`tags`."""
    tags: list[str]
    """The distinct tags of the kept lines."""
    line: np.ndarray
    """Line number (1-based; both parts of a glued line keep it)."""
    low: np.ndarray
    """Where the line's value starts in :attr:`text`."""
    high: np.ndarray
    """Where the line's value ends."""
    first: np.ndarray
    """Per record: its start line."""
    last: np.ndarray
    """Per record: its last line inside it."""
    complete: np.ndarray
    """Per record: whether its end line came (always, for formats without end tags)."""
    stray: np.ndarray
    """Per record: its first stray line (0: none)."""
    outside: int
    """The first non-blank line outside records that is not an allowed tag (0: none)."""

    def values(self) -> tuple[np.ndarray, np.ndarray]:
        """The kept lines' values one after another (UTF-8 bytes), and their offsets."""
        return _values(self.text, self.low, self.high)


def code(tag: str) -> int:
    """A tag (at most 7 ASCII characters) as one integer: its bytes, first byte lowest."""
    return int.from_bytes(tag.encode("ascii"), "little")


def name(value: int) -> str:
    """The tag whose :func:`code` is ``value``."""
    return int(value).to_bytes(8, "little").rstrip(b"\0").decode("ascii")


def scan(raw: bytes, syntax: Syntax) -> Scan:
    """Scan UTF-8 text ``raw`` written in ``syntax``."""
    text = np.frombuffer(raw, dtype=np.uint8)
    lines = raw.count(b"\n") + 1
    end = -1 if syntax.end is None else code(syntax.end)
    found = _scan(
        text,
        lines * 2 if syntax.glued else lines,
        np.array([syntax.region, syntax.longest, syntax.width, syntax.indent], dtype=np.int64),
        np.frombuffer(syntax.marker.encode("ascii"), dtype=np.uint8),
        syntax.glued,
        np.array([code(syntax.start), end], dtype=np.int64),
        np.array([code(tag) for tag in syntax.outside], dtype=np.int64),
    )
    kept, status, distinct, outside = found
    record, field, tag, line, low, high = kept
    first, last, complete, stray = status
    return Scan(
        text=text,
        record=record,
        field=field,
        tag=tag,
        tags=[name(value) for value in distinct],
        line=line,
        low=low,
        high=high,
        first=first,
        last=last,
        complete=complete.astype(bool),
        stray=stray,
        outside=outside,
    )


@njit(cache=True, nogil=True)
def _scan(text, most, sizes, marker, glued, bounds, allowed):
    """:func:`scan` in one pass over the lines (at most ``most``, glued ones split), compiled
    with the functions it calls into one entry point (loading an entry point from numba's
    cache costs tens of milliseconds in every process). The lines of a record are kept as
    they come and dropped again when the record turns out to be skipped."""
    region, longest, width, indent = sizes[0], sizes[1], sizes[2], sizes[3]
    kept = np.empty((6, most), dtype=np.int64)  # record, field, tag, line, low, high
    # Rows _FIRST, _LAST, _COMPLETE, _STRAY; a record's column is zeroed when it starts (the
    # array has a column per line, far more than there are records: zeroing it all costs).
    status = np.empty((4, most), dtype=np.int64)
    distinct = np.empty(most, dtype=np.int64)
    state = np.zeros(8, dtype=np.int64)  # _RECORDS, _FIELDS, ... (see the top of the module)
    start, number = 0, 0
    while start < len(text):
        end = start
        while end < len(text) and text[end] != _LF:
            end += 1
        after = end + 1
        if end > start and text[end - 1] == _CR:
            end -= 1
        number += 1
        cut = _glue_point(text, start, end, region, longest, marker) if glued else 0
        parts = ((start, cut), (cut, end)) if cut else ((start, end), (end, end))
        for part in range(2 if cut else 1):
            low, high = parts[part]
            kind, own, value_low, value_high = _classify(
                text, low, high, region, longest, marker, width, indent
            )
            _follow(kind, own, number, value_low, value_high, bounds, allowed, state, kept,
                    status, distinct)  # fmt: skip
        start = after
    _settle(state, status, bounds[1] < 0)
    records, lines, tags = state[_RECORDS], state[_KEPT], state[_TAGS]
    return kept[:, :lines], status[:, :records], distinct[:tags], state[_OUTSIDE]


@njit(nogil=True)
def _glue_point(text, start, end, region, longest, marker):
    """The first byte after a line's first where a tagged line's head starts (0: none)."""
    for at in range(start + 1, end):
        if _is_head(text, at, end, region, longest, marker):
            return at
    return 0


@njit(nogil=True)
def _is_head(buffer, at, end, region, longest, marker):
    """Whether a tagged line's head starts at byte ``at`` of a line ending at ``end``."""
    if at >= end or not 65 <= buffer[at] <= 90:
        return False
    size = 1
    while size < region and at + size < end:
        byte = buffer[at + size]
        if not (65 <= byte <= 90 or 48 <= byte <= 57):
            break
        size += 1
    if size < 2 or size > longest:
        return False
    for offset in range(size, region):
        if at + offset >= end or buffer[at + offset] != _SPACE:
            return False
    after = at + region
    for byte in marker:
        if after >= end or buffer[after] != byte:
            return False
        after += 1
    return after == end or buffer[after] == _SPACE


@njit(nogil=True)
def _classify(text, start, end, region, longest, marker, width, indent):
    """A line's kind, own tag code (0 unless tagged) and value bounds."""
    if _is_head(text, start, end, region, longest, marker):
        kind, own, low = TAGGED, _tag_code(text, start, region), start + width
    else:
        kind, own = _untagged_kind(text, start, end, indent), 0
        # A stray line's record is skipped: its value (maybe cut inside a character) is not.
        low = end if kind == STRAY else start + max(indent, 0)
    low, high = min(low, end), end
    while low < high and _is_space(text[low]):
        low += 1
    while high > low and _is_space(text[high - 1]):
        high -= 1
    return kind, own, low, high


@njit(nogil=True)
def _is_space(byte):
    """Whether a byte is a space, a tab or a carriage return."""
    return byte in (_SPACE, _TAB, _CR)


@njit(nogil=True)
def _tag_code(buffer, start, region):
    """The :func:`code` of the tag at ``start`` (trailing padding left out)."""
    value = 0
    for offset in range(region):
        byte = buffer[start + offset]
        if byte == _SPACE:
            break
        value |= np.int64(byte) << (8 * offset)
    return value


@njit(nogil=True)
def _untagged_kind(buffer, start, end, indent):
    """Kind of an untagged line: blank, continuation or stray."""
    blank = True
    for at in range(start, end):
        if not _is_space(buffer[at]):
            blank = False
            break
    if blank:
        return BLANK
    if indent < 0:
        return CONTINUATION
    if end - start < indent:
        return STRAY
    for at in range(start, start + indent):
        if buffer[at] != _SPACE:
            return STRAY
    return CONTINUATION


@njit(nogil=True)
def _follow(kind, own, number, low, high, bounds, allowed, state, kept, status, distinct):
    """Take one line: follow the records and fields, keep the line if it is inside a record."""
    tagged = kind == TAGGED
    if tagged:
        state[_FIELDS] += 1
        state[_TAG] = own
    if tagged and own == bounds[0]:
        _settle(state, status, bounds[1] < 0)
        state[_RECORDS] += 1
        state[_OPEN] = 1
        state[_RECORD_START] = state[_KEPT]
        status[:, state[_RECORDS] - 1] = 0
        status[_FIRST, state[_RECORDS] - 1] = number
    record = state[_RECORDS] - 1
    if state[_OPEN] and tagged and own == bounds[1]:
        _settle(state, status, True)
    elif state[_OPEN]:
        status[_LAST, record] = number
        if kind == STRAY and status[_STRAY, record] == 0:
            status[_STRAY, record] = number
        if kind != BLANK:
            at = state[_KEPT]
            kept[0, at], kept[1, at] = state[_RECORDS], state[_FIELDS]
            kept[2, at], kept[3, at] = _dense(state, distinct), number
            kept[4, at], kept[5, at] = low, high
            state[_KEPT] += 1
    elif kind != BLANK and state[_OUTSIDE] == 0 and not (tagged and own in allowed):
        state[_OUTSIDE] = number


@njit(nogil=True)
def _settle(state, status, complete):
    """Close the open record (if any), ``complete`` or not; a skipped record's kept lines
    are dropped again."""
    if state[_OPEN] == 0:
        return
    record = state[_RECORDS] - 1
    status[_COMPLETE, record] = complete
    if not complete or status[_STRAY, record]:
        state[_KEPT] = state[_RECORD_START]
    state[_OPEN] = 0


@njit(nogil=True)
def _dense(state, distinct):
    """The position of the current field's tag among the distinct tags kept so far (in order
    of first use), added if new."""
    code = state[_TAG]
    for position in range(state[_TAGS]):
        if distinct[position] == code:
            return position
    distinct[state[_TAGS]] = code
    state[_TAGS] += 1
    return state[_TAGS] - 1


@njit(cache=True, nogil=True)
def _values(buffer, lows, highs):
    """The bytes ``buffer[lows[i]:highs[i]]`` one after another, and their offsets."""
    offsets = np.zeros(len(lows) + 1, dtype=np.int64)
    for i in range(len(lows)):
        offsets[i + 1] = offsets[i] + highs[i] - lows[i]
    values = np.empty(offsets[-1], dtype=np.uint8)
    for i in range(len(lows)):
        _copy(buffer, lows[i], highs[i], values, offsets[i])
    return offsets, values


@njit(nogil=True)
def _copy(source, start, end, target, at):
    """Copy ``source[start:end]`` to ``target`` from ``at`` (a loop compiles several times
    faster than a slice assignment, and runs as fast)."""
    for byte in range(start, end):
        target[at] = source[byte]
        at += 1


def by_tag(
    text: np.ndarray,
    lines: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    count: int,
    joined: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Lines regrouped per tag and row, as the buffers of Arrow string arrays.

    ``lines``: per line, its row (0-based, ascending; ``count`` rows), its tag (position
    among the wanted tags, -1 for others), and where its value starts and ends in ``text``;
    ``joined[t]``: tag ``t``'s lines are joined by spaces into one string per row.
    Gives ``data`` (the bytes of every string, tag after tag), ``bounds`` (string ``j`` is
    ``data[bounds[j]:bounds[j + 1]]``), ``first`` (per tag, and one past the last: its first
    string), ``items`` (per tag and row: one past the row's last string) and ``present`` (per
    tag and row: whether the row has lines of the tag).
    """
    rows, tags, lows, highs = lines
    return _by_tag(text, rows, tags, lows, highs, count, joined)


@njit(cache=True, nogil=True)
def _by_tag(text, rows, tags, lows, highs, count, joined):
    """See :func:`by_tag`."""
    wanted = len(joined)
    lines = np.zeros((wanted, count), dtype=np.int64)
    sizes = np.zeros((wanted, count), dtype=np.int64)
    for i in range(len(rows)):
        if tags[i] >= 0:
            lines[tags[i], rows[i]] += 1
            sizes[tags[i], rows[i]] += highs[i] - lows[i]
    first = np.zeros(wanted + 1, dtype=np.int64)
    items = np.zeros((wanted, count), dtype=np.int64)
    cursor = np.zeros((wanted, count), dtype=np.int64)  # next byte of each tag and row
    size, string = 0, 0
    for tag in range(wanted):
        first[tag] = string
        for row in range(count):
            cursor[tag, row] = size
            size += sizes[tag, row]
            if joined[tag]:
                size += max(lines[tag, row] - 1, 0)
                string += 1
            else:
                string += lines[tag, row]
            items[tag, row] = string
    first[wanted] = string
    data = np.empty(size, dtype=np.uint8)
    bounds = np.zeros(string + 1, dtype=np.int64)
    filled = np.zeros((wanted, count), dtype=np.int64)  # lines of each tag and row so far
    for i in range(len(rows)):
        tag, row = tags[i], rows[i]
        if tag < 0:
            continue
        at = cursor[tag, row]
        if joined[tag] and filled[tag, row]:
            data[at] = _SPACE
            at += 1
        _copy(text, lows[i], highs[i], data, at)
        cursor[tag, row] = at + highs[i] - lows[i]
        filled[tag, row] += 1
        if not joined[tag]:  # a string per line
            bounds[items[tag, row] - lines[tag, row] + filled[tag, row]] = cursor[tag, row]
    for tag in range(wanted):
        if joined[tag]:
            for row in range(count):
                bounds[items[tag, row]] = cursor[tag, row]
    return data, bounds, first, items, lines > 0
