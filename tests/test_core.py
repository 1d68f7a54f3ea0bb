"""Shared primitives: thesaurus, citation scores, co-occurrence and the network folder."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
import scipy.sparse as sp

from bibliomap import network, records, scores, thesaurus
from bibliomap.errors import BibliomapError

# The VOSviewer manual's co-authorship example: D1={A1,A2,A3}, D2={A1,A3}, D3={A2,A4}.
MANUAL = sp.csr_matrix(np.array([[1, 1, 1, 0], [1, 0, 1, 0], [0, 1, 0, 1]]))


def test_cooccurrence_full_and_fractional_match_the_manual():
    full = network.cooccurrence(MANUAL).toarray()
    assert full[0, 2] == 2 and full[0, 1] == full[1, 2] == full[1, 3] == 1
    frac = network.cooccurrence(MANUAL, counting="fractional").toarray()
    assert frac[0, 2] == 1.5 and frac[1, 3] == 1 and frac[0, 1] == frac[1, 2] == 0.5
    assert np.all(np.diag(frac) == 0)
    with pytest.raises(ValueError, match="unknown counting"):
        network.cooccurrence(MANUAL, counting="half")


def test_scores_follow_vosviewer_definitions():
    docs = scores.document_table(pl.DataFrame({"year": [2020, 2020, 2021], "cited_by": [1, 3, 0]}))
    assert docs["norm_citations"].to_list() == [0.5, 1.5, 1.0]  # year mean 0 gives 1
    result = scores.item_scores(MANUAL, docs)
    assert result["weight<Documents>"].tolist() == [2, 2, 2, 1]
    assert result["weight<Citations>"].tolist() == [4, 1, 4, 0]
    assert result["score<Avg. pub. year>"].tolist() == [2020, 2020.5, 2020, 2021]
    assert result["score<Avg. norm. citations>"].tolist() == [1.0, 0.75, 1.0, 1.0]


def test_network_round_trip_and_links(tmp_path):
    built = network.assemble(
        pl.Series(["a1", "a2", "a3", "a4"]),
        network.cooccurrence(MANUAL),
        weights={"weight<Documents>": np.array([2.0, 2, 2, 1])},
        scores={},
        meta={"kind": "coauthorship_authors"},
    )
    assert built.items["weight<Links>"].to_list() == [2, 3, 2, 1]
    assert built.items["weight<Total link strength>"].to_list() == [3, 3, 3, 1]
    assert built.links.rows() == [(1, 2, 1.0), (1, 3, 2.0), (2, 3, 1.0), (2, 4, 1.0)]
    network.save(built, tmp_path / "net")
    loaded = network.load(tmp_path / "net")
    assert loaded.items.equals(built.items) and loaded.links.equals(built.links)
    assert loaded.meta == {"kind": "coauthorship_authors"}
    assert (loaded.adjacency() != network.cooccurrence(MANUAL)).nnz == 0


def test_canonical_links_orders_sums_and_drops_self_links():
    raw = pl.DataFrame({"source": [2, 1, 3, 1], "target": [1, 2, 3, 3], "strength": [1, 2, 5, 0]})
    assert network.canonical_links(raw).rows() == [(1, 2, 3.0)]


def test_thesaurus_merges_and_ignores(tmp_path):
    file = tmp_path / "thesaurus.txt"
    file.write_text("label\treplace by\nLocation privacy\tanonymity\nfoo\t\n", encoding="utf-8")
    mapping = thesaurus.read_thesaurus(file)
    frame = pl.DataFrame({"k": [["location privacy", "Foo", "bar", "anonymity"]]})
    assert frame.select(thesaurus.apply_to_list(pl.col("k"), mapping))["k"].to_list() == [
        ["anonymity", "bar"]
    ]
    labels = pl.DataFrame({"k": ["LOCATION PRIVACY", "foo", "x"]})
    assert labels.select(thesaurus.apply_to_labels(pl.col("k"), mapping))["k"].to_list() == [
        "anonymity",
        None,
        "x",
    ]


def test_thesaurus_errors_name_file_and_line(tmp_path):
    file = tmp_path / "t.txt"
    file.write_text("term\treplacement\n")
    with pytest.raises(BibliomapError, match="t.txt, line 1: expected the header"):
        thesaurus.read_thesaurus(file)
    file.write_text("label\treplace by\na\tb\tc\n")
    with pytest.raises(BibliomapError, match="t.txt, line 2: expected two"):
        thesaurus.read_thesaurus(file)


def test_real_vosviewer_thesaurus_reads(shared_data):
    path = shared_data("vosviewer_reference/anonymity_keywords/thesaurus_terms.txt")
    mapping = thesaurus.read_thesaurus(path)
    assert mapping["location privacy"] == "anonymity"
    assert mapping["traffic analysis"] == "tvaa"


def test_conform_fills_the_canonical_schema():
    frame = records.conform(pl.DataFrame({"title": ["t"], "year": ["2020"]})).collect()
    assert list(frame.schema) == list(records.SCHEMA)
    assert frame["year"].to_list() == [2020]
    assert frame["authors"].to_list() == [[]]


def test_counting_leaves_the_callers_matrix_untouched():
    weighted = sp.csr_matrix(np.array([[2.0, 3.0, 0.0], [0.0, 5.0, 1.0]]))
    before = weighted.toarray().copy()
    assert network.cooccurrence(weighted).toarray()[0, 1] == 1
    scores.item_scores(
        weighted.tocsc(),
        scores.document_table(pl.DataFrame({"year": [2020, 2021], "cited_by": [1, 2]})),
    )
    assert np.array_equal(weighted.toarray(), before)


def test_links_of_a_large_matrix_are_ordered_unique_pairs():
    rng = np.random.default_rng(0)
    upper = sp.random(300, 300, density=0.05, random_state=rng, format="csr")
    matrix = sp.csr_matrix(upper + upper.T)
    matrix.setdiag(0)
    matrix.eliminate_zeros()
    ids = pl.Series("id", np.arange(1, 301, dtype=np.int64))
    links = network.adjacency_to_links(ids, matrix)
    assert links.equals(network.canonical_links(links))
    assert (network.links_to_adjacency(ids, links) != matrix).nnz == 0
