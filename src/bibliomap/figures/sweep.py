"""The resolution sweep plotted: clusters per resolution, and agreement with the chosen
clustering (adjusted Rand index), the chosen resolution marked."""

from __future__ import annotations

import polars as pl
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bibliomap.figures.style import DEFAULT_STYLE, rc_params

CLUSTERS_COLOR = "#1f77b4"
ARI_COLOR = "#d62728"


def sweep_figure(sweep: pl.DataFrame, chosen: float) -> Figure:
    """Clusters (left axis) and ARI to the chosen clustering (right axis) per resolution."""
    with rc_context(rc_params(DEFAULT_STYLE)):
        table = sweep.sort("resolution")
        fig = Figure(figsize=(6.0, 3.4), layout="constrained")
        ax = fig.add_subplot()
        ax.set_title("Resolution sweep", fontsize=10)
        resolutions = table["resolution"].to_numpy()
        ax.plot(resolutions, table["clusters"].to_numpy(), marker="o", color=CLUSTERS_COLOR)
        ax.set_xlabel("Resolution", fontsize=9)
        ax.set_ylabel("Clusters", fontsize=9, color=CLUSTERS_COLOR)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.axvline(chosen, color="#7f7f7f", linestyle="--", linewidth=1)
        agreement = ax.twinx()
        agreement.plot(resolutions, table["ari_to_chosen"].to_numpy(), marker="s", color=ARI_COLOR)
        agreement.set_ylabel("Adjusted Rand index with the chosen", fontsize=9, color=ARI_COLOR)
        agreement.set_ylim(-0.05, 1.05)
        for axis in (ax, agreement):
            axis.tick_params(labelsize=8)
        return fig
