"""Do two spellings of a source (journal, book, proceedings) name the same source?

Databases abbreviate source titles differently: Web of Science cites ``ADMIN SCI QUART`` (its
20/29-character abbreviations, cut in mid-word), Scopus up to 2022 ``Adm. Sci. Q.`` or the full
``Administrative Science Quarterly``. ISO 4 abbreviates a title word by deleting letters while
keeping the first, drops articles, prepositions and conjunctions, and keeps word order; the WoS
abbreviations follow the same scheme and may be truncated at the end. Hence the rule:

1. normalize: lower case, accents and punctuation removed, ``&`` -> ``and``, hyphens split
   words, apostrophes and parentheses are deleted (``Writer's``, ``math(s)``); drop
   the stop words of :data:`STOP_WORDS` and numbers (years, ordinals and numbers of
   conferences, which abbreviations leave out);
2. walk both word sequences in order; two words agree when they start with the same letter and
   the shorter is a subsequence of the longer (``natl`` / ``national``, ``q`` / ``quart`` /
   ``quarterly``); a spelling's last word may also stand for the initials of as many words
   (``usa`` / ``united states america``);
3. the spellings agree when every word agrees until one sequence ends (the other may have been
   truncated); a one-word spelling must equal, or be a prefix of, the other's first word (or
   the reverse), both of at least three letters, so ``Iran`` does not abbreviate
   ``International ...`` nor ``P BRIT ACAD`` ``Patterns``.

The rule is symmetric and needs no table of abbreviations. It is used only between references
that already share first author, year, volume and first page (or author, year and a title), so
its permissiveness on one-word prefixes (``nature`` / ``nature communications``) costs nothing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

STOP_WORDS = frozenset(
    (
        *("a", "an", "the", "of", "and", "for", "in", "on", "at", "to", "by", "with", "from"),
        *("its", "de", "du", "l", "d", "la", "le", "les", "et", "en", "y", "der", "die", "das"),
        *("und", "fur", "za"),
    )
)
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_WORD = re.compile(r"[\W_]+")
_DELETED = re.compile(r"['’`()]")
_NUMBER = re.compile(r"^\d+(?:st|nd|rd|th)?$")


@lru_cache(maxsize=200_000)
def words(text: str) -> tuple[str, ...]:
    """Normalized significant words of a source title."""
    joined = _DELETED.sub("", text)
    folded = unicodedata.normalize("NFKD", joined.replace("&", " and "))
    cleaned = _NON_WORD.sub(" ", _COMBINING.sub("", folded).lower())
    return tuple(
        word for word in cleaned.split() if word not in STOP_WORDS and not _NUMBER.match(word)
    )


def _is_subsequence(short: str, long: str) -> bool:
    """Whether the letters of ``short`` appear in ``long`` in order."""
    position = 0
    for char in short:
        position = long.find(char, position) + 1
        if position == 0:
            return False
    return True


def words_agree(left: str, right: str) -> bool:
    """Same first letter and the shorter word a subsequence of the longer one."""
    if left == right:
        return True
    if left[0] != right[0]:
        return False
    short, long = (left, right) if len(left) <= len(right) else (right, left)
    return _is_subsequence(short, long)


def _initials_span(word: str, others: tuple[str, ...], start: int) -> int:
    """How many words of ``others`` from ``start`` ``word`` abbreviates by initials (0: none)."""
    span = len(word)
    if span < 2 or start + span > len(others):
        return 0
    initials = "".join(other[0] for other in others[start : start + span])
    return span if initials == word else 0


def sequences_agree(left: tuple[str, ...], right: tuple[str, ...]) -> int:
    """Number of aligned words when ``left`` and ``right`` agree (see module doc), else 0."""
    i = j = matched = 0
    while i < len(left) and j < len(right):
        if words_agree(left[i], right[j]):
            i, j = i + 1, j + 1
        elif i == len(left) - 1 and (span := _initials_span(left[i], right, j)):
            i, j = i + 1, j + span
        elif j == len(right) - 1 and (span := _initials_span(right[j], left, i)):
            i, j = i + span, j + 1
        else:
            return 0
        matched += 1
    return matched


@lru_cache(maxsize=500_000)
def same_source(left: str, right: str) -> bool:
    """Whether two source spellings name the same source (see the module docstring)."""
    a, b = words(left), words(right)
    if not a or not b:
        return False
    if len(a) == 1 or len(b) == 1:
        first_a, first_b = a[0], b[0]
        if min(len(first_a), len(first_b)) < 3 and first_a != first_b:
            return False
        if not (first_a.startswith(first_b) or first_b.startswith(first_a)):
            return False
    return sequences_agree(a, b) > 0


@lru_cache(maxsize=500_000)
def same_title(left: str, right: str) -> bool:
    """Stricter agreement for titles without volume and page: two words, or equal single words."""
    a, b = words(left), words(right)
    if len(a) == 1 or len(b) == 1:
        return a == b
    return sequences_agree(a, b) >= 2
