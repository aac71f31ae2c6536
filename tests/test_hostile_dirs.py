"""Unusable per-user dirs: reading commands still work, the others fail in one line.

Each home is hostile in one way: under /proc (nothing can be created), a file where
`data`/`cache`/`config` should be, or read-only folders (chmod 555; skipped when running
as a user that writes through permissions anyway, e.g. root, since the other variants
cover the same code path with a file in the way).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.cli import main

SUBDIRS = ("data", "cache", "config")


def _proc_home(tmp_path: Path) -> Path:
    return Path("/proc/workbench-nope")


def _file_home(tmp_path: Path) -> Path:
    for name in SUBDIRS:
        (tmp_path / name).write_text("not a folder", "utf-8")
    return tmp_path


def _readonly_home(tmp_path: Path) -> Path:
    for name in SUBDIRS:
        (tmp_path / name).mkdir()
        (tmp_path / name).chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP
                                | stat.S_IROTH | stat.S_IXOTH)
    probe = tmp_path / "data" / "probe"
    try:
        probe.write_text("", "utf-8")
    except PermissionError:
        return tmp_path
    probe.unlink()
    pytest.skip("this user writes into chmod 555 folders (root); the file-in-the-way "
                "variant covers the same path")


HOMES = {"proc": _proc_home, "file": _file_home, "readonly": _readonly_home}
FOLDER_REASON = {"proc": "No such file or directory", "file": "it is a file, not a folder",
                 "readonly": "Permission denied"}


@pytest.fixture(params=sorted(HOMES))
def hostile_home(request: pytest.FixtureRequest, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    """WORKBENCH_HOME pointing at one kind of unusable home."""
    kind: str = request.param
    home = HOMES[kind](tmp_path)
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    yield kind, home
    for name in SUBDIRS:  # let pytest clean up the read-only variant
        if (tmp_path / name).is_dir():
            (tmp_path / name).chmod(0o755)


@pytest.mark.parametrize("argv", [["topics", "--json"], ["show", "erm"], ["check"],
                                  ["math", "x^2"]])
def test_reading_commands_need_no_user_dirs(
    hostile_home: tuple[str, Path], argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert (captured.out + captured.err).strip()
    assert "cannot use" not in captured.err


def test_topics_lists_the_bundled_tree_without_a_data_dir(
    hostile_home: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["topics", "--json"]) == 0
    ids = {topic["id"] for topic in json.loads(capsys.readouterr().out)}
    assert "erm" in ids


def test_search_falls_back_to_an_index_in_memory(
    hostile_home: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    kind, home = hostile_home
    assert main(["search", "attention", "--json", "--limit", "3"]) == 0
    captured = capsys.readouterr()
    hits = json.loads(captured.out)
    assert hits and any("attention" in hit["topic_id"] for hit in hits)
    note, = captured.err.splitlines()
    assert "in memory" in note
    assert f"cannot use cache folder {home / 'cache'}: {FOLDER_REASON[kind]}" in note


@pytest.mark.parametrize("argv", [["stats"], ["review"], ["progress", "export", "-"],
                                  ["progress", "settings"], ["import", "{notes}"]])
def test_commands_needing_the_data_dir_say_which_folder_and_why(
    hostile_home: tuple[str, Path], argv: list[str], tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str]
) -> None:
    kind, home = hostile_home
    notes = tmp_path_factory.mktemp("notes") / "mine.md"
    notes.write_text("# Mine\n\n## What is it?\n\nThis.\n", "utf-8")
    assert main([part.format(notes=notes) for part in argv]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"workbench: error: cannot use data folder {home / 'data'}: {FOLDER_REASON[kind]}"
        + (f" ({home})" if kind == "proc" else "")
    ]
    assert captured.out == ""


def test_index_command_needs_the_cache_dir(
    hostile_home: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, home = hostile_home
    assert main(["index"]) == 1
    error, = capsys.readouterr().err.splitlines()
    assert error.startswith(f"workbench: error: cannot use cache folder {home / 'cache'}: ")


def test_no_traceback_through_the_real_entry_point(tmp_path: Path) -> None:
    env = {**os.environ, "WORKBENCH_HOME": "/proc/workbench-nope"}
    for argv in (["topics"], ["stats"]):
        result = subprocess.run([sys.executable, "-m", "workbench", *argv], env=env,
                                capture_output=True, text=True, timeout=60)
        assert "Traceback" not in result.stderr
        assert result.returncode == (0 if argv == ["topics"] else 1)


def test_an_unusable_notes_folder_is_skipped_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "notes").write_text("a file, not the notes folder", "utf-8")
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    assert main(["topics", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)
    assert main(["import", str(tmp_path / "data" / "notes")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"workbench: error: cannot use notes folder {tmp_path / 'data' / 'notes'}: "
        "it is a file, not a folder"
    ]


def test_index_in_memory_searches_and_takes_note_updates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from search_fixture import fixture_library, write_notes
    from workbench.search.index import SearchIndex

    library = fixture_library(write_notes(tmp_path / "notes"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "cache").write_text("in the way", "utf-8")
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    index = SearchIndex.open(library)
    assert index.root is None
    assert index.notice is not None and "in memory" in index.notice
    assert [hit.question_id for hit in index.search("sparsity").hits] == ["l1-vs-l2/sparsity"]
    stats = index.update(library, {"ensembling/no-help": "mnemonic: twins make twin mistakes"})
    assert stats.updated == ["ensembling"]
    assert [hit.question_id for hit in index.search("notes:twins").hits] == [
        "ensembling/no-help"]
    assert (tmp_path / "home" / "cache").is_file()
    index.close()


def test_a_home_that_is_a_file_is_named_as_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.write_text("a file", "utf-8")
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    assert main(["topics"]) == 0
    capsys.readouterr()
    assert main(["stats"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"workbench: error: cannot use data folder {home / 'data'}: {home} is a file"]


def test_a_read_only_data_dir_still_lends_its_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Simulated with os.access, since chmod does not stop root from writing."""
    data = tmp_path / "data"
    (data / "notes" / "01-mine").mkdir(parents=True)
    (data / "notes" / "01-mine" / "01-mine.md").write_text(
        '+++\nid = "mine"\ntitle = "My topic"\ndifficulty = "E"\n+++\n\n'
        "## [E] What is mine? {#q}\n\nThis.\n", "utf-8")
    real_access = os.access

    def no_writing_under_data(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(str(path)).is_relative_to(data):
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", no_writing_under_data)
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    assert main(["topics", "--json"]) == 0
    assert "mine" in {topic["id"] for topic in json.loads(capsys.readouterr().out)}
    assert main(["stats"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"workbench: error: cannot use data folder {data}: Permission denied"]
