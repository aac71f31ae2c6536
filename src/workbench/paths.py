"""Where workbench keeps things: bundled content, and per-user data, cache and config dirs.

Per-user state never lives in the install directory, so a read-only install works.
Every directory can be redirected with an environment variable (tests and CI use
`WORKBENCH_HOME` to get a private sandbox).

A per-user dir that cannot be created or written (a file in its place, no permission, a
read-only or virtual file system) raises `UnusableDir`, an `OSError` whose message names
the folder and why, so callers can degrade (read-only app, search in memory, default
settings) and commands that need it can fail in one line.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "workbench"


class UnusableDir(OSError):
    """A per-user folder workbench cannot use; `str()` is the one-line reason."""

    def __init__(self, kind: str, path: Path, reason: str) -> None:
        super().__init__(f"cannot use {kind} folder {path}: {reason}")
        self.kind = kind
        self.path = path
        self.reason = reason


def bundled_content_dir() -> Path:
    """The curated notes shipped with the package (wheel) or the repository checkout."""
    packaged = Path(__file__).parent / "_content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "content"


def _home_override(sub: str) -> Path | None:
    home = os.environ.get("WORKBENCH_HOME")
    return Path(home) / sub if home else None


def _ensure(kind: str, path: Path) -> Path:
    """Create `path` if needed and check it is a folder we may write to, or raise UnusableDir."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UnusableDir(kind, path, "it is a file, not a folder") from None
    except OSError as exc:
        raise UnusableDir(kind, path, _why(exc, path)) from None
    if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
        raise UnusableDir(kind, path, "Permission denied")
    return path


def _why(exc: OSError, path: Path) -> str:
    """The OS reason, naming the parent that failed when it is not `path` itself."""
    reason = exc.strerror or type(exc).__name__
    failed = Path(exc.filename) if exc.filename else path
    if isinstance(exc, NotADirectoryError):
        return f"{_first_file(path) or failed} is a file"
    return reason if failed == path else f"{reason} ({failed})"


def _first_file(path: Path) -> Path | None:
    """The ancestor of `path` that is a file, which is why `path` cannot be a folder."""
    for parent in reversed(path.parents):
        if parent.is_file():
            return parent
    return None


def data_dir() -> Path:
    """User data: the progress database and the user's own notes folder."""
    return _ensure("data", data_path())


def data_path() -> Path:
    """Where the data dir is, without creating or checking it."""
    return _home_override("data") or Path(platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """Rebuildable state: the search index."""
    return _ensure("cache", _home_override("cache") or Path(platformdirs.user_cache_dir(APP_NAME)))


def config_dir() -> Path:
    """UI state such as the last opened topic (written by the app)."""
    return _ensure("config", config_path())


def config_path() -> Path:
    """Where the config dir is, without creating or checking it (settings are only read)."""
    return _home_override("config") or Path(platformdirs.user_config_dir(APP_NAME))


def user_notes_dir() -> Path:
    """The user's own notes folder, created if needed (for writing into it)."""
    return _ensure("notes", data_dir() / "notes")


def readable_notes_dir() -> Path | None:
    """The user's notes folder for loading: created when possible, None when unreadable.

    A data dir that cannot be written (read-only) still has its notes read.
    """
    notes = data_path() / "notes"
    try:
        return user_notes_dir()
    except UnusableDir:
        pass
    try:
        usable = notes.is_dir() and os.access(notes, os.R_OK | os.X_OK)
    except OSError:
        return None
    return notes if usable else None
