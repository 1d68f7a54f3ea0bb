"""Rule ingest: gather the shards of the read exports, merge and de-duplicate (no filters yet)."""

from bibliomap.adapter import job
from bibliomap.fileio import write_csv
from bibliomap.flow import write_flow
from bibliomap.ingest import gather_to

with job(snakemake) as log:
    files = list(zip(snakemake.input.records, snakemake.input.flows, strict=True))
    result = gather_to(files, snakemake.output.records, workers=snakemake.threads)
    write_flow(result.flow, snakemake.output.flow)
    write_csv(result.merges, snakemake.output.merges)
    for step, file, item, count in result.flow.select("step", "file", "item", "count").rows():
        log.info("%s: %d (%s)", step, count, file or item or "")
