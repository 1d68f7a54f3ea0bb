"""Captions of the report's tables and figures, stating the parameters they were made with.

Parameters are read from the study configuration (a variant's validated config: the keys of
config/config.yaml); a key the configuration does not hold is shown as "not recorded".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bibliomap.config import get
from bibliomap.errors import BibliomapError
from bibliomap.layout import resolve_repulsion

MISSING = "not recorded"

KIND_TYPES = {
    "terms": "Term co-occurrence (noun phrases of titles and abstracts)",
    "keywords": "Keyword co-occurrence",
    "coauthorship": "Co-authorship",
    "citation": "Citation",
    "coupling": "Bibliographic coupling",
    "cocitation": "Co-citation",
}
KIND_UNITS = {
    "all": "all keywords",
    "author": "author keywords",
    "index": "index keywords",
    "authors": "authors",
    "organizations": "organizations",
    "countries": "countries",
    "documents": "documents",
    "sources": "sources",
    "references": "cited references",
}


def value(config: Mapping[str, Any], dotted: str) -> str:
    """A config value as caption text (lists comma-joined, empty lists as "all")."""
    found = get(config, dotted)
    if found is None:
        return "none" if _has_section(config, dotted) else MISSING
    if isinstance(found, bool):
        return "yes" if found else "no"
    if isinstance(found, list | tuple):
        return ", ".join(str(item) for item in found) if found else "all"
    return str(found)


def _has_section(config: Mapping[str, Any], dotted: str) -> bool:
    """Whether the key's section exists (so a null there is a real "none")."""
    parent, _, name = dotted.rpartition(".")
    section = get(config, parent) if parent else config
    return isinstance(section, Mapping) and name in section


def kind_title(kind: str) -> str:
    """``keywords_all`` -> "Keyword co-occurrence of all keywords"."""
    head, _, unit = kind.partition("_")
    title = KIND_TYPES.get(head, head.replace("_", " ").capitalize())
    return f"{title} of {KIND_UNITS.get(unit, unit.replace('_', ' '))}" if unit else title


def flow_caption(config: Mapping[str, Any]) -> str:
    """The flow table: what the merge and the filters did."""
    return (
        "Records read from each export, skipped as malformed, merged as duplicates (rules: same "
        "DOI; same source id; same title, year and first author; same title, year and first "
        "page) and removed by the filters. Filters: publication years "
        f"{value(config, 'filters.years').replace(', ', '-')}; languages "
        f"{value(config, 'filters.languages')}; document types "
        f"{value(config, 'filters.document_types')}; abstract required: "
        f"{value(config, 'filters.require_abstract')}."
    )


def _reference_year(config: Mapping[str, Any]) -> str:
    year = get(config, "stats.reference_year")
    return str(year) if year is not None else "the latest publication year of the records"


STATS_CAPTIONS = {
    "main_information": "Main information. Ages and citable years are counted to the reference "
    "year ({reference}). Names (sources, authors, keywords) are compared case-insensitively.",
    "document_types": "Documents per type (common vocabulary), with the types as exported.",
    "languages": "Documents per language.",
    "most_cited": "The {top_n} most cited documents (citations in the database). Citations "
    "per year = citations / (reference year {reference} - year + 1); normalized citations = "
    "citations / mean citations of the documents of the same year.",
    "annual_production": "Documents and citations per publication year (years without documents "
    "included); mean citations per year = mean citations per document / citable years "
    "(reference year {reference}).",
    "sources": "The {top_n} most relevant sources by documents (then citations).",
    "authors": "The {top_n} most relevant authors by documents (then citations); fractionalized "
    "documents share each document equally among its authors; h-index within the corpus.",
    "affiliations": "The {top_n} most relevant organizations by documents (then citations).",
    "countries": "The {top_n} most productive countries by documents, counting every author's "
    "country; single-country documents have no other country, multi-country documents do.",
    "author_keywords": "The {top_n} most frequent author keywords (documents holding them).",
    "index_keywords": "The {top_n} most frequent index keywords (documents holding them).",
    "bradford_zones": "Bradford's law: sources ranked by documents, split into three zones of "
    "about a third of the documents each (full table: bradford.csv).",
    "lotka": "Lotka's law: authors per number of documents written, observed and expected under "
    "the inverse square law (share 0.6079 / n^2).",
    "lotka_fit": "Least-squares fit of share = C * n^-beta on log-log scales.",
    "production": "Annual scientific production (bars) and the compound annual growth rate from "
    "the first to the last year of the span (line).",
    "citations": "Mean citations per document (bars) and per citable year (line), by "
    "publication year; reference year {reference}.",
    "bradford": "Bradford's law: cumulative documents over source rank (log scale); shaded zones "
    "hold about a third of the documents each.",
    "top_sources": "The {top_n} most relevant sources by documents.",
    "top_authors": "The {top_n} most relevant authors by documents.",
    "top_countries": "The {top_n} most productive countries: single-country and multi-country "
    "documents.",
    "methodology": "Methodology: the workflow's rule graph (snakemake --rulegraph); an arrow "
    "runs from the step that writes a file to the step that reads it.",
    "google_trends": "Search interest over time from the Google Trends export {trends} "
    "(100 = the peak of the chart; '<1' plotted as 0.5).",
}


def stats_caption(name: str, config: Mapping[str, Any]) -> str:
    """Caption of a statistics table or figure of :mod:`bibliomap.stats`."""
    try:
        template = STATS_CAPTIONS[name]
    except KeyError:
        raise BibliomapError(f"no caption for the statistics output {name!r}") from None
    return template.format(
        top_n=value(config, "stats.top_n"),
        reference=_reference_year(config),
        trends=value(config, "stats.google_trends"),
    )


def _threshold(kind: str, config: Mapping[str, Any]) -> str:
    """The thresholds and counting that made the network of ``kind``."""
    head, _, unit = kind.partition("_")
    if head == "terms":
        return (
            f"fields {value(config, 'terms.fields')}, {value(config, 'terms.counting')} counting, "
            f"at least {value(config, 'terms.min_occurrences')} occurrences, the "
            f"{value(config, 'terms.relevance_share')} most relevant share kept, copyright "
            f"statements removed: {value(config, 'terms.remove_copyright')}, thesaurus "
            f"{value(config, 'terms.thesaurus')}"
        )
    net = f"{value(config, 'networks.counting')} counting"
    if head == "keywords":
        rule = f"at least {value(config, 'networks.min_occurrences')} occurrences"
    elif head == "cocitation":
        rule = f"at least {value(config, 'networks.min_cited')} citations"
    elif unit == "documents":
        rule = f"documents cited at least {value(config, 'networks.min_citations')} times"
    else:
        rule = (
            f"at least {value(config, 'networks.min_documents')} documents and "
            f"{value(config, 'networks.min_citations')} citations, documents with more than "
            f"{value(config, 'networks.max_authors')} units skipped"
        )
    return f"{net}, {rule}, thesaurus {value(config, 'networks.thesaurus')}"


def _repulsion(kind: str, config: Mapping[str, Any]) -> str:
    setting = get(config, "maps.repulsion")
    if setting is None:
        return MISSING
    try:
        resolved = resolve_repulsion(setting, kind)
    except BibliomapError:
        return str(setting)
    return f"{resolved} (auto)" if setting == "auto" else str(resolved)


def map_caption(kind: str, config: Mapping[str, Any]) -> str:
    """What every map of ``kind`` shows and the parameters of its network, layout, clusters."""
    merge = "merged" if get(config, "maps.merge_small_clusters") else "left unassigned"
    return (
        f"{kind_title(kind)}: {_threshold(kind, config)}. Normalization "
        f"{value(config, 'maps.normalization')}; VOS layout attraction "
        f"{value(config, 'maps.attraction')}, repulsion {_repulsion(kind, config)}, "
        f"{value(config, 'maps.layout_random_starts')} random start(s); Leiden (CPM) clustering "
        f"resolution {value(config, 'maps.resolution')}, {value(config, 'maps.iterations')} "
        f"iterations, {value(config, 'maps.random_starts')} random starts, clusters smaller than "
        f"{value(config, 'maps.min_cluster_size')} items {merge}; largest component only: "
        f"{value(config, 'maps.largest_component')}; seed {value(config, 'seed')}."
    )


FIGURE_CAPTIONS = {
    "network": "Network visualization: circle and label size by weight, colour by cluster, the "
    "{max_links} strongest links drawn.",
    "overlay": "Overlay visualization: colour by {score} (viridis, min to max).",
    "density": "Item density visualization, kernel width {kernel_width}.",
    "cluster_density": "Cluster density visualization, kernel width {kernel_width}.",
}


def figure_caption(figure: str, config: Mapping[str, Any]) -> str:
    """Caption of one map figure (network, overlay, density, cluster_density)."""
    return (
        FIGURE_CAPTIONS[figure].format(
            max_links=value(config, "figures.max_links"),
            score=value(config, "figures.overlay_score"),
            kernel_width=value(config, "figures.kernel_width"),
        )
        + f" PNG at {value(config, 'figures.dpi')} dpi."
    )


def clusters_caption(kind: str) -> str:
    """Caption of a cluster table."""
    return (
        f"Clusters of the {kind_title(kind).lower()} map: size, the most characteristic items "
        "(share of their link strength inside the cluster times their weight), total weight, "
        "link strength inside and outside, and mean scores."
    )


def stability_caption(config: Mapping[str, Any]) -> str:
    """Caption of the stability and resolution sweep tables."""
    return (
        f"Cluster stability over {value(config, 'stability.seeds')} more seeds (Jaccard index "
        "of each cluster with its best match, mean and minimum) and the resolution sweep "
        f"({value(config, 'stability.resolutions')}): clusters, quality and adjusted Rand "
        "index with the chosen clustering."
    )


COMPARISON_CAPTION = (
    "Variants compared: items and clusters of every map, and for each pair of variants the "
    "adjusted Rand index and normalized mutual information of their clusterings on the items "
    "both maps hold (1 = identical partitions; items without a cluster count as singletons)."
)
