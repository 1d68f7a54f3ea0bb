"""Render demo records as OpenAlex works, one JSON object per line (JSON Lines).

Each line is a work object as the OpenAlex API returns it in a ``/works`` results page (2024
schema: ``id``, ``doi`` as a URL, ``primary_location.source``, ``authorships`` with
institutions and country codes, ``biblio``, ``keywords`` with scores, ``referenced_works`` as
OpenAlex IDs, ``abstract_inverted_index``), compact and UTF-8 like ``bibliomap fetch`` caches
them. Works outside the corpus are cited by their own (synthetic) OpenAlex IDs.
"""

from __future__ import annotations

from typing import BinaryIO

import polars as pl

from bibliomap.demo import pools
from bibliomap.demo.render import Renderer, Slice

FORMAT = "openalex-jsonl"
SUFFIX = ".jsonl"

HEADER = b""
FOOTER = b""

_OPENALEX = "https://openalex.org/"
_LANGUAGES = {
    "English": "en",
    "Spanish": "es",
    "Portuguese": "pt",
    "German": "de",
    "French": "fr",
    "Chinese": "zh",
    "Russian": "ru",
}
_TYPES = {
    "Article": ("article", "journal-article"),
    "Review": ("review", "journal-article"),
    "Conference paper": ("article", "proceedings-article"),
    "Book chapter": ("book-chapter", "book-chapter"),
}
_SOURCE_TYPES = {"journal": "journal", "proceedings": "conference", "book": "book series"}
_OA_STATUS = ("gold", "green", "hybrid", "bronze", "gold")


def _string(expr: pl.Expr) -> pl.Expr:
    """A JSON string literal (``null`` for null)."""
    escaped = expr.str.replace_all("\\", "\\\\", literal=True).str.replace_all(
        '"', '\\"', literal=True
    )
    return pl.when(expr.is_null()).then(pl.lit("null")).otherwise('"' + escaped + '"')


def _number(expr: pl.Expr) -> pl.Expr:
    """A JSON string holding a positive integer, ``null`` when zero (OpenAlex biblio style)."""
    return pl.when(expr > 0).then('"' + expr.cast(pl.String) + '"').otherwise(pl.lit("null"))


def _member(key: str, value: pl.Expr) -> pl.Expr:
    """``"key":value`` (value already JSON)."""
    return pl.lit(f'"{key}":') + value


def _object(*members: pl.Expr) -> pl.Expr:
    """A JSON object from ``"key":value`` members."""
    return pl.concat_str(pl.lit("{"), pl.concat_str(list(members), separator=","), pl.lit("}"))


def _authorships(part: Slice) -> pl.DataFrame:
    """The ``authorships`` array per document."""
    people = part.people.with_columns(
        pl.col("position").max().over("doc").alias("last"),
    )
    position = (
        pl.when(pl.col("position") == 0)
        .then(pl.lit('"first"'))
        .when(pl.col("position") == pl.col("last"))
        .then(pl.lit('"last"'))
        .otherwise(pl.lit('"middle"'))
    )
    display = pl.col("wos_full").str.replace(r"^([^,]+), (.+)$", "$2 $1")
    institution = _object(
        _member(
            "id", _string(_OPENALEX + "I" + (pl.col("organization") + 100_000_000).cast(pl.String))
        ),
        _member("display_name", _string(pl.col("org"))),
        _member("ror", pl.lit("null")),
        _member("country_code", _string(pl.col("country_code"))),
        _member("type", pl.lit('"education"')),
        _member(
            "lineage",
            "["
            + _string(_OPENALEX + "I" + (pl.col("organization") + 100_000_000).cast(pl.String))
            + "]",
        ),
    )
    author = _object(
        _member("author_position", position),
        _member(
            "author",
            _object(
                _member(
                    "id",
                    _string(_OPENALEX + "A" + (pl.col("author") + 5_000_000_000).cast(pl.String)),
                ),
                _member("display_name", _string(display)),
                _member("orcid", pl.lit("null")),
            ),
        ),
        _member("institutions", "[" + institution + "]"),
        _member("countries", "[" + _string(pl.col("country_code")) + "]"),
        _member(
            "is_corresponding",
            pl.when(pl.col("position") == 0).then(pl.lit("true")).otherwise(pl.lit("false")),
        ),
        _member("raw_author_name", _string(pl.col("scopus_initials_first"))),
        _member("raw_affiliation_strings", "[" + _string(pl.col("scopus_affiliation")) + "]"),
    )
    return (
        people.select("doc", author.alias("json"))
        .group_by("doc", maintain_order=True)
        .agg(("[" + pl.col("json").str.join(",") + "]").alias("authorships"))
    )


def _inverted_index(part: Slice) -> pl.DataFrame:
    """The ``abstract_inverted_index`` per document: word -> positions, in order of first use."""
    words = (
        part.abstracts.select("doc", pl.col("abstract").str.split(" ").alias("word"))
        .explode("word")
        .with_columns(pl.int_range(pl.len()).over("doc").alias("at"))
    )
    entries = words.group_by(["doc", "word"], maintain_order=True).agg(
        pl.col("at").cast(pl.String).str.join(",").alias("at")
    )
    return (
        entries.select("doc", (_string(pl.col("word")) + ":[" + pl.col("at") + "]").alias("entry"))
        .group_by("doc", maintain_order=True)
        .agg(("{" + pl.col("entry").str.join(",") + "}").alias("inverted"))
    )


def _frame(part: Slice) -> pl.Series:
    """One JSON line per document of the slice, newest first."""
    references = part.references.select(
        "doc",
        _string(
            _OPENALEX
            + pl.when(pl.col("internal"))
            .then("W" + (pl.col("target") + 4_100_000_000).cast(pl.String))
            .otherwise("W" + (pl.col("target") + 3_000_000_000).cast(pl.String))
        ).alias("ref"),
    )
    refs = references.group_by("doc", maintain_order=True).agg(
        ("[" + pl.col("ref").str.join(",") + "]").alias("referenced_works"),
        pl.len().alias("referenced_works_count"),
    )
    keywords = (
        part.author_keywords.with_columns(pl.int_range(pl.len()).over("doc").alias("rank"))
        .select(
            "doc",
            _object(
                _member("keyword", _string(pl.col("keyword").str.to_lowercase())),
                _member("score", (0.9 - 0.1 * pl.col("rank")).round(2).cast(pl.String)),
            ).alias("kw"),
        )
        .group_by("doc", maintain_order=True)
        .agg(("[" + pl.col("kw").str.join(",") + "]").alias("keywords"))
    )
    publishers = {k: p.name for k, p in enumerate(pools.PUBLISHERS)}
    rows = (
        part.docs.join(_authorships(part), on="doc", how="left", maintain_order="left")
        .join(_inverted_index(part), on="doc", how="left")
        .join(refs, on="doc", how="left")
        .join(keywords, on="doc", how="left")
        .sort("doc", descending=True)
    )
    work_id = _string(_OPENALEX + pl.col("openalex_id"))
    doi_url = _string(pl.lit("https://doi.org/") + pl.col("doi"))
    month = (pl.col("doc") % 12 + 1).cast(pl.String).str.zfill(2)
    day = (pl.col("doc") % 28 + 1).cast(pl.String).str.zfill(2)
    is_oa = pl.col("open_access") >= 0
    oa_status = pl.col("open_access").replace_strict(
        dict(enumerate(_OA_STATUS)), default="closed", return_dtype=pl.String
    )
    source = _object(
        _member(
            "id", _string(_OPENALEX + "S" + (pl.col("source") + 4_200_000_000).cast(pl.String))
        ),
        _member("display_name", _string(pl.col("source_title"))),
        _member("issn_l", _string(pl.col("issn"))),
        _member("issn", "[" + _string(pl.col("issn")) + "," + _string(pl.col("eissn")) + "]"),
        _member("is_oa", pl.lit("false")),
        _member("is_in_doaj", pl.lit("false")),
        _member("host_organization", pl.lit("null")),
        _member(
            "host_organization_name",
            _string(pl.col("publisher").replace_strict(publishers, return_dtype=pl.String)),
        ),
        _member("type", _string(pl.col("kind").replace_strict(_SOURCE_TYPES))),
    )
    landing = pl.when(pl.col("doi").is_not_null()).then(doi_url).otherwise(pl.lit("null"))
    kind = pl.col("document_type")
    work = _object(
        _member("id", work_id),
        _member(
            "doi", pl.when(pl.col("doi").is_not_null()).then(doi_url).otherwise(pl.lit("null"))
        ),
        _member("title", _string(pl.col("title"))),
        _member("display_name", _string(pl.col("title"))),
        _member("publication_year", pl.col("year").cast(pl.String)),
        _member(
            "publication_date", _string(pl.concat_str(pl.col("year"), month, day, separator="-"))
        ),
        _member(
            "ids",
            _object(
                _member("openalex", work_id),
                _member("doi", landing),
            ),
        ),
        _member("language", _string(pl.col("language").replace_strict(_LANGUAGES))),
        _member(
            "primary_location",
            _object(
                _member("is_oa", pl.when(is_oa).then(pl.lit("true")).otherwise(pl.lit("false"))),
                _member("landing_page_url", landing),
                _member("pdf_url", pl.lit("null")),
                _member("source", source),
                _member("license", pl.lit("null")),
                _member("version", pl.lit("null")),
            ),
        ),
        _member("type", _string(kind.replace_strict({k: v[0] for k, v in _TYPES.items()}))),
        _member(
            "type_crossref", _string(kind.replace_strict({k: v[1] for k, v in _TYPES.items()}))
        ),
        _member(
            "open_access",
            _object(
                _member("is_oa", pl.when(is_oa).then(pl.lit("true")).otherwise(pl.lit("false"))),
                _member("oa_status", _string(oa_status)),
                _member("oa_url", pl.when(is_oa).then(landing).otherwise(pl.lit("null"))),
            ),
        ),
        _member("authorships", pl.col("authorships").fill_null("[]")),
        _member("cited_by_count", pl.col("cited_by").cast(pl.String)),
        _member(
            "biblio",
            _object(
                _member("volume", _number(pl.col("volume"))),
                _member("issue", _number(pl.col("issue"))),
                _member("first_page", _number(pl.col("page_start"))),
                _member("last_page", _number(pl.col("page_end"))),
            ),
        ),
        _member("keywords", pl.col("keywords").fill_null("[]")),
        _member(
            "referenced_works_count", pl.col("referenced_works_count").fill_null(0).cast(pl.String)
        ),
        _member("referenced_works", pl.col("referenced_works").fill_null("[]")),
        _member("abstract_inverted_index", pl.col("inverted").fill_null("null")),
    )
    return rows.select((work + "\n").alias("line")).to_series()


def write_slice(handle: BinaryIO, renderer: Renderer, start: int, stop: int) -> None:
    """Append the works of documents ``start <= doc < stop`` (newest first)."""
    lines = _frame(renderer.slice(start, stop))
    handle.write(lines.str.join("").item().encode("utf-8"))
