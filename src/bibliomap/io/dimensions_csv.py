"""Dimensions CSV exports (``"About the data: Exported on ..."`` line, then the header).

List cells are ``; ``-separated. ``Authors`` are ``Surname, Given``. ``Authors (Raw
Affiliation)`` holds ``Name (address; address); Name (address)``: the addresses give
``affiliations`` (in order, once each) and, matched by name, ``author_affiliations``. The
standardized ``Research Organizations - standardized`` and ``Country of standardized research
organization`` (older exports: ``Country of Research organization``) fill ``organizations`` and
``countries``. ``MeSH terms`` are the index keywords; Dimensions gives no author keywords.
``Times cited`` gives ``cited_by``; ``ISSN`` may hold two values (print, electronic). Publication
types ``proceeding``, ``monograph`` and ``edited book`` are mapped here (the shared vocabulary
lacks the first). A row whose Publication ID, year or citation count is malformed is a problem.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.flow import Skipped
from bibliomap.io import assemble, csv_table, fields, flat
from bibliomap.shards import WHOLE, Part

FORMAT = "dimensions-csv"
DATABASE = "dimensions"
# Large files can be read in parts (one shard job each).
SPLITTABLE = True

_PREAMBLE = "About the data"
_COLUMNS = (
    "Publication ID",
    "DOI",
    "PMID",
    "Title",
    "Abstract",
    "Funding",
    "Source title",
    "Anthology title",
    "Publisher",
    "ISSN",
    "MeSH terms",
    "Publication date",
    "PubYear",
    "Volume",
    "Issue",
    "Pagination",
    "Open Access",
    "Publication Type",
    "Authors",
    "Authors (Raw Affiliation)",
    "Research Organizations - standardized",
    "Country of standardized research organization",
    "Country of Research organization",
    "Funder",
    "Supporting Grants",
    "Times cited",
)
_TYPES = {"proceeding": "proceedings paper", "monograph": "book", "edited book": "book"}
_PERSON = r"[^;()]+? \((?:[^()]|\([^()]*\))*\)"


def sniff(head: str) -> bool:
    """A file starting with Dimensions' ``About the data`` line, or its header."""
    first = head.lstrip('"')
    if first.startswith(_PREAMBLE):
        return True
    header = head.split("\n", 1)[0]
    return "Publication ID" in header and "Dimensions URL" in header


def read(
    path: str | Path, *, strict: bool = False, part: Part = WHOLE
) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """The records of a Dimensions CSV export and the malformed records skipped.

    ``strict``: raise on the first malformed record instead of skipping it; ``part``: only
    that part of the rows (see :mod:`bibliomap.shards`).
    """
    return _read(Path(path), lenient=not strict, part=part)


def _read(path: Path, *, lenient: bool, part: Part) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    first = csv_table.header(path)
    skip = 1 if first and first[0].startswith(_PREAMBLE) else 0
    names = set(csv_table.header(path, skip_lines=skip))
    if "Publication ID" not in names:
        raise BibliomapError(
            "expected a Dimensions CSV header with a 'Publication ID' column",
            path=path,
            line=skip + 1,
        )
    return csv_table.read_records(path, _LAYOUT, lenient=lenient, skip_lines=skip, part=part)


def _checks() -> dict[str, pl.Expr]:
    """Row checks: reason -> expression that is true for a good row."""
    return {
        "'Publication ID' is not a Dimensions id 'pub.N' (a shifted or cut-off row?)": pl.col(
            "Publication ID"
        ).str.contains(r"^\s*pub\.\d+\s*$"),
        "'PubYear' is not a four-digit year": assemble.empty_or(pl.col("PubYear"), r"^\d{4}$"),
        "'Times cited' is not a whole number": assemble.empty_or(pl.col("Times cited"), r"^\d+$"),
    }


def _records(batch: pl.DataFrame, path: Path, strings: flat.StringPool) -> pl.DataFrame:
    """Canonical records of one batch of rows (the exports hold no cited references, so
    ``strings`` stays unused)."""
    text = fields.text
    names = assemble.text_list(pl.col("Authors"))
    raw_type = text(pl.col("Publication Type"))
    mapped_type = raw_type.str.to_lowercase().replace(_TYPES)
    countries = pl.coalesce(
        pl.col("Country of standardized research organization"),
        pl.col("Country of Research organization"),
    )
    funding = pl.concat_str(
        [text(pl.col(name)) for name in ("Funding", "Funder", "Supporting Grants")],
        separator=" | ",
        ignore_nulls=True,
    )
    frame = (
        batch.lazy()
        .select(
            "_record",
            text(pl.col("Publication ID")).alias("dimensions_id"),
            fields.doi(pl.col("DOI")).alias("doi"),
            text(pl.col("PMID")).alias("pmid"),
            text(pl.col("Title")).alias("title"),
            text(pl.col("Abstract")).alias("abstract"),
            pl.coalesce(
                fields.year(pl.col("PubYear")), fields.year(pl.col("Publication date"))
            ).alias("year"),
            fields.document_type(mapped_type).alias("document_type"),
            raw_type.alias("document_type_raw"),
            text(pl.coalesce(pl.col("Source title"), pl.col("Anthology title"))).alias(
                "source_title"
            ),
            assemble.issn(pl.col("ISSN")).alias("issn"),
            text(pl.col("Publisher")).alias("publisher"),
            text(pl.col("Volume")).alias("volume"),
            text(pl.col("Issue")).alias("issue"),
            text(pl.col("Pagination").str.extract(r"^\s*([^\s\-–]+)", 1)).alias("page_start"),
            text(pl.col("Pagination").str.extract(r"[\-–]\s*([^\s\-–]+)\s*$", 1)).alias("page_end"),
            names.list.eval(fields.author_name(pl.element())).alias("authors"),
            names.alias("author_full_names"),
            assemble.unique_list(
                assemble.text_list(pl.col("Research Organizations - standardized"))
            ).alias("organizations"),
            assemble.unique_list(assemble.text_list(countries)).alias("countries"),
            assemble.text_list(pl.col("MeSH terms")).alias("index_keywords"),
            assemble.integer(pl.col("Times cited"), empty=0).alias("cited_by"),
            text(pl.col("Open Access")).alias("open_access"),
            pl.when(funding == "").then(None).otherwise(funding).alias("funding"),
            assemble.database(DATABASE).alias("databases"),
            assemble.origin(path, pl.col("_record")).alias("origin"),
        )
        .collect()
    )
    places = _places(batch.select("_record", "Authors (Raw Affiliation)"), frame)
    return assemble.finish(frame.join(places, on="_record", how="left"))


def _places(cells: pl.DataFrame, frame: pl.DataFrame) -> pl.DataFrame:
    """``affiliations`` and ``author_affiliations`` from ``Name (address; address); ...``."""
    people = (
        cells.select(
            "_record",
            pl.col("Authors (Raw Affiliation)").str.extract_all(_PERSON).alias("person"),
        )
        .explode("person")
        .filter(pl.col("person").is_not_null())
        .with_columns(
            pl.int_range(pl.len()).over("_record").alias("_person"),
            fields.text(pl.col("person").str.extract(r"^\s*([^()]+?) \(", 1)).alias("name"),
            fields.split_list(pl.col("person").str.extract(r"\((.*)\)\s*$", 1), "; ").alias(
                "address"
            ),
        )
    )
    addresses = people.explode("address").filter(pl.col("address").is_not_null())
    affiliations = addresses.group_by("_record").agg(
        pl.col("address").sort_by("_person").unique(maintain_order=True).alias("affiliations")
    )
    by_name = addresses.group_by("_record", "name").agg(
        pl.col("address").sort_by("_person").unique(maintain_order=True).str.join("; ")
    )
    authors = (
        frame.select("_record", pl.col("author_full_names").alias("name"))
        .explode("name")
        .filter(pl.col("name").is_not_null())
        .with_columns(pl.int_range(pl.len()).over("_record").alias("_pos"))
    )
    per_author = (
        authors.join(by_name, on=["_record", "name"], how="left")
        .group_by("_record")
        .agg(pl.col("address").fill_null("").sort_by("_pos").alias("author_affiliations"))
    )
    return affiliations.join(per_author, on="_record", how="full", coalesce=True)


_LAYOUT = csv_table.Layout(columns=_COLUMNS, checks=_checks, build=_records)
