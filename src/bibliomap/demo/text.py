"""Titles, abstracts and keywords written from the planted topics.

Drawing (which template, which phrases) happens once for the whole corpus and is stored as
index tables; rendering turns a slice of those tables into strings with polars, so that a
million abstracts are built without a Python loop over documents.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from bibliomap.demo import pools
from bibliomap.demo.sampling import (
    Urn,
    first_occurrences,
    position_in_group,
    repeat_index,
    zipf_weights,
)
from bibliomap.demo.topics import (
    ABSTRACT_TEMPLATES,
    SURFACE,
    TITLE_TEMPLATES,
    TOPIC_NAMES,
    split_template,
)

_SURFACE = pl.Series("phrase", [phrase for name in TOPIC_NAMES for phrase in SURFACE[name]])
_SIZES = np.array([len(SURFACE[name]) for name in TOPIC_NAMES])
_STARTS = np.cumsum(_SIZES) - _SIZES
_PHRASE_TOPIC_INDEX = np.repeat(np.arange(_SIZES.size), _SIZES)
_URN = Urn.build(np.concatenate([zipf_weights(size, 0.7) for size in _SIZES]), 200.0)

_METHOD_TITLES = (
    "Using thematic analysis in psychology",
    "Case study research: design and methods",
    "Qualitative content analysis in practice",
    "Structural equation modeling with latent variables",
    "Designing and conducting mixed methods research",
    "Software survey: VOSviewer, a computer program for bibliometric mapping",
    "The use of bibliometric methods in management and organization",
    "Preferred reporting items for systematic reviews and meta-analyses",
    "Basics of qualitative research: techniques and procedures",
    "Statistical power analysis for the behavioral sciences",
)

_CLASSIC_JOURNALS = (
    ("Review of Educational Research", "Rev. Educ. Res.", "REV EDUC RES"),
    ("Educational Researcher", "Educ. Res.", "EDUC RESEARCHER"),
    ("Studies in Higher Education", "Stud. High. Educ.", "STUD HIGH EDUC"),
    ("Higher Education", "High. Educ.", "HIGH EDUC"),
    ("Computers & Education", "Comput. Educ.", "COMPUT EDUC"),
    ("British Journal of Educational Technology", "Br. J. Educ. Technol.", "BRIT J EDUC TECHNOL"),
    ("Journal of Vocational Behavior", "J. Vocat. Behav.", "J VOCAT BEHAV"),
    ("Administrative Science Quarterly", "Adm. Sci. Q.", "ADMIN SCI QUART"),
    ("Scientometrics", "Scientometrics", "SCIENTOMETRICS"),
    ("Qualitative Research in Psychology", "Qual. Res. Psychol.", "QUAL RES PSYCHOL"),
)


def _slot_topics(
    rng: np.random.Generator, main: np.ndarray, secondary: np.ndarray, purity: float
) -> np.ndarray:
    """The topic each phrase slot draws from: mostly the main, sometimes secondary or any."""
    draw = rng.random(main.size)
    k = len(TOPIC_NAMES)
    random_topic = rng.integers(0, k, size=main.size)
    single = np.where(draw < purity, main, random_topic)
    mixed = np.where(draw < 0.65, main, np.where(draw < 0.95, secondary, random_topic))
    return np.where(secondary >= 0, mixed, single)


def _phrases(rng: np.random.Generator, topics: np.ndarray) -> np.ndarray:
    """One phrase index (into the flat surface list) per slot, Zipf-weighted within a topic."""
    return _URN.draw(rng, _STARTS[topics], _SIZES[topics])


def _slot_pair(
    rng: np.random.Generator, main: np.ndarray, secondary: np.ndarray, purity: float
) -> tuple[np.ndarray, np.ndarray]:
    """Two different phrase indices per row (the ``{a}`` and ``{b}`` slots)."""
    a = _phrases(rng, _slot_topics(rng, main, secondary, purity))
    b = _phrases(rng, _slot_topics(rng, main, secondary, purity))
    topic = _PHRASE_TOPIC_INDEX[b]
    neighbour = _STARTS[topic] + (b - _STARTS[topic] + 1) % _SIZES[topic]
    return a, np.where(a == b, neighbour, b)


def draw_sentences(
    rng: np.random.Generator, topic: np.ndarray, secondary: np.ndarray, *, purity: float
) -> pl.DataFrame:
    """Abstract sentences: ``doc, template, a, b, number`` (5-9 sentences per document)."""
    counts = rng.integers(5, 10, size=topic.size)
    doc = repeat_index(counts)
    a, b = _slot_pair(rng, topic[doc], secondary[doc], purity)
    return pl.DataFrame(
        {
            "doc": doc,
            "template": rng.integers(0, len(ABSTRACT_TEMPLATES), size=doc.size).astype(np.int8),
            "a": a.astype(np.int32),
            "b": b.astype(np.int32),
            "number": rng.integers(3, 400, size=doc.size).astype(np.int32),
        }
    )


def _fill(templates: tuple[str, ...], frame: pl.DataFrame) -> pl.Series:
    """Render ``frame`` rows (template, a, b, number) into sentences."""
    parts = [split_template(template) for template in templates]
    pieces = [pl.Series([p[0][k] if k < len(p[0]) else "" for p in parts]) for k in range(3)]
    kinds = [pl.Series([p[1][k] if k < len(p[1]) else "" for p in parts]) for k in range(2)]
    template = frame["template"].cast(pl.Int64)
    values = pl.DataFrame(
        {
            "p0": pieces[0].gather(template),
            "p1": pieces[1].gather(template),
            "p2": pieces[2].gather(template),
            "k1": kinds[0].gather(template),
            "k2": kinds[1].gather(template),
            "a": _SURFACE.gather(frame["a"].cast(pl.Int64)),
            "b": _SURFACE.gather(frame["b"].cast(pl.Int64)),
            "n": frame["number"].cast(pl.String),
        }
    )

    def slot(kind: str) -> pl.Expr:
        return (
            pl.when(pl.col(kind) == "a")
            .then(pl.col("a"))
            .when(pl.col(kind) == "b")
            .then(pl.col("b"))
            .when(pl.col(kind) == "n")
            .then(pl.col("n"))
            .otherwise(pl.lit(""))
        )

    sentence = pl.concat_str("p0", slot("k1"), "p1", slot("k2"), "p2")
    return values.select(sentence.alias("text")).to_series()


def render_abstracts(sentences: pl.DataFrame) -> pl.DataFrame:
    """``doc, abstract`` for the documents whose sentences are given (in document order)."""
    rendered = sentences.select("doc").with_columns(_fill(ABSTRACT_TEMPLATES, sentences))
    return rendered.group_by("doc", maintain_order=True).agg(
        pl.col("text").str.join(" ").alias("abstract")
    )


def draw_titles(rng: np.random.Generator, topic: np.ndarray, secondary: np.ndarray) -> pl.Series:
    """One title per document, from a title template and two phrases of its topics."""
    a, b = _slot_pair(rng, topic, secondary, 0.95)
    frame = pl.DataFrame(
        {
            "template": rng.integers(0, len(TITLE_TEMPLATES), size=topic.size),
            "a": a,
            "b": b,
            "number": np.zeros(topic.size, dtype=np.int32),
        }
    )
    return _fill(TITLE_TEMPLATES, frame).alias("title")


def _keyword_case(words: pl.Expr, style: pl.Expr) -> pl.Expr:
    """Write a keyword lower case, with a capital first letter, or in title case."""
    capital = words.str.slice(0, 1).str.to_uppercase() + words.str.slice(1)
    return (
        pl.when(style == 0)
        .then(words)
        .when(style == 1)
        .then(capital)
        .otherwise(words.str.to_titlecase())
    )


def draw_author_keywords(
    rng: np.random.Generator, topic: np.ndarray, secondary: np.ndarray
) -> pl.DataFrame:
    """3-6 author keywords per document (topic phrases, sometimes a general keyword)."""
    n = topic.size
    counts = rng.integers(3, 7, size=n)
    counts = np.where(rng.random(n) < 0.12, 0, counts)  # some records carry no keywords
    doc = repeat_index(counts)
    phrase = _phrases(rng, _slot_topics(rng, topic[doc], secondary[doc], 0.92))
    general = rng.random(doc.size) < 0.12
    general_pick = rng.integers(0, len(pools.GENERAL_KEYWORDS), size=doc.size)
    words = _SURFACE.gather(phrase)
    generals = pl.Series(pools.GENERAL_KEYWORDS).gather(general_pick)
    style = rng.integers(0, 3, size=n)[doc]
    keep = first_occurrences(doc, np.where(general, _SURFACE.len() + general_pick, phrase))
    frame = pl.DataFrame(
        {"doc": doc, "general": general, "phrase": words, "generic": generals, "style": style}
    )[keep]
    keyword = (
        pl.when(pl.col("general"))
        .then(pl.col("generic"))
        .otherwise(_keyword_case(pl.col("phrase"), pl.col("style")))
    )
    return frame.select("doc", keyword.alias("keyword"))


def draw_index_keywords(
    rng: np.random.Generator, topic: np.ndarray, doc_type: np.ndarray
) -> pl.DataFrame:
    """Controlled index terms (Scopus capitalization); about 60% of documents have some."""
    n = topic.size
    counts = np.where(rng.random(n) < np.where(doc_type == 1, 0.9, 0.55), rng.integers(3, 9, n), 0)
    doc = repeat_index(counts)
    topical = rng.random(doc.size) < 0.7
    terms = [pools.INDEX_TERMS[name] for name in TOPIC_NAMES]
    flat = pl.Series([term for group in terms for term in group] + list(pools.GENERAL_INDEX_TERMS))
    per_topic = len(terms[0])
    general_start = per_topic * len(terms)
    pick = np.where(
        topical,
        topic[doc] * per_topic + rng.integers(0, per_topic, size=doc.size),
        general_start + rng.integers(0, len(pools.GENERAL_INDEX_TERMS), size=doc.size),
    )
    keep = first_occurrences(doc, pick)
    rank = np.argsort(np.argsort(flat.to_numpy()))  # alphabetical rank of each term
    order = keep[np.lexsort((rank[pick[keep]], doc[keep]))]
    return pl.DataFrame({"doc": doc[order], "keyword": flat.gather(pick[order])})


def _name_pool() -> tuple[pl.Series, int]:
    """All surnames of every name group, as one series."""
    names = [
        name for surnames, _ in pools.NAME_GROUPS.values() for name in pools.split_names(surnames)
    ]
    return pl.Series(names), len(names)


def describe_external(rng: np.random.Generator, frame: pl.DataFrame) -> pl.DataFrame:
    """Authors, title, source, volume, pages and DOI of each external work."""
    m = frame.height
    segment = frame["segment"].to_numpy().astype(np.int64)
    k = len(TOPIC_NAMES)
    is_general = segment == k
    topic = np.where(is_general, 0, segment)
    a, b = _slot_pair(rng, topic, np.full(m, -1), 1.0)
    titles = _fill(
        TITLE_TEMPLATES,
        pl.DataFrame(
            {"template": rng.integers(0, len(TITLE_TEMPLATES), m), "a": a, "b": b, "number": 0}
        ),
    )
    methods = pl.Series(_METHOD_TITLES).gather(rng.integers(0, len(_METHOD_TITLES), m))
    surnames, size = _name_pool()
    counts = rng.integers(1, 5, size=m)
    owner = repeat_index(counts)
    letters = np.array(list("ABCDEFGHIJKLMNOPRSTVW"))
    first = letters[rng.integers(0, letters.size, owner.size)]
    second = np.where(
        rng.random(owner.size) < 0.4, letters[rng.integers(0, letters.size, owner.size)], ""
    )
    people = pl.DataFrame(
        {
            "external": owner,
            "position": position_in_group(counts),
            "surname": surnames.gather(rng.integers(0, size, owner.size)),
            "i1": first,
            "i2": second,
        }
    )
    people = people.with_columns(
        (pl.col("i1") + pl.when(pl.col("i2") != "").then(pl.col("i2")).otherwise(pl.lit(""))).alias(
            "initials"
        )
    )
    names = people.group_by("external", maintain_order=True).agg(
        pl.concat_str(
            "surname",
            pl.lit(" "),
            pl.col("initials").str.replace_all(r"(.)", "$1."),
        )
        .str.join(", ")
        .alias("scopus_authors"),
        (pl.col("surname").first() + " " + pl.col("initials").first()).alias("wos_first"),
        (
            pl.col("surname").first()
            + ", "
            + pl.col("initials").first().str.replace_all(r"(.)", "$1.")
        ).alias("first_author"),
    )
    classic = rng.integers(0, len(_CLASSIC_JOURNALS), m)
    year = frame["year"].to_numpy()
    is_journal = frame["kind"].to_numpy() == "journal"
    doi_share = np.where(year >= 2000, 0.85, 0.3)
    has_doi = is_journal & (rng.random(m) < doi_share)
    volume = np.maximum(1, year - 1960 + rng.integers(-5, 5, m))
    start = rng.integers(1, 900, m)
    details = pl.DataFrame(
        {
            "title": pl.Series(np.where(is_general, methods.to_numpy(), titles.to_numpy())),
            "source": pl.Series([c[0] for c in _CLASSIC_JOURNALS]).gather(classic),
            "source_iso": pl.Series([c[1] for c in _CLASSIC_JOURNALS]).gather(classic),
            "source_j9": pl.Series([c[2] for c in _CLASSIC_JOURNALS]).gather(classic),
            "volume": np.where(is_journal, volume, 0),
            "issue": np.where(is_journal & (rng.random(m) < 0.8), rng.integers(1, 7, m), 0),
            "page_start": np.where(is_journal, start, 0),
            "page_end": np.where(is_journal, start + rng.integers(8, 30, m), 0),
            "has_doi": has_doi,
        }
    )
    serial = pl.col("external").cast(pl.String).str.zfill(7)
    prefix = pl.lit("10.") + (pl.col("external") % 9 * 1000 + 1016).cast(pl.String)
    doi = prefix + "/ext." + pl.col("segment").cast(pl.String) + "." + serial
    book_j9 = (
        pl.col("title")
        .str.to_uppercase()
        .str.replace_all(r"[^A-Z0-9 ]", "")
        .str.replace_all(r"\b(OF|AND|THE|IN|ON|A|FOR)\b", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.slice(0, 20)
        .str.strip_chars()
    )
    return (
        pl.concat([frame, details], how="horizontal")
        .join(names, on="external", how="left", maintain_order="left")
        .with_columns(
            pl.when(pl.col("has_doi")).then(doi).otherwise(None).alias("doi"),
            pl.when(pl.col("kind") == "journal")
            .then(pl.col("source_j9"))
            .otherwise(book_j9)
            .alias("source_j9"),
            pl.when(pl.col("kind") == "journal")
            .then(pl.col("source"))
            .otherwise(None)
            .alias("source"),
        )
        .drop("has_doi")
    )
