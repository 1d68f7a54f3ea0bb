"""Rule stats: the study's tables and figures."""

from pathlib import Path

import polars as pl

from bibliomap.adapter import job
from bibliomap.stats import StatsOptions, write_stats

params, output = snakemake.params, snakemake.output
with job(snakemake) as log:
    options = StatsOptions(top_n=params.top_n, reference_year=params.reference_year, dpi=params.dpi)
    folder = Path(output.main_information).parent
    records = pl.read_parquet(snakemake.input.records)
    written = write_stats(records, folder, options)
    log.info("%d records: %d files written to %s", records.height, len(written), folder)
