"""Where workbench keeps things: bundled content, and per-user data, cache and config dirs.

Per-user state never lives in the install directory, so a read-only install works.
Every directory can be redirected with an environment variable (tests and CI use
`WORKBENCH_HOME` to get a private sandbox).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "workbench"


def bundled_content_dir() -> Path:
    """The curated notes shipped with the package (wheel) or the repository checkout."""
    packaged = Path(__file__).parent / "_content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "content"


def _home_override(sub: str) -> Path | None:
    home = os.environ.get("WORKBENCH_HOME")
    return Path(home) / sub if home else None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """User data: the progress database and the user's own notes folder."""
    return _ensure(_home_override("data") or Path(platformdirs.user_data_dir(APP_NAME)))


def cache_dir() -> Path:
    """Rebuildable state: the search index."""
    return _ensure(_home_override("cache") or Path(platformdirs.user_cache_dir(APP_NAME)))


def config_dir() -> Path:
    """Settings and UI state such as the last opened topic."""
    return _ensure(_home_override("config") or Path(platformdirs.user_config_dir(APP_NAME)))


def user_notes_dir() -> Path:
    """The user's own notes, loaded beside the bundled content."""
    return _ensure(data_dir() / "notes")
