"""Rule mine_terms: the noun-phrase occurrences of one shard of the records (scatter)."""

from bibliomap.adapter import job
from bibliomap.terms.shards import mine_shard, write_occurrences

params, wildcards = snakemake.params, snakemake.wildcards
with job(snakemake) as log:
    found = mine_shard(
        snakemake.input.records,
        int(wildcards.shard),
        int(wildcards.shards),
        fields=params.fields,
        remove_copyright=params.remove_copyright,
        workers=snakemake.threads,
    )
    write_occurrences(found, snakemake.output[0])
    log.info(
        "shard %s of %s: %d phrase occurrences", wildcards.shard, wildcards.shards, found.doc.size
    )
