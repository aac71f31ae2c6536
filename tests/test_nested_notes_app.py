"""Imported nested notes in the app: the tree nests sub-questions under questions and stems,
titles render their math, the reader shows a question's stem above it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets.tree import TreeNode

from app_waits import settle, wait_until
from notes_files import write_notes
from study_app_fixture import make_app
from workbench.content.loader import load_library
from workbench.content.notes_format import parse_notes
from workbench.study import Store
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.markdown_text import MarkdownText
from workbench.tui.widgets.reader import Reader
from workbench.tui.widgets.topic_tree import NodeData, TopicTree
from workbench.ui_state import UiState

pytestmark = pytest.mark.usefixtures("prebuilt_index")

FIXTURE = Path(__file__).parent / "fixtures" / "notes" / "gitbook-chapter.md"


def imported_app(root: Path) -> WorkbenchApp:
    notes = parse_notes(FIXTURE.read_text("utf-8"), FIXTURE)
    write_notes(notes.sections, root / "calculus", chapter_title=notes.title)
    return WorkbenchApp(load_library([root]), restore=UiState(), autoplay=False)


def tree_lines(node: TreeNode[NodeData], depth: int = 0) -> list[str]:
    lines = []
    for child in node.children:
        lines.append("  " * depth + child.label.plain)  # type: ignore[union-attr]
        lines += tree_lines(child, depth + 1)
    return lines


async def test_tree_shows_stems_and_sub_questions_with_rendered_titles(tmp_path: Path) -> None:
    app = imported_app(tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        tree = app.screen.query_one(TopicTree)
        await wait_until(pilot, lambda: "new" in tree_lines(tree.root)[0])
        lines = tree_lines(tree.root)
        assert lines == [
            "Chapter 3. Calculus for learners  7 new",
            "  · H Chapter 3. Calculus for learners 7 new",
            "    Derivatives.",
            "      · E What does the derivative of f at a point measure?",
            "      · M Why can't we take the derivative of |x| at 0 without extra care? "
            "Give the one-sided limits.",
            "    Jacobians.",
            "      · E What's the dimension of the Jacobian δy/(δx) when y ∈ ℝᵐ and x ∈ ℝⁿ?",
            "      Second order.",
            "        · H When is the Hessian symmetric?",
            "        · M What does a negative eigenvalue of the Hessian tell us?",
            "    · M Explain the chain rule in one sentence.",
            "      · E Apply it to sin(x²).",
        ]


async def test_reader_shows_the_stem_above_a_sub_question(tmp_path: Path) -> None:
    app = imported_app(tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.topic is not None)
        await wait_until(pilot, lambda: bool(reader.parts))
        assert reader.topic is not None
        assert len([part for part in reader.parts if part.kind == "heading"]) == 7
        assert reader.topic.questions[3].title == "When is the Hessian symmetric?"
        stem = reader.part_text("stem", 3)
        assert "Second order." in stem
        assert "Jacobians." in stem
        assert reader.part("stem", 5) is None


async def test_review_shows_the_stem_above_the_question(tmp_path: Path, store: Store) -> None:
    library = imported_app(tmp_path).library
    app = make_app(store, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("TopicTree"))
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = app.screen
        assert isinstance(review, ReviewScreen)
        question = review.session.current
        assert question is not None and question.stem == "Derivatives."
        stem = review.query_one("#review-stem", MarkdownText)
        await wait_until(pilot, lambda: stem.source == "Derivatives.")
        assert stem.display
        shown = str(review.query_one("#review-question").render())
        assert shown == "What does the derivative of f at a point measure?"
        await settle(pilot)  # no store result may land while the app closes (Header race)


def test_search_finds_sub_questions_by_their_stem_and_renders_titles(tmp_path: Path) -> None:
    from workbench.search.index import SearchIndex

    library = imported_app(tmp_path / "notes").library
    index = SearchIndex.open(library, root=tmp_path / "ix")
    try:
        hits = index.search("partial").hits
        assert {hit.title for hit in hits} >= {
            "What's the dimension of the Jacobian δy/(δx) when y ∈ ℝᵐ and x ∈ ℝⁿ?"}
        assert index.search("warm-up").hits  # the topic's introduction is indexed too
    finally:
        index.close()
