"""Split texts into word and punctuation tokens, with the start of every sentence marked.

Tokens are found with one regular expression over all texts at once (polars), so the cost is
linear in the corpus. A token is an abbreviation with inner periods (``e.g.``, ``U.S.``), a
listed abbreviation with its period (``al.``, ``etc.``, ``Fig.``), a decimal number
(``3.5``, ``1,000``), a word or number whose parts
may be joined by hyphens (``micro-credentials``, ``COVID-19``), a possessive ``'s``, or any
other single non-space character (punctuation). A sentence starts at the first token of a text
and after every ``.``, ``!`` or ``?`` token; abbreviation tokens never end a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

HYPHENS = "-\u2010\u2011"
ABBREVIATIONS = ("al", "etc", "vs", "cf", "fig", "figs", "eq", "eqs", "approx", "ca", "viz", "resp")
TOKEN_PATTERN = (
    r"(?:\p{L}\.){2,}"
    rf"|(?i:{'|'.join(ABBREVIATIONS)})\."
    r"|\p{N}+(?:[.,]\p{N}+)+"
    rf"|[\p{{L}}\p{{N}}]+(?:[{HYPHENS}][\p{{L}}\p{{N}}]+)*"
    r"|'s\b"
    r"|[^\s\p{L}\p{N}]"
)
SENTENCE_ENDS = (".", "!", "?")


@dataclass(frozen=True)
class Tokens:
    """All tokens of a batch of texts, in reading order, one array entry per token."""

    text: np.ndarray  # index of the text holding the token (int64, non-decreasing)
    token: pl.Series  # the token as written
    first: np.ndarray  # True where the token starts a sentence

    @property
    def size(self) -> int:
        return self.text.size


def tokenize(texts: pl.Series) -> Tokens:
    """Tokens of every text (null texts have none) with sentence starts."""
    lists = texts.str.extract_all(TOKEN_PATTERN)
    lengths = lists.list.len().fill_null(0).to_numpy().astype(np.int64)
    token = lists.list.explode().drop_nulls().rename("token")
    text = np.repeat(np.arange(lengths.size, dtype=np.int64), lengths)
    first = np.zeros(token.len(), dtype=bool)
    if token.len():
        first[0] = True
        first[1:] = (text[1:] != text[:-1]) | token.is_in(SENTENCE_ENDS).to_numpy()[:-1]
    return Tokens(text=text, token=token, first=first)
