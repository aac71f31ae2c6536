"""The loader keeps good files, reports bad ones with file and line, and sanitises text."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.content.loader import load_library
from workbench.content.model import Library

GOOD = """+++
id = "good"
title = "Good topic"
difficulty = "E"
+++

## [E] A fine question? {#fine}

A fine answer.
"""


def topic(topic_id: str = "t", title: str = "T", difficulty: str = "E", body: str = "") -> str:
    return (f'+++\nid = "{topic_id}"\ntitle = "{title}"\ndifficulty = "{difficulty}"\n+++\n\n'
            + (body or "## [E] Q? {#q}\n\nA.\n"))


def load_folder(root: Path, files: dict[str, str | bytes]) -> Library:
    chapter = root / "01-chapter"
    chapter.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = chapter / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return load_library([root])


BAD_FILES: dict[str, tuple[str | bytes, int, str]] = {
    # name: (file content, reported line, words in the message)
    "bad-toml": ('+++\nid = "x"\ntitle = "unclosed\ndifficulty = "E"\n+++\n## [E] Q\n', 3,
                 "bad metadata header"),
    "unknown-topic-difficulty": (topic(difficulty="X"), 4, "unknown difficulty"),
    "unknown-question-difficulty": (topic(body="## [Q] Hmm? {#h}\n"), 7, "unknown difficulty"),
    "duplicate-question-id": (topic(body="## [E] A {#same}\n\nx\n\n## [M] B {#same}\n"), 11,
                              "duplicate question id"),
    "not-utf8": (b'+++\nid = "x"\n\xff\xfe\n', 3, "not UTF-8"),
    "empty": ("  \n\n", 1, "empty file"),
    "missing-header": ("## [E] Q?\n\nA.\n", 1, "missing metadata header"),
    "unclosed-header": ('+++\nid = "x"\n', 1, "not closed"),
    "no-questions": (topic(body="Just an intro, no headings.\n"), 6, "no questions"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_reported_and_good_neighbour_loads(tmp_path: Path, case: str) -> None:
    content, line, words = BAD_FILES[case]
    library = load_folder(tmp_path, {"01-bad.md": content, "02-good.md": GOOD})
    assert [t.id for t in library.topics()] == ["good"]
    [problem] = library.problems
    assert problem.path.name == "01-bad.md"
    assert problem.line == line
    assert words.lower() in problem.message.lower()
    assert problem.severity == "error"


def test_duplicate_topic_id_across_roots_keeps_the_first(tmp_path: Path) -> None:
    load_folder(tmp_path / "first", {"01-a.md": topic("shared", "From first root")})
    load_folder(tmp_path / "second", {"01-a.md": topic("shared", "From second root"),
                                      "02-b.md": topic("other", "Other")})
    library = load_library([tmp_path / "first", tmp_path / "second"])
    shared = library.topic("shared")
    assert shared is not None and shared.title == "From first root"
    assert library.topic("other") is not None
    [problem] = library.problems
    assert "second" in problem.path.parts
    assert "duplicate topic id 'shared'" in problem.message


def test_missing_root_is_reported(tmp_path: Path) -> None:
    library = load_library([tmp_path / "nowhere"])
    assert [p.message for p in library.problems] == ["content folder not found"]


def test_control_characters_never_reach_the_model(tmp_path: Path) -> None:
    nasty = "\x1b[31mred\x1b[0m\x07"
    text = (f'+++\nid = "c"\ntitle = "T {nasty}"\ndifficulty = "E"\naliases = ["{nasty}"]\n'
            f'summary = "S {nasty}"\n+++\n\nIntro {nasty}\n\n## [E] Q {nasty}? {{#q}}\n\n'
            f"Body {nasty}\n")
    library = load_folder(tmp_path, {"01-c.md": text})
    assert library.problems == []
    [loaded] = library.topics()
    [question] = loaded.questions
    fields = [loaded.title, loaded.summary, loaded.intro, *loaded.aliases,
              question.title, question.body]
    for value in fields:
        assert "\x1b" not in value and "\x07" not in value
        assert "red" in value


def test_markup_in_titles_stays_literal(tmp_path: Path) -> None:
    text = topic("m", "[bold]Loud[/bold]", body="## [E] Why [red]this[/red]? {#why}\n\nx\n")
    library = load_folder(tmp_path, {"01-m.md": text})
    loaded = library.topic("m")
    assert loaded is not None and loaded.title == "[bold]Loud[/bold]"
    assert loaded.questions[0].title == "Why [red]this[/red]?"


def test_question_ids_line_numbers_and_chapter_title(tmp_path: Path) -> None:
    (tmp_path / "01-chapter").mkdir()
    (tmp_path / "01-chapter" / "chapter.toml").write_text('title = "My chapter"\n', "utf-8")
    library = load_folder(tmp_path, {"01-good.md": GOOD})
    [chapter] = library.chapters
    assert (chapter.id, chapter.title) == ("chapter", "My chapter")
    question = library.question("good/fine")
    assert question is not None
    assert question.line == 7 and question.body == "A fine answer."


def test_readme_files_are_not_topics(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# How to write notes\n", "utf-8")
    library = load_folder(tmp_path, {"README.md": "# Chapter notes\n", "01-good.md": GOOD})
    assert library.problems == []
    assert [t.id for t in library.topics()] == ["good"]


def test_a_heading_shaped_line_inside_a_display_formula_is_formula(tmp_path: Path) -> None:
    body = "## [E] Question? {#q}\n\n$$\n### [M] Not a sub-question {#no}\n$$\n\nAfter.\n"
    (tmp_path / "01-c").mkdir()
    (tmp_path / "01-c" / "01-t.md").write_text(topic("t", "T", body=body), "utf-8")
    library = load_library([tmp_path])
    assert [q.id for q in library.questions()] == ["t/q"]
    assert "Not a sub-question" in library.question("t/q").body  # type: ignore[union-attr]


def test_packed_answers_read_back_as_written(tmp_path: Path) -> None:
    """Answers are kept packed per topic; each reads back exactly, including non-ASCII
    text and empty answers, and survives a pickle round trip (the catalog cache)."""
    import pickle

    from workbench.content.model import PackedAnswers, Question

    answers = ["First: $\\hat R$ — ünïcode ✓.", "", "Third\n\n- item\n"]
    body = "".join(f"## [M] Q{n}? {{#q{n}}}\n\n{text}\n\n" for n, text in enumerate(answers))
    library = load_folder(tmp_path, {"t.md": topic(body=body)})
    questions = next(library.topics()).questions
    assert [q.body for q in questions] == [a.strip("\n") for a in answers]
    assert isinstance(questions[0].answer, PackedAnswers)
    again = pickle.loads(pickle.dumps(questions))
    assert [q.body for q in again] == [q.body for q in questions] and again == questions
    plain = Question(questions[2].id, "t", questions[2].title, "M", "Third\n\n- item",
                     questions[2].source, questions[2].line)
    assert plain.body == questions[2].body
    assert questions[0].difficulty is questions[1].difficulty  # one shared string


def test_packed_questions_read_back_as_parsed(tmp_path: Path) -> None:
    """A loaded topic keeps its questions and stems packed: they read back field for field
    (stems, sub-questions, lines), ids come without question objects, and equality, slicing
    and a pickle round trip (the catalog cache) behave as with a tuple."""
    import pickle

    from workbench.content.model import PackedQuestions, PackedStems, Question

    body = ("## [E] Plain «ünï» question? {#plain}\n\nAnswer one.\n\n"
            "## Shared context. {#ctx .stem}\n\nSome $x$ context.\n\n"
            "### [H] First sub? {#first}\n\nA.\n\n### [M] Second sub? {#second}\n\nB.\n")
    library = load_folder(tmp_path, {"t.md": topic(body=body)})
    alone = library.question("t/second")  # made alone: the topic's objects do not exist yet
    assert library.question("t/none") is None
    topic_ = next(library.topics())
    questions = topic_.questions
    assert isinstance(questions, PackedQuestions)
    assert alone == questions[2] and alone.body == "B." and alone.stem_id == "t/ctx"
    assert library.question("t/second") is questions[2]
    assert topic_.question_ids() == ["t/plain", "t/first", "t/second"]
    assert list(library.question_ids()) == [q.id for q in library.questions()]
    first = questions[1]
    heading = topic(body=body).splitlines().index("### [H] First sub? {#first}") + 1
    assert (first.title, first.difficulty, first.stem_id, first.line) == (
        "First sub?", "H", "t/ctx", heading)
    assert "Some $x$ context." in first.stem and first.body == "A."
    assert questions[0].title == "Plain «ünï» question?"
    assert questions[1:] == (questions[1], questions[2]) and len(questions) == 3
    assert isinstance(topic_.stems, PackedStems)
    assert [(s.id, s.title, s.parent_id) for s in topic_.stems] == [
        ("t/ctx", "Shared context.", "")]
    again = pickle.loads(pickle.dumps(topic_))
    assert again == topic_ and again.questions == tuple(questions)
    assert again.stems == tuple(topic_.stems) and again.stems[0].text == first.stem
    assert [q.body for q in again.questions] == ["Answer one.", "A.", "B."]
    by_hand = (Question("t/a", "t", "A?", "E", "text", tmp_path / "t.md", 1),)
    assert PackedQuestions.pack(by_hand) == by_hand  # not a loaded topic's: kept as given
