"""Noun phrases: maximal ``(ADJ|NOUN)* NOUN`` runs of tagged tokens (METHODS.md sec. 1.3-1.4).

A run is a maximal sequence of consecutive tokens of one text that are each a noun or an
adjective; any other token (verb, determiner, preposition, number, punctuation, sentence end)
ends it, so a phrase never crosses a sentence and never holds a preposition ("degrees of
freedom" gives "degrees" and "freedom"). Trailing adjectives are cut, since a phrase ends with a
noun; a run without a noun gives nothing. Only the longest phrase counts: the words inside a
phrase are not phrases of their own. Never part of a phrase: the excluded adjectives of the
VOSviewer manual (whatever their tag), abbreviation tokens ending in a period (``al.``), and
tokens without a letter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from bibliomap.terms.tagger import ADJECTIVE_TAGS, NOUN_TAGS

EXCLUDED_ADJECTIVES = frozenset(
    [
        "all",
        "another",
        "any",
        "both",
        "different",
        "each",
        "either",
        "every",
        "few",
        "fewer",
        "fewest",
        "least",
        "less",
        "little",
        "many",
        "more",
        "most",
        "much",
        "neither",
        "other",
        "same",
        "several",
        "some",
        "such",
        "various",
    ]
)
"""Adjectives that never belong to a noun phrase (VOSviewer manual, sec. 3.5.4)."""

EXCLUDED_NOUNS = frozenset(
    [
        "aim",
        "background",
        "conclusion",
        "design",
        "discussion",
        "finding",
        "introduction",
        "material",
        "method",
        "objective",
        "purpose",
        "result",
        "setting",
        "summary",
    ]
)
"""Nouns (unified) that are never a term on their own: structured-abstract labels."""


@dataclass(frozen=True)
class Phrases:
    """Tokens that belong to a phrase: their position, phrase number and whether they end it."""

    token: np.ndarray  # index into the token arrays
    phrase: np.ndarray  # phrase number, 0.. in reading order
    last: np.ndarray  # True for the phrase's last word (its head noun)


def phrase_tokens(tokens: pl.Series, tags: pl.Series, text: np.ndarray) -> Phrases:
    """The tokens of all longest noun phrases (``text``: each token's text index)."""
    lower = tokens.str.to_lowercase()
    usable = (
        tokens.str.contains(r"\p{L}")
        & ~tokens.str.ends_with(".")
        & ~lower.is_in(list(EXCLUDED_ADJECTIVES))
    ).to_numpy()
    noun = tags.is_in(list(NOUN_TAGS)).to_numpy() & usable
    part = (tags.is_in(list(ADJECTIVE_TAGS)).to_numpy() & usable) | noun
    starts = part.copy()
    starts[1:] &= ~part[:-1] | (text[1:] != text[:-1])
    run = np.cumsum(starts) - 1
    index = np.flatnonzero(part)
    if index.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Phrases(token=empty, phrase=empty, last=np.zeros(0, dtype=bool))
    run_of = run[index]
    last_noun = np.full(run_of[-1] + 1, -1, dtype=np.int64)
    noun_index = np.flatnonzero(noun)
    np.maximum.at(last_noun, run[noun_index], noun_index)
    keep = index <= last_noun[run_of]
    kept = index[keep]
    kept_run = run_of[keep]
    phrase = np.unique(kept_run, return_inverse=True)[1].astype(np.int64)
    return Phrases(token=kept, phrase=phrase, last=kept == last_noun[kept_run])
