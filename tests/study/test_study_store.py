"""The progress store: grading, undo, bookmarks, notes, settings, migrations, corrupt files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fsrs import State

from fake_clock import FakeClock
from workbench.content.model import Library
from workbench.study.db import StoreError
from workbench.study.scheduling import Settings, make_scheduler
from workbench.study.schema import MIGRATIONS, SCHEMA_VERSION
from workbench.study.session import StudySession
from workbench.study.store import Store

SCHEDULER = make_scheduler(Settings())


def test_grade_applies_the_previewed_outcome(store: Store, clock: FakeClock) -> None:
    preview = store.preview("a/b", SCHEDULER)
    clock.advance(seconds=30)
    review = store.grade("a/b", 4, SCHEDULER, planned=preview)
    assert review.card.due == preview.outcomes[4].due
    assert store.card("a/b").card.due == preview.outcomes[4].due  # type: ignore[union-attr]


def test_stale_preview_is_recomputed(store: Store, clock: FakeClock) -> None:
    preview = store.preview("a/b", SCHEDULER)
    store.grade("a/b", 3, SCHEDULER)  # someone else graded the card meanwhile
    clock.advance(minutes=10)
    review = store.grade("a/b", 4, SCHEDULER, planned=preview)
    assert review.card.last_review == clock()
    assert review.card.due != preview.outcomes[4].due


def test_bad_rating_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="1-4"):
        store.grade("a/b", 5, SCHEDULER)


def test_undo_restores_the_card_and_keeps_the_log(store: Store, clock: FakeClock) -> None:
    store.grade("a/b", 4, SCHEDULER)
    after_first = store.card("a/b")
    clock.advance(days=8)
    store.grade("a/b", 1, SCHEDULER)
    assert store.card("a/b").card.state == State.Relearning  # type: ignore[union-attr]
    assert store.undo() == "a/b"
    restored = store.card("a/b")
    assert restored is not None and after_first is not None
    assert restored.card.to_dict() == after_first.card.to_dict()
    assert restored.rev > after_first.rev
    assert store.scalar("SELECT COUNT(*) FROM reviews") == 2
    assert store.undo() == "a/b"
    assert store.card("a/b") is None
    assert store.undo() is None
    assert store.scalar("SELECT COUNT(*) FROM reviews") == 2
    assert store.scalar("SELECT COUNT(*) FROM undos") == 2


def test_undo_refuses_a_review_that_was_superseded(store: Store) -> None:
    first = store.grade("a/b", 3, SCHEDULER)
    store.grade("a/b", 3, SCHEDULER)
    assert store.undo(first.uid) is None


def test_review_log_is_append_only(store: Store) -> None:
    store.grade("a/b", 3, SCHEDULER)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.write(lambda c: c.execute("UPDATE reviews SET rating = 1"))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.write(lambda c: c.execute("DELETE FROM reviews"))
    assert store.scalar("SELECT rating FROM reviews") == 3


def test_session_undo_shows_the_question_again(store: Store, library: Library) -> None:
    session = StudySession(store, library)
    first = session.next_card()
    session.grade(3)
    assert session.next_card() != first
    assert session.undo() == first
    assert session.next_card() == first and session.reviewed == 0
    assert session.counts().new == 12  # the first question is new again


def test_bookmarks_and_notes(store: Store, clock: FakeClock) -> None:
    store.set_bookmark("a/b", True)
    store.set_bookmark("a/c", True)
    clock.advance(seconds=1)
    store.set_bookmark("a/c", False)
    assert store.bookmarked_ids() == {"a/b"}
    store.set_note("a/b", "remember the bias term")
    store.set_note("a/c", "draft")
    store.set_note("a/c", "")
    assert store.note("a/b") == "remember the bias term"
    assert store.notes() == {"a/b": "remember the bias term"}


def test_settings_round_trip_and_validation(store: Store) -> None:
    assert store.settings() == Settings()
    store.save_settings(Settings(desired_retention=0.85, new_per_day=7))
    assert store.settings() == Settings(0.85, 7)
    with pytest.raises(ValueError, match="retention"):
        store.save_settings(Settings(desired_retention=1.5))


def test_fresh_database_is_at_the_latest_version(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.sqlite3") as store:
        assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert store.scalar("PRAGMA journal_mode") == "wal"


def test_migrates_a_version_1_database(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "p.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    MIGRATIONS[0](conn)
    conn.execute("INSERT INTO reviews (uid, question_id, rating, reviewed_at, card_after) "
                 "VALUES ('u1', 'a/b', 3, 0, '{}')")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.close()
    with Store.open(path, clock=clock) as store:
        assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert store.scalar("SELECT uid FROM reviews") == "u1"
        store.set_bookmark("a/b", True)
        assert store.bookmarked_ids() == {"a/b"}


def test_newer_schema_is_refused_not_moved(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="upgrade"):
        Store.open(path)
    assert path.exists() and list(tmp_path.iterdir()) == [path]


def test_corrupt_database_is_moved_aside(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "progress.sqlite3"
    garbage = b"this is not a database at all\n" * 200
    path.write_bytes(garbage)
    with Store.open(path, clock=clock) as store:
        assert len(store.notices) == 1
        moved = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
        assert len(moved) == 1 and moved[0].read_bytes() == garbage
        assert str(moved[0]) in store.notices[0]
        store.grade("a/b", 3, SCHEDULER)
    with Store.open(path, clock=clock) as again:
        assert again.notices == [] and again.card("a/b") is not None


def test_damaged_page_is_detected(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "progress.sqlite3"
    with Store.open(path, clock=clock) as store:
        for i in range(300):
            store.grade(f"t/q{i}", 3, SCHEDULER)
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page:5 * page] = b"\xff" * (2 * page)  # smash two b-tree pages
    path.write_bytes(bytes(data))
    with Store.open(path, clock=clock) as store:
        assert store.notices and "moved" in store.notices[0]
        assert store.scalar("SELECT COUNT(*) FROM reviews") == 0


def test_new_card_limit_counts_the_study_day(store: Store, library: Library,
                                             clock: FakeClock) -> None:
    store.save_settings(Settings(new_per_day=2))
    session = StudySession(store, library)
    for _ in range(2):
        session.next_card()
        session.grade(4)  # easy: straight to review, due in days
    assert session.next_card() is None
    clock.advance(days=1)
    assert session.next_card() is not None


def test_a_hand_damaged_card_row_is_ignored_reported_and_healed(tmp_path: Path) -> None:
    """`update cards set due='abc'` must not take study mode (or stats) down."""
    from study_support import make_library

    from workbench.study import QueueFilter, compute_stats, tree_counts

    clock = FakeClock()
    library = make_library()
    first, second = [q.id for q in list(library.questions())[:2]]
    path = tmp_path / "progress.sqlite3"
    with Store.open(path, clock=clock) as store:
        store.grade(first, 3, make_scheduler(store.settings()))
        store.grade(second, 3, make_scheduler(store.settings()))
    raw = sqlite3.connect(path)
    raw.execute("UPDATE cards SET due = 'abc' WHERE question_id = ?", (first,))
    raw.commit()
    raw.close()
    with Store.open(path, clock=clock) as store:
        assert any("1 damaged progress row" in n for n in store.notices)
        states = tree_counts(store, library)
        assert states[first] == "new" and states[second] != "new"
        assert compute_stats(store, library).reviews == 2
        session = StudySession(store, library, QueueFilter())
        assert session.next_card() is not None
        store.grade(first, 4, make_scheduler(store.settings()))
        assert store.card(first) is not None  # the grade replaced the damaged row
    with Store.open(path, clock=clock) as store:
        assert not store.notices


@pytest.mark.parametrize("seed", range(8))
def test_after_a_relearn_easy_is_always_longer_than_good(seed: int) -> None:
    import random
    from datetime import UTC, datetime, timedelta

    from fsrs import Rating

    from workbench.study.scheduling import new_card, preview

    random.seed(seed)  # fsrs fuzzes intervals with the global random
    scheduler = make_scheduler(Settings())
    now = datetime(2026, 1, 1, tzinfo=UTC)
    card = new_card(now)
    for rating in (Rating.Good, Rating.Good, Rating.Again, Rating.Again):
        card, _ = scheduler.review_card(card, rating, now)
        now = card.due
    assert card.state == State.Relearning
    intervals = preview(scheduler, "q", card, 1, now).intervals()
    assert intervals[4] >= intervals[3] + timedelta(days=1)
