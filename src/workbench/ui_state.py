"""Small UI state kept between runs (the last opened topic), as JSON in the config dir.

Losing it is harmless, so any read or write problem (no usable config dir included) falls
back to defaults quietly; the app says once that the place will not be remembered.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple

from workbench.paths import config_dir


class UiState(NamedTuple):
    """What the app restores on start."""

    topic_id: str | None = None
    question_id: str | None = None


def _state_file() -> Path:
    return config_dir() / "ui-state.json"


def load_ui_state() -> UiState:
    """The saved state, or defaults if there is none or it is unreadable."""
    try:
        data = json.loads(_state_file().read_text("utf-8"))
        return UiState(
            topic_id=data.get("topic_id") if isinstance(data.get("topic_id"), str) else None,
            question_id=data.get("question_id")
            if isinstance(data.get("question_id"), str)
            else None,
        )
    except (OSError, ValueError, AttributeError):
        return UiState()


def save_ui_state(state: UiState) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a file."""
    try:
        path = _state_file()  # raises paths.UnusableDir (an OSError) without a config dir
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state._asdict()), "utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
