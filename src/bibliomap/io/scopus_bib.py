"""Scopus BibTeX exports, 2016-17 and 2023 styles.

- 2016-17: ``field={..}`` lines, ``note={cited By N}``, authors with the letters of their
  affiliations glued on (``Guler, A.T.a  and Waaijer, C.J.F.b``; ``a`` is the first address of
  ``affiliation``), which give ``author_affiliations``; without letters the entry has at most
  one address, which every author shares; ``correspondence_address1``.
- 2023: a ``Scopus`` / ``EXPORT DATE: ...`` preamble, TAB-indented ``field = {..}``, full author
  names (``Porter, Dwayne E.``, kept in ``author_full_names``), ``affiliations`` without a link
  to authors (``author_affiliations`` are then ``""``), ``note = {Cited by: 3; All Open Access,
  Gold Open Access}`` (citations, then open access), page ranges with an en dash.

Entries may be glued on one line (``}@ARTICLE{``) and keys may hold commas (``Ribeiro, Jr2022``);
see :mod:`bibliomap.io.bibtex`. A missing citation note means 0 citations. The document type
comes from ``document_type`` / ``type``, else from the entry type.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from bibliomap.flow import Skipped
from bibliomap.io import assemble, bibtex, fields, scopus_fields

FORMAT = "scopus-bib"
DATABASE = "scopus"

_COLUMNS = (
    "author",
    "title",
    "year",
    "journal",
    "volume",
    "number",
    "pages",
    "art_number",
    "doi",
    "url",
    "note",
    "affiliation",
    "affiliations",
    "correspondence_address",
    "correspondence_address1",
    "abstract",
    "author_keywords",
    "keywords",
    "references",
    "publisher",
    "issn",
    "pubmed_id",
    "pmid",
    "language",
    "abbrev_source_title",
    "document_type",
    "type",
    "open_access",
    "funding_details",
    "funding_text",
    "funding_text 1",
    "source",
)
_SUFFIX = r"(?:Jr\.?|Sr\.?|II|III|IV)"
_LETTERS = rf"^(.*?(?:\.|\b{_SUFFIX}))((?:\s*[a-z])+)\s*$"
_SOURCE_SCOPUS = re.compile(r"(?im)^\s*source\s*=\s*\{Scopus\}")


def sniff(head: str) -> bool:
    """A BibTeX file whose entries carry Scopus record URLs or ``source = {Scopus}``."""
    scopus = "scopus.com/inward/record" in head or bool(_SOURCE_SCOPUS.search(head))
    return scopus and bibtex.has_entries(head)


def read(path: str | Path, *, strict: bool = False) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """The records of a Scopus BibTeX export and the malformed records skipped.

    ``strict``: raise on the first malformed record instead of skipping it.
    """
    return _read(Path(path), lenient=not strict)


def _read(path: Path, *, lenient: bool) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    bib = bibtex.tokenize(path, lenient=lenient)
    table = bibtex.wide(bib, _COLUMNS)
    kept, skipped = assemble.checked(table, _checks(), path, lenient=lenient, skipped=bib.skipped)
    return _records(kept, path), skipped


def _checks() -> dict[str, pl.Expr]:
    """Entry checks: reason -> expression that is true for a good entry."""
    note = pl.col("note")
    citations = note.str.contains(r"(?i)cited by")
    return {
        "'year' is not a four-digit year": assemble.empty_or(pl.col("year"), r"^\d{4}$"),
        "'note' names citations without a number": ~citations.fill_null(False)
        | note.str.contains(r"(?i)cited by:?\s*\d+"),
    }


def _records(table: pl.DataFrame, path: Path) -> pl.DataFrame:
    """Canonical records of the entries of a Scopus BibTeX file."""
    text = fields.text
    names = assemble.text_list(pl.col("author"), " and ")
    base = names.list.eval(pl.element().str.replace(_LETTERS, "$1").str.strip_chars())
    listed = assemble.unique_list(
        assemble.text_list(pl.coalesce(pl.col("affiliations"), pl.col("affiliation")))
    )
    correspondence = scopus_fields.correspondence_address(
        pl.coalesce(pl.col("correspondence_address"), pl.col("correspondence_address1"))
    )
    doc_type = pl.coalesce(text(pl.col("document_type")), text(pl.col("type")), pl.col("_type"))
    note_access = pl.when(pl.col("note").str.contains(r"(?i)open access")).then(
        pl.col("note").str.splitn(";", 2).struct.field("field_1")
    )
    funding = pl.concat_str(
        [text(pl.col(name)) for name in ("funding_details", "funding_text", "funding_text 1")],
        separator=" | ",
        ignore_nulls=True,
    )
    has_letters = names.list.eval(pl.element().str.contains(_LETTERS)).list.any()
    is_full = base.list.eval(pl.element().str.contains(r",.*\p{Lu}\p{Ll}")).list.any()
    frame = (
        table.lazy()
        .select(
            "_record",
            pl.col("url").str.extract(r"eid=(2-s2\.0-\d+)", 1).alias("eid"),
            fields.doi(pl.col("doi")).alias("doi"),
            text(pl.coalesce(pl.col("pubmed_id"), pl.col("pmid"))).alias("pmid"),
            scopus_fields.english_title(
                text(pl.col("title")), fields.language(pl.col("language"))
            ).alias("title"),
            text(pl.col("abstract")).alias("abstract"),
            fields.year(pl.col("year")).alias("year"),
            fields.document_type(doc_type).alias("document_type"),
            text(doc_type).alias("document_type_raw"),
            fields.language(pl.col("language")).alias("language"),
            text(pl.col("journal")).alias("source_title"),
            text(pl.col("abbrev_source_title")).alias("source_abbrev"),
            assemble.issn(pl.col("issn")).alias("issn"),
            text(pl.col("publisher")).alias("publisher"),
            text(pl.col("volume")).alias("volume"),
            text(pl.col("number")).alias("issue"),
            pl.coalesce(_page_start(), text(pl.col("art_number"))).alias("page_start"),
            _page_end().alias("page_end"),
            names.alias("_names"),
            (pl.col("affiliation").is_not_null() & ~has_letters & (listed.list.len() == 1)).alias(
                "_shared"
            ),
            base.list.eval(_canonical(pl.element())).alias("authors"),
            pl.when(is_full)
            .then(base)
            .otherwise(pl.lit([], pl.List(pl.String)))
            .alias("author_full_names"),
            pl.when(listed.list.len() > 0)
            .then(listed)
            .otherwise(pl.concat_list(correspondence).list.drop_nulls())
            .alias("affiliations"),
            assemble.text_list(pl.col("author_keywords")).alias("author_keywords"),
            assemble.text_list(pl.col("keywords")).alias("index_keywords"),
            text(pl.col("references")).alias("_references"),
            assemble.integer(
                pl.col("note").str.extract(r"(?i)cited by:?\s*(\d+)", 1), empty=0
            ).alias("cited_by"),
            pl.coalesce(text(pl.col("open_access")), text(note_access)).alias("open_access"),
            pl.when(funding == "").then(None).otherwise(funding).alias("funding"),
            assemble.database(DATABASE).alias("databases"),
            assemble.origin(path, pl.col("_record")).alias("origin"),
        )
        .collect()
    )
    references = scopus_fields.split_references(frame["_references"], old_layout=True)
    frame = frame.with_columns(assemble.raw_references(references))
    everyone = pl.col("affiliations").list.first().repeat_by(pl.col("authors").list.len())
    return assemble.finish(
        frame.with_columns(
            pl.when(pl.col("_shared"))
            .then(everyone)
            .otherwise(_letter_affiliations(frame))
            .alias("author_affiliations")
        )
    )


def _page_start() -> pl.Expr:
    return fields.text(pl.col("pages").str.extract(r"^\s*([^\s\-–—]+)", 1))


def _page_end() -> pl.Expr:
    return fields.text(pl.col("pages").str.extract(r"[\-–—]\s*([^\s\-–—]+)\s*$", 1))


def _canonical(name: pl.Expr) -> pl.Expr:
    """``Surname, I.`` of ``Surname, I.``, ``Surname, Given`` or ``Surname, Jr, Given``."""
    without_suffix = name.str.replace(rf"^([^,]+), {_SUFFIX}, ", "$1, ").str.replace(
        rf",?\s+{_SUFFIX}$", ""
    )
    return fields.author_name(without_suffix)


def _letter_affiliations(frame: pl.DataFrame) -> pl.Series:
    """Each author's addresses from the letters glued to their name (``""`` when none)."""
    authors = (
        frame.select("_record", pl.col("_names").alias("name"))
        .explode("name")
        .filter(pl.col("name").is_not_null())
        .with_columns(pl.int_range(pl.len()).over("_record").alias("_pos"))
    )
    letters = (
        authors.with_columns(
            pl.col("name").str.extract(_LETTERS, 2).str.extract_all(r"[a-z]").alias("letter")
        )
        .explode("letter")
        .filter(pl.col("letter").is_not_null())
        .with_columns(
            (pl.col("letter").str.encode("hex").str.to_integer(base=16) - ord("a")).alias("_aff")
        )
    )
    addresses = (
        frame.select("_record", pl.col("affiliations").alias("address"))
        .explode("address")
        .filter(pl.col("address").is_not_null())
        .with_columns(pl.int_range(pl.len()).over("_record").alias("_aff"))
    )
    joined = (
        letters.join(addresses, on=["_record", "_aff"], how="inner")
        .group_by("_record", "_pos")
        .agg(pl.col("address").sort_by("_aff").str.join("; "))
    )
    aligned = (
        authors.join(joined, on=["_record", "_pos"], how="left")
        .group_by("_record")
        .agg(pl.col("address").fill_null("").sort_by("_pos"))
    )
    return (
        frame.select("_record")
        .join(aligned, on="_record", how="left")["address"]
        .fill_null(pl.lit([], dtype=pl.List(pl.String)))
        .alias("author_affiliations")
    )
