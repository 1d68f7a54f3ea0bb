# Bibliographic networks: keywords, co-authorship, citation, coupling, co-citation.


rule network:
    input:
        records=shared("clean", "results/{variant}/records/records.parquet"),
        thesaurus=optional_file("networks.thesaurus"),
        code=code("network"),
    output:
        item_table="results/{variant}/networks/{kind}/items.parquet",
        links="results/{variant}/networks/{kind}/links.parquet",
        meta="results/{variant}/networks/{kind}/meta.json",
    log:
        "results/{variant}/logs/network_{kind}.log",
    benchmark:
        "results/{variant}/benchmarks/network_{kind}.tsv"
    wildcard_constraints:
        kind="|".join(BIBLIOGRAPHIC_KINDS),
    conda:
        ENV
    threads: 2
    resources:
        # Measured at 1,000,000 records: 13.3 GB (citation) from a 1.1 GB records.parquet.
        mem_mb=by_size(1500, 12),
        runtime=by_size(10, 0.02),
    params:
        kind=lambda wildcards: wildcards.kind,
        counting=param("networks.counting"),
        max_authors=param("networks.max_authors"),
        min_occurrences=param("networks.min_occurrences"),
        min_documents=param("networks.min_documents"),
        min_citations=param("networks.min_citations"),
        min_cited=param("networks.min_cited"),
        max_items=param("networks.max_items"),
    script:
        "../../scripts/network.py"
