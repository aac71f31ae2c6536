"""FSRS scheduling through the `fsrs` package: settings, the four outcomes of a review, intervals.

Every next state comes from `fsrs.Scheduler.review_card`; the one adjustment is Anki's rule
that "easy" is always at least a day longer than "good" (after a relearn FSRS can give both
the same day count, which tells the learner the buttons mean the same).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

RATINGS: tuple[Rating, ...] = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
RATING_NAMES: dict[int, str] = {1: "again", 2: "hard", 3: "good", 4: "easy"}


@dataclass(frozen=True)
class Settings:
    """Study settings the learner may change (kept in the progress store)."""

    desired_retention: float = 0.9
    """Probability of recall FSRS aims for when it picks an interval."""
    new_per_day: int = 20
    """How many unseen questions a day may introduce."""
    predictions: bool = True
    """Whether demo predictions are queued beside questions (where the app can show them)."""

    def problems(self) -> list[str]:
        """Why these settings are unusable (empty when they are fine)."""
        found = []
        if not 0.7 <= self.desired_retention <= 0.99:
            found.append("desired retention must be between 0.70 and 0.99")
        if not 0 <= self.new_per_day <= 10_000:
            found.append("new cards per day must be between 0 and 10000")
        return found


def make_scheduler(settings: Settings) -> Scheduler:
    """An FSRS scheduler for these settings (default FSRS-6 parameters, fuzzing on)."""
    return Scheduler(desired_retention=settings.desired_retention)


def new_card(now: datetime) -> Card:
    """A never-reviewed card (card_id fixed: cards are keyed by question id, not by fsrs ids)."""
    return Card(card_id=0, state=State.Learning, due=now)


@dataclass(frozen=True)
class Preview:
    """What each grade would do to one card, computed once so the shown interval is the one applied.

    `rev` is the card's revision when the preview was made; a grade only reuses the preview
    while the stored card still has that revision (otherwise it is recomputed).
    """

    question_id: str
    rev: int
    at: datetime
    before: Card | None
    outcomes: dict[int, Card]

    def interval(self, rating: int) -> timedelta:
        """Time from the review until the card is due again after `rating`."""
        return self.outcomes[rating].due - self.at

    def intervals(self) -> dict[int, timedelta]:
        """The interval each grade (1-4) would give, as Anki shows above its buttons."""
        return {int(r): self.interval(int(r)) for r in RATINGS}


def preview(
    scheduler: Scheduler, question_id: str, card: Card | None, rev: int, now: datetime
) -> Preview:
    """Review `card` (None = new) with all four ratings at `now`."""
    start = card if card is not None else new_card(now)
    outcomes = {int(r): scheduler.review_card(start, r, now)[0] for r in RATINGS}
    good, easy = outcomes[int(Rating.Good)], outcomes[int(Rating.Easy)]
    if good.state == easy.state == State.Review and easy.due < good.due + timedelta(days=1):
        easy = copy.copy(easy)
        easy.due = good.due + timedelta(days=1)
        outcomes[int(Rating.Easy)] = easy
    return Preview(question_id, rev, now, card, outcomes)


def format_interval(span: timedelta) -> str:
    """A short human interval: `<1m`, `10m`, `3h`, `4d`, `2.5mo`, `1.3y`."""
    seconds = span.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"
