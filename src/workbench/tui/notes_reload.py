"""Follow the notes folders while the app runs: a file added, edited or removed shows up
without a restart.

A timer starts a thread worker every `interval` seconds; it compares a snapshot of the
folders with the last one (`content.watch`) and, when something changed, loads the library
again through the catalog cache (only changed files are parsed), all off the UI thread. The
new library is then swapped in on the UI thread and the change told in one notification.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.content.model import Library
from workbench.textsafe import clean_text

if TYPE_CHECKING:  # the watcher is imported by the first poll, after the first screen
    from workbench.content.watch import FolderWatcher, Reload
    from workbench.tui.app import WorkbenchApp

WATCH_INTERVAL = 2.0
"""Seconds between two looks at the notes folders."""
PROBLEMS_SHOWN = 3
"""At most this many `file:line` problems in the notification (`workbench check` lists all)."""


def load_again(roots: list[Path]) -> Library:
    """The library read again, reusing the cached parse of every unchanged file."""
    from workbench.content.catalog_cache import load_library_cached

    return load_library_cached(roots)


class NotesReloader:
    """Polls `roots` for the app and swaps a reloaded library into it."""

    def __init__(self, app: WorkbenchApp, roots: list[Path], interval: float,
                 partial: bool = False) -> None:
        self.app = app
        self.roots = roots
        self.interval = interval
        self.partial = partial
        """The app's library holds only the first root: the first look loads them all."""
        self._watcher: FolderWatcher | None = None
        self.started = False
        """`start` was called (the timer runs)."""
        self._busy = False
        self._again = False
        """Poll again as soon as the running poll ends (an import wrote files meanwhile)."""

    @property
    def watching(self) -> bool:
        """The first snapshot is taken: changes from now on are seen."""
        return self._watcher is not None

    def start(self) -> None:
        """Take the first snapshot in a worker, then poll on a timer."""
        self.started = True
        self.poll_now()
        self.app.set_interval(self.interval, self.poll_now)

    def poll_now(self) -> None:
        """Look at the folders now (in a worker), unless a look is already under way."""
        if self._busy:
            self._again = True
            return
        self._busy, self._again = True, False
        self.app.run_worker(self._poll, thread=True, group="notes-watch", exit_on_error=False)

    def _poll(self) -> None:
        """Worker: snapshot, diff and, when files changed, reload (off the UI thread)."""
        from workbench.content.watch import FolderWatcher, carry_over

        try:
            if self._watcher is None:
                self._watcher = FolderWatcher(self.roots)
                if not self.partial:
                    return
            if self.partial:  # after the snapshot: an edit meanwhile is seen next poll
                full = load_again(self.roots)
                gc.freeze()  # the library lives as long as the app: no collection walks it again
                self.app.call_from_thread(self._complete, carry_over(self.app.library, full))
                return
            changes = self._watcher.poll()
            if not changes:
                return
            reload = carry_over(self.app.library, load_again(self.roots), changes)
        except Exception as exc:  # a reload that fails keeps the library on screen
            self.app.call_from_thread(self._failed, exc)
        else:
            self.app.call_from_thread(self._apply, reload)
        finally:
            self.app.call_from_thread(self._done)

    def _done(self) -> None:
        self._busy = False
        if self._again:
            self.poll_now()

    def _complete(self, reload: Reload) -> None:
        """UI thread: the whole library replaces the first root's, without a notification
        (nothing changed: it was loading), and the main screen opens the search index."""
        self.partial = False
        self.app.library = reload.library
        self.app.tell_problems()
        main = self.app.get_screen_main()
        if main is not None:
            self.app.call_later(main.swap_library, reload.library)

    def _failed(self, exc: Exception) -> None:
        self.app.notify(f"Notes not reloaded: {exc}", title="Notes", severity="error",
                        markup=False)

    def _apply(self, reload: Reload) -> None:
        """UI thread: swap the library in (the screen redraws after the calls queued before)
        and say what changed."""
        self.app.library = reload.library
        main = self.app.get_screen_main()
        if main is not None:
            self.app.call_later(main.swap_library, reload.library)
        if not (reload.added or reload.changed or reload.removed or reload.problems):
            return
        lines = [reload.summary]
        lines += [str(problem) for problem in reload.problems[:PROBLEMS_SHOWN]]
        if len(reload.problems) > PROBLEMS_SHOWN:
            lines.append(f"… {len(reload.problems) - PROBLEMS_SHOWN} more: run `workbench check`")
        errors = any(p.severity == "error" for p in reload.problems)
        self.app.notify(clean_text("\n".join(lines)), title="Notes",
                        severity="warning" if errors else "information",
                        timeout=8 if reload.problems else 4, markup=False)
