"""Honest reports: `import` says what it found per file and warns with file:line; `check`
reports the same on notes already in place; `topics`, `show` render titles and count
sub-questions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workbench.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "notes"


def test_import_reports_topics_and_questions_by_difficulty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = FIXTURES / "sections-and-footers.md"
    assert main(["import", str(source), "--into", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines()[:3] == [
        f"{source}: 2 topics, 6 questions (2 easy, 2 medium, 2 hard), 1 stem; 4 warnings",
        "  Regularisation: 3 questions (1 easy, 1 medium, 1 hard), 1 stem",
        "  Optimisers: 3 questions (1 easy, 1 medium, 1 hard)",
    ]
    assert f"{source}:32: warning: question has no text" in err.splitlines()
    assert f"{source}:34: warning: a list item with a difficulty marker inside a block quote" \
        in err


def test_import_titles_the_chapter_after_the_file_heading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = FIXTURES / "gitbook-chapter.md"
    assert main(["import", str(source), "--into", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "warning" not in err  # no false warning about '#' headings
    assert err.splitlines()[0] == (f"{source}: 1 topic, 7 questions (3 easy, 3 medium, 1 hard), "
                                   "3 stems")
    chapter = (tmp_path / "gitbook-chapter" / "chapter.toml").read_text("utf-8")
    assert chapter == 'title = "Chapter 3. Calculus for learners"\n'
    assert main(["--content", str(tmp_path), "topics", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    mine = next(r for r in rows if r["id"] == "chapter-3-calculus-for-learners")
    assert mine["questions"] == 7
    assert main(["--content", str(tmp_path), "show", "chapter-3-calculus-for-learners",
                 "--plain", "--width", "100"]) == 0
    shown = capsys.readouterr().out
    assert "3. ↳ What's the dimension of the Jacobian δy/(δx) when y ∈ ℝᵐ and x ∈ ℝⁿ?" in shown
    assert "$$" not in shown and "**without**" not in shown and "<br>" not in shown
    assert shown.count("Second order.") == 1


def test_topics_json_keeps_the_source_title_and_adds_rendered_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "01-maths"
    folder.mkdir()
    (folder / "01-norms.md").write_text(
        '+++\nid = "norms"\ntitle = "The $\\\\ell_2$ norm, **without** tears"\n'
        'difficulty = "E"\n+++\n\n## [E] What is $\\|x\\|_2$? {#what}\n\nA length.\n\n'
        "### [M] And its square? {#square}\n\nA sum.\n", "utf-8")
    assert main(["--content", str(tmp_path), "topics", "--json"]) == 0
    [row] = [r for r in json.loads(capsys.readouterr().out) if r["id"] == "norms"]
    assert row["title"] == "The $\\ell_2$ norm, **without** tears"
    assert row["title_text"] == "The ℓ₂ norm, without tears"
    assert row["questions"] == 2


def test_check_warns_about_tagged_items_left_inside_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "01-old"
    folder.mkdir()
    topic = folder / "01-flat.md"
    topic.write_text(
        '+++\nid = "flat"\ntitle = "Flattened"\ndifficulty = "M"\n+++\n\n'
        "## Hyperparameters {#hyper}\n\nSome context.\n\n1. [E] What is a learning rate?\n"
        "   The step size.\n\n```\n1. [H] not in code\n```\n", "utf-8")
    assert main(["check", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{topic}:11: warning: list item with a difficulty marker inside an answer looks like "
        "a sub-question; make it a heading (see content/README.md)"]
    assert "Old: 1 topics, 1 questions (1 medium)" in err


def test_check_counts_sub_questions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(FIXTURES, tmp_path / "src")
    assert main(["import", str(tmp_path / "src" / "gitbook-chapter.md"), "--into",
                 str(tmp_path / "notes")]) == 0
    capsys.readouterr()
    assert main(["check", str(tmp_path / "notes")]) == 0
    err = capsys.readouterr().err
    assert "checked 1 topics, 7 questions (3 easy, 3 medium, 1 hard): 0 error(s)" in err
