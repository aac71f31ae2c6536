"""Watching notes folders: snapshots, their difference, and the reloaded library."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.content.loader import load_library
from workbench.content.watch import FolderChanges, FolderWatcher, carry_over, diff, snapshot

TOPIC = ('+++\nid = "{id}"\ntitle = "{title}"\ndifficulty = "E"\n+++\n\n'
         "## [E] Why? {{#q}}\n\n{answer}\n")


def write(path: Path, topic_id: str, title: str = "T", answer: str = "Because.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TOPIC.format(id=topic_id, title=title, answer=answer))
    return path


def bump(path: Path, text: str) -> None:
    """Rewrite `path` and move its mtime on, so even a same-size edit is seen."""
    stat = path.stat()
    path.write_text(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    write(notes / "01-mine" / "01-a.md", "a")
    write(notes / "01-mine" / "02-b.md", "b")
    (notes / "01-mine" / "chapter.toml").write_text('title = "Mine"\n')
    return notes


def test_snapshot_holds_what_the_loader_reads(root: Path) -> None:
    write(root / "loose.md", "loose")  # a file directly in the root is a chapter too
    (root / "01-mine" / "README.md").write_text("docs")
    (root / "01-mine" / "_draft.md").write_text("x")
    (root / "01-mine" / "image.png").write_bytes(b"\x89PNG")
    write(root / "_sources" / "book.md", "book")
    write(root / ".hidden" / "x.md", "x")
    files = snapshot([root, root.parent / "missing"])
    assert sorted(p.relative_to(root).as_posix() for p in files) == [
        "01-mine/01-a.md", "01-mine/02-b.md", "01-mine/chapter.toml", "loose.md"]
    stat = (root / "01-mine" / "01-a.md").stat()
    assert files[root / "01-mine" / "01-a.md"] == (stat.st_mtime_ns, stat.st_size)


def test_diff_names_added_modified_and_removed_files() -> None:
    a, b, c, d = (Path(n) for n in "abcd")
    old = {a: (1, 10), b: (1, 10), c: (1, 10)}
    new = {a: (1, 10), b: (2, 10), d: (1, 5)}
    changes = diff(old, new)
    assert changes == FolderChanges(added=(d,), modified=(b,), removed=(c,))
    assert changes and changes.paths == (d, b, c)
    assert not diff(old, dict(old))
    assert diff(old, {**old, a: (1, 11)}).modified == (a,)  # same mtime, new size


def test_watcher_reports_each_change_once(root: Path) -> None:
    watcher = FolderWatcher([root])
    assert not watcher.poll()
    new = write(root / "02-more" / "01-c.md", "c")  # a new chapter folder
    edited = root / "01-mine" / "01-a.md"
    bump(edited, TOPIC.format(id="a", title="T", answer="Edited."))
    (root / "01-mine" / "02-b.md").unlink()
    changes = watcher.poll()
    assert changes.added == (new,)
    assert changes.modified == (edited,)
    assert changes.removed == (root / "01-mine" / "02-b.md",)
    assert not watcher.poll()


def test_watcher_sees_a_removed_root_and_its_return(root: Path) -> None:
    watcher = FolderWatcher([root])
    renamed = root.with_name("away")
    root.rename(renamed)
    assert len(watcher.poll().removed) == 3
    renamed.rename(root)
    assert len(watcher.poll().added) == 3


def test_carry_over_keeps_unchanged_topics_as_the_same_objects(root: Path) -> None:
    old = load_library([root])
    bump(root / "01-mine" / "01-a.md", TOPIC.format(id="a", title="T", answer="Edited."))
    write(root / "01-mine" / "03-c.md", "c")
    watcher_changes = FolderChanges(modified=(root / "01-mine" / "01-a.md",))
    reload = carry_over(old, load_library([root]), watcher_changes)
    assert reload.added == ["c"] and reload.changed == ["a"] and reload.removed == []
    assert reload.library.topic("b") is old.topic("b")
    assert reload.library.topic("a") is not old.topic("a")
    topic_a = reload.library.topic("a")
    assert topic_a is not None and topic_a.questions[0].body == "Edited."
    assert reload.summary == "notes reloaded: 1 topic added, 1 changed"


def test_carry_over_of_an_unchanged_library_is_the_same_tree(root: Path) -> None:
    old = load_library([root])
    reload = carry_over(old, load_library([root]))
    assert reload.library.chapters[0] is old.chapters[0]
    assert reload.summary == "notes reloaded: no topic changed"


def test_a_malformed_edit_is_reported_and_the_rest_kept(root: Path) -> None:
    old = load_library([root])
    broken = root / "01-mine" / "01-a.md"
    bump(broken, "+++\nid = \"a\"\n\n## [E] Half written\n")
    reload = carry_over(old, load_library([root]), FolderChanges(modified=(broken,)))
    assert reload.removed == ["a"] and reload.changed == []
    assert reload.library.topic("b") is old.topic("b")
    assert [(p.path, p.line) for p in reload.problems] == [(broken, 1)]
    assert "not closed" in str(reload.problems[0])
    assert reload.summary == "notes reloaded: 1 topic removed"
