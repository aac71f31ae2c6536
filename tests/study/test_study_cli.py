"""`workbench review`, `stats` and `progress` driven like a user would, with piped input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.study.store import Store

TOPIC = """+++
id = "zz-study-cli"
title = "Study CLI fixture"
difficulty = "E"
+++

## [E] What is [bold red]markup[/]? {#markup}

The answer keeps [link=x]brackets[/link] literal.

## [M] Second question? {#second}

Second answer.
"""


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes" / "99-zz"
    folder.mkdir(parents=True)
    (folder / "01-zz.md").write_text(TOPIC, encoding="utf-8")
    return tmp_path / "notes"


def _run(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_piped_review_records_grades_and_prints_text_literally(
        notes: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--content", str(notes), "review", "--topic", "zz-study-cli"]
    status, out, err = _run(argv, "\n3\n\n4\n", monkeypatch, capsys)
    assert status == 0, err
    assert "What is [bold red]markup[/]?" in out
    assert "[link=x]brackets[/link]" in out
    assert "3 good (10m)" in out
    assert out.rstrip().endswith("Recorded 2 review(s).")
    with Store.open() as store:
        assert store.scalar("SELECT COUNT(*) FROM reviews") == 2
        assert store.card("zz-study-cli/markup") is not None

    status, out, _ = _run(["--content", str(notes), "stats", "--json"], "", monkeypatch, capsys)
    data = json.loads(out)
    assert status == 0 and data["reviews"] == 2
    assert {"due", "new", "learned", "orphaned", "retention", "coverage"} <= data.keys()


def test_undo_and_quit(notes: Path, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--content", str(notes), "review", "--topic", "zz-study-cli"]
    status, out, _ = _run(argv, "\n1\nu\nq\n", monkeypatch, capsys)
    assert status == 0 and "Undid the last grade." in out
    assert out.rstrip().endswith("Recorded 0 review(s).")
    with Store.open() as store:
        assert store.card("zz-study-cli/markup") is None
        assert store.scalar("SELECT COUNT(*) FROM reviews") == 1  # the log keeps the truth


def test_limit_and_bad_filter(notes: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--content", str(notes), "review", "--topic", "zz-study-cli", "--limit", "1"]
    status, out, _ = _run(argv, "\n3\n\n3\n", monkeypatch, capsys)
    assert status == 0 and "Recorded 1 review(s)." in out and "Second question?" not in out
    status, _, err = _run(["review", "--topic", "no-such-topic"], "", monkeypatch, capsys)
    assert status == 2 and err.strip() == "workbench review: unknown topic 'no-such-topic'"


def test_export_import_via_cli(notes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    _run(["--content", str(notes), "review", "--topic", "zz-study-cli"], "\n3\n", monkeypatch,
         capsys)
    target = tmp_path / "progress.json"
    status, out, err = _run(["progress", "export", str(target)], "", monkeypatch, capsys)
    assert status == 0 and json.loads(target.read_text())["version"] == 1
    assert out == "" and err.startswith("exported progress to")
    status, out, err = _run(["progress", "import", str(target)], "", monkeypatch, capsys)
    assert status == 0 and out == "" and err.startswith("imported 0 review(s)")
    target.write_text("{not json", encoding="utf-8")
    status, _, err = _run(["progress", "import", str(target)], "", monkeypatch, capsys)
    assert status == 1 and "is not valid JSON" in err and "Traceback" not in err


def test_piped_review_skips_the_card_another_window_shows(
        notes: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.content.loader import load_library
    from workbench.study.session import QueueFilter, StudySession

    library = load_library([notes])
    with Store.open() as store:
        window = StudySession(store, library, QueueFilter(topic="zz-study-cli"))
        shown = window.next_card()  # the app shows the first question
        assert shown is not None and shown.id == "zz-study-cli/markup"
        argv = ["--content", str(notes), "review", "--topic", "zz-study-cli"]
        status, out, err = _run(argv, "\n3\n", monkeypatch, capsys)
        assert status == 0, err
        assert "Second question?" in out and "markup" not in out
        assert out.rstrip().endswith("Recorded 1 review(s).")
        assert store.leased_ids(window.owner) == set()  # the CLI let go of what it held
        window.close()
