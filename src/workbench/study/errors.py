"""The progress store's errors and the app's wait budget, importable without SQLite (the
first screen names them; the store itself opens in a thread after it is drawn)."""

from __future__ import annotations

INTERACTIVE_BUDGET_S = 2.0
"""How long an app call may wait for another process's lock before giving up for now."""


class StoreError(Exception):
    """A progress database problem the user has to act on; the message is one line."""


class StoreBusy(StoreError):
    """Another process held the database lock for longer than the caller's budget.

    Nothing was written; the same call can simply be tried again later.
    """
