"""Find the query's words in a text and cut a snippet around them, as (text, is_match) pieces.

Words are matched through the same analysis as the index, so `regularisation` in a
query lights up `regularization` and `regularized` in the notes.
"""

from __future__ import annotations

from functools import lru_cache

from workbench.search.analysis import WORD, term_for

Segments = tuple[tuple[str, bool], ...]
"""Plain text pieces; True marks a matched word. Safe for rich.text.Text (never markup)."""

Token = tuple[int, int, str | None, str]
"""(start, end, index term or None, lowercased word) of one word in a text."""


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[Token, ...]:
    """The words of a text with their index terms (cached: answers are scanned on every query)."""
    return tuple(
        (m.start(), m.end(), term_for(m.group()), m.group().lower()) for m in WORD.finditer(text)
    )


def _is_match(token: Token, terms: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    _, _, term, lowered = token
    return (term is not None and term in terms) or (
        bool(prefixes) and lowered.startswith(prefixes)
    )


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
    spans = [(s, e) for s, e, *_ in (t for t in tokens(text) if _is_match(t, terms, prefixes))]
    return _segments(text, spans, 0, len(text))


def snippet(
    text: str, terms: frozenset[str], prefixes: tuple[str, ...] = (), width: int = 24
) -> Segments:
    """About `width` words of the text around the densest cluster of matches."""
    words = tokens(text)
    if not words:
        return ((text[:200], False),) if text else ()
    matches = [i for i, token in enumerate(words) if _is_match(token, terms, prefixes)]
    first = 0
    if matches:
        best, left = 0, 0
        for right in range(len(matches)):
            while matches[right] - matches[left] >= width:
                left += 1
            if right - left + 1 > best:
                best, first = right - left + 1, matches[left]
        first = max(0, first - 3)
    last = min(len(words), first + width) - 1
    first = max(0, min(first, last - width + 1))
    start, end = words[first][0], words[last][1]
    if last == len(words) - 1:
        end = len(text)
    spans = [(words[i][0], words[i][1]) for i in matches if first <= i <= last]
    pieces = list(_segments(text, spans, start, end))
    if start > 0:
        pieces.insert(0, ("… ", False))
    if end < len(text):
        pieces.append((" …", False))
    return tuple(pieces)
