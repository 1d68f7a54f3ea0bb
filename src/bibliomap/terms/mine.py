"""Noun-phrase occurrences of a corpus: clean, tokenize, tag, find phrases, unify (per batch).

Every step is a function of one document, so records are mined in batches of about
``batch_size`` texts and the batches' results are merged in record order: the output does not
depend on the batch size or the number of workers. With ``workers > 1`` the batches are mined by
that many worker processes (:mod:`bibliomap.processes`), each fed by a thread of the caller
(a single batch is mined in the caller: starting a worker costs about a second).
Threads alone do not scale: measured on 2 cores, two mining threads ran only 5-12% faster than
one, because parts of the pipeline hold the GIL. Each batch returns its own vocabulary of
unified phrases and (document, phrase, count) triples, so memory holds each phrase string once
per batch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
import pyarrow as pa

from bibliomap.processes import map_in_processes
from bibliomap.terms.clean import clean_text
from bibliomap.terms.context import apply_context
from bibliomap.terms.phrases import EXCLUDED_NOUNS, phrase_tokens
from bibliomap.terms.tagger import tag_tokens
from bibliomap.terms.tokenize import tokenize
from bibliomap.terms.unify import normalize_word, singular_form


@dataclass(frozen=True)
class Occurrences:
    """Phrase occurrences: ``labels`` (unified phrases) and (doc, code, count) triples."""

    labels: pl.Series  # unified phrase of each code
    doc: np.ndarray  # record row (int32)
    code: np.ndarray  # index into labels (int32)
    count: np.ndarray  # occurrences of the phrase in the record (int32)


def _word_forms(tokens: pl.Series, last: np.ndarray) -> pl.Series:
    """Normalized words; the last word of each phrase in its singular form."""
    frame = pl.DataFrame({"token": tokens, "last": last})
    kinds = frame.unique(maintain_order=False)
    forms = [
        singular_form(token) if is_last else normalize_word(token)
        for token, is_last in kinds.iter_rows()
    ]
    table = kinds.with_columns(pl.Series("word", forms, dtype=pl.String))
    return frame.join(table, on=["token", "last"], how="left", maintain_order="left")["word"]


def _join_phrases(words: pl.Series, phrase: np.ndarray) -> pl.Series:
    """One label per phrase: its non-empty words joined by spaces (phrase numbers ascending)."""
    keep = (words.str.len_bytes() > 0).to_numpy()
    words, phrase = words.filter(pl.Series(keep)), phrase[keep]
    n_phrases = int(phrase[-1]) + 1 if phrase.size else 0
    sizes = np.bincount(phrase, minlength=n_phrases)
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    lists = pa.LargeListArray.from_arrays(pa.array(offsets), words.to_arrow())
    return pl.Series("label", lists).list.join(" ")


def mine_texts(texts: pl.DataFrame, *, remove_copyright: bool = True) -> Occurrences:
    """Phrase occurrences of ``texts`` (columns ``doc`` int64 and ``text`` string)."""
    cleaned = texts.select(clean_text(pl.col("text"), boilerplate=remove_copyright))["text"]
    tokens = tokenize(cleaned)
    tags = apply_context(tokens.token, tag_tokens(tokens.token, tokens.first), tokens.first)
    found = phrase_tokens(tokens.token, tags, tokens.text)
    words = _word_forms(tokens.token.gather(found.token), found.last)
    labels = _join_phrases(words, found.phrase)
    first_token = found.token[np.flatnonzero(np.r_[True, np.diff(found.phrase) != 0])]
    phrases = pl.DataFrame(
        {"doc": texts["doc"].to_numpy()[tokens.text[first_token]], "label": labels}
    ).filter(
        (pl.col("label").str.len_chars() > 1)
        & ~pl.col("label").is_in(list(EXCLUDED_NOUNS))
        & pl.col("label").str.contains(r"\p{L}")
    )
    counted = phrases.group_by("doc", "label").len("count")
    vocabulary = counted["label"].unique().sort()
    coded = counted.join(
        pl.DataFrame({"label": vocabulary, "code": np.arange(vocabulary.len(), dtype=np.int64)}),
        on="label",
    ).sort("doc", "code")
    return Occurrences(
        labels=vocabulary,
        doc=coded["doc"].to_numpy().astype(np.int32),
        code=coded["code"].to_numpy().astype(np.int32),
        count=coded["count"].to_numpy().astype(np.int32),
    )


def record_texts(records: pl.DataFrame, fields: Sequence[str]) -> pl.DataFrame:
    """One text per record and field (``doc`` = record row), empty texts left out."""
    parts = [
        records.select(
            pl.int_range(pl.len(), dtype=pl.Int64).alias("doc"),
            pl.col(field).cast(pl.String).alias("text"),
        )
        for field in fields
    ]
    texts = pl.concat(parts) if parts else pl.DataFrame(schema={"doc": pl.Int64, "text": pl.String})
    return texts.filter(pl.col("text").str.strip_chars().str.len_bytes() > 0).sort(
        "doc", maintain_order=True
    )


def _batches(texts: pl.DataFrame, batch_size: int) -> Iterator[pl.DataFrame]:
    """Consecutive slices of ``texts`` that never split a record's texts."""
    docs = texts["doc"].to_numpy()
    start = 0
    while start < docs.size:
        stop = min(start + batch_size, docs.size)
        stop = int(np.searchsorted(docs, docs[stop - 1], side="right"))
        yield texts.slice(start, stop - start)
        start = stop


def merge_occurrences(parts: list[Occurrences]) -> Occurrences:
    """One vocabulary (sorted) and the triples of all batches re-coded into it."""
    if not parts:
        empty = np.zeros(0, dtype=np.int32)
        return Occurrences(pl.Series("label", [], dtype=pl.String), empty, empty, empty)
    labels = pl.concat([part.labels for part in parts]).unique().sort()
    lookup = pl.DataFrame({"label": labels, "code": np.arange(labels.len(), dtype=np.int32)})
    codes = [
        pl.DataFrame({"label": part.labels})
        .join(lookup, on="label", how="left", maintain_order="left")["code"]
        .to_numpy()[part.code]
        for part in parts
    ]
    return Occurrences(
        labels=labels,
        doc=np.concatenate([part.doc for part in parts]),
        code=np.concatenate(codes).astype(np.int32),
        count=np.concatenate([part.count for part in parts]),
    )


def _mine_batch(remove_copyright: bool, texts: pl.DataFrame) -> Occurrences:
    """:func:`mine_texts` in a worker process (:func:`bibliomap.processes.map_in_processes`)."""
    return mine_texts(texts, remove_copyright=remove_copyright)


def mine_records(
    records: pl.DataFrame,
    *,
    fields: Sequence[str] = ("title", "abstract"),
    remove_copyright: bool = True,
    workers: int = 1,
    batch_size: int = 20_000,
) -> Occurrences:
    """Phrase occurrences in ``fields`` of all records (``doc`` = record row)."""
    texts = record_texts(records, fields)
    batches = list(_batches(texts, max(1, batch_size)))
    if workers <= 1 or len(batches) <= 1:
        return merge_occurrences(
            [mine_texts(batch, remove_copyright=remove_copyright) for batch in batches]
        )
    found = map_in_processes(
        _mine_batch, remove_copyright, iter(batches), workers=min(workers, len(batches))
    )
    return merge_occurrences(found)
