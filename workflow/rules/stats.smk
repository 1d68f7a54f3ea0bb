# Descriptive statistics: the study's tables (CSV + Markdown) and figures (PNG + SVG), the
# methodology diagram (the workflow's own rule graph) and Google Trends search interest.
from bibliomap.stats import (
    FIGURES as STATS_FIGURES,
    IMAGE_FORMATS as STATS_FORMATS,
    METHODOLOGY,
    TABLES as STATS_TABLES,
    TRENDS,
)

STATS_DIR = "results/{variant}/stats"
SNAKEFILE = workflow.main_snakefile
# Config files given with --configfile, passed on so the rule graph is that of this run.
CONFIGFILES = list(workflow.overwrite_configfiles or [])
WORKFLOW_FILES = [
    SNAKEFILE,
    *sorted(map(str, Path(SNAKEFILE).parent.glob("workflow/rules/*.smk"))),
]


def stats_outputs():
    """Named outputs of the stats rule: every table and figure, the ones people read flagged."""
    outputs = {}
    for name in STATS_TABLES:
        outputs[name] = report(
            f"{STATS_DIR}/{name}.csv",
            caption="../report/stats.rst",
            category="Descriptive statistics",
            subcategory="Tables",
            labels={"table": name},
        )
        outputs[f"{name}_md"] = f"{STATS_DIR}/{name}.md"
    for name in (*STATS_FIGURES, METHODOLOGY):
        caption = "methodology" if name == METHODOLOGY else "stats"
        for fmt in STATS_FORMATS:
            outputs[f"{name}_{fmt}"] = f"{STATS_DIR}/{name}.{fmt}"
        outputs[f"{name}_png"] = report(
            outputs[f"{name}_png"],
            caption=f"../report/{caption}.rst",
            category="Descriptive statistics",
            subcategory="Figures",
            labels={"figure": name},
        )
    return outputs


def dag_shape(wildcards):
    """What decides which rules a variant's report needs (so a change redraws the diagram)."""
    variant = wildcards.variant
    return {
        "inputs": bool(conf(variant, "inputs")),
        "openalex": bool(conf(variant, "openalex")),
        "google_trends": bool(conf(variant, "stats.google_trends")),
    }


rule rulegraph:
    input:
        WORKFLOW_FILES,
    output:
        f"{STATS_DIR}/rulegraph.dot",
    log:
        "results/{variant}/logs/rulegraph.log",
    localrule: True
    params:
        target="results/{variant}/report.html",
        shape=dag_shape,
        configfiles=" ".join(f"--configfile {path}" for path in CONFIGFILES),
    shell:
        "{PYTHON} -m snakemake --snakefile {SNAKEFILE:q} --nolock --quiet all"
        " {params.configfiles} --rulegraph dot {params.target} > {output} 2> {log}"


rule stats:
    input:
        records=shared("clean", "results/{variant}/records/records.parquet"),
        rulegraph=f"{STATS_DIR}/rulegraph.dot",
        code=lib("stats", "figures", "records"),
    output:
        **stats_outputs(),
    log:
        "results/{variant}/logs/stats.log",
    benchmark:
        "results/{variant}/benchmarks/stats.tsv"
    resources:
        mem_mb=mem_mb(1000, 4),
    params:
        top_n=param("stats.top_n"),
        reference_year=param("stats.reference_year"),
        dpi=param("stats.dpi"),
    script:
        "../../scripts/stats.py"


rule trends:
    input:
        export=lambda wildcards: conf(wildcards.variant, "stats.google_trends"),
        code=lib("stats"),
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
    params:
        dpi=param("stats.dpi"),
        export=param("stats.google_trends"),
    script:
        "../../scripts/trends.py"
