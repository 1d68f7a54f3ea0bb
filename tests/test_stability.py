"""Cluster stability (Jaccard, adjusted Rand index) and the resolution sweep."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest

from bibliomap.cluster import ClusterOptions
from bibliomap.export.vosviewer import read_vosviewer
from bibliomap.stability import (
    adjusted_rand_index,
    best_match_jaccard,
    network_robustness,
)

ECONOMICS = "vosviewer_reference/economics_journal_cocitation/Economics_journal_co-citation_"


def _ari_by_hand(a, b):
    pairs = [(i, j) for i in range(len(a)) for j in range(i + 1, len(a))]
    both = sum(1 for i, j in pairs if a[i] == a[j] and b[i] == b[j])
    same_a = sum(comb(int(c), 2) for c in np.unique(a, return_counts=True)[1])
    same_b = sum(comb(int(c), 2) for c in np.unique(b, return_counts=True)[1])
    expected = same_a * same_b / len(pairs)
    return (both - expected) / ((same_a + same_b) / 2 - expected)


def test_adjusted_rand_index():
    a = np.array([1, 1, 1, 2, 2, 3, 3, 3])
    b = np.array([1, 1, 2, 2, 2, 3, 3, 1])
    assert adjusted_rand_index(a, b) == pytest.approx(_ari_by_hand(a, b))
    assert adjusted_rand_index(a, np.array([7, 7, 7, 5, 5, 9, 9, 9])) == 1.0  # renumbered
    # unassigned items (-1) are clusters of their own
    assert adjusted_rand_index(np.array([1, 1, -1, -1]), np.array([1, 1, 2, 3])) == 1.0


def test_best_match_jaccard():
    reference = np.array([1, 1, 1, 2, 2, -1])
    other = np.array([4, 4, 5, 5, 5, 5])
    # cluster 1 {0,1,2} vs {0,1}: 2/3; cluster 2 {3,4} vs {2,3,4,5}: 2/4
    assert best_match_jaccard(reference, other).tolist() == pytest.approx([2 / 3, 0.5])


def test_stability_and_sweep_on_economics(shared_data):
    net = read_vosviewer(network_path=shared_data(ECONOMICS + "network.txt"))
    options = ClusterOptions(resolution=0.8, random_starts=5)
    result, sweep = network_robustness(net, options, seeds=2, resolutions=[0.5, 0.8, 1.5])
    assert result.clusters["items"].to_list() == [109, 44, 33, 26, 20]
    assert result.clusters["jaccard_mean"].is_between(0, 1).all()
    assert result.pairs.height == 3 and result.pairs["ari"].is_between(-1, 1).all()
    assert sweep.columns == ["resolution", "clusters", "unassigned", "quality", "ari_to_chosen"]
    chosen = sweep.filter(sweep["resolution"] == 0.8).row(0, named=True)
    assert chosen["clusters"] == 5 and chosen["ari_to_chosen"] == 1.0
    assert sweep["clusters"].to_list() == sorted(sweep["clusters"].to_list())


def test_sweep_clusters_the_chosen_resolution_once(shared_data, monkeypatch):
    from bibliomap import stability

    net = read_vosviewer(network_path=shared_data(ECONOMICS + "network.txt"))
    calls = []
    original = stability.cluster_partition

    def counted(*args, **kwargs):
        calls.append(args[2].resolution)
        return original(*args, **kwargs)

    monkeypatch.setattr(stability, "cluster_partition", counted)
    network_robustness(net, ClusterOptions(resolution=0.8), seeds=0, resolutions=[0.5, 0.8, 1.5])
    assert sorted(calls) == [0.5, 0.8, 1.5]


def test_robustness_equals_stability_and_sweep_apart(shared_data):
    net = read_vosviewer(network_path=shared_data(ECONOMICS + "network.txt"))
    options = ClusterOptions(resolution=0.8, random_starts=3)
    stability, sweep = network_robustness(net, options, seeds=2, resolutions=[0.5, 0.8, 1.5])
    alone = network_robustness(net, options, seeds=2, resolutions=[])[0]
    assert stability.clusters.equals(alone.clusters) and stability.pairs.equals(alone.pairs)
    assert sweep.equals(network_robustness(net, options, seeds=0, resolutions=[0.5, 0.8, 1.5])[1])


def test_sweep_figure_plots_the_sweep(shared_data):
    from bibliomap.figures.sweep import sweep_figure

    net = read_vosviewer(network_path=shared_data(ECONOMICS + "network.txt"))
    options = ClusterOptions(resolution=0.8)
    sweep = network_robustness(net, options, seeds=0, resolutions=[1.5, 0.5, 0.8])[1]
    fig = sweep_figure(sweep, 0.8)
    clusters_axis, ari_axis = fig.axes
    clusters_line = clusters_axis.get_lines()[0]
    assert clusters_line.get_xdata().tolist() == [0.5, 0.8, 1.5]
    assert clusters_line.get_ydata().tolist() == sweep.sort("resolution")["clusters"].to_list()
    assert ari_axis.get_lines()[0].get_ydata()[1] == 1.0  # the chosen resolution
    assert clusters_axis.get_lines()[1].get_xdata()[0] == 0.8  # the marker line
