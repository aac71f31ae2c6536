"""A simulated learner over 60 days: FSRS intervals grow, lapses shrink them, counts add up."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from fsrs import State
from study_support import make_library

from fake_clock import FakeClock
from workbench.study.scheduling import Settings
from workbench.study.session import StudySession
from workbench.study.stats import compute_stats
from workbench.study.store import Store

DAYS = 60
NEW_PER_DAY = 5


def test_sixty_days_of_reviews(store: Store, clock: FakeClock) -> None:
    library = make_library(chapters=2, topics=2, questions=6)  # 24 questions
    store.save_settings(Settings(desired_retention=0.9, new_per_day=NEW_PER_DAY))
    random.seed(7)  # fsrs fuzzes intervals with the global `random`: fix it so runs agree
    rng = random.Random(7)
    recall = {q.id: rng.uniform(0.7, 0.97) for q in library.questions()}
    due_at: dict[str, datetime] = {}  # what fsrs returned for each card, tracked independently
    shrunk = graded = 0
    growth: list[float] = []
    for _day in range(DAYS):
        session = StudySession(store, library)
        expected_due = sum(1 for d in due_at.values() if d <= clock())
        assert session.counts().due == expected_due
        introduced = 0
        while (question := session.next_card()) is not None:
            before = store.card(question.id)
            rating = 3 if rng.random() < recall[question.id] else 1
            review = session.grade(rating)
            graded += 1
            due_at[question.id] = review.card.due
            if before is None:
                introduced += 1
            elif before.card.state == State.Review and before.card.last_review is not None:
                old = before.card.due - before.card.last_review
                new = review.card.due - review.reviewed_at
                if rating == 3:
                    # Stability (what FSRS learns) always rises on a recall; the interval
                    # rises with it, give or take fuzz and the one-day floor.
                    assert review.card.stability > before.card.stability
                    if old >= timedelta(days=2):
                        growth.append(new / old)
                else:
                    assert review.card.state == State.Relearning
                    assert new < old and new <= timedelta(minutes=10)
                    shrunk += 1
            clock.advance(minutes=2)
        assert introduced <= NEW_PER_DAY
        assert session.counts().due == 0
        clock.now = clock.now.replace(hour=9, minute=0) + timedelta(days=1)
    assert len(growth) > 20 and shrunk > 3
    assert sum(growth) / len(growth) > 1.5 and min(growth) > 0.8
    assert all(q.id in due_at for q in library.questions())  # 24 new over 5 days at 5/day
    stats = compute_stats(store, library)
    assert stats.reviews == graded
    assert stats.new == 0 and stats.learned + stats.learning == 24
    assert stats.due == sum(1 for d in due_at.values() if d <= clock())
