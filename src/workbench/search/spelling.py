"""Correct a misspelt query word from the index's own vocabulary, fast enough to run per key.

Symmetric-delete lookup: every vocabulary word is filed under itself and its one-letter
deletions, so a query word reaches candidates within two edits with a few dict lookups,
then the nearest (ties: the most frequent) wins. Words are compared with `z` read as `s`,
so a British spelling with a typo (`regularisaton`) still finds `regularization`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable


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
        self.frequency: dict[str, int] = {}
        self._by_delete: dict[str, list[str]] = {}
        self._counts = dict(vocabulary)
        self._sorted = sorted(self._counts)
        self._nearest_cache: dict[tuple[str, int], str | None] = {}
        for word, count in self._counts.items():
            if len(word) < min_length or not word.isalpha():
                continue
            self.frequency[word] = count
            folded = _fold(word)
            for key in (folded, *_deletes(folded)):
                self._by_delete.setdefault(key, []).append(word)

    def completions(self, prefix: str, scan: int) -> list[tuple[int, str]]:
        """(count, word) of the first `scan` vocabulary words starting with `prefix`."""
        start = bisect_left(self._sorted, prefix)
        found = []
        for word in self._sorted[start : start + scan]:
            if not word.startswith(prefix):
                break
            found.append((self._counts[word], word))
        return found

    def correct(self, word: str) -> str | None:
        """The best known word within two edits of `word`, or None (also for a known word)."""
        word = word.lower()
        if word in self.frequency or len(word) < 3:
            return None
        return self._nearest(word, 0)

    def suggest(self, word: str) -> str | None:
        """For a known word, a more frequent known word within reach (`outer` -> `other`)."""
        word = word.lower()
        if word not in self.frequency or len(word) < 4:
            return None
        return self._nearest(word, self.frequency[word])

    def _nearest(self, word: str, above: int) -> str | None:
        """Remembered per word: typing asks about the same words key after key."""
        key = (word, above)
        if key not in self._nearest_cache:
            if len(self._nearest_cache) >= 10_000:
                self._nearest_cache.clear()
            self._nearest_cache[key] = self._find_nearest(word, above)
        return self._nearest_cache[key]

    def _find_nearest(self, word: str, above: int) -> str | None:
        limit = 1 if len(word) <= 4 else 2
        folded = _fold(word)
        candidates: set[str] = set()
        for key in (folded, *_deletes(folded)):
            candidates.update(self._by_delete.get(key, ()))
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            if self.frequency[candidate] <= above or _fold(candidate) == folded:
                continue
            distance = edit_distance(folded, _fold(candidate))
            if distance > limit:
                continue
            rank = (distance, -self.frequency[candidate], candidate)
            if best is None or rank < best:
                best = rank
        return best[2] if best else None
