"""Figures of the descriptive statistics (matplotlib, no pyplot: deterministic, thread-safe).

Every function takes a table of :mod:`bibliomap.stats` and returns a Figure; text from the data is
escaped so ``$`` never starts matplotlib math. Save with :func:`bibliomap.figures.save_figure`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec

import numpy as np
import polars as pl
from matplotlib import rc_context
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter, MaxNLocator

from bibliomap.figures.style import DEFAULT_STYLE, rc_params

BAR_COLOR = "#1f77b4"
LINE_COLOR = "#d62728"
SECOND_COLOR = "#ff7f0e"
LABEL_CHARS = 48
P = ParamSpec("P")


def styled(function: Callable[P, Figure]) -> Callable[P, Figure]:
    """Build the figure under the house rc settings (fonts, hash salt), whatever the user's."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Figure:
        with rc_context(rc_params(DEFAULT_STYLE)):
            return function(*args, **kwargs)

    return wrapper


def plain(text: object, limit: int = LABEL_CHARS) -> str:
    """Data text safe for matplotlib (no math mode) and cut to ``limit`` characters."""
    value = "" if text is None else str(text)
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "\u2026"
    return value.replace("\\", "\\\\").replace("$", r"\$")


def _axes(width: float, height: float, title: str) -> tuple[Figure, object]:
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    return fig, ax


@styled
def production_figure(production: pl.DataFrame, growth_rate: float | None) -> Figure:
    """Documents per year as bars, with the compound annual growth curve as a line."""
    fig, ax = _axes(7.0, 3.6, "Annual scientific production")
    years = production["year"].to_numpy()
    documents = production["documents"].to_numpy()
    ax.bar(years, documents, color=BAR_COLOR, width=0.8, label="Documents")
    if growth_rate is not None and years.size:
        curve = documents[0] * (1 + growth_rate / 100) ** (years - years[0])
        label = f"Compound annual growth rate {growth_rate:.2f} %"
        ax.plot(years, curve, color=LINE_COLOR, linewidth=1.5, label=label)
    ax.set_xlabel("Year", fontsize=9)
    ax.set_ylabel("Documents", fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    return fig


@styled
def citations_figure(production: pl.DataFrame) -> Figure:
    """Mean citations per document and per citable year, by publication year."""
    fig, ax = _axes(7.0, 3.6, "Average citations by publication year")
    dated = production.filter(pl.col("documents") > 0)
    years = dated["year"].to_numpy()
    per_year = dated["mean_citations_per_year"].to_numpy(allow_copy=True)
    ax.plot(years, per_year, color=LINE_COLOR, marker="o", markersize=3, label="per citable year")
    ax.set_xlabel("Publication year", fontsize=9)
    ax.set_ylabel("Mean citations per citable year", fontsize=9, color=LINE_COLOR)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    twin = ax.twinx()
    twin.spines[["top"]].set_visible(False)
    twin.tick_params(labelsize=8)
    twin.bar(
        years, dated["mean_citations_per_document"].to_numpy(allow_copy=True),
        color=BAR_COLOR, alpha=0.3, width=0.8, label="per document",
    )  # fmt: skip
    twin.set_ylabel("Mean citations per document", fontsize=9, color=BAR_COLOR)
    ax.set_zorder(twin.get_zorder() + 1)
    ax.patch.set_visible(False)
    return fig


@styled
def bradford_figure(table: pl.DataFrame) -> Figure:
    """Cumulative documents over source rank (log scale), Bradford zones shaded."""
    fig, ax = _axes(7.0, 3.6, "Bradford's law: core sources")
    ranks = table["rank"].to_numpy()
    ax.plot(ranks, table["cumulative_documents"].to_numpy(), color=BAR_COLOR, linewidth=1.5)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FormatStrFormatter("%d"))
    shades = ("#d62728", "#ff7f0e", "#2ca02c")
    for zone in table.partition_by("zone", maintain_order=True):
        number = int(zone["zone"][0])
        low, high = zone["rank"].min(), zone["rank"].max()
        ax.axvspan(low - 0.5 if low > 1 else 0.8, high + 0.5, color=shades[number - 1], alpha=0.12)
        ax.text(
            np.sqrt(max(low, 0.8) * (high + 0.5)), 0.02, f"Zone {number}\n{zone.height} sources",
            transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=7,
        )  # fmt: skip
    ax.set_xlabel("Source rank (log scale)", fontsize=9)
    ax.set_ylabel("Cumulative documents", fontsize=9)
    return fig


@styled
def lotka_figure(table: pl.DataFrame, fit: dict[str, float | None]) -> Figure:
    """Share of authors per number of documents written: observed and Lotka's expected."""
    fig, ax = _axes(6.0, 3.6, "Lotka's law: author productivity")
    n = table["documents_written"].to_numpy()
    ax.plot(n, table["share"].to_numpy(), color=BAR_COLOR, marker="o", markersize=4,
            label="Observed")  # fmt: skip
    ax.plot(n, table["expected_share"].to_numpy(), color=LINE_COLOR, linestyle="--", marker="s",
            markersize=3, label="Expected (inverse square law)")  # fmt: skip
    if fit.get("beta") is not None:
        ax.text(0.98, 0.7, f"fitted beta = {fit['beta']:.2f}, C = {fit['constant']:.2f}",
                transform=ax.transAxes, ha="right", fontsize=8)  # fmt: skip
    ax.set_xlabel("Documents written", fontsize=9)
    ax.set_ylabel("Share of authors", fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=8, frameon=False)
    return fig


@styled
def bar_figure(
    table: pl.DataFrame, label: str, value: str, *, title: str, xlabel: str,
    split: tuple[str, str] | None = None,
) -> Figure:  # fmt: skip
    """Horizontal bars of ``value`` per ``label`` (first row on top); ``split`` stacks two
    columns that add up to ``value`` (e.g. single- and multi-country documents)."""
    height = max(2.0, 0.28 * table.height + 1.0)
    fig, ax = _axes(7.0, height, title)
    names = [plain(text) for text in table[label].to_list()]
    positions = np.arange(table.height)[::-1]
    if split is None:
        ax.barh(positions, table[value].to_numpy(), color=BAR_COLOR, height=0.7)
    else:
        first, second = (table[column].to_numpy() for column in split)
        ax.barh(positions, first, color=BAR_COLOR, height=0.7, label=split[0].replace("_", " "))
        ax.barh(positions, second, left=first, color=SECOND_COLOR, height=0.7,
                label=split[1].replace("_", " "))  # fmt: skip
        ax.legend(fontsize=8, frameon=False, loc="lower right")
    ax.set_yticks(positions, names, fontsize=7)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


@styled
def trends_figure(trends: pl.DataFrame) -> Figure:
    """Google Trends interest over time, one line per search term (the study's Fig. 2)."""
    fig, ax = _axes(7.0, 3.6, "Search interest over time (Google Trends)")
    colors = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2")
    terms = list(dict.fromkeys(trends["term"].to_list()))
    for index, term in enumerate(terms):
        series = trends.filter(pl.col("term") == term).sort("date")
        ax.plot(series["date"].to_list(), series["interest"].to_numpy(),
                color=colors[index % len(colors)], linewidth=1.2, label=plain(term))  # fmt: skip
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_ylim(0, 105)
    ax.set_ylabel("Interest (100 = peak)", fontsize=9)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    return fig
