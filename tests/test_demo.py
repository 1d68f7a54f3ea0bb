"""The demo corpus generator: determinism, shape of the data, formats, planted topics."""

from __future__ import annotations

import csv
import importlib
import itertools
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from bibliomap.cli import main
from bibliomap.demo import (
    GENERAL_TERMS,
    PHRASE_TOPIC,
    TOPIC_NAMES,
    TOPICS,
    DemoParams,
    generate,
    write_corpus,
    write_demo,
    writer,
)
from bibliomap.demo.expected import expected_records
from bibliomap.demo.text import render_abstracts
from bibliomap.demo.topics import (
    ABSTRACT_TEMPLATES,
    SURFACE,
    TITLE_TEMPLATES,
    adjusted_rand_index,
)
from bibliomap.errors import BibliomapError

N = 2000
SEED = 7
READERS = {
    "scopus-csv": "scopus_csv",
    "wos": "wos_plain",
    "scopus-ris": "scopus_ris",
    "pubmed": "pubmed",
    "openalex-jsonl": "openalex_json",
}
# What each format carries, to compare after a round trip through its reader.
ROUND_TRIP = {
    "scopus-csv": ("title", "doi", "year", "authors", "author_keywords", "n_references"),
    "wos": ("title", "doi", "year", "authors", "author_keywords", "n_references"),
    "scopus-ris": ("title", "doi", "year", "authors", "n_references"),
    "pubmed": ("title", "doi", "year", "authors", "author_keywords"),
    "openalex-jsonl": ("title", "doi", "year", "n_authors", "author_keywords", "n_references"),
}


@pytest.fixture(scope="module")
def corpus():
    return generate(DemoParams(records=N, seed=SEED))


@pytest.fixture(scope="module")
def files(corpus, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    paths = {
        "scopus-csv": folder / "scopus.csv",
        "wos": folder / "wos.txt",
        "scopus-ris": folder / "scopus.ris",
        "pubmed": folder / "pubmed.txt",
        "openalex-jsonl": folder / "openalex.jsonl",
    }
    for fmt, path in paths.items():
        write_corpus(corpus, path, fmt=fmt)
    return paths


def _scopus_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _wos_records(path: Path) -> list[dict[str, list[str]]]:
    """A minimal WoS plain-text parser: tag -> lines, one dict per record."""
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] = {}
    tag = ""
    for line in path.read_text(encoding="utf-8-sig").split("\n"):
        if line == "ER":
            records.append(current)
            current, tag = {}, ""
        elif line.startswith("   "):
            current[tag].append(line[3:])
        elif line and line[:2] not in ("FN", "VR", "EF"):
            tag = line[:2]
            current.setdefault(tag, []).append(line[3:])
    return records


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path, fmt):
    paths = [tmp_path / f"{name}.out" for name in ("a", "b", "c")]
    write_demo(paths[0], DemoParams(records=150, seed=3), fmt=fmt)
    write_demo(paths[1], DemoParams(records=150, seed=3), fmt=fmt)
    write_demo(paths[2], DemoParams(records=150, seed=4), fmt=fmt)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert paths[0].read_bytes() != paths[2].read_bytes()


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_output_does_not_depend_on_the_chunk_size(tmp_path, monkeypatch, fmt):
    small = generate(DemoParams(records=120, seed=5))
    write_corpus(small, tmp_path / "whole", fmt=fmt)
    monkeypatch.setattr(writer, "CHUNK", 7)
    write_corpus(small, tmp_path / "chunked", fmt=fmt)
    assert (tmp_path / "whole").read_bytes() == (tmp_path / "chunked").read_bytes()


def test_scopus_csv_has_the_requested_records_and_the_real_2024_layout(files, shared_data):
    raw = files["scopus-csv"].read_bytes()
    real = shared_data("scopus_csv/scopus_csv_2024_data_science_education.csv")
    real_header = real.read_bytes().split(b"\n", 1)[0]
    assert raw.startswith(real_header + b"\n")  # BOM and the quoted header, byte for byte
    rows = _scopus_rows(files["scopus-csv"])
    assert len(rows) == N
    assert {row["Source"] for row in rows} == {"Scopus"}
    assert all(re.fullmatch(r"2-s2\.0-\d{11}", row["EID"]) for row in rows)
    assert len({row["EID"] for row in rows}) == N
    first = rows[0]
    assert len(first["Authors"].split("; ")) == len(first["Author(s) ID"].split("; "))
    assert re.fullmatch(r"[^,;]+ (?:[A-Z]\.)+", first["Authors"].split("; ")[0])
    assert re.fullmatch(r"[^,;]+, [^;]+ \(\d{11}\)", first["Author full names"].split("; ")[0])
    assert all(row["Year"] >= later["Year"] for row, later in itertools.pairwise(rows))


def test_wos_file_has_the_requested_records_and_the_real_tag_layout(files, shared_data):
    raw = files["wos"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfFN Clarivate Analytics Web of Science\nVR 1.0\n")
    assert raw.endswith(b"\nER\n\nEF")
    real = shared_data("wos_plaintext/wos_txt_2024_data_science_education.txt")
    real_tags = set(re.findall(r"^([A-Z][A-Z0-9]) ", real.read_text("utf-8-sig"), re.M))
    records = _wos_records(files["wos"])
    assert len(records) == N
    assert {tag for record in records for tag in record} <= real_tags
    lines = files["wos"].read_text("utf-8-sig").split("\n")
    wrapped = [line for line in lines if line[:3] in ("TI ", "SO ", "DE ", "C3 ", "WC ")]
    assert max(len(line) for line in wrapped) <= 75
    for record in records[:50]:
        assert len(record["AU"]) == len(record["AF"])
        assert int(record["NR"][0]) == len(record.get("CR", []))
        assert all(re.fullmatch(r"\[[^]]+\] .+\.", group) for group in record["C1"])


def test_years_lie_in_range_and_output_grows(corpus):
    years = corpus.docs["year"].to_numpy()
    assert years.min() == 1992
    assert years.max() == 2025
    counts = np.bincount(years - 1992, minlength=34)
    decades = [counts[4:14].sum(), counts[14:24].sum(), counts[24:34].sum()]
    assert decades[0] < decades[1] < decades[2]
    assert counts[-1] > 10 * counts[0]


def test_in_corpus_citations_point_to_earlier_existing_records(corpus):
    refs = corpus.references.filter(pl.col("internal"))
    citing = refs["doc"].to_numpy()
    cited = refs["target"].to_numpy()
    years = corpus.docs["year"].to_numpy()
    assert refs.height > 0.2 * corpus.references.height
    assert cited.max() < N
    assert (years[cited] < years[citing]).all()
    topics = corpus.docs["topic"].to_numpy()
    assert (topics[cited] == topics[citing]).mean() > 0.75


def test_in_corpus_references_carry_the_cited_records_details(corpus, files):
    refs = corpus.references.filter(pl.col("internal") & (pl.col("doc") == N - 1))
    if refs.height == 0:
        refs = corpus.references.filter(pl.col("internal")).tail(3)
    doc = int(refs["doc"][0])
    targets = corpus.docs[refs.filter(pl.col("doc") == doc)["target"].to_list()]
    rows = {row["EID"]: row for row in _scopus_rows(files["scopus-csv"])}
    scopus_refs = rows[corpus.docs["eid"][doc]]["References"]
    records = {r["UT"][0]: r for r in _wos_records(files["wos"])}
    wos_refs = records[corpus.docs["ut"][doc]]["CR"]
    for target in targets.iter_rows(named=True):
        assert f"{target['title']}, " in scopus_refs
        assert f", ({target['year']})" in scopus_refs
        if target["doi"] is not None:
            assert any(line.endswith(f"DOI {target['doi']}") for line in wos_refs)


def test_citation_counts_are_heavy_tailed_and_older_records_are_more_cited(corpus):
    docs = corpus.docs
    cited = docs["cited_by"].to_numpy()
    assert cited.max() > 10 * np.median(cited)
    old = docs.filter(pl.col("year") < 2010)["cited_by"].mean()
    new = docs.filter(pl.col("year") >= 2020)["cited_by"].mean()
    assert old > 2 * new


def test_authors_have_power_law_productivity_and_some_large_teams(corpus):
    papers = corpus.authorships.group_by("author").len()["len"].to_numpy()
    assert papers.max() >= 10
    assert np.median(papers) <= 2
    team_sizes = corpus.authorships.group_by("doc").len()["len"].to_numpy()
    assert team_sizes.min() >= 1
    assert (team_sizes > 25).any()
    assert np.mean(team_sizes <= 8) > 0.95


def test_country_spellings_differ_by_database_as_in_real_exports(files):
    scopus = files["scopus-csv"].read_text("utf-8-sig")
    wos = files["wos"].read_text("utf-8-sig")
    assert ", United States" in scopus and ", United Kingdom" in scopus
    assert re.search(r", [A-Z]{2} USA\.$", wos, re.M)
    assert re.search(r", (England|Scotland|Wales)\.$", wos, re.M)
    assert "United States" not in wos


def test_vocabularies_are_distinct_unified_phrases():
    assert set(TOPICS) == set(TOPIC_NAMES) and len(TOPICS) == 5
    phrases = [p for values in TOPICS.values() for p in values]
    assert len(phrases) == len(set(phrases)) == len(PHRASE_TOPIC)
    for name, values in TOPICS.items():
        assert 25 <= len(values) <= 40
        for unified, surface in zip(values, SURFACE[name], strict=True):
            assert unified == unified.lower() and " " in unified
            assert surface in (unified, unified + "s")
    assert any("-" in p for p in phrases)
    assert not set(GENERAL_TERMS) & set(phrases)


def _noun_phrases(sentence: str) -> list[str]:
    """Longest (JJ|NN)* NN runs under textblob's Brill-style (Pattern) tagger."""
    from textblob.en import tag

    tokens = re.findall(r"[\w\-]+|[^\w\s]", sentence)
    found, run = [], []
    for word, pos in [*tag(" ".join(tokens), tokenize=False), (".", ".")]:
        if pos.startswith(("NN", "JJ")):
            run.append((word, pos))
            continue
        while run and not run[-1][1].startswith("NN"):
            run.pop()
        if run:
            found.append(" ".join(w for w, _ in run).lower())
        run = []
    return found


def test_a_pos_tagger_finds_every_planted_phrase_whole():
    templates = [t for t in ABSTRACT_TEMPLATES + TITLE_TEMPLATES if "{a}" in t]
    for name in TOPIC_NAMES:
        for k, surface in enumerate(SURFACE[name]):
            template = templates[k % len(templates)]
            sentence = template.format(a=surface, b=SURFACE[name][k - 1], n=12)
            assert surface in _noun_phrases(sentence), sentence


_PLANTED = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(p) for p in sorted(PHRASE_TOPIC, key=len, reverse=True))
    + r")s?(?![\w-])"
)


def _planted(text: str, phrases: list[str]) -> set[str]:
    """The planted phrases (singular or plural) written in ``text``."""
    return set(_PLANTED.findall(text.lower())) & set(phrases)


def test_planted_topics_are_recoverable_from_the_written_text(files, corpus):
    rows = _scopus_rows(files["scopus-csv"])[:600]
    truth = dict(zip(corpus.docs["eid"], corpus.docs["topic"], strict=True))
    phrases = sorted(PHRASE_TOPIC, key=len, reverse=True)
    names = list(TOPIC_NAMES)
    found = [_planted(row["Title"] + " " + row["Abstract"], phrases) for row in rows]
    topics = [truth[row["EID"]] for row in rows]
    guesses = [
        names.index(Counter(PHRASE_TOPIC[p] for p in doc).most_common(1)[0][0]) for doc in found
    ]
    assert np.mean(np.array(guesses) == np.array(topics)) > 0.9
    same, different = [], []
    for i in range(0, 300):
        for j in range(i + 1, 300):
            shared = len(found[i] & found[j])
            (same if topics[i] == topics[j] else different).append(shared)
    assert np.mean(same) > 4 * np.mean(different)


def test_phrase_co_occurrence_clusters_are_the_planted_topics(files):
    import igraph as ig
    import leidenalg

    rows = _scopus_rows(files["scopus-csv"])
    phrases = sorted(PHRASE_TOPIC, key=len, reverse=True)
    index = {p: k for k, p in enumerate(phrases)}
    incidence = np.zeros((len(rows), len(phrases)))
    for i, row in enumerate(rows):
        for phrase in _planted(row["Title"] + " " + row["Abstract"], phrases):
            incidence[i, index[phrase]] = 1
    co = incidence.T @ incidence
    np.fill_diagonal(co, 0)
    graph = ig.Graph.Weighted_Adjacency(co.tolist(), mode="undirected")
    part = leidenalg.find_partition(
        graph, leidenalg.ModularityVertexPartition, weights="weight", seed=0
    )
    planted = [PHRASE_TOPIC[p] for p in phrases]
    assert adjusted_rand_index(planted, part.membership) > 0.9


def test_adjusted_rand_index_matches_known_values():
    assert adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(8 / 33)


def test_truth_table_names_every_record_and_its_topic(corpus, tmp_path):
    truth = corpus.truth()
    assert truth.height == N
    assert set(truth["topic"].unique()) == set(TOPIC_NAMES)
    assert truth["eid"].n_unique() == N and truth["ut"].n_unique() == N
    shares = truth["secondary_topic"].is_not_null().mean()
    assert 0.08 < shares < 0.25


def test_cli_writes_the_export_and_the_truth(tmp_path, capsys):
    out, truth = tmp_path / "demo.csv", tmp_path / "truth.csv"
    code = main(["demo", "--records", "40", "--seed", "2", "-o", str(out), "--truth", str(truth)])
    assert code == 0
    assert len(_scopus_rows(out)) == 40
    table = pl.read_csv(truth)
    assert table.height == 40 and "topic" in table.columns
    assert main(["demo", "--records", "0", "-o", str(tmp_path / "x.csv")]) == 2
    assert "at least 1" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_unknown_format_is_a_clear_error(tmp_path):
    with pytest.raises(BibliomapError, match="scopus-csv"):
        write_demo(tmp_path / "x", DemoParams(records=5), fmt="endnote")


def test_scopus_ris_file_has_the_requested_records_and_the_real_layout(files, corpus):
    text = files["scopus-ris"].read_text("utf-8")
    assert text.startswith("TY  - ") and text.endswith("ER  - \n\n")
    records = text.split("ER  - \n\n")[:-1]
    assert len(records) == N
    tags = Counter(re.findall(r"^([A-Z][A-Z0-9])  - ", text, re.M))
    assert tags["TY"] == tags["TI"] == tags["PY"] == tags["UR"] == N
    newest = records[0]
    doc = corpus.docs.row(N - 1, named=True)
    assert f"TI  - {doc['title']}\n" in newest and f"PY  - {doc['year']}\n" in newest
    refs = re.search(r"^N1  - References: (.*?)\nUR  - ", newest, re.M | re.S)
    n_refs = corpus.references.filter(pl.col("doc") == N - 1).height
    assert (len(refs.group(1).split("; \n")) if refs else 0) == n_refs


def test_pubmed_file_has_the_requested_records_and_the_real_layout(files):
    raw = files["pubmed"].read_bytes()
    assert raw.startswith(b"PMID- ") and raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.decode("utf-8").split("\r\n")
    assert sum(line.startswith("PMID- ") for line in lines) == N
    assert max(len(line) for line in lines) <= 89
    assert all(re.match(r"([A-Z]{2,4} *- |      |$)", line) for line in lines)
    assert sum(line == "" for line in lines) == N  # a blank line between records, one at the end


def test_openalex_jsonl_holds_one_work_per_line_citing_earlier_works(files, corpus):
    lines = files["openalex-jsonl"].read_text("utf-8").splitlines()
    works = [json.loads(line) for line in lines]
    assert len(works) == N
    year = {w["id"]: w["publication_year"] for w in works}
    assert len(year) == N
    internal = [(w, ref) for w in works for ref in w["referenced_works"] if ref in year]
    assert len(internal) == corpus.references.filter(pl.col("internal")).height
    assert all(year[ref] < w["publication_year"] for w, ref in internal)
    first = works[0]
    words = sorted((p, word) for word, ps in first["abstract_inverted_index"].items() for p in ps)
    newest = render_abstracts(corpus.sentences.filter(pl.col("doc") == N - 1))
    assert " ".join(word for _, word in words) == newest["abstract"][0]
    assert first["referenced_works_count"] == len(first["referenced_works"])


def _comparable(frame: pl.DataFrame, columns: tuple[str, ...]) -> list[tuple]:
    """Rows of ``columns`` as sorted tuples (titles without a final period, lists as tuples)."""
    rows = frame.select(columns).with_columns(pl.col("title").str.strip_suffix("."))
    tuples = [
        tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in rows.iter_rows()
    ]
    return sorted(tuples, key=lambda row: tuple("" if v is None else str(v) for v in row))


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_round_trip_through_the_reader(files, corpus, fmt):
    module = f"bibliomap.io.{READERS[fmt]}"
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        pytest.skip(f"reader {module} not written yet")
    from bibliomap.io import detect

    path = files[fmt]
    reader = detect(path)
    assert reader.__name__ == module
    result = reader.read(path)
    records = result[0] if isinstance(result, tuple) else result  # some readers add a report
    if isinstance(result, tuple):
        assert not result[1]  # nothing skipped as malformed
    assert records.height == N
    expected = expected_records(corpus)
    if fmt == "openalex-jsonl":
        expected = expected.with_columns(
            pl.col("author_keywords").list.eval(pl.element().str.to_lowercase())
        )
    got = records.with_columns(
        pl.col("authors").list.len().cast(pl.Int64).alias("n_authors"),
        pl.col("references").list.len().cast(pl.Int64).alias("n_references"),
    )
    columns = ROUND_TRIP[fmt]
    assert _comparable(got, columns) == _comparable(expected, columns)
