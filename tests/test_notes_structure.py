"""The importer reads notes as a Markdown tree: nested questions, stems, markers, HTML, footers.

Each fixture under tests/fixtures/notes/ was written for these tests; its expected tree is
spelled out here as (difficulty, title, stem, children) tuples.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from notes_files import write_notes
from workbench.content.loader import load_library
from workbench.content.markers import split_marker
from workbench.content.notes_format import (
    NotesQuestion,
    ParsedNotes,
    parse_notes,
)

FIXTURES = Path(__file__).parent / "fixtures" / "notes"
Shape = tuple[str, str, str, list["Shape"]]


def shape(questions: tuple[NotesQuestion, ...]) -> list[Shape]:
    return [(q.difficulty, q.title, q.stem, shape(q.children)) for q in questions]


def parse_fixture(name: str) -> ParsedNotes:
    path = FIXTURES / name
    return parse_notes(path.read_text("utf-8"), path)


def messages(notes: ParsedNotes) -> list[tuple[int, str]]:
    return sorted((p.line, p.message) for p in notes.problems)


JACOBIANS = "Jacobians.\n$$J_{ij} = \\frac{\\partial y_i}{\\partial x_j}$$"


def test_gitbook_chapter_nests_stems_and_sub_questions() -> None:
    notes = parse_fixture("gitbook-chapter.md")
    assert notes.problems == []
    assert notes.title == "Chapter 3. Calculus for learners"
    [section] = notes.sections
    assert section.title == "Chapter 3. Calculus for learners"
    assert shape(section.questions) == [
        ("E", "What does the derivative of $f$ at a point measure?", "Derivatives.", []),
        ("M", "Why can't we take the derivative of $|x|$ at 0 **without** extra care?<br>"
              "Give the one-sided limits.", "Derivatives.", []),
        ("E", "What's the dimension of the Jacobian $$\\frac{\\delta y}{\\delta x}$$ when "
              "$y \\in \\mathbb{R}^m$ and $x \\in \\mathbb{R}^n$?", JACOBIANS, []),
        ("H", "When is the Hessian symmetric?", f"{JACOBIANS}\n\nSecond order.", []),
        ("M", "What does a negative eigenvalue of the Hessian tell us?",
         f"{JACOBIANS}\n\nSecond order.", []),
        ("M", "Explain the chain rule in one sentence.", "",
         [("E", "Apply it to $\\sin(x^2)$.", "", [])]),
    ]
    answers = [q.body for q in section.all_questions()]
    assert answers[0] == "A rate of change: how fast $f$ moves as its input moves."
    assert answers[1] == "The left limit is $-1$ and the right limit is $1$."
    assert answers[-1] == "$2x\\cos(x^2)$."


def test_html_table_becomes_markdown_and_hides_nothing() -> None:
    [section] = parse_fixture("gitbook-chapter.md").sections
    assert "| Symbol | Meaning |\n|---|---|\n| $\\nabla f$ | gradient |" in section.intro
    assert "Read the table before starting." in section.intro
    assert section.intro.endswith("This line follows the table and must stay visible.")
    assert "<" not in section.intro


def test_every_marker_form_and_unknown_markers_reported_with_text_kept() -> None:
    notes = parse_fixture("marker-forms.md")
    [section] = notes.sections
    assert [(q.difficulty, q.title) for q in section.questions] == [
        ("E", "Short bracket easy?"), ("M", "Word in brackets?"), ("H", "Word in parentheses?"),
        ("M", "Bold bracket?"), ("E", "Italic word?"), ("E", "Green light?"),
        ("M", "Yellow light?"), ("H", "Red light?")]
    assert messages(notes) == [
        (11, "unknown difficulty marker '[X]' (use [E], [M] or [H]); the item is kept as text"),
        (12, "unknown difficulty marker '[Expert]' (use [E], [M] or [H]); the item is kept as "
             "text")]
    assert "[X] An unknown marker stays as text." in section.notes
    assert "[Expert] So does this one." in section.notes


def test_heading_stems_footers_and_warnings() -> None:
    notes = parse_fixture("sections-and-footers.md")
    assert notes.title is None
    regularisation, optimisers = notes.sections
    assert regularisation.intro == ("Notes kept while reading, second draft.\n\n"
                                    "Why we penalise weights at all.")
    stem = "Early stopping\n\nTraining is watched on a validation set."
    assert shape(regularisation.questions) == [
        ("E", "What does L2 regularisation add to the loss? {#l2}", "", []),
        ("M", "Why does early stopping act like a regulariser?", stem, []),
        ("H", "How would you pick the patience?", stem, []),
    ]
    assert regularisation.questions[-1].body == "Try a few values and compare validation curves."
    assert regularisation.notes == "---\n\n*Last reviewed in spring.*"
    assert [(q.difficulty, q.title) for q in optimisers.questions] == [
        ("M", "Why does momentum help on ravines?"), ("E", "Optimisers (2)"),
        ("H", "Compare Adam and SGD.")]
    assert optimisers.questions[2].body == "> - [E] A quoted item is not a question."
    assert optimisers.notes == ("- What is a learning-rate warm-up?\n\n"
                                "> Remember: no optimiser fixes a bad loss.")
    assert messages(notes) == [
        (1, "text before the first topic's heading is kept as its introduction"),
        (31, "list item looks like a question but has no difficulty marker; kept as answer "
             "text"),
        (32, "question has no text"),
        (34, "a list item with a difficulty marker inside a block quote is kept as quoted "
             "text, not a question"),
    ]


def test_file_heading_of_any_level_titles_the_topic_without_false_warning() -> None:
    notes = parse_notes("### My chapter\n\n1. [E] One?\n2. [H] Two?\n", Path("file-name.md"))
    assert notes.problems == []
    assert [s.title for s in notes.sections] == ["My chapter"]
    assert notes.title == "My chapter"


def test_file_heading_over_deeper_headings_titles_the_chapter() -> None:
    text = ("# Book\n\nPreface.\n\n## Vectors\n\n- [E] Dot product?\n\n"
            "## Matrices\n\n- [M] Rank?\n")
    notes = parse_notes(text, Path("book.md"))
    assert notes.title == "Book"
    assert [(s.title, s.intro) for s in notes.sections] == [("Vectors", "Preface."),
                                                            ("Matrices", "")]


def test_heading_questions_nest_by_level() -> None:
    text = ("# Topic\n\n## [M] Parent?\n\nParent answer.\n\n### [E] Child?\n\nChild answer.\n\n"
            "#### Not a question\n\nStill the child's answer.\n\n## [H] Next?\n")
    [section] = parse_notes(text, Path("n.md")).sections
    assert shape(section.questions) == [
        ("M", "Parent?", "", [("E", "Child?", "", [])]), ("H", "Next?", "", [])]
    assert section.questions[0].children[0].body == (
        "Child answer.\n\n#### Not a question\n\nStill the child's answer.")


def test_nesting_survives_writing_and_loading(tmp_path: Path) -> None:
    notes = parse_fixture("gitbook-chapter.md")
    write_notes(notes.sections, tmp_path / "calc", chapter_title=notes.title)
    library = load_library([tmp_path])
    assert library.problems == []
    [topic] = library.topics()
    questions = list(library.questions())
    assert len(questions) == 7
    assert [(q.title, q.stem, q.body) for q in questions] == [
        (q.title, q.stem.replace("\n$$", "\n\n$$"), q.body)
        for q in notes.sections[0].all_questions()]
    stems = {s.id.split("/")[1]: s for s in topic.stems}
    assert stems["second-order"].parent_id == stems["jacobians"].id
    chain = questions[-1]
    assert chain.parent_id == questions[-2].id and not chain.stem_id
    assert topic.intro.endswith("This line follows the table and must stay visible.")


def test_sections_notes_round_trip(tmp_path: Path) -> None:
    notes = parse_fixture("sections-and-footers.md")
    write_notes(notes.sections, tmp_path / "ml")
    library = load_library([tmp_path])
    assert library.problems == []
    assert [t.notes for t in library.topics()] == [s.notes for s in notes.sections]


# -- nothing is lost -------------------------------------------------------------------------

WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "loss", "mean", "why", "x2"])
PHRASES = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
MARKS = st.sampled_from(["", "", "[E] ", "[M] ", "[H] ", "**[M]** ", "(Easy) ", "🔴 ", "[X] "])
ITEMS = st.recursive(
    st.tuples(MARKS, PHRASES, st.booleans(), st.just(())),
    lambda kids: st.tuples(MARKS, PHRASES, st.booleans(), st.lists(kids, max_size=3)
                           .map(tuple)),
    max_leaves=10,
)
BLOCKS = st.one_of(
    PHRASES.map(lambda p: f"# {p}"), PHRASES.map(lambda p: f"### {p}"),
    PHRASES.map(lambda p: f"## [M] {p}"), PHRASES, st.just("---"),
    PHRASES.map(lambda p: f"> {p}"), PHRASES.map(lambda p: f"<table><tr><td>{p}</td></tr></table>"),
    st.just("$$\nx^2\n$$"),
    st.tuples(st.booleans(), st.sampled_from([2, 3, 4]), st.lists(ITEMS, min_size=1, max_size=4)),
)


def render_items(items: tuple, indent: int, numbered: bool, step: int) -> list[str]:
    lines = []
    for number, (mark, text, answer, children) in enumerate(items, start=1):
        bullet = f"{number}. " if numbered else "- "
        lines.append(" " * indent + bullet + mark + text)
        if answer:
            lines.append(" " * (indent + len(bullet)) + f"answer {text}")
        lines += render_items(children, indent + max(step, 2 if numbered else 2), numbered, step)
    return lines


def render(blocks: list) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, tuple):
            numbered, step, items = block
            parts.append("\n".join(render_items(tuple(items), 0, numbered, step)))
        else:
            parts.append(block)
    return "\n\n".join(parts) + "\n"


def words(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(re.findall(r"[A-Za-z0-9]+", text))


def source_line_words(line: str) -> str:
    line = re.sub(r"^\s*(?:#+|>|\d+[.)]|[-*+])\s*", "", line)
    return words(split_marker(line).rest)


def output_words(notes: ParsedNotes) -> str:
    """Everything an import writes: the chapter title, and each topic's text."""
    texts = [notes.title or ""]
    for section in notes.sections:
        texts += [section.title, section.intro, section.notes]
        for question in section.all_questions():
            texts += [question.title, question.body, question.stem]
    return words("\n".join(texts))


@settings(max_examples=80, deadline=None)
@given(st.lists(BLOCKS, min_size=1, max_size=8))
def test_every_source_line_lands_somewhere(blocks: list) -> None:
    text = render(blocks)
    notes = parse_notes(text, Path("generated.md"))
    found = f" {output_words(notes)} "
    for line in text.splitlines():
        expected = source_line_words(line)
        if expected:
            assert f" {expected} " in found, (line, text)
    with tempfile.TemporaryDirectory() as folder:
        write_notes(notes.sections, Path(folder))
        library = load_library([Path(folder)])
    assert library.problems == []
    loaded = [(q.title, q.difficulty) for q in library.questions()]
    assert loaded == [(q.title, q.difficulty) for s in notes.sections for q in s.all_questions()]


def test_topic_file_sub_question_needs_difficulty_and_id(tmp_path: Path) -> None:
    folder = tmp_path / "01-c"
    folder.mkdir()
    (folder / "01-t.md").write_text(
        '+++\nid = "t"\ntitle = "T"\ndifficulty = "M"\n+++\n\n## [M] Parent? {#parent}\n\n'
        "### [E] No id stays answer text\n\n### Plain heading {#plain}\n\n"
        "#### [H] Two levels down is answer text too {#deep}\n\n"
        "### [H] Child? {#child}\n\nChild answer.\n\n<!-- topic notes -->\n\n*Footer.*\n",
        "utf-8")
    library = load_library([tmp_path])
    assert library.problems == []
    parent, child = library.questions()
    assert parent.body == ("### [E] No id stays answer text\n\n### Plain heading {#plain}\n\n"
                           "#### [H] Two levels down is answer text too {#deep}")
    assert (child.id, child.parent_id, child.body) == ("t/child", "t/parent", "Child answer.")
    topic = library.topic("t")
    assert topic is not None and topic.notes == "*Footer.*"


def test_nesting_deeper_than_six_heading_levels_loads_without_losing_a_question(
        tmp_path: Path) -> None:
    text = ("# alpha\n\n- [E] q1\n  - s1\n    - [E] q2\n      - s2\n        - [E] q3\n"
            "          - s3\n            - [E] q4\n")
    notes = parse_notes(text, Path("deep.md"))
    write_notes(notes.sections, tmp_path / "deep")
    library = load_library([tmp_path])
    assert library.problems == []
    assert [q.title for q in library.questions()] == ["q1", "q2", "q3", "q4"]
    assert "s3" in (tmp_path / "deep" / "01-alpha.md").read_text("utf-8")
