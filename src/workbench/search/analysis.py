"""Turn text into index terms, the same way for notes and queries.

Words are lowercased, British spellings mapped to American ones (so `regularisation`
finds `regularization`), question words dropped and the rest stemmed with Snowball English
plus one extra step that folds `-ity` nouns into their adjectives (`sparsity` -> `sparse`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter, Token
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter2 import stem as porter2_stem

WORD = re.compile(r"\w+(?:\.?\w+)*")
"""What counts as a word, in the index and when highlighting."""

QUESTION_WORDS = frozenset(
    [
        "why",
        "what",
        "how",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "does",
        "do",
        "did",
        "vs",
        "versus",
        "explain",
        "describe",
        "between",
        "difference",
        "would",
        "should",
        "could",
    ]
)
STOP = STOP_WORDS | QUESTION_WORDS

_WHOLE_WORDS = {
    "behaviour": "behavior",
    "behaviours": "behaviors",
    "colour": "color",
    "neighbour": "neighbor",
    "neighbours": "neighbors",
    "neighbourhood": "neighborhood",
    "favour": "favor",
    "labour": "labor",
    "defence": "defense",
    "licence": "license",
    "centre": "center",
    "centred": "centered",
    "grey": "gray",
    "catalogue": "catalog",
    "analogue": "analog",
    "dialogue": "dialog",
    "programme": "program",
}
_ISE_EXCEPTIONS = frozenset(
    [
        "wise",
        "otherwise",
        "likewise",
        "clockwise",
        "noise",
        "raise",
        "praise",
        "rise",
        "arise",
        "sunrise",
        "precise",
        "concise",
        "exercise",
        "expertise",
        "enterprise",
        "surprise",
        "promise",
        "premise",
        "compromise",
        "advise",
        "devise",
        "revise",
        "supervise",
        "televise",
        "improvise",
        "disguise",
        "franchise",
        "merchandise",
        "paradise",
        "poise",
        "cruise",
        "bruise",
        "chemise",
        "treatise",
        "demise",
        "excise",
        "incise",
    ]
)
_BRITISH_SUFFIXES = (
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("iser", "izer"),
    ("isers", "izers"),
    ("ise", "ize"),
    ("ysing", "yzing"),
    ("ysed", "yzed"),
    ("yse", "yze"),
    ("elling", "eling"),
    ("elled", "eled"),
)


@lru_cache(maxsize=65536)
def americanize(word: str) -> str:
    """`regularisation` -> `regularization`: one spelling per word, for index and query alike."""
    if word in _WHOLE_WORDS:
        return _WHOLE_WORDS[word]
    for british, american in _BRITISH_SUFFIXES:
        base = word[: len(word) - len(british)]
        if word.endswith(british) and len(base) >= 3:
            if british.startswith("is") and base + "ise" in _ISE_EXCEPTIONS:
                return word
            return base + american
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem, then fold `-ity` into the adjective (`sparsiti` -> `spars`)."""
    base = porter2_stem(word)
    if base.endswith("iti") and len(base) >= 7:
        return base[:-3]
    return base


class AmericanSpellingFilter(Filter):
    """Rewrites British spellings so both spellings reach the same term."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = americanize(token.text)
            yield token


class CachedStemFilter(Filter):
    """Stems with `stem` (cached), so highlighting and indexing agree exactly."""

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


def text_analyzer() -> CompositeAnalyzer:
    """The analyzer of every full-text field."""
    return (
        RegexTokenizer(WORD)
        | LowercaseFilter()
        | AmericanSpellingFilter()
        | StopFilter(stoplist=STOP, minsize=2)
        | CachedStemFilter()
    )


def word_analyzer() -> CompositeAnalyzer:
    """Lowercased surface words, unstemmed: the vocabulary for prefixes and spelling fixes."""
    return RegexTokenizer(WORD) | LowercaseFilter() | StopFilter(stoplist=STOP, minsize=2)


@lru_cache(maxsize=65536)
def term_for(word: str) -> str | None:
    """The index term of one word, or None for a stop word or a too-short word."""
    lowered = word.lower()
    if len(lowered) < 2 or lowered in STOP:
        return None
    return stem(americanize(lowered))


def terms_of(text: str) -> list[str]:
    """Index terms of a text, in order (stop words dropped)."""
    terms = (term_for(m.group()) for m in WORD.finditer(text))
    return [t for t in terms if t is not None]
