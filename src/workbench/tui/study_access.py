"""The app's one progress store, or the reason there is none (the reader works either way),
and `store_call`, which runs store work off the UI thread.

Every call into the store from the app goes through `store_call`: a thread worker runs it, so
a database locked by another process (which the store waits out) never freezes the screen.
The app's store gives up after `INTERACTIVE_BUDGET_S`; a call that must not be lost (a grade)
then says so once and keeps retrying in the background until it lands.
"""

from __future__ import annotations

import threading
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
    late: bool = False
    """True when another process held the lock at start-up, so the store opens in the
    background; `store` (or `error`) is set when that is done."""

    def __post_init__(self) -> None:
        if self.store is not None:
            self.store.busy_budget = INTERACTIVE_BUDGET_S

    @classmethod
    def open(cls, given: Store | None = None) -> StudyAccess:
        """Use `given`, else open the default store; a failure is kept as a message.

        Start-up waits at most INTERACTIVE_BUDGET_S for a lock held by another process;
        after that the store is opened by a background thread and study keys say so.
        """
        if given is not None:
            return cls(given, notices=list(given.notices))
        access = cls(None, owned=True)
        if not access._try_open():
            access.late = True
            threading.Thread(target=access._open_later, name="open-progress",
                             daemon=True).start()
        return access

    def _try_open(self) -> bool:
        """One attempt within the interactive budget; False if the database stayed busy."""
        try:
            store = Store.open(budget=INTERACTIVE_BUDGET_S)
        except StoreBusy:
            return False
        except (StoreError, OSError) as exc:
            self.error = str(exc) or exc.__class__.__name__
            return True
        self.notices = list(store.notices)
        store.busy_budget = INTERACTIVE_BUDGET_S
        self.store = store
        return True

    def _open_later(self) -> None:
        while not self._try_open():
            time.sleep(RETRY_PAUSE_S)

    @property
    def opening(self) -> bool:
        """True while the store is still being opened in the background."""
        return self.store is None and self.error is None

    def require(self) -> Store:
        """The store, or StudyUnavailable saying why study mode is off."""
        if self.store is None:
            if self.opening:
                raise StudyUnavailable(f"{BUSY_MESSAGE}; study mode starts once it is free.")
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
