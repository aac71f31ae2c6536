"""Find the query's words in a text and cut a snippet around them, as (text, is_match) pieces.

Words are matched through the same analysis as the index, so `regularisation` in a
query lights up `regularization` and `regularized` in the notes. Candidate words are
found by their first letters (every word of a term starts with the same three letters as
the term) so only those few go through the stemmer.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from workbench.search.analysis import term_for

Segments = tuple[tuple[str, bool], ...]
"""Plain text pieces; True marks a matched word. Safe for rich.text.Text (never markup)."""

LEAD = 3
"""Letters a word shares with its term (stemming and spelling rules only change endings)."""


@lru_cache(maxsize=512)
def _leads(terms: frozenset[str], prefixes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({t[:LEAD] for t in terms} | set(prefixes)))


@lru_cache(maxsize=512)
def _candidates(terms: frozenset[str], prefixes: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(lead) for lead in
                            sorted(_leads(terms, prefixes), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*(?:\.\w+)*", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _lead_words(lead: str) -> re.Pattern[str]:
    """Whole words starting with `lead`, in lowercased text: the lead itself, then a look
    back for a word character before it. The pattern starts with the lead's letters, so
    the engine skips to them (a pattern that starts with the word boundary is tried at
    every position, which was most of a search's time). One pattern per lead, not per
    query: the next query's leads are mostly this one's, and compiling a pattern of all a
    query's leads was a tenth of a search's time."""
    return re.compile(rf"{re.escape(lead)}(?<!\w{re.escape(lead)})\w*(?:\.\w+)*")


def _candidate_words(text: str, leads: tuple[str, ...]) -> Iterator[re.Match[str]]:
    """Words of `text` starting with one of the leads (matches over `text` lowercased),
    in order.

    Matches of two leads that overlap are one word (they end together: the rest of a
    word does not depend on where in it a match starts), found once."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lowercase is longer: positions shift
        return _candidates(frozenset(), leads).finditer(text)
    present = [lead for lead in leads if lead in lowered]  # most texts have one or none
    if len(present) <= 1:
        return _lead_words(present[0]).finditer(lowered) if present else iter(())
    found = sorted((match for lead in present for match in _lead_words(lead).finditer(lowered)),
                   key=re.Match.start)
    return _apart(found)


def _apart(found: list[re.Match[str]]) -> Iterator[re.Match[str]]:
    """Matches in order of their start, less those that start inside the one before."""
    end = -1
    for match in found:
        if match.start() >= end:
            end = match.end()
            yield match


def matches(
    text: str, terms: frozenset[str], prefixes: tuple[str, ...] = ()
) -> list[tuple[int, int]]:
    """(start, end) of every word of `text` that the query matches."""
    leads = _leads(terms, prefixes)
    if not leads:
        return []
    spans = []
    for match in _candidate_words(text, leads):
        word = match.group()
        if term_for(word) in terms or (prefixes and word.lower().startswith(prefixes)):
            spans.append(match.span())
    return spans


def _segments(text: str, spans: list[tuple[int, int]], start: int, end: int) -> Segments:
    pieces: list[tuple[str, bool]] = []
    position = start
    for span_start, span_end in spans:
        if span_start > position:
            pieces.append((text[position:span_start], False))
        pieces.append((text[span_start:span_end], True))
        position = span_end
    if position < end:
        pieces.append((text[position:end], False))
    return tuple(pieces)


def mark(text: str, terms: frozenset[str], prefixes: tuple[str, ...] = ()) -> Segments:
    """The whole text, with every matching word marked."""
    return _segments(text, matches(text, terms, prefixes), 0, len(text))


def snippet(
    text: str, terms: frozenset[str], prefixes: tuple[str, ...] = (), width: int = 180
) -> Segments:
    """About `width` characters of the text around the densest cluster of matches."""
    spans = matches(text, terms, prefixes)
    lead_in = width // 5
    start = 0
    if spans:
        starts = [s for s, _ in spans]
        best = -1
        for first, anchor in enumerate(starts):
            count = bisect_left(starts, anchor + width - lead_in, first) - first
            if count > best:
                best, start = count, max(0, anchor - lead_in)
    if len(text) - start < width:
        start = max(0, len(text) - width)
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < end else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    inside = [(s, e) for s, e in spans if s >= start and e <= end]
    pieces = list(_segments(text, inside, start, end))
    if start > 0:
        pieces.insert(0, ("… ", False))
    if end < len(text):
        pieces.append((" …", False))
    return tuple(pieces)
