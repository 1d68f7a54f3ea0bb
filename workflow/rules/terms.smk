# Terms mined from titles and abstracts (scattered over shards of records, then gathered),
# and the term co-occurrence network.


rule mine_terms:
    input:
        records=shared("clean", "results/{variant}/records/records.parquet"),
        code=code("mine_terms"),
    output:
        "results/{variant}/terms/occurrences/{shard}-of-{shards}.parquet",
    log:
        "results/{variant}/logs/mine_terms_{shard}-of-{shards}.log",
    benchmark:
        "results/{variant}/benchmarks/mine_terms_{shard}-of-{shards}.tsv"
    wildcard_constraints:
        shard="[0-9]+",
        shards="[0-9]+",
    conda:
        ENV
    threads: lambda wildcards: 2 if wildcards.shards == "1" else 1
    resources:
        mem_mb=lambda wildcards, input, attempt: int(
            (1500 + 2 * input.size_mb / int(wildcards.shards)) * attempt
        ),
        runtime=lambda wildcards, input, attempt: int(
            (10 + input.size_mb / 10 / int(wildcards.shards)) * attempt
        ),
    params:
        fields=param("terms.fields"),
        remove_copyright=param("terms.remove_copyright"),
    script:
        "../../scripts/mine_terms.py"


rule terms:
    input:
        records=shared("clean", "results/{variant}/records/records.parquet"),
        occurrences=term_shards,
        thesaurus=optional_file("terms.thesaurus"),
        code=code("terms"),
    output:
        terms="results/{variant}/terms/terms.parquet",
        incidence="results/{variant}/terms/incidence.parquet",
        item_table="results/{variant}/networks/terms/items.parquet",
        links="results/{variant}/networks/terms/links.parquet",
        meta="results/{variant}/networks/terms/meta.json",
    log:
        "results/{variant}/logs/terms.log",
    benchmark:
        "results/{variant}/benchmarks/terms.tsv"
    conda:
        ENV
    resources:
        mem_mb=by_size(1500, 4),
        runtime=by_size(10, 0.05),
    params:
        fields=param("terms.fields"),
        counting=param("terms.counting"),
        min_occurrences=param("terms.min_occurrences"),
        relevance_share=param("terms.relevance_share"),
        remove_copyright=param("terms.remove_copyright"),
    script:
        "../../scripts/terms.py"
