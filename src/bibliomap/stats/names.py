"""Names counted per document: one key per name, the spelling shown, and ranked tables.

Sources, authors, organizations, countries and keywords are compared by their *key*: the text
in lower case with runs of whitespace collapsed, so ``JOURNAL OF X`` and ``Journal of X`` are one
source. A key is shown by its most frequent spelling (ties: the alphabetically first). A name
counts once per document however often the document lists it.
"""

from __future__ import annotations

import polars as pl

DOC = "_doc"


def name_key(expr: pl.Expr) -> pl.Expr:
    """The comparison key of a name: lower case, whitespace collapsed and stripped."""
    return expr.str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()


def numbered(records: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """The records with their row number in ``_doc`` (a document id independent of ``id``)."""
    return records.lazy().with_row_index(DOC)


def occurrences(records: pl.DataFrame | pl.LazyFrame, column: str) -> pl.LazyFrame:
    """One row per document and distinct name key: ``_doc``, ``key``, ``name``, ``cited_by``.

    ``column`` is a list column (authors, keywords...) or a text column (``source_title``);
    null and blank names are left out; a document's first spelling of a key is kept.
    """
    frame = numbered(records).select(DOC, pl.col(column).alias("name"), "cited_by")
    if isinstance(frame.collect_schema()["name"], pl.List):
        frame = frame.explode("name")
    return (
        frame.with_columns(key=name_key(pl.col("name")))
        .filter(pl.col("key").is_not_null() & (pl.col("key") != ""))
        .unique([DOC, "key"], keep="first", maintain_order=True)
    )


def labels(found: pl.LazyFrame) -> pl.LazyFrame:
    """Key -> ``label``: the most frequent spelling of each key (ties: alphabetically first)."""
    return (
        found.group_by("key", "name")
        .agg(pl.len().alias("_n"))
        .sort(["key", "_n", "name"], descending=[False, True, False])
        .group_by("key", maintain_order=True)
        .agg(pl.col("name").first().alias("label"))
    )


def distinct(records: pl.DataFrame | pl.LazyFrame, column: str) -> int:
    """Number of distinct name keys in ``column``."""
    return int(occurrences(records, column).select(pl.col("key").n_unique()).collect().item())


def ranked(table: pl.DataFrame, by: list[str], *, top_n: int | None) -> pl.DataFrame:
    """``table`` sorted by ``by`` (descending) then ``label``, cut to ``top_n`` rows, ranked."""
    ordered = table.sort([*by, "label", "key"], descending=[True] * len(by) + [False, False])
    cut = ordered if top_n is None else ordered.head(top_n)
    return cut.with_row_index("rank", offset=1).with_columns(pl.col("rank").cast(pl.Int64))
