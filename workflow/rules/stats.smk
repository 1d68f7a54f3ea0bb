# Descriptive statistics: the study's tables and trend figures.


rule stats:
    input:
        records=shared("clean", "results/{variant}/records/records.parquet"),
        code=lib("stats"),
    output:
        main="results/{variant}/stats/main_information.csv",
    log:
        "results/{variant}/logs/stats.log",
    params:
        top_n=param("stats.top_n"),
    script:
        "../../scripts/stats.py"
