"""Part-of-speech tags of tokens: the Brill lexicon tagger that textblob ships, vectorized.

textblob's ``PatternTagger`` (pattern.en, Brill 1992) tags a token by this procedure, which we
reproduce exactly from the model files shipped inside the ``textblob`` package (no download):

1. the token's tag in the lexicon ``en-lexicon.txt`` (the first token of a sentence, when
   absent, is looked up in lower case);
2. an unknown token that is title-cased (``str.istitle``) is ``NNP``; one of digits and
   ``-,.:/%$`` only is ``CD``;
3. any other unknown token gets the suffix rules (in this order, the last match wins): ``-ing``
   VBG, ``-ly`` RB, ``-s`` (not ``-is``/``-ous``/``-ss``) NNS, ``-able -al -ful -ible -ient -ish
   -ive -less -tic -ous`` or any hyphen JJ, ``-ed`` VBN, ``-ate -ify -ise -ize`` VBP; else NN.

textblob's tagger applies no contextual rules (its parser passes none), so a tag depends on
the token and on whether it starts a sentence only. That makes the tagger a function over the
vocabulary: each distinct (token, sentence start) pair is tagged once in Python and the tags are
joined back onto all tokens, which is linear in the corpus and fast.

One documented departure (``hyphen_nouns=True``, the default): rule 3 tags every unknown
hyphenated word as an adjective, so "micro-credentials" would never end a noun phrase. We tag
an unknown hyphenated word by its last part (lower-cased, tagged as above) instead when that
part is a common noun (``credentials`` -> NNS), and keep JJ otherwise ("e-learning",
"cross-disciplinary", "COVID-19").
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl

from bibliomap.errors import BibliomapError

NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
ADJECTIVE_TAGS = frozenset({"JJ", "JJR", "JJS"})
_NUMBER = re.compile(r"^[0-9\-\,\.\:\/\%\$]+$")
_ADJECTIVE_SUFFIXES = ("able", "al", "ful", "ible", "ient", "ish", "ive", "less", "tic", "ous")


def model_file(name: str) -> Path:
    """A model file shipped inside textblob, found without importing textblob (and nltk)."""
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise BibliomapError("the textblob package is not installed (pip install textblob)")
    return Path(next(iter(spec.submodule_search_locations))) / "en" / name


@cache
def lexicon() -> dict[str, str]:
    """Word -> tag of textblob's Brill lexicon (later lines win, as in textblob)."""
    text = model_file("en-lexicon.txt").read_text(encoding="utf-8")
    entries: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith(";;;"):
            word, tag = line.split(" ")[:2]
            entries[word] = tag
    return entries


def suffix_tag(token: str) -> str:
    """textblob's default English suffix rules for an unknown word (last match wins)."""
    tag = "NN"
    if token.endswith("ing"):
        tag = "VBG"
    if token.endswith("ly"):
        tag = "RB"
    if token.endswith("s") and not token.endswith(("is", "ous", "ss")):
        tag = "NNS"
    if token.endswith(_ADJECTIVE_SUFFIXES) or "-" in token:
        tag = "JJ"
    if token.endswith("ed"):
        tag = "VBN"
    if token.endswith(("ate", "ify", "ise", "ize")):
        tag = "VBP"
    return tag


def tag_word(token: str, *, first: bool = False, hyphen_nouns: bool = True) -> str:
    """The tag of one token (``first``: it starts a sentence)."""
    words = lexicon()
    tag = words.get(token) or (words.get(token.lower()) if first else None)
    if tag is not None:
        return tag
    if token.istitle():
        return "NNP"
    if _NUMBER.match(token):
        return "CD"
    tag = suffix_tag(token)
    if hyphen_nouns and "-" in token and tag == "JJ":
        head = tag_word(token.rsplit("-", 1)[1].lower(), hyphen_nouns=False)
        if head in ("NN", "NNS"):
            return head
    return tag


def tag_tokens(tokens: pl.Series, first: np.ndarray, *, hyphen_nouns: bool = True) -> pl.Series:
    """Tags of all ``tokens`` (``first`` marks sentence starts), each distinct case tagged once."""
    frame = pl.DataFrame({"token": tokens, "first": first})
    kinds = frame.unique(maintain_order=False)
    tags = [
        tag_word(token, first=start, hyphen_nouns=hyphen_nouns)
        for token, start in kinds.iter_rows()
    ]
    table = kinds.with_columns(pl.Series("tag", tags, dtype=pl.String))
    return frame.join(table, on=["token", "first"], how="left", maintain_order="left")["tag"]
