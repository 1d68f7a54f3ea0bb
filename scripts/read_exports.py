"""Rule read_exports: read one shard's pieces of the export files (places, references)."""

from bibliomap.adapter import job
from bibliomap.fileio import write_parquet
from bibliomap.ingest import read_shard, shard_plan

with job(snakemake) as log:
    shard, shards = int(snakemake.wildcards.shard), int(snakemake.wildcards.shards)
    pieces = shard_plan(list(snakemake.input.exports), shards)[shard]
    for piece in pieces:
        log.info("reading %s (part %d of %d)", piece.path, piece.part.index + 1, piece.part.count)
    result = read_shard(pieces, workers=snakemake.threads)
    write_parquet(result.records, snakemake.output.records)
    write_parquet(result.flow, snakemake.output.flow)
