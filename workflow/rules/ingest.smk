# Raw records: the demo corpus or an OpenAlex query when needed, then every export read
# (scattered over shards of files and file parts), gathered, merged and de-duplicated.
rule demo_corpus:
    input:
        code=code("demo"),
    output:
        "resources/demo/{format}-n{records}-s{seed}.export",
    log:
        "resources/demo/{format}-n{records}-s{seed}.log",
    benchmark:
        "resources/demo/{format}-n{records}-s{seed}.benchmark.tsv"
    wildcard_constraints:
        records="[0-9]+",
        seed="[0-9]+",
    conda:
        ENV
    resources:
        # Measured: 3.6 GB and 5.5 minutes for 1,000,000 records.
        mem_mb=lambda wildcards, attempt: int(
            (1000 + int(wildcards.records) / 250) * attempt
        ),
        runtime=lambda wildcards, attempt: int(
            (5 + int(wildcards.records) / 100_000) * attempt
        ),
    script:
        "../../scripts/demo.py"


rule fetch_openalex:
    input:
        code=code("fetch"),
    output:
        "resources/openalex/{key}.jsonl",
    log:
        "resources/openalex/{key}.log",
    retries: 2
    conda:
        ENV
    params:
        query=openalex_query,
    script:
        "../../scripts/fetch.py"


rule read_exports:
    input:
        exports=export_files,
        code=code("read_exports"),
    output:
        records="results/{variant}/records/shards/{shard}-of-{shards}.parquet",
        flow="results/{variant}/records/shards/{shard}-of-{shards}.flow.parquet",
    log:
        "results/{variant}/logs/read_exports_{shard}-of-{shards}.log",
    benchmark:
        "results/{variant}/benchmarks/read_exports_{shard}-of-{shards}.tsv"
    wildcard_constraints:
        shard="[0-9]+",
        shards="[0-9]+",
    conda:
        ENV
    threads: lambda wildcards: 2 if wildcards.shards == "1" else 1
    resources:
        # Measured at 1,000,000 records in 16 shards: up to 4.1 GB per 280 MB share.
        mem_mb=lambda wildcards, input, attempt: int(
            (1000 + 12 * input.size_mb / int(wildcards.shards)) * attempt
        ),
        runtime=lambda wildcards, input, attempt: int(
            (10 + input.size_mb / 20 / int(wildcards.shards)) * attempt
        ),
    script:
        "../../scripts/read_exports.py"


rule ingest:
    input:
        records=lambda wildcards: read_shards(wildcards, "parquet"),
        flows=lambda wildcards: read_shards(wildcards, "flow.parquet"),
        code=code("ingest"),
    output:
        records="results/{variant}/records/ingested.parquet",
        flow="results/{variant}/records/ingest_flow.csv",
        merges="results/{variant}/records/merges.csv",
    log:
        "results/{variant}/logs/ingest.log",
    benchmark:
        "results/{variant}/benchmarks/ingest.tsv"
    conda:
        ENV
    threads: 2
    resources:
        # Streams the shards (the records' key columns and about two shards in memory);
        # measured at 1,000,000 records: 3.8 GB from 1.3 GB of shards.
        mem_mb=by_size(1000, 3),
        runtime=by_size(10, 0.05),
    script:
        "../../scripts/ingest.py"
