"""The canonical record table every stage reads (documented in docs/records.md).

Readers return frames with (a subset of) these columns; :func:`conform` adds the
missing ones as nulls / empty lists and fixes types and column order, so every
reader's output can be concatenated and written as ``records.parquet``.
"""

from __future__ import annotations

import polars as pl

REFERENCE = pl.Struct(
    {
        "raw": pl.String,
        "doi": pl.String,
        "first_author": pl.String,
        "year": pl.Int32,
        "source": pl.String,
        "volume": pl.String,
        "page": pl.String,
        "title": pl.String,
    }
)

SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String,
    "databases": pl.List(pl.String),
    "origin": pl.List(pl.String),
    "eid": pl.String,
    "ut": pl.String,
    "pmid": pl.String,
    "openalex_id": pl.String,
    "lens_id": pl.String,
    "dimensions_id": pl.String,
    "doi": pl.String,
    "title": pl.String,
    "abstract": pl.String,
    "year": pl.Int32,
    "document_type": pl.String,
    "document_type_raw": pl.String,
    "language": pl.String,
    "source_title": pl.String,
    "source_abbrev": pl.String,
    "issn": pl.String,
    "publisher": pl.String,
    "volume": pl.String,
    "issue": pl.String,
    "page_start": pl.String,
    "page_end": pl.String,
    "authors": pl.List(pl.String),
    "author_full_names": pl.List(pl.String),
    "author_ids": pl.List(pl.String),
    "author_affiliations": pl.List(pl.String),
    "affiliations": pl.List(pl.String),
    "organizations": pl.List(pl.String),
    "countries": pl.List(pl.String),
    "author_keywords": pl.List(pl.String),
    "index_keywords": pl.List(pl.String),
    "references": pl.List(REFERENCE),
    "cited_by": pl.Int64,
    "open_access": pl.String,
    "funding": pl.String,
}

DOCUMENT_TYPES = (
    "article",
    "review",
    "conference paper",
    "book chapter",
    "book",
    "editorial",
    "letter",
    "other",
)

LIST_COLUMNS = tuple(name for name, dtype in SCHEMA.items() if isinstance(dtype, pl.List))


def empty() -> pl.DataFrame:
    """An empty record table with the canonical schema."""
    return pl.DataFrame(schema=SCHEMA)


def conform(frame: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """Cast ``frame`` to the canonical schema: add missing columns, order them, drop others.

    Null lists become ``[]``. In a collected frame only list columns holding nulls are
    filled: filling rebuilds a column, and the reference structs' empty fields would then
    take memory (16 bytes a value) instead of none.
    """
    lazy = frame.lazy()
    present = set(lazy.collect_schema().names())
    exprs = []
    for name, dtype in SCHEMA.items():
        if name in present:
            expr = pl.col(name).cast(dtype)
        else:
            expr = pl.lit(None, dtype=dtype).alias(name)
        if isinstance(dtype, pl.List) and _may_hold_nulls(frame, name):
            expr = expr.fill_null(pl.lit([], dtype=dtype))
        exprs.append(expr)
    return lazy.select(exprs)


def _may_hold_nulls(frame: pl.DataFrame | pl.LazyFrame, name: str) -> bool:
    """Whether column ``name`` may hold nulls (a missing or lazy column may)."""
    if isinstance(frame, pl.LazyFrame) or name not in frame.columns:
        return True
    return frame.get_column(name).null_count() > 0
