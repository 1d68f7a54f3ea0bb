"""The HTML report: self-contained, escaped, every figure and table in it; the comparison of
variants (adjusted Rand index, normalized mutual information); the `bibliomap report` command."""

from __future__ import annotations

import base64
import itertools
import math
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from matplotlib.figure import Figure

from bibliomap import flow
from bibliomap.cli import main
from bibliomap.errors import BibliomapError
from bibliomap.figures import FIGURES as MAP_FIGURES
from bibliomap.records import conform
from bibliomap.report import (
    MapFiles,
    ReportInputs,
    build_report,
    compare_clusterings,
    map_summary,
    normalized_mutual_information,
)
from bibliomap.stats import FIGURES, StatsOptions, write_methodology, write_stats, write_trends

EVIL = "<script>alert('x')</script>"
DOT = """digraph snakemake_dag {
\t0[label = "ingest", color = "0.29 0.6 0.85", style="rounded"];
\t1[label = "stats", color = "0.57 0.6 0.85", style="rounded"];
\t0 -> 1
}
"""
TRENDS = "Category: All categories\n\nWeek,badges: (Worldwide)\n2020-01-05,12\n2020-01-12,<1\n"
CONFIG = {
    "filters": {"years": [2000, 2020], "languages": ["English"], "document_types": []},
    "stats": {"top_n": 5, "reference_year": None, "google_trends": "trends.csv"},
    "maps": {
        "normalization": "association_strength",
        "attraction": 2,
        "repulsion": "auto",
        "resolution": 0.8,
        "merge_small_clusters": True,
    },
    "networks": {"min_occurrences": 3, "counting": "full"},
    "figures": {"dpi": 50, "max_links": 1000, "kernel_width": 1.0},
}


class Page(HTMLParser):
    """Tags, attributes and text of an HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def images(self) -> list[bytes]:
        """The bytes of every embedded image."""
        found = []
        for tag, attrs in self.tags:
            if tag == "img":
                header, _, payload = attrs["src"].partition(",")
                assert header in ("data:image/png;base64", "data:image/svg+xml;base64")
                found.append(base64.b64decode(payload))
        return found


def picture(path: Path) -> Path:
    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1], [1, 0])
    fig.savefig(path, dpi=30, metadata={"Software": None} if path.suffix == ".png" else None)
    return path


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> dict:
    """Inputs of a report whose data hold markup: stats, a map, the comparison."""
    root = tmp_path_factory.mktemp("report")
    records = conform(
        pl.DataFrame(
            {
                "id": [f"r{i}" for i in range(12)],
                "title": [EVIL] + [f"Paper {i}" for i in range(1, 12)],
                "year": [2010 + i % 5 for i in range(12)],
                "source_title": ["<b>Journal</b> & Co"] * 6 + ["Plain"] * 6,
                "authors": [["O'Neil, <i>A.</i>", "Roe, B."]] * 4 + [["Roe, B."]] * 8,
                "author_keywords": [[EVIL, "maps"]] * 12,
                "countries": [["France", "<Nowhere>"]] * 3 + [["France"]] * 9,
                "cited_by": list(range(12)),
            }
        )
    ).collect()
    stats = root / "stats"
    write_stats(records, stats, StatsOptions(top_n=5, dpi=30))
    write_methodology(DOT, stats, dpi=30)
    (root / "trends.csv").write_text(TRENDS, encoding="utf-8")
    write_trends(root / "trends.csv", stats, dpi=30)
    flow_path = root / "flow.csv"
    flow.write_flow(
        flow.concat(
            [
                flow.read_row(f"exports/{EVIL}.csv", "scopus-csv", 12),
                flow.unique_row(12),
                flow.kept_row(12),
            ]
        ),
        flow_path,
    )
    folder = root / "map"
    folder.mkdir()
    pl.DataFrame({"cluster": [1, 2], "items": [3, 2], "label": [EVIL, "maps; data"]}).write_csv(
        folder / "clusters.csv"
    )
    pl.DataFrame({"cluster": [1, 2], "jaccard_mean": [1.0, 0.5]}).write_csv(
        folder / "stability.csv"
    )
    pl.DataFrame({"resolution": [0.5, 1.0], "clusters": [1, 2]}).write_csv(folder / "sweep.csv")
    sweep_figure = picture(folder / "sweep.png")
    figures = tuple(
        (name, picture(folder / f"{name}.{'svg' if name == 'overlay' else 'png'}"))
        for name in MAP_FIGURES
    )
    maps = {
        ("default", "keywords_all"): pl.DataFrame({"id": ["a", "b", "c"], "cluster": [1, 1, 2]}),
        ("res08", "keywords_all"): pl.DataFrame({"id": ["a", "b", "d"], "cluster": [1, 2, 1]}),
    }
    map_summary(maps).write_csv(root / "maps.csv")
    compare_clusterings(maps).write_csv(root / "pairs.csv")
    inputs = ReportInputs(
        flow=flow_path,
        stats=stats,
        maps=(
            MapFiles(
                kind="keywords_all",
                clusters=folder / "clusters.csv",
                stability=folder / "stability.csv",
                sweep=folder / "sweep.csv",
                sweep_figure=sweep_figure,
                figures=figures,
            ),
        ),
        methodology=stats / "methodology.png",
        trends=stats / "google_trends.png",
        comparison_maps=root / "maps.csv",
        comparison_pairs=root / "pairs.csv",
    )
    html = build_report(inputs, config=CONFIG, title=f"Study {EVIL}")
    return {"root": root, "inputs": inputs, "html": html, "page": Page(html)}


def test_report_is_self_contained(study):
    page = study["page"]
    for tag, attrs in page.tags:
        assert tag not in ("script", "link", "iframe", "object", "embed", "base"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("src", "href", "srcset", "data", "action", "poster", "xlink:href"):
                assert value.startswith(("data:", "#")), (tag, name, value[:60])
    assert "url(" not in study["html"] and "@import" not in study["html"]


def test_data_text_is_escaped(study):
    html = study["html"]
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<b>Journal" not in html and "&lt;b&gt;Journal&lt;/b&gt; &amp; Co" in html
    assert "<i>A.</i>" not in html and "&lt;Nowhere&gt;" in html
    text = "".join(study["page"].text)
    assert text.count(EVIL) >= 5  # title, flow file, keyword, cluster label, most cited


def test_report_embeds_every_figure(study):
    images = study["page"].images()
    stats = study["inputs"].stats
    expected = [stats / f"{name}.png" for name in FIGURES]
    expected += [stats / "google_trends.png", stats / "methodology.png"]
    expected += [path for _, path in study["inputs"].maps[0].figures]
    expected.append(study["inputs"].maps[0].sweep_figure)
    assert sorted(images) == sorted(path.read_bytes() for path in expected)
    assert len(images) == len(FIGURES) + 2 + len(MAP_FIGURES) + 1


def test_report_holds_every_table_with_parameter_captions(study):
    html = study["html"]
    text = "".join(study["page"].text)
    for title in ("Main information", "Most cited documents", "Most relevant authors",
                  "Bradford's law", "Lotka's law", "Flow of records", "Variants compared",
                  "Most productive countries", "Parameters"):  # fmt: skip
        assert title in text, title
    assert "The 5 most cited documents" in text
    assert "publication years 2000-2020; languages English; document types all" in text
    assert "resolution 0.8" in text and "repulsion 0 (auto)" in text
    assert "at least 3 occurrences" in text and "Google Trends export trends.csv" in text
    assert "minimum cluster size" not in text  # a key the config lacks is "not recorded":
    assert "clusters smaller than not recorded items merged" in text
    assert html.count("<table>") == 14 + 1 + 3 + 2 + 1  # stats, flow, map, comparison, params
    pairs = pl.read_csv(study["root"] / "pairs.csv")
    assert f"{pairs['adjusted_rand_index'][0]}" in text


def test_report_is_deterministic_and_needs_its_figures(study, tmp_path):
    inputs = study["inputs"]
    again = build_report(inputs, config=CONFIG, title=f"Study {EVIL}")
    assert again == study["html"]
    minimal = ReportInputs(flow=inputs.flow, stats=inputs.stats)
    page = Page(build_report(minimal, config={}, title="t"))
    assert len(page.images()) == len(FIGURES)
    assert "not recorded" in "".join(page.text)
    missing = ReportInputs(flow=inputs.flow, stats=tmp_path)
    with pytest.raises(BibliomapError, match="cannot read the table"):
        build_report(missing, config={}, title="t")


def test_report_command(study, tmp_path, capsys):
    root = study["root"]
    config = tmp_path / "config.yaml"
    config.write_text("maps:\n  resolution: 1.5\n", encoding="utf-8")
    comparison = tmp_path / "comparison"
    comparison.mkdir()
    (comparison / "pairs.csv").write_bytes((root / "pairs.csv").read_bytes())
    out = tmp_path / "report.html"
    code = main(["report", "-o", str(out), "--flow", str(root / "flow.csv"),
                 "--stats", str(root / "stats"), "--map", f"keywords_all={root / 'map'}",
                 "--comparison", str(comparison), "--config", str(config)])  # fmt: skip
    assert code == 0 and "report written" in capsys.readouterr().out
    page = Page(out.read_text(encoding="utf-8"))
    assert len(page.images()) == len(FIGURES) + 2 + len(MAP_FIGURES) + 1  # with the sweep
    assert "resolution 1.5" in "".join(page.text)
    bad = main(["report", "-o", str(out), "--flow", str(root / "flow.csv"),
                "--stats", str(root / "stats"), "--map", "keywords_all"])  # fmt: skip
    assert bad == 2 and "--map expects KIND=DIR" in capsys.readouterr().err


def brute_nmi(a: list[int], b: list[int]) -> float:
    """NMI by its definition, summing over every pair of clusters."""
    n = len(a)
    mutual = 0.0
    for x, y in itertools.product(set(a), set(b)):
        joint = sum(1 for i in range(n) if a[i] == x and b[i] == y) / n
        if joint:
            mutual += joint * math.log(joint / (a.count(x) / n * b.count(y) / n))

    def entropy(labels):
        return -sum(labels.count(v) / n * math.log(labels.count(v) / n) for v in set(labels))

    total = entropy(a) + entropy(b)
    return 1.0 if total == 0 else 2 * mutual / total


@pytest.mark.parametrize("seed", range(5))
def test_normalized_mutual_information_matches_its_definition(seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 5, size=40)
    b = np.where(rng.random(40) < 0.6, a, rng.integers(1, 7, size=40))
    assert normalized_mutual_information(a, b) == pytest.approx(brute_nmi(list(a), list(b)))


def test_normalized_mutual_information_cases():
    a = np.array([1, 1, 2, 2, 3])
    assert normalized_mutual_information(a, np.array([7, 7, 9, 9, 8])) == pytest.approx(1.0)
    assert normalized_mutual_information(np.ones(4), np.ones(4)) == 1.0
    assert normalized_mutual_information(np.array([1, 1, 2, 2]), np.array([1, 2, 1, 2])) == 0.0
    # Unassigned items (-1) are clusters of their own: [-1, -1] is two singletons.
    assert normalized_mutual_information(
        np.array([-1, -1, 2, 2]), np.array([3, 4, 5, 5])
    ) == pytest.approx(1.0)


def test_compare_clusterings_on_shared_items():
    maps = {
        ("default", "terms"): pl.DataFrame({"id": ["a", "b", "c", "d"], "cluster": [1, 1, 2, 2]}),
        ("coarse", "terms"): pl.DataFrame({"id": ["d", "c", "b", "e"], "cluster": [1, 1, 1, 1]}),
        ("fine", "terms"): pl.DataFrame(
            {"id": ["a", "b", "c", "d"], "cluster": [2, 2, 1, None]},
            schema_overrides={"cluster": pl.Int64},
        ),
    }
    summary = map_summary(maps)
    assert summary.rows() == [
        ("default", "terms", 4, 2, 0), ("coarse", "terms", 4, 1, 0), ("fine", "terms", 4, 2, 1),
    ]  # fmt: skip
    pairs = compare_clusterings(maps).rows(named=True)
    assert [(p["variant_a"], p["variant_b"], p["shared_items"]) for p in pairs] == [
        ("default", "coarse", 3), ("default", "fine", 4), ("coarse", "fine", 3),
    ]  # fmt: skip
    # default vs coarse on b, c, d: {b}, {c, d} vs {b, c, d}.
    assert pairs[0]["adjusted_rand_index"] == 0.0
    assert pairs[0]["normalized_mutual_information"] == pytest.approx(
        round(brute_nmi([1, 2, 2], [1, 1, 1]), 4)
    )
    assert (pairs[0]["clusters_a"], pairs[0]["clusters_b"]) == (2, 1)
    # default vs fine: d unassigned in fine, so {a, b}, {c}, {d} vs {a, b}, {c, d}.
    assert pairs[1]["normalized_mutual_information"] == pytest.approx(
        round(brute_nmi([1, 1, 2, 2], [2, 2, 1, 3]), 4)
    )
    empty = compare_clusterings(
        {
            ("x", "k"): pl.DataFrame({"id": ["a"], "cluster": [1]}),
            ("y", "k"): pl.DataFrame({"id": ["b"], "cluster": [1]}),
        }
    )
    assert empty.row(0, named=True)["adjusted_rand_index"] is None
