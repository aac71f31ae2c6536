"""The app's one progress store, or the reason there is none (the reader works either way),
and `store_call`, which runs store work off the UI thread.

Every call into the store from the app goes through `store_call`: a thread worker runs it, so
a database locked by another process (which the store waits out) never freezes the screen.
The app's store gives up after `INTERACTIVE_BUDGET_S`; a call that must not be lost (a grade)
then says so once and keeps retrying in the background until it lands. The store itself is
opened by a thread once the first screen is up.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from workbench.study.errors import INTERACTIVE_BUDGET_S, StoreBusy, StoreError

if TYPE_CHECKING:
    from workbench.study import Store

T = TypeVar("T")

RETRY_PAUSE_S = 0.25
"""Pause between background attempts on a busy database."""

BUSY_MESSAGE = "Progress database is busy (another workbench?)"
"""The first words of every message about a lock held elsewhere."""


class StudyUnavailable(Exception):
    """Study keys were used while the progress store could not be opened."""


class StudyAccess:
    """Holds the progress store (opened in the background), the notices it raised and any
    opening error."""

    def __init__(self, store: Store | None, *, notices: list[str] | None = None,
                 owned: bool = False) -> None:
        self.store = store
        self.error: str | None = None
        self.notices: list[str] = [] if notices is None else notices
        self.owned = owned
        """True when the app opens the store itself and so must close it."""
        self.waited = False
        """True when another process held the lock while the store was opening."""
        self._opened = threading.Event()
        self._lock = threading.Lock()
        self._closed = False
        self._started = False
        if store is not None:
            store.busy_budget = INTERACTIVE_BUDGET_S
            self._opened.set()

    @classmethod
    def of(cls, given: Store | None = None) -> StudyAccess:
        """Use `given` (a test's, say), else the default store once `start_opening` has
        opened it."""
        if given is not None:
            return cls(given, notices=list(given.notices))
        return cls(None, owned=True)

    def start_opening(self, opened: Callable[[], object]) -> None:
        """Open the default store in a thread and call `opened` from it when that is done
        (open, or failed with `error` set).

        The app calls this once its first screen is shown: opening checks the database and
        may migrate or rescue it, work neither the first paint nor the UI thread waits
        for. A lock held by another process is waited out, a try every RETRY_PAUSE_S.
        """
        if self._started or not self.opening or not self.owned:
            return
        self._started = True

        def run() -> None:
            while not self._try_open():
                self.waited = True
                time.sleep(RETRY_PAUSE_S)
            self._opened.set()
            opened()

        threading.Thread(target=run, name="open-progress", daemon=True).start()

    def wait_opened(self, timeout: float) -> bool:
        """Wait (in a worker, never on the UI thread) up to `timeout` seconds for the
        opening to end; whether it has."""
        return self._opened.wait(timeout)

    def _try_open(self) -> bool:
        """One attempt within the interactive budget; False if the database stayed busy."""
        from workbench.study import Store

        try:
            store = Store.open(budget=INTERACTIVE_BUDGET_S)
        except StoreBusy:
            return False
        except (StoreError, OSError) as exc:
            self.error = str(exc) or exc.__class__.__name__
            return True
        store.busy_budget = INTERACTIVE_BUDGET_S
        with self._lock:
            if self._closed:  # the app closed while this opened
                store.close()
                self.error = "the app is closing"
                return True
            self.notices = list(store.notices)
            self.store = store
        return True

    @property
    def opening(self) -> bool:
        """True while the store is still being opened in the background."""
        return self.store is None and self.error is None

    def require(self) -> Store:
        """The store, or StudyUnavailable saying why study mode is off."""
        if self.store is None:
            if self.opening and self.waited:
                raise StudyUnavailable(f"{BUSY_MESSAGE}; study mode starts once it is free.")
            if self.opening:
                raise StudyUnavailable("Progress is still opening; study mode starts in a moment.")
            raise StudyUnavailable(f"Study mode is unavailable: {self.error}")
        return self.store

    def close(self) -> None:
        """Close the store if the app opened it (one still opening is closed once open)."""
        with self._lock:
            self._closed = True
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
