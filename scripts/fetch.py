"""Rule fetch_openalex: download the works of an OpenAlex query into the JSON Lines cache."""

from bibliomap.adapter import job
from bibliomap.fetch import Query, fetch_works

with job(snakemake) as log:
    fetched = fetch_works(Query(**snakemake.params.query), snakemake.output[0], log=log.info)
    log.info("%d works in %s", fetched.works, fetched.path)
