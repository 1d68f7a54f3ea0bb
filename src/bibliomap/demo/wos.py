"""Render demo records as a Web of Science plain-text export (``FN``/``VR`` ... ``ER``/``EF``).

As in a real 2024 export: UTF-8 with BOM, two-letter tags, one author / address group / cited
reference per line with three-space continuation lines, long fields (title, source, keywords,
organizations, categories) wrapped at 75 characters, a blank line after each ``ER`` and a final
``EF`` without a newline. Cited references follow WoS's style ``Cohen WM, 1990, ADMIN SCI QUART,
V35, P128, DOI 10.2307/2393553``; addresses use WoS's abbreviations and spellings (``USA``,
``England``, ``Peoples R China``).
"""

from __future__ import annotations

from typing import BinaryIO

import polars as pl

from bibliomap.demo import pools
from bibliomap.demo.corpus import OPEN_ACCESS
from bibliomap.demo.render import MONTHS, Renderer, Slice, joined, number, unique_joined, wrap
from bibliomap.demo.topics import TOPIC_NAMES

FORMAT = "wos"
SUFFIX = ".txt"

HEADER = b"\xef\xbb\xbfFN Clarivate Analytics Web of Science\nVR 1.0\n"
FOOTER = b"EF"

EXPORT_DATE = "2025-06-30"

_CONTINUE = "\n   "

_TYPES = {
    "Article": ("J", "Article"),
    "Review": ("J", "Review"),
    "Conference paper": ("C", "Proceedings Paper"),
    "Book chapter": ("B", "Article; Book Chapter"),
}


def reference_expr() -> pl.Expr:
    """A cited reference in WoS style: first author, year, source, volume, page, DOI."""
    return pl.concat_str(
        pl.col("wos_first"),
        pl.col("year").cast(pl.String),
        pl.col("source_j9"),
        pl.when(pl.col("volume") > 0).then(pl.lit("V") + pl.col("volume").cast(pl.String)),
        pl.when(pl.col("page_start") > 0).then(pl.lit("P") + pl.col("page_start").cast(pl.String)),
        pl.when(pl.col("doi").is_not_null()).then(pl.lit("DOI ") + pl.col("doi")),
        separator=", ",
        ignore_nulls=True,
    )


def _people_fields(part: Slice) -> pl.DataFrame:
    """AU, AF, C1 (authors grouped by address), C3, RP and EM per document."""
    people = part.people
    groups = (
        people.group_by(["doc", "wos_address"], maintain_order=True)
        .agg(pl.col("wos_full").str.join("; ").alias("names"), pl.col("org").first())
        .with_columns(
            pl.concat_str(
                pl.lit("["), pl.col("names"), pl.lit("] "), pl.col("wos_address"), pl.lit(".")
            ).alias("group")
        )
    )
    first = people.filter(pl.col("position") == 0).select(
        "doc",
        pl.concat_str(
            pl.col("wos_name"),
            pl.lit(" (corresponding author), "),
            pl.col("wos_address"),
            pl.lit("."),
        ).alias("RP"),
        pl.col("email").alias("EM"),
    )
    return (
        joined(people, "wos_name", "AU", _CONTINUE)
        .join(joined(people, "wos_full", "AF", _CONTINUE), on="doc", maintain_order="left")
        .join(joined(groups, "group", "C1", _CONTINUE), on="doc", maintain_order="left")
        .join(unique_joined(groups, "org", "C3", "; "), on="doc", maintain_order="left")
        .join(first, on="doc", maintain_order="left")
    )


def _tag(tag: str, value: pl.Expr) -> pl.Expr:
    """``TAG value``, or null where the value is null or empty."""
    return pl.when(value.is_not_null() & (value != "")).then(pl.lit(f"{tag} ") + value)


def _frame(part: Slice) -> pl.Series:
    """The text of each record of one slice, newest first, each ending in ``ER`` + blank line."""
    docs = part.docs
    references = part.references.select("doc", reference_expr().alias("ref"))
    publishers = {k: p.name.upper() for k, p in enumerate(pools.PUBLISHERS)}
    places = {k: p.city for k, p in enumerate(pools.PUBLISHERS)}
    addresses = {k: p.address for k, p in enumerate(pools.PUBLISHERS)}
    categories = {k: pools.WOS_CATEGORIES[name][0] for k, name in enumerate(TOPIC_NAMES)}
    areas = {k: pools.WOS_CATEGORIES[name][1] for k, name in enumerate(TOPIC_NAMES)}
    funders = {k: name for k, (name, _) in enumerate(pools.FUNDERS)}
    open_access = {k: wos for k, (_, wos) in enumerate(OPEN_ACCESS)}
    rows = (
        docs.join(_people_fields(part), on="doc", how="left", maintain_order="left")
        .join(part.abstracts, on="doc", how="left", maintain_order="left")
        .join(joined(part.author_keywords, "keyword", "DE"), on="doc", how="left")
        .join(
            joined(part.index_keywords.filter(pl.col("doc") % 5 < 2), "keyword", "ID"),
            on="doc",
            how="left",
        )
        .join(joined(references, "ref", "CR", _CONTINUE), on="doc", how="left")
        .join(references.group_by("doc").len("NR"), on="doc", how="left")
        .sort("doc", descending=True)
    )
    kind = pl.col("document_type")
    pt = kind.replace_strict({k: v[0] for k, v in _TYPES.items()}, return_dtype=pl.String)
    dt = kind.replace_strict({k: v[1] for k, v in _TYPES.items()}, return_dtype=pl.String)
    is_conference = kind == "Conference paper"
    is_journal = pl.col("kind") == "journal"
    grant = (pl.col("doc") * 37 % 900_000 + 100_000).cast(pl.String)
    funder = pl.col("funder").replace_strict(funders, default=None, return_dtype=pl.String)
    source = pl.col("source_title").str.to_uppercase()
    month = pl.lit(pl.Series(MONTHS)).gather(pl.col("doc") % 12)
    usage = (pl.col("doc") * 13 % 7).cast(pl.String)
    fields = [
        _tag("PT", pt),
        _tag("AU", pl.col("AU")),
        _tag("AF", pl.col("AF")),
        _tag("TI", wrap(pl.col("title"))),
        _tag("SO", wrap(source)),
        _tag("SE", pl.when(pl.col("kind") == "book").then(pl.col("source_title"))),
        _tag("LA", pl.col("language")),
        _tag("DT", dt),
        _tag(
            "CT",
            pl.when(is_conference).then(
                pl.col("source_title").str.replace("Proceedings of the ", "")
            ),
        ),
        _tag(
            "CY", pl.when(is_conference).then(pl.concat_str(pl.lit("JUN 12-14, "), pl.col("year")))
        ),
        _tag("CL", pl.when(is_conference).then(pl.lit("Barcelona, SPAIN"))),
        _tag("DE", wrap(pl.col("DE").fill_null(""))),
        _tag("ID", wrap(pl.col("ID").str.to_uppercase().fill_null(""))),
        _tag("AB", pl.col("abstract")),
        _tag("C1", pl.col("C1")),
        _tag("C3", wrap(pl.col("C3"))),
        _tag("RP", pl.col("RP")),
        _tag("EM", pl.col("EM")),
        _tag(
            "FU",
            pl.when(pl.col("funder") >= 0).then(
                pl.concat_str(funder, pl.lit(" ["), grant, pl.lit("]"))
            ),
        ),
        _tag(
            "FX",
            pl.when(pl.col("funder") >= 0).then(
                wrap(
                    pl.concat_str(
                        pl.lit("This work was supported by the "),
                        funder,
                        pl.lit(" (grant "),
                        grant,
                        pl.lit(")."),
                    )
                )
            ),
        ),
        _tag("CR", pl.col("CR")),
        _tag("NR", pl.col("NR").fill_null(0).cast(pl.String)),
        _tag("TC", pl.col("cited_by").cast(pl.String)),
        _tag("Z9", (pl.col("cited_by") + pl.col("doc") % 3).cast(pl.String)),
        _tag("U1", usage),
        _tag("U2", (pl.col("doc") * 7 % 40).cast(pl.String)),
        _tag("PU", pl.col("publisher").replace_strict(publishers, return_dtype=pl.String)),
        _tag("PI", pl.col("publisher").replace_strict(places, return_dtype=pl.String)),
        _tag("PA", pl.col("publisher").replace_strict(addresses, return_dtype=pl.String)),
        _tag("SN", pl.when(is_journal).then(pl.col("issn"))),
        _tag("EI", pl.when(is_journal).then(pl.col("eissn"))),
        _tag("J9", pl.col("j9")),
        _tag("JI", pl.col("iso")),
        _tag("PD", pl.when(is_journal).then(month)),
        _tag("PY", pl.col("year").cast(pl.String)),
        _tag("VL", number(pl.col("volume"))),
        _tag("IS", number(pl.col("issue"))),
        _tag("BP", number(pl.col("page_start"))),
        _tag("EP", number(pl.col("page_end"))),
        _tag("AR", number(pl.col("article_number"))),
        _tag("DI", pl.col("doi")),
        _tag(
            "PG",
            pl.when(pl.col("page_start") > 0).then(
                (pl.col("page_end") - pl.col("page_start") + 1).cast(pl.String)
            ),
        ),
        _tag("WC", wrap(pl.col("topic").replace_strict(categories, return_dtype=pl.String))),
        _tag("WE", pl.lit("Social Science Citation Index (SSCI)")),
        _tag("SC", wrap(pl.col("topic").replace_strict(areas, return_dtype=pl.String))),
        _tag("GA", pl.lit("A") + (pl.col("doc") * 7_919 % 99_999).cast(pl.String).str.zfill(5)),
        _tag("UT", pl.col("ut")),
        _tag(
            "OA",
            pl.col("open_access").replace_strict(open_access, default=None, return_dtype=pl.String),
        ),
        _tag("DA", pl.lit(EXPORT_DATE)),
        pl.lit("ER\n\n"),
    ]
    return rows.select(
        pl.concat_str(fields, separator="\n", ignore_nulls=True).alias("record")
    ).to_series()


def write_slice(handle: BinaryIO, renderer: Renderer, start: int, stop: int) -> None:
    """Append the records of documents ``start <= doc < stop`` (newest first)."""
    records = _frame(renderer.slice(start, stop))
    handle.write(records.str.join("").item().encode("utf-8"))
