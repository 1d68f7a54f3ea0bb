"""Scopus CSV exports, every vintage.

Layouts seen: 2017 (30 columns, no ``Author(s) ID`` / ``References``), 2021-22 (``Funding Text
1..10``, authors ``Cohen W.M., Levinthal D.A.``), 2023+ (quoted header, ``Author full names``,
``; `` separators); any column may be missing because users pick the fields they export. The
cell formats are described in :mod:`bibliomap.io.scopus_fields`.

Conventions: an empty ``Cited by`` means 0 citations; ``[No abstract available]`` and ``[No
author name available]`` are empty; ``page_start`` falls back to the article number (``Art. No.``)
when there are no pages; when the ``Affiliations`` column is empty, ``affiliations`` are the
authors' addresses, else the correspondence address; ``funding`` joins ``Funding Details`` and
the funding texts with `` | ``. A row whose EID, year or citation count is malformed (a shifted
or cut-off row) is a problem: :func:`read` skips and lists it (``strict=True``: raises),
except a cut-off last row, which always raises.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.flow import Skipped
from bibliomap.io import assemble, csv_table, fields, flat, scopus_fields
from bibliomap.shards import WHOLE, Part

FORMAT = "scopus-csv"
DATABASE = "scopus"
# Large files can be read in parts (one shard job each).
SPLITTABLE = True

_FUNDING_TEXTS = ("Funding Texts", *(f"Funding Text {i}" for i in range(1, 11)))
_COLUMNS = (
    "Authors",
    "Author full names",
    "Author(s) ID",
    "Title",
    "Year",
    "Source title",
    "Volume",
    "Issue",
    "Art. No.",
    "Page start",
    "Page end",
    "Cited by",
    "DOI",
    "Link",
    "Affiliations",
    "Authors with affiliations",
    "Abstract",
    "Author Keywords",
    "Index Keywords",
    "Funding Details",
    *_FUNDING_TEXTS,
    "References",
    "Correspondence Address",
    "Publisher",
    "ISSN",
    "PubMed ID",
    "Language of Original Document",
    "Abbreviated Source Title",
    "Document Type",
    "Open Access",
    "EID",
)


def sniff(head: str) -> bool:
    """A header naming the ``EID`` column and ``Source title`` or ``Source``."""
    names = set(_header_names(head))
    return "EID" in names and bool(names & {"Source title", "Source"})


def read(
    path: str | Path, *, strict: bool = False, part: Part = WHOLE
) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """The records of a Scopus CSV export and the malformed records skipped.

    ``strict``: raise on the first malformed record instead of skipping it; ``part``: only
    that part of the rows (see :mod:`bibliomap.shards`).
    """
    return _read(Path(path), lenient=not strict, part=part)


def _header_names(head: str) -> list[str]:
    first = head.split("\n", 1)[0].rstrip("\r")
    return [name.strip().strip('"') for name in first.split(",")]


def _read(path: Path, *, lenient: bool, part: Part) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """Read batch by batch, collecting malformed rows."""
    names = set(csv_table.header(path))
    if "Title" not in names or not names & {"EID", "Link"}:
        raise BibliomapError(
            "expected a Scopus CSV header with columns 'Title' and 'EID' (or 'Link')",
            path=path,
            line=1,
        )
    return csv_table.read_records(path, _LAYOUT, lenient=lenient, part=part)


def _checks() -> dict[str, pl.Expr]:
    """Row checks: reason -> expression that is true for a good row."""
    eid = pl.col("EID").str.strip_chars()
    from_link = eid.replace("", None).is_null() & pl.col("Link").str.contains(r"eid=2-s2\.0-\d")
    return {
        "EID is not a Scopus id '2-s2.0-...' (a shifted or cut-off row?)": from_link
        | eid.str.contains(r"^2-s2\.0-\d{10,}$"),
        "'Cited by' is not a whole number": assemble.empty_or(pl.col("Cited by"), r"^\d+$"),
        "'Year' is not a four-digit year": assemble.empty_or(pl.col("Year"), r"^\d{4}$"),
    }


def _records(batch: pl.DataFrame, path: Path, strings: flat.StringPool) -> pl.DataFrame:
    """Canonical records of one batch of rows."""
    text = fields.text
    entries = scopus_fields.split_authors(pl.col("Authors"))
    listed = assemble.unique_list(assemble.text_list(pl.col("Affiliations")))
    correspondence = scopus_fields.correspondence_address(pl.col("Correspondence Address"))
    fallback = pl.concat_list(correspondence).list.drop_nulls()
    funding = pl.concat_str(
        [text(pl.col(name)) for name in ("Funding Details", *_FUNDING_TEXTS)],
        separator=" | ",
        ignore_nulls=True,
    )
    given_ids = assemble.text_list(pl.col("Author(s) ID"))
    frame = (
        batch.lazy()
        .select(
            pl.coalesce(
                text(pl.col("EID")), pl.col("Link").str.extract(r"eid=(2-s2\.0-\d+)", 1)
            ).alias("eid"),
            fields.doi(pl.col("DOI")).alias("doi"),
            text(pl.col("PubMed ID")).alias("pmid"),
            scopus_fields.english_title(
                text(pl.col("Title")), fields.language(pl.col("Language of Original Document"))
            ).alias("title"),
            text(pl.col("Abstract")).alias("abstract"),
            fields.year(pl.col("Year")).alias("year"),
            fields.document_type(pl.col("Document Type")).alias("document_type"),
            text(pl.col("Document Type")).alias("document_type_raw"),
            fields.language(pl.col("Language of Original Document")).alias("language"),
            text(pl.col("Source title")).alias("source_title"),
            text(pl.col("Abbreviated Source Title")).alias("source_abbrev"),
            assemble.issn(pl.col("ISSN")).alias("issn"),
            text(pl.col("Publisher")).alias("publisher"),
            text(pl.col("Volume")).alias("volume"),
            text(pl.col("Issue")).alias("issue"),
            pl.coalesce(text(pl.col("Page start")), text(pl.col("Art. No."))).alias("page_start"),
            text(pl.col("Page end")).alias("page_end"),
            entries.alias("_entries"),
            scopus_fields.full_names(pl.col("Author full names")).alias("author_full_names"),
            pl.when(given_ids.list.len() > 0)
            .then(given_ids)
            .otherwise(scopus_fields.ids_from_full_names(pl.col("Author full names")))
            .alias("author_ids"),
            listed.alias("_listed"),
            fallback.alias("_correspondence"),
            assemble.text_list(pl.col("Author Keywords")).alias("author_keywords"),
            assemble.text_list(pl.col("Index Keywords")).alias("index_keywords"),
            pl.col("References").alias("_references"),
            assemble.integer(pl.col("Cited by"), empty=0).alias("cited_by"),
            text(pl.col("Open Access")).alias("open_access"),
            pl.when(funding == "").then(None).otherwise(funding).alias("funding"),
            assemble.database(DATABASE).alias("databases"),
            assemble.origin(path, pl.col("_record")).alias("origin"),
        )
        .collect()
    )
    old_layout = not batch["Authors"].str.contains(";", literal=True).any()
    references = scopus_fields.split_references(
        frame["_references"], old_layout=old_layout, normalize=True, pool=strings
    )
    with_places = frame.with_columns(
        assemble.raw_references(references),
        scopus_fields.canonical_authors(frame["_entries"]).alias("authors"),
        scopus_fields.author_affiliations(
            frame["_entries"], batch["Authors with affiliations"], frame["_listed"]
        ),
    )
    from_authors = assemble.unique_list(
        pl.col("author_affiliations").list.join("; ").str.split("; ")
    )
    affiliations = (
        pl.when(pl.col("_listed").list.len() > 0)
        .then(pl.col("_listed"))
        .when(from_authors.list.len() > 0)
        .then(from_authors)
        .otherwise(pl.col("_correspondence"))
    )
    return assemble.finish(with_places.with_columns(affiliations.alias("affiliations")))


_LAYOUT = csv_table.Layout(columns=_COLUMNS, checks=_checks, build=_records)
