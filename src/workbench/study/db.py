"""Open the progress database safely: WAL, migrations, busy retries and rescue of corrupt files.

- Every write runs in `BEGIN IMMEDIATE ... COMMIT` with a busy timeout and retries, so two
  processes can study at once and the user never sees "database is locked". How long to wait
  is the caller's budget: the CLI waits up to RETRY_FOR_S, the app gives interactive calls
  INTERACTIVE_BUDGET_S and retries in the background after `StoreBusy`.
- `synchronous=FULL` in WAL mode: a committed review survives kill -9 and power loss.
- A file SQLite cannot read (or that fails `quick_check`) is renamed aside with a timestamp,
  together with its `-wal`/`-shm` files, and a fresh database is started; the caller gets a
  notice to show. Nothing is deleted.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from workbench.study.errors import StoreBusy, StoreError
from workbench.study.schema import MIGRATIONS, SCHEMA_VERSION

T = TypeVar("T")

DB_FILENAME = "progress.sqlite3"
BUSY_TIMEOUT_S = 5.0
RETRY_FOR_S = 60.0
_CORRUPT_CODES = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}


def default_path() -> Path:
    """`data_dir()/progress.sqlite3`."""
    from workbench.paths import data_dir

    return data_dir() / DB_FILENAME


def _code(exc: sqlite3.Error) -> str:
    return getattr(exc, "sqlite_errorname", "") or ""


def is_busy(exc: sqlite3.Error) -> bool:
    """True for lock contention, which is worth waiting out."""
    name = _code(exc)
    if name:
        return name.startswith("SQLITE_BUSY")
    return "database is locked" in str(exc)


def is_corrupt(exc: sqlite3.Error) -> bool:
    """True when the file is damaged or not a database at all."""
    return _code(exc) in _CORRUPT_CODES or "malformed" in str(exc) or "not a database" in str(exc)


def retrying(action: Callable[[], T], what: str, budget: float = RETRY_FOR_S) -> T:
    """Run `action`, waiting out lock contention for up to `budget` seconds."""
    deadline = time.monotonic() + budget
    delay = 0.005
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            if time.monotonic() > deadline:
                raise StoreBusy(f"progress database stayed busy while {what} "
                                "(another workbench?)") from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.1)


def write(conn: sqlite3.Connection, action: Callable[[sqlite3.Connection], T],
          budget: float = RETRY_FOR_S) -> T:
    """Run `action(conn)` in one immediate transaction, committed on return; retried if busy."""

    def attempt() -> T:
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = action(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    return retrying(attempt, "saving progress", budget)


def _connect(path: Path, budget: float) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=min(BUSY_TIMEOUT_S, budget / 2), isolation_level=None,
                           check_same_thread=False)
    try:
        retrying(lambda: conn.execute("PRAGMA journal_mode=WAL").fetchone(), "opening", budget)
        conn.execute("PRAGMA synchronous=FULL")
        check = retrying(lambda: conn.execute("PRAGMA quick_check").fetchone(), "checking",
                         budget)
        if check is None or check[0] != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed ({check and check[0]})")
        _migrate(conn, budget)
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection, budget: float) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"the progress database has schema version {version}, newer than this "
                         f"workbench understands ({SCHEMA_VERSION}); please upgrade workbench")
    while version < SCHEMA_VERSION:
        target = version + 1

        def step(c: sqlite3.Connection, target: int = target) -> bool:
            # Another process may have migrated while we waited for the lock.
            if c.execute("PRAGMA user_version").fetchone()[0] >= target:
                return False
            MIGRATIONS[target - 1](c)
            c.execute(f"PRAGMA user_version = {target}")
            return True

        write(conn, step, budget)
        version = conn.execute("PRAGMA user_version").fetchone()[0]


def move_aside(path: Path, now: datetime) -> Path:
    """Rename a damaged database (and its -wal/-shm files) to `<name>.corrupt-<timestamp>`."""
    stamp = now.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
    except OSError as exc:
        raise StoreError(f"the progress database {path} is damaged and could not be moved "
                         f"aside: {exc.strerror or exc}") from exc
    return target


def open_database(path: Path, now: datetime, budget: float = RETRY_FOR_S,
                  ) -> tuple[sqlite3.Connection, list[str]]:
    """A migrated connection, plus notices for the user (e.g. a damaged file moved aside).

    Raises `StoreBusy` if another process holds the lock longer than `budget` seconds.
    """
    notices: list[str] = []
    try:
        return _connect(path, budget), notices
    except sqlite3.DatabaseError as exc:
        if not is_corrupt(exc):
            raise StoreError(f"cannot open the progress database {path}: {exc}") from exc
        moved = move_aside(path, now)
        notices.append(f"The progress database was damaged ({exc}); it was moved to {moved} "
                       "and a fresh one was started.")
    try:
        return _connect(path, budget), notices
    except sqlite3.Error as exc:
        raise StoreError(f"cannot create the progress database {path}: {exc}") from exc
