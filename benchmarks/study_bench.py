"""Study speed at scale: 20,000 cards and 200,000 review logs.

Measures grade-to-next-card latency (commit included) and the stats query time.
Last line is machine-readable:
`study: cards=20000 reviews=200000 next_p99_ms=.. stats_ms=..`
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workbench.content.model import Chapter, Library, Question, Topic
from workbench.study.session import StudySession
from workbench.study.stats import compute_stats
from workbench.study.store import Store

CARDS = 20_000
REVIEWS = 200_000
GRADES = 1_000
NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def build_library() -> Library:
    """200 topics of 100 questions in 10 chapters."""
    chapters = []
    for c in range(10):
        topics = []
        for t in range(20):
            tid = f"c{c}t{t}"
            qs = tuple(Question(f"{tid}/q{k}", tid, f"Q {k}?", "M", "A.", Path("x.md"), k)
                       for k in range(100))
            topics.append(Topic(tid, tid, f"c{c}", "M", qs, Path("x.md")))
        chapters.append(Chapter(f"c{c}", f"Chapter {c}", tuple(topics)))
    return Library(chapters=chapters)


def fill(store: Store, ids: list[str]) -> None:
    """Cards for every id (about a third due now) and a year of review history."""
    rng = random.Random(1)
    now = NOW.timestamp()
    card = json.dumps({"card_id": 0, "state": 2, "step": None, "stability": 10.0,
                       "difficulty": 5.0, "due": NOW.isoformat(),
                       "last_review": NOW.isoformat()})
    cards = [(q, 2, None, 10.0, 5.0, now + rng.uniform(-10, 20) * 86400,
              now - 5 * 86400, 1, now) for q in ids]
    reviews = [(f"u{i}", rng.choice(ids), rng.randint(1, 4), now - rng.uniform(0, 365) * 86400,
                3000, rng.uniform(0, 60), card, card) for i in range(REVIEWS)]

    def insert(conn: sqlite3.Connection) -> None:
        conn.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", cards)
        conn.executemany(
            "INSERT INTO reviews (uid, question_id, rating, reviewed_at, duration_ms, "
            "interval_before, card_before, card_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", reviews)

    store.write(insert)


def main() -> int:
    """Build the store, time 1,000 grades and 5 stats runs, print the figures."""
    library = build_library()
    ids = [q.id for q in library.questions()]
    clock_now = [NOW]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "progress.sqlite3"
        with Store.open(path, clock=lambda: clock_now[0]) as store:
            started = time.perf_counter()
            fill(store, ids)
            print(f"filled in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        started = time.perf_counter()
        store = Store.open(path, clock=lambda: clock_now[0])
        open_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        session = StudySession(store, library)
        session_ms = (time.perf_counter() - started) * 1000
        session.next_card()
        latencies = []
        for i in range(GRADES):
            session.reveal()
            clock_now[0] += timedelta(seconds=5)
            started = time.perf_counter()
            session.grade(1 + i % 4)
            session.next_card()
            latencies.append((time.perf_counter() - started) * 1000)
        stats_runs = []
        for _ in range(5):
            started = time.perf_counter()
            compute_stats(store, library)
            stats_runs.append((time.perf_counter() - started) * 1000)
        store.close()
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    stats_ms = statistics.median(stats_runs)
    print(f"open {open_ms:.0f} ms, new session {session_ms:.0f} ms, "
          f"grade+next p50 {p50:.2f} ms p99 {p99:.2f} ms max {latencies[-1]:.2f} ms, "
          f"stats median {stats_ms:.0f} ms (runs: {', '.join(f'{s:.0f}' for s in stats_runs)})")
    print(f"study: cards={CARDS} reviews={REVIEWS} next_p99_ms={p99:.2f} stats_ms={stats_ms:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
