"""Rule trends: the Google Trends "Interest over time" export as a table and a figure."""

from pathlib import Path

from bibliomap.adapter import job
from bibliomap.stats import write_trends

with job(snakemake) as log:
    folder = Path(snakemake.output.table).parent
    written = write_trends(snakemake.input.export, folder, dpi=snakemake.params.dpi)
    log.info("%s: %d files written", snakemake.input.export, len(written))
