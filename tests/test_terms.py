"""Terms from titles and abstracts: tagging, phrases, unification, counting, relevance, outputs."""

from __future__ import annotations

import itertools
import json

import numpy as np
import polars as pl
import pytest

from bibliomap.cli import main
from bibliomap.errors import BibliomapError
from bibliomap.network import load
from bibliomap.terms.extract import TermParams, extract_terms, save_terms
from bibliomap.terms.mine import mine_texts
from bibliomap.terms.relevance import kept_count, select_relevant
from bibliomap.terms.tagger import tag_tokens, tag_word
from bibliomap.terms.tokenize import tokenize
from bibliomap.terms.unify import compact_key, normalize_word, singular_form
from bibliomap.thesaurus import read_thesaurus


def phrases(*texts: str, remove_copyright: bool = True) -> set[str]:
    """Unified phrases found in the texts."""
    frame = pl.DataFrame({"doc": list(range(len(texts))), "text": list(texts)})
    return set(mine_texts(frame, remove_copyright=remove_copyright).labels.to_list())


def corpus(*abstracts: str, years: list[int] | None = None) -> pl.DataFrame:
    """Records with ids d0.., the given abstracts, no titles."""
    n = len(abstracts)
    return pl.DataFrame(
        {
            "id": [f"d{i}" for i in range(n)],
            "title": [None] * n,
            "abstract": list(abstracts),
            "year": years or [2020] * n,
            "cited_by": list(range(n)),
        },
        schema_overrides={"title": pl.String, "year": pl.Int32, "cited_by": pl.Int64},
    )


def test_longest_phrase_only():
    assert phrases("The artificial neural network is highly accurate.") == {
        "artificial neural network"
    }


def test_no_prepositions_inside():
    assert phrases("Degrees of freedom were counted.") == {"degree", "freedom"}


def test_sentence_boundary_ends_a_phrase():
    found = phrases("Learners collect open badges. Universities issue them.")
    assert found == {"learner", "open badge", "university"}


def test_excluded_adjectives_and_nouns():
    found = phrases("Many other universities and several studies show results and methods.")
    assert found == {"university", "study"}


def test_plural_last_word_singular_and_irregulars():
    found = phrases("Online courses help women, children and data analyses of policies.")
    assert {"online course", "woman", "child", "data analysis", "policy"} <= found
    cases = {
        "students": "student",
        "studies": "study",
        "processes": "process",
        "approaches": "approach",
        "criteria": "criterion",
        "phenomena": "phenomenon",
        "analyses": "analysis",
        "hypotheses": "hypothesis",
        "lives": "life",
        "objectives": "objective",
        "data": "data",
        "series": "series",
        "analysis": "analysis",
        "economics": "economics",
        "business": "business",
        "campus": "campus",
        "GPS": "gps",
        "MOOCs": "mooc",
        "micro-credentials": "micro-credential",
        "nodes": "node",
        "heroes": "hero",
        "buses": "bus",
    }
    assert {word: singular_form(word) for word in cases} == cases


def test_unification_strips_case_accents_punctuation():
    assert normalize_word("Naïve") == "naive"
    assert normalize_word("Micro\u2010Credentials") == "micro-credentials"
    assert normalize_word("(Sub-)") == "sub"
    assert compact_key("micro-credential") == compact_key("micro credential") == "microcredential"


def test_copyright_and_labels_dropped():
    text = (
        "Purpose: Open badges motivate learners. Design/methodology/approach - A survey. "
        "Findings: Employers value skills. © 2023 Elsevier Ltd. All rights reserved."
    )
    assert phrases(text) == {"open badge", "learner", "survey", "employer", "skill"}
    kept = phrases(text, remove_copyright=False)
    assert {"elsevier ltd", "right"} <= kept
    assert "rights" not in phrases("We study copyright law. Author(s) retain copyright, but X.")


def test_hyphenated_words_kept_whole():
    assert tag_word("micro-credentials") == "NNS"
    assert tag_word("micro-credentials", hyphen_nouns=False) == "JJ"
    assert tag_word("e-learning") == "JJ"
    assert phrases("Micro-credentials are offered.") == {"micro-credential"}


def test_tagger_matches_textblob_pattern_tagger(shared_data):
    from textblob.en.taggers import PatternTagger

    path = shared_data("scopus_csv/scopus_csv_2024_data_science_education.csv")
    abstracts = pl.read_csv(path, infer_schema=False)["Abstract"].head(40)
    tokens = tokenize(abstracts)
    mine = tag_tokens(tokens.token, tokens.first, hyphen_nouns=False).to_list()
    starts = [*np.flatnonzero(tokens.first).tolist(), tokens.size]
    words = tokens.token.to_list()
    tagger = PatternTagger()
    reference = [
        tag
        for begin, end in itertools.pairwise(starts)
        for _, tag in tagger.tag(" ".join(words[begin:end]), tokenize=False)
    ]
    assert len(mine) == len(reference) > 5000
    assert mine == reference


def test_spelling_variants_merge_into_most_frequent():
    records = corpus(
        "Micro-credentials matter.", "We need a micro credential.", "Micro-credentials grow."
    )
    result = extract_terms(records, TermParams(min_occurrences=1, relevance_share=1.0))
    assert result.terms["term"].to_list() == ["micro-credential"]
    assert result.terms["occurrences"].to_list() == [3]


def test_counting_modes_and_link_strength():
    records = corpus(
        "Open badges and open badges with digital wallets.",
        "Open badges and digital wallets.",
        "Digital wallets.",
    )
    binary = extract_terms(records, TermParams(min_occurrences=1, relevance_share=1.0))
    full = extract_terms(
        records, TermParams(counting="full", min_occurrences=1, relevance_share=1.0)
    )
    occurrences = {row[0]: row[1] for row in binary.terms.select("term", "occurrences").rows()}
    assert occurrences == {"open badge": 2, "digital wallet": 3}
    occurrences = {row[0]: row[1] for row in full.terms.select("term", "occurrences").rows()}
    assert occurrences == {"open badge": 3, "digital wallet": 3}
    assert binary.network.links["strength"].to_list() == [2.0]
    assert full.network.links["strength"].to_list() == [3.0]  # 2*1 + 1*1
    assert binary.incidence.rows() == [
        ("d0", "digital wallet", 1),
        ("d0", "open badge", 2),
        ("d1", "digital wallet", 1),
        ("d1", "open badge", 1),
        ("d2", "digital wallet", 1),
    ]


def test_fallback_to_longest_embedded_kept_term():
    records = corpus(
        "An artificial neural network was trained.",
        "An artificial neural network and a deep neural network model were compared.",
        "A neural network was trained.",
        "Neural networks were trained.",
        "A neural network was tested.",
    )
    result = extract_terms(records, TermParams(min_occurrences=3, relevance_share=1.0))
    assert result.terms.rows() == [
        ("neural network", 5, 0.0, True, 5, 2020.0, 2.0, 1.0),
    ]
    assert result.incidence.filter(pl.col("id") == "d1").rows() == [("d1", "neural network", 2)]


def test_thesaurus_merge_and_ignore(tmp_path):
    path = tmp_path / "thesaurus.txt"
    path.write_text("label\treplace by\nmooc\tmassive open online course\nlearner\t\n")
    records = corpus(
        "MOOCs attract learners.", "A massive open online course for learners.", "Learners."
    )
    result = extract_terms(
        records,
        TermParams(min_occurrences=1, relevance_share=1.0),
        thesaurus=read_thesaurus(path),
    )
    assert result.terms.select("term", "occurrences").rows() == [("massive open online course", 2)]


def test_selection_of_most_relevant():
    labels = pl.Series(["b", "a", "c"])
    mask = select_relevant(labels, np.array([1.0, 1.0, 0.5]), np.array([3, 3, 9]), 0.34)
    assert mask.tolist() == [False, True, False]  # tie on relevance and count: label order
    assert [kept_count(n, 0.6) for n in (0, 1, 2, 5, 10)] == [0, 1, 1, 3, 6]


def test_general_words_rank_below_topic_words(shared_data):
    from bibliomap import io

    path = shared_data("scopus_csv/scopus_csv_2017_iot_gateway.csv")
    records, _ = io.detect(path).read(path)
    result = extract_terms(records, TermParams(min_occurrences=5, relevance_share=0.6))
    table = result.terms
    relevance = dict(zip(table["term"], table["relevance"], strict=True))
    selected = set(table.filter("selected")["term"])
    general = ["paper", "study", "research", "approach", "analysis"]
    topical = ["mutual authentication", "key agreement scheme"]
    assert not selected & set(general)
    assert set(topical) <= selected
    assert max(relevance[word] for word in general) < min(relevance[t] for t in topical)
    assert "result" not in relevance  # a structured-abstract noun, never a term on its own


def test_batches_and_workers_do_not_change_results():
    texts = [f"Open badges and digital wallets {i}. Blockchain technology." for i in range(30)]
    records = corpus(*texts)
    params = TermParams(min_occurrences=2, relevance_share=1.0)
    one = extract_terms(records, params)
    many = extract_terms(records, params, workers=2, batch_size=7)
    assert one.terms.equals(many.terms)
    assert one.incidence.equals(many.incidence)
    assert one.network.links.equals(many.network.links)


def test_bad_parameters_and_records():
    with pytest.raises(BibliomapError, match="counting"):
        TermParams(counting="fractional")
    with pytest.raises(BibliomapError, match="relevance_share"):
        TermParams(relevance_share=1.5)
    with pytest.raises(BibliomapError, match="columns"):
        extract_terms(pl.DataFrame({"id": ["a"]}), TermParams())


def test_command_writes_outputs(tmp_path):
    records = corpus("Open badges and blockchain technology.", "Open badges.", "Blockchain.")
    records.write_parquet(tmp_path / "records.parquet")
    code = main(
        [
            "terms",
            str(tmp_path / "records.parquet"),
            "-o",
            str(tmp_path / "out"),
            "--min-occurrences",
            "1",
            "--relevance-share",
            "1",
            "--workers",
            "1",
        ]
    )
    assert code == 0
    terms = pl.read_parquet(tmp_path / "out" / "terms.parquet")
    assert terms["term"].to_list() == ["open badge", "blockchain", "blockchain technology"]
    network = load(tmp_path / "out" / "network")
    assert network.items["label"].to_list() == ["blockchain", "blockchain technology", "open badge"]
    assert network.items["weight<Occurrences>"].to_list() == [1, 1, 2]
    meta = json.loads((tmp_path / "out" / "network" / "meta.json").read_text())
    assert meta["kind"] == "terms" and meta["counting"] == "binary"
    assert pl.read_parquet(tmp_path / "out" / "incidence.parquet").height == 4


def test_save_terms_round_trip(tmp_path):
    result = extract_terms(corpus("Open badges.", "Open badges."), TermParams(min_occurrences=1))
    save_terms(
        result,
        terms=tmp_path / "t.parquet",
        incidence=tmp_path / "i.parquet",
        network=tmp_path / "net",
    )
    assert pl.read_parquet(tmp_path / "t.parquet").equals(result.terms)
    assert load(tmp_path / "net").items.equals(result.network.items)


def _reference_context(words: list[str], tags: list[str], starts: list[bool]) -> list[str]:
    """Brill's contextual rules applied rule by rule in plain Python (slow, for checking)."""
    from bibliomap.terms.context import COMMANDS, rules

    sentence = list(itertools.accumulate(int(start) for start in starts))
    tags = list(tags)
    n = len(tags)

    def seen(kind: str, i: int, offset: int) -> str | None:
        j = i + offset
        if 0 <= j < n and sentence[j] == sentence[i]:
            return tags[j] if kind == "tag" else words[j]
        return None

    for source, target, command, x, y in rules():
        if command not in COMMANDS:
            continue
        hits = [
            i
            for i in range(n)
            if source in ("*", tags[i])
            and all(
                any(seen(kind, i, offset) == (x, y)[which] for offset in offsets)
                for kind, offsets, which in COMMANDS[command]
            )
        ]
        for i in hits:
            tags[i] = target
    return tags


def test_compiled_context_rules_match_plain_python(shared_data):
    from bibliomap.terms.context import apply_context

    path = shared_data("scopus_csv/scopus_csv_2022_absorptive_capacity.csv")
    abstracts = pl.read_csv(path, infer_schema=False)["Abstract"].head(12)
    tokens = tokenize(abstracts)
    lexical = tag_tokens(tokens.token, tokens.first)
    compiled = apply_context(tokens.token, lexical, tokens.first).to_list()
    expected = _reference_context(tokens.token.to_list(), lexical.to_list(), tokens.first.tolist())
    assert tokens.size > 2000
    assert compiled == expected
    assert compiled != lexical.to_list()  # some rules fired


def test_mining_worker_reports_failures():
    from bibliomap.processes import Worker
    from bibliomap.terms.mine import _mine_batch

    worker = Worker(_mine_batch, True, threads=1)
    try:
        good = worker.call(pl.DataFrame({"doc": [0], "text": ["Open badges grow."]}))
        assert good.labels.to_list() == ["open badge"]
        with pytest.raises(BibliomapError, match="worker process failed: ColumnNotFoundError"):
            worker.call(pl.DataFrame({"doc": [0]}))
    finally:
        worker.close()
    assert worker.process.returncode == 0


def test_sharded_mining_equals_mining_at_once(tmp_path, shared_data):
    from bibliomap.fileio import write_parquet
    from bibliomap.io import detect
    from bibliomap.terms.shards import mine_shard, read_occurrences, write_occurrences

    path = shared_data("scopus_csv/scopus_csv_2022_absorptive_capacity.csv")
    records, _ = detect(path).read(path)
    records = records.with_columns(pl.Series("id", [f"r{i}" for i in range(records.height)]))
    write_parquet(records, tmp_path / "records.parquet")
    params = TermParams(min_occurrences=3)
    whole = extract_terms(records, params)
    files = []
    for shard in range(3):
        found = mine_shard(
            tmp_path / "records.parquet", shard, 3, fields=params.fields, remove_copyright=True
        )
        files.append(tmp_path / f"{shard}.parquet")
        write_occurrences(found, files[-1])
    sharded = extract_terms(records, params, occurrences=read_occurrences(files))
    assert sharded.terms.equals(whole.terms)
    assert sharded.incidence.equals(whole.incidence)
    assert sharded.network.links.equals(whole.network.links)
