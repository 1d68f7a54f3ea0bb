"""Render demo records as a Scopus RIS export (full record with abstract, keywords, references).

As in a real 2022 export: UTF-8 without BOM, LF line ends, ``TAG  - value`` lines, one ``AU``
(``Surname, I.``) per author and one ``AD`` per affiliation, author and index keywords mixed as
``KW``, ``N1`` notes for citations, export date, correspondence, funding and references, cited
references in Scopus's older style ``Cohen, W.M., Title (1990) Source, 35 (1), pp. 128-152``
joined by ``;`` and a line break, ``ER  - `` and a blank line after each record.
"""

from __future__ import annotations

from typing import BinaryIO

import polars as pl

from bibliomap.demo import pools
from bibliomap.demo.render import Renderer, Slice, hex_digest, joined, number, unique_joined
from bibliomap.demo.scopus_csv import scopus_link

FORMAT = "scopus-ris"
SUFFIX = ".ris"

HEADER = b""
FOOTER = b""

EXPORT_DATE = "30 June 2025"

_TYPES = {
    "Article": ("JOUR", "Article"),
    "Review": ("JOUR", "Review"),
    "Conference paper": ("CONF", "Conference Paper"),
    "Book chapter": ("CHAP", "Book Chapter"),
}


def reference_expr() -> pl.Expr:
    """A cited reference in Scopus's pre-2023 style: ``Authors, Title (Year) Source, V (I)``."""
    volume = pl.when(pl.col("volume") > 0).then(
        pl.concat_str(
            pl.col("volume").cast(pl.String),
            pl.when(pl.col("issue") > 0).then(
                pl.concat_str(pl.lit(" ("), pl.col("issue"), pl.lit(")"))
            ),
            ignore_nulls=True,
        )
    )
    pages = pl.when(pl.col("page_start") > 0).then(
        pl.concat_str(pl.lit("pp. "), pl.col("page_start"), pl.lit("-"), pl.col("page_end"))
    )
    where = pl.concat_str(pl.col("source_title"), volume, pages, separator=", ", ignore_nulls=True)
    authors = pl.col("authors").str.replace_all(r"(\S+) ((?:\p{Lu}\.)+)", "$1, $2")
    return pl.concat_str(
        authors + ", ",
        pl.col("title"),
        pl.concat_str(pl.lit(" ("), pl.col("year"), pl.lit(")")),
        pl.when(where != "").then(" " + where),
        ignore_nulls=True,
    )


def _tag(tag: str, value: pl.Expr) -> pl.Expr:
    """``TAG  - value``, null where the value is null or empty."""
    return pl.when(value.is_not_null() & (value != "")).then(pl.lit(f"{tag}  - ") + value)


def _lines(frame: pl.DataFrame, tag: str, column: str, name: str) -> pl.DataFrame:
    """One ``tag`` line per value of ``column``, joined per document."""
    lines = frame.select("doc", _tag(tag, pl.col(column)).alias("line"))
    return joined(lines, "line", name, "\n")


def _frame(part: Slice, seed: int) -> pl.Series:
    """The text of each record of one slice, newest first."""
    people = part.people.with_columns(
        pl.col("canonical").alias("ris_name"),
    )
    keywords = pl.concat([part.author_keywords, part.index_keywords]).sort(
        "doc", maintain_order=True
    )
    references = part.references.select("doc", reference_expr().alias("ref"))
    first = people.filter(pl.col("position") == 0).select(
        "doc",
        pl.concat_str(
            pl.lit("N1  - Correspondence Address: "),
            pl.col("canonical"),
            pl.lit("; "),
            pl.col("scopus_affiliation"),
            pl.lit("; email: "),
            pl.col("email"),
        ).alias("correspondence"),
    )
    rows = (
        part.docs.with_columns(pl.Series("md5", hex_digest(part.docs["doc"].to_numpy(), seed)))
        .join(_lines(people, "AU", "ris_name", "AU"), on="doc", how="left", maintain_order="left")
        .join(
            unique_joined(
                people.select("doc", _tag("AD", pl.col("scopus_affiliation")).alias("ad")),
                "ad",
                "AD",
                "\n",
            ),
            on="doc",
            how="left",
        )
        .join(part.abstracts, on="doc", how="left")
        .join(_lines(keywords, "KW", "keyword", "KW"), on="doc", how="left")
        .join(first, on="doc", how="left")
        .join(joined(references, "ref", "refs", "; \n"), on="doc", how="left")
        .sort("doc", descending=True)
    )
    kind = pl.col("document_type")
    publishers = {k: p.name for k, p in enumerate(pools.PUBLISHERS)}
    copyrights = {k: p.copyright for k, p in enumerate(pools.PUBLISHERS)}
    funders = {
        k: f"{name}, {acronym}" if acronym else name
        for k, (name, acronym) in enumerate(pools.FUNDERS)
    }
    grant = (pl.col("doc") * 37 % 900_000 + 100_000).cast(pl.String)
    link = scopus_link()
    abstract = pl.col("abstract") + pl.when(pl.col("doc") % 5 < 3).then(
        pl.concat_str(
            pl.lit(" © "),
            pl.col("year"),
            pl.lit(" "),
            pl.col("publisher").replace_strict(copyrights, return_dtype=pl.String),
        )
    ).otherwise(pl.lit(""))
    is_conference = kind == "Conference paper"
    fields = [
        _tag("TY", kind.replace_strict({k: v[0] for k, v in _TYPES.items()})),
        _tag("TI", pl.col("title")),
        _tag("T2", pl.col("source_title")),
        _tag("J2", pl.col("iso")),
        _tag("VL", number(pl.col("volume"))),
        _tag("IS", number(pl.col("issue"))),
        _tag("SP", number(pl.col("page_start"))),
        _tag("EP", number(pl.col("page_end"))),
        _tag("PY", pl.col("year").cast(pl.String)),
        _tag("DO", pl.col("doi")),
        _tag("SN", pl.col("issn").str.replace("-", "") + " (ISSN) "),
        pl.col("AU"),
        pl.col("AD"),
        _tag("AB", abstract),
        pl.col("KW"),
        _tag("PB", pl.col("publisher").replace_strict(publishers, return_dtype=pl.String)),
        _tag(
            "N1",
            pl.when(pl.col("cited_by") > 0).then(
                pl.lit("Cited By :") + pl.col("cited_by").cast(pl.String)
            ),
        ),
        pl.lit(f"N1  - Export Date: {EXPORT_DATE}"),
        _tag("M3", kind.replace_strict({k: v[1] for k, v in _TYPES.items()})),
        pl.lit("DB  - Scopus"),
        _tag("C7", number(pl.col("article_number"))),
        _tag("C3", pl.when(is_conference).then(pl.col("source_title"))),
        _tag(
            "N1",
            pl.when(is_conference).then(
                pl.lit("Conference code: ")
                + (pl.col("source") * 1_000 + pl.col("year") + 150_000).cast(pl.String)
            ),
        ),
        _tag("LA", pl.col("language")),
        pl.col("correspondence"),
        _tag(
            "N1",
            pl.when(pl.col("funder") >= 0).then(
                pl.concat_str(
                    pl.lit("Funding details: "),
                    pl.col("funder").replace_strict(funders, default=None, return_dtype=pl.String),
                    pl.lit(", "),
                    grant,
                )
            ),
        ),
        _tag("N1", pl.lit("References: ") + pl.col("refs")),
        _tag("UR", link),
        pl.lit("ER  - \n"),
    ]
    return rows.select(
        pl.concat_str(fields, separator="\n", ignore_nulls=True).alias("record")
    ).to_series()


def write_slice(handle: BinaryIO, renderer: Renderer, start: int, stop: int) -> None:
    """Append the records of documents ``start <= doc < stop`` (newest first)."""
    records = _frame(renderer.slice(start, stop), renderer.corpus.params.seed)
    handle.write(records.str.join("\n").item().encode("utf-8"))
    handle.write(b"\n")
