"""The study report: one self-contained HTML file (images embedded, no script, opens offline).

Sections: data (flow table, main information, document types, languages), descriptive
statistics (tables and figures of :mod:`bibliomap.stats`), methodology (the rule graph), maps
(per network kind: network, overlay, density and cluster density figures, the cluster table,
stability and resolution sweep), the variant comparison when given, and the parameters. Every
caption states the parameters it depends on (:mod:`bibliomap.report.captions`); every text from
the data is HTML-escaped. Tables are read from their CSV files as text, so numbers appear exactly
as written there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from bibliomap import __version__
from bibliomap.errors import BibliomapError
from bibliomap.fileio import write_text
from bibliomap.report import captions
from bibliomap.report.html import collapsible, document, element, figure, table, text
from bibliomap.stats.build import TABLES

# Every statistics table but the long Bradford one (the report shows its zones).
STATS_TABLES = tuple(name for name in TABLES if name != "bradford")
# Figure -> the table it follows in the report.
STATS_FIGURES = {
    "production": "annual_production",
    "citations": "annual_production",
    "top_sources": "sources",
    "top_authors": "authors",
    "top_countries": "countries",
    "bradford": "bradford_zones",
    "lotka": "lotka_fit",
}
TABLE_TITLES = {
    "main_information": "Main information",
    "document_types": "Document types",
    "languages": "Languages",
    "most_cited": "Most cited documents",
    "annual_production": "Annual scientific production",
    "sources": "Most relevant sources",
    "authors": "Most relevant authors",
    "affiliations": "Most relevant affiliations",
    "countries": "Most productive countries",
    "author_keywords": "Most frequent author keywords",
    "index_keywords": "Most frequent index keywords",
    "bradford_zones": "Bradford's law",
    "lotka": "Lotka's law",
    "lotka_fit": "Lotka's law: fit",
}
OPEN_TABLES = ("main_information", "document_types", "most_cited")


@dataclass(frozen=True)
class MapFiles:
    """The files of one map in the report: cluster table, stability, sweep, figures."""

    kind: str
    clusters: Path
    stability: Path | None = None
    sweep: Path | None = None
    sweep_figure: Path | None = None
    figures: tuple[tuple[str, Path], ...] = ()

    @classmethod
    def from_paths(cls, kind: str, files: Mapping[str, Any]) -> MapFiles:
        """From ``{"clusters": ..., "stability": ..., "sweep": ..., "sweep_figure": ...,
        "figures": {name: path}}`` (all but clusters optional)."""

        def optional(key: str) -> Path | None:
            return None if files.get(key) is None else Path(files[key])

        return cls(
            kind=kind,
            clusters=Path(files["clusters"]),
            stability=optional("stability"),
            sweep=optional("sweep"),
            sweep_figure=optional("sweep_figure"),
            figures=tuple((name, Path(path)) for name, path in files.get("figures", {}).items()),
        )


@dataclass(frozen=True)
class ReportInputs:
    """Everything the report embeds (paths); optional parts are left out when None."""

    flow: Path
    stats: Path
    maps: tuple[MapFiles, ...] = ()
    methodology: Path | None = None
    trends: Path | None = None
    comparison_maps: Path | None = None
    comparison_pairs: Path | None = None


def read_table(path: str | Path) -> pl.DataFrame:
    """A CSV table as text columns (shown exactly as written)."""
    try:
        return pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as error:
        raise BibliomapError(f"cannot read the table: {error}", path=path) from None


def image_file(folder: Path, name: str) -> Path:
    """``folder/name.png``, else ``.svg``; an error naming both when neither exists."""
    for suffix in (".png", ".svg"):
        path = folder / f"{name}{suffix}"
        if path.is_file():
            return path
    raise BibliomapError(f"figure {name}.png (or .svg) not found", path=folder)


def _heading(level: int, title: str, anchor: str | None = None) -> str:
    attributes = {"id": anchor} if anchor else {}
    return element(f"h{level}", text(title), **attributes)


def _data_section(inputs: ReportInputs, config: Mapping[str, Any]) -> str:
    flow = read_table(inputs.flow)
    parts = [_heading(2, "Data", "data"), _heading(3, "Flow of records")]
    parts.append(table(flow, caption=captions.flow_caption(config)))
    return "".join(parts)


def _stats_table(folder: Path, name: str, config: Mapping[str, Any]) -> str:
    frame = read_table(folder / f"{name}.csv")
    content = table(frame, caption=captions.stats_caption(name, config))
    return collapsible(TABLE_TITLES[name], content, open_=name in OPEN_TABLES)


def _stats_section(inputs: ReportInputs, config: Mapping[str, Any]) -> str:
    folder = inputs.stats
    parts = [_heading(2, "Descriptive statistics", "statistics")]
    for name in STATS_TABLES:
        parts.append(_stats_table(folder, name, config))
        for fig, after in STATS_FIGURES.items():
            if after == name:
                path = image_file(folder, fig)
                parts.append(figure(path, captions.stats_caption(fig, config), alt=fig))
    if inputs.trends is not None:
        parts.append(_heading(3, "Search interest over time"))
        caption = captions.stats_caption("google_trends", config)
        parts.append(figure(inputs.trends, caption, alt="Google Trends"))
    return "".join(parts)


def _methodology_section(path: Path, config: Mapping[str, Any]) -> str:
    caption = captions.stats_caption("methodology", config)
    return _heading(2, "Methodology", "methodology") + figure(path, caption, alt="rule graph")


def _map_section(files: MapFiles, config: Mapping[str, Any]) -> str:
    clusters = read_table(files.clusters)
    items = sum(int(n) for n in clusters["items"].to_list()) if "items" in clusters.columns else 0
    parts = [
        _heading(3, captions.kind_title(files.kind), f"map-{files.kind}"),
        element(
            "p",
            text(f"{items} items in {clusters.height} clusters. ")
            + text(captions.map_caption(files.kind, config)),
        ),
    ]
    for name, path in files.figures:
        caption = captions.figure_caption(name, config)
        parts.append(figure(path, caption, alt=f"{files.kind} {name}"))
    parts.append(
        collapsible(
            f"Clusters ({clusters.height})",
            table(clusters, caption=captions.clusters_caption(files.kind)),
            open_=True,
        )
    )
    stability = [
        table(read_table(path)) for path in (files.stability, files.sweep) if path is not None
    ]
    if files.sweep_figure is not None:
        caption = "Clusters and agreement with the chosen clustering per resolution."
        stability.append(figure(files.sweep_figure, caption, alt=f"{files.kind} sweep"))
    if stability:
        note = element("p", text(captions.stability_caption(config)), class_="caption")
        parts.append(
            collapsible("Cluster stability and resolution sweep", note + "".join(stability))
        )
    return "".join(parts)


def _comparison_section(inputs: ReportInputs) -> str:
    parts = [
        _heading(2, "Variants compared", "comparison"),
        element("p", text(captions.COMPARISON_CAPTION), class_="caption"),
    ]
    for path in (inputs.comparison_maps, inputs.comparison_pairs):
        if path is not None:
            parts.append(table(read_table(path)))
    return "".join(parts)


def _flatten(config: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Dotted key -> value text, for the parameters table."""
    rows = []
    for key, found in config.items():
        name = f"{prefix}{key}"
        if isinstance(found, Mapping) and found:
            rows += _flatten(found, f"{name}.")
        else:
            rows.append((name, captions.value(config, str(key))))
    return rows


def _parameters_section(config: Mapping[str, Any]) -> str:
    rows = _flatten(config)
    frame = pl.DataFrame(rows, schema={"key": pl.String, "value": pl.String}, orient="row")
    return _heading(2, "Parameters", "parameters") + table(
        frame, caption="The configuration this report was made with."
    )


def _contents(inputs: ReportInputs) -> str:
    entries = [("data", "Data"), ("statistics", "Descriptive statistics")]
    if inputs.methodology is not None:
        entries.append(("methodology", "Methodology"))
    entries += [(f"map-{m.kind}", captions.kind_title(m.kind)) for m in inputs.maps]
    if inputs.comparison_pairs is not None or inputs.comparison_maps is not None:
        entries.append(("comparison", "Variants compared"))
    entries.append(("parameters", "Parameters"))
    items = "".join(
        element("li", element("a", text(label), href=f"#{anchor}")) for anchor, label in entries
    )
    return element("nav", element("ul", items))


def build_report(inputs: ReportInputs, *, config: Mapping[str, Any], title: str) -> str:
    """The report as one HTML document (see module doc)."""
    body = [
        _heading(1, title),
        element("p", text(f"Made by bibliomap {__version__}."), class_="caption"),
        _contents(inputs),
        _data_section(inputs, config),
        _stats_section(inputs, config),
    ]
    if inputs.methodology is not None:
        body.append(_methodology_section(inputs.methodology, config))
    if inputs.maps:
        body.append(_heading(2, "Maps", "maps"))
        body += [_map_section(files, config) for files in inputs.maps]
    if inputs.comparison_pairs is not None or inputs.comparison_maps is not None:
        body.append(_comparison_section(inputs))
    body.append(_parameters_section(config))
    return document(title, "\n".join(body))


def write_report(
    inputs: ReportInputs, path: str | Path, *, config: Mapping[str, Any], title: str
) -> None:
    """Write the report (see :func:`build_report`) atomically."""
    write_text(path, build_report(inputs, config=config, title=title))
