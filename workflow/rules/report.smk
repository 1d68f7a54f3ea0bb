# The study report: one self-contained HTML file per variant, and the comparison of variants.


rule report:
    input:
        flow=shared("clean", "results/{variant}/records/flow.csv"),
        files=report_files,
        code=code("report"),
    output:
        "results/{variant}/report.html",
    log:
        "results/{variant}/logs/report.log",
    benchmark:
        "results/{variant}/benchmarks/report.tsv"
    conda:
        ENV
    resources:
        mem_mb=by_size(1000, 4),
        runtime=by_size(10, 0.1),
    params:
        title=lambda wildcards: f"bibliomap study report: {wildcards.variant}",
        config=lambda wildcards: CONFIGS[wildcards.variant],
        stats=lambda wildcards: stats_folder(wildcards.variant),
        trends=lambda wildcards: bool(conf(wildcards.variant, "stats.google_trends")),
        maps=lambda wildcards: report_maps(wildcards.variant),
        comparison=lambda wildcards: COMPARISON if compared() else None,
    script:
        "../../scripts/report.py"


rule compare:
    input:
        maps=list(compared().values()),
        code=code("compare"),
    output:
        maps=report(
            COMPARISON["maps"],
            caption="../report/comparison.rst",
            category="Variants compared",
        ),
        pairs=report(
            COMPARISON["pairs"],
            caption="../report/comparison.rst",
            category="Variants compared",
        ),
    log:
        "results/logs/compare.log",
    conda:
        ENV
    params:
        names=list(compared()),
    script:
        "../../scripts/compare.py"
