"""Where index generations live on disk, and how a damaged one is recognised.

    <cache>/index/CURRENT            name of the live generation, replaced atomically
    <cache>/index/ix-<stamp>/        a Whoosh index plus workbench.json

`workbench.json` is written after every commit: the schema version, each topic's key
(so unchanged topics are skipped) and the size of every index file. A file that is
missing or has another size means the index was changed behind our back (killed
mid-write, another instance, damage) and is rebuilt into a fresh generation.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

STATE_FILE = "workbench.json"
POINTER_FILE = "CURRENT"
LOCK_SUFFIX = "WRITELOCK"


@dataclass
class IndexState:
    """What workbench knows about one generation."""

    schema: int
    topics: dict[str, str]
    """Topic id -> key of the indexed content (see schema.topic_key)."""
    files: dict[str, int]


class IndexDamaged(Exception):
    """The live index cannot be trusted; the message says why, for the one-line notice."""


def _index_files(directory: Path) -> dict[str, int]:
    return {
        p.name: p.stat().st_size
        for p in directory.iterdir()
        if p.is_file() and p.name != STATE_FILE and not p.name.endswith(LOCK_SUFFIX)
        and not p.name.endswith(".tmp")
    }


def current_generation(root: Path) -> Path | None:
    """The live generation, or None when there is no index yet."""
    try:
        name = (root / POINTER_FILE).read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    return root / name


def new_generation(root: Path) -> Path:
    """A fresh, empty directory to build an index in.

    The index root lives in our cache dir, so whatever squats on its name (a stray file)
    is removed rather than blocking search for good.
    """
    if root.exists() and not root.is_dir():
        root.unlink()
    root.mkdir(parents=True, exist_ok=True)
    stamp = f"ix-{time.time_ns():x}-{os.getpid()}"
    path = root / stamp
    path.mkdir()
    return path


def make_current(root: Path, generation: Path) -> None:
    """Point CURRENT at `generation` atomically, then drop older generations nobody is writing."""
    temporary = root / f"{POINTER_FILE}.{os.getpid()}.tmp"
    temporary.write_text(generation.name, "utf-8")
    pointer = root / POINTER_FILE
    if pointer.is_dir():  # not ours to keep: only a file may hold the pointer
        shutil.rmtree(pointer, ignore_errors=True)
    os.replace(temporary, pointer)
    for old in root.iterdir():
        if old.is_dir() and old != generation and old.name.startswith("ix-"):
            _remove_if_idle(old)


def _remove_if_idle(generation: Path) -> None:
    """Delete an old generation unless another process holds its write lock."""
    try:
        import fcntl
    except ImportError:  # not POSIX: Windows refuses to delete files in use anyway
        shutil.rmtree(generation, ignore_errors=True)
        return
    lock_path = next(generation.glob(f"*{LOCK_SUFFIX}"), None)
    if lock_path is None:
        shutil.rmtree(generation, ignore_errors=True)
        return
    with contextlib.suppress(OSError), open(lock_path, "rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        shutil.rmtree(generation, ignore_errors=True)


def write_state(generation: Path, schema: int, topics: dict[str, str]) -> IndexState:
    """Record the generation's contents after a commit (atomically)."""
    state = IndexState(schema, dict(topics), _index_files(generation))
    temporary = generation / f"{STATE_FILE}.tmp"
    temporary.write_text(json.dumps(state.__dict__), "utf-8")
    os.replace(temporary, generation / STATE_FILE)
    return state


def read_state(generation: Path, schema: int) -> IndexState:
    """The generation's recorded state, checked against the files; raises IndexDamaged."""
    try:
        data = json.loads((generation / STATE_FILE).read_text("utf-8"))
        state = IndexState(int(data["schema"]), dict(data["topics"]), dict(data["files"]))
    except FileNotFoundError:
        raise IndexDamaged("was left incomplete") from None
    except (OSError, ValueError, KeyError, TypeError):
        raise IndexDamaged("had an unreadable state file") from None
    if state.schema != schema:
        raise IndexDamaged(f"was written by another version (schema {state.schema})")
    try:
        actual = _index_files(generation)
    except OSError:
        raise IndexDamaged("could not be read") from None
    if actual != state.files:
        raise IndexDamaged("was changed or damaged since it was written")
    return state
