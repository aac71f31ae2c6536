"""Holds the first demo's import (done in a thread worker) until a test lets it go."""

from __future__ import annotations

import threading

import pytest

from workbench.tui.widgets import demo_pane


class DemoImportGate:
    """While closed, the demo modules count as not imported and `start_demo` waits; the
    threads that called it are recorded."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.threads: list[threading.Thread] = []
        self._open = threading.Event()
        real_start = demo_pane.start_demo

        def gated_start(demo_id: str) -> object:
            self.threads.append(threading.current_thread())
            self._open.wait(timeout=10)
            return real_start(demo_id)

        monkeypatch.setattr(demo_pane, "demo_modules_imported", self._open.is_set)
        monkeypatch.setattr(demo_pane, "start_demo", gated_start)

    def open(self) -> None:
        self._open.set()
