# Cleaned records: the study's filters applied, and the PRISMA-style flow table.


rule clean:
    input:
        records=shared("ingest", "results/{variant}/records/ingested.parquet"),
        flow=shared("ingest", "results/{variant}/records/ingest_flow.csv"),
        code=code("clean"),
    output:
        records="results/{variant}/records/records.parquet",
        flow=report(
            "results/{variant}/records/flow.csv",
            caption="../report/flow.rst",
            category="Data",
        ),
    log:
        "results/{variant}/logs/clean.log",
    benchmark:
        "results/{variant}/benchmarks/clean.tsv"
    conda:
        ENV
    threads: 2
    resources:
        # Streams the records; measured at 1,000,000 records: 4.0 GB from 1.3 GB of records.
        mem_mb=by_size(1000, 3),
        runtime=by_size(5, 0.02),
    params:
        years=param("filters.years"),
        languages=param("filters.languages"),
        document_types=param("filters.document_types"),
        require_abstract=param("filters.require_abstract"),
    script:
        "../../scripts/clean.py"
