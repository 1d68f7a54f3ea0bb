"""Leiden clustering: VOSviewer's reference partitions, numbering, small clusters, determinism."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import polars as pl
import pytest
import scipy.sparse as sp

from bibliomap import cluster
from bibliomap.errors import BibliomapError
from bibliomap.export.vosviewer import read_map_file, read_vosviewer
from bibliomap.network import Network
from bibliomap.stability import adjusted_rand_index

ECONOMICS = "vosviewer_reference/economics_journal_cocitation/Economics_journal_co-citation_"
ANONYMITY = "vosviewer_reference/anonymity_keywords/anonymity_"


@pytest.mark.parametrize("engine", cluster.ENGINES)
def test_economics_partition_from_the_network_file_is_vosviewers(shared_data, engine):
    net = read_vosviewer(network_path=shared_data(ECONOMICS + "network.txt"))
    ours = cluster.cluster_network(net, resolution=0.8, engine=engine)
    reference = read_map_file(shared_data(ECONOMICS + "map.txt")).select("id", "cluster")
    joined = reference.join(ours, on="id", suffix="_ours")
    assert joined.height == 232
    assert ours["cluster"].value_counts(sort=True)["count"].to_list() == [109, 44, 33, 26, 20]
    assert adjusted_rand_index(joined["cluster"].to_numpy(), joined["cluster_ours"].to_numpy()) == 1
    assert joined["cluster"].to_list() == joined["cluster_ours"].to_list()  # same numbers too


def test_anonymity_partition_is_vosviewers(shared_data):
    net = read_vosviewer(shared_data(ANONYMITY + "map.txt"), shared_data(ANONYMITY + "ntwrk.txt"))
    ours = cluster.cluster_network(net, resolution=1.0)
    reference = read_map_file(shared_data(ANONYMITY + "map.txt"))
    assert ours["cluster"].to_list() == reference["cluster"].to_list()


def test_quality_is_the_cpm_formula():
    adjacency = sp.csr_matrix(np.array([[0, 2, 0], [2, 0, 1], [0, 1, 0]], dtype=float))
    weights = np.ones(3)
    # clusters {0,1} {2}: inside 2*2 = 4; cluster weights 2 and 1; 2m' = 6
    expected = (4 - 0.5 * (2**2 + 1**2)) / 6
    assert cluster.cpm_quality(adjacency, weights, np.array([0, 0, 1]), 0.5) == pytest.approx(
        expected
    )


def test_numbering_by_size_breaks_ties_by_first_item():
    membership = np.array([5, 3, 3, 5, 9, 9, 9, -1, 7])
    assert cluster.number_by_size(membership).tolist() == [2, 3, 3, 2, 1, 1, 1, -1, 4]


def _small_clusters_case():
    """Clusters 1={0,1,2,3}, 2={4,5}, 3={6}, 4={7} (no links); 6 links 4 (1) and 0 (1.5)."""
    edges = [(0, 1, 1), (1, 2, 1), (2, 3, 1), (0, 3, 1), (4, 5, 1), (6, 4, 1), (6, 0, 1.5)]
    rows, cols, data = zip(*edges, strict=True)
    upper = sp.coo_matrix((data, (rows, cols)), shape=(8, 8))
    return sp.csr_matrix(upper + upper.T), np.array([1, 1, 1, 1, 2, 2, 3, 4])


def test_small_clusters_merge_into_the_best_neighbour():
    adjacency, numbered = _small_clusters_case()
    merged = cluster.merge_small_clusters(adjacency, np.ones(8), numbered - 1, 3)
    # {6}: 1 / |{4,5}| = 0.5 beats 1.5 / 4 = 0.375, so it joins cluster 2 (size 3, done);
    # {7} has no links and stays.
    assert cluster.number_by_size(merged).tolist() == [1, 1, 1, 1, 2, 2, 2, 3]


def test_small_clusters_merge_smallest_first_and_unassign_without_merging():
    adjacency, numbered = _small_clusters_case()
    merged = cluster.merge_small_clusters(adjacency, np.ones(8), numbered - 1, 5)
    # {6} (smallest) joins {4,5}; then {7} stays; then {4,5,6} (3 < 5) joins {0..3}
    assert cluster.number_by_size(merged).tolist() == [1, 1, 1, 1, 1, 1, 1, 2]
    items = pl.DataFrame({"id": list(range(1, 9)), "label": list("abcdefgh")})
    coo = sp.triu(adjacency, 1).tocoo()
    links = pl.DataFrame({"source": coo.row + 1, "target": coo.col + 1, "strength": coo.data})
    net = Network(items=items, links=links)
    table = cluster.cluster_network(
        net, normalization="none", resolution=0.3, min_cluster_size=3, merge_small_clusters=False
    )
    sizes = table.drop_nulls()["cluster"].value_counts()["count"]
    assert table["cluster"].null_count() > 0 and sizes.min() >= 3


def test_same_seed_same_clusters_and_validation(shared_data):
    net = read_vosviewer(network_path=shared_data(ECONOMICS + "network.txt"))
    first = cluster.cluster_network(net, resolution=1.3, random_starts=3, seed=5)
    second = cluster.cluster_network(net, resolution=1.3, random_starts=3, seed=5)
    assert first.equals(second)
    with pytest.raises(BibliomapError, match="engine"):
        cluster.ClusterOptions(engine="louvain")
    with pytest.raises(BibliomapError, match="resolution"):
        cluster.ClusterOptions(resolution=-1)


def test_largest_component_only_lists_its_items():
    items = pl.DataFrame({"id": [1, 2, 3, 4, 5], "label": list("abcde")})
    links = pl.DataFrame({"source": [1, 1, 2, 4], "target": [2, 3, 3, 5], "strength": [1.0] * 4})
    net = Network(items=items, links=links)
    assert cluster.cluster_network(net, largest_component_only=True)["id"].to_list() == [1, 2, 3]
    assert cluster.cluster_network(net)["cluster"].to_list() == [1, 1, 1, 2, 2]


def test_linlog_clustering_maximizes_modularity(shared_data):
    import igraph as ig

    from bibliomap.normalize import normalize, resolution_scale

    net = read_vosviewer(network_path=shared_data(ECONOMICS + "network.txt"))
    adjacency = net.adjacency()
    matrix, strength = normalize(adjacency, "linlog")
    scale = resolution_scale(adjacency, "linlog")
    clusters, quality = cluster.cluster_partition(
        matrix, strength, cluster.ClusterOptions(random_starts=3), scale=scale
    )
    upper = sp.triu(matrix, 1).tocoo()
    graph = ig.Graph(n=matrix.shape[0], edges=np.column_stack([upper.row, upper.col]))
    modularity = graph.modularity(list(clusters - 1), weights=upper.data)
    assert quality == pytest.approx(modularity)  # CPM with n_i = k_i and gamma / 2m
    assert clusters.max() >= 3


def test_random_starts_in_worker_processes_give_the_same_partition(shared_data, tmp_path):
    # Run as a Snakemake script runs: a main script without a __main__ guard.
    network = shared_data(ECONOMICS + "network.txt")
    script = tmp_path / "job.py"
    script.write_text(
        "from bibliomap import cluster\n"
        "from bibliomap.export.vosviewer import read_vosviewer\n"
        "cluster.PARALLEL_MIN_LINKS = 0\n"
        f"net = read_vosviewer(network_path={str(network)!r})\n"
        "table = cluster.cluster_network(net, resolution=0.8, random_starts=4, seed=3, workers=2)\n"
        f"table.write_parquet({str(tmp_path / 'parallel.parquet')!r})\n"
    )
    subprocess.run([sys.executable, str(script)], check=True, timeout=300)
    net = read_vosviewer(network_path=network)
    serial = cluster.cluster_network(net, resolution=0.8, random_starts=4, seed=3)
    assert pl.read_parquet(tmp_path / "parallel.parquet").equals(serial)
