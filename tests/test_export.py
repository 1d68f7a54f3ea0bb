"""Exports: VOSviewer map/network/JSON files, GEXF and GraphML; reading them back."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest

from bibliomap.errors import BibliomapError
from bibliomap.export import graph, vosviewer
from bibliomap.export.folder import MAP_FILES, assemble_map, export_map_folder
from bibliomap.network import Network

ANONYMITY = "vosviewer_reference/anonymity_keywords/anonymity_"
ECONOMICS = "vosviewer_reference/economics_journal_cocitation/Economics_journal_co-citation_"

ITEMS = pl.DataFrame(
    {
        "id": [1, 2, 3, 4],
        "label": ['deep learning, "ai"', "privacy; security", "wsn", "iot"],
        "x": [0.25031, -0.1, 0.0, -0.15031],
        "y": [-0.5, 0.25, 0.125, 0.125],
        "cluster": [1, 1, None, 2],
        "weight<Links>": [2, 2, 1, 1],
        "weight<Total link strength>": [1.5, 2.3333333333333335, 0.5, 1.3333333333333333],
        "score<Avg. pub. year>": [2020.5, None, 2019.0, 2021.0],
    }
)
LINKS = pl.DataFrame({"source": [1, 1, 2], "target": [2, 3, 4], "strength": [1.0, 0.5, 4 / 3]})


def test_vosviewers_own_files_are_written_back_byte_for_byte(shared_data):
    for map_name, network_name in ((ANONYMITY + "map.txt", ANONYMITY + "ntwrk.txt"),):
        map_path, network_path = shared_data(map_name), shared_data(network_name)
        assert vosviewer.map_text(vosviewer.read_map_file(map_path)) == map_path.read_text()
        links = vosviewer.read_network_file(network_path)
        assert vosviewer.network_text(links) == network_path.read_text()


def test_map_and_network_files_round_trip(tmp_path):
    vosviewer.write_map_file(ITEMS, tmp_path / "map.txt")
    vosviewer.write_network_file(LINKS, tmp_path / "network.txt")
    text = (tmp_path / "map.txt").read_text()
    assert text.splitlines()[0] == (
        "id\tlabel\tx\ty\tcluster\tweight<Links>\tweight<Total link strength>\t"
        "score<Avg. pub. year>"
    )
    assert '"deep learning, ""ai"""\t0.2503\t-0.5\t1\t2\t1.5\t2020.5' in text
    assert "3\twsn\t0\t0.125\t\t1\t0.5\t2019" in text  # no cluster: empty field
    table = vosviewer.read_map_file(tmp_path / "map.txt")
    expected = ITEMS.with_columns(pl.col("x").round(4))
    assert table.equals(expected)
    net = vosviewer.read_vosviewer(tmp_path / "map.txt", tmp_path / "network.txt")
    assert net.links.equals(LINKS)
    assert net.items.columns == ["id", "label", *ITEMS.columns[5:]]


def test_network_file_sums_duplicates_and_drops_self_links(tmp_path):
    (tmp_path / "net.txt").write_text("1\t2\t3\n2\t1\t1\n3\t3\t9\n2\t3\n")
    links = vosviewer.read_network_file(tmp_path / "net.txt")
    assert links.rows() == [(1, 2, 4.0), (2, 3, 1.0)]
    net = vosviewer.read_vosviewer(network_path=tmp_path / "net.txt")
    assert net.items["label"].to_list() == ["1", "2", "3"]
    assert net.items["weight<Total link strength>"].to_list() == [4.0, 5.0, 1.0]


def test_bad_files_raise_clear_errors(tmp_path):
    (tmp_path / "bad.txt").write_text("1\t2\t3\n1\tx\t2\n")
    with pytest.raises(BibliomapError, match="line 2") as error:
        vosviewer.read_network_file(tmp_path / "bad.txt")
    assert "'x'" in str(error.value)
    (tmp_path / "noid.txt").write_text("label\tx\nfoo\t1\n")
    with pytest.raises(BibliomapError, match="'id' column"):
        vosviewer.read_map_file(tmp_path / "noid.txt")
    (tmp_path / "map.txt").write_text("id\tlabel\n1\ta\n")
    (tmp_path / "net.txt").write_text("1\t7\t1\n")
    with pytest.raises(BibliomapError, match="missing from the map file"):
        vosviewer.read_vosviewer(tmp_path / "map.txt", tmp_path / "net.txt")
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(BibliomapError, match="empty"):
        vosviewer.read_network_file(tmp_path / "empty.txt")


def test_json_has_vosviewer_online_fields_and_round_trips(tmp_path):
    document = vosviewer.vosviewer_json(
        ITEMS, LINKS, cluster_labels={1: "ai", 2: "iot"}, title="t", description="d"
    )
    vosviewer.write_vosviewer_json(document, tmp_path / "map.json")
    loaded = json.loads((tmp_path / "map.json").read_text())
    assert set(loaded) == {"network", "config", "info"}
    assert loaded["info"] == {"title": "t", "description": "d"}
    first = loaded["network"]["items"][0]
    assert set(first) == {"id", "label", "x", "y", "cluster", "weights", "scores"}
    assert first["weights"] == {"Links": 2, "Total link strength": 1.5}
    assert "cluster" not in loaded["network"]["items"][2]
    assert loaded["network"]["links"][0] == {"source_id": 1, "target_id": 2, "strength": 1}
    assert loaded["network"]["clusters"] == [
        {"cluster": 1, "label": "ai"},
        {"cluster": 2, "label": "iot"},
    ]
    items, links = vosviewer.read_vosviewer_json(tmp_path / "map.json")
    assert items.equals(ITEMS.with_columns(pl.col("x").round(4)))
    assert links.equals(LINKS)


def test_gexf_and_graphml_round_trip(tmp_path, monkeypatch):
    monkeypatch.setattr(graph, "_BLOCK", 2)  # rows turned into text in several blocks
    label = pl.when(pl.col("id") == 3).then(pl.lit("wsn <&>\x0b")).otherwise(pl.col("label"))
    items = ITEMS.with_columns(label.alias("label"))
    graph.write_gexf(items, LINKS, tmp_path / "map.gexf")
    graph.write_graphml(items, LINKS, tmp_path / "map.graphml")
    assert "lastmodifieddate" not in (tmp_path / "map.gexf").read_text()
    for name in ("map.gexf", "map.graphml"):
        read = graph.read_graph(tmp_path / name)
        assert sorted(read.nodes) == ["1", "2", "3", "4"] and read.number_of_edges() == 3
        node = graph.graph_attributes(read, "1")
        assert node["label"] == 'deep learning, "ai"' and node["cluster"] == 1
        assert node["weight<Total link strength>"] == 1.5 and node["x"] == 0.25031
        assert "cluster" not in graph.graph_attributes(read, "3")
        assert graph.graph_attributes(read, "3")["label"] == "wsn <&>"
        assert read.edges["2", "4"]["weight"] == pytest.approx(4 / 3)
    viz = graph.read_graph(tmp_path / "map.gexf").nodes
    assert viz["1"]["viz"]["color"] == {"r": 214, "g": 39, "b": 40, "a": 1.0}
    assert viz["1"]["viz"]["position"] == pytest.approx({"x": 250.31, "y": -500.0, "z": 0.0})
    assert viz["3"]["viz"]["color"] == {"r": 191, "g": 191, "b": 191, "a": 1.0}
    assert (tmp_path / "map.gexf").read_text().count('id="2" weight=') == 1  # edge ids 0, 1, 2
    assert graph.cluster_colour(1) == "#d62728" and graph.cluster_colour(19) == "#d62728"
    assert graph.cluster_colour(None) == "#bfbfbf"


def test_map_folder_is_complete_and_deterministic(tmp_path):
    net = Network(items=ITEMS.drop("x", "y", "cluster"), links=LINKS, meta={"kind": "terms"})
    layout = pl.DataFrame({"id": [4, 2, 1], "x": [0.5, 0.0, -0.5], "y": [0.0, 1.0, 0.0]})
    clusters = pl.DataFrame({"id": [1, 2, 4], "cluster": [1, 1, 2]})
    items, links = assemble_map(net, layout, clusters)
    assert items["id"].to_list() == [1, 2, 4]  # item 3 was not laid out
    assert items.columns[:5] == ["id", "label", "x", "y", "cluster"]
    assert links.rows() == [(1, 2, 1.0), (2, 4, 4 / 3)]
    table = export_map_folder(net, layout, clusters, tmp_path / "a")
    export_map_folder(net, layout, clusters, tmp_path / "b")
    for name in MAP_FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert table["items"].to_list() == [2, 1]
    assert table["mean<Avg. pub. year>"].to_list() == [2020.5, 2021.0]
    with pytest.raises(BibliomapError, match="lacks columns"):
        assemble_map(net, layout.drop("y"), clusters)


def test_cluster_table_ranks_characteristic_items(shared_data):
    net = vosviewer.read_vosviewer(
        shared_data(ANONYMITY + "map.txt"), shared_data(ANONYMITY + "ntwrk.txt")
    )
    reference = vosviewer.read_map_file(shared_data(ANONYMITY + "map.txt"))
    layout = reference.select("id", "x", "y")
    clusters = reference.select("id", "cluster")
    items, links = assemble_map(net, layout, clusters)
    from bibliomap.labels import cluster_table
    from bibliomap.network import links_to_adjacency

    table = cluster_table(items, links_to_adjacency(items["id"], links), top_n=2)
    assert table["items"].to_list() == [7, 6, 4]
    member = reference.filter(pl.col("cluster") == 1)
    assert table["mean<Avg. pub. year>"][0] == pytest.approx(member["score<Avg. pub. year>"].mean())
    assert len(table["top_items"][0].split("; ")) == 2
    # "wsn" (14 occurrences) has the most links inside cluster 1 of all its items
    assert table["label"][0].startswith("wsn")
    assert np.isclose(
        table["link_strength_inside"].sum() + table["link_strength_outside"].sum() / 2,
        links["strength"].sum(),
    )
