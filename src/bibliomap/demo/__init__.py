"""A synthetic bibliographic corpus with planted topics, written in real export formats.

- :data:`TOPICS`: topic -> planted phrases (unified form), the ground truth for term maps;
- :func:`generate`: draw a :class:`DemoCorpus` from :class:`DemoParams`;
- :func:`write_demo`: generate and write an export: ``scopus-csv`` (2023+ layout), ``wos``
  (plain text), ``scopus-ris``, ``pubmed`` (MEDLINE) or ``openalex-jsonl`` (API work objects);
- :meth:`DemoCorpus.truth`: each record's planted topic, keyed by DOI / EID / UT / OpenAlex ID;
- :func:`adjusted_rand_index`: score recovered term clusters against :data:`PHRASE_TOPIC`;
- :func:`bibliomap.demo.expected.expected_records`: what a reader should recover from a file.

Cited references point to earlier corpus records (mostly of the same topic) and to external
works of each topic, in each format's own style: WoS ``CR`` lines carry DOIs; Scopus CSV
(2023+) and RIS references carry authors, title, source, volume, issue, pages and year but no
DOI, as Scopus writes them; OpenAlex cites by work ID; PubMed exports carry no references.
"""

from bibliomap.demo.corpus import DemoCorpus, DemoParams, generate
from bibliomap.demo.topics import (
    GENERAL_TERMS,
    PHRASE_TOPIC,
    TOPIC_NAMES,
    TOPICS,
    adjusted_rand_index,
)
from bibliomap.demo.writer import FORMATS, write_corpus, write_demo, write_truth

__all__ = [
    "FORMATS",
    "GENERAL_TERMS",
    "PHRASE_TOPIC",
    "TOPICS",
    "TOPIC_NAMES",
    "DemoCorpus",
    "DemoParams",
    "adjusted_rand_index",
    "generate",
    "write_corpus",
    "write_demo",
    "write_truth",
]
