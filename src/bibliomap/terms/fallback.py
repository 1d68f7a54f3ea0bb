"""Fall-back of dropped terms to the longest embedded kept term (METHODS.md sec. 1.9).

A phrase whose term is not kept (below the threshold, not relevant enough, or ignored by the
thesaurus) counts for the longest contiguous run of its words that is (a spelling of) a kept
term: "artificial neural network" -> "neural network". Among equally long runs the one that
starts last wins (English noun phrases end with their head). Runs are matched on word
boundaries with Aho-Corasick over all dropped phrases at once; an inner word may be plural
("online courses design" -> "online course").
"""

from __future__ import annotations

import polars as pl

from bibliomap.terms.unify import singularize


def _plural_variants(labels: pl.Series, phrases: pl.Series) -> pl.DataFrame:
    """(label, variant) pairs: labels with their last word in each plural form that
    ``phrases`` hold before their last word."""
    words = pl.col("label").str.split(" ")
    inner = (
        pl.DataFrame({"label": phrases})
        .select(words.list.head(words.list.len() - 1).alias("word"))
        .explode("word")
        .drop_nulls()
        .unique()["word"]
    )
    plural = pl.DataFrame({"word": inner, "singular": [singularize(w) for w in inner]}).filter(
        pl.col("word") != pl.col("singular")
    )
    frame = pl.DataFrame({"label": labels}).with_columns(
        last=words.list.last(), stem=pl.col("label").str.replace(r"\S+$", "")
    )
    return frame.join(plural, left_on="last", right_on="singular").select(
        "label", variant=pl.col("stem") + pl.col("word")
    )


def fallback_terms(labels: pl.Series, terms: pl.Series) -> pl.Series:
    """The kept term each phrase counts for: its own, else its longest embedded one, else null.

    ``labels`` are the unified phrases; ``terms`` their kept term (null where not kept).
    """
    frame = pl.DataFrame({"label": labels, "term": terms})
    kept = frame.filter(pl.col("term").is_not_null())
    patterns = pl.concat(
        [
            kept.select("label", variant="label"),
            _plural_variants(kept["label"], labels),
        ]
    ).join(kept, on="label")
    patterns = patterns.select(
        pattern=pl.lit(" ") + pl.col("variant") + pl.lit(" "), target=pl.col("term")
    ).unique("pattern", keep="first", maintain_order=True)
    dropped = frame.filter(pl.col("term").is_null() & pl.col("label").str.contains(" "))
    if patterns.height == 0 or dropped.height == 0:
        return terms
    wanted = patterns["pattern"].implode()
    padded = dropped.select("label", padded=pl.lit(" ") + pl.col("label") + pl.lit(" "))
    matches = (
        padded.with_columns(pattern=pl.col("padded").str.extract_many(wanted, overlapping=True))
        .explode("pattern")
        .drop_nulls("pattern")
        .filter(pl.col("pattern").str.len_bytes() < pl.col("padded").str.len_bytes())
        .with_columns(
            words=pl.col("pattern").str.count_matches(" "),
            start=pl.col("padded").str.find(pl.col("pattern"), literal=True),
        )
        .sort(["label", "words", "start"], descending=[False, True, True])
        .unique("label", keep="first", maintain_order=True)
        .join(patterns, on="pattern")
        .select("label", fallback="target")
    )
    return (
        frame.join(matches, on="label", how="left", maintain_order="left")
        .select(pl.coalesce("term", "fallback"))
        .to_series()
        .rename(terms.name)
    )
