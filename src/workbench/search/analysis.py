"""Turn text into index terms, the same way for notes and queries.

Words are lowercased, British spellings mapped to American ones (so `regularisation`
finds `regularization`), question words dropped and the rest stemmed with Snowball English
plus one extra step that folds `-ity` nouns into their adjectives (`sparsity` -> `sparse`).
Hyphenated words and a single letter before a word are also filed joined (`k-means`,
`k means` and `kmeans` all give `kmean`).
"""

from __future__ import annotations

import re
import threading
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import TypeVar

from whoosh.analysis import Token, Tokenizer
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter2 import stem as porter2_stem

_T = TypeVar("_T")

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


SECTION = "\x1e"
"""Starts a section of a field value: `SECTION boost BOOST_END text` (see `weighted`)."""
BOOST_END = "\x1f"


def weighted(sections: list[tuple[str, float]]) -> str:
    """One field value made of texts with their own weights (title words count 3x, ...).

    The separators are control characters, which `clean_text` removes from every note
    and query, so they cannot occur in the texts themselves.
    """
    return "".join(f"{SECTION}{boost:g}{BOOST_END}{text}" for text, boost in sections if text)


def _sections(value: str) -> Iterator[tuple[str, float]]:
    if SECTION not in value:
        yield value, 1.0
        return
    for part in value.split(SECTION):
        boost, _, text = part.partition(BOOST_END) if BOOST_END in part else ("1", "", part)
        try:
            yield text, float(boost or 1)
        except ValueError:
            yield text, 1.0


JOIN_GAPS = ("-", " ")


def _joined(text: str, first: re.Match[str], second: re.Match[str]) -> str | None:
    """The one word two neighbours also stand for: `k-means`, `k means` -> `kmeans`,
    `self-attention` -> `selfattention`, so each spelling finds the others."""
    gap = text[first.end():second.start()]
    if gap == "-" or (gap in JOIN_GAPS and len(first.group()) == 1 and first.group().isalpha()):
        return first.group() + second.group()
    return None


def _word_terms(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """(term, word match) of each word of `text`, plus the term of each joined pair."""
    previous: re.Match[str] | None = None
    for match in WORD.finditer(text):
        if previous is not None:
            joined = _joined(text, previous, match)
            joined_term = term_for(joined) if joined else None
            if joined_term is not None:
                yield joined_term, match
        term = term_for(match.group())
        if term is not None:
            yield term, match
        previous = match


def join_single_letters(text: str) -> str:
    """`k means` and `k-means` as `kmeans`, the way the index also files them (queries)."""
    return _SINGLE_LETTER.sub(r"\1", text)


_SINGLE_LETTER = re.compile(r"(?<![\w.:\-\"'*])([b-hj-zB-HJ-Z])[ -](?!(?:OR|AND|NOT)\b)(?=\w\w)")


class TermTokenizer(Tokenizer):
    """Words straight to index terms in one pass (`term_for`), skipping stop words.

    One cached function instead of a chain of filters makes indexing several times faster
    and guarantees that queries, highlighting and the index agree on every term. Sections
    made by `weighted` give their tokens a boost, which Whoosh adds into the term weight:
    BM25F's weighted term frequency in a single field. With `pairs=True` it emits each
    two neighbouring terms as one term (`pair_term`), so a phrase is a single lookup.
    """

    def __init__(self, pairs: bool = False) -> None:
        self.pairs = pairs

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TermTokenizer) and other.pairs == self.pairs

    def __hash__(self) -> int:
        return hash((self.__class__, self.pairs))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for text, boost in _sections(value):
            for term, match in self._terms(text):
                token.text = term
                token.boost = boost
                token.stopped = False
                if keeporiginal:
                    token.original = match.group()
                if positions:
                    token.pos = position
                if chars:
                    token.startchar = start_char + match.start()
                    token.endchar = start_char + match.end()
                position += 1
                yield token

    def _terms(self, text: str) -> Iterator[tuple[str, re.Match[str]]]:
        """(term, word match) of each word, or with `pairs`, of each two neighbouring words
        as written (the match is the second word's)."""
        if not self.pairs:
            yield from _word_terms(text)
            return
        previous: str | None = None
        for match in WORD.finditer(text):
            term = term_for(match.group())
            if term is None:
                continue
            if previous is not None:
                yield pair_term(previous, term), match
            previous = term

    def section_terms(self, value: str) -> list[tuple[list[str], float]]:
        """The terms of each section of `value` (pair terms with `pairs`) and its boost:
        the terms `__call__` yields, for `term_weights` and `writer.FastWriter` to count."""
        return [(analyse(text).pairs if self.pairs else analyse(text).terms, boost)
                for text, boost in _sections(value)]

    @property
    def names(self) -> list[str]:
        """The term of each number `section_numbers` gives."""
        return pair_names() if self.pairs else TERM_NAMES

    def section_numbers(self, value: str) -> list[tuple[array[int], float]]:
        """`section_terms` as numbers of terms (`names`): what `writer.FastWriter` files."""
        return [(analyse(text).buckets if self.pairs else analyse(text).numbers, boost)
                for text, boost in _sections(value)]

    def term_weights(self, value: str) -> dict[str, tuple[int, float]]:
        """Each term of `value` with its count and summed boost: what indexing needs, in
        one pass without Token objects (the same terms `__call__` yields).

        Each section's text is analysed once (`analyse`) for every field that indexes it;
        a term's weight is its count times the section's boost (boosts are multiples of
        a half, so this is exactly the sum of one boost per occurrence)."""
        found = self.section_terms(value)
        if len({boost for _, boost in found}) <= 1:  # one boost: one count does it
            boost = found[0][1] if found else 1.0
            every = Counter(chain.from_iterable(terms for terms, _ in found))
            return {term: (count, count * boost) for term, count in every.items()}
        counts: dict[str, tuple[int, float]] = {}
        for terms, boost in found:
            for term, count in Counter(terms).items():
                old_count, old_weight = counts.get(term, (0, 0.0))
                counts[term] = (old_count + count, old_weight + count * boost)
        return counts


@dataclass(frozen=True)
class Analysis:
    """What indexing needs from one text, found in a single pass over its words."""

    terms: list[str]
    """Terms of the words, then of joined neighbours (`TermTokenizer`: the same terms,
    in another order)."""
    numbers: array[int]
    """The terms' numbers (`TERM_NAMES`), which indexing files."""
    buckets: array[int]
    """Pair terms of neighbouring terms (`TermTokenizer(pairs=True)`), as numbers
    (`pair_names`)."""
    words: list[str]
    """Distinct lowercased words that have a term (`surface_words`)."""

    @property
    def pairs(self) -> list[str]:
        """The pair terms."""
        return list(map(pair_names().__getitem__, self.buckets))


CACHED_WORDS = 200_000
"""At most this many words in each of the caches below (they start over when full)."""


class _Cache(dict[str, _T]):
    """key -> `make(key)`, made on first sight: `map(cache.__getitem__, keys)` runs in C
    for the keys seen before, which are nearly all of them."""

    def __init__(self, make: Callable[[str], _T]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> _T:
        if len(self) >= CACHED_WORDS:
            self.clear()
        value = self[key] = self._make(key)
        return value


_WORDS_AND_GAPS = re.compile(f"({WORD.pattern})")
"""WORD as a group: `split` gives the text between words and the words, in turn."""


@lru_cache(maxsize=256)
def analyse(text: str) -> Analysis:
    """The terms, pair terms and surface words of `text` (a question's title and its
    topic's title recur across fields and questions, hence the cache).

    Words are split and looked up in C (`_WORDS_AND_GAPS.split`, `_TERMS`), match
    objects never made: this runs for every word of every note.
    """
    parts = _WORDS_AND_GAPS.split(text)
    words = parts[1::2]
    word_terms = list(filter(None, map(_TERMS.__getitem__, words)))
    # `_joined`: the gap between words[i] and words[i + 1] is parts[2 * i + 2].
    joined = [first + second
              for first, gap, second in zip(words[:-1], parts[2:-1:2], words[1:], strict=True)
              if gap == "-" or (gap == " " and len(first) == 1 and first.isalpha())]
    terms = word_terms + list(filter(None, map(_TERMS.__getitem__, joined)))
    # pair_term's CRC, continued from the first term's instead of computed afresh.
    crc32 = zlib.crc32
    befores = map(_CRC_BEFORE.__getitem__, word_terms[:-1])
    seconds = map(_ENCODED.__getitem__, word_terms[1:])
    buckets = array("i", [crc32(second, before) & _LAST_BUCKET
                          for before, second in zip(befores, seconds, strict=True)])
    distinct = dict.fromkeys(map(str.lower, words))
    return Analysis(terms, array("i", map(_TERM_NUMBERS.__getitem__, terms)), buckets,
                    [word for word in distinct if _TERMS[word] is not None])


PAIR_BUCKETS = 1 << 16
_LAST_BUCKET = PAIR_BUCKETS - 1


@lru_cache(maxsize=1)
def pair_names() -> list[str]:
    """The pair term of each bucket number (`pair_term`), made when an index is first
    written: 65,536 strings held 4 MB in every app that only searches."""
    return [format(bucket, "04x") for bucket in range(PAIR_BUCKETS)]


@lru_cache(maxsize=65536)
def pair_term(first: str, second: str) -> str:
    """The index term of two neighbouring terms, for phrase lookups.

    Pairs are hashed into PAIR_BUCKETS terms: storing every distinct pair made the index
    four times bigger and slower to build. A phrase query also requires its words, so a
    hash collision only adds a document that has both words and a colliding pair.
    """
    return format(zlib.crc32(f"{first} {second}".encode()) % PAIR_BUCKETS, "04x")


@lru_cache(maxsize=65536)
def term_for(word: str) -> str | None:
    """The index term of one word, or None for a stop word or a too-short word."""
    lowered = word.lower()
    if len(lowered) < 2 or lowered in STOP:
        return None
    return stem(americanize(lowered))


_TERMS: _Cache[str | None] = _Cache(term_for)
_CRC_BEFORE: _Cache[int] = _Cache(lambda term: zlib.crc32(f"{term} ".encode()))
"""The CRC of a term and the space after it, which `pair_term` continues."""
_ENCODED: _Cache[bytes] = _Cache(str.encode)


class _Numbering(dict[str, int]):
    """Numbers terms in the order first seen (never forgotten: an index being written
    holds their numbers); `TERM_NAMES[number]` is the term. New terms are numbered under
    a lock, so indexes written by two threads at once never share a number."""

    def __missing__(self, term: str) -> int:
        with _NUMBERING:
            number = self.get(term)
            if number is None:
                number = len(TERM_NAMES)
                TERM_NAMES.append(term)  # named before anyone can read the number
                self[term] = number
            return number


TERM_NAMES: list[str] = []
_TERM_NUMBERS = _Numbering()
_NUMBERING = threading.Lock()


def surface_words(text: str) -> list[str]:
    """Distinct lowercased words of a text that have a term: the spelling/prefix vocabulary."""
    return analyse(text).words


def terms_of(text: str) -> list[str]:
    """Index terms of a text, in order (stop words dropped)."""
    terms = (term_for(m.group()) for m in WORD.finditer(text))
    return [t for t in terms if t is not None]
