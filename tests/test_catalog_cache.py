"""The catalog cache: unchanged files are not parsed again; anything doubtful is parsed."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.content import catalog_cache, topic_file
from workbench.content.catalog_cache import load_library_cached
from workbench.content.loader import load_library

TOPIC = ('+++\nid = "{id}"\ntitle = "{title}"\ndifficulty = "E"\n+++\n\n'
         "## [E] Why? {{#q}}\n\nBecause.\n")


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    (root / "01-mine").mkdir(parents=True)
    for n in range(3):
        (root / "01-mine" / f"0{n}-t{n}.md").write_text(TOPIC.format(id=f"t{n}", title=f"T{n}"))
    return root


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the cache had to parse."""
    seen: list[Path] = []
    real = topic_file.parse_topic_file

    def counting(path: Path, chapter_id: str):  # type: ignore[no-untyped-def]
        seen.append(path)
        return real(path, chapter_id)

    monkeypatch.setattr(topic_file, "parse_topic_file", counting)  # imported when needed
    return seen


def titles(library) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.title for t in library.topics()]


def test_second_load_parses_nothing_and_gives_the_same_library(
        notes: Path, tmp_path: Path, parses: list[Path]) -> None:
    cache = tmp_path / "catalog.pickle"
    first = load_library_cached([notes], cache)
    assert len(parses) == 3
    parses.clear()
    second = load_library_cached([notes], cache)
    assert parses == []
    assert second.chapters == first.chapters == load_library([notes]).chapters


def test_an_edited_file_is_parsed_again(notes: Path, tmp_path: Path, parses: list[Path]) -> None:
    cache = tmp_path / "catalog.pickle"
    load_library_cached([notes], cache)
    edited = notes / "01-mine" / "01-t1.md"
    edited.write_text(TOPIC.format(id="t1", title="Renamed topic"))
    os.utime(edited, ns=(1, 1))  # even with an old mtime: the size changed
    parses.clear()
    library = load_library_cached([notes], cache)
    assert parses == [edited]
    assert titles(library) == ["T0", "Renamed topic", "T2"]


def test_corrupt_cache_is_ignored_and_replaced(notes: Path, tmp_path: Path,
                                               parses: list[Path]) -> None:
    cache = tmp_path / "catalog.pickle"
    cache.write_bytes(b"\x80\x05not a pickle at all")
    assert titles(load_library_cached([notes], cache)) == ["T0", "T1", "T2"]
    parses.clear()
    load_library_cached([notes], cache)
    assert parses == []


def test_a_cache_from_another_model_version_is_never_loaded(
        notes: Path, tmp_path: Path, parses: list[Path]) -> None:
    cache = tmp_path / "catalog.pickle"
    load_library_cached([notes], cache)
    stamp, entries = pickle.loads(cache.read_bytes())
    poisoned = {key: (m, s, topic._replace(title="stale"), p)
                for key, (m, s, topic, p) in entries.items()}
    cache.write_bytes(pickle.dumps(("another model", poisoned)))
    parses.clear()
    assert titles(load_library_cached([notes], cache)) == ["T0", "T1", "T2"]
    assert len(parses) == 3


def test_the_stamp_follows_the_model_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    before = catalog_cache.version_stamp()
    from dataclasses import dataclass

    @dataclass
    class Extra:
        field: int

    monkeypatch.setattr(catalog_cache.model, "Extra", Extra, raising=False)
    assert catalog_cache.version_stamp() != before


def test_a_cli_command_fills_the_cache_the_app_reads(
        notes: Path, parses: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.cli import main
    from workbench.paths import cache_dir
    from workbench.tui.notes_reload import load_again

    assert main(["--content", str(notes), "topics"]) == 0
    assert "T2" in capsys.readouterr().out
    assert len([p for p in parses if p.is_relative_to(notes)]) == 3
    assert (cache_dir() / catalog_cache.CACHE_NAME).is_file()
    parses.clear()
    library = load_again([notes])  # what the app loads its notes with
    assert titles(library) == ["T0", "T1", "T2"] and parses == []


def test_without_a_usable_cache_dir_everything_is_parsed(
        notes: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "cache").write_text("")  # a file where the cache dir should be
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    assert titles(load_library_cached([notes])) == ["T0", "T1", "T2"]


def test_a_chapter_title_is_kept_until_its_chapter_toml_changes(
        notes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "catalog.pickle"
    meta = notes / "01-mine" / "chapter.toml"
    meta.write_text('title = "My chapter"\n')
    assert load_library_cached([notes], cache).chapters[0].title == "My chapter"
    read: list[Path] = []
    real = catalog_cache.read_chapter_meta

    def counting(path: Path):  # type: ignore[no-untyped-def]
        read.append(path)
        return real(path)

    monkeypatch.setattr(catalog_cache, "read_chapter_meta", counting)
    assert load_library_cached([notes], cache).chapters[0].title == "My chapter"
    assert read == []
    meta.write_text('title = "Renamed chapter"\n')
    assert load_library_cached([notes], cache).chapters[0].title == "Renamed chapter"
    assert read == [meta]


def test_a_bad_chapter_toml_is_reported_from_the_cache_too(notes: Path, tmp_path: Path) -> None:
    cache = tmp_path / "catalog.pickle"
    (notes / "01-mine" / "chapter.toml").write_text('title = "unclosed\n')
    for _ in range(2):  # parsed, then from the cache
        library = load_library_cached([notes], cache)
        assert library.chapters[0].title == "Mine"
        assert [p.message.split(":")[0] for p in library.problems] == ["bad chapter.toml"]


def test_a_start_from_the_cache_imports_no_parser_and_no_toml_reader(
        notes: Path, tmp_path: Path) -> None:
    (notes / "01-mine" / "chapter.toml").write_text('title = "My chapter"\n')
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from workbench.content.catalog_cache import load_library_cached\n"
        f"library = load_library_cached([Path({str(notes)!r})], Path({str(tmp_path)!r}) / 'c')\n"
        "print(library.chapters[0].title, 'tomllib' in sys.modules,\n"
        "      'workbench.content.topic_file' in sys.modules)\n"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=60) for _ in range(2)]
    assert [run.stdout.split() for run in runs] == [["My", "chapter", "True", "True"],
                                                    ["My", "chapter", "False", "False"]]
