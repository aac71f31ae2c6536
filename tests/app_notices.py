"""What the app told the learner, kept for tests: a toast expires (10 s) before a test on a
loaded machine reads `app._notifications`, so tests record every `notify` instead."""

from __future__ import annotations

from typing import Any

from textual.app import App


def recording(app: App[Any]) -> list[str]:
    """Every notification `app` shows from now on, in order."""
    told: list[str] = []
    show = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        told.append(message)
        show(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return told
