"""Export and import progress as versioned JSON, so it can move between machines.

Import is idempotent and merges: reviews and undo marks are added by their stable uid
(never duplicated), while cards, bookmarks and notes take whichever side changed last
(`updated_at`). Settings are preferences of one machine and are not exported.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass
from typing import Any

from fsrs import Card

from workbench.study.store import Store, card_to_json, save_card
from workbench.textsafe import clean_text

FORMAT = "workbench-progress"
VERSION = 1


class TransferError(Exception):
    """An import file that cannot be used; the message names the bad field."""


@dataclass(frozen=True)
class ImportResult:
    """How many records an import added or changed."""

    reviews: int
    undos: int
    cards: int
    bookmarks: int
    notes: int


def export_progress(store: Store) -> dict[str, Any]:
    """Everything needed to rebuild this learner's progress elsewhere."""
    reviews = store.read(
        "SELECT uid, question_id, rating, reviewed_at, duration_ms, interval_before, "
        "card_before, card_after FROM reviews ORDER BY seq")
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": store.clock().isoformat(),
        "cards": [{"question_id": c.question_id, "card": c.card.to_dict(), "rev": c.rev,
                   "updated_at": updated} for c, updated in store.cards()],
        "reviews": [
            {"uid": uid, "question_id": q, "rating": rating, "reviewed_at": at,
             "duration_ms": dur, "interval_before": ivl,
             "card_before": None if before is None else json.loads(before),
             "card_after": json.loads(after)}
            for uid, q, rating, at, dur, ivl, before, after in reviews
        ],
        "undos": [{"review_uid": u, "undone_at": t}
                  for u, t in store.read("SELECT review_uid, undone_at FROM undos")],
        "bookmarks": [{"question_id": q, "marked": bool(m), "updated_at": t} for q, m, t in
                      store.read("SELECT question_id, marked, updated_at FROM bookmarks")],
        "notes": [{"question_id": q, "text": x, "updated_at": t} for q, x, t in
                  store.read("SELECT question_id, text, updated_at FROM notes")],
    }


# -- validation ---------------------------------------------------------------------------


def _field(record: Any, key: str, where: str) -> Any:
    if not isinstance(record, dict) or key not in record:
        raise TransferError(f"{where}: missing '{key}'")
    return record[key]


def _text(record: Any, key: str, where: str, limit: int = 300) -> str:
    value = _field(record, key, where)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise TransferError(f"{where}.{key}: expected a non-empty string")
    return value


def _number(record: Any, key: str, where: str, optional: bool = False) -> float | None:
    value = _field(record, key, where)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise TransferError(f"{where}.{key}: expected a number")
    return float(value)


def _card(record: Any, key: str, where: str, optional: bool = False) -> str | None:
    value = _field(record, key, where)
    if value is None and optional:
        return None
    try:
        card = Card.from_dict(value)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TransferError(f"{where}.{key}: not a valid card ({exc})") from exc
    if card.due.tzinfo is None:
        raise TransferError(f"{where}.{key}: times must carry a time zone")
    return card_to_json(card)


def _records(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise TransferError(f"'{key}' must be a list")
    return value


def _validate(data: Any) -> dict[str, list[tuple[Any, ...]]]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError(f"not a workbench progress file (no \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise TransferError(f"unsupported progress file version {data.get('version')!r} "
                            f"(this workbench reads version {VERSION})")
    out: dict[str, list[tuple[Any, ...]]] = {k: [] for k in
                                             ("reviews", "undos", "cards", "bookmarks", "notes")}
    for i, r in enumerate(_records(data, "reviews")):
        w = f"reviews[{i}]"
        rating = _field(r, "rating", w)
        if rating not in (1, 2, 3, 4) or isinstance(rating, bool):
            raise TransferError(f"{w}.rating: expected 1-4")
        dur = _number(r, "duration_ms", w, optional=True)
        out["reviews"].append((
            _text(r, "uid", w), _text(r, "question_id", w), rating, _number(r, "reviewed_at", w),
            None if dur is None else int(dur), _number(r, "interval_before", w, optional=True),
            _card(r, "card_before", w, optional=True), _card(r, "card_after", w)))
    for i, r in enumerate(_records(data, "undos")):
        w = f"undos[{i}]"
        out["undos"].append((_text(r, "review_uid", w), _number(r, "undone_at", w)))
    for i, r in enumerate(_records(data, "cards")):
        w = f"cards[{i}]"
        rev = _number(r, "rev", w)
        out["cards"].append((_text(r, "question_id", w), _card(r, "card", w),
                             int(rev or 0), _number(r, "updated_at", w)))
    for i, r in enumerate(_records(data, "bookmarks")):
        w = f"bookmarks[{i}]"
        marked = _field(r, "marked", w)
        if not isinstance(marked, bool):
            raise TransferError(f"{w}.marked: expected true or false")
        out["bookmarks"].append((_text(r, "question_id", w), int(marked),
                                 _number(r, "updated_at", w)))
    for i, r in enumerate(_records(data, "notes")):
        w = f"notes[{i}]"
        text = _field(r, "text", w)
        if not isinstance(text, str):
            raise TransferError(f"{w}.text: expected a string")
        out["notes"].append((_text(r, "question_id", w), clean_text(text),
                             _number(r, "updated_at", w)))
    return out


# -- merging ------------------------------------------------------------------------------


def _merge_newer(conn: sqlite3.Connection, table: str, column: str,
                 rows: list[tuple[Any, ...]]) -> int:
    changed = 0
    for qid, value, updated in rows:
        local = conn.execute(f"SELECT updated_at FROM {table} WHERE question_id = ?",
                             (qid,)).fetchone()
        if local is None or updated > local[0]:
            conn.execute(f"INSERT OR REPLACE INTO {table} (question_id, {column}, updated_at) "
                         "VALUES (?, ?, ?)", (qid, value, updated))
            changed += 1
    return changed


def import_progress(store: Store, data: Any) -> ImportResult:
    """Merge an exported progress document into the store in one transaction."""
    rows = _validate(data)

    def merge(conn: sqlite3.Connection) -> ImportResult:
        before = conn.total_changes
        conn.executemany(
            "INSERT OR IGNORE INTO reviews (uid, question_id, rating, reviewed_at, duration_ms, "
            "interval_before, card_before, card_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows["reviews"])
        reviews = conn.total_changes - before
        before = conn.total_changes
        conn.executemany("INSERT OR IGNORE INTO undos (review_uid, undone_at) VALUES (?, ?)",
                         rows["undos"])
        undos = conn.total_changes - before
        cards = 0
        for qid, card_json, rev, updated in rows["cards"]:
            local = conn.execute("SELECT updated_at, rev FROM cards WHERE question_id = ?",
                                 (qid,)).fetchone()
            if local is None or updated > local[0]:
                card = Card.from_dict(json.loads(card_json))
                save_card(conn, qid, card, max(rev, local[1] if local else 0) + 1, updated)
                cards += 1
        return ImportResult(reviews, undos, cards,
                            _merge_newer(conn, "bookmarks", "marked", rows["bookmarks"]),
                            _merge_newer(conn, "notes", "text", rows["notes"]))

    return store.write(merge)
