"""Unified forms of words and terms: lower case, no accents or punctuation, last word singular.

Rules (METHODS.md sec. 1.5; documented in docs/terms.md):

- a word is lower-cased, decomposed (NFKD) with its accents (combining marks) dropped, and every
  character other than a letter, a digit or an inner hyphen removed ("Naïve" -> "naive",
  "Micro‐Credentials" -> "micro-credentials");
- only the last word of a term is singularized, by :func:`singularize`;
- spelling variants that differ only in spaces and hyphens ("micro-credential", "micro
  credential", "microcredential") are one term: :func:`compact_key` is their common key and the
  extraction keeps the most frequent spelling as the label.
"""

from __future__ import annotations

import re
import unicodedata

from bibliomap.terms.tagger import lexicon

_NOT_WORD = re.compile(r"[^\w-]|_")
_HYPHEN_RUNS = re.compile(r"-{2,}")
_SPACES_HYPHENS = re.compile(r"[\s-]+")
_NOUN = ("NN", "NNP")

IRREGULAR: dict[str, str] = {
    "children": "child",
    "men": "man",
    "women": "woman",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "curricula": "curriculum",
    "analyses": "analysis",
    "hypotheses": "hypothesis",
    "theses": "thesis",
    "syntheses": "synthesis",
    "crises": "crisis",
    "diagnoses": "diagnosis",
    "prognoses": "prognosis",
    "parentheses": "parenthesis",
    "emphases": "emphasis",
    "axes": "axis",
    "indices": "index",
    "matrices": "matrix",
    "vertices": "vertex",
    "appendices": "appendix",
    "stimuli": "stimulus",
    "foci": "focus",
    "nuclei": "nucleus",
    "radii": "radius",
    "alumni": "alumnus",
    "syllabi": "syllabus",
    "fungi": "fungus",
    "corpora": "corpus",
    "genera": "genus",
    "schemata": "schema",
    "lives": "life",
    "wives": "wife",
    "knives": "knife",
    "leaves": "leaf",
    "halves": "half",
    "selves": "self",
    "shelves": "shelf",
    "wolves": "wolf",
    "thieves": "thief",
}
"""Plural -> singular of words the suffix rules get wrong."""

INVARIANT = frozenset(
    [
        "series",
        "species",
        "news",
        "means",
        "data",
        "media",
        "people",
        "police",
        "staff",
        "analytics",
        "ethics",
        "economics",
        "physics",
        "mathematics",
        "statistics",
        "politics",
        "linguistics",
        "robotics",
        "logistics",
        "informatics",
        "bioinformatics",
        "genomics",
        "proteomics",
        "dynamics",
        "mechanics",
        "electronics",
        "bibliometrics",
        "scientometrics",
        "econometrics",
        "ergonomics",
        "semantics",
        "aesthetics",
        "athletics",
        "optics",
        "acoustics",
        "kinetics",
        "thermodynamics",
        "cybernetics",
        "geopolitics",
        "humanities",
    ]
)
"""Words ending in -s (or plural in form) that are kept as they are."""

_SIBILANT_ES = ("sses", "xes", "ches", "shes")
_ES_AFTER = ("oes", "ses", "zes")  # -es may be the plural ending only after o, s, z (x: above)


def normalize_word(token: str) -> str:
    """Lower case, accents stripped, only letters, digits and inner hyphens kept."""
    decomposed = unicodedata.normalize("NFKD", token.replace("\u2010", "-").replace("\u2011", "-"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    word = _NOT_WORD.sub("", plain.lower())
    return _HYPHEN_RUNS.sub("-", word).strip("-")


def _looks_plural(word: str) -> bool:
    """Plural as a noun: by the lexicon when it knows the word as a noun, else by the -s rule.

    The word ends a noun phrase, so it is a noun even where the lexicon's first tag is a verb
    ("audits" VBZ) or the word is unknown; then textblob's -s rule decides (not -is, -ous,
    -ss, -us).
    """
    tag = lexicon().get(word)
    if tag in ("NNS", "NNPS"):
        return True
    if tag in ("NN", "NNP"):
        return False
    return not word.endswith(("is", "ous", "ss", "us"))


def _candidates(word: str) -> list[str]:
    """Possible singulars of a word ending in -s, the rule-based default first."""
    if word.endswith("ies") and len(word) > 4:
        return [word[:-3] + "y", word[:-1]]
    if word.endswith("ves"):
        return [word[:-1], word[:-3] + "f", word[:-3] + "fe"]
    if word.endswith("zzes"):
        return [word[:-3], word[:-2]]
    if word.endswith(_SIBILANT_ES):
        return [word[:-2], word[:-1]]
    if word.endswith(_ES_AFTER):
        return [word[:-1], word[:-2]]
    return [word[:-1]]


def singularize(word: str) -> str:
    """Singular of a normalized word (only the part after the last hyphen changes).

    Irregular plurals come from :data:`IRREGULAR`; :data:`INVARIANT` words stay; a word the
    lexicon tags as a plural noun (or, unless it tags it as a singular noun, any word in -s but
    -is/-ous/-ss/-us) loses its ending: -ies -> -y, -ves -> -ve/-f/-fe, -zzes -> -z,
    -sses/-xes/-ches/-shes -> drop -es, -oes/-ses/-zes -> drop -s or -es, -s -> drop -s
    ("nodes" -> "node", not the lexicon's "nod"). Among the
    candidates the first that the lexicon knows as a singular noun wins, else the first it
    knows at all, else the rule's default (the first).
    """
    head, dash, last = word.rpartition("-")
    if last in IRREGULAR:
        return head + dash + IRREGULAR[last]
    if len(last) < 3 or last in INVARIANT or not last.endswith("s") or not _looks_plural(last):
        return word
    options = _candidates(last)
    words = lexicon()
    nouns = [option for option in options if words.get(option) in _NOUN]
    known = [option for option in options if option in words]
    return head + dash + (nouns or known or options)[0]


def singular_form(token: str) -> str:
    """The normalized, singular form of a token ending a term (short all-caps acronyms stay)."""
    word = normalize_word(token)
    if token.isupper() and len(token) <= 5:
        return word
    return singularize(word)


def compact_key(label: str) -> str:
    """A term's label without spaces and hyphens: the key that merges spelling variants."""
    return _SPACES_HYPHENS.sub("", label)
