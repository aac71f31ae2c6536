"""Stats, tree states, orphans and queue filters against hand-built histories."""

from __future__ import annotations

from typing import Any

from fake_clock import FakeClock
from workbench.content.model import Library
from workbench.study.clock import study_day_start
from workbench.study.session import QueueFilter, StudySession, next_due, tree_counts
from workbench.study.stats import compute_stats, orphaned_ids
from workbench.study.store import Store
from workbench.study.transfer import import_progress


def _card(due: float, state: int = 2) -> dict[str, Any]:
    from datetime import UTC, datetime

    iso = datetime.fromtimestamp(due, UTC).isoformat()
    return {"card_id": 0, "state": state, "step": None if state == 2 else 0, "stability": 5.0,
            "difficulty": 5.0, "due": iso, "last_review": iso}


def _review(uid: str, at: float, rating: int, interval: float | None) -> dict[str, Any]:
    return {"uid": uid, "question_id": "c0t0/q0", "rating": rating, "reviewed_at": at,
            "duration_ms": None, "interval_before": interval, "card_before": None,
            "card_after": _card(at)}


def test_retention_counts_only_live_mature_reviews(store: Store, library: Library,
                                                   clock: FakeClock) -> None:
    now = clock().timestamp()
    reviews = [_review("m1", now - 10, 3, 30), _review("m2", now - 9, 4, 21),
               _review("m3", now - 8, 2, 40), _review("m4", now - 7, 1, 25),
               _review("m5", now - 6, 3, 22), _review("y1", now - 5, 1, 20.9),
               _review("n1", now - 4, 1, None), _review("u1", now - 3, 1, 50)]
    import_progress(store, {"format": "workbench-progress", "version": 1, "reviews": reviews,
                            "undos": [{"review_uid": "u1", "undone_at": now}]})
    stats = compute_stats(store, library)
    assert stats.reviews == 7
    assert stats.retention_reviews == 5 and stats.retention == 3 / 5
    assert stats.target_retention == 0.9
    assert stats.reviews_per_day[-1] == (clock().astimezone().date().isoformat(), 7)
    assert sum(n for _, n in stats.reviews_per_day) == 7


def test_counts_forecast_coverage_and_orphans(store: Store, library: Library,
                                              clock: FakeClock) -> None:
    day0 = study_day_start(clock()).timestamp()
    cards = [
        ("c0t0/q0", day0 - 86400, 2),        # overdue review card -> due, learned, day 0
        ("c0t0/q1", day0 + 3 * 86400 + 60, 2),  # learned, due on day 3
        ("c1t0/q0", day0 + 40 * 86400, 2),   # learned, beyond the forecast
        ("c1t1/q2", clock().timestamp() + 600, 1),  # learning, due later today
        ("gone/q9", day0 - 10, 2),           # orphan: not counted anywhere but orphaned
    ]
    import_progress(store, {"format": "workbench-progress", "version": 1, "cards": [
        {"question_id": q, "card": _card(due, state), "rev": 1, "updated_at": 1.0}
        for q, due, state in cards]})
    stats = compute_stats(store, library)
    assert (stats.due, stats.new, stats.learning, stats.learned, stats.orphaned) == (
        1, 8, 1, 3, 1)
    assert stats.forecast[0] == 2 and stats.forecast[3] == 1 and sum(stats.forecast) == 3
    assert [(c.chapter_id, c.new, c.learning, c.learned) for c in stats.coverage] == [
        ("c0", 4, 0, 2), ("c1", 4, 1, 1)]
    assert orphaned_ids(store, library) == ["gone/q9"]
    states = tree_counts(store, library)
    assert "gone/q9" not in states and len(states) == 12
    assert states["c0t0/q0"] == "due" and states["c0t0/q1"] == "learned"
    assert states["c1t1/q2"] == "learning" and states["c0t0/q2"] == "new"
    assert next_due(store, library, "c0t0/q0") == "c0t0/q0"  # wraps round to itself
    clock.advance(days=4)
    assert next_due(store, library, "c0t0/q0") == "c0t0/q1"


def test_filters_choose_the_questions(store: Store, library: Library) -> None:
    store.set_bookmark("c1t1/q1", True)
    cases = {
        QueueFilter(chapter="c1"): "c1t0/q0",
        QueueFilter(topic="c0t1"): "c0t1/q0",
        QueueFilter(difficulty="M"): "c0t0/q1",
        QueueFilter(bookmarked=True): "c1t1/q1",
    }
    for queue, first in cases.items():
        session = StudySession(store, library, queue)
        assert session.next_card().id == first  # type: ignore[union-attr]
    assert QueueFilter(chapter="nope", difficulty="X").problems(library) == [
        "unknown chapter 'nope' (chapters: c0, c1)", "difficulty must be one of E, M, H"]


def test_learning_cards_come_back_within_the_session(store: Store, library: Library,
                                                     clock: FakeClock) -> None:
    session = StudySession(store, library, QueueFilter(topic="c0t0"))
    seen = []
    while (question := session.next_card()) is not None and len(seen) < 20:
        seen.append(question.id)
        session.grade(3)
        clock.advance(minutes=1)
    # three new questions, each shown again after its 10-minute learning step
    assert sorted(seen) == sorted(["c0t0/q0", "c0t0/q1", "c0t0/q2"] * 2)
    assert session.counts().learned == 3


def test_coverage_plot_ticks_are_whole_question_counts() -> None:
    import re

    import plotext as plt

    from workbench.study.stats import ChapterCoverage, Stats
    from workbench.tui.screens.stats import plot_coverage

    stats = Stats(reviews=0, due=0, new=3, learning=1, learned=1, orphaned=0, retention=None,
                  retention_reviews=0, target_retention=0.9, reviews_per_day=[], forecast=[],
                  coverage=[ChapterCoverage("a", "Alpha", 2, 1, 1),
                            ChapterCoverage("b", "Beta", 1, 0, 0)])
    plt.clf()
    plt.plotsize(60, 12)
    plot_coverage(plt, stats)
    tick_row = plt.build().splitlines()[-1]
    plt.clf()
    ticks = re.findall(r"-?\d+(?:\.\d+)?", tick_row)
    assert ticks and all("." not in t for t in ticks), tick_row
