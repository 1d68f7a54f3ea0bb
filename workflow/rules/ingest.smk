# Raw records: the demo corpus or an OpenAlex query when needed, then every export read,
# merged and de-duplicated.
import hashlib
import json


def demo_export(variant):
    demo = conf(variant, "demo")
    return f"resources/demo/{demo['format']}-n{demo['records']}-s{demo['seed']}.export"


def openalex_export(variant):
    query = conf(variant, "openalex")
    key = hashlib.sha1(json.dumps(query, sort_keys=True).encode()).hexdigest()[:12]
    return f"resources/openalex/{key}.jsonl"


def export_files(wildcards):
    variant = wildcards.variant
    files = bmconfig.expand_inputs(conf(variant, "inputs"), source="config")
    if conf(variant, "openalex"):
        files.append(openalex_export(variant))
    return files or [demo_export(variant)]


rule demo_corpus:
    input:
        code=lib("demo", "commands/demo"),
    output:
        "resources/demo/{format}-n{records}-s{seed}.export",
    log:
        "resources/demo/{format}-n{records}-s{seed}.log",
    wildcard_constraints:
        records="[0-9]+",
        seed="[0-9]+",
    shell:
        "{PYTHON} -m bibliomap demo --records {wildcards.records} --seed {wildcards.seed}"
        " --format {wildcards.format} -o {output} > {log} 2>&1"


rule fetch_openalex:
    input:
        code=lib("fetch"),
    output:
        "resources/openalex/{key}.jsonl",
    log:
        "resources/openalex/{key}.log",
    retries: 2
    params:
        query=lambda wildcards: next(
            conf(v, "openalex")
            for v in CONFIGS
            if conf(v, "openalex")
            and openalex_export(v).endswith(f"/{wildcards.key}.jsonl")
        ),
    script:
        "../../scripts/fetch.py"


rule ingest:
    input:
        exports=export_files,
        code=lib(
            "io", "ingest", "merge", "enrich", "references", "countries", "records"
        ),
    output:
        records="results/{variant}/records/ingested.parquet",
        flow="results/{variant}/records/ingest_flow.csv",
        merges="results/{variant}/records/merges.csv",
    log:
        "results/{variant}/logs/ingest.log",
    benchmark:
        "results/{variant}/benchmarks/ingest.tsv"
    threads: 2
    resources:
        mem_mb=mem_mb(1000, 6),
        runtime=lambda wildcards, input, attempt: int(10 + input.size_mb / 20) * attempt,
    script:
        "../../scripts/ingest.py"
