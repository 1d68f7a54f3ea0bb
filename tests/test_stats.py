"""Every number of the statistics tables against a hand count on real exports.

The hand counts read the raw files with the csv module (never bibliomap's readers or stats):
``scopus_csv_2022_absorptive_capacity.csv`` (127 Scopus records, 2001-2022, references, keywords,
affiliations in 40 countries) and ``wos_tab_2022_tobler.txt`` (81 Web of Science records).
Names are compared as the statistics define it: lower case, whitespace collapsed.
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict

import polars as pl
import pytest

from bibliomap.ingest import ingest
from bibliomap.stats import StatsOptions, compute_tables, main_information

SCOPUS = "scopus_csv/scopus_csv_2022_absorptive_capacity.csv"
WOS_TAB = "wos_tab/wos_tab_2022_tobler.txt"
TOP = 10
NO_AUTHOR = "[No author name available]"
# Types of the export in the common vocabulary (docs/records.md).
TYPES = {
    "Article": "article",
    "Conference Paper": "conference paper",
    "Conference Review": "conference paper",
    "Review": "review",
    "Book Chapter": "book chapter",
}
# Last parts of Scopus affiliations that are not countries (truncated addresses), and the one
# country the export names differently from bibliomap's canonical names.
NOT_COUNTRIES = {
    "CefES and Laboratorio Revelli",
    "20126",
    "School of Management",
    "Technology and Project Management Program",
    "Technology and Innovation Program",
}
COUNTRY_NAMES = {"Russian Federation": "Russia"}


def key(name: str) -> str:
    return " ".join(name.split()).lower()


def split(cell: str, separator: str) -> list[str]:
    return [part.strip() for part in cell.split(separator) if part.strip()]


def distinct(values: list[str]) -> list[str]:
    """Distinct keys in order of first appearance."""
    return list(dict.fromkeys(key(v) for v in values))


class Hand:
    """Hand counts of the Scopus export, one list per record."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.rows = rows
        self.years = [int(r["Year"]) for r in rows]
        self.cited = [int(r["Cited by"] or 0) for r in rows]
        self.sources = [key(r["Source title"]) for r in rows]
        self.authors = [
            distinct([a for a in split(r["Authors"], ", ") if a != NO_AUTHOR]) for r in rows
        ]
        self.author_keywords = [distinct(split(r["Author Keywords"], ";")) for r in rows]
        self.index_keywords = [distinct(split(r["Index Keywords"], ";")) for r in rows]
        self.countries = [self._countries(r["Affiliations"]) for r in rows]

    @staticmethod
    def _countries(cell: str) -> list[str]:
        lasts = [part.rsplit(",", 1)[-1].strip() for part in split(cell, ";")]
        names = [COUNTRY_NAMES.get(c, c) for c in lasts if c not in NOT_COUNTRIES]
        return distinct(names)

    def per_name(self, lists: list[list[str]]) -> dict[str, list[int]]:
        """Name key -> indices of the records holding it."""
        found: dict[str, list[int]] = defaultdict(list)
        for index, names in enumerate(lists):
            for name in names:
                found[name].append(index)
        return found

    def ranking(self, lists: list[list[str]]) -> list[tuple[str, int, int]]:
        """(key, documents, citations) sorted by documents, citations, then key."""
        rows = [
            (name, len(docs), sum(self.cited[i] for i in docs))
            for name, docs in self.per_name(lists).items()
        ]
        return sorted(rows, key=lambda row: (-row[1], -row[2], row[0]))


def rounded(decimals: int, exact: float) -> object:
    """Matches ``exact`` rounded to ``decimals`` places (either way on a tie)."""
    return pytest.approx(exact, abs=0.5 * 10**-decimals + 1e-9)


def h_index(citations: list[int]) -> int:
    ordered = sorted(citations, reverse=True)
    return sum(1 for rank, cited in enumerate(ordered, start=1) if cited >= rank)


@pytest.fixture(scope="module")
def scopus(shared_data):
    path = shared_data(SCOPUS)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    records = ingest([path]).records
    return Hand(rows), records, compute_tables(records, StatsOptions(top_n=TOP))


def info(tables: dict[str, pl.DataFrame]) -> dict[str, str]:
    frame = tables["main_information"]
    return dict(zip(frame["description"], frame["value"], strict=True))


def test_main_information_matches_hand_counts(scopus):
    hand, records, tables = scopus
    assert records.height == len(hand.rows) == 127
    table = info(tables)
    first, last = min(hand.years), max(hand.years)
    per_year = Counter(hand.years)
    growth = ((per_year[last] / per_year[first]) ** (1 / (last - first)) - 1) * 100
    authored = [a for a in hand.authors if a]
    countried = [c for c in hand.countries if c]
    single = [a for a in hand.authors if len(a) == 1]
    expected = {
        "Databases": "scopus",
        "Documents": "127",
        "Sources (journals, books, proceedings)": str(len(set(hand.sources))),
        "Time span": f"{first}-{last}",
        "Annual growth rate (%)": f"{growth:.2f}",
        "Reference year": str(last),
        "Document average age (years)": f"{sum(last - y for y in hand.years) / 127:.2f}",
        "Average citations per document": f"{sum(hand.cited) / 127:.2f}",
        "Author keywords (distinct)": str(len({k for ks in hand.author_keywords for k in ks})),
        "Index keywords (distinct)": str(len({k for ks in hand.index_keywords for k in ks})),
        "Authors (distinct)": str(len({a for names in hand.authors for a in names})),
        "Author appearances": str(sum(map(len, hand.authors))),
        "Single-authored documents": str(len(single)),
        "Authors of single-authored documents": str(len({a for names in single for a in names})),
        "Co-authors per document": f"{sum(map(len, authored)) / len(authored):.2f}",
        "International co-authorship (%)": (
            f"{100 * sum(len(c) >= 2 for c in countried) / len(countried):.2f}"
        ),
    }
    assert {name: table[name] for name in expected} == expected
    # The export's references are split by the reader (docs/records.md); counted from its lists.
    cited = [ref["raw"] for refs in records["references"].to_list() for ref in refs]
    assert table["References (cited, total)"] == str(len(cited))
    assert table["References (distinct)"] == str(len({key(raw) for raw in cited}))
    assert (expected["Sources (journals, books, proceedings)"], growth) == (
        "103",
        pytest.approx(1.9495, abs=1e-4),
    )


def test_main_information_fields_are_exact(scopus):
    hand, records, _ = scopus
    result = main_information(records, reference_year=2030)
    assert result.reference_year == 2030
    assert result.mean_document_age == pytest.approx(sum(2030 - y for y in hand.years) / 127)
    assert result.mean_citations_per_document == pytest.approx(sum(hand.cited) / 127)
    assert (result.first_year, result.last_year) == (2001, 2022)


def test_document_types_and_languages(scopus):
    hand, _, tables = scopus
    types = Counter(TYPES[r["Document Type"]] for r in hand.rows)
    raw = defaultdict(set)
    for r in hand.rows:
        raw[TYPES[r["Document Type"]]].add(r["Document Type"])
    expected = sorted(types.items(), key=lambda item: (-item[1], item[0]))
    table = tables["document_types"]
    assert table.select("document_type", "documents").rows() == expected
    assert table["percent"].to_list() == [rounded(2, 100 * n / 127) for _, n in expected]
    assert table["as_exported"].to_list() == ["; ".join(sorted(raw[t])) for t, _ in expected]
    languages = Counter(r["Language of Original Document"] for r in hand.rows)
    expected = sorted(languages.items(), key=lambda item: (-item[1], item[0]))
    assert tables["languages"].select("language", "documents").rows() == expected


def test_annual_production_is_zero_filled_with_citations_per_year(scopus):
    hand, _, tables = scopus
    table = tables["annual_production"]
    first, last = min(hand.years), max(hand.years)
    assert table["year"].to_list() == list(range(first, last + 1))
    per_year = Counter(hand.years)
    assert table["documents"].to_list() == [per_year[y] for y in range(first, last + 1)]
    assert table["documents"].to_list().count(0) == 2  # 2002 and 2004
    cumulative = 0
    for row in table.iter_rows(named=True):
        year = row["year"]
        cited = [c for y, c in zip(hand.years, hand.cited, strict=True) if y == year]
        cumulative += len(cited)
        assert row["cumulative_documents"] == cumulative
        assert row["citations"] == sum(cited)
        assert row["citable_years"] == last - year + 1
        if not cited:
            assert row["mean_citations_per_document"] is None
            assert row["mean_citations_per_year"] is None
            continue
        mean = sum(cited) / len(cited)
        assert row["mean_citations_per_document"] == rounded(2, mean)
        assert row["mean_citations_per_year"] == rounded(2, mean / (last - year + 1))


def test_most_cited_documents(scopus):
    hand, _, tables = scopus
    last = max(hand.years)
    order = sorted(range(127), key=lambda i: (-hand.cited[i], hand.rows[i]["Title"]))[:TOP]
    table = tables["most_cited"]
    assert table["rank"].to_list() == list(range(1, TOP + 1))
    assert table["citations"].to_list() == [hand.cited[i] for i in order]
    assert table["year"].to_list() == [hand.years[i] for i in order]
    assert table["doi"].to_list() == [hand.rows[i]["DOI"].lower() for i in order]
    assert table["source"].to_list() == [hand.rows[i]["Source title"] for i in order]
    assert [t.lower() for t in table["title"]] == [hand.rows[i]["Title"].lower() for i in order]
    for row, i in zip(table.iter_rows(named=True), order, strict=True):
        same_year = [c for y, c in zip(hand.years, hand.cited, strict=True) if y == hand.years[i]]
        mean = sum(same_year) / len(same_year)
        assert row["citations_per_year"] == rounded(2, hand.cited[i] / (last - hand.years[i] + 1))
        assert row["normalized_citations"] == rounded(2, hand.cited[i] / mean)
        authors = split(hand.rows[i]["Authors"], ", ")
        assert row["authors"].count(";") == min(len(authors), 3) - 1 + (len(authors) > 3)
        assert row["authors"].endswith("et al.") == (len(authors) > 3)
    assert table.row(0, named=True)["citations"] == 2633


def test_most_relevant_sources(scopus):
    hand, _, tables = scopus
    expected = hand.ranking([[s] for s in hand.sources])[:TOP]
    table = tables["sources"]
    assert [key(s) for s in table["source"]] == [name for name, _, _ in expected]
    assert table["documents"].to_list() == [n for _, n, _ in expected]
    assert table["citations"].to_list() == [c for _, _, c in expected]
    assert table["percent"].to_list() == [rounded(2, 100 * n / 127) for _, n, _ in expected]


def test_most_relevant_authors_with_h_index(scopus):
    hand, _, tables = scopus
    expected = hand.ranking(hand.authors)[:TOP]
    documents = hand.per_name(hand.authors)
    table = tables["authors"]
    # Authors are "Surname I." in the export and "Surname, I." in the records.
    assert [key(a).replace(",", "") for a in table["author"]] == [n for n, _, _ in expected]
    assert table["documents"].to_list() == [n for _, n, _ in expected]
    assert table["citations"].to_list() == [c for _, _, c in expected]
    for row, (name, _, _) in zip(table.iter_rows(named=True), expected, strict=True):
        docs = documents[name]
        assert row["h_index"] == h_index([hand.cited[i] for i in docs])
        fraction = sum(1 / len(hand.authors[i]) for i in docs)
        assert row["documents_fractionalized"] == rounded(2, fraction)
    assert table.row(0, named=True) == {
        "rank": 1, "author": "Tang, F.", "documents": 5, "documents_fractionalized": 3.0,
        "citations": 150, "h_index": 3,
    }  # fmt: skip


def test_most_productive_countries(scopus):
    hand, _, tables = scopus
    expected = hand.ranking(hand.countries)[:TOP]
    per_country = hand.per_name(hand.countries)
    table = tables["countries"]
    assert [key(c) for c in table["country"]] == [n for n, _, _ in expected]
    assert table["documents"].to_list() == [n for _, n, _ in expected]
    assert table["citations"].to_list() == [c for _, _, c in expected]
    for row, (name, n, _) in zip(table.iter_rows(named=True), expected, strict=True):
        multi = sum(len(hand.countries[i]) > 1 for i in per_country[name])
        assert (row["single_country"], row["multi_country"]) == (n - multi, multi)
        assert row["multi_country_percent"] == rounded(2, 100 * multi / n)


def test_most_frequent_keywords(scopus):
    hand, _, tables = scopus
    for name, lists in (
        ("author_keywords", hand.author_keywords),
        ("index_keywords", hand.index_keywords),
    ):
        counts = sorted(
            ((k, len(d)) for k, d in hand.per_name(lists).items()), key=lambda r: (-r[1], r[0])
        )[:TOP]
        table = tables[name]
        assert [(key(k), n) for k, n in table.select("keyword", "documents").iter_rows()] == counts


def test_most_relevant_affiliations(scopus):
    # Organization names are derived by bibliomap.enrich; counted here from that column.
    hand, records, tables = scopus
    lists = [distinct(names) for names in records["organizations"].to_list()]
    expected = hand.ranking(lists)[:TOP]
    table = tables["affiliations"]
    assert [key(o) for o in table["organization"]] == [n for n, _, _ in expected]
    assert table["documents"].to_list() == [n for _, n, _ in expected]
    assert table["citations"].to_list() == [c for _, _, c in expected]


def test_bradford_zones(scopus):
    hand, _, tables = scopus
    ranked = hand.ranking([[s] for s in hand.sources])
    total = sum(n for _, n, _ in ranked)
    zones, before = [], 0
    for _, n, _ in ranked:
        zones.append(1 + (before >= total / 3) + (before >= 2 * total / 3))
        before += n
    table = tables["bradford"]
    assert table.height == len(ranked) == 103
    assert table["documents"].to_list() == [n for _, n, _ in ranked]
    assert table["zone"].to_list() == zones
    assert table["cumulative_documents"].to_list()[-1] == total == 127
    summary = Counter(zones)
    docs = Counter()
    for zone, (_, n, _) in zip(zones, ranked, strict=True):
        docs[zone] += n
    assert tables["bradford_zones"].rows() == [(z, summary[z], docs[z]) for z in (1, 2, 3)]
    assert tables["bradford_zones"].rows() == [(1, 19, 43), (2, 42, 42), (3, 42, 42)]


def test_lotka_law(scopus):
    hand, _, tables = scopus
    per_author = Counter(len(d) for d in hand.per_name(hand.authors).values())
    total = sum(per_author.values())
    table = tables["lotka"]
    assert table.select("documents_written", "authors").rows() == sorted(per_author.items())
    for row in table.iter_rows(named=True):
        n = row["documents_written"]
        assert row["share"] == rounded(4, per_author[n] / total)
        assert row["expected_share"] == rounded(4, 6 / math.pi**2 / n**2)
        assert row["expected_authors"] == rounded(2, 6 / math.pi**2 / n**2 * total)
    xs = [math.log10(n) for n in sorted(per_author)]
    ys = [math.log10(per_author[n] / total) for n in sorted(per_author)]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    fit = tables["lotka_fit"].row(0, named=True)
    assert fit["beta"] == rounded(4, -slope)
    assert fit["constant"] == rounded(4, 10 ** (my - slope * mx))


def test_wos_export_counts(shared_data):
    path = shared_data(WOS_TAB)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    tables = compute_tables(ingest([path]).records, StatsOptions(top_n=5))
    table = info(tables)
    refs = [key(ref) for r in rows for ref in split(r["CR"], ";")]
    authors = {key(a) for r in rows for a in split(r["AU"], ";")}
    years = [int(r["PY"]) for r in rows]
    expected = {
        "Databases": "wos",
        "Documents": "81",
        "Sources (journals, books, proceedings)": str(len({key(r["SO"]) for r in rows})),
        "Time span": f"{min(years)}-{max(years)}",
        "References (cited, total)": str(len(refs)),
        "References (distinct)": str(len(set(refs))),
        "Authors (distinct)": str(len(authors)),
        "Author keywords (distinct)": str(len({key(k) for r in rows for k in split(r["DE"], ";")})),
        "Index keywords (distinct)": str(len({key(k) for r in rows for k in split(r["ID"], ";")})),
        "Average citations per document": f"{sum(int(r['TC']) for r in rows) / 81:.2f}",
    }
    assert {name: table[name] for name in expected} == expected
    assert expected["References (cited, total)"] == "1594"
    production = tables["annual_production"]
    assert production["documents"].sum() == 81
    assert production.height == max(years) - min(years) + 1
