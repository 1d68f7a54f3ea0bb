# Terms mined from titles and abstracts, and the term co-occurrence network.


rule terms:
    input:
        records=shared("clean", "results/{variant}/records/records.parquet"),
        thesaurus=optional_file("terms.thesaurus"),
        code=lib("terms", "thesaurus", "scores", "network"),
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
    threads: 2
    resources:
        mem_mb=mem_mb(1500, 8),
        runtime=lambda wildcards, input, attempt: int(10 + input.size_mb / 5) * attempt,
    params:
        fields=param("terms.fields"),
        counting=param("terms.counting"),
        min_occurrences=param("terms.min_occurrences"),
        relevance_share=param("terms.relevance_share"),
        remove_copyright=param("terms.remove_copyright"),
    script:
        "../../scripts/terms.py"
