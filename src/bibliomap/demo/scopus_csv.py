"""Render demo records as a Scopus CSV export in the 2023+ layout.

The layout follows a real export of late 2024: UTF-8 with BOM, every field quoted, ``; ``
between list items, ``Author full names`` with Scopus author IDs, ``Authors with
affiliations``, and cited references as ``Authors, Title, Source, Volume, Issue, pp. x-y,
(Year)`` without DOIs (Scopus's 2023+ reference style).
"""

from __future__ import annotations

from typing import BinaryIO

import polars as pl

from bibliomap.demo import pools
from bibliomap.demo.corpus import OPEN_ACCESS
from bibliomap.demo.render import Renderer, Slice, hex_digest, joined, number, unique_joined

FORMAT = "scopus-csv"
SUFFIX = ".csv"

COLUMNS = (
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
    "Page count",
    "Cited by",
    "DOI",
    "Link",
    "Affiliations",
    "Authors with affiliations",
    "Abstract",
    "Author Keywords",
    "Index Keywords",
    "Molecular Sequence Numbers",
    "Chemicals/CAS",
    "Tradenames",
    "Manufacturers",
    "Funding Details",
    "Funding Texts",
    "References",
    "Correspondence Address",
    "Editors",
    "Publisher",
    "Sponsors",
    "Conference name",
    "Conference date",
    "Conference location",
    "Conference code",
    "ISSN",
    "ISBN",
    "CODEN",
    "PubMed ID",
    "Language of Original Document",
    "Abbreviated Source Title",
    "Document Type",
    "Publication Stage",
    "Open Access",
    "Source",
    "EID",
)


def reference_expr() -> pl.Expr:
    """A cited reference in Scopus's 2023+ style (details joined by commas)."""
    pages = pl.when(pl.col("page_start") > 0).then(
        pl.concat_str(pl.lit("pp. "), pl.col("page_start"), pl.lit("-"), pl.col("page_end"))
    )
    return pl.concat_str(
        pl.col("authors"),
        pl.col("title"),
        pl.col("source_title"),
        pl.when(pl.col("volume") > 0).then(pl.col("volume").cast(pl.String)),
        pl.when(pl.col("issue") > 0).then(pl.col("issue").cast(pl.String)),
        pages,
        pl.concat_str(pl.lit("("), pl.col("year"), pl.lit(")")),
        separator=", ",
        ignore_nulls=True,
    )


def _people_fields(part: Slice) -> pl.DataFrame:
    """Authors, full names, IDs, affiliations and the correspondence address per document."""
    people = part.people
    with_affiliation = people.with_columns(
        (pl.col("scopus_name") + ", " + pl.col("scopus_affiliation")).alias("name_affiliation")
    )
    first = people.filter(pl.col("position") == 0).select(
        "doc",
        pl.concat_str(
            pl.col("scopus_initials_first"),
            pl.lit("; "),
            pl.col("scopus_affiliation"),
            pl.lit("; email: "),
            pl.col("email"),
        ).alias("Correspondence Address"),
    )
    return (
        joined(people, "scopus_name", "Authors")
        .join(joined(people, "scopus_full", "Author full names"), on="doc", maintain_order="left")
        .join(joined(people, "scopus_id", "Author(s) ID"), on="doc", maintain_order="left")
        .join(
            unique_joined(people, "scopus_affiliation", "Affiliations", "; "),
            on="doc",
            maintain_order="left",
        )
        .join(
            joined(with_affiliation, "name_affiliation", "Authors with affiliations"),
            on="doc",
            maintain_order="left",
        )
        .join(first, on="doc", maintain_order="left")
    )


def scopus_link() -> pl.Expr:
    """The record's Scopus address, as exports give it (from ``eid``, ``doi`` and ``md5``)."""
    doi_query = pl.col("doi").str.replace_all("/", "%2f")
    return pl.concat_str(
        pl.lit("https://www.scopus.com/inward/record.uri?eid="),
        pl.col("eid"),
        pl.when(pl.col("doi").is_not_null())
        .then(pl.lit("&doi=") + doi_query)
        .otherwise(pl.lit("")),
        pl.lit("&partnerID=40&md5="),
        pl.col("md5"),
    )


def _frame(part: Slice, seed: int) -> pl.DataFrame:
    """The CSV rows of one slice of documents, newest first."""
    docs = part.docs
    references = part.references.select("doc", reference_expr().alias("ref"))
    publishers = {k: p.name for k, p in enumerate(pools.PUBLISHERS)}
    copyrights = {k: p.copyright for k, p in enumerate(pools.PUBLISHERS)}
    funders = dict(enumerate(pools.FUNDERS))
    link = scopus_link()
    copyright_line = pl.concat_str(
        pl.lit(" © "),
        pl.col("year"),
        pl.lit(" "),
        pl.col("publisher").replace_strict(copyrights, return_dtype=pl.String),
    )
    abstract = pl.col("abstract") + pl.when(pl.col("doc") % 5 < 3).then(copyright_line).otherwise(
        pl.lit("")
    )
    funder_name = pl.col("funder").replace_strict(
        {k: name for k, (name, _) in funders.items()}, default=None, return_dtype=pl.String
    )
    funder_acronym = pl.col("funder").replace_strict(
        {k: acronym for k, (_, acronym) in funders.items()}, default=None, return_dtype=pl.String
    )
    grant = (pl.col("doc") * 37 % 900_000 + 100_000).cast(pl.String)
    funding = pl.concat_str(
        funder_name,
        pl.when(funder_acronym != "").then(funder_acronym),
        pl.concat_str(pl.lit("("), grant, pl.lit(")")),
        separator=", ",
        ignore_nulls=True,
    )
    funding_text = pl.concat_str(
        pl.lit("This work was supported by the "),
        funder_name,
        pl.lit(" (grant "),
        grant,
        pl.lit(")."),
    )
    is_conference = pl.col("document_type") == "Conference paper"
    edition = (pl.col("year") - 1990).cast(pl.String)
    conference = pl.concat_str(
        edition,
        pl.lit("th International Conference on "),
        pl.col("source_title").str.replace("Proceedings of the International Conference on ", ""),
        pl.lit(", "),
        pl.col("year"),
    )
    open_access = pl.col("open_access").replace_strict(
        {k: scopus for k, (scopus, _) in enumerate(OPEN_ACCESS)}, default="", return_dtype=pl.String
    )
    rows = (
        docs.with_columns(pl.Series("md5", hex_digest(docs["doc"].to_numpy(), seed)))
        .join(_people_fields(part), on="doc", how="left", maintain_order="left")
        .join(part.abstracts, on="doc", how="left", maintain_order="left")
        .join(joined(part.author_keywords, "keyword", "Author Keywords"), on="doc", how="left")
        .join(joined(part.index_keywords, "keyword", "Index Keywords"), on="doc", how="left")
        .join(joined(references, "ref", "References"), on="doc", how="left")
        .sort("doc", descending=True)
    )
    empty = pl.lit(None, dtype=pl.String)
    return rows.select(
        "Authors",
        "Author full names",
        "Author(s) ID",
        pl.col("title").alias("Title"),
        pl.col("year").cast(pl.String).alias("Year"),
        pl.col("source_title").alias("Source title"),
        number(pl.col("volume")).alias("Volume"),
        number(pl.col("issue")).alias("Issue"),
        number(pl.col("article_number")).alias("Art. No."),
        number(pl.col("page_start")).alias("Page start"),
        number(pl.col("page_end")).alias("Page end"),
        number(pl.col("page_end") - pl.col("page_start")).alias("Page count"),
        pl.col("cited_by").cast(pl.String).alias("Cited by"),
        pl.col("doi").alias("DOI"),
        link.alias("Link"),
        "Affiliations",
        "Authors with affiliations",
        abstract.alias("Abstract"),
        "Author Keywords",
        "Index Keywords",
        empty.alias("Molecular Sequence Numbers"),
        empty.alias("Chemicals/CAS"),
        empty.alias("Tradenames"),
        empty.alias("Manufacturers"),
        pl.when(pl.col("funder") >= 0).then(funding).alias("Funding Details"),
        pl.when(pl.col("funder") >= 0).then(funding_text).alias("Funding Texts"),
        "References",
        "Correspondence Address",
        empty.alias("Editors"),
        pl.col("publisher").replace_strict(publishers, return_dtype=pl.String).alias("Publisher"),
        empty.alias("Sponsors"),
        pl.when(is_conference).then(conference).alias("Conference name"),
        pl.when(is_conference)
        .then(
            pl.concat_str(
                pl.lit("12 June "), pl.col("year"), pl.lit(" through 14 June "), pl.col("year")
            )
        )
        .alias("Conference date"),
        pl.when(is_conference).then(pl.lit("Barcelona")).alias("Conference location"),
        pl.when(is_conference)
        .then((pl.col("source") * 1_000 + pl.col("year") + 150_000).cast(pl.String))
        .alias("Conference code"),
        pl.when(pl.col("kind") == "journal")
        .then(pl.col("issn").str.replace("-", ""))
        .alias("ISSN"),
        pl.when(pl.col("kind") != "journal").then(pl.col("isbn")).alias("ISBN"),
        empty.alias("CODEN"),
        empty.alias("PubMed ID"),
        pl.col("language").alias("Language of Original Document"),
        pl.col("iso").alias("Abbreviated Source Title"),
        pl.col("document_type").alias("Document Type"),
        pl.when(pl.col("in_press"))
        .then(pl.lit("Article in press"))
        .otherwise(pl.lit("Final"))
        .alias("Publication Stage"),
        open_access.alias("Open Access"),
        pl.lit("Scopus").alias("Source"),
        pl.col("eid").alias("EID"),
    )


def write_slice(handle: BinaryIO, renderer: Renderer, start: int, stop: int) -> None:
    """Append the rows of documents ``start <= doc < stop`` (newest first)."""
    frame = _frame(renderer.slice(start, stop), renderer.corpus.params.seed)
    frame.write_csv(handle, include_header=False, quote_style="always")


HEADER = b"\xef\xbb\xbf" + (",".join(f'"{name}"' for name in COLUMNS) + "\n").encode("utf-8")
"""The byte-order mark and the quoted header line."""

FOOTER = b""
