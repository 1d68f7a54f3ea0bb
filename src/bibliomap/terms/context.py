"""Brill's contextual rules (``en-context.txt``, shipped with textblob), applied vectorized.

textblob's ``PatternTagger`` does not apply them, so it reads verbs after plural nouns as nouns
("results show", "universities issue"). Brill's tagger (1992) fixes such tags with these rules:
``FROM TO COMMAND X [Y]`` changes tag FROM to TO where the context matches, e.g. ``NN VBP
PREVTAG NNS``. Each rule is applied in file order to all tokens at once (as in Brill's
training), looking only inside the token's sentence.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import polars as pl

from bibliomap.terms.tagger import model_file

Rule = tuple[str, str, str, str, str]


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


def _codes(values: pl.Series) -> tuple[np.ndarray, dict[str, int]]:
    """Integer codes of a string series and the code of each distinct string."""
    encoded = values.to_arrow().dictionary_encode()
    names = encoded.dictionary.to_pylist()
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), {
        name: code for code, name in enumerate(names)
    }


def apply_context(tokens: pl.Series, tags: pl.Series, first: np.ndarray) -> pl.Series:
    """Tags after Brill's contextual rules (``first`` marks sentence starts)."""
    if tokens.len() == 0:
        return tags
    word, word_code = _codes(tokens)
    names = sorted(set(tags.unique().to_list()) | {r[i] for r in rules() for i in (0, 1)})
    tag_code = {name: code for code, name in enumerate(names)}
    tag = tags.replace_strict(tag_code, return_dtype=pl.Int64).to_numpy().copy()
    sentence = np.cumsum(first)
    n = tag.size

    def at(values: np.ndarray, idx: np.ndarray, k: int) -> np.ndarray:
        j = np.clip(idx - k, 0, n - 1)
        inside = (idx - k >= 0) & (idx - k < n) & (sentence[j] == sentence[idx])
        return np.where(inside, values[j], -1)

    def tg(name: str) -> int:
        return tag_code.get(name, -2)

    def wd(name: str) -> int:
        return word_code.get(name, -2)

    def condition(idx: np.ndarray, command: str, x: str, y: str) -> np.ndarray | None:
        t = lambda k: at(tag, idx, k)  # noqa: E731
        w = lambda k: at(word, idx, k)  # noqa: E731
        tests = {
            "prevtag": lambda: t(1) == tg(x),
            "nexttag": lambda: t(-1) == tg(x),
            "prev2tag": lambda: t(2) == tg(x),
            "next2tag": lambda: t(-2) == tg(x),
            "prev1or2tag": lambda: (t(1) == tg(x)) | (t(2) == tg(x)),
            "next1or2tag": lambda: (t(-1) == tg(x)) | (t(-2) == tg(x)),
            "prev1or2or3tag": lambda: (t(1) == tg(x)) | (t(2) == tg(x)) | (t(3) == tg(x)),
            "next1or2or3tag": lambda: (t(-1) == tg(x)) | (t(-2) == tg(x)) | (t(-3) == tg(x)),
            "surroundtag": lambda: (t(1) == tg(x)) & (t(-1) == tg(y)),
            "curwd": lambda: w(0) == wd(x),
            "prevwd": lambda: w(1) == wd(x),
            "nextwd": lambda: w(-1) == wd(x),
            "prev1or2wd": lambda: (w(1) == wd(x)) | (w(2) == wd(x)),
            "next1or2wd": lambda: (w(-1) == wd(x)) | (w(-2) == wd(x)),
            "prevwdtag": lambda: (w(1) == wd(x)) & (t(1) == tg(y)),
            "nextwdtag": lambda: (w(-1) == wd(x)) & (t(-1) == tg(y)),
            "wdprevtag": lambda: (t(1) == tg(x)) & (w(0) == wd(y)),
            "wdnexttag": lambda: (w(0) == wd(x)) & (t(-1) == tg(y)),
            "wdand2aft": lambda: (w(0) == wd(x)) & (w(-2) == wd(y)),
            "wdand2tagbfr": lambda: (t(2) == tg(x)) & (w(0) == wd(y)),
            "wdand2tagaft": lambda: (w(0) == wd(x)) & (t(-2) == tg(y)),
            "lbigram": lambda: (w(1) == wd(x)) & (w(0) == wd(y)),
            "rbigram": lambda: (w(0) == wd(x)) & (w(-1) == wd(y)),
            "prevbigram": lambda: (t(2) == tg(x)) & (t(1) == tg(y)),
            "nextbigram": lambda: (t(-1) == tg(x)) & (t(-2) == tg(y)),
        }
        test = tests.get(command)
        return None if test is None else test()

    everything = np.arange(n)
    for source, target, command, x, y in rules():
        idx = everything if source == "*" else np.flatnonzero(tag == tg(source))
        if idx.size:
            hit = condition(idx, command, x, y)
            if hit is not None:
                tag[idx[hit]] = tg(target)
    return pl.Series(tags.name, names, dtype=pl.String).gather(tag)
