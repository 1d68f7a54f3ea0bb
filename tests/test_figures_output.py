"""Map figures end to end: the real VOSviewer maps, files in every format, reproducibility."""

from __future__ import annotations

import logging
import runpy
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import polars as pl
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_hex

from bibliomap.errors import BibliomapError
from bibliomap.figures import (
    FIGURES,
    density_figure,
    draw_map_figures,
    network_figure,
    overlay_figure,
    save_figure,
)
from bibliomap.figures.mapdata import map_items
from bibliomap.figures.overlay import draw_overlay
from bibliomap.figures.plan import plan_map
from bibliomap.figures.style import MapStyle

ROOT = Path(__file__).resolve().parents[1]
ECONOMICS = "vosviewer_reference/economics_journal_cocitation/Economics_journal_co-citation"
ANONYMITY = "vosviewer_reference/anonymity_keywords/anonymity"
SIGNATURES = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}


def _vosviewer(shared_data, stem: str, network_suffix: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A VOSviewer map file and network file read in place as map and links tables."""
    map_file = shared_data(f"{stem}_map.txt")
    network_file = shared_data(f"{stem}_{network_suffix}.txt")
    table = pl.read_csv(map_file, separator="\t", infer_schema_length=None)
    links = pl.read_csv(
        network_file, separator="\t", has_header=False, new_columns=["source", "target", "strength"]
    ).with_columns(pl.col("strength").cast(pl.Float64))
    return table, links


@pytest.fixture(scope="module")
def economics(shared_data):
    return _vosviewer(shared_data, ECONOMICS, "network")


@pytest.fixture(scope="module")
def anonymity(shared_data):
    return _vosviewer(shared_data, ANONYMITY, "ntwrk")


def test_economics_network_figure(economics):
    table, links = economics
    fig = network_figure(table, links)
    ax = fig.axes[0]
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    circles, labels = (c for c in ax.collections if type(c) is PathCollection)
    assert len(lines) == 1 and len(lines[0].get_segments()) == 1000
    assert circles.get_offsets().shape == (232, 2)
    # the drawn links are the 1000 strongest (self-links dropped, ties by ids), weakest first
    pairs = links.filter(pl.col("source") != pl.col("target")).sort(
        ["strength", "source", "target"], descending=[True, False, False]
    )
    where = {(x, y): i for i, x, y in table.select("id", "x", "y").iter_rows()}
    drawn = [(where[tuple(seg[0])], where[tuple(seg[-1])]) for seg in lines[0].get_segments()[::-1]]
    assert drawn == list(pairs.head(1000).select("source", "target").iter_rows())
    assert np.all(np.diff(lines[0].get_linewidths()) >= 0)
    # cluster colours: the biggest item of cluster 1 is drawn in #d62728
    assert {to_hex(c, keep_alpha=False) for c in circles.get_facecolors()} == {
        "#d62728",
        "#2ca02c",
        "#1f77b4",
        "#bcbd22",
        "#9467bd",
    }
    assert 40 <= len(labels.get_paths()) < 232


def test_economics_shown_labels_do_not_overlap(economics):
    table, _ = economics
    plan = plan_map(map_items(table), MapStyle())
    shown = np.flatnonzero(plan.show_label)
    x = plan.items.x[shown] * plan.frame.scale
    y = plan.items.y[shown] * plan.frame.scale
    w, h = plan.label_width[shown], plan.label_height[shown]
    apart_x = np.abs(x[:, None] - x[None, :]) >= (w[:, None] + w[None, :]) / 2
    apart_y = np.abs(y[:, None] - y[None, :]) >= (h[:, None] + h[None, :]) / 2
    overlap = ~(apart_x | apart_y)
    np.fill_diagonal(overlap, False)
    assert not overlap.any()
    # each hidden label overlaps a shown label of an item at least as heavy
    hidden = np.flatnonzero(~plan.show_label)
    for i in hidden:
        hx, hy = plan.items.x[i] * plan.frame.scale, plan.items.y[i] * plan.frame.scale
        hits = (np.abs(hx - x) < (plan.label_width[i] + w) / 2) & (
            np.abs(hy - y) < (plan.label_height[i] + h) / 2
        )
        assert hits.any() and plan.items.weight[shown][hits].max() >= plan.items.weight[i]


def test_economics_all_figures_all_formats(economics, tmp_path):
    table, links = economics
    written = draw_map_figures(table, links, tmp_path / "maps", dpi=72)
    expected = [tmp_path / "maps" / f"{f}.{ext}" for f in FIGURES for ext in ("png", "svg", "pdf")]
    assert written == expected
    for path in written:
        assert path.read_bytes().startswith(SIGNATURES[path.suffix[1:]])


def test_overlay_of_real_scores(anonymity):
    table, links = anonymity
    fig = overlay_figure(table, links)
    colorbar_axes = fig.axes[1]
    assert colorbar_axes.get_title() == "Avg. pub. year"
    low, high = colorbar_axes.get_xlim()
    scores = table["score<Avg. pub. year>"]
    assert (low, high) == (scores.min(), scores.max())
    with pytest.raises(BibliomapError, match="score<Citations>.*score<Avg. pub. year>"):
        overlay_figure(table, links, score="Citations")


def test_density_image_spans_the_colour_map(anonymity):
    table, _ = anonymity
    image = density_figure(table, kernel_width=0.5).axes[0].images[0].get_array()
    assert image.dtype == np.uint8 and image.shape[2] == 4
    flat = image.reshape(-1, 4)[:, :3]
    assert to_hex(flat[np.argmax(flat.sum(axis=1))] / 255) in {"#fde725", "#fde724"}  # viridis(1)


def test_files_byte_identical_across_runs(anonymity, tmp_path):
    table, links = anonymity
    table.write_parquet(tmp_path / "map.parquet")
    links.write_parquet(tmp_path / "links.parquet")
    first = draw_map_figures(table, links, tmp_path / "a", dpi=60)
    code = (
        "import polars as pl, sys; from bibliomap.figures import draw_map_figures; "
        "d = sys.argv[1]; draw_map_figures(pl.read_parquet(d + '/map.parquet'), "
        "pl.read_parquet(d + '/links.parquet'), d + '/b', dpi=60)"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True)
    for path in first:
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_map_without_scores_gets_grey_overlay(economics, tmp_path):
    table, links = economics
    small = table.head(30)
    draw_map_figures(small, links, tmp_path, formats=["svg"], dpi=30)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{f}.svg" for f in FIGURES)
    plan = plan_map(map_items(small), MapStyle())
    fig = draw_overlay(
        plan, links, None, "score", bounds=None, cmap="viridis", max_links=10, style=MapStyle()
    )
    assert fig.axes[1].get_title() == "score (no scores in map)"
    circles = next(c for c in fig.axes[0].collections if type(c) is PathCollection)
    assert {to_hex(c, keep_alpha=False) for c in circles.get_facecolors()} == {"#cccccc"}


def test_bad_options_write_nothing(anonymity, tmp_path):
    table, links = anonymity
    for options in ({"formats": ["gif"]}, {"kernel_width": 0.0}, {"dpi": 0}, {"max_links": -1}):
        with pytest.raises(BibliomapError):
            draw_map_figures(table, links, tmp_path / "out", **options)
    assert not (tmp_path / "out").exists()
    with pytest.raises(BibliomapError, match="unknown figure format"):
        save_figure(network_figure(table, links), tmp_path / "x", formats=["jpg"])


def test_snakemake_adapter(anonymity, tmp_path):
    table, links = anonymity
    table.write_parquet(tmp_path / "map.parquet")
    links.write_parquet(tmp_path / "links.parquet")
    outputs = [str(tmp_path / "fig" / f"{name}.svg") for name in FIGURES]
    snakemake = SimpleNamespace(
        input=SimpleNamespace(
            map=str(tmp_path / "map.parquet"), links=str(tmp_path / "links.parquet")
        ),
        params=SimpleNamespace(
            formats=["svg"], dpi=50, max_links=1000, kernel_width=1.0, score="Avg. pub. year"
        ),
        output=outputs,
        log=[str(tmp_path / "figures.log")],
    )
    handlers = logging.root.handlers[:]
    try:
        runpy.run_path(str(ROOT / "scripts" / "figures.py"), init_globals={"snakemake": snakemake})
    finally:
        for handler in logging.root.handlers:
            handler.close()
        logging.root.handlers[:] = handlers
    assert all(Path(p).is_file() for p in outputs)
    assert "wrote" in (tmp_path / "figures.log").read_text()
