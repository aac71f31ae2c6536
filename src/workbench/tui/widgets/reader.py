"""The reading pane: a topic's questions and rendered answers, one block per question."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static
from textual.widgets.markdown import MarkdownBlock

from workbench.content import Question, Topic
from workbench.content.model import DIFFICULTY_NAMES
from workbench.mathtext.titles import render_title
from workbench.textsafe import clean_text
from workbench.tui.widgets.badges import badge
from workbench.tui.widgets.math_markdown import MathMarkdown, WordMatcher, highlight_ranges
from workbench.tui.widgets.progress_marks import bookmark_mark


class QuestionBlock(Vertical):
    """One question: its heading line and its answer."""

    def __init__(self, question: Question, number: int, total: int) -> None:
        super().__init__(classes="question")
        self.question = question
        self._number = number
        self._total = total
        self._note = ""

    def compose(self) -> ComposeResult:
        question = self.question
        if question.stem:
            yield MathMarkdown(question.stem, classes="intro stem")
        heading = Text.assemble(
            (f"{self._number}/{self._total} ", "dim"),
            ("↳ " if question.parent_id else "", "dim"),
            badge(question.difficulty),
            (f" {DIFFICULTY_NAMES[question.difficulty]}  ", "dim"),
            (render_title(question.title), "bold"),
        )
        self._heading = heading
        yield Static(heading, classes="question-title")
        body = question.body or "_No answer in the notes yet._"
        yield MathMarkdown(body, classes="answer")
        note = MathMarkdown(classes="personal-note")
        note.display = False
        yield note

    def show_study_marks(self, bookmarked: bool, note: str) -> None:
        """Star the heading when bookmarked; show the learner's note (Markdown and math, like
        the answer) under the answer."""
        titles = self.query(".question-title").results(Static)
        title = next(titles, None)
        if title is None:  # being removed by a topic change; the next page gets the marks
            return
        title.update(self._heading + bookmark_mark(bookmarked))
        note = clean_text(note)
        block = self.query_one(".personal-note", MathMarkdown)
        if note != self._note:  # progress refreshes after every grade; parse only changes
            self._note = note
            block.update(note)
        block.display = bool(note.strip())


class Reader(VerticalScroll):
    """Shows one topic; `n`/`p` move between its questions."""

    ALLOW_MAXIMIZE = True
    """Scroll containers are not maximisable by default; the reader is (`m`)."""

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="reader.scroll-down",
                tooltip="scroll down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="reader.scroll-up",
                tooltip="scroll up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.topic: Topic | None = None
        self.index = 0
        self.highlight: WordMatcher | None = None
        self.bookmarks: set[str] = set()
        self.notes: dict[str, str] = {}
        self.can_focus = True

    def compose(self) -> ComposeResult:
        yield Static(Text("Pick a topic on the left.", style="dim"), id="reader-empty")

    async def show_topic(self, topic: Topic, question_id: str | None = None) -> None:
        """Render `topic` (if it is not already shown) and scroll to a question."""
        if self.topic is None or self.topic.id != topic.id or self.topic is not topic:
            await self.remove_children()
            title = Text.assemble((render_title(topic.title), "bold"), "  ",
                                  badge(topic.difficulty))
            widgets: list[Static | MathMarkdown | QuestionBlock] = [
                Static(title, id="reader-title")
            ]
            if topic.intro:
                widgets.append(MathMarkdown(topic.intro, classes="intro"))
            total = len(topic.questions)
            widgets += [QuestionBlock(q, i + 1, total) for i, q in enumerate(topic.questions)]
            if topic.notes:
                widgets.append(MathMarkdown(topic.notes, classes="intro topic-notes"))
            await self.mount_all(widgets)
            self.topic = topic  # only once its text is mounted
            self._apply_highlight()
            self._apply_study_marks()
        ids = [q.id for q in topic.questions]
        self.goto(ids.index(question_id) if question_id in ids else 0, top=question_id is None)

    def set_highlight(self, matcher: WordMatcher | None) -> None:
        """Emphasise search terms in every answer until cleared with None."""
        self.highlight = matcher
        self._apply_highlight()

    def scroll_to_match(self) -> None:
        """Once laid out, scroll the current question's first highlighted word into view
        (a search result opens at its match, not at its heading)."""
        self.call_after_refresh(self._scroll_to_match)

    def _scroll_to_match(self) -> None:
        question, matcher = self.question, self.highlight
        if question is None or matcher is None or highlight_ranges(question.title, matcher):
            return  # the heading itself matches: it is already at the top
        block = next((b for b in self.query(QuestionBlock) if b.question is question), None)
        if block is None:
            return
        for markdown in block.query(".answer, .personal-note").results(MathMarkdown):
            for leaf in markdown.query(MarkdownBlock):
                if not leaf.children and highlight_ranges(str(leaf.render()), matcher):
                    self.scroll_to_center(leaf, animate=False)
                    return

    def _apply_highlight(self) -> None:
        for markdown in self.query(MathMarkdown):
            markdown.set_highlight(self.highlight)

    def set_study_marks(self, bookmarks: set[str], notes: dict[str, str]) -> None:
        """Show bookmark stars and personal notes (from the progress store) on every question."""
        self.bookmarks, self.notes = bookmarks, notes
        self._apply_study_marks()

    def _apply_study_marks(self) -> None:
        for block in self.query(QuestionBlock):
            qid = block.question.id
            block.show_study_marks(qid in self.bookmarks, self.notes.get(qid, ""))

    @property
    def question(self) -> Question | None:
        """The question the reader is on."""
        return self.topic.questions[self.index] if self.topic else None

    def goto(self, index: int, top: bool = False) -> None:
        """Scroll to question `index` (or the very top of the topic)."""
        if self.topic is None:
            return
        self.index = max(0, min(index, len(self.topic.questions) - 1))
        blocks = list(self.query(QuestionBlock))
        for i, block in enumerate(blocks):
            block.set_class(i == self.index, "-current")
        if top or not blocks:
            self.call_after_refresh(self.scroll_home, animate=False)
        else:
            target = blocks[self.index]
            self.call_after_refresh(self.scroll_to_widget, target, top=True, animate=False)

    def step(self, delta: int) -> bool:
        """Move to the next (+1) or previous (-1) question; False at either end."""
        if self.topic is None:
            return False
        new = self.index + delta
        if not 0 <= new < len(self.topic.questions):
            return False
        self.goto(new)
        return True
