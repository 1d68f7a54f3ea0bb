"""What a reader should recover from a demo export: the ground truth for round-trip tests."""

from __future__ import annotations

import polars as pl

from bibliomap.demo.corpus import DemoCorpus
from bibliomap.demo.render import people_table
from bibliomap.demo.topics import TOPIC_NAMES


def expected_records(corpus: DemoCorpus) -> pl.DataFrame:
    """Per document: DOI, title, year, authors (and their count), keywords, references, topic.

    Authors are in the canonical ``Surname, I.N.`` form of :func:`bibliomap.io.fields.author_name`;
    DOIs are lower case as :func:`bibliomap.io.fields.doi` leaves them. Rows are in ``doc``
    order (oldest first), not in file order.
    """
    people = (
        people_table(corpus)
        .group_by("doc", maintain_order=True)
        .agg(pl.col("canonical").alias("authors"), pl.len().cast(pl.Int64).alias("n_authors"))
    )
    keywords = corpus.author_keywords.group_by("doc", maintain_order=True).agg(
        pl.col("keyword").alias("author_keywords")
    )
    index_terms = corpus.index_keywords.group_by("doc", maintain_order=True).agg(
        pl.col("keyword").alias("index_keywords")
    )
    references = corpus.references.group_by("doc").agg(pl.len().alias("n_references"))
    empty = pl.lit([], dtype=pl.List(pl.String))
    return (
        corpus.docs.select(
            "doc",
            "doi",
            "eid",
            "ut",
            "openalex_id",
            "title",
            pl.col("year").cast(pl.Int32),
            "document_type",
            "cited_by",
            pl.col("topic").replace_strict(dict(enumerate(TOPIC_NAMES))).alias("topic"),
        )
        .join(people, on="doc", how="left", maintain_order="left")
        .join(keywords, on="doc", how="left", maintain_order="left")
        .join(index_terms, on="doc", how="left", maintain_order="left")
        .join(references, on="doc", how="left", maintain_order="left")
        .with_columns(
            pl.col("author_keywords").fill_null(empty),
            pl.col("index_keywords").fill_null(empty),
            pl.col("n_references").fill_null(0).cast(pl.Int64),
        )
    )
