"""Export/import: round trip, idempotence, newest-wins merging and clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fake_clock import FakeClock
from workbench.study.scheduling import Settings, make_scheduler
from workbench.study.store import Store
from workbench.study.transfer import TransferError, export_progress, import_progress

SCHEDULER = make_scheduler(Settings())


def _content(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "exported_at"}


def _history(store: Store, clock: FakeClock) -> None:
    for qid, rating in [("a/x", 3), ("a/y", 1), ("a/x", 4), ("b/z", 2)]:
        store.grade(qid, rating, SCHEDULER)
        clock.advance(minutes=5)
    store.undo()
    store.set_bookmark("a/x", True)
    store.set_note("a/y", "watch the sign")


def test_round_trip_and_second_import_changes_nothing(store: Store, clock: FakeClock,
                                                      tmp_path: Path) -> None:
    _history(store, clock)
    exported = export_progress(store)
    with Store.open(tmp_path / "other.sqlite3", clock=clock) as other:
        first = import_progress(other, exported)
        assert (first.reviews, first.undos, first.cards, first.bookmarks, first.notes) == (
            4, 1, 2, 1, 1)
        after_first = export_progress(other)
        second = import_progress(other, exported)
        assert (second.reviews, second.undos, second.cards, second.bookmarks,
                second.notes) == (0, 0, 0, 0, 0)
        assert _content(export_progress(other)) == _content(after_first)
        assert [r["uid"] for r in after_first["reviews"]] == [
            r["uid"] for r in exported["reviews"]]
        assert other.notes() == {"a/y": "watch the sign"}
        assert other.card("a/x").card.to_dict() == store.card("a/x").card.to_dict()  # type: ignore[union-attr]


def test_newer_local_changes_win(store: Store, clock: FakeClock, tmp_path: Path) -> None:
    store.set_note("a/y", "old text")
    exported = export_progress(store)
    clock.advance(minutes=1)
    store.set_note("a/y", "newer text")
    assert import_progress(store, exported).notes == 0
    assert store.note("a/y") == "newer text"


@pytest.mark.parametrize(("data", "message"), [
    ([], "not a workbench progress file"),
    ({"format": "workbench-progress", "version": 9}, "unsupported progress file version 9"),
    ({"format": "workbench-progress", "version": 1, "reviews": [{"uid": "u"}]},
     "reviews[0]: missing 'rating'"),
    ({"format": "workbench-progress", "version": 1, "notes": [
        {"question_id": "a/b", "text": 3, "updated_at": 1}]}, "notes[0].text"),
    ({"format": "workbench-progress", "version": 1, "cards": [
        {"question_id": "a/b", "card": {"due": "soon"}, "rev": 1, "updated_at": 1}]},
     "cards[0].card: not a valid card"),
])
def test_bad_files_are_refused_with_the_field(store: Store, data: Any, message: str) -> None:
    with pytest.raises(TransferError) as caught:
        import_progress(store, data)
    assert message in str(caught.value)
    assert store.scalar("SELECT COUNT(*) FROM reviews") == 0
