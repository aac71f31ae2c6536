"""Prediction cards (issue 14) in study mode: queued, graded, undone, leased, counted, moved."""

from __future__ import annotations

from pathlib import Path

from study_support import make_library

from fake_clock import FakeClock
from workbench.content.model import Library
from workbench.demos.predictions import predictions_for
from workbench.study.prediction_cards import PredictionCard, prediction_card
from workbench.study.scheduling import Settings
from workbench.study.session import QueueFilter, StudySession
from workbench.study.stats import compute_stats, orphaned_ids
from workbench.study.store import Store
from workbench.study.transfer import export_progress, import_progress


def demo_library() -> Library:
    """The study test library, with topic c0t1 showing the `empirical_risk` demo."""
    library = make_library(questions=2)
    chapter = library.chapters[0]
    topics = (chapter.topics[0], chapter.topics[1]._replace(demo="empirical_risk"))
    return Library(chapters=[chapter._replace(topics=topics), *library.chapters[1:]])


PREDICTION_IDS = [p.card_id for p in predictions_for("empirical_risk")]


def _queue(session: StudySession, clock: FakeClock) -> list[str]:
    seen: list[str] = []
    while (card := session.next_card()) is not None and len(seen) < 40:
        seen.append(card.id)
        session.grade(3)
        clock.advance(days=30)
    return seen


def test_predictions_follow_their_topics_questions(store: Store, clock: FakeClock) -> None:
    library = demo_library()
    session = StudySession(store, library, predictions=True,
                           settings=Settings(new_per_day=100))
    assert session.counts().new == 8 + len(PREDICTION_IDS)
    first = [session.next_card() for _ in range(1)]
    assert first[0] is not None and first[0].id == "c0t0/q0"
    seen = _queue(session, clock)
    new_order = list(dict.fromkeys(seen))
    assert new_order[:6] == ["c0t0/q0", "c0t0/q1", "c0t1/q0", "c0t1/q1", *PREDICTION_IDS]
    assert len(PREDICTION_IDS) >= 2
    assert store.card(PREDICTION_IDS[0]) is not None


def test_prediction_card_carries_its_prediction(store: Store) -> None:
    library = demo_library()
    session = StudySession(store, library, QueueFilter(topic="c0t1"), predictions=True)
    for _ in range(2):
        session.next_card()
        session.grade(3)
    card = session.next_card()
    assert isinstance(card, PredictionCard)
    assert card.id == PREDICTION_IDS[0] and card.topic_id == "c0t1"
    assert card.title == card.prediction.question
    assert prediction_card(library, card.id) == card
    assert prediction_card(library, "prediction:empirical_risk.nope") is None
    assert prediction_card(library, "c0t1/q0") is None


def test_off_unless_the_caller_and_the_setting_allow(store: Store, clock: FakeClock) -> None:
    library = demo_library()
    assert not set(PREDICTION_IDS) & set(_queue(StudySession(store, library), clock))
    store.save_settings(Settings(predictions=False))
    assert store.settings().predictions is False
    assert not set(PREDICTION_IDS) & set(
        _queue(StudySession(store, library, predictions=True), clock))
    store.save_settings(Settings(predictions=True))
    assert store.settings().predictions is True
    assert set(PREDICTION_IDS) <= set(
        _queue(StudySession(store, library, predictions=True), clock))


def test_difficulty_filter_leaves_predictions_out(store: Store) -> None:
    session = StudySession(store, demo_library(), QueueFilter(topic="c0t1", difficulty="E"),
                           predictions=True)
    assert session.counts().new == 1


def test_grade_undo_and_leases_work_on_prediction_cards(store: Store) -> None:
    library = demo_library()
    only = QueueFilter(topic="c0t1")
    first = StudySession(store, library, only, predictions=True)
    for _ in range(2):
        first.next_card()
        first.grade(3)
    held = first.next_card()
    assert held is not None and held.id == PREDICTION_IDS[0]
    second = StudySession(store, library, only, predictions=True)
    other = second.next_card()
    assert other is not None and other.id == PREDICTION_IDS[1]  # leased: not served twice
    assert first.grade(1) is not None
    assert first.undo() == held
    assert store.card(held.id) is None
    first.close()
    second.close()


def test_stats_have_a_prediction_line_and_no_orphans(store: Store) -> None:
    library = demo_library()
    session = StudySession(store, library, QueueFilter(topic="c0t1"), predictions=True)
    for _ in range(3):
        session.next_card()
        session.grade(3)
    card = session.next_card()
    assert card is not None
    session.grade(1)
    stats = compute_stats(store, library)
    p = stats.predictions
    assert (p.total, p.new, p.reviews, p.right) == (len(PREDICTION_IDS),
                                                    len(PREDICTION_IDS) - 2, 2, 1)
    assert p.learning + p.learned == 2
    assert stats.new == 8 - 2  # questions are counted apart
    assert stats.to_dict()["predictions"]["reviews"] == 2
    assert orphaned_ids(store, library) == []
    store.grade("prediction:empirical_risk.gone", 3, session.scheduler)
    assert orphaned_ids(store, library) == ["prediction:empirical_risk.gone"]


def test_prediction_reviews_go_through_export_and_import(store: Store, clock: FakeClock,
                                                         tmp_path: Path) -> None:
    library = demo_library()
    session = StudySession(store, library, QueueFilter(topic="c0t1"), predictions=True)
    for rating in (3, 3, 1):
        session.next_card()
        session.grade(rating)
    exported = export_progress(store)
    assert PREDICTION_IDS[0] in {c["question_id"] for c in exported["cards"]}
    with Store.open(tmp_path / "other.sqlite3", clock=clock) as other:
        result = import_progress(other, exported)
        assert result.reviews == 3
        moved, kept = other.card(PREDICTION_IDS[0]), store.card(PREDICTION_IDS[0])
        assert moved is not None and kept is not None and moved.card.due == kept.card.due
        assert compute_stats(other, library).predictions.reviews == 1
