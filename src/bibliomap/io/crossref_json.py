"""Reader for Crossref REST API works: ``message.items`` (work list), one ``message`` work, a
list of works, or JSON Lines of either.

Parsing, typing and skipping of malformed works are shared with
:mod:`bibliomap.io.openalex_json`. Mapping:

- ``DOI`` -> ``doi``; ``title[0]`` -> ``title``; ``abstract`` (JATS XML) -> ``abstract`` with
  its ``<jats:title>`` heading dropped, other tags removed and entities decoded;
- year: first of ``issued``, ``published-print``, ``published-online``, ``published``,
  ``created`` (``date-parts``); ``type`` (``journal-article``) -> document types;
  ``language``; ``container-title[0]`` -> ``source_title``; ``short-container-title[0]`` ->
  ``source_abbrev``; ``ISSN`` (``; ``); ``publisher``; ``volume``; ``issue``; ``page``
  (``111-180``) -> first and last page;
- ``author``: ``family, given`` -> ``authors`` (``Surname, I.N.``; an organization's ``name``
  as written), ``given family`` -> ``author_full_names``, ``ORCID`` -> ``author_ids`` (``""``
  when absent), ``affiliation[].name`` -> ``author_affiliations`` (``; ``) and, distinct,
  ``affiliations``;
- ``reference`` -> ``references``: ``raw`` is ``unstructured`` when given, else the structured
  parts ``author, year, article-title, journal-title (or volume-title), volume, first-page, DOI``
  joined by ``, ``; ``doi``, ``first_author``, ``year``, ``source``, ``volume``, ``page`` and
  ``title`` come from those keys;
- ``is-referenced-by-count`` -> ``cited_by``; ``funder`` -> ``funding`` (``name (awards)``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polars as pl

from bibliomap import records as canonical
from bibliomap.flow import Skipped
from bibliomap.io import fields, tagged
from bibliomap.io.openalex_json import frame_of, load_documents, unescape_html, works_of

FORMAT = "crossref-json"
DATABASE = "crossref"

_DATE = pl.Struct({"date-parts": pl.List(pl.List(pl.Int64))})
_DATES = ("issued", "published-print", "published-online", "published", "created")
_REFERENCE_KEYS = (
    "DOI",
    "unstructured",
    "article-title",
    "journal-title",
    "volume-title",
    "author",
    "year",
    "volume",
    "first-page",
)
SCHEMA: dict[str, pl.DataType] = {
    "DOI": pl.String,
    "title": pl.List(pl.String),
    "abstract": pl.String,
    "type": pl.String,
    "language": pl.String,
    "container-title": pl.List(pl.String),
    "short-container-title": pl.List(pl.String),
    "ISSN": pl.List(pl.String),
    "publisher": pl.String,
    "volume": pl.String,
    "issue": pl.String,
    "page": pl.String,
    **{name: _DATE for name in _DATES},
    "author": pl.List(
        pl.Struct(
            {
                "given": pl.String,
                "family": pl.String,
                "name": pl.String,
                "ORCID": pl.String,
                "affiliation": pl.List(pl.Struct({"name": pl.String})),
            }
        )
    ),
    "reference": pl.List(pl.Struct({key: pl.String for key in _REFERENCE_KEYS})),
    "is-referenced-by-count": pl.Int64,
    "funder": pl.List(pl.Struct({"name": pl.String, "award": pl.List(pl.String)})),
}
"""The fields of a Crossref work this reader uses, with their types."""

_EXPECTED = (
    'Crossref works: {"message": {"items": [...]}}, {"message": <work>}, a list of works, or one '
    "per line"
)
_SNIFF = re.compile(r'"message-type"\s*:\s*"work(?:-list)?"|"is-referenced-by-count"\s*:')


def sniff(head: str) -> bool:
    """Whether ``head`` is JSON from the Crossref works API (``message-type`` ``work(-list)``)."""
    return head.lstrip()[:1] in ("{", "[") and _SNIFF.search(head) is not None


def read(path: Path) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """The works of a Crossref JSON export, and the malformed works skipped."""
    path = Path(path)
    documents = load_documents(path, tagged.text_bytes(path))
    works, not_objects = works_of(documents, path, unwrap=_items, expected=_EXPECTED)
    frame, bad_types = frame_of(works, SCHEMA, path)
    selected = frame.lazy().select(_columns(path))
    skipped = sorted((*not_objects, *bad_types), key=lambda item: int(item.record or 0))
    return canonical.conform(selected).collect(engine=tagged.ENGINE), tuple(skipped)


def _items(value: Any) -> list[Any] | None:
    """The works of a Crossref document: ``message.items``, ``message``, a list, or a work."""
    if isinstance(value, list):
        return value
    message = value.get("message", value) if isinstance(value, dict) else None
    if isinstance(message, dict) and isinstance(message.get("items"), list):
        return message["items"]
    if isinstance(message, dict) and "DOI" in message:
        return [message]
    return None


def _columns(path: Path) -> list[pl.Expr]:
    """The canonical columns of the works frame."""
    pages = pl.col("page").str.split("-")
    return [
        pl.concat_list(pl.lit(DATABASE)).alias("databases"),
        tagged.origin(path, pl.col("record")).alias("origin"),
        fields.doi(pl.col("DOI")).alias("doi"),
        fields.text(_markup_free(pl.col("title").list.first())).alias("title"),
        fields.text(_markup_free(_without_headings(pl.col("abstract")))).alias("abstract"),
        pl.coalesce(*(_year(name) for name in _DATES)).alias("year"),
        fields.document_type(pl.col("type")).alias("document_type"),
        fields.text(pl.col("type")).alias("document_type_raw"),
        fields.language(pl.col("language")).alias("language"),
        fields.text(_markup_free(pl.col("container-title").list.first())).alias("source_title"),
        fields.text(pl.col("short-container-title").list.first()).alias("source_abbrev"),
        fields.text(pl.col("ISSN").list.drop_nulls().list.join("; ")).alias("issn"),
        fields.text(pl.col("publisher")).alias("publisher"),
        fields.text(pl.col("volume")).alias("volume"),
        fields.text(pl.col("issue")).alias("issue"),
        fields.text(pages.list.first()).alias("page_start"),
        fields.text(pl.when(pages.list.len() > 1).then(pages.list.last())).alias("page_end"),
        *_author_columns(),
        _references().alias("references"),
        pl.col("is-referenced-by-count").alias("cited_by"),
        _funding().alias("funding"),
    ]


def _markup_free(text: pl.Expr) -> pl.Expr:
    """Text without XML/HTML tags, entities decoded."""
    return unescape_html(text.str.replace_all(r"<[^>]*>", " "))


def _without_headings(text: pl.Expr) -> pl.Expr:
    """JATS text without its ``<jats:title>`` headings (``Abstract``)."""
    return text.str.replace_all(r"(?s)<(?:jats:)?title>.*?</(?:jats:)?title>", " ")


def _year(name: str) -> pl.Expr:
    """The year of a Crossref date (``{"date-parts": [[2016, 4]]}``)."""
    parts = pl.col(name).struct.field("date-parts").list.first().list.first()
    return pl.when(parts.is_between(1000, 2999)).then(parts).cast(pl.Int32)


def _author_columns() -> list[pl.Expr]:
    """Authors, full names, ORCIDs and affiliations of ``author``."""
    family = fields.text(pl.element().struct.field("family"))
    given = fields.text(pl.element().struct.field("given"))
    organization = fields.text(pl.element().struct.field("name"))
    known = pl.col("author").list.eval(
        pl.element().filter(family.is_not_null() | organization.is_not_null())
    )
    inverted = pl.concat_str([family, given], separator=", ", ignore_nulls=True)
    full = pl.concat_str([given, family], separator=" ", ignore_nulls=True)
    places = (
        pl.element()
        .struct.field("affiliation")
        .list.eval(fields.text(pl.element().struct.field("name")))
    )
    orcid = pl.element().struct.field("ORCID").str.extract(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", 1)
    return [
        known.list.eval(
            pl.when(family.is_null()).then(organization).otherwise(fields.author_name(inverted))
        ).alias("authors"),
        known.list.eval(pl.when(family.is_null()).then(organization).otherwise(full)).alias(
            "author_full_names"
        ),
        _known(known.list.eval(orcid.fill_null(""))).alias("author_ids"),
        _known(known.list.eval(places.list.drop_nulls().list.join("; ").fill_null(""))).alias(
            "author_affiliations"
        ),
        known.list.eval(places.explode())
        .list.drop_nulls()
        .list.unique(maintain_order=True)
        .alias("affiliations"),
    ]


def _references() -> pl.Expr:
    """The ``reference`` list as reference structs (see the module docstring)."""
    key = pl.element().struct.field
    source = pl.coalesce(key("journal-title"), key("volume-title"))
    doi = fields.doi(key("DOI"))
    composed = pl.concat_str(
        [
            key("author"),
            key("year"),
            key("article-title"),
            source,
            key("volume"),
            key("first-page"),
            pl.lit("DOI ") + doi,
        ],
        separator=", ",
        ignore_nulls=True,
    )
    return pl.col("reference").list.eval(
        pl.struct(
            raw=fields.text(pl.coalesce(key("unstructured"), composed)),
            doi=doi,
            first_author=fields.author_name(key("author")),
            year=fields.year(key("year")),
            source=fields.text(source),
            volume=fields.text(key("volume")),
            page=fields.text(key("first-page")),
            title=fields.text(key("article-title")),
        )
    )


def _funding() -> pl.Expr:
    """``name (award, award)`` of each funder, ``; ``-joined (null when there are none)."""
    name = fields.text(pl.element().struct.field("name"))
    awards = pl.element().struct.field("award").list.drop_nulls().list.join(", ")
    funder = (
        pl.when(awards.is_null() | (awards == "")).then(name).otherwise(name + " (" + awards + ")")
    )
    joined = pl.col("funder").list.eval(funder).list.drop_nulls().list.join("; ")
    return pl.when(joined == "").then(None).otherwise(joined)


def _known(aligned: pl.Expr) -> pl.Expr:
    """An author-aligned list, or ``[]`` when it holds no value (a merge then prefers a list that
    does)."""
    has_value = aligned.list.eval(pl.element() != "").list.any()
    return pl.when(has_value).then(aligned).otherwise(pl.lit([], dtype=pl.List(pl.String)))
