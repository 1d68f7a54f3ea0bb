"""Snakemake adapter: draw the network, overlay, density and cluster density figures of a map."""

import logging
from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.figures import draw_map_figures

logging.basicConfig(
    filename=snakemake.log[0], level=logging.INFO, format="%(levelname)s %(message)s", force=True
)
params = snakemake.params
expected = {Path(path) for path in snakemake.output}
written = draw_map_figures(
    pl.read_parquet(snakemake.input.map),
    pl.read_parquet(snakemake.input.links),
    Path(snakemake.output[0]).parent,
    weight=getattr(params, "weight", None),
    score=params.score,
    max_links=params.max_links,
    kernel_width=params.kernel_width,
    formats=params.formats,
    dpi=params.dpi,
)
if missing := expected - set(written):
    raise BibliomapError(f"figures not written: {sorted(map(str, missing))}")
