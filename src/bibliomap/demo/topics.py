"""The planted topics of the demo corpus: the ground truth that term maps must recover.

Each topic owns a vocabulary of noun phrases made of adjectives and nouns only, so that a
``(ADJ|NOUN)* NOUN`` extractor (METHODS.md sec. 1.3) finds each phrase whole. Phrases are kept in
the unified form a term extractor produces (lower case, last word singular); a few are written in
the plural in the generated text (marked ``*`` in the tables below). Words a part-of-speech tagger
reads as verbs (``learning``, ``training``) are avoided, and every text template puts a
determiner, preposition, modal verb or punctuation around a phrase so that phrases never fuse.

How a test scores recovered term clusters against the planted topics: keep the extracted terms
that are keys of :data:`PHRASE_TOPIC` (general words such as :data:`GENERAL_TERMS` are left out;
if the extractor rewrites hyphens, apply the same rewrite to the keys first), and compute
``adjusted_rand_index([PHRASE_TOPIC[t] for t in terms], [cluster[t] for t in terms])`` with
:func:`adjusted_rand_index` below (the Hubert-Arabie ARI, equal to scikit-learn's
``adjusted_rand_score``).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

import numpy as np

_EMPLOYABILITY = """
graduate employability; labour market*; employability skill*; job market; career development;
career prospect*; employer demand; work placement*; graduate attribute*; industry partnership*;
employer engagement; job seeker*; wage premium; recruitment process; professional identity;
career readiness; workforce development; unemployment rate*; internship programme*;
graduate outcome*; employment opportunity; skill mismatch; occupational standard*;
labour shortage*; job advertisement*; human capital; employer perception*; career guidance;
entrepreneurial intention*; job mobility; talent pipeline; youth unemployment; career transition*;
job satisfaction
"""

_DISTANCE = """
online course*; distance education; open university; massive open online course*;
virtual classroom*; flexible provision; flexible pathway*; part-time student*; adult learner*;
course completion; dropout rate*; online platform*; video lecture*; asynchronous discussion*;
synchronous session*; online enrolment; modular programme*; stackable credential*; short course*;
credit transfer; open educational resource*; study load; course design; flexible delivery;
learner autonomy; self-study module*; course provider*; online provision; blended programme*;
e-learning platform*; time flexibility; distance learner*; online tutor*; virtual campus;
micro-credential programme*
"""

_SKILLS = """
skill development; soft skill*; transversal skill*; teamwork skill*; communication skill*;
professional development; skill acquisition; knowledge transfer; learner engagement;
cross-disciplinary skill*; student motivation; personal development plan*; vocational education;
apprenticeship scheme*; adult education; skill gap*; key competence*; generic skill*;
workplace skill*; self-regulation skill*; reflective practice; competence framework*;
educational attainment; learner profile*; formative assessment; peer feedback;
student achievement; critical reflection; lifelong learner*; practical experience;
skill level*; cognitive ability
"""

_DIGITAL = """
digital credential*; open badge*; blockchain technology; digital badge*; artificial intelligence;
digital transformation; mobile application*; cloud platform*; digital wallet*; metadata standard*;
educational technology; digital platform*; data privacy; smart contract*; digital signature*;
interoperability standard*; digital infrastructure; virtual reality; immersive technology; big data;
information system*; verification service*; blockchain network*; credential registry;
digital certificate*; software tool*; internet access; technology adoption; user interface*;
e-portfolio tool*; digital inclusion; digitalization strategy; conversational agent*
"""

_QUALITY = """
quality assurance; quality assurance framework*; accreditation body; quality standard*;
external review*; quality indicator*; credit system*; qualification framework*;
recognition procedure*; accreditation process; quality culture; peer review; programme evaluation;
audit process; quality enhancement; stakeholder trust; transparency tool*; credit value*;
quality label*; institutional accreditation; regulatory framework*; compliance requirement*;
trust mark*; quality management system*; evaluation report*; self-assessment report*;
external examiner*; accreditation standard*; credential recognition; internal audit*
"""


def _parse(table: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Unified phrases and their surface forms (``*`` = written with a plural ``s``)."""
    entries = [entry.strip() for entry in table.replace("\n", " ").split(";") if entry.strip()]
    unified = tuple(entry.rstrip("*") for entry in entries)
    surface = tuple(entry[:-1] + "s" if entry.endswith("*") else entry for entry in entries)
    return unified, surface


_TABLES = {
    "employability": _EMPLOYABILITY,
    "distance learning and flexible provision": _DISTANCE,
    "learning and skills development": _SKILLS,
    "digitalization and technology": _DIGITAL,
    "quality assurance": _QUALITY,
}

TOPICS: dict[str, tuple[str, ...]] = {name: _parse(table)[0] for name, table in _TABLES.items()}
"""Topic name -> its phrases in unified form (lower case, last word singular)."""

SURFACE: dict[str, tuple[str, ...]] = {name: _parse(table)[1] for name, table in _TABLES.items()}
"""Topic name -> the same phrases as written in titles and abstracts (some plural)."""

TOPIC_NAMES: tuple[str, ...] = tuple(TOPICS)

PHRASE_TOPIC: dict[str, str] = {
    phrase: name for name, phrases in TOPICS.items() for phrase in phrases
}
"""Unified phrase -> the topic that planted it."""

GENERAL_TERMS: tuple[str, ...] = (
    "paper",
    "study",
    "result",
    "approach",
    "research",
    "analysis",
    "new method",
    "literature",
    "implication",
    "finding",
    "case study",
    "respondent",
    "association",
    "importance",
    "role",
)
"""Topic-free words the templates spread evenly over all documents (low relevance)."""

ABSTRACT_TEMPLATES: tuple[str, ...] = (
    "This paper examines the role of {a} in {b}.",
    "We investigate how {a} can enhance {b}.",
    "The results indicate that {a} can improve {b}.",
    "The study draws on {a} and {b} to propose a new method.",
    "A survey of {n} respondents was conducted to explore {a}.",
    "The analysis reveals a strong association between {a} and {b}.",
    "Our approach combines {a} with {b}.",
    "Implications for {a} and {b} are discussed.",
    "This research contributes to the literature on {a}.",
    "In this context, the link between {a} and {b} is analysed.",
    "Drawing on {n} case studies, we find that {a} may strengthen {b}.",
    "Further research should examine {a} in relation to {b}.",
    "The findings highlight the importance of {a} for {b}.",
    "We propose a new method to assess {a} and {b}.",
    "Micro-credentials are increasingly offered by universities.",
)
"""Sentences of abstracts; ``{a}``/``{b}`` take phrases, ``{n}`` a number."""

TITLE_TEMPLATES: tuple[str, ...] = (
    "The role of {a} in {b}",
    "Exploring {a} and {b}: a systematic review",
    "Linking {a} to {b}",
    "How {a} can transform {b}",
    "Rethinking {a} through {b}",
    "Understanding {a} in the context of {b}",
    "A new method for {a} and {b}",
    "Between {a} and {b}: evidence from higher education",
)
"""Titles (sentence case); slots as in :data:`ABSTRACT_TEMPLATES`."""

_SLOT = re.compile(r"\{([abn])\}")


def split_template(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The literal pieces of a template and the slot names between them."""
    pieces = tuple(_SLOT.split(template)[0::2])
    slots = tuple(_SLOT.findall(template))
    return pieces, slots


def adjusted_rand_index(planted: Sequence[Hashable], found: Sequence[Hashable]) -> float:
    """Adjusted Rand index of two labelings of the same items (1 = identical partitions)."""
    if len(planted) != len(found):
        raise ValueError("both labelings must cover the same items")
    _, a = np.unique(np.asarray(planted, dtype=str), return_inverse=True)
    _, b = np.unique(np.asarray(found, dtype=str), return_inverse=True)
    table = np.zeros((a.max(initial=-1) + 1, b.max(initial=-1) + 1))
    np.add.at(table, (a, b), 1)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    total = len(planted) * (len(planted) - 1) / 2
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)
