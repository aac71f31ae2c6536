"""The app's own messages, posted upward so screens and the app can react without coupling."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class NoteSaved(Message):
    """A personal note was saved (posted to the app so search can re-index it)."""

    question_id: str


class StudyOpened(Message):
    """The progress store finished opening, or failed to (posted to the app from the thread
    that opened it: a message, not a call, so a closing app simply drops it)."""
