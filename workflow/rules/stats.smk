# Descriptive statistics: the study's tables (CSV + Markdown) and figures (PNG + SVG), the
# methodology diagram (the workflow's own rule graph) and Google Trends search interest.


rule rulegraph:
    input:
        WORKFLOW_FILES,
    output:
        f"{STATS_DIR}/rulegraph.dot",
    log:
        "results/{variant}/logs/rulegraph.log",
    localrule: True
    conda:
        ENV
    params:
        python=PYTHON,
        snakefile=lambda wildcards, input: input[0],
        target="results/{variant}/report.html",
        shape=dag_shape,
        configfiles=CONFIGFILE_ARGS,
    shell:
        "{params.python} -m snakemake --snakefile {params.snakefile:q} --nolock --quiet all"
        " {params.configfiles} --rulegraph dot {params.target} > {output} 2> {log}"


rule methodology:
    input:
        rulegraph=f"{STATS_DIR}/rulegraph.dot",
        code=code("methodology"),
    output:
        png=report(
            f"{STATS_DIR}/{METHODOLOGY}.png",
            caption="../report/methodology.rst",
            category="Descriptive statistics",
            subcategory="Figures",
            labels={"figure": METHODOLOGY},
        ),
        svg=f"{STATS_DIR}/{METHODOLOGY}.svg",
    log:
        "results/{variant}/logs/methodology.log",
    conda:
        ENV
    params:
        dpi=param("stats.dpi"),
    script:
        "../../scripts/methodology.py"


rule stats:
    input:
        records=shared("clean", "results/{variant}/records/records.parquet"),
        code=code("stats"),
    output:
        **stats_outputs(),
    log:
        "results/{variant}/logs/stats.log",
    benchmark:
        "results/{variant}/benchmarks/stats.tsv"
    conda:
        ENV
    threads: 2
    resources:
        # Measured at 1,000,000 records: 10.1 GB from a 1.1 GB records.parquet.
        mem_mb=by_size(1000, 10),
        runtime=by_size(10, 0.05),
    params:
        top_n=param("stats.top_n"),
        reference_year=param("stats.reference_year"),
        dpi=param("stats.dpi"),
    script:
        "../../scripts/stats.py"


rule trends:
    input:
        export=lambda wildcards: conf(wildcards.variant, "stats.google_trends"),
        code=code("trends"),
    output:
        table=f"{STATS_DIR}/{TRENDS}.csv",
        png=report(
            f"{STATS_DIR}/{TRENDS}.png",
            caption="../report/trends.rst",
            category="Descriptive statistics",
            subcategory="Figures",
            labels={"figure": TRENDS},
        ),
        svg=f"{STATS_DIR}/{TRENDS}.svg",
    log:
        "results/{variant}/logs/trends.log",
    conda:
        ENV
    params:
        dpi=param("stats.dpi"),
        export=param("stats.google_trends"),
    script:
        "../../scripts/trends.py"
