"""The progress store: cards keyed by question id, an append-only review log, bookmarks, notes.

Undo never edits the log: it appends a row to `undos` naming the review it cancels and puts
the card back to the state recorded in that review's `card_before`. Every reader of the log
(stats, the new-card budget, export) skips undone reviews, so the log keeps the whole truth.

Leases keep two review sessions (two windows, or the app and the CLI) from serving the same
card: a session claims its next card and the lease in one write transaction, renews it while
the card is shown and drops it when grading. A lease expires after LEASE_TTL, so a killed
process frees its card. Grading re-checks, in its own transaction, that the card has not been
graded since it was claimed (`expected_rev`), so even an expired lease cannot grade twice.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from fsrs import Card, Scheduler, State

from workbench.study import db
from workbench.study.clock import Clock, as_utc, from_epoch, to_epoch, utc_now
from workbench.study.scheduling import Preview, Settings, preview

T = TypeVar("T")

PREVIEW_TTL = timedelta(minutes=30)
"""A preview older than this is recomputed at grade time instead of being applied."""

LEASE_TTL = timedelta(minutes=5)
"""How long a claimed card stays reserved without a renewal (the app renews while shown)."""

_CARD_COLUMNS = "state, step, stability, difficulty, due, last_review, rev"
SOUND_CARD = ("typeof(state) = 'integer' AND typeof(due) IN ('integer', 'real') "
              "AND typeof(stability) IN ('integer', 'real', 'null') "
              "AND typeof(difficulty) IN ('integer', 'real', 'null') "
              "AND typeof(rev) = 'integer'")
"""Card rows whose values have the types the store writes. A row edited by hand into
something else is left out of every read (and reported when the store opens), so one
damaged row cannot take study mode down."""


@dataclass(frozen=True)
class StoredCard:
    """A card as stored: the FSRS card and its revision (bumped by every grade and undo)."""

    question_id: str
    card: Card
    rev: int


@dataclass(frozen=True)
class Review:
    """One committed grade."""

    uid: str
    question_id: str
    rating: int
    reviewed_at: datetime
    card: Card
    """The card after the grade."""


class AlreadyGraded(Exception):
    """The card was graded (or undone) elsewhere since this session claimed it; nothing written."""


def new_owner() -> str:
    """A lease owner token unique to one review session: process id plus random."""
    return f"{os.getpid()}-{secrets.token_hex(6)}"


def card_to_json(card: Card | None) -> str | None:
    """The JSON kept in the review log for a card state."""
    return None if card is None else json.dumps(card.to_dict(), separators=(",", ":"))


def card_from_json(text: str | None) -> Card | None:
    """Inverse of `card_to_json`."""
    return None if text is None else Card.from_dict(json.loads(text))


def card_from_row(row: sqlite3.Row | tuple[Any, ...]) -> Card:
    """An fsrs Card from the scheduling columns of a `cards` row."""
    state, step, stability, difficulty, due, last_review = row[:6]
    return Card(card_id=0, state=State(state), step=step, stability=stability,
                difficulty=difficulty, due=from_epoch(due),
                last_review=None if last_review is None else from_epoch(last_review))


def _card_values(card: Card) -> tuple[Any, ...]:
    return (int(card.state), card.step, card.stability, card.difficulty, to_epoch(card.due),
            None if card.last_review is None else to_epoch(card.last_review))


def save_card(conn: sqlite3.Connection, question_id: str, card: Card, rev: int,
              updated_at: float) -> None:
    """Insert or replace one card row (inside the caller's transaction)."""
    conn.execute(
        "INSERT OR REPLACE INTO cards (question_id, state, step, stability, difficulty, due, "
        "last_review, rev, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (question_id, *_card_values(card), rev, updated_at),
    )


class Store:
    """The progress database of one user; safe to share between threads and processes."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock,
                 notices: list[str]) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.clock: Clock = lambda: as_utc(clock())
        self.notices = notices
        """Messages for the user from opening (e.g. a damaged file moved aside)."""
        self.busy_budget = db.RETRY_FOR_S

    @property
    def busy_budget(self) -> float:
        """Seconds a call waits for another process's lock before raising `db.StoreBusy`."""
        return self._budget

    @busy_budget.setter
    def busy_budget(self, seconds: float) -> None:
        self._budget = seconds
        wait_ms = int(min(db.BUSY_TIMEOUT_S, seconds / 2) * 1000)
        with self._lock:
            self._conn.execute(f"PRAGMA busy_timeout = {wait_ms}")

    @classmethod
    def open(cls, path: Path | None = None, clock: Clock = utc_now,
             budget: float = db.RETRY_FOR_S) -> Store:
        """Open (creating or migrating) the store; raises `db.StoreError` with a clear message.

        `budget` is how long to wait for another process's lock (then `db.StoreBusy`).
        """
        path = path or db.default_path()
        conn, notices = db.open_database(path, as_utc(clock()), budget)
        damaged = conn.execute(f"SELECT COUNT(*) FROM cards WHERE NOT ({SOUND_CARD})").fetchone()
        if damaged[0]:
            notices.append(f"{damaged[0]} damaged progress row(s) in {path} are ignored; "
                           "their questions count as new.")
        return cls(conn, path, clock, notices)

    def close(self) -> None:
        """Close the connection (everything is already committed)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ---------------------------------------------------------------------------

    def write(self, action: Callable[[sqlite3.Connection], T]) -> T:
        """Run `action` in one committed immediate transaction (retried on contention)."""
        with self._lock:
            return db.write(self._conn, action, self._budget)

    def read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        """All rows of one query (retried on contention)."""
        with self._lock:
            return db.retrying(lambda: self._conn.execute(sql, params).fetchall(), "reading",
                               self._budget)

    def scalar(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        """The first column of the first row, or None."""
        rows = self.read(sql, params)
        return rows[0][0] if rows else None

    def data_version(self) -> int:
        """A number that changes whenever another connection commits (cheap to poll)."""
        return int(self.scalar("PRAGMA data_version"))

    # -- leases -----------------------------------------------------------------------------

    def claim(self, owner: str, pick: Callable[[set[str]], str | None],
              ttl: timedelta = LEASE_TTL) -> tuple[str, int] | None:
        """Lease the card `pick` chooses, atomically; returns (question id, card rev) or None.

        In one write transaction: `owner`'s other leases are dropped, `pick` is called with
        the ids other sessions hold (unexpired) and must choose among the rest, and the
        chosen card is leased to `owner` until now + `ttl`.
        """

        def take(conn: sqlite3.Connection) -> tuple[str, int] | None:
            now = to_epoch(self.clock())
            conn.execute("DELETE FROM leases WHERE owner = ? OR expires_at <= ?", (owner, now))
            taken = {r[0] for r in conn.execute("SELECT question_id FROM leases")}
            question_id = pick(taken)
            if question_id is None:
                return None
            conn.execute("INSERT OR REPLACE INTO leases (question_id, owner, expires_at) "
                         "VALUES (?, ?, ?)", (question_id, owner, now + ttl.total_seconds()))
            rev = conn.execute("SELECT rev FROM cards WHERE question_id = ?",
                               (question_id,)).fetchone()
            return question_id, int(rev[0]) if rev else 0

        return self.write(take)

    def renew(self, question_id: str, owner: str, ttl: timedelta = LEASE_TTL,
              rev: int | None = None) -> bool:
        """Extend `owner`'s lease on a card; False if another session holds it now, or (with
        `rev`, the card's rev when claimed) if it was graded since."""

        def extend(conn: sqlite3.Connection) -> bool:
            now = to_epoch(self.clock())
            held = conn.execute("SELECT owner FROM leases WHERE question_id = ? AND "
                                "expires_at > ?", (question_id, now)).fetchone()
            if held is not None and held[0] != owner:
                return False
            stored = conn.execute("SELECT rev FROM cards WHERE question_id = ?",
                                  (question_id,)).fetchone()
            if rev is not None and (stored[0] if stored else 0) != rev:
                return False
            conn.execute("INSERT OR REPLACE INTO leases (question_id, owner, expires_at) "
                         "VALUES (?, ?, ?)", (question_id, owner, now + ttl.total_seconds()))
            return True

        return self.write(extend)

    def release(self, owner: str) -> None:
        """Drop every lease `owner` holds (a session closing)."""
        self.write(lambda c: c.execute("DELETE FROM leases WHERE owner = ?", (owner,)))

    def leased_ids(self, owner: str | None = None) -> set[str]:
        """Cards held by unexpired leases of sessions other than `owner`."""
        now = to_epoch(self.clock())
        return {r[0] for r in self.read("SELECT question_id FROM leases WHERE expires_at > ? "
                                        "AND owner != ?", (now, owner or ""))}

    # -- cards and grading ------------------------------------------------------------------

    def card(self, question_id: str) -> StoredCard | None:
        """The stored card for a question, or None if it was never reviewed."""
        rows = self.read(f"SELECT {_CARD_COLUMNS} FROM cards WHERE question_id = ? "
                         f"AND {SOUND_CARD}", (question_id,))
        return StoredCard(question_id, card_from_row(rows[0]), rows[0][6]) if rows else None

    def cards(self) -> list[tuple[StoredCard, float]]:
        """Every stored card with its `updated_at` epoch, ordered by question id."""
        rows = self.read(f"SELECT {_CARD_COLUMNS}, question_id, updated_at FROM cards "
                         f"WHERE {SOUND_CARD} ORDER BY question_id")
        return [(StoredCard(r[7], card_from_row(r), r[6]), r[8]) for r in rows]

    def card_states(self) -> dict[str, tuple[int, float]]:
        """{question id: (fsrs state, due epoch)} for every card."""
        rows = self.read(f"SELECT question_id, state, due FROM cards WHERE {SOUND_CARD}")
        return {q: (s, d) for q, s, d in rows}

    def due_ids(self, until: datetime, learning_only: bool = False) -> Iterator[str]:
        """Question ids due at or before `until`, most overdue first, read lazily.

        `learning_only` keeps cards in (re)learning steps, for learning ahead.
        """
        bound = to_epoch(until)
        where = f"due <= ?{' AND state != ?' if learning_only else ''} AND {SOUND_CARD}"
        params: tuple[Any, ...] = (bound, int(State.Review)) if learning_only else (bound,)
        offset, page = 0, 64
        while True:
            rows = self.read(f"SELECT question_id FROM cards WHERE {where} ORDER BY due, "
                             "question_id LIMIT ? OFFSET ?", (*params, page, offset))
            yield from (r[0] for r in rows)
            if len(rows) < page:
                return
            offset += page
            page = min(page * 4, 4096)

    def preview(self, question_id: str, scheduler: Scheduler) -> Preview:
        """The four outcomes of grading this question now."""
        stored = self.card(question_id)
        if stored is None:
            return preview(scheduler, question_id, None, 0, self.clock())
        return preview(scheduler, question_id, stored.card, stored.rev, self.clock())

    def grade(self, question_id: str, rating: int, scheduler: Scheduler, *,
              planned: Preview | None = None, duration_ms: int | None = None,
              owner: str | None = None, expected_rev: int | None = None) -> Review:
        """Record one grade and the card's new state in one committed transaction.

        `planned` (from `preview`) is applied as shown if the card has not changed since
        and it is fresh; otherwise the outcome is recomputed from the stored card now.
        With `expected_rev` (the card's rev when it was claimed) the grade is refused with
        `AlreadyGraded` if the card changed since, or another session holds it now; the
        grade also ends `owner`'s lease on it.
        """
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"a grade is 1-4, not {rating!r}")
        uid = uuid.uuid4().hex

        def record(conn: sqlite3.Connection) -> Review:
            now = self.clock()
            row = conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE question_id = ? "
                               f"AND {SOUND_CARD}", (question_id,)).fetchone()
            rev = row[6] if row else 0  # a damaged row is replaced by this grade
            if expected_rev is not None:
                holder = conn.execute("SELECT owner FROM leases WHERE question_id = ? AND "
                                      "expires_at > ?", (question_id, to_epoch(now))).fetchone()
                if rev != expected_rev or (holder is not None and holder[0] != owner):
                    raise AlreadyGraded(question_id)
            if owner is not None:
                conn.execute("DELETE FROM leases WHERE question_id = ? AND owner = ?",
                             (question_id, owner))
            plan = planned
            if (plan is None or plan.question_id != question_id or plan.rev != rev
                    or not timedelta(0) <= now - plan.at <= PREVIEW_TTL):
                plan = preview(scheduler, question_id, card_from_row(row) if row else None,
                               rev, now)
            before, after = plan.before, plan.outcomes[rating]
            interval = None
            if before is not None and before.last_review is not None:
                interval = (before.due - before.last_review).total_seconds() / 86400
            conn.execute(
                "INSERT INTO reviews (uid, question_id, rating, reviewed_at, duration_ms, "
                "interval_before, card_before, card_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (uid, question_id, rating, to_epoch(plan.at), duration_ms, interval,
                 card_to_json(before), card_to_json(after)),
            )
            save_card(conn, question_id, after, rev + 1, to_epoch(now))
            return Review(uid, question_id, rating, plan.at, after)

        return self.write(record)

    def last_review_uid(self) -> str | None:
        """The newest review that has not been undone."""
        return self.scalar("SELECT uid FROM reviews WHERE uid NOT IN (SELECT review_uid FROM "
                           "undos) ORDER BY seq DESC LIMIT 1")

    def undo(self, uid: str | None = None) -> str | None:
        """Undo a grade (default: the newest); returns its question id, None if nothing to undo.

        Only the newest live review of a card can be undone, so a card never jumps back
        over a grade made later (for example by another process).
        """

        def cancel(conn: sqlite3.Connection) -> str | None:
            target = uid
            if target is None:
                newest = conn.execute(
                    "SELECT uid FROM reviews WHERE uid NOT IN (SELECT review_uid FROM undos) "
                    "ORDER BY seq DESC LIMIT 1").fetchone()
                if newest is None:
                    return None
                target = newest[0]
            row = conn.execute("SELECT question_id, seq, card_before FROM reviews WHERE uid = ?",
                               (target,)).fetchone()
            if row is None or conn.execute("SELECT 1 FROM undos WHERE review_uid = ?",
                                           (target,)).fetchone():
                return None
            question_id, seq, before_json = row
            newer = conn.execute(
                "SELECT 1 FROM reviews WHERE question_id = ? AND seq > ? AND uid NOT IN "
                "(SELECT review_uid FROM undos) LIMIT 1", (question_id, seq)).fetchone()
            if newer:
                return None
            now = to_epoch(self.clock())
            conn.execute("INSERT INTO undos (review_uid, undone_at) VALUES (?, ?)", (target, now))
            before = card_from_json(before_json)
            if before is None:
                conn.execute("DELETE FROM cards WHERE question_id = ?", (question_id,))
            else:
                rev = conn.execute("SELECT rev FROM cards WHERE question_id = ?",
                                   (question_id,)).fetchone()
                save_card(conn, question_id, before, (rev[0] if rev else 0) + 1, now)
            return str(question_id)

        return self.write(cancel)

    def new_cards_since(self, since: datetime) -> int:
        """How many questions had their first (not undone) review at or after `since`."""
        return int(self.scalar(
            "SELECT COUNT(*) FROM reviews WHERE reviewed_at >= ? AND card_before IS NULL "
            "AND uid NOT IN (SELECT review_uid FROM undos)", (to_epoch(since),)) or 0)

    # -- bookmarks, notes, settings ---------------------------------------------------------

    def set_bookmark(self, question_id: str, marked: bool) -> None:
        """Bookmark or un-bookmark a question (kept as a dated row so imports can merge)."""
        now = to_epoch(self.clock())
        self.write(lambda c: c.execute(
            "INSERT OR REPLACE INTO bookmarks (question_id, marked, updated_at) VALUES (?, ?, ?)",
            (question_id, int(marked), now)))

    def bookmarked_ids(self) -> set[str]:
        """Every bookmarked question id."""
        return {r[0] for r in self.read("SELECT question_id FROM bookmarks WHERE marked = 1")}

    def set_note(self, question_id: str, text: str) -> None:
        """Save the learner's note on a question (empty text clears it)."""
        now = to_epoch(self.clock())
        self.write(lambda c: c.execute(
            "INSERT OR REPLACE INTO notes (question_id, text, updated_at) VALUES (?, ?, ?)",
            (question_id, text, now)))

    def note(self, question_id: str) -> str:
        """The learner's note on a question ('' when none)."""
        return str(self.scalar("SELECT text FROM notes WHERE question_id = ?",
                               (question_id,)) or "")

    def notes(self) -> dict[str, str]:
        """Every non-empty note, {question id: text} (the search index indexes them)."""
        return dict(self.read("SELECT question_id, text FROM notes WHERE text != ''"))

    def settings(self) -> Settings:
        """The saved study settings (defaults for anything unset or unreadable)."""
        saved = dict(self.read("SELECT key, value FROM settings"))
        defaults = Settings()
        try:
            retention = float(saved.get("desired_retention", defaults.desired_retention))
            new_per_day = int(saved.get("new_per_day", defaults.new_per_day))
        except ValueError:
            return defaults
        predictions = saved.get("predictions", "1") != "0"
        settings = Settings(retention, new_per_day, predictions)
        return defaults if settings.problems() else settings

    def save_settings(self, settings: Settings) -> None:
        """Save study settings; raises ValueError naming what is out of range."""
        if problems := settings.problems():
            raise ValueError("; ".join(problems))
        values = [("desired_retention", repr(settings.desired_retention)),
                  ("new_per_day", str(settings.new_per_day)),
                  ("predictions", "1" if settings.predictions else "0")]
        self.write(lambda c: c.executemany(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", values))
