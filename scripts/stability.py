"""Rule stability: cluster stability over seeds and the resolution sweep."""

from pathlib import Path

from bibliomap import network
from bibliomap.adapter import job
from bibliomap.cluster import ClusterOptions
from bibliomap.figures.save import save_figure
from bibliomap.figures.sweep import sweep_figure
from bibliomap.fileio import write_csv
from bibliomap.stability import network_robustness

params, output = snakemake.params, snakemake.output
with job(snakemake) as log:
    net = network.load(Path(snakemake.input.links).parent)
    options = ClusterOptions(
        resolution=params.resolution,
        iterations=params.iterations,
        random_starts=params.random_starts,
        min_cluster_size=params.min_cluster_size,
        merge_small_clusters=params.merge_small_clusters,
        seed=params.seed,
        engine=params.engine,
    )
    shared = {
        "normalization": params.normalization,
        "largest_component_only": params.largest_component,
        "workers": snakemake.threads,
    }
    stability, sweep = network_robustness(
        net, options, seeds=params.seeds, resolutions=params.resolutions, **shared
    )
    write_csv(stability.clusters, output.stability)
    write_csv(stability.pairs, output.pairs)
    write_csv(sweep, output.sweep)
    figure = sweep_figure(sweep, params.resolution)
    save_figure(figure, Path(output.sweep_png).with_suffix(""), ("png", "svg"), params.dpi)
    log.info(
        "stability over %d seeds, sweep of %d resolutions", params.seeds, len(params.resolutions)
    )
