"""The app's own messages, posted upward so screens and the app can react without coupling."""

from __future__ import annotations

from textual.message import Message


class NoteSaved(Message):
    """A personal note was saved (posted to the app so search can re-index it)."""

    def __init__(self, question_id: str) -> None:
        super().__init__()
        self.question_id = question_id


class StudyOpened(Message):
    """The progress store finished opening, or failed to (posted to the app from the thread
    that opened it: a message, not a call, so a closing app simply drops it)."""
