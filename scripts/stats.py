"""Rule stats: the study's tables and figures."""

from pathlib import Path

from bibliomap.adapter import job
from bibliomap.fileio import read_parquet
from bibliomap.stats import StatsOptions, write_stats

params, output = snakemake.params, snakemake.output
with job(snakemake) as log:
    options = StatsOptions(top_n=params.top_n, reference_year=params.reference_year, dpi=params.dpi)
    folder = Path(output.main_information).parent
    records = read_parquet(snakemake.input.records, workers=snakemake.threads)
    written = write_stats(records, folder, options)
    log.info("%d records: %d files written to %s", records.height, len(written), folder)
