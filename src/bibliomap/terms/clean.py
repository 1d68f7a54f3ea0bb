"""Boilerplate removed from titles and abstracts before mining (METHODS.md sec. 1.1).

- A copyright statement runs from its marker to the end of the text: ``©`` anywhere, or at a
  sentence start ``Copyright`` followed by ``©``, ``(c)``, a year, ``:``, ``by``, ``held`` or ``the
  author(s)``, ``(c)``/``(C)`` followed by a year, ``Crown copyright``,
  ``Published by``, ``This article is protected by copyright`` (publishers put it last).
- A structured-abstract label is a known heading at a sentence start followed by ``:``, an en
  or em dash, or `` - ``: ``Purpose:``, ``Design/methodology/approach:``, ``Findings -``,
  ``Materials and methods:``; headings combine with ``/``, ``and``, ``&`` or commas.
- Curly quotes become straight ones, so the tagger sees ``'s`` as it knows it.
"""

from __future__ import annotations

import polars as pl

LABEL_WORDS = (
    "abstract",
    "aims?",
    "applications?",
    "approach",
    "background",
    "conclusions?",
    "context",
    "design",
    "discussion",
    "findings",
    "graphical abstract",
    "implications",
    "improvements",
    "interventions?",
    "introduction",
    "limitations",
    "main outcome measures?",
    "managerial implications",
    "managerial summary",
    "materials",
    "measurements",
    "methods?",
    "methodology",
    "methods/statistical analysis",
    "novelty",
    "objectives?",
    "originality",
    "participants",
    "practical implications",
    "problem",
    "purpose",
    "research design",
    "research limitations",
    "research summary",
    "results?",
    "settings?",
    "significance",
    "social implications",
    "summary",
    "theoretical implications",
    "value",
)
"""Headings of structured abstracts (regular expressions, matched case-insensitively)."""

_SENTENCE_START = r"(^|[.!?]\s+)"
_LABEL = "(?:" + "|".join(LABEL_WORDS) + ")"
LABEL_PATTERN = (
    rf"(?i){_SENTENCE_START}{_LABEL}(?:\s*(?:/|,|&|\band\b)\s*{_LABEL})*"
    r"\s*(?::|[\u2013\u2014]|\s-)\s*"
)
_COPYRIGHT_STARTS = (
    r"(?i:copyright\s*(?:©|\(c\)|\d{4}|:|by\b|held\b|the\s+authors?\b))",
    r"\([cC]\)\s*\d{4}",
    r"(?i:crown copyright)",
    r"(?i:authors?(?:\(s\))? retains? (?:the )?copyright)",
    r"Published by ",
    r"This article is protected by copyright",
)
COPYRIGHT_PATTERN = r"(?s)(?:©|(?:^|[.!?]\s+)(?:" + "|".join(_COPYRIGHT_STARTS) + r")).*$"
_QUOTES = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}


def remove_copyright(text: pl.Expr) -> pl.Expr:
    """The text without its trailing copyright statement (the sentence end before it stays)."""
    return text.str.replace(COPYRIGHT_PATTERN, " .", literal=False)


def remove_labels(text: pl.Expr) -> pl.Expr:
    """The text without structured-abstract headings (the sentence end before each stays)."""
    return text.str.replace_all(LABEL_PATTERN, "${1}")


def straighten_quotes(text: pl.Expr) -> pl.Expr:
    """Curly quotes replaced by straight ones."""
    return text.str.replace_many(list(_QUOTES), list(_QUOTES.values()))


def clean_text(text: pl.Expr, *, boilerplate: bool = True) -> pl.Expr:
    """Quotes straightened and, with ``boilerplate``, copyright statements and labels removed."""
    text = straighten_quotes(text)
    if boilerplate:
        text = remove_labels(remove_copyright(text))
    return text
