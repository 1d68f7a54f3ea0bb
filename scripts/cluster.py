"""Rule cluster: Leiden (CPM) clusters of the normalized network."""

from pathlib import Path

from bibliomap import network
from bibliomap.adapter import job
from bibliomap.cluster import cluster_network
from bibliomap.fileio import write_parquet

params = snakemake.params
with job(snakemake) as log:
    clusters = cluster_network(
        network.load(Path(snakemake.input.links).parent),
        normalization=params.normalization,
        resolution=params.resolution,
        iterations=params.iterations,
        random_starts=params.random_starts,
        min_cluster_size=params.min_cluster_size,
        merge_small_clusters=params.merge_small_clusters,
        largest_component_only=params.largest_component,
        seed=params.seed,
        engine=params.engine,
        workers=snakemake.threads,
    )
    write_parquet(clusters, snakemake.output[0])
    log.info("%d clusters", clusters["cluster"].n_unique())
