# Maps: VOS layout and Leiden clusters of the normalized network, exports, cluster stability.


rule layout:
    input:
        item_table=NETWORK_FILES["items.parquet"],
        links=NETWORK_FILES["links.parquet"],
        meta=NETWORK_FILES["meta.json"],
        code=code("layout"),
    output:
        "results/{variant}/maps/{kind}/layout.parquet",
    log:
        "results/{variant}/logs/layout_{kind}.log",
    benchmark:
        "results/{variant}/benchmarks/layout_{kind}.tsv"
    conda:
        ENV
    threads: 2
    resources:
        mem_mb=by_size(1000, 40),
        runtime=by_size(10, 2),
    params:
        normalization=param("maps.normalization"),
        attraction=param("maps.attraction"),
        repulsion=param("maps.repulsion"),
        random_starts=param("maps.layout_random_starts"),
        largest_component=param("maps.largest_component"),
        method=param("maps.layout_method"),
        seed=param("seed"),
    script:
        "../../scripts/layout.py"


rule cluster:
    input:
        item_table=NETWORK_FILES["items.parquet"],
        links=NETWORK_FILES["links.parquet"],
        code=code("cluster"),
    output:
        "results/{variant}/maps/{kind}/partition.parquet",
    log:
        "results/{variant}/logs/cluster_{kind}.log",
    benchmark:
        "results/{variant}/benchmarks/cluster_{kind}.tsv"
    conda:
        ENV
    threads: 2
    resources:
        mem_mb=by_size(1000, 40),
        runtime=by_size(10, 1),
    params:
        normalization=param("maps.normalization"),
        resolution=param("maps.resolution"),
        iterations=param("maps.iterations"),
        random_starts=param("maps.random_starts"),
        min_cluster_size=param("maps.min_cluster_size"),
        merge_small_clusters=param("maps.merge_small_clusters"),
        largest_component=param("maps.largest_component"),
        engine=param("maps.engine"),
        seed=param("seed"),
    script:
        "../../scripts/cluster.py"


rule map:
    input:
        item_table=NETWORK_FILES["items.parquet"],
        links=NETWORK_FILES["links.parquet"],
        meta=NETWORK_FILES["meta.json"],
        layout=shared("layout", "results/{variant}/maps/{kind}/layout.parquet"),
        partition=shared("cluster", "results/{variant}/maps/{kind}/partition.parquet"),
        code=code("map"),
    output:
        map="results/{variant}/maps/{kind}/map.parquet",
        links="results/{variant}/maps/{kind}/links.parquet",
        map_txt="results/{variant}/maps/{kind}/map.txt",
        network_txt="results/{variant}/maps/{kind}/network.txt",
        json="results/{variant}/maps/{kind}/map.json",
        gexf="results/{variant}/maps/{kind}/map.gexf",
        graphml="results/{variant}/maps/{kind}/map.graphml",
        clusters=report(
            "results/{variant}/maps/{kind}/clusters.csv",
            caption="../report/clusters.rst",
            category="Maps",
            subcategory="{kind}",
        ),
        cluster_table="results/{variant}/maps/{kind}/clusters.parquet",
    log:
        "results/{variant}/logs/map_{kind}.log",
    benchmark:
        "results/{variant}/benchmarks/map_{kind}.tsv"
    conda:
        ENV
    resources:
        mem_mb=by_size(1000, 40),
        runtime=by_size(10, 0.5),
    params:
        parameters=lambda wildcards: {
            key: conf(wildcards.variant, f"maps.{key}")
            for key in (
                "normalization",
                "attraction",
                "repulsion",
                "resolution",
                "min_cluster_size",
                "merge_small_clusters",
                "largest_component",
            )
        },
    script:
        "../../scripts/map.py"


rule stability:
    input:
        item_table=NETWORK_FILES["items.parquet"],
        links=NETWORK_FILES["links.parquet"],
        code=code("stability"),
    output:
        stability=report(
            "results/{variant}/maps/{kind}/stability.csv",
            caption="../report/stability.rst",
            category="Maps",
            subcategory="{kind}",
        ),
        pairs="results/{variant}/maps/{kind}/stability_pairs.csv",
        sweep="results/{variant}/maps/{kind}/sweep.csv",
        sweep_png="results/{variant}/maps/{kind}/sweep.png",
        sweep_svg="results/{variant}/maps/{kind}/sweep.svg",
    log:
        "results/{variant}/logs/stability_{kind}.log",
    benchmark:
        "results/{variant}/benchmarks/stability_{kind}.tsv"
    conda:
        ENV
    threads: 2
    resources:
        mem_mb=by_size(1000, 40),
        runtime=by_size(10, 5),
    params:
        dpi=param("figures.dpi"),
        normalization=param("maps.normalization"),
        resolution=param("maps.resolution"),
        iterations=param("maps.iterations"),
        random_starts=param("maps.random_starts"),
        min_cluster_size=param("maps.min_cluster_size"),
        merge_small_clusters=param("maps.merge_small_clusters"),
        largest_component=param("maps.largest_component"),
        engine=param("maps.engine"),
        seeds=param("stability.seeds"),
        resolutions=param("stability.resolutions"),
        seed=param("seed"),
    script:
        "../../scripts/stability.py"
