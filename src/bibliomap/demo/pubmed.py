"""Render demo records in PubMed's MEDLINE tagged format (``PMID- ...``), as PubMed exports it.

As in a real export: UTF-8 without BOM, CRLF line ends, four-character tags padded with spaces
and followed by ``- ``, long values wrapped near 88 columns with a trailing space and six-space
continuation lines, ``FAU``/``AU``/``AD`` repeated per author, author keywords as ``OT`` (after
``OTO - NOTNLM``), index terms as ``MH``, and a blank line between records. PubMed exports carry
no cited references and no citation counts.
"""

from __future__ import annotations

from typing import BinaryIO

import polars as pl

from bibliomap.demo import pools
from bibliomap.demo.render import Renderer, Slice, joined, number

FORMAT = "pubmed"
SUFFIX = ".txt"

HEADER = b""
FOOTER = b""

_EOL = "\r\n"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LANGUAGE_CODES = {
    "English": "eng",
    "Spanish": "spa",
    "Portuguese": "por",
    "German": "ger",
    "French": "fre",
    "Chinese": "chi",
    "Russian": "rus",
}
_PLACES = {
    "10.1016": "England",
    "10.1007": "Netherlands",
    "10.1080": "England",
    "10.1111": "United States",
    "10.1108": "England",
    "10.1177": "United States",
    "10.1109": "United States",
    "10.1145": "United States",
}


def _wrap(expr: pl.Expr) -> pl.Expr:
    """Wrap at 82 characters, keeping each break's space at the end of the line."""
    wrapped = expr.str.replace_all(r"(.{1,81})( |$)", "${1}${2}\r\n      ")
    return wrapped.str.strip_suffix("\r\n      ")


def _tag(tag: str, value: pl.Expr) -> pl.Expr:
    """``TAG - value`` (tag padded to four characters), null where the value is empty."""
    return pl.when(value.is_not_null() & (value != "")).then(pl.lit(f"{tag:<4}- ") + _wrap(value))


def _people(part: Slice) -> pl.DataFrame:
    """``FAU``, ``AU`` and ``AD`` lines per author, joined per document."""
    lines = part.people.select(
        "doc",
        pl.concat_str(
            _tag("FAU", pl.col("wos_full").str.replace_all(r"\.", "")),
            _tag("AU", pl.col("wos_name").str.replace(",", "")),
            _tag("AD", pl.col("scopus_affiliation") + "."),
            separator=_EOL,
        ).alias("lines"),
    )
    return joined(lines, "lines", "authors", _EOL)


def _keywords(frame: pl.DataFrame, tag: str, name: str) -> pl.DataFrame:
    """One ``tag`` line per keyword, joined per document."""
    lines = frame.select("doc", _tag(tag, pl.col("keyword")).alias("line"))
    return joined(lines, "line", name, _EOL)


def _frame(part: Slice, last_doc: int) -> pl.Series:
    """The text of each record of one slice, newest first."""
    prefixes = {k: p.doi_prefix for k, p in enumerate(pools.PUBLISHERS)}
    rows = (
        part.docs.join(_people(part), on="doc", how="left", maintain_order="left")
        .join(part.abstracts, on="doc", how="left", maintain_order="left")
        .join(_keywords(part.author_keywords, "OT", "OT"), on="doc", how="left")
        .join(_keywords(part.index_keywords, "MH", "MH"), on="doc", how="left")
        .sort("doc", descending=True)
    )
    month = pl.lit(pl.Series(_MONTHS)).gather(pl.col("doc") % 12)
    month_number = (pl.col("doc") % 12 + 1).cast(pl.String).str.zfill(2)
    day = (pl.col("doc") % 28 + 1).cast(pl.String).str.zfill(2)
    ymd = pl.concat_str(pl.col("year"), month_number, day)
    slash_date = pl.concat_str(pl.col("year"), month_number, day, separator="/")
    ta = pl.col("iso").str.replace_all(r"\.", "")
    pmid = (pl.col("doc") * 3 + 20_000_000).cast(pl.String)
    pages = (
        pl.when(pl.col("article_number") > 0)
        .then(pl.col("article_number").cast(pl.String))
        .otherwise(pl.concat_str(pl.col("page_start"), pl.lit("-"), pl.col("page_end")))
    )
    volume_issue = pl.concat_str(
        number(pl.col("volume")),
        pl.when(pl.col("issue") > 0).then(pl.concat_str(pl.lit("("), pl.col("issue"), pl.lit(")"))),
        ignore_nulls=True,
    )
    citation = pl.concat_str(
        ta,
        pl.lit(". "),
        pl.col("year"),
        pl.lit(" "),
        month,
        pl.lit(";"),
        volume_issue,
        pl.lit(":"),
        pages,
        pl.lit("."),
        pl.when(pl.col("doi").is_not_null())
        .then(pl.lit(" doi: ") + pl.col("doi") + ".")
        .otherwise(pl.lit("")),
    )
    publisher_place = pl.col("publisher").replace_strict(prefixes).replace_strict(_PLACES)
    types = pl.concat_str(
        pl.lit("PT  - Journal Article"),
        pl.when(pl.col("document_type") == "Review").then(pl.lit("PT  - Review")),
        separator=_EOL,
        ignore_nulls=True,
    )
    fields = [
        pl.lit("PMID- ") + pmid,
        pl.lit("OWN - NLM"),
        pl.lit("STAT- MEDLINE"),
        _tag("DCOM", ymd),
        _tag("LR", ymd),
        _tag("IS", pl.col("eissn") + " (Electronic)"),
        _tag("IS", pl.col("issn") + " (Linking)"),
        _tag("VI", number(pl.col("volume"))),
        _tag("IP", number(pl.col("issue"))),
        _tag("DP", pl.concat_str(pl.col("year"), pl.lit(" "), month)),
        _tag("TI", pl.col("title") + "."),
        _tag("PG", pages),
        _tag("LID", pl.col("doi") + " [doi]"),
        _tag("AB", pl.col("abstract")),
        pl.col("authors"),
        _tag("LA", pl.col("language").replace_strict(_LANGUAGE_CODES)),
        types,
        _tag("PL", publisher_place),
        _tag("TA", ta),
        _tag("JT", pl.col("source_title")),
        _tag("JID", (pl.col("source") * 7_919 + 101_000_000).cast(pl.String)),
        pl.lit("SB  - IM"),
        pl.col("MH"),
        pl.when(pl.col("OT").is_not_null()).then(pl.lit("OTO - NOTNLM")),
        pl.col("OT"),
        _tag("EDAT", slash_date + " 06:00"),
        _tag("MHDA", slash_date + " 06:00"),
        _tag("CRDT", slash_date + " 04:29"),
        _tag("PHST", slash_date + " 06:00 [pubmed]"),
        _tag("AID", pl.col("doi") + " [doi]"),
        pl.lit("PST - ppublish"),
        _tag("SO", citation),
    ]
    separator = pl.when(pl.col("doc") == last_doc).then(pl.lit("")).otherwise(pl.lit(_EOL))
    record = pl.concat_str(fields, separator=_EOL, ignore_nulls=True)
    return rows.select((separator + record + _EOL).alias("record")).to_series()


def write_slice(handle: BinaryIO, renderer: Renderer, start: int, stop: int) -> None:
    """Append the records of documents ``start <= doc < stop`` (newest first)."""
    records = _frame(renderer.slice(start, stop), renderer.corpus.docs.height - 1)
    handle.write(records.str.join("").item().encode("utf-8"))
