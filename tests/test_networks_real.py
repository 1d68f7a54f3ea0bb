"""Every network kind on a real export, checked against brute-force counts in plain Python."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations, permutations

import polars as pl
import pytest

from bibliomap.enrich import enrich
from bibliomap.ingest import read_file
from bibliomap.matching import cited_sources, match
from bibliomap.network import Network
from bibliomap.networks import NetworkParams, build
from bibliomap.networks.common import document_labels

EXPORT = "wos_plaintext/wos_txt_2017_profit_shifting.txt"


@pytest.fixture(scope="module")
def corpus(shared_data):
    records = enrich(read_file(shared_data(EXPORT)).records)
    return records, match(records)


def _strengths(network: Network) -> dict[frozenset, float]:
    labels = dict(zip(network.items["id"], network.items["label"].str.to_lowercase(), strict=True))
    return {
        frozenset((labels[s], labels[t])): w
        for s, t, w in network.links.select("source", "target", "strength").iter_rows()
    }


def _weights(network: Network, column: str) -> dict[str, float]:
    return dict(zip(network.items["label"].str.to_lowercase(), network.items[column], strict=True))


def _cooccurrence(sets: list[set], chosen: set, counting: str) -> dict[frozenset, float]:
    """Pair strengths of items co-held by documents (1, or 1 / (n - 1) with n all items)."""
    strengths: dict[frozenset, float] = defaultdict(float)
    for items in sets:
        share = 1.0 if counting == "full" else 1.0 / (len(items) - 1) if len(items) > 1 else 0
        for a, b in combinations(sorted(items & chosen), 2):
            strengths[frozenset((a, b))] += share
    return dict(strengths)


def _lower_sets(column: pl.Series) -> list[set]:
    return [{value.lower() for value in values} for values in column.to_list()]


def _assert_close(ours: dict, expected: dict) -> None:
    assert ours.keys() == expected.keys()
    for pair, value in expected.items():
        assert ours[pair] == pytest.approx(value), pair


def test_keyword_cooccurrence(corpus) -> None:
    records, _ = corpus
    network = build("keywords_author", records, params=NetworkParams(min_occurrences=3))
    sets = _lower_sets(records["author_keywords"])
    counts = Counter(item for items in sets for item in items)
    chosen = {item for item, n in counts.items() if n >= 3}
    assert len(chosen) >= 10
    assert _weights(network, "weight<Occurrences>") == {item: counts[item] for item in chosen}
    _assert_close(_strengths(network), _cooccurrence(sets, chosen, "full"))


@pytest.mark.parametrize("unit", ["authors", "organizations", "countries"])
@pytest.mark.parametrize("counting", ["full", "fractional"])
def test_coauthorship(corpus, unit: str, counting: str) -> None:
    records, _ = corpus
    params = NetworkParams(counting=counting, min_documents=2, max_authors=4)
    network = build(f"coauthorship_{unit}", records, params=params)
    sets = [items for items in _lower_sets(records[unit]) if len(items) <= 4]
    counts = Counter(item for items in sets for item in items)
    chosen = {item for item, n in counts.items() if n >= 2}
    assert _weights(network, "weight<Documents>") == {item: counts[item] for item in chosen}
    _assert_close(_strengths(network), _cooccurrence(sets, chosen, counting))
    assert network.links.height > 0


def test_countries_are_unified(corpus) -> None:
    records, _ = corpus
    countries = set(records["countries"].explode().drop_nulls().to_list())
    assert "United States" in countries
    assert not countries & {"USA", "England", "Peoples R China", "Scotland"}


def _cited(corpus) -> tuple[list[set], dict[int, int | None]]:
    records, matched = corpus
    works: list[set] = [set() for _ in range(records.height)]
    for doc, work in matched.citations.select("doc", "work").iter_rows():
        works[doc].add(work)
    cited_doc = dict(matched.works.select("work", "cited_doc").iter_rows())
    return works, cited_doc


def test_citation_documents(corpus) -> None:
    records, matched = corpus
    network = build("citation_documents", records, params=NetworkParams(), matched=matched)
    works, cited_doc = _cited(corpus)
    labels = network.items["label"].str.to_lowercase().to_list()
    assert len(labels) == records.height
    expected: dict[frozenset, float] = defaultdict(float)
    doc_labels = _document_labels(network, records)
    for doc, held in enumerate(works):
        for work in held:
            target = cited_doc[work]
            if target is not None and target != doc:
                expected[frozenset((doc_labels[doc], doc_labels[target]))] += 1.0
    assert len(expected) >= 20
    _assert_close(_strengths(network), dict(expected))


def _document_labels(network: Network, records: pl.DataFrame) -> list[str]:
    """Each record's item label (as the network names documents), lower-cased."""
    labels = document_labels(records).str.to_lowercase().to_list()
    assert set(network.items["label"].str.to_lowercase()) <= set(labels)
    return labels


def test_coupling_documents(corpus) -> None:
    records, matched = corpus
    params = NetworkParams(min_citations=10)
    network = build("coupling_documents", records, params=params, matched=matched)
    works, _ = _cited(corpus)
    kept = [i for i, cites in enumerate(records["cited_by"].to_list()) if cites >= 10]
    assert network.size == len(kept)
    shared = {}
    labels = _document_labels(network, records)
    for i, j in combinations(kept, 2):
        common = len(works[i] & works[j])
        if common:
            shared[frozenset((labels[i], labels[j]))] = float(common)
    assert len(shared) >= 20
    _assert_close(_strengths(network), shared)


@pytest.mark.parametrize("counting", ["full", "fractional"])
def test_coupling_documents_top_items(corpus, counting: str) -> None:
    """max_items keeps the documents of largest total link strength in the whole network."""
    records, matched = corpus
    params = NetworkParams(counting=counting, max_items=15)
    network = build("coupling_documents", records, params=params, matched=matched)
    works, _ = _cited(corpus)
    citing = Counter(work for doc_works in works for work in doc_works)
    share = {w: 1.0 if counting == "full" else 1 / (n - 1) for w, n in citing.items() if n > 1}
    strength = [0.0] * records.height
    pairs = {}
    for i, j in combinations(range(records.height), 2):
        value = sum(share.get(work, 0.0) for work in works[i] & works[j])
        if value:
            strength[i] += value
            strength[j] += value
            pairs[(i, j)] = value
    citations = records["cited_by"].fill_null(0).to_list()
    order = sorted(range(records.height), key=lambda i: (-round(strength[i], 9), -citations[i], i))
    top = set(order[:15])
    labels = _document_labels(network, records)
    assert network.size == 15
    assert set(network.items["label"].str.to_lowercase()) == {labels[i] for i in top}
    expected = {
        frozenset((labels[i], labels[j])): value
        for (i, j), value in pairs.items()
        if i in top and j in top
    }
    _assert_close(_strengths(network), expected)


@pytest.mark.parametrize("kind", ["coupling_countries", "citation_countries"])
def test_aggregated_to_countries(corpus, kind: str) -> None:
    """Sum over ordered pairs of distinct documents (i in u, j in v) of their link strength."""
    records, matched = corpus
    params = NetworkParams(min_documents=3, max_authors=25)
    network = build(kind, records, params=params, matched=matched)
    works, cited_doc = _cited(corpus)
    sets = _lower_sets(records["countries"])
    counts = Counter(item for items in sets for item in items)
    chosen = {item for item, n in counts.items() if n >= 3}
    cites = {(doc, cited_doc[w]) for doc, held in enumerate(works) for w in held}
    expected: dict[frozenset, float] = defaultdict(float)
    for i, j in permutations(range(records.height), 2):
        if kind == "coupling_countries":
            strength = len(works[i] & works[j])
        else:
            strength = ((i, j) in cites) + ((j, i) in cites)
        if not strength:
            continue
        for u in sets[i] & chosen:
            for v in sets[j] & chosen:
                if u != v:
                    expected[frozenset((u, v))] += strength / 2
    assert _weights(network, "weight<Documents>") == {item: counts[item] for item in chosen}
    _assert_close(_strengths(network), {k: v for k, v in expected.items() if v})


@pytest.mark.parametrize(
    ("kind", "column"),
    [
        ("cocitation_references", "label"),
        ("cocitation_sources", "source_label"),
        ("cocitation_authors", "first_author"),
    ],
)
def test_cocitation(corpus, kind: str, column: str) -> None:
    records, matched = corpus
    network = build(kind, records, params=NetworkParams(min_cited=8), matched=matched)
    works = matched.works.join(cited_sources(matched), on="work", how="left")
    item_of = dict(works.select("work", column).iter_rows())
    per_doc: list[set] = [set() for _ in range(records.height)]
    citations: Counter = Counter()
    for doc, work in matched.citations.select("doc", "work").iter_rows():
        item = item_of[work]
        if item is None:
            continue
        per_doc[doc].add(item.lower())
        citations[item.lower()] += 1
    if kind == "cocitation_references":
        citations = Counter(item for items in per_doc for item in items)
    chosen = {item for item, n in citations.items() if n >= 8}
    assert len(chosen) >= 5
    assert _weights(network, "weight<Citations>") == {item: citations[item] for item in chosen}
    _assert_close(_strengths(network), _cooccurrence(per_doc, chosen, "full"))


@pytest.mark.parametrize("kind", ["cocitation_sources", "coupling_authors"])
def test_networks_are_byte_identical_across_runs(corpus, tmp_path, kind: str) -> None:
    from bibliomap.network import save

    records, _ = corpus
    for run in ("a", "b"):
        save(
            build(kind, records, params=NetworkParams(min_cited=5, min_documents=2)), tmp_path / run
        )
    for name in ("items.parquet", "links.parquet", "meta.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
