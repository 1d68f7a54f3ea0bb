"""Bibliographic networks: VOSviewer parity, the manual's examples, and real exports checked
against brute-force counts."""

from __future__ import annotations

import polars as pl
import pytest

from bibliomap.enrich import enrich
from bibliomap.errors import BibliomapError
from bibliomap.ingest import read_file
from bibliomap.network import Network
from bibliomap.networks import KINDS, NetworkParams, build
from bibliomap.records import SCHEMA, conform
from bibliomap.thesaurus import read_thesaurus

REFERENCE_DIR = "vosviewer_reference/anonymity_keywords"


def _records(rows: list[dict]) -> pl.DataFrame:
    schema = {name: SCHEMA[name] for name in rows[0]}
    return enrich(conform(pl.DataFrame(rows, schema=schema)).collect())


def _strengths(network: Network) -> dict[frozenset, float]:
    """Link strengths keyed by the pair of item labels."""
    labels = dict(zip(network.items["id"], network.items["label"], strict=True))
    return {
        frozenset((labels[s], labels[t])): w
        for s, t, w in network.links.select("source", "target", "strength").iter_rows()
    }


def _vosviewer(shared_data) -> tuple[pl.DataFrame, dict[frozenset, float]]:
    folder = shared_data(REFERENCE_DIR)
    items = pl.read_csv(folder / "anonymity_map.txt", separator="\t")
    labels = dict(zip(items["id"], items["label"], strict=True))
    links = pl.read_csv(
        folder / "anonymity_ntwrk.txt",
        separator="\t",
        has_header=False,
        new_columns=["a", "b", "w"],
    )
    strengths = {frozenset((labels[a], labels[b])): float(w) for a, b, w in links.iter_rows()}
    return items, strengths


@pytest.fixture(scope="module")
def anonymity(shared_data) -> Network:
    folder = shared_data(REFERENCE_DIR)
    records = enrich(read_file(folder / "scopus_details.csv").records)
    params = NetworkParams(
        min_occurrences=2, thesaurus=read_thesaurus(folder / "thesaurus_terms.txt")
    )
    return build("keywords_all", records, params=params)


def test_anonymity_keywords_reproduce_vosviewer(anonymity: Network, shared_data) -> None:
    """All keywords, full counting, threshold 2 (the smallest occurrence count in VOSviewer's
    map): every item the committed thesaurus can produce equals VOSviewer's."""
    reference, reference_links = _vosviewer(shared_data)
    ours = anonymity.items
    # "privacy presv." needs a thesaurus line missing from the committed file (README).
    expected = reference.filter(pl.col("label") != "privacy presv.")
    assert reference["weight<Occurrences>"].min() == 2
    assert ours.height == reference.height
    assert set(expected["label"]) <= set(ours["label"])
    assert set(ours["label"]) - set(expected["label"]) == {"privacy preservation"}
    joined = expected.join(ours, on="label", suffix="_ours")
    for column in ("weight<Links>", "weight<Total link strength>", "weight<Occurrences>"):
        assert joined[column].to_list() == joined[f"{column}_ours"].cast(pl.Int64).to_list(), column
    for column in ("score<Avg. pub. year>", "score<Avg. citations>", "score<Avg. norm. citations>"):
        assert joined[f"{column}_ours"].round(4).to_list() == joined[column].to_list(), column
    ours_links = _strengths(anonymity)
    comparable = {pair for pair in reference_links if "privacy presv." not in pair}
    assert {pair: ours_links.get(pair) for pair in comparable} == {
        pair: reference_links[pair] for pair in comparable
    }
    ours_comparable = {pair for pair in ours_links if "privacy preservation" not in pair}
    assert ours_comparable == comparable
    # the missing thesaurus line only renames that keyword: its links are VOSviewer's too
    renamed = {
        frozenset(label.replace("privacy preservation", "privacy presv.") for label in pair): w
        for pair, w in ours_links.items()
    }
    assert renamed == reference_links


def test_anonymity_metadata(anonymity: Network) -> None:
    assert anonymity.meta["kind"] == "keywords_all"
    assert anonymity.meta["map_type"] == "keyword_cooccurrence"
    assert anonymity.meta["min_occurrences"] == 2
    assert anonymity.items["label"].to_list() == sorted(anonymity.items["label"].to_list())


MANUAL = [
    {"id": "D1", "authors": ["A1", "A2", "A3"], "year": 2000},
    {"id": "D2", "authors": ["A1", "A3"], "year": 2001},
    {"id": "D3", "authors": ["A2", "A4"], "year": 2002},
]


@pytest.mark.parametrize(
    ("counting", "expected"),
    [
        ("full", {("A1", "A2"): 1.0, ("A1", "A3"): 2.0, ("A2", "A3"): 1.0, ("A2", "A4"): 1.0}),
        (
            "fractional",
            {("A1", "A2"): 0.5, ("A1", "A3"): 1.5, ("A2", "A3"): 0.5, ("A2", "A4"): 1.0},
        ),
    ],
)
def test_manual_coauthorship_example(counting: str, expected: dict) -> None:
    records = _records([dict(row) for row in MANUAL])
    network = build(
        "coauthorship_authors",
        records,
        params=NetworkParams(counting=counting, min_documents=1),
    )
    assert _strengths(network) == {frozenset(pair): w for pair, w in expected.items()}
    assert network.items["weight<Documents>"].to_list() == [2, 2, 2, 1]
    assert network.meta["map_type"] == "author_coauthorship"


def test_max_authors_skips_crowded_documents() -> None:
    records = _records([dict(row) for row in MANUAL])
    network = build(
        "coauthorship_authors", records, params=NetworkParams(min_documents=1, max_authors=2)
    )
    assert network.items["label"].to_list() == ["A1", "A2", "A3", "A4"]
    assert _strengths(network) == {frozenset(("A1", "A3")): 1.0, frozenset(("A2", "A4")): 1.0}
    assert network.items["weight<Documents>"].to_list() == [1, 1, 1, 1]


def test_thesaurus_merges_and_drops_items(tmp_path) -> None:
    path = tmp_path / "thesaurus.txt"
    path.write_text("label\treplace by\nA4\tA2\nA3\t\n", encoding="utf-8")
    records = _records([dict(row) for row in MANUAL])
    network = build(
        "coauthorship_authors",
        records,
        params=NetworkParams(min_documents=1, thesaurus=read_thesaurus(path)),
    )
    assert network.items["label"].to_list() == ["A1", "A2"]
    assert network.items["weight<Documents>"].to_list() == [2, 2]
    assert _strengths(network) == {frozenset(("A1", "A2")): 1.0}


def test_max_items_keeps_the_strongest() -> None:
    records = _records([dict(row) for row in MANUAL])
    network = build(
        "coauthorship_authors", records, params=NetworkParams(min_documents=1, max_items=3)
    )
    # total link strengths: A1 3, A2 3, A3 3, A4 1
    assert network.items["label"].to_list() == ["A1", "A2", "A3"]
    assert _strengths(network) == {
        frozenset(("A1", "A2")): 1.0,
        frozenset(("A1", "A3")): 2.0,
        frozenset(("A2", "A3")): 1.0,
    }


def test_bad_parameters_and_kinds_are_reported() -> None:
    with pytest.raises(BibliomapError, match="counting"):
        NetworkParams(counting="half")
    with pytest.raises(BibliomapError, match="min_cited"):
        NetworkParams(min_cited=-1)
    with pytest.raises(BibliomapError, match="unknown network kind"):
        build("coupling_planets", _records([dict(MANUAL[0])]))


def test_every_kind_builds_on_an_empty_corpus() -> None:
    empty = conform(pl.DataFrame(schema={"id": pl.String})).collect()
    for kind in KINDS:
        network = build(kind, enrich(empty), params=NetworkParams())
        assert network.size == 0, kind
        assert network.links.height == 0, kind


def test_network_command_writes_a_folder(tmp_path) -> None:
    from bibliomap.cli import main
    from bibliomap.network import load

    records = _records([dict(row) for row in MANUAL])
    path = tmp_path / "records.parquet"
    records.write_parquet(path)
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("label\treplace by\nA4\t\n", encoding="utf-8")
    out = tmp_path / "net"
    code = main(
        [
            "network",
            str(path),
            "--kind",
            "coauthorship_authors",
            "-o",
            str(out),
            "--counting",
            "fractional",
            "--min-documents",
            "1",
            "--thesaurus",
            str(thesaurus),
        ]
    )
    assert code == 0
    network = load(out)
    assert network.meta["kind"] == "coauthorship_authors"
    assert network.meta["counting"] == "fractional"
    assert network.items["label"].to_list() == ["A1", "A2", "A3"]
    assert _strengths(network)[frozenset(("A1", "A3"))] == 1.5
    assert (
        main(
            [
                "network",
                str(path),
                "--kind",
                "keywords_all",
                "-o",
                str(out),
                "--counting",
                "full",
                "--min-cited",
                "-2",
            ]
        )
        == 2
    )


def test_thesaurus_renames_and_drops_documents(tmp_path) -> None:
    path = tmp_path / "thesaurus.txt"
    path.write_text("label\treplace by\nA1 (2000)\tfirst paper\nA1 (2001)\t\n", encoding="utf-8")
    records = _records([dict(row) for row in MANUAL])
    network = build(
        "citation_documents", records, params=NetworkParams(thesaurus=read_thesaurus(path))
    )
    assert network.items["label"].to_list() == ["A2 (2002)", "first paper"]


def test_required_columns_suffice(tmp_path) -> None:
    from bibliomap.networks import required_columns

    records = _records([dict(row) for row in MANUAL])
    for kind in KINDS:
        subset = records.select(required_columns(kind))
        params = NetworkParams(min_documents=1, min_cited=1)
        full, reduced = build(kind, records, params=params), build(kind, subset, params=params)
        assert reduced.items.equals(full.items), kind
        assert reduced.links.equals(full.links), kind
    assert "abstract" not in required_columns("cocitation_references")
