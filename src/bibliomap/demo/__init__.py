"""A synthetic bibliographic corpus with planted topics, written in real export formats.

- :data:`TOPICS`: topic -> planted phrases (unified form), the ground truth for term maps;
- :func:`generate`: draw a :class:`DemoCorpus` from :class:`DemoParams`;
- :func:`write_demo`: generate and write an export (``scopus-csv``, ``wos``, ...);
- :meth:`DemoCorpus.truth`: each record's planted topic, keyed by DOI / EID / UT.
"""

from bibliomap.demo.corpus import DemoCorpus, DemoParams, generate
from bibliomap.demo.topics import GENERAL_TERMS, PHRASE_TOPIC, TOPIC_NAMES, TOPICS
from bibliomap.demo.writer import FORMATS, write_corpus, write_demo, write_truth

__all__ = [
    "FORMATS",
    "GENERAL_TERMS",
    "PHRASE_TOPIC",
    "TOPICS",
    "TOPIC_NAMES",
    "DemoCorpus",
    "DemoParams",
    "generate",
    "write_corpus",
    "write_demo",
    "write_truth",
]
