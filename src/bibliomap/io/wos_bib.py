"""Web of Science BibTeX exports (``Title = {{..}}``, ``Unique-ID = {{WOS:..}}``).

Values use LaTeX escapes (``\\&``, ``{[}``) that are resolved. ``Cited-References`` holds one
reference per line, each ending with a ``.`` that the plain-text export does not have (removed).
``Affiliation`` holds one address per line, led by the names of its authors
(``Rocchi, Lucia; Grohmann, David, Univ Perugia, Dept ..., Italy.``) or by the reprint author
(``Figueira, JR (Corresponding Author), Univ Lisbon, ...``): the author addresses give
``affiliations`` and ``author_affiliations`` (the reprint address only when there is no other);
a line whose leading names are not the record's authors is an address without authors. Names
are compared in canonical form (``Figueira, JR`` and ``Figueira, Jose Rui`` are both
``Figueira, J.R.``).
``Times-Cited`` gives ``cited_by`` (missing = 0), ``Keywords-Plus`` the index keywords.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from bibliomap.flow import Skipped
from bibliomap.io import assemble, bibtex, fields

FORMAT = "wos-bib"
DATABASE = "wos"

_COLUMNS = (
    "author",
    "book-group-author",
    "title",
    "journal",
    "booktitle",
    "journal-iso",
    "year",
    "volume",
    "number",
    "pages",
    "article-number",
    "abstract",
    "publisher",
    "type",
    "language",
    "affiliation",
    "doi",
    "issn",
    "eissn",
    "keywords",
    "keywords-plus",
    "funding-acknowledgement",
    "funding-text",
    "cited-references",
    "times-cited",
    "unique-id",
    "oa",
)
_WOS_ENTRY = re.compile(r"(?i)(@\w+\{\s*WOS:|Unique-ID\s*=\s*\{+WOS:)")
_CORRESPONDING = r"^(.*?) \(Corresponding Author\), (.*)$"
_NAMED = r"^((?:[^;]+; )*)([^,;]+, [^,;]+), (.+)$"


def sniff(head: str) -> bool:
    """A BibTeX file whose entries are keyed or identified by ``WOS:`` accession numbers."""
    return bool(_WOS_ENTRY.search(head)) and bibtex.has_entries(head)


def read(path: str | Path, *, strict: bool = False) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """The records of a Web of Science BibTeX export and the malformed records skipped.

    ``strict``: raise on the first malformed record instead of skipping it.
    """
    return _read(Path(path), lenient=not strict)


def _read(path: Path, *, lenient: bool) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    bib = bibtex.tokenize(path, lenient=lenient)
    table = bibtex.wide(bib, _COLUMNS).with_columns(
        bibtex.unescape(pl.col(name)) for name in _COLUMNS
    )
    kept, skipped = assemble.checked(table, _checks(), path, lenient=lenient, skipped=bib.skipped)
    return _records(kept, path), skipped


def _checks() -> dict[str, pl.Expr]:
    """Entry checks: reason -> expression that is true for a good entry."""
    return {
        "'Year' is not a four-digit year": assemble.empty_or(pl.col("year"), r"^\d{4}$"),
        "'Times-Cited' is not a whole number": assemble.empty_or(pl.col("times-cited"), r"^\d+$"),
        "'Unique-ID' is not a WOS: accession number": pl.col("unique-id").is_null()
        | pl.col("unique-id").str.contains(r"^\s*WOS:\w+\s*$"),
    }


def _records(table: pl.DataFrame, path: Path) -> pl.DataFrame:
    """Canonical records of the entries of a Web of Science BibTeX file."""
    text = fields.text
    names = assemble.text_list(pl.col("author"), " and ")
    funding = pl.concat_str(
        [text(pl.col("funding-acknowledgement")), text(pl.col("funding-text"))],
        separator=" | ",
        ignore_nulls=True,
    )
    references = fields.split_list(pl.col("cited-references"), "\n").list.eval(
        pl.element().str.replace(r"\.$", "").str.replace_all(r"\s+", " ")
    )
    frame = (
        table.lazy()
        .select(
            "_record",
            text(pl.col("unique-id")).alias("ut"),
            fields.doi(pl.col("doi")).alias("doi"),
            text(pl.col("title")).alias("title"),
            text(pl.col("abstract")).alias("abstract"),
            fields.year(pl.col("year")).alias("year"),
            fields.document_type(pl.col("type")).alias("document_type"),
            text(pl.col("type")).alias("document_type_raw"),
            fields.language(pl.col("language")).alias("language"),
            text(pl.coalesce(pl.col("journal"), pl.col("booktitle"))).alias("source_title"),
            text(pl.col("journal-iso")).alias("source_abbrev"),
            assemble.issn(
                pl.concat_str([pl.col("issn"), pl.col("eissn")], separator="; ", ignore_nulls=True)
            ).alias("issn"),
            text(pl.col("publisher")).alias("publisher"),
            text(pl.col("volume")).alias("volume"),
            text(pl.col("number")).alias("issue"),
            pl.coalesce(
                text(pl.col("pages").str.extract(r"^\s*([^\s-]+)", 1)),
                text(pl.col("article-number")),
            ).alias("page_start"),
            text(pl.col("pages").str.extract(r"-+\s*([^\s-]+)\s*$", 1)).alias("page_end"),
            names.alias("author_full_names"),
            names.list.eval(fields.author_name(pl.element())).alias("authors"),
            assemble.text_list(pl.col("keywords")).alias("author_keywords"),
            assemble.text_list(pl.col("keywords-plus")).alias("index_keywords"),
            references.alias("_references"),
            assemble.integer(pl.col("times-cited"), empty=0).alias("cited_by"),
            text(pl.col("oa")).alias("open_access"),
            pl.when(funding == "").then(None).otherwise(funding).alias("funding"),
            assemble.database(DATABASE).alias("databases"),
            assemble.origin(path, pl.col("_record")).alias("origin"),
        )
        .collect()
    )
    places = _places(table.select("_record", "affiliation"), frame)
    with_references = frame.with_columns(assemble.raw_references(frame["_references"]))
    return assemble.finish(with_references.join(places, on="_record", how="left"))


def _places(cells: pl.DataFrame, frame: pl.DataFrame) -> pl.DataFrame:
    """``affiliations`` and ``author_affiliations`` of each record from its address lines."""
    lines = (
        cells.select("_record", fields.split_list(pl.col("affiliation"), "\n").alias("line"))
        .explode("line")
        .filter(pl.col("line").is_not_null())
        .with_columns(pl.int_range(pl.len()).over("_record").alias("_line"))
    )
    corresponding = pl.col("line").str.contains(_CORRESPONDING)
    named = lines.with_columns(
        corresponding.alias("reprint"),
        pl.when(corresponding)
        .then(pl.concat_list(pl.col("line").str.extract(_CORRESPONDING, 1)))
        .otherwise(
            pl.concat_list(
                pl.col("line").str.extract(_NAMED, 1).str.strip_suffix("; ").str.split("; "),
                pl.col("line").str.extract(_NAMED, 2),
            )
        )
        .list.eval(fields.author_name(pl.element()).drop_nulls())
        .alias("names"),
        pl.when(corresponding)
        .then(pl.col("line").str.extract(_CORRESPONDING, 2))
        .otherwise(pl.col("line").str.extract(_NAMED, 3))
        .alias("address"),
    )
    authors = frame.select("_record", pl.col("authors").alias("name")).explode("name")
    checked = named.join(_all_authors(named, authors), on=["_record", "_line"], how="left")
    resolved = checked.with_columns(
        pl.when(pl.col("known").fill_null(False))
        .then(pl.col("address"))
        .otherwise(pl.col("line"))
        .str.replace(r"\.$", "")
        .alias("address"),
        pl.when(pl.col("known").fill_null(False))
        .then(pl.col("names"))
        .otherwise(pl.lit([], pl.List(pl.String)))
        .alias("names"),
    )
    return _collect_places(resolved, authors)


def _all_authors(named: pl.DataFrame, authors: pl.DataFrame) -> pl.DataFrame:
    """Whether every name leading an address line is one of the record's authors."""
    pairs = named.select("_record", "_line", pl.col("names").alias("name")).explode("name")
    matched = pairs.join(
        authors.with_columns(pl.lit(True).alias("hit")).unique(), on=["_record", "name"], how="left"
    )
    return matched.group_by("_record", "_line").agg(
        (pl.col("hit").fill_null(False).all() & pl.col("name").is_not_null().all()).alias("known")
    )


def _collect_places(lines: pl.DataFrame, authors: pl.DataFrame) -> pl.DataFrame:
    """Per record: author addresses (reprint ones only if none else) and per-author addresses."""
    has_author_lines = (~pl.col("reprint")).any().over("_record")
    kept = lines.filter(~pl.col("reprint") | ~has_author_lines)
    affiliations = kept.group_by("_record").agg(
        pl.col("address").sort_by("_line").unique(maintain_order=True).alias("affiliations")
    )
    by_name = (
        kept.select("_record", "_line", "address", pl.col("names").alias("name"))
        .explode("name")
        .filter(pl.col("name").is_not_null())
        .group_by("_record", "name")
        .agg(pl.col("address").sort_by("_line").unique(maintain_order=True).str.join("; "))
    )
    ordered = authors.filter(pl.col("name").is_not_null()).with_columns(
        pl.int_range(pl.len()).over("_record").alias("_pos")
    )
    per_author = (
        ordered.join(by_name, on=["_record", "name"], how="left")
        .group_by("_record")
        .agg(pl.col("address").fill_null("").sort_by("_pos").alias("author_affiliations"))
    )
    return affiliations.join(per_author, on="_record", how="full", coalesce=True)
