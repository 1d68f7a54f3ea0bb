"""Shared rendering of a corpus slice: bylines, affiliations, cited works, derived fields."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from bibliomap.demo import pools
from bibliomap.demo.corpus import DemoCorpus
from bibliomap.demo.text import render_abstracts
from bibliomap.demo.topics import TOPIC_NAMES

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


@dataclass(frozen=True)
class Slice:
    """The rows of every corpus table for documents ``start <= doc < stop``."""

    docs: pl.DataFrame
    people: pl.DataFrame
    abstracts: pl.DataFrame
    author_keywords: pl.DataFrame
    index_keywords: pl.DataFrame
    references: pl.DataFrame


def _between(frame: pl.DataFrame, start: int, stop: int) -> pl.DataFrame:
    """Rows of a doc-sorted table whose ``doc`` lies in ``[start, stop)``."""
    docs = frame["doc"]
    lo = int(docs.search_sorted(start, side="left"))
    hi = int(docs.search_sorted(stop, side="left"))
    return frame.slice(lo, hi - lo)


def _wos_abbreviate(expr: pl.Expr) -> pl.Expr:
    """Abbreviate organization words the way Web of Science addresses do."""
    for word, short in pools.WOS_ABBREVIATIONS.items():
        if word != short:
            expr = expr.str.replace_all(rf"\b{word}\b", short)
    return expr.str.replace_all(r"\b(of|and|for|the) ", "").str.replace_all(" and ", " & ")


def _team_places(corpus: DemoCorpus) -> pl.DataFrame:
    """Per team: organization, department and address strings in each database's style."""
    departments = pl.DataFrame(
        {
            "topic": np.repeat(np.arange(len(TOPIC_NAMES), dtype=np.int8), 4),
            "department": np.tile(np.arange(4, dtype=np.int8), len(TOPIC_NAMES)),
            "dept": [d for name in TOPIC_NAMES for d in pools.DEPARTMENTS[name]],
        }
    )
    state = pl.when(pl.col("state") != "").then(pl.col("state") + ", ").otherwise(pl.lit(""))
    wos_place = (
        pl.when(pl.col("wos_country") == "USA")
        .then(pl.col("state") + " USA")
        .otherwise(pl.col("wos_country"))
    )
    domain = (
        pl.col("org")
        .str.normalize("NFKD")
        .str.replace_all(r"[^A-Za-z ]", "")
        .str.to_lowercase()
        .str.replace_all(r"\b(of|university|the)\b", "")
        .str.replace_all(r"\s+", "")
    )
    places = (
        corpus.organizations.rename({"name": "org"})
        .join(departments, how="cross")
        .select(
            "organization",
            "topic",
            "department",
            "org",
            pl.concat_str(
                pl.col("dept"),
                pl.lit(", "),
                pl.col("org"),
                pl.lit(", "),
                pl.col("city"),
                pl.lit(", "),
                state,
                pl.col("country"),
            ).alias("scopus_affiliation"),
            pl.concat_str(
                _wos_abbreviate(pl.col("org")),
                pl.lit(", "),
                _wos_abbreviate(pl.col("dept")),
                pl.lit(", "),
                pl.col("city"),
                pl.lit(", "),
                wos_place,
            ).alias("wos_address"),
            "country",
            "wos_country",
            "country_code",
            domain.alias("domain"),
        )
    )
    return corpus.teams.join(
        places, on=["organization", "topic", "department"], how="left", maintain_order="left"
    ).drop("start", "size", "weight", "topic", "department")


def people_table(corpus: DemoCorpus) -> pl.DataFrame:
    """Every authorship with the author's name forms and affiliation in each database's style."""
    initial = pl.col("given").str.slice(0, 1)
    middle = pl.col("middle")
    has_middle = middle != ""
    dotted = initial + "." + pl.when(has_middle).then(middle + ".").otherwise(pl.lit(""))
    full_given = pl.col("given") + pl.when(has_middle).then(" " + middle + ".").otherwise(
        pl.lit("")
    )
    ascii_surname = (
        pl.col("surname").str.normalize("NFKD").str.replace_all(r"[^A-Za-z]", "").str.to_lowercase()
    )
    names = corpus.authors.select(
        "author",
        "team",
        (pl.col("surname") + " " + dotted).alias("scopus_name"),
        pl.concat_str(
            pl.col("surname"),
            pl.lit(", "),
            full_given,
            pl.lit(" ("),
            pl.col("scopus_id"),
            pl.lit(")"),
        ).alias("scopus_full"),
        pl.col("scopus_id").cast(pl.String).alias("scopus_id"),
        (dotted + " " + pl.col("surname")).alias("scopus_initials_first"),
        (pl.col("surname") + ", " + initial + middle).alias("wos_name"),
        (pl.col("surname") + ", " + full_given).alias("wos_full"),
        (pl.col("surname") + ", " + dotted).alias("canonical"),
        (initial.str.to_lowercase() + "." + ascii_surname).alias("mailbox"),
    )
    return (
        corpus.authorships.join(names, on="author", how="left", maintain_order="left")
        .join(_team_places(corpus), on="team", how="left", maintain_order="left")
        .with_columns((pl.col("mailbox") + "@" + pl.col("domain") + ".edu").alias("email"))
        .drop("team", "mailbox", "domain")
    )


def doc_authors(people: pl.DataFrame) -> pl.DataFrame:
    """Per document: the author list as a cited reference shows it (Scopus and WoS forms)."""
    shown = people.filter(pl.col("position") < 6)
    return (
        shown.group_by("doc", maintain_order=True)
        .agg(
            pl.col("scopus_name").str.join(", ").alias("ref_scopus_authors"),
            pl.col("wos_name").first().str.replace(",", "").alias("ref_wos_first"),
        )
        .join(
            people.group_by("doc").agg(pl.len().alias("n_authors")), on="doc", maintain_order="left"
        )
        .with_columns(
            pl.when(pl.col("n_authors") > 6)
            .then(pl.col("ref_scopus_authors") + ", Et al.")
            .otherwise(pl.col("ref_scopus_authors"))
            .alias("ref_scopus_authors")
        )
    )


def cited_works(corpus: DemoCorpus, people: pl.DataFrame) -> pl.DataFrame:
    """Bibliographic details of every citable work: corpus documents, then external works.

    ``work`` numbers corpus documents ``0..N-1`` and external works ``N..``.
    """
    n = corpus.docs.height
    sources = corpus.sources.select(
        "source", pl.col("title").alias("source_title"), "j9", "kind", "iso"
    )
    internal = (
        corpus.docs.join(sources, on="source", how="left", maintain_order="left")
        .join(doc_authors(people), on="doc", how="left", maintain_order="left")
        .select(
            pl.col("doc").alias("work"),
            pl.col("ref_scopus_authors").alias("authors"),
            pl.col("ref_wos_first").alias("wos_first"),
            "title",
            "source_title",
            pl.col("j9").alias("source_j9"),
            pl.col("year").cast(pl.Int64),
            pl.col("volume").cast(pl.Int64),
            pl.col("issue").cast(pl.Int64),
            pl.col("page_start").cast(pl.Int64),
            pl.col("page_end").cast(pl.Int64),
            "doi",
        )
    )
    external = corpus.external.select(
        (pl.col("external") + n).cast(pl.Int64).alias("work"),
        pl.col("scopus_authors").alias("authors"),
        "wos_first",
        "title",
        pl.col("source").alias("source_title"),
        "source_j9",
        pl.col("year").cast(pl.Int64),
        pl.col("volume").cast(pl.Int64),
        pl.col("issue").cast(pl.Int64),
        pl.col("page_start").cast(pl.Int64),
        pl.col("page_end").cast(pl.Int64),
        "doi",
    )
    return pl.concat([internal, external])


class Renderer:
    """Pre-computes corpus-wide tables once, then hands out document slices to render."""

    def __init__(self, corpus: DemoCorpus) -> None:
        self.corpus = corpus
        self.people = people_table(corpus)
        self.works = cited_works(corpus, self.people)
        self.sources = corpus.sources.drop("topic", "first_year", "code").rename(
            {"title": "source_title"}
        )

    def slice(self, start: int, stop: int) -> Slice:
        """All rows of documents ``start <= doc < stop``."""
        c = self.corpus
        n = c.docs.height
        refs = _between(c.references, start, stop).with_columns(
            pl.when(pl.col("internal"))
            .then(pl.col("target"))
            .otherwise(pl.col("target") + n)
            .alias("work")
        )
        refs = refs.join(self.works, on="work", how="left", maintain_order="left")
        return Slice(
            docs=c.docs.slice(start, stop - start).join(
                self.sources,
                on="source",
                how="left",
                maintain_order="left",
            ),
            people=_between(self.people, start, stop),
            abstracts=render_abstracts(_between(c.sentences, start, stop)),
            author_keywords=_between(c.author_keywords, start, stop),
            index_keywords=_between(c.index_keywords, start, stop),
            references=refs,
        )


def joined(frame: pl.DataFrame, column: str, name: str, separator: str = "; ") -> pl.DataFrame:
    """``doc, name``: the values of ``column`` per document joined with ``separator``."""
    return frame.group_by("doc", maintain_order=True).agg(
        pl.col(column).str.join(separator).alias(name)
    )


def unique_joined(frame: pl.DataFrame, column: str, name: str, separator: str) -> pl.DataFrame:
    """Like :func:`joined`, keeping only the first occurrence of each value per document."""
    return joined(
        frame.unique(subset=["doc", column], keep="first", maintain_order=True),
        column,
        name,
        separator,
    )


def hex_digest(values: np.ndarray, seed: int) -> list[str]:
    """A deterministic 32-digit hexadecimal string per value (stands in for Scopus's md5)."""
    with np.errstate(over="ignore"):
        golden = np.uint64(0x9E3779B97F4A7C15)
        x = (values.astype(np.uint64) + np.uint64(1)) * golden + np.uint64(seed)
        parts = []
        for salt in (0xBF58476D1CE4E5B9, 0x94D049BB133111EB):
            z = x * np.uint64(salt)
            z ^= z >> np.uint64(31)
            z *= np.uint64(0xD6E8FEB86659FD93)
            z ^= z >> np.uint64(32)
            parts.append(z)
    return [f"{a:016x}{b:016x}" for a, b in zip(parts[0].tolist(), parts[1].tolist(), strict=True)]


def wrap(expr: pl.Expr, width: int = 72) -> pl.Expr:
    """Word-wrap text to lines of at most ``width`` characters joined by WoS continuations."""
    wrapped = expr.str.replace_all(rf"(.{{1,{width}}})(?: |$)", "${1}\n   ")
    return wrapped.str.strip_chars_end(" \n")


def number(expr: pl.Expr) -> pl.Expr:
    """An integer column as text, empty where it is zero (absent)."""
    return pl.when(expr > 0).then(expr.cast(pl.String)).otherwise(pl.lit(None, dtype=pl.String))
