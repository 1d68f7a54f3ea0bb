"""VOS layout: reference coordinates, quality function, standardization, Barnes-Hut, determinism."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
import scipy.sparse as sp

from bibliomap import layout
from bibliomap.errors import BibliomapError
from bibliomap.export.vosviewer import read_map_file, read_vosviewer
from bibliomap.network import Network
from bibliomap.normalize import normalize

ECONOMICS = "vosviewer_reference/economics_journal_cocitation/Economics_journal_co-citation_"
ANONYMITY = "vosviewer_reference/anonymity_keywords/anonymity_"


def _procrustes_max_error(reference: np.ndarray, ours: np.ndarray) -> float:
    """Largest coordinate difference after the best rotation/reflection (no scaling)."""
    u, _, vt = np.linalg.svd(ours.T @ reference)
    return float(np.abs(reference - ours @ (u @ vt)).max())


def _reference_layout(shared_data, prefix, network_suffix, repulsion, starts):
    net = read_vosviewer(shared_data(prefix + "map.txt"), shared_data(prefix + network_suffix))
    result = layout.layout_network(net, repulsion=repulsion, random_starts=starts)
    reference = read_map_file(shared_data(prefix + "map.txt"))
    assert result["id"].to_list() == reference["id"].to_list()
    return reference.select("x", "y").to_numpy(), result.select("x", "y").to_numpy()


def test_economics_layout_matches_vosviewer(shared_data):
    reference, ours = _reference_layout(shared_data, ECONOMICS, "network.txt", 1, 3)
    assert _procrustes_max_error(reference, ours) < 0.01
    assert np.abs(reference - ours).max() < 0.01  # the standardization fixes the orientation too


def test_anonymity_layout_matches_vosviewer(shared_data):
    reference, ours = _reference_layout(shared_data, ANONYMITY, "ntwrk.txt", 0, 10)
    assert _procrustes_max_error(reference, ours) < 0.01


def test_default_repulsion_by_kind():
    assert layout.default_repulsion("keywords_all") == 0
    assert layout.default_repulsion("keywords_author") == 0
    assert layout.default_repulsion("citation_documents") == 0
    assert layout.default_repulsion("coauthorship_authors") == -1
    assert layout.default_repulsion("terms") == 1
    assert layout.default_repulsion("cocitation_sources") == 1
    assert layout.resolve_repulsion("auto", "keywords_all") == 0
    assert layout.resolve_repulsion("-1", "terms") == -1
    with pytest.raises(BibliomapError, match="repulsion"):
        layout.resolve_repulsion("strong", "terms")
    with pytest.raises(BibliomapError, match="greater than repulsion"):
        layout.LayoutOptions(attraction=1, repulsion=1)


def _brute_quality(matrix, weights, coords, attraction, repulsion, increment):
    def f(d, p):
        return np.log(d) if p == 0 else d**p / p

    n = len(weights)
    i, j = np.triu_indices(n, k=1)
    d = np.linalg.norm(coords[i] - coords[j], axis=1)
    a = matrix.toarray()[i, j]
    return float(
        np.sum(a * f(d, attraction))
        - np.sum(weights[i] * weights[j] * f(d, repulsion))
        + increment * np.sum(f(d, attraction))
    )


@pytest.mark.parametrize(("attraction", "repulsion"), [(2, 1), (2, 0), (1, 0), (2, -1), (3, 1)])
def test_quality_kernel_matches_the_formula(attraction, repulsion):
    rng = np.random.default_rng(1)
    upper = sp.random(40, 40, density=0.2, random_state=2, format="csr")
    matrix = sp.csr_matrix(sp.triu(upper, 1) + sp.triu(upper, 1).T)
    weights = rng.uniform(0.5, 2, 40)
    coords = rng.normal(size=(40, 2))
    for uniform in (weights, np.ones(40)):
        expected = _brute_quality(matrix, uniform, coords, attraction, repulsion, 0.01)
        got = layout.layout_quality(
            matrix, uniform, coords, attraction=attraction, repulsion=repulsion, increment=0.01
        )
        assert got == pytest.approx(expected, rel=1e-9)


def test_standardize_is_vosviewers():
    rng = np.random.default_rng(3)
    points = rng.normal(size=(31, 2)) * [3, 1]
    result = layout.standardize(points)
    assert np.allclose(result.mean(axis=0), 0)
    assert np.var(result[:, 0]) >= np.var(result[:, 1])
    assert np.all(np.median(result, axis=0) <= 0)
    i, j = np.triu_indices(31, k=1)
    assert np.linalg.norm(result[i] - result[j], axis=1).mean() == pytest.approx(1)
    angle = 0.7
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    moved = (points @ rotation) * [-2.5, 2.5] + [4, -1]  # rotate, reflect, scale, translate
    assert np.allclose(layout.standardize(moved), result)


def _planted(n, groups, links, seed=0):
    rng = np.random.default_rng(seed)
    group = rng.integers(0, groups, n)
    i = rng.integers(0, n, links)
    same = rng.random(links) < 0.8
    members = [np.flatnonzero(group == g) for g in range(groups)]
    j = np.where(same, [rng.choice(members[g]) for g in group[i]], rng.integers(0, n, links))
    upper = sp.coo_matrix((np.ones(links), (np.minimum(i, j), np.maximum(i, j))), shape=(n, n))
    matrix = sp.csr_matrix(upper)
    matrix.setdiag(0)
    matrix.eliminate_zeros()
    return matrix + matrix.T


def test_barnes_hut_quality_within_one_percent_of_exact():
    matrix, weights = normalize(_planted(2000, 40, 16000))
    qualities = {}
    for method in ("exact", "barnes_hut"):
        options = layout.LayoutOptions(repulsion=1, method=method, seed=4, polish=False)
        qualities[method] = layout.vos_layout(matrix, weights, options).quality
    assert qualities["exact"] < 0  # A=2, R=1: Q < 0 at any optimum
    assert qualities["barnes_hut"] <= qualities["exact"] + 0.01 * abs(qualities["exact"])


def test_same_seed_same_bytes_and_threads_do_not_matter():
    matrix, weights = normalize(_planted(150, 5, 800, seed=1))
    one = layout.vos_layout(matrix, weights, layout.LayoutOptions(random_starts=4, seed=7))
    again = layout.vos_layout(matrix, weights, layout.LayoutOptions(random_starts=4, seed=7))
    threads = layout.vos_layout(
        matrix, weights, layout.LayoutOptions(random_starts=4, seed=7, threads=2)
    )
    assert one.coordinates.tobytes() == again.coordinates.tobytes() == threads.coordinates.tobytes()
    other = layout.vos_layout(matrix, weights, layout.LayoutOptions(random_starts=4, seed=8))
    assert other.coordinates.tobytes() != one.coordinates.tobytes()


def test_largest_component_and_several_components():
    adjacency = sp.csr_matrix(
        np.array(
            [[0, 1, 1, 0, 0], [1, 0, 1, 0, 0], [1, 1, 0, 0, 0], [0, 0, 0, 0, 1], [0, 0, 0, 1, 0]]
        )
    )
    assert layout.largest_component(adjacency).tolist() == [0, 1, 2]
    assert layout.edge_weight_increment(adjacency) == 0.01
    items = pl.DataFrame({"id": [10, 20, 30, 40, 50], "label": list("abcde")})
    links = pl.DataFrame(
        {"source": [10, 10, 20, 40], "target": [20, 30, 30, 50], "strength": [1.0, 1, 1, 1]}
    )
    net = Network(items=items, links=links, meta={"kind": "terms"})
    full = layout.layout_network(net)
    assert (
        full["id"].to_list() == [10, 20, 30, 40, 50] and full.null_count().sum_horizontal()[0] == 0
    )
    assert layout.layout_network(net, largest_component_only=True)["id"].to_list() == [10, 20, 30]
