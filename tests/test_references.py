"""Cited-reference parsing, journal-abbreviation agreement and matching across databases."""

from __future__ import annotations

import polars as pl
import pytest

from bibliomap import references
from bibliomap.enrich import enrich
from bibliomap.ingest import read_file
from bibliomap.journals import same_source, same_title
from bibliomap.matching import match, match_report
from bibliomap.networks import NetworkParams, build
from bibliomap.records import REFERENCE, SCHEMA, conform

_FIELDS = list(REFERENCE.to_schema())
COHEN_WOS = "Cohen WM, 1990, ADMIN SCI QUART, V35, P128, DOI 10.2307/2393553"
COHEN_SCOPUS = (
    "Cohen, W.M., Levinthal, D.A., Absorptive capacity: A new perspective on learning and "
    "innovation (1990) Administrative Science Quarterly, 35 (1), pp. 128-152."
)


def _records(rows: list[dict]) -> pl.DataFrame:
    for row in rows:
        row["references"] = [
            {name: (raw if name == "raw" else None) for name in _FIELDS}
            for raw in row.get("references", [])
        ]
    schema = {name: SCHEMA[name] for name in rows[0]}
    return enrich(conform(pl.DataFrame(rows, schema=schema)).collect())


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("ADMIN SCI QUART", "Administrative Science Quarterly"),
        ("Adm. Sci. Q.", "ADMIN SCI QUART"),
        ("P NATL ACAD SCI USA", "Proceedings of the National Academy of Sciences of the USA"),
        ("P NATL ACAD SCI USA", "Proc. Natl. Acad. Sci. U. S. A."),
        (
            "J AM SOC INF SCI TEC",
            "Journal of the American Society for Information Science and Technology",
        ),
        ("OMEGA-INT J MANAGE S", "Omega"),
        ("TECHNOLOGY INNOVATIO", "Technology Innovations in Statistics Education"),
        ("Ind. Corp. Change", "Industrial and Corporate Change"),
        ("IEEE T KNOWL DATA EN", "IEEE Transactions on Knowledge and Data Engineering"),
        (
            "Int. Conf. Electron. Des., ICED",
            "2016 3rd International Conference on Electronic Design, ICED 2016",
        ),
    ],
)
def test_abbreviations_agree(left: str, right: str) -> None:
    assert same_source(left, right)
    assert same_source(right, left)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Iran", "International Journal of Smart Home"),
        ("P BRIT ACAD", "Patterns"),
        ("J FINANC ECON", "Journal of Accounting and Economics"),
        ("RES POLICY", "Review of Economic Studies"),
        ("SCIENCE", "Nature"),
    ],
)
def test_different_sources_disagree(left: str, right: str) -> None:
    assert not same_source(left, right)


def test_book_titles_agree_through_wos_truncation() -> None:
    assert same_title(
        "STAT POWER ANAL BEHAV", "Statistical Power Analysis for the Behavioral Sciences"
    )
    assert same_title("TECHNICAL WRITERS HD", "The Technical Writer's Handbook")
    assert not same_title("STRUCTURAL HOLES", "Social Capital")


@pytest.mark.parametrize(
    "relative",
    [
        "wos_plaintext/wos_txt_2017_profit_shifting.txt",
        "wos_plaintext/wos_txt_2024_data_science_education.txt",
        "scopus_csv/scopus_csv_2022_absorptive_capacity.csv",
        "scopus_csv/scopus_csv_2024_data_science_education.csv",
        "wos_bib/wos_bib_2022_mcda.bib",
    ],
)
def test_real_journal_titles_meet_their_abbreviations(shared_data, relative: str) -> None:
    """Each export's journal title and its own abbreviation (WoS J9, Scopus ISO) agree, and
    titles paired with other journals' abbreviations almost never do."""
    records = read_file(shared_data(relative)).records
    pairs = (
        records.filter(pl.col("document_type").is_in(["article", "review"]))
        .select("source_title", "source_abbrev")
        .drop_nulls()
        .unique()
        .sort("source_title", "source_abbrev")
    )
    agree = [same_source(title, abbrev) for title, abbrev in pairs.iter_rows()]
    assert len(agree) >= 50
    assert sum(agree) / len(agree) >= 0.95
    titles, abbrevs = pairs["source_title"].to_list(), pairs["source_abbrev"].to_list()
    crossed = [
        same_source(title, abbrevs[j])
        for i, title in enumerate(titles)
        for j in range(0, len(abbrevs), 3)
        if title.lower() != titles[j].lower()
    ]
    assert sum(crossed) / len(crossed) <= 0.005


def test_cohen_levinthal_from_wos_and_scopus_is_one_work() -> None:
    records = _records(
        [
            {"id": "w", "databases": ["wos"], "year": 2001, "references": [COHEN_WOS]},
            {"id": "s", "databases": ["scopus"], "year": 2002, "references": [COHEN_SCOPUS]},
        ]
    )
    matched = match(records)
    assert matched.citations["work"].n_unique() == 1
    work = matched.works.filter(pl.col("work") == matched.citations["work"][0])
    assert work["doi"][0] == "10.2307/2393553"
    assert work["first_author"][0] == "Cohen, W.M."
    network = build(
        "cocitation_references", records, params=NetworkParams(min_cited=2), matched=matched
    )
    assert network.size == 1
    assert network.items["weight<Citations>"].to_list() == [2]
    coupling = build("coupling_documents", records, params=NetworkParams(), matched=matched)
    assert coupling.links["strength"].to_list() == [1.0]
    report = match_report(records, matched)
    assert report["matched_across_databases"] == 1.0


def test_references_match_corpus_documents_by_doi_and_by_locators() -> None:
    records = _records(
        [
            {
                "id": "cohen",
                "databases": ["scopus"],
                "authors": ["Cohen, W.M.", "Levinthal, D.A."],
                "year": 1990,
                "source_title": "Administrative Science Quarterly",
                "volume": "35",
                "page_start": "128",
            },
            {"id": "a", "databases": ["wos"], "year": 2001, "references": [COHEN_WOS]},
            {"id": "b", "databases": ["scopus"], "year": 2002, "references": [COHEN_SCOPUS]},
            {
                "id": "c",
                "databases": ["wos"],
                "year": 2003,
                "references": ["Smith J, 1995, RES POLICY, V24, P1"],
            },
        ]
    )
    matched = match(records)
    cited = matched.citations.join(matched.works.select("work", "cited_doc"), on="work")
    by_doc = dict(zip(cited["doc"].to_list(), cited["cited_doc"].to_list(), strict=True))
    assert by_doc == {1: 0, 2: 0, 3: None}
    citation = build("citation_documents", records, params=NetworkParams(), matched=matched)
    labels = dict(zip(citation.items["id"], citation.items["label"], strict=True))
    linked = {
        frozenset((labels[s], labels[t]))
        for s, t in citation.links.select("source", "target").iter_rows()
    }
    assert linked == {
        frozenset(("Cohen (1990)", "Anonymous (2001)")),
        frozenset(("Cohen (1990)", "Anonymous (2002)")),
    }


def test_real_wos_and_scopus_exports_share_cited_works(shared_data) -> None:
    """The WoS and Scopus exports of one query (data science education) cite the same works;
    after matching, about half of all references belong to works cited in both exports."""
    wos = read_file(shared_data("wos_plaintext/wos_txt_2024_data_science_education.txt"))
    scopus = read_file(shared_data("scopus_csv/scopus_csv_2024_data_science_education.csv"))
    records = enrich(pl.concat([wos.records, scopus.records]))
    matched = match(records)
    report = match_report(records, matched)
    assert report["references"] > 14_000
    assert 0.45 <= report["matched_across_databases"] <= 0.6
    lee = matched.works.filter(
        pl.col("first_author").str.to_lowercase().str.starts_with("lee, i")
        & (pl.col("year") == 2014)
        & pl.col("source").str.to_lowercase().str.contains("inroads")
    )
    assert lee.height == 1
    families = matched.citations.filter(pl.col("work") == lee["work"][0])["family"]
    assert set(families.to_list()) == {"wos", "scopus"}


def test_scopus_csv_and_ris_of_the_same_records_give_the_same_cocitation(shared_data) -> None:
    """The same 127 Scopus records exported as CSV and as RIS cite the same works."""
    networks = []
    for relative in (
        "scopus_csv/scopus_csv_2022_absorptive_capacity.csv",
        "scopus_ris/scopus_ris_2022_absorptive_capacity.ris",
    ):
        records = enrich(read_file(shared_data(relative)).records)
        networks.append(build("cocitation_references", records, params=NetworkParams(min_cited=3)))
    csv, ris = networks
    assert csv.size >= 20
    assert csv.items.equals(ris.items)
    assert csv.links.equals(ris.links)


def test_a_parser_parses_each_string_once_across_runs_of_records(shared_data, monkeypatch):
    records = read_file(shared_data("scopus_csv/scopus_csv_2022_absorptive_capacity.csv")).records
    whole = references.parse_references(records)
    parsed = []
    parse = references._parse
    monkeypatch.setattr(references, "_parse", lambda raw: parsed.append(len(raw)) or parse(raw))
    parser = references.Parser()
    runs = [
        references.parse_references(records.slice(at, 40), parser=parser)
        for at in range(0, records.height, 40)
    ]
    assert pl.concat(runs).equals(whole)
    raw = records["references"].explode().struct.field("raw").drop_nulls()
    assert sum(parsed) == raw.n_unique() > 1000
