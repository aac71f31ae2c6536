"""The notes importer reads real, uncurated notes and writes topic files that load back."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content_paths import CONTENT, SOURCE_NOTES
from notes_files import write_notes
from workbench.cli import main
from workbench.content.loader import load_library
from workbench.content.notes_format import (
    NotesSection,
    TargetExistsError,
    assign_topic_ids,
    escape_stray_dollars,
    parse_notes,
)
from workbench.paths import user_notes_dir

HERE = Path("notes.md")


def sections(text: str) -> list[NotesSection]:
    return parse_notes(text, HERE).sections


def test_sections_sub_questions_and_dedented_answers() -> None:
    notes = parse_notes(
        "# Risk\n\n1. [E] What is risk?\n   1. The expected loss: $R(f)$.\n"
        "2. [H] Why empirical?\n   - first\n     - nested\n   - second\n"
        "- [M] Bulleted one\n  Answer line.\n", HERE)
    assert notes.problems == []
    [section] = notes.sections
    assert section.title == "Risk" and section.difficulty == "H"
    assert [(q.title, q.difficulty, q.line) for q in section.questions] == [
        ("What is risk?", "E", 3), ("Why empirical?", "H", 5), ("Bulleted one", "M", 9)]
    assert [q.body for q in section.questions] == [
        "The expected loss: $R(f)$.", "- first\n  - nested\n- second", "Answer line."]


def test_untagged_numbered_list_is_part_of_the_answer() -> None:
    [section] = sections("# [E] Production Cycle\n\n1. Scoping: goals.\n2. Data: storage.\n")
    [question] = section.questions
    assert (question.title, question.difficulty) == ("Production Cycle", "E")
    assert question.body == "1. Scoping: goals.\n2. Data: storage."


def test_heading_without_difficulty_defaults_to_medium_with_warning() -> None:
    notes = parse_notes("# Intro text\n\nSome answer.\n\n# [H] Hard one\n\nx\n", HERE)
    assert [s.questions[0].difficulty for s in notes.sections] == ["M", "H"]
    [warning] = notes.problems
    assert (warning.line, warning.severity) == (1, "warning")
    assert "difficulty" in warning.message


def test_deep_nesting_keeps_relative_indentation() -> None:
    answer = "".join(f"{'   ' * depth}{depth + 1}. level {depth}\n" for depth in range(8))
    indented = "".join(f"   {line}\n" for line in answer.splitlines())
    [section] = sections(f"# T\n\n1. [M] Deep?\n{indented}")
    assert section.questions[0].body == answer.rstrip("\n")


def test_question_without_answer_is_kept_empty() -> None:
    [section] = sections("# T\n\n- [E] First?\n- [M] Second?\n  Answer.\n")
    assert [(q.title, q.body) for q in section.questions] == [
        ("First?", ""), ("Second?", "Answer.")]


def test_text_before_first_heading_becomes_intro_with_warning() -> None:
    notes = parse_notes("My notes, v2.\n\n# [E] First\n\nBody.\n", HERE)
    assert notes.sections[0].intro == "My notes, v2."
    assert [(p.line, p.severity) for p in notes.problems] == [(1, "warning")]


def test_file_without_headings_is_one_question() -> None:
    notes = parse_notes("Just some text.\n", Path("my_notes.md"))
    [section] = notes.sections
    assert section.title == "My notes"
    assert section.questions[0].body == "Just some text."
    assert len(notes.problems) == 2  # no headings, and no difficulty


def test_hashes_inside_code_fences_are_not_headings() -> None:
    text = "# [E] Code\n\n```python\n# a comment\n## another\n```\n\n## Subheading\n\nText\n"
    [section] = sections(text)
    body = section.questions[0].body
    assert "```python\n# a comment\n## another\n```" in body
    assert "\n### Subheading\n" in body


def test_tagged_items_inside_fences_are_not_questions() -> None:
    [section] = sections("# T\n\n1. [E] Real?\n   ```\n   1. [H] not a question\n   ```\n")
    assert len(section.questions) == 1


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("costs $5 and $10", "costs \\$5 and \\$10"),
    ("math $x^2$ and a stray $", "math $x^2$ and a stray \\$"),
    ("a $ b $ c", "a \\$ b \\$ c"),
    ("$$\na + b\n$$", "$$\na + b\n$$"),
    ("open $$ never closed", "open \\$\\$ never closed"),
    ("`code $x` and \\$ kept", "`code $x` and \\$ kept"),
    ("$a$ then $b$", "$a$ then $b$"),
])
def test_stray_dollars_are_escaped(paragraph: str, expected: str) -> None:
    assert escape_stray_dollars(paragraph) == expected


def test_five_thousand_sections() -> None:
    text = "".join(f"# [E] Section {i}\n\n1. [M] Q{i}a?\n   A{i}.\n2. [H] Q{i}b?\n"
                   for i in range(5000))
    parsed = sections(text)
    assert len(parsed) == 5000
    assert parsed[4321].title == "Section 4321"
    assert [q.title for q in parsed[4321].questions] == ["Q4321a?", "Q4321b?"]
    assert parsed[4999].questions[0].body == "A4999."


def test_ids_unique_against_bundled_and_within_import() -> None:
    bundled = {t.id for t in load_library([CONTENT]).topics()}
    parsed = sections("# [E] Attention\n\nx\n\n# [E] Same\n\ny\n\n# [E] Same\n\nz\n")
    assert assign_topic_ids(parsed, bundled) == ["attention-2", "same", "same-2"]


def test_round_trip_of_the_source_notes(tmp_path: Path) -> None:
    notes = parse_notes(SOURCE_NOTES.read_text("utf-8"), SOURCE_NOTES)
    assert notes.problems == []
    written = write_notes(notes.sections, tmp_path / "ml", chapter_title="ML")
    assert len(written) == 21  # chapter.toml + 20 topics
    library = load_library([tmp_path])
    assert library.problems == []
    assert library.chapters[0].title == "ML"
    loaded = [(q.title, q.difficulty, q.body) for q in library.questions()]
    expected = [(q.title, q.difficulty, q.body) for s in notes.sections for q in s.questions]
    assert loaded == expected
    assert [t.difficulty for t in library.topics()] == [s.difficulty for s in notes.sections]


def test_imported_clash_does_not_shadow_bundled_content(tmp_path: Path) -> None:
    bundled = load_library([CONTENT])
    parsed = sections("# [H] Attention\n\nMy own take.\n")
    write_notes(parsed, tmp_path / "mine", {t.id for t in bundled.topics()})
    library = load_library([CONTENT, tmp_path])
    assert library.problems == []
    original = library.topic("attention")
    assert original is not None and original.source.is_relative_to(CONTENT)
    mine = library.topic("attention-2")
    assert mine is not None and mine.questions[0].body == "My own take."


def test_write_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    parsed = sections("# [E] One\n\nx\n")
    write_notes(parsed, tmp_path)
    with pytest.raises(TargetExistsError, match="already exist"):
        write_notes(parsed, tmp_path)
    assert write_notes(parsed, tmp_path, force=True)[-1] == tmp_path / "01-one.md"


@pytest.mark.parametrize("opening", ["$$", "```"])
def test_a_stem_that_opens_with_a_formula_or_code_keeps_its_sub_questions(
        tmp_path: Path, opening: str) -> None:
    """The first line of a stem becomes its heading; one that opens a formula or a code
    block would leave the block open below it and swallow the questions under it."""
    lines = ["# [E] Heading", "## sub", "1. [M] Sub?", "## sub", opening, "x = 1", opening,
             "1. [M] Another?"]
    notes = parse_notes("\n".join(lines), HERE)
    write_notes(notes.sections, tmp_path)
    library = load_library([tmp_path])
    assert library.problems == []
    first, second = library.questions()
    assert (first.title, second.title) == ("Sub?", "Another?")
    assert "x = 1" in second.stem


LINES = st.sampled_from([
    "# [E] Heading", "# Plain heading", "#", "# [X] odd", "1. [M] Sub?", "- [H] Bullet?",
    "   1. answer", "      - deep", "2. untagged", "```", "~~~", "## sub", "$x$", "$$", "a $ b",
    "", "text \x1b[31m", "+++", "[bold]x[/bold]", "\t- tab", "{#id}", "## [E] Q {#q}",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES, max_size=25))
def test_any_notes_import_and_load_back(lines: list[str]) -> None:
    notes = parse_notes("\n".join(lines), HERE)
    with tempfile.TemporaryDirectory() as folder:
        write_notes(notes.sections, Path(folder))
        library = load_library([Path(folder)])
    assert library.problems == []
    assert len(list(library.questions())) == sum(
        len(list(s.all_questions())) for s in notes.sections)
    for question in library.questions():
        assert "\x1b" not in question.title + question.body


def test_cli_import_writes_to_user_notes_and_refuses_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "My Notes.md"
    source.write_text("# [E] Bias\n\nAnswer.\n\n# Variance\n\nAnswer.\n", "utf-8")
    assert main(["import", str(source)]) == 0
    out, err = capsys.readouterr()
    target = user_notes_dir() / "my-notes"
    assert err.splitlines()[:3] == [
        f"{source}: 2 topics, 2 questions (1 easy, 1 medium); 1 warning",
        "  Bias: 1 question (1 easy)", "  Variance: 1 question (1 medium)"]
    assert out.splitlines() == [
        str(target / "chapter.toml"), str(target / "01-bias.md"), str(target / "02-variance.md")]
    assert "no difficulty on 'Variance'" in err
    assert main(["import", str(source)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["import", str(source), "--force"]) == 0
    capsys.readouterr()
    library = load_library([user_notes_dir()])
    assert library.problems == [] and [t.id for t in library.topics()] == ["bias", "variance"]


def test_cli_import_into_folder_avoids_bundled_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "extra.md"
    source.write_text("# [M] Overfitting\n\nMine.\n", "utf-8")
    assert main(["import", str(source), "--into", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.strip().endswith("01-overfitting-2.md")


@pytest.mark.parametrize(("content", "words"), [
    (None, "no such file"),
    (b"# [E] Caf\xe9\n", "not UTF-8"),
    ("folder", "is a folder"),
])
def test_cli_bad_input_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | str | None, words: str
) -> None:
    path = tmp_path / "notes.md"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content == "folder":
        path.mkdir()
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_fence_left_open_at_end_of_file_is_closed() -> None:
    [section] = sections("# T\n\n- [E] Code?\n  ~~~~\n  # x = 1\n")
    assert section.questions[0].body == "~~~~\n# x = 1\n~~~~"


def test_an_unknown_difficulty_tag_is_reported_not_swallowed(tmp_path: Path) -> None:
    from workbench.content.notes_format import parse_notes

    source = tmp_path / "notes.md"
    text = "# Topic\n\n1. [E] Fine?\n   Yes.\n2. [Z] Weird difficulty?\n   Hm.\n"
    notes = parse_notes(text, source)
    assert [q.title for s in notes.sections for q in s.questions] == ["Fine?"]
    assert any(p.line == 5 and "[Z]" in p.message for p in notes.problems)


def test_display_math_spanning_a_blank_line_keeps_its_dollars() -> None:
    [section] = sections("# [E] T\n\n$$\n\n1. [M] x\n$$\n\nCosts $5.\n")
    assert section.questions[0].body == "$$\n\n1. [M] x\n$$\n\nCosts \\$5."
