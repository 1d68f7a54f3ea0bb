"""Brill's contextual rules (``en-context.txt``, shipped with textblob), compiled.

textblob's ``PatternTagger`` does not apply them, so it reads verbs after plural nouns as nouns
("results show", "universities issue"). Brill's tagger (1992) fixes such tags with these rules:
``FROM TO COMMAND X [Y]`` changes tag FROM to TO where the context matches, e.g. ``NN VBP
PREVTAG NNS``. Each rule is applied in file order to all tokens of a sentence at once (the
context is read before the rule changes any tag, as in Brill's training), looking only inside
the token's sentence. Since no rule looks past its sentence, the rules run sentence by sentence
in a compiled kernel (numba). The tokens of a sentence are chained by tag and by the words the
rules name, and a rule lists its candidate tokens from the shortest chain every match must touch
(``NN VB PREVTAG TO`` walks the rare TO tokens, not the many NN ones); a rule whose FROM tag,
tag or word is absent from the sentence costs nothing.

A command is one or two checks joined by "and"; a check compares the tag or the word at one of
up to three offsets (joined by "or") with the rule's X or Y (:data:`COMMANDS`).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import polars as pl
from numba import njit

from bibliomap.terms.tagger import lexicon, model_file

Rule = tuple[str, str, str, str, str]
Check = tuple[str, tuple[int, ...], int]  # ("tag" | "word", offsets, 0 = X or 1 = Y)

COMMANDS: dict[str, tuple[Check, ...]] = {
    "prevtag": (("tag", (-1,), 0),),
    "nexttag": (("tag", (1,), 0),),
    "prev2tag": (("tag", (-2,), 0),),
    "next2tag": (("tag", (2,), 0),),
    "prev1or2tag": (("tag", (-1, -2), 0),),
    "next1or2tag": (("tag", (1, 2), 0),),
    "prev1or2or3tag": (("tag", (-1, -2, -3), 0),),
    "next1or2or3tag": (("tag", (1, 2, 3), 0),),
    "surroundtag": (("tag", (-1,), 0), ("tag", (1,), 1)),
    "curwd": (("word", (0,), 0),),
    "prevwd": (("word", (-1,), 0),),
    "nextwd": (("word", (1,), 0),),
    "prev1or2wd": (("word", (-1, -2), 0),),
    "next1or2wd": (("word", (1, 2), 0),),
    "prevwdtag": (("word", (-1,), 0), ("tag", (-1,), 1)),
    "nextwdtag": (("word", (1,), 0), ("tag", (1,), 1)),
    "wdprevtag": (("word", (0,), 1), ("tag", (-1,), 0)),
    "wdnexttag": (("word", (0,), 0), ("tag", (1,), 1)),
    "wdand2aft": (("word", (0,), 0), ("word", (2,), 1)),
    "wdand2tagbfr": (("word", (0,), 1), ("tag", (-2,), 0)),
    "wdand2tagaft": (("word", (0,), 0), ("tag", (2,), 1)),
    "lbigram": (("word", (-1,), 0), ("word", (0,), 1)),
    "rbigram": (("word", (0,), 0), ("word", (1,), 1)),
    "prevbigram": (("tag", (-2,), 0), ("tag", (-1,), 1)),
    "nextbigram": (("tag", (1,), 0), ("tag", (2,), 1)),
}
"""Brill's commands as checks (word checks first: they fail most often), offsets relative to
the token (-1 = the token before it)."""

_ANY = -1  # FROM tag "*"
_TAG, _WORD = 1, 2
_UNUSED = 99  # offset slot not used by a check


@cache
def rules() -> tuple[Rule, ...]:
    """The contextual rules in file order: (from, to, command, x, y)."""
    found = []
    for raw in model_file("en-context.txt").read_text(encoding="utf-8").splitlines():
        parts = raw.strip().split()
        if parts and not raw.startswith(";;;"):
            parts += [""] * (5 - len(parts))
            found.append((parts[0], parts[1], parts[2].lower(), parts[3], parts[4]))
    return tuple(found)


@cache
def tag_names() -> tuple[str, ...]:
    """Every tag the lexicon tagger or a rule can give, in code order."""
    suffix_tags = {"NN", "NNS", "NNP", "CD", "VBG", "RB", "JJ", "VBN", "VBP"}
    ruled = {rule[i] for rule in rules() for i in (0, 1)} - {"*"}
    return tuple(sorted(set(lexicon().values()) | suffix_tags | ruled))


@cache
def _compiled() -> tuple[tuple[str, ...], tuple[np.ndarray, ...]]:
    """Words the rules name and the rules as arrays (from, to, check kind/offsets/value)."""
    tag_code = {name: code for code, name in enumerate(tag_names())}
    usable = [rule for rule in rules() if rule[2] in COMMANDS]
    words = sorted(
        {
            rule[3 + which]
            for rule in usable
            for kind, _, which in COMMANDS[rule[2]]
            if kind == "word"
        }
    )
    word_code = {word: code for code, word in enumerate(words)}
    n = len(usable)
    source = np.array([tag_code.get(rule[0], _ANY) for rule in usable], dtype=np.int16)
    target = np.array([tag_code[rule[1]] for rule in usable], dtype=np.int16)
    kind = np.zeros((n, 2), dtype=np.int8)
    offsets = np.full((n, 2, 3), _UNUSED, dtype=np.int8)
    value = np.zeros((n, 2), dtype=np.int32)
    for r, rule in enumerate(usable):
        for c, (what, where, which) in enumerate(COMMANDS[rule[2]]):
            kind[r, c] = _TAG if what == "tag" else _WORD
            offsets[r, c, : len(where)] = where
            codes = tag_code if what == "tag" else word_code
            value[r, c] = codes.get(rule[3 + which], -2)
    return tuple(words), (source, target, kind, offsets, value)


@njit(cache=True, nogil=True)
def _holds(tag, word, i, lo, hi, rule, check, kind, offsets, value):
    """Whether a check of a rule holds at token ``i`` of sentence [lo, hi)."""
    what = kind[rule, check]
    if what == 0:
        return True
    wanted = value[rule, check]
    for k in range(3):
        offset = offsets[rule, check, k]
        if offset == _UNUSED:
            return False
        j = i + offset
        if lo <= j < hi and (tag[j] if what == _TAG else word[j]) == wanted:
            return True
    return False


@njit(cache=True, nogil=True)
def _unlink(codes, lo, hi, head, size):
    """Empty the chains of the codes in sentence [lo, hi)."""
    for i in range(lo, hi):
        if codes[i] >= 0:
            head[codes[i]] = -1
            size[codes[i]] = 0


@njit(cache=True, nogil=True)
def _link(codes, lo, hi, head, after, size):
    """Chain the tokens of sentence [lo, hi) by code: ``head[c]`` first, ``after[i]`` next."""
    for i in range(hi - 1, lo - 1, -1):
        if codes[i] >= 0:
            after[i] = head[codes[i]]
            head[codes[i]] = i
            size[codes[i]] += 1


@njit(cache=True, nogil=True)
def _driver(r, lo, hi, source, kind, offsets, value, tag_size, word_size):
    """The cheapest way to list a rule's candidate tokens in a sentence, and its cost.

    -1: the tokens tagged FROM (all tokens for "*"); 0 or 1: the tokens that check 0 or 1
    looks for, each shifted back by the check's offsets. A cost of 0 means the rule cannot fire.
    """
    best = hi - lo if source[r] == _ANY else tag_size[source[r]]
    driver = -1
    for c in range(2):
        if kind[r, c] == 0:
            continue
        if value[r, c] < 0:
            return driver, 0
        present = tag_size[value[r, c]] if kind[r, c] == _TAG else word_size[value[r, c]]
        spread = 0
        while spread < 3 and offsets[r, c, spread] != _UNUSED:
            spread += 1
        if present * spread < best:
            best = present * spread
            driver = c
    return driver, best


@njit(cache=True, nogil=True)
def _apply_rules(tag, word, first, source, target, kind, offsets, value, n_tags, n_words):
    """Apply every rule, in order, to each sentence (``first`` marks sentence starts).

    The tokens of a sentence are chained by tag and by rule word, so a rule visits only the
    tokens of the shortest chain that every match must touch (:func:`_driver`).
    """
    n = tag.size
    tag_head = np.full(n_tags, -1, dtype=np.int64)
    tag_size = np.zeros(n_tags, dtype=np.int64)
    word_head = np.full(max(n_words, 1), -1, dtype=np.int64)
    word_size = np.zeros(max(n_words, 1), dtype=np.int64)
    tag_after = np.empty(n, dtype=np.int64)
    word_after = np.empty(n, dtype=np.int64)
    hits = np.empty(3 * n, dtype=np.int64)
    lo = 0
    while lo < n:
        hi = lo + 1
        while hi < n and not first[hi]:
            hi += 1
        _link(tag, lo, hi, tag_head, tag_after, tag_size)
        _link(word, lo, hi, word_head, word_after, word_size)
        for r in range(source.size):
            driver, cost = _driver(r, lo, hi, source, kind, offsets, value, tag_size, word_size)
            if cost == 0:
                continue
            m = 0
            for k in range(3 if driver >= 0 else 1):
                if driver >= 0 and offsets[r, driver, k] == _UNUSED:
                    break
                if driver < 0:
                    shift = 0
                    p = lo if source[r] == _ANY else tag_head[source[r]]
                elif kind[r, driver] == _TAG:
                    shift = offsets[r, driver, k]
                    p = tag_head[value[r, driver]]
                else:
                    shift = offsets[r, driver, k]
                    p = word_head[value[r, driver]]
                while p != -1 and p < hi:
                    i = p - shift
                    if (
                        lo <= i < hi
                        and (source[r] == _ANY or tag[i] == source[r])
                        and _holds(tag, word, i, lo, hi, r, 0, kind, offsets, value)
                        and _holds(tag, word, i, lo, hi, r, 1, kind, offsets, value)
                    ):
                        hits[m] = i
                        m += 1
                    if driver < 0:
                        p = p + 1 if source[r] == _ANY else tag_after[p]
                    elif kind[r, driver] == _TAG:
                        p = tag_after[p]
                    else:
                        p = word_after[p]
            if m:
                _unlink(tag, lo, hi, tag_head, tag_size)
                for h in range(m):
                    tag[hits[h]] = target[r]
                _link(tag, lo, hi, tag_head, tag_after, tag_size)
        _unlink(tag, lo, hi, tag_head, tag_size)
        _unlink(word, lo, hi, word_head, word_size)
        lo = hi


def apply_context(tokens: pl.Series, tags: pl.Series, first: np.ndarray) -> pl.Series:
    """Tags after Brill's contextual rules (``first`` marks sentence starts)."""
    if tokens.len() == 0:
        return tags
    names = tag_names()
    words, arrays = _compiled()
    tag = tags.replace_strict(names, range(len(names)), return_dtype=pl.Int16).to_numpy()
    word = tokens.replace_strict(words, range(len(words)), default=-1, return_dtype=pl.Int32)
    tag = np.ascontiguousarray(tag, dtype=np.int16).copy()
    starts = np.ascontiguousarray(first, dtype=np.bool_)
    _apply_rules(tag, word.to_numpy(), starts, *arrays, len(names), len(words))
    return pl.Series(tags.name, names, dtype=pl.String).gather(tag)
