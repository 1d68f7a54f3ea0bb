"""Draw a synthetic bibliographic corpus with planted topics, column-wise with numpy.

Every random choice is made here, once, from ``numpy.random.default_rng(seed)``; the writers
only render these tables as text, so the same parameters always give the same corpus. Documents
are indexed in publication order (``doc`` 0 is the oldest), which makes "cites only earlier
documents" a comparison of indices and years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from bibliomap.demo import pools, text
from bibliomap.demo.sampling import (
    Urn,
    first_occurrences,
    position_in_group,
    positions,
    repeat_index,
    zipf_weights,
)
from bibliomap.demo.topics import TOPIC_NAMES
from bibliomap.errors import BibliomapError

DOCUMENT_TYPES = ("Article", "Conference paper", "Review", "Book chapter")
_TYPE_SHARES = (0.70, 0.15, 0.08, 0.07)
_TYPE_REFERENCES = (18.0, 10.0, 45.0, 20.0)  # mean cited references per document type
_TYPE_PAGES = ((8, 25), (4, 10), (15, 40), (12, 30))

LANGUAGES = ("English", "Spanish", "Portuguese", "German", "French", "Chinese", "Russian")
_LANGUAGE_SHARES = (0.955, 0.015, 0.008, 0.008, 0.007, 0.004, 0.003)

_TOPIC_SHARES = (0.22, 0.20, 0.22, 0.20, 0.16)
_TOPIC_CITATION_FACTOR = (1.2, 1.0, 0.9, 1.5, 0.7)

OPEN_ACCESS = (
    ("All Open Access; Gold Open Access", "gold"),
    ("All Open Access; Green Open Access", "Green Published"),
    ("All Open Access; Hybrid Gold Open Access", "hybrid"),
    ("All Open Access; Bronze Open Access", "Bronze"),
    ("All Open Access; Gold Open Access; Green Open Access", "gold, Green Published"),
)
"""Open-access labels as (Scopus, Web of Science)."""


@dataclass(frozen=True)
class DemoParams:
    """What to generate: size, seed and the shape of the planted structure."""

    records: int
    seed: int = 0
    first_year: int = 1992
    last_year: int = 2025
    growth: float = 0.12  # yearly growth rate of output (exponential)
    secondary_share: float = 0.15  # documents with a secondary topic
    purity: float = 0.9  # share of a single-topic document's phrases from its own topic
    internal_share: float = 0.35  # share of cited references pointing into the corpus


@dataclass(frozen=True)
class DemoCorpus:
    """The generated corpus as tables of indices; the writers render them as text.

    - ``docs``: one row per document (``doc`` = publication order), with topic, year, type,
      source, bibliographic details, identifiers, title and citation count;
    - ``authorships``: ``doc, position, author`` in byline order;
    - ``authors``: the author pool (names, Scopus ID, team); ``teams``: topic, organization,
      department and productivity of each research team;
    - ``organizations``: name, department, city, state and country spellings per database;
    - ``sources``: journals, proceedings and book series;
    - ``sentences``: the abstract, one row per sentence (template and phrase indices);
    - ``author_keywords`` / ``index_keywords``: ``doc, keyword``;
    - ``references``: ``doc, position, internal, target`` (a ``doc`` or an ``external`` row);
    - ``external``: works outside the corpus that documents cite.
    """

    params: DemoParams
    docs: pl.DataFrame
    authorships: pl.DataFrame
    authors: pl.DataFrame
    teams: pl.DataFrame
    organizations: pl.DataFrame
    sources: pl.DataFrame
    sentences: pl.DataFrame
    author_keywords: pl.DataFrame
    index_keywords: pl.DataFrame
    references: pl.DataFrame
    external: pl.DataFrame

    def truth(self) -> pl.DataFrame:
        """The planted topic of every record, keyed by the identifiers the exports carry."""
        return self.docs.select(
            "doc",
            "doi",
            "eid",
            "ut",
            "openalex_id",
            "title",
            "year",
            pl.col("topic").replace_strict(dict(enumerate(TOPIC_NAMES))).alias("topic"),
            pl.col("secondary")
            .replace_strict(dict(enumerate(TOPIC_NAMES)), default=None)
            .alias("secondary_topic"),
        )


def generate(params: DemoParams) -> DemoCorpus:
    """Draw a corpus of ``params.records`` documents, deterministically from ``params.seed``."""
    if params.records < 1:
        raise BibliomapError(f"the number of records must be at least 1, got {params.records}")
    if params.first_year > params.last_year:
        raise BibliomapError("the first year must not be after the last year")
    rng = np.random.default_rng(params.seed)
    n = params.records
    years = _years(params)
    topic = rng.choice(len(TOPIC_NAMES), size=n, p=_TOPIC_SHARES).astype(np.int8)
    has_secondary = rng.random(n) < params.secondary_share
    shift = rng.integers(1, len(TOPIC_NAMES), size=n)
    secondary = np.where(has_secondary, (topic + shift) % len(TOPIC_NAMES), -1).astype(np.int8)
    doc_type = rng.choice(len(DOCUMENT_TYPES), size=n, p=_TYPE_SHARES).astype(np.int8)
    organizations = _organizations()
    sources = _sources(n)
    teams, authors = _authors(rng, n, organizations)
    authorships = _authorships(rng, topic, teams)
    sentences = text.draw_sentences(rng, topic, secondary, purity=params.purity)
    titles = text.draw_titles(rng, topic, secondary)
    author_keywords = text.draw_author_keywords(rng, topic, secondary)
    index_keywords = text.draw_index_keywords(rng, topic, doc_type)
    external = _external(rng, n, params.last_year)
    references = _references(rng, params, years, topic, secondary, doc_type, external)
    docs = _documents(rng, params, years, topic, secondary, doc_type, sources, titles, references)
    return DemoCorpus(
        params=params,
        docs=docs,
        authorships=authorships,
        authors=authors,
        teams=teams,
        organizations=organizations,
        sources=sources,
        sentences=sentences,
        author_keywords=author_keywords,
        index_keywords=index_keywords,
        references=references,
        external=external,
    )


def _years(params: DemoParams) -> np.ndarray:
    """Publication years with exponential growth, allotted by stratified quantiles (sorted)."""
    span = np.arange(params.first_year, params.last_year + 1)
    weights = np.exp(params.growth * (span - params.first_year))
    cdf = np.cumsum(weights) / weights.sum()
    quantiles = (np.arange(params.records) + 0.5) / params.records
    return span[np.searchsorted(cdf, quantiles)].astype(np.int16)


def _organizations() -> pl.DataFrame:
    """Every organization pattern in every city, with the place spellings of each database."""
    countries = {row[2]: row for row in pools.COUNTRIES}
    rows = []
    for city, code, state, wos_country in pools.CITIES:
        scopus_country, wos_default, _, group, weight = countries[code]
        for pattern in pools.ORG_PATTERNS:
            rows.append(
                {
                    "name": pattern.format(city=city),
                    "city": city,
                    "state": state,
                    "country": scopus_country,
                    "wos_country": wos_country or wos_default,
                    "country_code": code,
                    "group": group,
                    "weight": weight,
                }
            )
    frame = pl.DataFrame(rows)
    per_city = frame.group_by("city").len().rename({"len": "orgs_in_city"})
    weight = pl.col("weight") / pl.col("orgs_in_city") / pl.col("city").count().over("country")
    return (
        frame.join(per_city, on="city", maintain_order="left")
        .with_columns(weight.alias("weight"))
        .drop("orgs_in_city")
        .with_row_index("organization")
    )


def _issn(serial: np.ndarray) -> list[str]:
    """Valid ISSNs (``NNNN-NNNC``: 7 digits + mod-11 check digit) for serial numbers."""
    digits = (serial[:, None] // 10 ** np.arange(6, -1, -1)) % 10
    check = (11 - (digits * np.arange(8, 1, -1)).sum(axis=1) % 11) % 11
    return [
        "".join(map(str, row[:4])) + "-" + "".join(map(str, row[4:])) + ("X" if c == 10 else str(c))
        for row, c in zip(digits, check, strict=True)
    ]


def _isbn(serial: np.ndarray) -> list[str]:
    """Valid ISBN-13s in Scopus's hyphenation (``978-NNNNNNNNN-C``) for serial numbers."""
    digits = np.concatenate(
        [
            np.tile([9, 7, 8], (serial.size, 1)),
            (serial[:, None] // 10 ** np.arange(8, -1, -1)) % 10,
        ],
        axis=1,
    )
    check = (10 - (digits * np.tile([1, 3], 6)).sum(axis=1) % 10) % 10
    return [
        "978-" + "".join(map(str, row[3:])) + f"-{c}" for row, c in zip(digits, check, strict=True)
    ]


def _abbreviate(title: str) -> tuple[str, str]:
    """ISO 4 abbreviation and the Web of Science 20-character J9 form of a source title."""
    words = [
        w
        for w in title.replace(",", "").split()
        if w.lower() not in {"of", "and", "in", "on", "the"}
    ]
    iso = " ".join(pools.ISO4.get(word, word) for word in words)
    j9 = " ".join(word.rstrip(".").upper() for word in iso.split())
    return iso, j9[:20].rstrip()


def _sources(n: int) -> pl.DataFrame:
    """Journals (as many per topic as the corpus size calls for), proceedings and book series."""
    per_topic = int(np.clip(np.ceil(n / 400), 4, len(pools.JOURNAL_PREFIXES) * 5))
    rows = []
    for t, name in enumerate(TOPIC_NAMES):
        fields = pools.SOURCE_FIELDS[name]
        for k in range(per_topic):
            prefix = pools.JOURNAL_PREFIXES[k // len(fields) % len(pools.JOURNAL_PREFIXES)]
            rows.append((t, "journal", f"{prefix} {fields[k % len(fields)]}"))
        rows.append(
            (t, "proceedings", f"Proceedings of the International Conference on {fields[0]}")
        )
        rows.append((t, "book", f"Advances in {fields[1]}"))
    serial = np.arange(len(rows), dtype=np.int64) * 7919 % 9_000_000 + 1_000_000
    issns = _issn(serial)
    eissns = _issn(serial + 1)
    abbreviations = [_abbreviate(title) for _, _, title in rows]
    publisher = [k % len(pools.PUBLISHERS) for k in range(len(rows))]
    return pl.DataFrame(
        {
            "topic": [t for t, _, _ in rows],
            "kind": [kind for _, kind, _ in rows],
            "title": [title for _, _, title in rows],
            "iso": [iso for iso, _ in abbreviations],
            "j9": [j9 for _, j9 in abbreviations],
            "issn": issns,
            "eissn": eissns,
            "isbn": _isbn(serial * 37 % 1_000_000_000),
            "publisher": publisher,
            "first_year": [1960 + (k * 7) % 35 for k in range(len(rows))],
            "code": [f"s{k:03d}" for k in range(len(rows))],
        },
        schema_overrides={"topic": pl.Int8, "publisher": pl.Int16, "first_year": pl.Int16},
    ).with_row_index("source")


def _authors(
    rng: np.random.Generator, n: int, organizations: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Research teams (topic, organization, productivity) and their members' names."""
    n_teams = max(10, n // 4)
    team_topic = rng.choice(len(TOPIC_NAMES), size=n_teams, p=_TOPIC_SHARES).astype(np.int8)
    org_weight = organizations["weight"].to_numpy()
    team_org = rng.choice(organizations.height, size=n_teams, p=org_weight / org_weight.sum())
    team_department = rng.integers(0, 4, size=n_teams)
    team_size = 2 + rng.poisson(5.0, size=n_teams)
    team_weight = rng.pareto(3.0, size=n_teams) + 0.2
    team_start = np.cumsum(team_size) - team_size
    teams = pl.DataFrame(
        {
            "topic": team_topic,
            "organization": team_org.astype(np.int32),
            "department": team_department.astype(np.int8),
            "start": team_start,
            "size": team_size,
            "weight": team_weight,
        }
    ).with_row_index("team")
    author_team = repeat_index(team_size)
    groups = organizations["group"].to_numpy()[team_org][author_team]
    surname, given = _names(rng, groups)
    middle = np.where(
        rng.random(author_team.size) < 0.4,
        np.array(list("ABCDEFGHJKLMNPRSTW"))[rng.integers(0, 18, size=author_team.size)],
        "",
    )
    scopus_id = 57_000_000_000 + (np.arange(author_team.size) * 104_729 % 999_999_937)
    authors = pl.DataFrame(
        {
            "team": author_team,
            "surname": surname,
            "given": given,
            "middle": middle,
            "scopus_id": scopus_id,
        }
    ).with_row_index("author")
    return teams, authors


def _names(rng: np.random.Generator, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Surnames and given names drawn from each author's name group."""
    surname = np.empty(groups.size, dtype=object)
    given = np.empty(groups.size, dtype=object)
    for group, (surnames, givens) in pools.NAME_GROUPS.items():
        mask = groups == group
        surname_pool = np.array(pools.split_names(surnames), dtype=object)
        given_pool = np.array(givens.split(), dtype=object)
        surname[mask] = surname_pool[rng.integers(0, surname_pool.size, size=mask.sum())]
        given[mask] = given_pool[rng.integers(0, given_pool.size, size=mask.sum())]
    return surname.astype(str), given.astype(str)


def _authorships(rng: np.random.Generator, topic: np.ndarray, teams: pl.DataFrame) -> pl.DataFrame:
    """Bylines: mostly members of one team of the document's topic, a few outside co-authors."""
    n = topic.size
    counts = np.clip(1 + rng.poisson(2.0, size=n), 1, 8)
    consortium = rng.random(n) < 0.004
    counts = np.where(consortium, rng.integers(26, 61, size=n), counts)
    doc = repeat_index(counts)
    position = position_in_group(counts)
    order = np.argsort(teams["topic"].to_numpy(), kind="stable")
    team_topic = teams["topic"].to_numpy()[order]
    urn = Urn.build(teams["weight"].to_numpy()[order], 8.0)
    seg_start = np.searchsorted(team_topic, np.arange(len(TOPIC_NAMES)))
    seg_size = np.bincount(team_topic, minlength=len(TOPIC_NAMES))
    lead = order[urn.draw(rng, seg_start[topic], seg_size[topic])]
    outside_share = np.where(consortium, 0.9, 0.2)[doc]
    other = order[urn.draw(rng, seg_start[topic[doc]], seg_size[topic[doc]])]
    team = np.where((position > 0) & (rng.random(doc.size) < outside_share), other, lead[doc])
    start = teams["start"].to_numpy()[team]
    size = teams["size"].to_numpy()[team]
    member = start + np.floor(size * rng.random(doc.size) ** 1.5).astype(np.int64)
    keep = first_occurrences(doc, member)
    return pl.DataFrame(
        {"doc": doc[keep], "position": positions(doc[keep]), "author": member[keep]}
    )


def _external(rng: np.random.Generator, n: int, last_year: int) -> pl.DataFrame:
    """Works outside the corpus: per topic plus one general (methods) pool, sorted by year."""
    sizes = [30 + n // 25] * len(TOPIC_NAMES) + [20 + n // 100]
    segment = repeat_index(np.array(sizes))
    year = last_year - np.floor(rng.exponential(11.0, size=segment.size)).astype(np.int64)
    year = np.clip(year, 1950, last_year)
    order = np.lexsort((year, segment))
    segment, year = segment[order], year[order]
    fitness = rng.lognormal(0.0, 1.3, size=segment.size)
    kind = np.where(rng.random(segment.size) < 0.25, "book", "journal")
    frame = pl.DataFrame(
        {
            "segment": segment.astype(np.int8),
            "year": year.astype(np.int16),
            "fitness": fitness,
            "kind": kind,
        }
    ).with_row_index("external")
    return text.describe_external(rng, frame)


def _references(
    rng: np.random.Generator,
    params: DemoParams,
    years: np.ndarray,
    topic: np.ndarray,
    secondary: np.ndarray,
    doc_type: np.ndarray,
    external: pl.DataFrame,
) -> pl.DataFrame:
    """Cited references: earlier corpus documents (mostly same topic) and external works."""
    n = years.size
    mean = np.array(_TYPE_REFERENCES)[doc_type]
    counts = rng.negative_binomial(3, 3.0 / (3.0 + mean))
    counts = np.where(rng.random(n) < 0.05, 0, counts)
    doc = repeat_index(counts)
    year = years[doc]
    k = len(TOPIC_NAMES)
    draw = rng.random(doc.size)
    sec = secondary[doc]
    cited_topic = np.where(
        draw < 0.8,
        topic[doc],
        np.where((draw < 0.9) & (sec >= 0), sec, rng.integers(0, k, size=doc.size)),
    )
    # In-corpus: documents of the cited topic published in an earlier year, by fitness.
    order = np.lexsort((np.arange(n), topic))
    doc_fitness = rng.lognormal(0.0, 1.0, size=n)
    urn = Urn.build(doc_fitness[order], 4.0)
    sorted_topic = topic[order]
    sorted_year = years[order]
    seg_start = np.searchsorted(sorted_topic, np.arange(k))
    seg_end = np.searchsorted(sorted_topic, np.arange(k), side="right")
    earlier = np.zeros(doc.size, dtype=np.int64)
    for t in range(k):
        mask = cited_topic == t
        seg_years = sorted_year[seg_start[t] : seg_end[t]]
        earlier[mask] = np.searchsorted(seg_years, year[mask], side="left")
    internal = (rng.random(doc.size) < params.internal_share) & (earlier > 0)
    limit = np.maximum(earlier, 1)
    internal_target = order[urn.draw(rng, seg_start[cited_topic], limit)]
    # External: the cited topic's pool (or the general pool), works up to the citing year.
    ext_segment = np.where(rng.random(doc.size) < 0.1, k, cited_topic)
    ext_seg = external["segment"].to_numpy()
    ext_year = external["year"].to_numpy()
    ext_urn = Urn.build(external["fitness"].to_numpy(), 4.0)
    ext_start = np.searchsorted(ext_seg, np.arange(k + 1))
    ext_end = np.searchsorted(ext_seg, np.arange(k + 1), side="right")
    ext_limit = np.zeros(doc.size, dtype=np.int64)
    for s in range(k + 1):
        mask = ext_segment == s
        seg_years = ext_year[ext_start[s] : ext_end[s]]
        ext_limit[mask] = np.searchsorted(seg_years, year[mask], side="right")
    ext_limit = np.maximum(ext_limit, 1)
    external_target = ext_urn.draw(rng, ext_start[ext_segment], ext_limit)
    target = np.where(internal, internal_target, external_target)
    keep = first_occurrences(doc, target * 2 + internal)
    return pl.DataFrame(
        {
            "doc": doc[keep],
            "position": positions(doc[keep]),
            "internal": internal[keep],
            "target": target[keep],
        }
    )


def _documents(
    rng: np.random.Generator,
    params: DemoParams,
    years: np.ndarray,
    topic: np.ndarray,
    secondary: np.ndarray,
    doc_type: np.ndarray,
    sources: pl.DataFrame,
    titles: pl.Series,
    references: pl.DataFrame,
) -> pl.DataFrame:
    """One row per document: topic, year, type, source, pages, identifiers, citations."""
    n = years.size
    kind = np.array(["journal", "proceedings", "journal", "book"])[doc_type]
    source_topic = sources["topic"].to_numpy()
    source_kind = sources["kind"].to_numpy()
    source = np.empty(n, dtype=np.int64)
    for t in range(len(TOPIC_NAMES)):
        for k in ("journal", "proceedings", "book"):
            candidates = np.flatnonzero((source_topic == t) & (source_kind == k))
            mask = (topic == t) & (kind == k)
            weights = zipf_weights(candidates.size, 0.8)
            source[mask] = rng.choice(candidates, size=mask.sum(), p=weights / weights.sum())
    first_year = sources["first_year"].to_numpy()[source]
    low, high = np.array(_TYPE_PAGES).T
    volume = np.where(kind == "journal", years - first_year + 1, 0)
    issue = np.where(kind == "journal", rng.integers(1, 7, size=n), 0)
    article_number = np.where(
        (kind == "journal") & (rng.random(n) < 0.15), rng.integers(100000, 999999, size=n), 0
    )
    # Article-numbered papers carry no page range (as in Scopus and WoS exports).
    page_start = np.where(article_number > 0, 0, rng.integers(1, 400, size=n))
    page_end = np.where(
        article_number > 0, 0, page_start + rng.integers(low[doc_type], high[doc_type] + 1)
    )
    has_doi = rng.random(n) < np.where(years < 2000, 0.55, 0.93)
    cited_internal = np.bincount(
        references.filter(pl.col("internal"))["target"].to_numpy(), minlength=n
    )
    age = (params.last_year + 1 - years).astype(np.float64)
    factor = np.array(_TOPIC_CITATION_FACTOR)[topic]
    external_citations = np.floor(0.6 * factor * age**0.9 * rng.lognormal(0.0, 1.1, size=n))
    open_access = np.where(
        rng.random(n) < 0.1 + 0.45 * (years - params.first_year) / 33,
        rng.integers(0, len(OPEN_ACCESS), size=n),
        -1,
    )
    language = rng.choice(len(LANGUAGES), size=n, p=_LANGUAGE_SHARES)
    funded = np.where(rng.random(n) < 0.25, rng.integers(0, len(pools.FUNDERS), size=n), -1)
    in_press = (years == params.last_year) & (rng.random(n) < 0.05)
    frame = pl.DataFrame(
        {
            "doc": np.arange(n, dtype=np.int64),
            "topic": topic,
            "secondary": secondary,
            "year": years,
            "document_type": np.array(DOCUMENT_TYPES)[doc_type],
            "language": np.array(LANGUAGES)[language],
            "source": source,
            "volume": volume,
            "issue": issue,
            "page_start": page_start,
            "page_end": page_end,
            "article_number": article_number,
            "has_doi": has_doi,
            "cited_by": (cited_internal + external_citations).astype(np.int64),
            "open_access": open_access.astype(np.int8),
            "funder": funded.astype(np.int8),
            "in_press": in_press,
            "title": titles,
        }
    )
    return _identifiers(frame, sources)


def _identifiers(frame: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """DOIs (publisher prefix + source code + year + serial), Scopus EIDs, WoS UTs, OpenAlex IDs."""
    prefixes = {k: publisher.doi_prefix for k, publisher in enumerate(pools.PUBLISHERS)}
    source_info = sources.select("source", "publisher", "code")
    serial = (pl.col("doc") * 7_919 % 1_000_003 + 100_000).cast(pl.String)
    doi = pl.concat_str(
        pl.col("doi_prefix"),
        pl.lit("/"),
        pl.col("code"),
        pl.lit("."),
        pl.col("year"),
        pl.lit("."),
        serial.str.zfill(7),
    )
    eid = pl.lit("2-s2.0-") + (pl.col("doc") * 211 + 84_900_000_000).cast(pl.String)
    ut = pl.lit("WOS:") + (pl.col("doc") * 1_013 + 312_000_000_000).cast(pl.String).str.zfill(15)
    openalex = pl.lit("W") + (pl.col("doc") + 4_100_000_000).cast(pl.String)
    return (
        frame.join(source_info, on="source", how="left", maintain_order="left")
        .with_columns(
            pl.col("publisher").replace_strict(prefixes, return_dtype=pl.String).alias("doi_prefix")
        )
        .with_columns(
            pl.when(pl.col("has_doi")).then(doi).otherwise(None).alias("doi"),
            eid.alias("eid"),
            ut.alias("ut"),
            openalex.alias("openalex_id"),
        )
        .drop("has_doi", "doi_prefix", "code", "publisher")
    )
