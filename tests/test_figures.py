"""Map figures: palette, sizes, label layout and hiding, strongest links, density formulas."""

from __future__ import annotations

import math
import re

import numpy as np
import polars as pl
import pytest
from matplotlib.colors import to_hex, to_rgb
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextPath, TextToPath

from bibliomap.errors import BibliomapError
from bibliomap.figures import (
    CLUSTER_COLORS,
    UNASSIGNED_COLOR,
    MapStyle,
    average_distance,
    cluster_color,
    density_grid,
    layout_labels,
    strongest_links,
    visible_labels,
)
from bibliomap.figures.kernel import cluster_mix
from bibliomap.figures.labels import label_paths
from bibliomap.figures.mapdata import map_items
from bibliomap.figures.overlay import score_norm, score_rgba
from bibliomap.figures.palette import cluster_rgba, named_colormap
from bibliomap.figures.plan import plan_map
from bibliomap.figures.style import circle_diameters, label_sizes, link_widths

METHODS_PALETTE = [
    "#d62728",
    "#2ca02c",
    "#1f77b4",
    "#bcbd22",
    "#9467bd",
    "#17becf",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#ff9896",
    "#98df8a",
    "#aec7e8",
    "#dbdb8d",
    "#c5b0d5",
    "#9edae5",
    "#ffbb78",
    "#c49c94",
    "#f7b6d2",
]


def _map(**columns) -> pl.DataFrame:
    n = len(columns["x"])
    base = {"id": list(range(1, n + 1)), "label": [f"item {i}" for i in range(1, n + 1)]}
    return pl.DataFrame({**base, **columns})


# --- palette -------------------------------------------------------------------------------


def test_palette_is_methods_palette():
    assert list(CLUSTER_COLORS) == METHODS_PALETTE
    assert [cluster_color(c) for c in range(1, 19)] == METHODS_PALETTE
    assert cluster_color(0) == UNASSIGNED_COLOR == "#bfbfbf"


def test_palette_matches_methods_document(shared_data):
    methods = shared_data("").parent / "docs" / "METHODS.md"
    if not methods.is_file():
        pytest.skip("METHODS.md not found beside the shared data")
    section = methods.read_text(encoding="utf-8").split("## 6.")[1].split("## 7.")[0]
    colours = re.findall(r"#[0-9a-f]{6}", section)
    assert colours[:18] == list(CLUSTER_COLORS)
    assert colours[18] == UNASSIGNED_COLOR


def test_palette_extension_is_distinct_and_stable():
    extended = [cluster_color(c) for c in range(19, 80)]
    assert len(set(extended)) == len(extended)
    assert not set(extended) & {*CLUSTER_COLORS, UNASSIGNED_COLOR}
    assert extended == [cluster_color(c) for c in range(19, 80)]
    rgba = cluster_rgba(np.array([2, 0, 19, 2]))
    assert [to_hex(row) for row in rgba] == ["#2ca02c", "#bfbfbf", cluster_color(19), "#2ca02c"]


def test_unknown_colormap_is_a_clear_error():
    with pytest.raises(BibliomapError, match="unknown colour map"):
        named_colormap("no-such-map")


# --- map table -------------------------------------------------------------------------------


def test_default_weight_order_and_validation():
    table = _map(
        x=[0.0, 1.0],
        y=[0.0, 1.0],
        **{"weight<Links>": [1, 2], "weight<Citations>": [5, 7], "weight<Documents>": [3, 4]},
    )
    assert map_items(table).weight_name == "Documents"
    assert map_items(table, weight="Citations").weight.tolist() == [5.0, 7.0]
    assert map_items(table, weight="weight<Links>").weight_name == "Links"
    with pytest.raises(BibliomapError, match="weight<Occurrences>.*present: weight<Links>"):
        map_items(table, weight="Occurrences")
    with pytest.raises(BibliomapError, match="non-negative"):
        map_items(table.with_columns(pl.lit(-1).alias("weight<Documents>")))
    with pytest.raises(BibliomapError, match="lacks column"):
        map_items(table.drop("y"))
    with pytest.raises(BibliomapError, match="not finite"):
        map_items(table.with_columns(pl.Series("x", [0.0, float("nan")])))
    with pytest.raises(BibliomapError, match="duplicate"):
        map_items(table.with_columns(pl.lit(1).alias("id")))


def test_clusters_null_means_unassigned():
    table = _map(x=[0.0, 1.0, 2.0], y=[0.0, 0.0, 0.0], cluster=[2, None, 1])
    assert map_items(table).cluster.tolist() == [2, 0, 1]
    assert map_items(table.drop("cluster")).cluster.tolist() == [0, 0, 0]


# --- sizes -----------------------------------------------------------------------------------


def test_sizes_follow_vosviewer_rules():
    style = MapStyle()
    weights = np.array([1.0, 4.0, 0.0, 3.0])  # mean 2
    expected = np.maximum(8.0 * np.sqrt(weights / 2), 2.5)
    assert np.allclose(circle_diameters(weights, style), expected)
    assert np.allclose(
        label_sizes(weights, style), np.round((5.5 + 2.5 * np.sqrt(weights / 2)) * 4) / 4
    )
    assert np.allclose(circle_diameters(np.zeros(3), style), 8.0)  # mean 0: all equal
    crowded = circle_diameters(np.ones(1200), style)
    assert np.allclose(crowded, 8.0 * 0.5)  # sqrt(300 / 1200)
    strengths = np.array([1.0, 9.0])  # mean 5
    assert np.allclose(link_widths(strengths, style), 0.75 * np.sqrt(strengths / 5))


# --- labels ----------------------------------------------------------------------------------


def test_label_layout_equals_matplotlib_text_to_path():
    labels = ["AVAW lp", "TRANSPORTATION RESEARCH PART E", "j financ", "", "Zürich Straße €", "$x$"]
    layout = layout_labels(labels, family="DejaVu Sans")
    measure = TextToPath()
    for i, label in enumerate(labels):
        prop = FontProperties(family="DejaVu Sans", size=10)
        width, _, _ = measure.get_text_width_height_descent(label, prop, ismath=False)
        assert layout.width[i] * 10 == pytest.approx(width, abs=1e-9)
    drawn = label_paths(layout, np.array([0]), np.zeros(1), np.zeros(1), np.array([10.0]))[0]
    reference = TextPath((0, 0), labels[0], size=10, prop=FontProperties(family="DejaVu Sans"))
    assert np.array_equal(drawn.codes, reference.codes)
    assert np.allclose(
        drawn.vertices - drawn.vertices[0], reference.vertices - reference.vertices[0], atol=1e-9
    )
    # centred on the item: box from -width/2 to +width/2 and -(asc+desc)/2 to +(asc+desc)/2
    widths, heights = layout.extents(np.full(len(labels), 10.0))
    assert heights[0] == pytest.approx((layout.ascent + layout.descent) * 10)
    left = drawn.vertices[:, 0].min()
    assert -widths[0] / 2 <= left < -widths[0] / 2 + 1.0
    # one path per requested row, empty for an empty label, so colours stay aligned
    every = label_paths(layout, np.arange(6), np.zeros(6), np.zeros(6), np.ones(6))
    assert [len(p.vertices) == 0 for p in every] == [False, False, False, True, False, False]


def test_overlapping_labels_yield_to_stronger_ones():
    # A wins; B overlaps A -> hidden; C overlaps only the hidden B -> kept; D far away -> kept.
    x = np.array([0.0, 8.0, 16.5, 60.0])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    width = np.array([12.0, 12.0, 6.0, 4.0])
    height = np.full(4, 3.0)
    priority = np.array([4.0, 3.0, 2.0, 1.0])
    assert visible_labels(x, y, width, height, priority).tolist() == [True, False, True, True]
    # ties: the earlier label wins; touching boxes do not overlap
    assert visible_labels(
        x[:2], y[:2] * 0, np.array([8.0, 8.0]), np.ones(2), np.ones(2)
    ).tolist() == [
        True,
        True,
    ]
    assert visible_labels(
        x[:2], y[:2] * 0, np.array([9.0, 9.0]), np.ones(2), np.ones(2)
    ).tolist() == [
        True,
        False,
    ]


def test_grid_overlap_test_equals_brute_force():
    rng = np.random.default_rng(7)
    n = 400
    x, y = rng.uniform(0, 300, n), rng.uniform(0, 200, n)
    width, height = rng.uniform(2, 60, n), rng.uniform(4, 12, n)
    priority = rng.integers(0, 20, n).astype(float)
    kept: list[int] = []
    for i in np.argsort(-priority, kind="stable"):
        clear = all(
            abs(x[i] - x[j]) >= (width[i] + width[j]) / 2
            or abs(y[i] - y[j]) >= (height[i] + height[j]) / 2
            for j in kept
        )
        if clear:
            kept.append(int(i))
    expected = np.zeros(n, dtype=bool)
    expected[kept] = True
    assert np.array_equal(visible_labels(x, y, width, height, priority), expected)


def test_plan_hides_the_smaller_of_two_colliding_labels():
    table = _map(
        x=[0.0, 0.01, 2.0, -2.0],
        y=[0.0, 0.0, 1.0, -1.0],
        cluster=[1, 2, 1, 2],
        **{"weight<Occurrences>": [3, 9, 1, 1]},
    )
    plan = plan_map(map_items(table), MapStyle())
    assert plan.show_label.tolist() == [False, True, True, True]
    # every kept label lies inside the page
    frame = plan.frame
    half_w = plan.label_width[plan.show_label] / 2 / frame.scale
    xs = plan.items.x[plan.show_label]
    assert np.all(xs - half_w >= frame.xlim[0] - 1e-9) and np.all(
        xs + half_w <= frame.xlim[1] + 1e-9
    )


# --- links -----------------------------------------------------------------------------------


def test_strongest_links_top_n_with_deterministic_ties():
    links = pl.DataFrame(
        {
            "source": [1, 2, 3, 1, 4, 2, 5, 3, 1, 9],
            "target": [2, 3, 4, 3, 5, 4, 1, 3, 4, 1],
            "strength": [5.0, 2.0, 5.0, 2.0, 1.0, 2.0, 5.0, 7.0, 0.0, 8.0],
        }
    )
    ids = np.array([1, 2, 3, 4, 5])
    top = strongest_links(links, ids, 4)
    # self-link 3-3, zero link 1-4 and link to unknown item 9 dropped; ties by (source, target)
    assert top.rows() == [(1, 2, 5.0), (1, 5, 5.0), (3, 4, 5.0), (1, 3, 2.0)]
    assert strongest_links(links, ids, 1000).height == 7
    assert strongest_links(links, ids, 0).height == 0
    reversed_pairs = links.with_columns(source=pl.col("target"), target=pl.col("source"))
    assert strongest_links(reversed_pairs, ids, 4).rows() == top.rows()
    duplicated = pl.concat([links, links.head(1)])
    assert strongest_links(duplicated, ids, 1).rows() == [(1, 2, 10.0)]


def test_strongest_links_bad_input():
    with pytest.raises(BibliomapError, match="negative"):
        strongest_links(
            pl.DataFrame({"source": [1], "target": [2], "strength": [-1.0]}), np.array([1, 2]), 5
        )
    with pytest.raises(BibliomapError, match="lacks column"):
        strongest_links(pl.DataFrame({"source": [1], "target": [2]}), np.array([1, 2]), 5)


# --- overlay colours -------------------------------------------------------------------------


def test_overlay_colours_are_linear_and_clamped():
    viridis = named_colormap("viridis")
    scores = np.array([2010.0, 2015.0, 2020.0, np.nan])
    norm = score_norm(scores, None)
    rgba = score_rgba(scores, norm, viridis)
    assert np.allclose(rgba[:3], viridis(np.array([0.0, 0.5, 1.0])))
    assert to_hex(rgba[3]) == "#cccccc"
    clamped = score_rgba(scores, score_norm(scores, (2012.0, 2016.0)), viridis)
    assert np.allclose(clamped[:3], viridis(np.array([0.0, 0.75, 1.0])))
    with pytest.raises(BibliomapError, match="min <= max"):
        score_norm(scores, (2020.0, 2010.0))


# --- density ---------------------------------------------------------------------------------


def test_average_distance_by_hand():
    assert average_distance(np.array([0.0, 3.0, 0.0]), np.array([0.0, 0.0, 4.0])) == pytest.approx(
        4.0
    )
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=300), rng.normal(size=300)
    pairs = [math.dist((x[i], y[i]), (x[j], y[j])) for i in range(300) for j in range(i + 1, 300)]
    assert average_distance(x, y) == pytest.approx(sum(pairs) / len(pairs), rel=1e-12)
    assert average_distance(np.zeros(1), np.zeros(1)) == 1.0


def test_density_equals_formula_by_hand():
    x = np.array([0.0, 1.0, 0.5])
    y = np.array([0.0, 0.0, 1.0])
    w = np.array([1.0, 2.0, 3.0])
    dbar = average_distance(x, y)
    h = 0.7
    grid_x = np.array([-0.5, 0.25, 1.5])
    grid_y = np.array([0.0, 0.8])
    density = density_grid(x, y, w, grid_x, grid_y, bandwidth=dbar * h, method="exact")
    for r, gy in enumerate(grid_y):
        for c, gx in enumerate(grid_x):
            by_hand = sum(
                w[i] * math.exp(-((math.dist((gx, gy), (x[i], y[i])) / (dbar * h)) ** 2))
                for i in range(3)
            )
            assert density[r, c] == pytest.approx(by_hand, rel=1e-12)


def test_binned_density_close_to_exact():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=500), rng.normal(size=500)
    w = rng.uniform(1, 5, 500)
    grid_x, grid_y = np.linspace(-4, 4, 161), np.linspace(-3, 3, 121)
    exact = density_grid(x, y, w, grid_x, grid_y, bandwidth=0.5, method="exact")
    binned = density_grid(x, y, w, grid_x, grid_y, bandwidth=0.5, method="binned")
    assert np.abs(binned - exact).max() < 0.005 * exact.max()
    with pytest.raises(BibliomapError, match="unknown density method"):
        density_grid(x, y, w, grid_x, grid_y, bandwidth=0.5, method="fft")


def test_cluster_mix_by_hand():
    x = np.array([0.0, 1.0])
    y = np.array([0.0, 0.0])
    w = np.array([1.0, 3.0])
    cluster = np.array([1, 2])
    grid_x, grid_y = np.array([0.0, 0.5, 3.0]), np.array([0.0])
    rgb = cluster_mix(x, y, w, cluster, grid_x, grid_y, bandwidth=0.8)
    red, green = np.array(to_rgb("#d62728")), np.array(to_rgb("#2ca02c"))
    d1 = w[0] * np.exp(-(((grid_x - 0.0) / 0.8) ** 2))
    d2 = w[1] * np.exp(-(((grid_x - 1.0) / 0.8) ** 2))
    total = d1 + d2
    opacity = total / total.max()
    mixed = (d1[:, None] * red + d2[:, None] * green) / total[:, None]
    expected = (1 - opacity[:, None]) * 1.0 + opacity[:, None] * mixed
    assert np.allclose(rgb[0], expected, atol=1e-12)
