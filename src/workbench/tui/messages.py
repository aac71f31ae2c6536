"""The app's own messages, posted upward so screens and the app can react without coupling."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class NoteSaved(Message):
    """A personal note was saved (posted to the app so search can re-index it)."""

    question_id: str
