"""The progress database schema as forward migrations; `PRAGMA user_version` is the version.

Migration N (1-based) takes the schema from version N-1 to N and runs in the same
transaction as the version bump, so a crash leaves either the old or the new schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Execute several statements inside the caller's transaction (`executescript` would commit)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement.strip()[:60]}")


def _v1_reviews(conn: sqlite3.Connection) -> None:
    """Cards, the append-only review log and undo marks."""
    run_script(conn,
        """
        CREATE TABLE cards (
            question_id TEXT PRIMARY KEY,
            state INTEGER NOT NULL,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due REAL NOT NULL,
            last_review REAL,
            rev INTEGER NOT NULL,
            updated_at REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX cards_due ON cards (due);

        CREATE TABLE reviews (
            seq INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            question_id TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at REAL NOT NULL,
            duration_ms INTEGER,
            interval_before REAL,
            card_before TEXT,
            card_after TEXT NOT NULL
        );
        CREATE INDEX reviews_question ON reviews (question_id, seq);
        CREATE INDEX reviews_time ON reviews (reviewed_at);

        CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
        BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;
        CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
        BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;

        CREATE TABLE undos (
            review_uid TEXT PRIMARY KEY,
            undone_at REAL NOT NULL
        ) WITHOUT ROWID;
        """
    )


def _v2_personal(conn: sqlite3.Connection) -> None:
    """Bookmarks and notes (kept with `updated_at` so imports merge them), and settings."""
    run_script(conn,
        """
        CREATE TABLE bookmarks (
            question_id TEXT PRIMARY KEY,
            marked INTEGER NOT NULL,
            updated_at REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE notes (
            question_id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            updated_at REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """
    )


def _v3_leases(conn: sqlite3.Connection) -> None:
    """Which review session shows which card, so two windows never serve the same one.

    A lease names its owner (one per session: pid plus random) and expires, so a killed
    process frees its cards without anyone cleaning up.
    """
    run_script(conn,
        """
        CREATE TABLE leases (
            question_id TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            expires_at REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX leases_owner ON leases (owner);
        """
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1_reviews, _v2_personal, _v3_leases]
"""MIGRATIONS[i] upgrades a database from version i to i + 1. Only ever append."""

SCHEMA_VERSION = len(MIGRATIONS)
