"""Rule ingest: read the export files, enrich, merge and de-duplicate them (no filters yet)."""

from bibliomap.adapter import job
from bibliomap.fileio import write_csv, write_parquet
from bibliomap.flow import write_flow
from bibliomap.ingest import ingest

with job(snakemake) as log:
    result = ingest(list(snakemake.input.exports), workers=snakemake.threads)
    write_parquet(result.records, snakemake.output.records)
    write_flow(result.flow, snakemake.output.flow)
    write_csv(result.merges, snakemake.output.merges)
    for step, file, item, count in result.flow.select("step", "file", "item", "count").rows():
        log.info("%s: %d (%s)", step, count, file or item or "")
