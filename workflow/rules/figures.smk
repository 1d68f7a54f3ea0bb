# Map figures: network, overlay, item density and cluster density visualizations,
# one job per file format.


rule figures:
    input:
        map=shared("map", "results/{variant}/maps/{kind}/map.parquet"),
        links=shared("map", "results/{variant}/maps/{kind}/links.parquet"),
        code=code("figures"),
    output:
        report(
            expand(
                "results/{{variant}}/maps/{{kind}}/{figure}.{{ext}}", figure=FIGURES
            ),
            caption="../report/map_figures.rst",
            category="Maps",
            subcategory="{kind}",
        ),
    log:
        "results/{variant}/logs/figures_{kind}_{ext}.log",
    benchmark:
        "results/{variant}/benchmarks/figures_{kind}_{ext}.tsv"
    wildcard_constraints:
        ext="png|svg|pdf",
    conda:
        ENV
    resources:
        mem_mb=by_size(1500, 40),
        runtime=by_size(10, 1),
    params:
        formats=lambda wildcards: [wildcards.ext],
        dpi=param("figures.dpi"),
        weight=param("figures.weight"),
        max_links=param("figures.max_links"),
        kernel_width=param("figures.kernel_width"),
        score=param("figures.overlay_score"),
    script:
        "../../scripts/figures.py"
