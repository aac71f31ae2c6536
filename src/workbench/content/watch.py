"""Notice edited notes while the app runs: folder snapshots, their difference, and a
reloaded Library that keeps the objects of unchanged topics.

Polling, not OS notifications: a content root is a shallow tree (root, chapter folders,
topic files), so one `os.scandir` per folder and a stat per file every couple of seconds
costs a few milliseconds even for a thousand files, needs no dependency, and behaves the
same on every platform and file system (network shares, containers) where inotify-style
watchers miss events. A file is compared by (mtime in ns, size), as the catalog cache
compares it, so whatever the watcher calls changed the cache parses again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from workbench.content.model import Chapter, Library, Problem, Topic

Stamp = tuple[int, int]
"""(mtime in ns, size in bytes) of one file."""
Snapshot = dict[Path, Stamp]


def _watched(name: str) -> bool:
    """Names the loader reads: not `_`/`.`-prefixed, not a README."""
    return not name.startswith(("_", ".")) and name.lower() != "readme.md"


def _files_of(folder: Path, into: Snapshot, subfolders: list[Path] | None) -> None:
    """Add `folder`'s topic files and `chapter.toml` to `into`; collect its visible subfolders."""
    try:
        entries = list(os.scandir(folder))
    except OSError:  # gone or unreadable: its files count as removed
        return
    for entry in entries:
        if not _watched(entry.name):
            continue
        try:
            if entry.is_dir():
                if subfolders is not None:
                    subfolders.append(Path(entry.path))
            elif entry.name.endswith(".md") or entry.name == "chapter.toml":
                stat = entry.stat()
                into[Path(entry.path)] = (stat.st_mtime_ns, stat.st_size)
        except OSError:  # removed between the listing and the stat
            continue


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """Every file the loader would read under `roots` (topic files and `chapter.toml`s)."""
    files: Snapshot = {}
    for root in roots:
        chapters: list[Path] = []
        _files_of(root, files, chapters)
        for folder in chapters:
            _files_of(folder, files, None)
    return files


@dataclass(frozen=True)
class FolderChanges:
    """Files added, modified and removed between two snapshots (each sorted)."""

    added: tuple[Path, ...] = ()
    modified: tuple[Path, ...] = ()
    removed: tuple[Path, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.modified or self.removed)

    @property
    def paths(self) -> tuple[Path, ...]:
        """Every path that changed."""
        return self.added + self.modified + self.removed


def diff(old: Snapshot, new: Snapshot) -> FolderChanges:
    """What changed from `old` to `new`."""
    return FolderChanges(
        added=tuple(sorted(new.keys() - old.keys())),
        modified=tuple(sorted(p for p in new.keys() & old.keys() if new[p] != old[p])),
        removed=tuple(sorted(old.keys() - new.keys())),
    )


class FolderWatcher:
    """Remembers the last snapshot of `roots`; `poll()` says what changed since."""

    def __init__(self, roots: Iterable[Path]) -> None:
        self.roots = list(roots)
        self._last = snapshot(self.roots)

    def poll(self) -> FolderChanges:
        """Take a new snapshot and return its difference from the previous one."""
        new = snapshot(self.roots)
        changes = diff(self._last, new)
        self._last = new
        return changes


@dataclass
class Reload:
    """A reloaded Library and how its topics differ from the one it replaces."""

    library: Library
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Problems of the files that changed (the rest were reported before)."""

    @property
    def summary(self) -> str:
        """`notes reloaded: 1 topic added, 2 changed` (or `...: no topic changed`)."""
        parts = [f"{len(ids)} {what}" for ids, what in
                 ((self.added, "added"), (self.changed, "changed"), (self.removed, "removed"))
                 if ids]
        if not parts:
            return "notes reloaded: no topic changed"
        first = parts[0].split(" ", 1)
        noun = "topic" if first[0] == "1" else "topics"
        parts[0] = f"{first[0]} {noun} {first[1]}"
        return "notes reloaded: " + ", ".join(parts)


def _same(old: Topic, new: Topic) -> bool:
    """Parsed from the same bytes at the same place (parsing is deterministic), or equal."""
    if old.content_hash and old.content_hash == new.content_hash:
        return old.source == new.source and old.chapter_id == new.chapter_id
    return old == new


def carry_over(old: Library, new: Library, changes: FolderChanges | None = None) -> Reload:
    """`new`, with each topic (and chapter) equal to one of `old` replaced by the old object.

    The UI tells "this topic changed" by identity, so an unchanged topic keeps its reader
    and demo; only topics that differ are new objects.
    """
    before = {t.id: t for t in old.topics()}
    after = {t.id: t for t in new.topics()}
    reload = Reload(new)
    chapters: list[Chapter] = []
    for chapter in new.chapters:
        topics: list[Topic] = []
        for topic in chapter.topics:
            previous = before.get(topic.id)
            if previous is None:
                reload.added.append(topic.id)
            elif _same(previous, topic):
                topic = previous
            else:
                reload.changed.append(topic.id)
            topics.append(topic)
        kept = old.chapter(chapter.id)
        if kept is not None and kept.title == chapter.title and kept.topics == tuple(topics):
            chapters.append(kept)
        else:
            chapters.append(Chapter(chapter.id, chapter.title, tuple(topics)))
    reload.removed = [topic_id for topic_id in before if topic_id not in after]
    reload.library = Library(chapters=chapters, problems=list(new.problems))
    touched = set(changes.paths) if changes is not None else set()
    reload.problems = [p for p in new.problems if p.path in touched]
    return reload
