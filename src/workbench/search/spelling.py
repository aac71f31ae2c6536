"""Correct a misspelt query word from the index's own vocabulary, fast enough to run per key.

Symmetric-delete lookup: every vocabulary word is filed under itself and its one-letter
deletions, so a query word reaches candidates within two edits with a few lookups, then
the nearest (ties: the most frequent) wins. Words are compared with `z` read as `s`, so a
British spelling with a typo (`regularisaton`) still finds `regularization`.

The vocabulary is held as one UTF-8 buffer and the deletions by hash in flat arrays, not
as a string and a dict entry each: ten deletions a word made the dicts the biggest thing
a big notes folder's search kept in memory.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import accumulate

import numpy as np


def _fold(word: str) -> str:
    return word.replace("z", "s")


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance counting a swap of neighbours as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


class Speller:
    """The index's surface vocabulary: completes prefixes, suggests the nearest known word."""

    def __init__(self, vocabulary: Iterable[tuple[str, int]], min_length: int = 3) -> None:
        counts = dict(vocabulary)
        words = sorted(counts)
        encoded = [word.encode("utf-8") for word in words]
        self._buffer = b"".join(encoded)
        self._ends = array("I", accumulate(len(e) for e in encoded))
        """Where each word (in sorted order) ends in `_buffer`."""
        self._counts = array("I", (counts[word] for word in words))
        self._known = bytearray(len(words))
        """1 for the words corrections may give and take (letters only, long enough)."""
        hashes, owners = array("q"), array("q")
        for number, word in enumerate(words):
            if len(word) < min_length or not word.isalpha():
                continue
            self._known[number] = 1
            folded = _fold(word)
            keys = (folded, *_deletes(folded))
            hashes.extend(map(hash, keys))
            owners.extend([number] * len(keys))
        order = np.argsort(np.frombuffer(hashes, np.int64), kind="stable")
        self._delete_hashes = array("q", np.frombuffer(hashes, np.int64)[order].tobytes())
        """The hash of every key a word is filed under (itself, its deletions), sorted."""
        self._delete_words = array("I", np.frombuffer(owners, np.int64)[order]
                                   .astype(np.uint32).tobytes())
        """The number of the word filed under each of `_delete_hashes`."""
        self._nearest_cache: dict[tuple[str, int], str | None] = {}

    def __len__(self) -> int:
        return len(self._ends)

    def _word(self, number: int) -> str:
        start = self._ends[number - 1] if number else 0
        return self._buffer[start : self._ends[number]].decode("utf-8")

    def _number(self, word: str) -> int | None:
        """Where `word` is in the sorted vocabulary, or None."""
        number = bisect_left(range(len(self)), word, key=self._word)
        return number if number < len(self) and self._word(number) == word else None

    def frequency(self, word: str) -> int | None:
        """How many documents have `word`, if corrections may give and take it."""
        number = self._number(word)
        return self._counts[number] if number is not None and self._known[number] else None

    def completions(self, prefix: str, scan: int) -> list[tuple[int, str]]:
        """(count, word) of the first `scan` vocabulary words starting with `prefix`."""
        start = bisect_left(range(len(self)), prefix, key=self._word)
        found = []
        for number in range(start, min(start + scan, len(self))):
            word = self._word(number)
            if not word.startswith(prefix):
                break
            found.append((self._counts[number], word))
        return found

    def correct(self, word: str) -> str | None:
        """The best known word within two edits of `word`, or None (also for a known word)."""
        word = word.lower()
        if len(word) < 3 or self.frequency(word) is not None:
            return None
        return self._nearest(word, 0)

    def suggest(self, word: str) -> str | None:
        """For a known word, a more frequent known word within reach (`outer` -> `other`)."""
        word = word.lower()
        frequency = self.frequency(word) if len(word) >= 4 else None
        if frequency is None:
            return None
        return self._nearest(word, frequency)

    def _nearest(self, word: str, above: int) -> str | None:
        """Remembered per word: typing asks about the same words key after key."""
        key = (word, above)
        if key not in self._nearest_cache:
            if len(self._nearest_cache) >= 10_000:
                self._nearest_cache.clear()
            self._nearest_cache[key] = self._find_nearest(word, above)
        return self._nearest_cache[key]

    def _filed_under(self, key: str) -> Iterator[int]:
        """Numbers of the words filed under `key` (and of any whose key's hash collides)."""
        wanted = hash(key)
        i = bisect_left(self._delete_hashes, wanted)
        while i < len(self._delete_hashes) and self._delete_hashes[i] == wanted:
            yield self._delete_words[i]
            i += 1

    def _find_nearest(self, word: str, above: int) -> str | None:
        limit = 1 if len(word) <= 4 else 2
        folded = _fold(word)
        candidates: set[int] = set()
        for key in (folded, *_deletes(folded)):
            candidates.update(self._filed_under(key))
        best: tuple[int, int, str] | None = None
        for number in candidates:
            candidate, frequency = self._word(number), self._counts[number]
            if frequency <= above or _fold(candidate) == folded:
                continue
            distance = edit_distance(folded, _fold(candidate))
            if distance > limit:
                continue
            rank = (distance, -frequency, candidate)
            if best is None or rank < best:
                best = rank
        return best[2] if best else None
