"""Leases: a card shown by one session is not served to another, expiry frees a killed
session's card, and a card graded elsewhere is never graded a second time."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fsrs import Scheduler

from fake_clock import FakeClock
from workbench.content.model import Library
from workbench.study.db import StoreBusy
from workbench.study.schema import MIGRATIONS, SCHEMA_VERSION
from workbench.study.session import StudySession
from workbench.study.store import LEASE_TTL, Store


def test_two_sessions_are_served_different_cards(store: Store, library: Library) -> None:
    first, second = StudySession(store, library), StudySession(store, library)
    a, b = first.next_card(), second.next_card()
    assert a is not None and b is not None and a != b
    assert store.leased_ids(first.owner) == {b.id}
    assert store.leased_ids(second.owner) == {a.id}


def test_due_cards_are_shared_out_too(store: Store, library: Library, clock: FakeClock) -> None:
    scheduler = Scheduler(enable_fuzzing=False)
    ids = [q.id for q in library.questions()][:3]
    for qid in ids:
        store.grade(qid, 1, scheduler)
    clock.advance(minutes=30)
    first, second = StudySession(store, library), StudySession(store, library)
    shown = [first.next_card(), second.next_card()]
    assert [q.id for q in shown if q] == ids[:2]


def test_an_expired_lease_frees_the_card(store: Store, library: Library,
                                         clock: FakeClock) -> None:
    killed = StudySession(store, library)
    held = killed.next_card()
    clock.advance(seconds=LEASE_TTL.total_seconds() - 1)
    assert StudySession(store, library).next_card() != held
    clock.advance(seconds=2)
    assert StudySession(store, library).next_card() == held


def test_renewing_keeps_the_card(store: Store, library: Library, clock: FakeClock) -> None:
    shown = StudySession(store, library)
    held = shown.next_card()
    clock.advance(seconds=LEASE_TTL.total_seconds() - 10)
    shown.reveal()  # renews
    clock.advance(seconds=20)
    assert StudySession(store, library).next_card() != held
    assert shown.renew()


def test_grading_and_closing_release_the_lease(store: Store, library: Library) -> None:
    session = StudySession(store, library)
    first = session.next_card()
    assert first is not None
    session.reveal()
    session.grade(3)
    assert store.leased_ids() == set()  # graded: no lease left on it
    held = session.next_card()
    assert held is not None and store.leased_ids() == {held.id}
    session.close()
    assert store.leased_ids() == set()


def test_a_card_graded_elsewhere_is_not_graded_again(store: Store, library: Library,
                                                     clock: FakeClock) -> None:
    slow = StudySession(store, library)
    card = slow.next_card()
    assert card is not None
    slow.reveal()
    clock.advance(seconds=LEASE_TTL.total_seconds() + 1)  # the slow window's lease lapsed
    fast = StudySession(store, library)
    assert fast.next_card() == card
    fast.reveal()
    assert fast.grade(1) is not None
    after_fast = store.card(card.id)
    assert slow.grade(4) is None  # refused: the card changed since it was shown here
    assert slow.graded_elsewhere == 1 and slow.reviewed == 0
    assert store.scalar("SELECT COUNT(*) FROM reviews") == 1
    assert store.card(card.id) == after_fast  # still in its learning step
    assert slow.next_card() != card


def test_a_card_leased_by_another_session_is_refused(store: Store, library: Library,
                                                     clock: FakeClock) -> None:
    first = StudySession(store, library)
    card = first.next_card()
    assert card is not None
    clock.advance(seconds=LEASE_TTL.total_seconds() + 1)
    second = StudySession(store, library)
    assert second.next_card() == card  # first's lease expired: second holds it now
    assert not first.renew()
    assert first.grade(3) is None
    assert second.grade(3) is not None


def test_new_cards_graded_elsewhere_are_skipped(store: Store, library: Library) -> None:
    late = StudySession(store, library)  # started before the other session graded
    other = StudySession(store, library)
    graded = other.next_card()
    other.grade(3)
    assert graded is not None and late.next_card() != graded


def test_undo_takes_the_lease_back(store: Store, library: Library, clock: FakeClock) -> None:
    first_id = next(library.questions()).id
    store.grade(first_id, 1, Scheduler(enable_fuzzing=False))  # a card with a history
    clock.advance(minutes=5)
    session = StudySession(store, library)
    first = session.next_card()
    assert first is not None and first.id == first_id
    session.grade(3)
    session.next_card()  # the session holds another card now
    assert session.undo() == first
    assert store.leased_ids("someone else") >= {first.id}
    assert session.renew()
    assert session.grade(2) is not None


def test_a_version_2_database_gains_leases(tmp_path: Path, clock: FakeClock,
                                           library: Library) -> None:
    path = tmp_path / "p.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    MIGRATIONS[0](conn)
    MIGRATIONS[1](conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("COMMIT")
    conn.close()
    with Store.open(path, clock=clock) as store:
        assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION == 3
        session = StudySession(store, library)
        held = session.next_card()
        assert held is not None and store.leased_ids("other") == {held.id}


def test_a_busy_database_gives_up_after_the_budget_and_the_grade_can_be_retried(
        store: Store, library: Library) -> None:
    session = StudySession(store, library)
    card = session.next_card()
    session.reveal()
    store.busy_budget = 0.2
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreBusy, match="another workbench"):
            session.grade(3)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert session.current == card and session.reviewed == 0  # kept, not half-done
    assert session.grade(3) is not None
    assert store.scalar("SELECT COUNT(*) FROM reviews") == 1


def test_a_late_renewal_does_not_lease_a_card_graded_since(store: Store,
                                                           library: Library) -> None:
    session = StudySession(store, library)
    card = session.next_card()
    claimed = store.card(card.id) if card else None
    session.grade(3)
    assert card is not None and claimed is None
    assert not store.renew(card.id, session.owner, rev=0)  # rev 0: as claimed, before grading
    assert store.leased_ids() == set()
