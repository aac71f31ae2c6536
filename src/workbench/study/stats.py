"""Study statistics as plain data (no plotting): totals, retention, forecast, coverage, orphans."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from fsrs import State

from workbench.content.model import Library
from workbench.study.clock import from_epoch, study_day_start, to_epoch
from workbench.study.prediction_cards import CARD_PREFIX, all_prediction_cards
from workbench.study.store import Store

MATURE_DAYS = 21
"""A card whose scheduled interval is at least this long counts as mature."""
PASS_RATINGS = (3, 4)
"""Grades counted as recalled for true retention (good, easy)."""
FORECAST_DAYS = 30
HISTORY_DAYS = 30
_LIVE = "uid NOT IN (SELECT review_uid FROM undos)"


@dataclass(frozen=True)
class ChapterCoverage:
    """How far the learner has got through one chapter."""

    chapter_id: str
    title: str
    new: int
    learning: int
    learned: int


@dataclass(frozen=True)
class PredictionStats:
    """The stats line of demo prediction cards (they are not in the chapter coverage)."""

    total: int = 0
    """Predictions of the library's demos."""
    new: int = 0
    due: int = 0
    learning: int = 0
    learned: int = 0
    reviews: int = 0
    right: int = 0
    """Reviews graded good or easy (a right prediction is graded good)."""


@dataclass(frozen=True)
class Stats:
    """Everything the stats screen and `workbench stats` show."""

    reviews: int
    """Total reviews recorded (undone ones excluded)."""
    due: int
    new: int
    learning: int
    learned: int
    orphaned: int
    """Cards whose question no longer exists in the content (history kept)."""
    retention: float | None
    """Share of good/easy among reviews of mature cards; None before any such review."""
    retention_reviews: int
    target_retention: float
    reviews_per_day: list[tuple[str, int]]
    """(ISO date, reviews) for each of the last HISTORY_DAYS study days, oldest first."""
    forecast: list[int]
    """Cards due on each of the next FORECAST_DAYS study days; day 0 includes overdue cards."""
    coverage: list[ChapterCoverage]
    predictions: PredictionStats = field(default_factory=PredictionStats)
    """Prediction cards, counted apart from the questions above."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        data = asdict(self)
        data["reviews_per_day"] = [{"date": d, "reviews": n} for d, n in self.reviews_per_day]
        return data


def orphaned_ids(store: Store, library: Library) -> list[str]:
    """Ids with study history whose question (or prediction) is gone (renamed or deleted)."""
    predictions = {c.id for c in all_prediction_cards(library)}
    stored = {r[0] for r in store.read("SELECT question_id FROM cards")}
    topic_ids: dict[str, set[str]] = {}  # of the topics with a card only: ids are made here

    def known(question_id: str) -> bool:
        topic_id = question_id.partition("/")[0]  # ids are `topic-id/slug`
        if topic_id not in topic_ids:
            topic = library.topic(topic_id)
            topic_ids[topic_id] = set(topic.question_ids()) if topic else set()
        return question_id in predictions or question_id in topic_ids[topic_id]

    return sorted(question_id for question_id in stored if not known(question_id))


def _reviews_per_day(store: Store, day_start_epoch: float) -> list[tuple[str, int]]:
    first = day_start_epoch - (HISTORY_DAYS - 1) * 86400
    rows = dict(store.read(
        f"SELECT CAST((reviewed_at - ?) / 86400 AS INTEGER), COUNT(*) FROM reviews "
        f"WHERE reviewed_at >= ? AND {_LIVE} GROUP BY 1", (first, first)))
    start = from_epoch(first).astimezone()
    return [((start + timedelta(days=i)).date().isoformat(), int(rows.get(i, 0)))
            for i in range(HISTORY_DAYS)]


def _prediction_stats(store: Store, library: Library, now_epoch: float) -> PredictionStats:
    cards = store.card_states()
    ids = [c.id for c in all_prediction_cards(library)]
    states = [cards[i] for i in ids if i in cards]
    reviews, right = store.read(
        f"SELECT COUNT(*), COALESCE(SUM(rating IN {PASS_RATINGS}), 0) FROM reviews "
        f"WHERE question_id LIKE ? AND {_LIVE}", (CARD_PREFIX + "%",))[0]
    return PredictionStats(
        total=len(ids), new=len(ids) - len(states),
        due=sum(1 for _, due in states if due <= now_epoch),
        learning=sum(1 for state, _ in states if state != State.Review),
        learned=sum(1 for state, _ in states if state == State.Review),
        reviews=int(reviews), right=int(right))


def compute_stats(store: Store, library: Library) -> Stats:
    """Compute every figure from the store in a handful of indexed queries."""
    now = store.clock()
    now_epoch = to_epoch(now)
    day_start = to_epoch(study_day_start(now))
    cards = store.card_states()
    forecast = [0] * FORECAST_DAYS
    coverage = []
    due = new = learning = learned = 0
    for chapter in library.chapters:
        c_new = c_learning = c_learned = 0
        for qid in (qid for t in chapter.topics for qid in t.question_ids()):  # a topic's at a time
            card = cards.get(qid)
            if card is None:
                c_new += 1
                continue
            state, due_at = card
            if state == State.Review:
                c_learned += 1
            else:
                c_learning += 1
            due += due_at <= now_epoch
            day = max(0, int((due_at - day_start) // 86400))
            if day < FORECAST_DAYS:
                forecast[day] += 1
        coverage.append(ChapterCoverage(chapter.id, chapter.title, c_new, c_learning,
                                        c_learned))
        new, learning, learned = new + c_new, learning + c_learning, learned + c_learned
    total = store.scalar(f"SELECT COUNT(*) FROM reviews WHERE {_LIVE}") or 0
    mature, passed = store.read(
        f"SELECT COUNT(*), COALESCE(SUM(rating IN {PASS_RATINGS}), 0) FROM reviews "
        f"WHERE interval_before >= ? AND {_LIVE}", (MATURE_DAYS,))[0]
    return Stats(
        reviews=int(total), due=due, new=new, learning=learning, learned=learned,
        orphaned=len(orphaned_ids(store, library)),
        retention=passed / mature if mature else None, retention_reviews=int(mature),
        target_retention=store.settings().desired_retention,
        reviews_per_day=_reviews_per_day(store, day_start), forecast=forecast,
        coverage=coverage, predictions=_prediction_stats(store, library, now_epoch),
    )
