"""The app's one progress store, or the reason there is none (the reader works either way),
and `store_call`, which runs store work off the UI thread.

Every call into the store from the app goes through `store_call`: a thread worker runs it, so
a database locked by another process (which the store waits out) never freezes the screen.
The app's store gives up after `INTERACTIVE_BUDGET_S`; a call that must not be lost (a grade)
then says so once and keeps retrying in the background until it lands.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from workbench.study import Store, StoreError
from workbench.study.db import INTERACTIVE_BUDGET_S, StoreBusy

T = TypeVar("T")

RETRY_PAUSE_S = 0.25
"""Pause between background attempts on a busy database."""

BUSY_MESSAGE = "Progress database is busy (another workbench?)"
"""The first words of every message about a lock held elsewhere."""


class StudyUnavailable(Exception):
    """Study keys were used while the progress store could not be opened."""


@dataclass
class StudyAccess:
    """Holds the store opened at start-up, the notices it raised and any opening error."""

    store: Store | None
    error: str | None = None
    notices: list[str] = field(default_factory=list)
    owned: bool = False
    """True when the app opened the store itself and so must close it."""

    def __post_init__(self) -> None:
        if self.store is not None:
            self.store.busy_budget = INTERACTIVE_BUDGET_S

    @classmethod
    def open(cls, given: Store | None = None) -> StudyAccess:
        """Use `given`, else open the default store; a failure is kept as a message."""
        if given is not None:
            return cls(given, notices=list(given.notices))
        try:
            store = Store.open()
        except (StoreError, OSError) as exc:
            return cls(None, error=str(exc) or exc.__class__.__name__)
        return cls(store, notices=list(store.notices), owned=True)

    def require(self) -> Store:
        """The store, or StudyUnavailable saying why study mode is off."""
        if self.store is None:
            raise StudyUnavailable(f"Study mode is unavailable: {self.error}")
        return self.store

    def close(self) -> None:
        """Close the store if the app opened it."""
        if self.store is not None and self.owned:
            self.store.close()


def store_call(node: DOMNode, job: Callable[[], T], done: Callable[[T], object], *,
               failed: Callable[[StoreError], object],
               waiting: Callable[[StoreBusy], object] | None = None,
               group: str = "store", exclusive: bool = False) -> Worker[None]:
    """Run `job` in a thread worker of `node`, then `done(result)` on the UI thread.

    A `StoreError` goes to `failed`. With `waiting`, a busy database is not an error: `waiting`
    is told once and `job` is retried every RETRY_PAUSE_S until it succeeds or the worker is
    cancelled (`job` must then be safe to run again). Nothing is delivered once cancelled.
    """
    app = node.app

    def deliver(callback: Callable[[Any], object], value: object) -> None:
        if get_current_worker().is_cancelled:
            return
        with suppress(RuntimeError):  # the app has stopped meanwhile
            app.call_from_thread(callback, value)

    def body() -> None:
        told = False
        while True:
            try:
                result = job()
            except StoreBusy as exc:
                if waiting is None:
                    deliver(failed, exc)
                    return
                if not told:
                    deliver(waiting, exc)
                    told = True
                if get_current_worker().is_cancelled:
                    return
                time.sleep(RETRY_PAUSE_S)
                continue
            except StoreError as exc:
                deliver(failed, exc)
                return
            deliver(done, result)
            return

    return node.run_worker(body, group=group, exclusive=exclusive, thread=True)
