"""Reader for PubMed / MEDLINE tagged exports (``.nbib``, ``.txt``; ``PMID- ...`` records).

Lines are split into fields by :mod:`bibliomap.io.tagged` (tags padded to four characters,
``- `` before the value, six-space continuation lines, CRLF or LF). Mapping:

- ``PMID`` -> ``pmid``; ``LID``/``AID`` values marked ``[doi]`` -> ``doi``;
- ``TI`` (else ``BTI``, a book title) -> ``title``; ``AB`` -> ``abstract``; ``DP`` -> ``year``;
- ``PT`` -> ``document_type_raw`` (``; ``-joined); ``document_type`` is the most specific of the
  mapped types: review, editorial, letter, conference paper, book chapter, book, article, other
  (so ``Journal Article; Review`` is a review);
- ``LA`` -> ``language``; ``JT`` (else ``CTI``, a book's collection) -> ``source_title``;
  ``TA`` -> ``source_abbrev``; ``IS`` -> ``issn`` (distinct codes, ``; ``); ``PB`` -> publisher;
  ``VI``, ``IP`` -> volume, issue; ``PG`` -> first and last page (MEDLINE's abbreviated last
  page ``123-45`` is expanded to ``145``);
- authors: each ``FAU`` (or an ``AU`` without one) starts an author; ``AU`` (``Dai Z``) gives
  ``authors`` (``Dai, Z.``; from ``FAU`` when there is no ``AU``), ``FAU`` gives
  ``author_full_names`` (else the ``AU`` form), the ``AD`` lines that follow give the author's
  ``author_affiliations`` (``; ``-joined, ``""`` when none); ``affiliations`` are all distinct
  ``AD`` values, in order, without the final period;
- ``OT`` -> ``author_keywords``; ``MH`` (MeSH) -> ``index_keywords``: the descriptor only
  (qualifiers after ``/`` and the major-topic ``*`` removed), distinct;
- ``GR`` -> ``funding`` (``; ``). PubMed exports carry no citation counts nor cited references
  (``cited_by`` stays null).
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from bibliomap import records as canonical
from bibliomap.flow import Skipped
from bibliomap.io import fields, tagged

FORMAT = "pubmed"
DATABASE = "pubmed"

_TEXT = ("PMID", "TI", "BTI", "AB", "DP", "JT", "CTI", "TA", "VI", "IP", "PG", "PB")
_LISTS = ("LID", "AID", "PT", "LA", "IS", "OT", "MH", "GR")
_AUTHOR_TAGS = ("FAU", "AU", "AD")
# Most specific first: a record typed "Journal Article" and "Review" is a review.
_TYPE_PRIORITY = (
    "review",
    "editorial",
    "letter",
    "conference paper",
    "book chapter",
    "book",
    "article",
    "other",
)
_SNIFF = re.compile(r"\s*PMID- ?\d")


def sniff(head: str) -> bool:
    """Whether ``head`` starts like a MEDLINE export (first field ``PMID- <digits>``)."""
    return _SNIFF.match(head) is not None


def read(path: Path) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """The records of a MEDLINE export, and the malformed records skipped."""
    path = Path(path)
    parsed = tagged.parse(path, tagged.MEDLINE)
    texts = tagged.per_field(parsed, _TEXT).with_columns(
        pl.col(tag).list.join(" ") for tag in _TEXT
    )
    lists = tagged.per_field(parsed, _LISTS).drop("record")
    frame = pl.concat([texts, lists], how="horizontal").lazy()
    people = _authors(parsed)
    selected = frame.select(
        "record",
        pl.concat_list(pl.lit(DATABASE)).alias("databases"),
        tagged.origin(path, pl.col("record")).alias("origin"),
        fields.text(pl.col("PMID")).alias("pmid"),
        _doi().alias("doi"),
        pl.coalesce(fields.text(pl.col("TI")), fields.text(pl.col("BTI"))).alias("title"),
        fields.text(pl.col("AB")).alias("abstract"),
        fields.year(pl.col("DP")).alias("year"),
        _document_type().alias("document_type"),
        fields.text(_joined("PT")).alias("document_type_raw"),
        fields.language(_joined("LA")).alias("language"),
        pl.coalesce(fields.text(pl.col("JT")), fields.text(pl.col("CTI"))).alias("source_title"),
        fields.text(pl.col("TA")).alias("source_abbrev"),
        _issn().alias("issn"),
        fields.text(pl.col("PB")).alias("publisher"),
        fields.text(pl.col("VI")).alias("volume"),
        fields.text(pl.col("IP")).alias("issue"),
        *_pages(fields.text(pl.col("PG"))),
        _values("OT").alias("author_keywords"),
        _mesh().alias("index_keywords"),
        fields.text(_joined("GR")).alias("funding"),
    )
    joined = selected.join(people, on="record", how="left", maintain_order="left")
    frame = canonical.conform(joined).collect(engine=tagged.ENGINE)
    return tagged.compact(frame), parsed.skipped


def _joined(tag: str) -> pl.Expr:
    """A repeated tag's values joined by ``; ``."""
    return pl.col(tag).list.join("; ")


def _values(tag: str) -> pl.Expr:
    """A repeated tag's values, whitespace-collapsed, empty ones dropped, distinct."""
    values = pl.col(tag).list.eval(fields.text(pl.element())).list.drop_nulls()
    return values.list.unique(maintain_order=True)


def _doi() -> pl.Expr:
    """The first ``LID``/``AID`` value marked ``[doi]``."""
    marked = pl.concat_list(
        pl.col("LID").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        pl.col("AID").fill_null(pl.lit([], dtype=pl.List(pl.String))),
    ).list.eval(pl.element().filter(pl.element().str.ends_with("[doi]")))
    return fields.doi(marked.list.first().str.strip_suffix("[doi]"))


def _document_type() -> pl.Expr:
    """The most specific common type among the record's publication types."""
    mapped = pl.col("PT").list.eval(fields.document_type(pl.element()))
    chosen = pl.lit(None, dtype=pl.String)
    for name in reversed(_TYPE_PRIORITY):
        chosen = pl.when(mapped.list.contains(name)).then(pl.lit(name)).otherwise(chosen)
    return chosen


def _issn() -> pl.Expr:
    """Distinct ISSNs of the ``IS`` lines (``2296-2565 (Electronic)``), ``; ``-joined."""
    codes = pl.col("IS").list.eval(
        pl.element().str.extract(r"^\s*(\d{4}-?\d{3}[\dXx])", 1).drop_nulls()
    )
    joined = codes.list.unique(maintain_order=True).list.join("; ")
    return pl.when(joined == "").then(None).otherwise(joined)


def _pages(pages: pl.Expr) -> list[pl.Expr]:
    """First and last page of ``PG`` (first range only), abbreviated last pages expanded."""
    first_range = pages.str.split(",").list.first().str.strip_chars()
    start = fields.text(first_range.str.extract(r"^([^-]+)", 1))
    end = fields.text(first_range.str.extract(r"-\s*(.+)$", 1))
    abbreviated = (
        start.str.contains(r"^\d+$")
        & end.str.contains(r"^\d+$")
        & (end.str.len_chars() < start.str.len_chars())
    )
    prefix = start.str.slice(0, start.str.len_chars() - end.str.len_chars())
    full_end = pl.when(abbreviated).then(prefix + end).otherwise(end)
    return [start.alias("page_start"), full_end.alias("page_end")]


def _mesh() -> pl.Expr:
    """MeSH descriptors without qualifiers and major-topic stars, distinct, in order."""
    descriptors = pl.col("MH").list.eval(
        fields.text(pl.element().str.split("/").list.first().str.replace_all("*", "", literal=True))
    )
    return descriptors.list.drop_nulls().list.unique(maintain_order=True)


def _authors(parsed: tagged.Tagged) -> pl.LazyFrame:
    """Per record: authors, full names, their affiliations, and all affiliations."""
    rows = (
        parsed.lines.lazy()
        .filter(pl.col("tag").is_in(_AUTHOR_TAGS))
        .group_by("record", "field", "tag")
        .agg(pl.col("value").str.join(" "))
        .sort("field")
    )
    previous = pl.col("tag").shift(1).over("record")
    starts = (pl.col("tag") == "FAU") | (
        (pl.col("tag") == "AU") & (previous != "FAU").fill_null(True)
    )
    grouped = rows.with_columns(starts.cast(pl.UInt32).cum_sum().over("record").alias("author"))
    address = fields.text(pl.col("value").str.strip_chars_end("."))
    per_author = (
        grouped.filter(pl.col("author") > 0)
        .group_by("record", "author")
        .agg(
            pl.col("value").filter(pl.col("tag") == "FAU").first().alias("full"),
            pl.col("value").filter(pl.col("tag") == "AU").first().alias("short"),
            address.filter(pl.col("tag") == "AD").drop_nulls().str.join("; ").alias("where"),
        )
        .sort("record", "author")
    )
    short = pl.col("short").str.replace(r"^(.+?)\s+(\p{Lu}{1,4})$", "$1, $2")
    authors = (
        per_author.group_by("record")
        .agg(
            pl.coalesce(fields.author_name(short), fields.author_name(pl.col("full"))).alias(
                "authors"
            ),
            pl.coalesce(fields.text(pl.col("full")), fields.text(pl.col("short"))).alias(
                "author_full_names"
            ),
            pl.col("where").alias("author_affiliations"),
        )
        .with_columns(_known(pl.col("author_affiliations")))
    )
    affiliations = (
        grouped.filter(pl.col("tag") == "AD")
        .group_by("record")
        .agg(address.drop_nulls().unique(maintain_order=True).alias("affiliations"))
    )
    return authors.join(affiliations, on="record", how="full", coalesce=True)


def _known(aligned: pl.Expr) -> pl.Expr:
    """An author-aligned list, or ``[]`` when it holds no value (a merge then prefers a list that
    does)."""
    has_value = aligned.list.eval(pl.element() != "").list.any()
    return pl.when(has_value).then(aligned).otherwise(pl.lit([], dtype=pl.List(pl.String)))
