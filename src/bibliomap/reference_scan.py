"""Web of Science cited references split into fields by one compiled pass (numba).

:func:`wos_fields` reads the strings of ASCII characters in the Web of Science style
(``Cohen WM, 1990, ADMIN SCI QUART, V35, P128, DOI 10.2307/2393553``) and gives exactly the
fields the polars expressions of :mod:`bibliomap.references` give them: the text with each
whitespace run squeezed to one space and ``" ;"`` stripped; the first author before the
first comma; the year after it; the source after that unless it is a locator (``V..`` with a
digit, ``P`` with a digit, ``DOI``); the first ``V`` and the first ``P`` field after the source
as volume and page; the first DOI anywhere, lower case. Fields are stripped of ``' ,.;:"'``
and null when empty. The other strings are left to polars.

First authors are put in canonical form (:func:`bibliomap.references.canonical_authors`) when
they are one word, a surname and initials or one given name (``Cohen WM``, ``Cairo Alberto``),
corporate (``*US DEP COMM``) or anonymous; the others (``Van der Berg A``) are left as written.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from numba import njit

from bibliomap.io import flat

FIELDS = ("doi", "first_author", "source", "volume", "page")
_DOI, _AUTHOR, _SOURCE, _VOLUME, _PAGE = range(len(FIELDS))
_COMMA, _SPACE, _PERIOD, _SLASH, _DASH, _UNDERSCORE, _QUOTE = 44, 32, 46, 47, 45, 95, 39
_ASTERISK, _BRACKET, _CLOSING = 42, 91, 93
_ANONYMOUS = np.frombuffer(b"anonymous", dtype=np.uint8)


def _table(characters: bytes) -> np.ndarray:
    """A lookup table over bytes: true for the bytes of ``characters``."""
    table = np.zeros(256, dtype=np.bool_)
    table[list(characters)] = True
    return table


_WHITE = _table(b" \t\n\x0b\x0c\r")
_STRIPPED = _table(b" ;")
_BLANK = _table(b' ,.;:"')
_CORPORATE = _table(b"*[] ")
_DOI_END = _table(b" \t\n\x0b\x0c\r,;[]")


@dataclass(frozen=True)
class Split:
    """The fields of the strings read (:data:`FIELDS` and ``year``; null for the others),
    which strings were read, and which of them have their first author in canonical form."""

    fields: pl.DataFrame
    read: np.ndarray
    named: np.ndarray


def wos_fields(raw: pl.Series) -> Split:
    """The fields of each string of ``raw`` that is ASCII and in the Web of Science style."""
    strings = raw.cast(pl.String).rechunk().to_arrow()
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int64)
    offsets = offsets[strings.offset : strings.offset + len(strings) + 1]
    data = np.frombuffer(strings.buffers()[2], dtype=np.uint8)
    valid = raw.is_not_null().to_numpy()
    read, named, year, bounds, out, present = _split(data, offsets, valid)
    columns = [
        pl.Series(name, flat.arrow_strings(bounds[f], out[f], present[f]))
        for f, name in enumerate(FIELDS)
    ]
    years = pl.Series("year", year).set(pl.Series(~read), None)
    return Split(pl.DataFrame([*columns, years]), read, named)


@njit(cache=True, nogil=True)
def _split(
    data: np.ndarray, offsets: np.ndarray, valid: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per string: read, first author canonical, year; per field: the offsets, bytes and
    presence of its values."""
    count = len(offsets) - 1
    read = np.zeros(count, dtype=np.bool_)
    named = np.zeros(count, dtype=np.bool_)
    year = np.zeros(count, dtype=np.int32)
    bounds = np.zeros((len(FIELDS), count + 1), dtype=np.int64)
    # A field's value is no longer than its string, except a canonical name: at most 5 bytes
    # longer (", " for the space, and a period per initial: 4 at most).
    out = np.empty((len(FIELDS), len(data) + 5 * count), dtype=np.uint8)
    present = np.zeros((len(FIELDS), count), dtype=np.bool_)
    longest = 0
    for row in range(count):
        longest = max(longest, offsets[row + 1] - offsets[row])
    text = np.empty(longest, dtype=np.uint8)
    found = np.empty(1 + 2 * len(FIELDS), dtype=np.int64)
    output = (read, named, year, bounds, out, present)
    for row in range(count):
        for field in range(len(FIELDS)):
            bounds[field, row + 1] = bounds[field, row]
        start, end = offsets[row], offsets[row + 1]
        if not (valid[row] and _year_after_comma(data, start, end)):
            continue
        size = _squeezed(data, start, end, text)
        if size >= 0:
            _row(text, size, row, found, output)
    return output


@njit(nogil=True)
def _year_after_comma(data: np.ndarray, start: int, end: int) -> bool:
    """Whether a year follows the first comma of ``data[start:end]`` (after any whitespace), as
    in the Web of Science style: most other strings are ruled out before they are copied."""
    first = _find(data, start, end, _COMMA)
    return first < end and _year_at(data, _skip_white(data, first + 1, end), end)


@njit(nogil=True)
def _row(
    text: np.ndarray,
    size: int,
    row: int,
    found: np.ndarray,
    output: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> None:
    """Read the squeezed string ``text[:size]`` into row ``row`` of ``output``."""
    read, named, year, bounds, out, present = output
    _fields(text, size, found)
    if found[0] < 0:
        return
    read[row] = True
    year[row] = found[0]
    for field in range(len(FIELDS)):
        start, end = found[1 + 2 * field], found[2 + 2 * field]
        if field == _AUTHOR:
            named[row] = _author(text, start, end, out, bounds, row, present)
        elif start >= 0:
            _append(text, start, end, out, bounds, field, row, field == _DOI)
            present[field, row] = True


@njit(nogil=True)
def _squeezed(data: np.ndarray, start: int, end: int, text: np.ndarray) -> int:
    """``data[start:end]`` into ``text`` with every whitespace run as one space; its length,
    or -1 if a byte is not ASCII. Copied as it is, checked, and squeezed only if needed."""
    seen = 0
    odd = False
    before = 0
    for at in range(end - start):
        byte = data[start + at]
        text[at] = byte
        seen |= byte
        odd |= (byte < _SPACE) | ((byte == _SPACE) & (before == _SPACE))
        before = byte
    if seen >= 128:
        return -1
    if not odd:
        return end - start
    size = 0
    white = False
    for at in range(start, end):
        byte = data[at]
        if _WHITE[byte]:
            white = True
            continue
        if white:
            text[size] = _SPACE
            size += 1
            white = False
        text[size] = byte
        size += 1
    if white:
        text[size] = _SPACE
        size += 1
    return size


@njit(nogil=True)
def _fields(text: np.ndarray, size: int, found: np.ndarray) -> None:
    """Set ``found`` to the year (-1 if ``text[:size]`` is not in the Web of Science style) and
    the bounds of each field (start -1: null)."""
    for at in range(len(found)):
        found[at] = -1
    low, high = _strip(text, 0, size, _STRIPPED)
    first = _find(text, low, high, _COMMA)
    if first == high:
        return
    at = _skip_white(text, first + 1, high)
    if not _year_at(text, at, high):
        return
    end = at + 4
    if end < high and 97 <= text[end] <= 122:
        end += 1
    end = _skip_white(text, end, high)
    if end < high and text[end] != _COMMA:
        return
    found[0] = (text[at] - 48) * 1000 + (text[at + 1] - 48) * 100
    found[0] += (text[at + 2] - 48) * 10 + text[at + 3] - 48
    _set(found, _DOI, _doi(text, low, high))
    _set(found, _AUTHOR, _strip(text, low, first, _BLANK))
    second = _find(text, first + 1, high, _COMMA)
    if second < high:
        _rest(text, second + 1, high, found)


@njit(nogil=True)
def _rest(text: np.ndarray, start: int, high: int, found: np.ndarray) -> None:
    """Source, volume and page from the fields after the year (``text[start:high]``)."""
    third = _find(text, start, high, _COMMA)
    source = _strip(text, start, third, _WHITE)
    if _locator(text, source[0], source[1]):
        locators = start
    else:
        _set(found, _SOURCE, _strip(text, source[0], source[1], _BLANK))
        if third == high:
            return
        locators = third + 1
    _set(found, _VOLUME, _volume(text, locators, high))
    _set(found, _PAGE, _page(text, locators, high))


@njit(nogil=True)
def _set(found: np.ndarray, field: int, bounds: tuple[int, int]) -> None:
    """Keep a field's bounds unless it is empty."""
    if bounds[0] < bounds[1]:
        found[1 + 2 * field] = bounds[0]
        found[2 + 2 * field] = bounds[1]


@njit(nogil=True)
def _append(
    text: np.ndarray,
    low: int,
    high: int,
    out: np.ndarray,
    bounds: np.ndarray,
    field: int,
    row: int,
    lower: bool,
) -> None:
    """Append ``text[low:high]`` (in lower case if ``lower``) as the value of row ``row`` of
    field ``field``."""
    cursor = bounds[field, row + 1]
    for at in range(low, high):
        byte = text[at]
        out[field, cursor] = byte + 32 if lower and 65 <= byte <= 90 else byte
        cursor += 1
    bounds[field, row + 1] = cursor


@njit(nogil=True)
def _author(
    text: np.ndarray,
    low: int,
    high: int,
    out: np.ndarray,
    bounds: np.ndarray,
    row: int,
    present: np.ndarray,
) -> bool:
    """Append the first author ``text[low:high]`` (none if ``low`` is -1) in canonical form and
    give true; or, for a name of another form, append it as written and give false."""
    if low < 0 or _anonymous(text, low, high):
        return True
    present[_AUTHOR, row] = True
    if text[low] == _ASTERISK or text[low] == _BRACKET:
        low, high = _strip(text, low, high, _CORPORATE)
        _append(text, low, high, out, bounds, _AUTHOR, row, False)
        return True
    space = _find(text, low, high, _SPACE)
    given = space + 1
    if space < high and not (_initials(text, given, high) or _given_name(text, given, high)):
        _append(text, low, high, out, bounds, _AUTHOR, row, False)
        return False
    _append(text, low, space, out, bounds, _AUTHOR, row, False)
    cursor = bounds[_AUTHOR, row + 1]
    if space < high:
        out[_AUTHOR, cursor] = _COMMA
        out[_AUTHOR, cursor + 1] = _SPACE
        cursor += 2
        for at in range(given, high):
            if 65 <= text[at] <= 90:
                out[_AUTHOR, cursor] = text[at]
                out[_AUTHOR, cursor + 1] = _PERIOD
                cursor += 2
    bounds[_AUTHOR, row + 1] = cursor
    return True


@njit(nogil=True)
def _anonymous(text: np.ndarray, low: int, high: int) -> bool:
    """Whether ``text[low:high]`` is ``anonymous`` in any case, maybe in brackets."""
    if low < high and text[low] == _BRACKET:
        low += 1
    if high > low and text[high - 1] == _CLOSING:
        high -= 1
    if high - low != len(_ANONYMOUS):
        return False
    for at in range(low, high):
        byte = text[at] + 32 if 65 <= text[at] <= 90 else text[at]
        if byte != _ANONYMOUS[at - low]:
            return False
    return True


@njit(nogil=True)
def _initials(text: np.ndarray, low: int, high: int) -> bool:
    """Whether ``text[low:high]`` is 1-4 capitals, each maybe followed by a period, a space and
    a hyphen (``WM``, ``W. M``, ``W.-M``)."""
    letters = 0
    at = low
    while at < high and letters < 4 and 65 <= text[at] <= 90:
        letters += 1
        at += 1
        for optional in (_PERIOD, _SPACE, _DASH):
            if at < high and text[at] == optional:
                at += 1
    return letters > 0 and at == high


@njit(nogil=True)
def _given_name(text: np.ndarray, low: int, high: int) -> bool:
    """Whether ``text[low:high]`` is a capital, then small letters, apostrophes or hyphens (at
    least one), maybe a final period (``Alberto``)."""
    if high > low and text[high - 1] == _PERIOD:
        high -= 1
    if high - low < 2 or not 65 <= text[low] <= 90:
        return False
    for at in range(low + 1, high):
        byte = text[at]
        if not (97 <= byte <= 122 or byte in (_QUOTE, _DASH)):
            return False
    return True


@njit(nogil=True)
def _strip(text: np.ndarray, low: int, high: int, table: np.ndarray) -> tuple[int, int]:
    """Bounds of ``text[low:high]`` with the bytes of ``table`` stripped from both ends."""
    while low < high and table[text[low]]:
        low += 1
    return low, _end_stripped(text, low, high, table)


@njit(nogil=True)
def _end_stripped(text: np.ndarray, low: int, high: int, table: np.ndarray) -> int:
    """End of ``text[low:high]`` with the bytes of ``table`` stripped from its end."""
    while high > low and table[text[high - 1]]:
        high -= 1
    return high


@njit(nogil=True)
def _find(text: np.ndarray, low: int, high: int, byte: int) -> int:
    """Position of the first ``byte`` in ``text[low:high]`` (``high`` if none)."""
    while low < high and text[low] != byte:
        low += 1
    return low


@njit(nogil=True)
def _skip_white(text: np.ndarray, low: int, high: int) -> int:
    """Position of the first non-whitespace byte from ``low`` (``high`` if none)."""
    while low < high and _WHITE[text[low]]:
        low += 1
    return low


@njit(nogil=True)
def _digit(text: np.ndarray, at: int, high: int) -> bool:
    """Whether ``text[at]`` is a digit inside the bounds."""
    return at < high and 48 <= text[at] <= 57


@njit(nogil=True)
def _letter(text: np.ndarray, at: int, high: int) -> bool:
    """Whether ``text[at]`` is an ASCII letter inside the bounds."""
    return at < high and (65 <= text[at] <= 90 or 97 <= text[at] <= 122)


@njit(nogil=True)
def _word(text: np.ndarray, at: int, high: int) -> bool:
    """Whether ``text[at]`` is a word character (letter, digit, underscore) inside the bounds."""
    return (
        _letter(text, at, high) or _digit(text, at, high) or (at < high and text[at] == _UNDERSCORE)
    )


@njit(nogil=True)
def _year_at(text: np.ndarray, at: int, high: int) -> bool:
    """Whether a year 1500-2099 starts at ``at``."""
    if not (_digit(text, at + 2, high) and _digit(text, at + 3, high)):
        return False
    if text[at] == 49:
        return 53 <= text[at + 1] <= 57
    return text[at] == 50 and text[at + 1] == 48


@njit(nogil=True)
def _locator(text: np.ndarray, low: int, high: int) -> bool:
    """Whether ``text[low:high]`` starts with a volume (``V``, a digit before any space), a
    page (``P``, a digit after at most one letter) or ``DOI`` as a word."""
    if low == high:
        return False
    if text[low] == 86:  # V
        for at in range(low + 1, high):
            if _WHITE[text[at]]:
                return False
            if _digit(text, at, high):
                return True
        return False
    if text[low] == 80:  # P
        return _digit(text, low + 1, high) or (
            _letter(text, low + 1, high) and _digit(text, low + 2, high)
        )
    doi = high - low >= 3 and text[low] == 68 and text[low + 1] == 79 and text[low + 2] == 73
    return doi and not _word(text, low + 3, high)


@njit(nogil=True)
def _volume(text: np.ndarray, low: int, high: int) -> tuple[int, int]:
    """The first comma-separated field ``V<value>`` of ``text[low:high]``: its value, stripped."""
    start = low
    while start <= high:
        end = _find(text, start, high, _COMMA)
        at = _skip_white(text, start, end)
        if at + 1 < end and text[at] == 86:
            # The value has at least one byte: a lone space is a value (stripped to none).
            value_end = max(_end_stripped(text, at + 1, end, _WHITE), at + 2)
            return _strip(text, at + 1, value_end, _BLANK)
        start = end + 1
    return 0, 0


@njit(nogil=True)
def _page(text: np.ndarray, low: int, high: int) -> tuple[int, int]:
    """The first comma-separated field ``P<page>`` of ``text[low:high]``, where the page is an
    optional letter, a digit and word characters or hyphens, or a letter and word characters:
    the page, stripped."""
    start = low
    while start <= high:
        end = _find(text, start, high, _COMMA)
        at = _skip_white(text, start, end)
        if at < end and text[at] == 80:
            value_end = _end_stripped(text, at + 1, end, _WHITE)
            if _page_value(text, at + 1, value_end):
                return _strip(text, at + 1, value_end, _BLANK)
        start = end + 1
    return 0, 0


@njit(nogil=True)
def _page_value(text: np.ndarray, low: int, high: int) -> bool:
    """Whether all of ``text[low:high]`` is ``[A-Za-z]?\\d[\\w-]*`` or ``[A-Za-z]\\w*``."""
    if _digit(text, low, high):
        return _words(text, low + 1, high, True)
    if not _letter(text, low, high):
        return False
    if _digit(text, low + 1, high) and _words(text, low + 2, high, True):
        return True
    return _words(text, low + 1, high, False)


@njit(nogil=True)
def _words(text: np.ndarray, low: int, high: int, hyphens: bool) -> bool:
    """Whether ``text[low:high]`` holds only word characters (and hyphens, if ``hyphens``)."""
    while low < high and (_word(text, low, high) or (hyphens and text[low] == _DASH)):
        low += 1
    return low == high


@njit(nogil=True)
def _doi(text: np.ndarray, low: int, high: int) -> tuple[int, int]:
    """The first ``10.<4-9 digits>/<characters>`` starting a word in ``text[low:high]``, its
    final periods stripped."""
    for at in range(low, high - 3):
        if text[at] != 49 or text[at + 1] != 48 or text[at + 2] != _PERIOD:
            continue
        if at > low and _word(text, at - 1, high):
            continue
        digits = at + 3
        while _digit(text, digits, high):
            digits += 1
        if not 4 <= digits - at - 3 <= 9 or digits >= high or text[digits] != _SLASH:
            continue
        end = digits + 1
        while end < high and not _DOI_END[text[end]]:
            end += 1
        if end > digits + 1:
            while text[end - 1] == _PERIOD:
                end -= 1
            return at, end
    return 0, 0
