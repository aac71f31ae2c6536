"""A cache of parsed topic files, so a big notes folder does not cost start-up.

Parsing 1,000 topic files takes seconds; unpickling them takes milliseconds. Each entry
is keyed by the file's path and chapter and checked against its modification time and
size, so an edited file is parsed again. Chapters' `chapter.toml` titles are kept the same
way (so a start from the cache imports no TOML reader either). The whole cache carries a
version stamp made from the content model's fields and the parser's source: when either
changes, old pickles are never loaded. A missing, corrupt or unreadable cache is ignored
(everything is parsed as without it), and failing to write it only costs the next start
its speed.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from workbench.content import model
from workbench.content.loader import load_library, read_chapter_meta
from workbench.content.model import Library, Problem, Topic

CACHE_NAME = "catalog.pickle"
Key = tuple[str, str]
"""(file path, chapter id); a `chapter.toml`'s chapter id is "" (no chapter's is)."""
Entry = tuple[int, int, Any, list[Problem]]
"""(mtime in ns, size in bytes, parsed topic or chapter title, its problems)."""
T = TypeVar("T")


def version_stamp() -> str:
    """What the cached objects depend on: the model's fields and the parsing code."""
    digest = hashlib.sha256()
    for name in sorted(vars(model)):
        cls = getattr(model, name)
        fields = vars(cls).get("__annotations__") if isinstance(cls, type) else None
        if fields:  # a dataclass's or NamedTuple's fields
            digest.update(repr((name, sorted(fields.items()))).encode())
    package = Path(model.__file__).parent
    for source in sorted(package.glob("*.py")):
        if source.name != Path(__file__).name:
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()


def _read(path: Path, stamp: str) -> dict[Key, Entry]:
    """The saved entries, or {} when they cannot be used.

    The cyclic garbage collector is paused while unpickling: the load allocates one object
    per question and field (over 100,000 at 20,000 questions), none of them garbage, and
    the collections this would set off took a third of the load.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            saved = pickle.load(handle)
    except Exception:  # missing, truncated, corrupt, or from another version: parse instead
        return {}
    finally:
        if enabled:
            gc.enable()
    if not isinstance(saved, tuple) or len(saved) != 2 or saved[0] != stamp:
        return {}
    entries = saved[1]
    return entries if isinstance(entries, dict) else {}


def _write(path: Path, stamp: str, entries: dict[Key, Entry]) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a cache."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as handle:
            pickle.dump((stamp, entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # a cache we cannot write is only a slower next start
        tmp.unlink(missing_ok=True)


def load_library_cached(roots: Iterable[Path], cache_file: Path | None = None, *,
                        name: str = CACHE_NAME) -> Library:
    """`load_library`, reusing parsed topics of files unchanged since the last start.

    The cache is `cache_file`, else `name` in the user's cache dir; without a usable cache
    dir everything is parsed, as at a first start. The app and the CLI share it, so a
    command run on a big notes folder also makes the next start fast.
    """
    if cache_file is None:
        from workbench.paths import cache_dir

        try:
            cache_file = cache_dir() / name
        except OSError:
            return load_library(roots)
    stamp = version_stamp()
    old = _read(cache_file, stamp)
    new: dict[Key, Entry] = {}

    def reuse(path: Path, key: Key, read: Callable[[], tuple[T, list[Problem]]]
              ) -> tuple[T, list[Problem]]:
        stat = path.stat()
        hit = old.get(key)
        if hit is not None and hit[0] == stat.st_mtime_ns and hit[1] == stat.st_size:
            new[key] = hit
            return hit[2], list(hit[3])
        value, problems = read()
        new[key] = (stat.st_mtime_ns, stat.st_size, value, list(problems))
        return value, problems

    def parse(path: Path, chapter_id: str) -> tuple[Topic, list[Problem]]:
        def read() -> tuple[Topic, list[Problem]]:
            from workbench.content.topic_file import parse_topic_file

            return parse_topic_file(path, chapter_id)

        return reuse(path, (str(path), chapter_id), read)

    def read_meta(path: Path) -> tuple[str | None, list[Problem]]:
        return reuse(path, (str(path), ""), lambda: read_chapter_meta(path))

    library = load_library(roots, parse=parse, read_meta=read_meta)
    if new.keys() != old.keys() or any(new[k] is not old[k] for k in new):
        _write(cache_file, stamp, new)
    return library
