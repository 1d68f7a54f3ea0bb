"""Rule ingest: read the export files, enrich, merge and de-duplicate them (no filters yet)."""

import sys

from bibliomap.errors import BibliomapError
from bibliomap.fileio import write_csv, write_parquet
from bibliomap.flow import write_flow
from bibliomap.ingest import ingest

with open(snakemake.log[0], "w", encoding="utf-8") as log:
    try:
        result = ingest(list(snakemake.input.exports), workers=snakemake.threads)
    except BibliomapError as error:
        print(f"error: {error}", file=log)
        sys.exit(f"bibliomap ingest: error: {error}")
    write_parquet(result.records, snakemake.output.records)
    write_flow(result.flow, snakemake.output.flow)
    write_csv(result.merges, snakemake.output.merges)
    with_flow = result.flow.select("step", "file", "item", "count")
    print(f"{result.records.height} unique records\n{with_flow}", file=log)
