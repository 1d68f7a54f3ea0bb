# Input functions and file lists of the ingest, stats and report rules.
import hashlib
import json
import math

from bibliomap.stats import (
    FIGURES as STATS_FIGURES,
    IMAGE_FORMATS as STATS_FORMATS,
    METHODOLOGY,
    TABLES as STATS_TABLES,
    TRENDS,
)

STATS_DIR = "results/{variant}/stats"
FIGURES = ("network", "overlay", "density", "cluster_density")
COMPARISON = {
    "maps": "results/comparison/maps.csv",
    "pairs": "results/comparison/pairs.csv",
}
NETWORK_FILES = {
    name: shared("items", f"results/{{variant}}/networks/{{kind}}/{name}")
    for name in ("items.parquet", "links.parquet", "meta.json")
}
# The rule graph depends on the workflow's own files.
WORKFLOW_FILES = [
    workflow.main_snakefile,
    *sorted(map(str, (Path(workflow.basedir) / "workflow" / "rules").glob("*.smk"))),
]
# Config files given with --configfile, passed on so the rule graph is that of this run.
CONFIGFILE_ARGS = " ".join(
    f"--configfile {path}" for path in workflow.overwrite_configfiles or []
)


# Shards of the read stage and term mining when scale.shards is auto: one per this many bytes of exports.
SHARD_BYTES = 250_000_000
DEMO_BYTES_PER_RECORD = 4_000


def shard_count(variant):
    """Shards of a variant's read stage and term mining (scale.shards, or estimated from the
    export size)."""
    shards = conf(variant, "scale.shards")
    if shards != "auto":
        return shards
    files = bmconfig.expand_inputs(conf(variant, "inputs"), source="config")
    size = sum(Path(file).stat().st_size for file in files)
    if not files and not conf(variant, "openalex"):
        size = conf(variant, "demo.records") * DEMO_BYTES_PER_RECORD
    return max(1, min(64, math.ceil(size / SHARD_BYTES)))


def read_shards(wildcards, suffix):
    """The files ``{shard}-of-{shards}.<suffix>`` of every shard of a variant's read stage."""
    count = shard_count(wildcards.variant)
    folder = f"results/{wildcards.variant}/records/shards"
    return [f"{folder}/{shard}-of-{count}.{suffix}" for shard in range(count)]


def term_shards(wildcards):
    """The occurrence files of every shard of the (shared) term mining."""
    variant = bmconfig.canonical_variant("mine", wildcards.variant, CONFIGS)
    count = shard_count(variant)
    return [
        f"results/{variant}/terms/occurrences/{shard}-of-{count}.parquet"
        for shard in range(count)
    ]


def demo_export(variant):
    demo = conf(variant, "demo")
    return f"resources/demo/{demo['format']}-n{demo['records']}-s{demo['seed']}.export"


def openalex_key(query):
    return hashlib.sha1(json.dumps(query, sort_keys=True).encode()).hexdigest()[:12]


def openalex_export(variant):
    return f"resources/openalex/{openalex_key(conf(variant, 'openalex'))}.jsonl"


def openalex_query(wildcards):
    """The OpenAlex query (of any variant) whose cache file is ``{key}.jsonl``."""
    queries = (conf(variant, "openalex") for variant in CONFIGS)
    return next(q for q in queries if q and openalex_key(q) == wildcards.key)


def export_files(wildcards):
    variant = wildcards.variant
    files = bmconfig.expand_inputs(conf(variant, "inputs"), source="config")
    if conf(variant, "openalex"):
        files.append(openalex_export(variant))
    return files or [demo_export(variant)]


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
    for name in STATS_FIGURES:
        for fmt in STATS_FORMATS:
            outputs[f"{name}_{fmt}"] = f"{STATS_DIR}/{name}.{fmt}"
        outputs[f"{name}_png"] = report(
            outputs[f"{name}_png"],
            caption="../report/stats.rst",
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
        "variants": len(CONFIGS) > 1,
    }


def figure_files(variant):
    """Every map figure of a variant in every configured format (from the variant that makes
    it)."""
    files = []
    for kind in kinds(variant):
        made_by = bmconfig.canonical_variant("figures", variant, CONFIGS, kind)
        files += expand(
            f"results/{made_by}/maps/{kind}/{{figure}}.{{ext}}",
            figure=FIGURES,
            ext=conf(variant, "figures.formats"),
        )
    return files


def report_format(variant):
    """The map figure format the report embeds: PNG, else SVG (one job per format makes it)."""
    formats = conf(variant, "figures.formats")
    return "png" if "png" in formats or "svg" not in formats else "svg"


def report_maps(variant):
    """Kind -> the files of its map in the report, each from the variant that made it."""
    maps = {}
    for kind in kinds(variant):
        figures = bmconfig.canonical_variant("figures", variant, CONFIGS, kind)
        table = bmconfig.canonical_variant("map", variant, CONFIGS, kind)
        stable = bmconfig.canonical_variant("stability", variant, CONFIGS, kind)
        maps[kind] = {
            "clusters": f"results/{table}/maps/{kind}/clusters.csv",
            "stability": f"results/{stable}/maps/{kind}/stability.csv",
            "sweep": f"results/{stable}/maps/{kind}/sweep.csv",
            "sweep_figure": f"results/{stable}/maps/{kind}/sweep.{report_format(variant)}",
            "figures": {
                figure: f"results/{figures}/maps/{kind}/{figure}.{report_format(variant)}"
                for figure in FIGURES
            },
        }
    return maps


def stats_folder(variant):
    return STATS_DIR.format(
        variant=bmconfig.canonical_variant("stats", variant, CONFIGS)
    )


def compared():
    """``variant/kind`` -> map.parquet of every map of every variant (several variants only)."""
    if len(CONFIGS) < 2:
        return {}
    return {
        f"{variant}/{kind}": "results/{v}/maps/{k}/map.parquet".format(
            v=bmconfig.canonical_variant("map", variant, CONFIGS, kind), k=kind
        )
        for variant in CONFIGS
        for kind in kinds(variant)
    }


def report_files(wildcards):
    """Every file the report embeds."""
    variant = wildcards.variant
    folder = stats_folder(variant)
    files = [f"{folder}/{name}.csv" for name in STATS_TABLES]
    files += [f"{folder}/{name}.png" for name in (*STATS_FIGURES, METHODOLOGY)]
    if conf(variant, "stats.google_trends"):
        files.append(f"{folder}/{TRENDS}.png")
    for entry in report_maps(variant).values():
        files += [
            entry[name] for name in ("clusters", "stability", "sweep", "sweep_figure")
        ]
        files += list(entry["figures"].values())
    if compared():
        files += list(COMPARISON.values())
    return files
