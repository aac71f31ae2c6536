"""A top-N collector with a time budget, so one query can never stall typing.

Whoosh scores every document that matches (block-max skipping rarely helps when scores
are close), which costs about 20 µs a document in Python: two common words in a 20,000
question corpus can match 16,000 documents (300 ms). Past the budget the collector stops
and the hits are the best of the documents scored so far, flagged as partial.
"""

from __future__ import annotations

import time

from whoosh.collectors import TopCollector
from whoosh.query import Query
from whoosh.searching import Searcher

CHECK_EVERY = 64
"""Documents scored between looks at the clock."""


class BudgetCollector(TopCollector):
    """TopCollector that stops after `budget` seconds, or after `limit` hits when unranked."""

    def __init__(
        self, limit: int, budget: float, ranked: bool = True, excluded: frozenset[int] = frozenset()
    ) -> None:
        super().__init__(limit=limit)
        self.budget = budget
        self.ranked = ranked
        self.excluded = excluded
        """Global document numbers never to collect (`-word`)."""
        self.partial = False
        """True when the budget ran out before every match was scored."""
        self._deadline = 0.0

    def prepare(self, top_searcher: Searcher, q: Query, context: object) -> None:
        """Start the clock for this query."""
        super().prepare(top_searcher, q, context)
        self._deadline = time.perf_counter() + self.budget
        self.partial = False

    def collect_matches(self) -> None:
        """Score matches of the current segment until done, out of time, or (unranked) full."""
        if self.partial:
            return
        collect = self.collect
        clock = time.perf_counter
        excluded, offset = self.excluded, self.offset
        for count, docnum in enumerate(self.matches(), 1):
            if excluded and offset + docnum in excluded:
                continue
            collect(docnum)
            if not self.ranked and len(self.items) >= self.limit:
                return
            if count % CHECK_EVERY == 0 and clock() > self._deadline:
                self.partial = True
                return
