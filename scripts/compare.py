"""Rule compare: map sizes of every variant and agreement of their clusterings (ARI, NMI)."""

import polars as pl

from bibliomap.adapter import job
from bibliomap.fileio import write_csv
from bibliomap.report import compare_clusterings, map_summary

with job(snakemake) as log:
    maps = {
        tuple(name.split("/", 1)): pl.read_parquet(path, columns=["id", "cluster"])
        for name, path in zip(snakemake.params.names, snakemake.input.maps, strict=True)
    }
    write_csv(map_summary(maps), snakemake.output.maps)
    pairs = compare_clusterings(maps)
    write_csv(pairs, snakemake.output.pairs)
    log.info("%d maps, %d pairs compared", len(maps), pairs.height)
