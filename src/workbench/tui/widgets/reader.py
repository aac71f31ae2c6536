"""The reading pane: a topic's questions and rendered answers, drawn line by line.

A topic is rendered (Markdown, math, search highlights, study marks) into a list of
lines once per width, highlight and theme, and shown with Textual's Line API: one widget
whatever the topic's size, so moving between topics costs a render from cache instead
of a layout of a widget per block. Each rendered part (title, intro, a question's stem,
heading, answer and note, the topic's notes) keeps its line range: `n`/`p` and search
results scroll to them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.content import Question, Topic
from workbench.content.model import DIFFICULTY_NAMES
from workbench.mathtext.titles import render_title
from workbench.textsafe import clean_text
from workbench.tui.links import open_clicked_link
from workbench.tui.widgets.badges import badge
from workbench.tui.widgets.lean_strip import LeanStrip
from workbench.tui.widgets.progress_marks import bookmark_mark
from workbench.tui.widgets.rendered_lines import (
    COMPONENT_CLASSES,
    COMPONENT_CSS,
    MARKDOWN_CACHE,
    LineStyles,
    component_style,
    markdown_key,
    markdown_strips,
    render_strips,
    strips_text,
    styled_words,
)
from workbench.tui.widgets.virtual_size import set_height_quietly

if TYPE_CHECKING:
    from workbench.mathtext.rich_markdown import WordMatcher
    from workbench.tui.reader_snapshot import ReaderSnapshot

NO_ANSWER = "_No answer in the notes yet._"
NOTE_INDENT = 2
"""Columns a personal note is set in from the answer (then its bar)."""


class Part(NamedTuple):
    """A run of the reader's lines: what it shows (`kind`), for which question."""

    kind: str
    """title, intro, stem, heading, answer, note or notes."""
    question: int | None
    """The question's index in the topic, None for the topic's own parts."""
    start: int
    end: int


Marks = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
"""The shown topic's bookmarked question ids and (question id, note) pairs."""


class LineLook(NamedTuple):
    """What drawing a line takes from the widget's styles (read once per frame)."""

    style: Style
    width: int
    heading: Style
    current: Style
    """The background of a question's heading, and of the current question's."""


class Reader(ScrollView, can_focus=True):
    """Shows one topic; `n`/`p` move between its questions."""

    ALLOW_MAXIMIZE = True
    """Scroll containers are not maximisable by default; the reader is (`m`)."""

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="reader.scroll-down",
                tooltip="scroll down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="reader.scroll-up",
                tooltip="scroll up"),
    ]

    COMPONENT_CLASSES = COMPONENT_CLASSES | {
        "reader--heading", "reader--current", "reader--note", "reader--note-bar"}
    DEFAULT_CSS = COMPONENT_CSS.format(name="Reader") + """
    Reader { overflow-x: hidden; scrollbar-gutter: stable; }
    Reader > .reader--heading { background: $boost; }
    Reader > .reader--current { background: $primary 30%; }
    Reader > .reader--note { background: $warning 8%; color: $text; }
    Reader > .reader--note-bar { color: $warning 60%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.topic: Topic | None = None
        self.index = 0
        self.highlight: WordMatcher | None = None
        self.bookmarks: set[str] = set()
        self.notes: dict[str, str] = {}
        self.parts: list[Part] = []
        """Where each part of the topic is, in lines (empty until laid out)."""
        self._lines: list[Strip] = []
        self._built_for: tuple[object, ...] | None = None
        self._built_width = 0
        self._aim: tuple[str, int] = ("top", 0)
        """Where the reader was last sent (the top, a question, or the current search match),
        to go there again when it is laid out anew, unless the user scrolled since."""
        self._aimed_y: int | None = None
        """The scroll offset that aim gave (None: not laid out yet)."""
        self._headings: dict[int, int] = {}
        """The lines of the questions' headings, and whose (drawn on their background)."""
        self._line_look: LineLook | None = None
        """The colours and width of the lines being drawn (read once per frame)."""
        self._after_paint: list[Callable[[], object]] = []
        self._primed: ReaderSnapshot | None = None
        """Lines saved at the last exit, drawn instead of rendering if they fit (`prime`)."""

    # -- what to show ---------------------------------------------------------------------------

    def show_topic(self, topic: Topic, question_id: str | None = None) -> None:
        """Show `topic` (rendered unless it is already shown) and scroll to a question
        (not again when it is the one shown: the place read to, or a search match, stays)."""
        ids = [q.id for q in topic.questions]
        index = ids.index(question_id) if question_id in ids else 0
        if self.topic is not topic:
            self.topic, self.index = topic, index
            self._aim = ("top", 0) if question_id is None else ("question", index)
            self._aimed_y = None
            self._rebuild()  # and scrolls to the aim
        elif question_id is None or index != self.index:
            self.goto(index, top=question_id is None)

    def prime(self, snapshot: ReaderSnapshot) -> None:
        """Draw `snapshot`'s lines when the reader is first laid out, if they fit its topic,
        width and theme (start-up: no Markdown is loaded or rendered for the first paint),
        with the marks they were saved with until the store's arrive (`set_study_marks`)."""
        self._primed = snapshot
        bookmarks, notes = snapshot.marks
        self.bookmarks, self.notes = set(bookmarks), dict(notes)
        # Its height too, so the first layout already has the scrollbar (else it comes
        # with two more layouts after the first paint).
        self.virtual_size = Size(snapshot.key[2], len(snapshot.lines))

    def snapshot(self) -> ReaderSnapshot | None:
        """The lines drawn now, to save for the next start (None: nothing plain to save,
        e.g. search matches are highlighted)."""
        from workbench.tui.reader_snapshot import ReaderSnapshot, snapshot_key

        if self.topic is None or self._built_for is None or self.highlight is not None:
            return None
        key = snapshot_key(self.topic, self._built_width, self.app.theme)
        if key is None:
            return None
        return ReaderSnapshot(key, self._marks(), tuple(self._lines), tuple(self.parts),
                              dict(self._headings))

    def call_after_paint(self, callback: Callable[[], object]) -> None:
        """Call `callback` right after the next frame that draws the topic's lines (at
        start-up the demo starts then: the frame with the text does not wait for it, nor
        for the frames Textual draws next to settle the screen)."""
        self._after_paint.append(callback)
        self.refresh()

    def has_rendered(self, topic: Topic) -> bool:
        """Whether showing `topic` now costs no Markdown rendering (it is shown, or its
        parts are in the cache for the current width, marks and theme)."""
        if topic is self.topic:
            return True
        width = self._width()
        if not self.is_mounted or width <= 0:
            return False
        styles = LineStyles.of(self)
        total = len(topic.questions)
        return all(self._markdown_key(text, width, styles) in MARKDOWN_CACHE
                   for text in self._texts(topic)) and all(
            self._note_key(note, width, styles) in MARKDOWN_CACHE for note in self._notes(topic)
        ) and all(self._heading_key(q, i, total, width, styles) in MARKDOWN_CACHE
                  for i, q in enumerate(topic.questions))

    @staticmethod
    def _texts(topic: Topic) -> list[str]:
        """The Markdown texts of a topic's parts, in the order they are shown."""
        texts = [topic.intro] + [text for q in topic.questions
                                 for text in (q.stem, q.body or NO_ANSWER)] + [topic.notes]
        return [text for text in texts if text]

    def _notes(self, topic: Topic) -> list[str]:
        """The learner's notes on a topic's questions, as shown."""
        notes = (clean_text(self.notes.get(q.id, "")) for q in topic.questions)
        return [note for note in notes if note.strip()]

    def render_ahead(self, topic: Topic) -> Iterator[None]:
        """Render `topic`'s Markdown into the shared cache for the current width, marks and
        theme, a part per step (the caller takes the steps while the learner reads), so
        opening it next draws from the cache."""
        width = self._width()
        if not self.is_mounted or width <= 0:
            return
        styles = LineStyles.of(self)
        for text in self._texts(topic):
            self._markdown(text, width, styles)
            yield
        for note in self._notes(topic):
            self._note(note, width, styles)
            yield
        for i, question in enumerate(topic.questions):
            self._heading(question, i, len(topic.questions), width, styles)
            yield

    def set_highlight(self, matcher: WordMatcher | None) -> None:
        """Emphasise search terms in every answer until cleared with None."""
        if matcher is not self.highlight:
            self.highlight = matcher
            self._rebuild(keep_place=True)

    def set_study_marks(self, bookmarks: set[str], notes: dict[str, str]) -> None:
        """Show bookmark stars and personal notes (from the progress store) on every question."""
        self.bookmarks, self.notes = bookmarks, notes
        self._rebuild(keep_place=True)

    @property
    def question(self) -> Question | None:
        """The question the reader is on."""
        return self.topic.questions[self.index] if self.topic else None

    # -- moving ---------------------------------------------------------------------------------

    def goto(self, index: int, top: bool = False) -> None:
        """Scroll to question `index` (or the very top of the topic)."""
        if self.topic is None:
            return
        previous, self.index = self.index, max(0, min(index, len(self.topic.questions) - 1))
        self._aim, self._aimed_y = ("top", 0) if top else ("question", self.index), None
        if previous != self.index:
            self.refresh()  # the current question's heading changes colour
        self._go_to_aim()

    def step(self, delta: int) -> bool:
        """Move to the next (+1) or previous (-1) question; False at either end."""
        if self.topic is None:
            return False
        new = self.index + delta
        if not 0 <= new < len(self.topic.questions):
            return False
        self.goto(new)
        return True

    def scroll_to_match(self) -> None:
        """Scroll the current question's first highlighted word into view (a search result
        opens at its match, not at its heading), once laid out at its width."""
        self._aim, self._aimed_y = ("match", self.index), None
        self._go_to_aim()

    def first_match_line(self) -> int | None:
        """The first line of the current question's answer or note with a highlighted word,
        or None when its heading matches (it is already at the top) or nothing does."""
        from workbench.mathtext.rich_markdown import highlight_ranges

        question, matcher = self.question, self.highlight
        if question is None or matcher is None or highlight_ranges(question.title, matcher):
            return None
        mark = component_style(self, "md--highlight")
        for part in self.parts:
            if part.question == self.index and part.kind in ("answer", "note"):
                for y in range(part.start, part.end):
                    if styled_words([self._lines[y]], mark):
                        return y
        return None

    def part(self, kind: str, index: int | None = None) -> Part | None:
        """The `kind` part of question `index` (or of the topic when None), if shown."""
        return next((p for p in self.parts if p.kind == kind and p.question == index), None)

    def part_strips(self, kind: str, index: int | None = None) -> list[Strip]:
        """The rendered lines of a part, as drawn (empty when it is not shown)."""
        found = self.part(kind, index)
        if found is None:
            return []
        look = self._look()
        return [self._drawn(y, look) for y in range(found.start, found.end)]

    def part_text(self, kind: str, index: int | None = None) -> str:
        """The plain text of a part, as drawn."""
        return strips_text(self.part_strips(kind, index))

    def _question_start(self, index: int) -> int:
        found = next((p for p in self.parts if p.question == index), None)
        return found.start if found else 0

    def _go_to_aim(self) -> None:
        """Scroll to the aim (after each new layout too, until the user scrolls elsewhere)."""
        if not self._lines:
            return
        kind, index = self._aim
        y = 0
        if kind == "question":
            y = self._question_start(index)
        elif kind == "match":
            line = self.first_match_line()
            if line is not None:
                y = max(0, line - self.scrollable_content_region.height // 2)
            else:
                y = self._question_start(index)
        self.scroll_to(y=y, animate=False, immediate=True, force=True)
        self._aimed_y = round(self.scroll_y)

    # -- rendering ------------------------------------------------------------------------------

    def _width(self) -> int:
        return self.scrollable_content_region.width

    def on_click(self, event: events.Click) -> None:
        """A click on a link opens it."""
        open_clicked_link(self, event)

    def on_resize(self, event: events.Resize) -> None:
        """Lay the topic out again for a new width, keeping the place."""
        self._rebuild(keep_place=True)

    def notify_style_update(self) -> None:
        """The styles changed: render again if the theme's colours did (the lines' key
        holds them; focus, say, restyles the widget but changes no rendered line)."""
        super().notify_style_update()
        if self.is_mounted:
            self.call_later(self._rebuild, True)

    def _rebuild(self, keep_place: bool = False) -> None:
        """Assemble the lines for the current topic, width, marks and theme (rendered
        parts come from the cache)."""
        if not self.is_mounted or self._width() <= 0:
            return
        width = self._width()
        primed = self._primed
        if primed is not None and self.topic is not None and self._fits(primed, width):
            # Drawn in the theme the snapshot was saved in: its styles are read when the
            # reader is next rebuilt (the first paint does without reading all of them).
            self._built_for = (self.topic, width, None, ("primed", self.app.theme), self._marks())
            self._built_width, self._primed = width, None
            self._lines, self.parts = list(primed.lines), list(primed.parts)
            self._headings = dict(primed.headings)
            self._laid_out(None)
            return
        styles = LineStyles.of(self)
        key = (self.topic, width, self.highlight, styles, self._marks())
        aimed = self._aimed_y is None or self._aimed_y == round(self.scroll_y)
        built = self._built_for
        if (built is not None and built[3] == ("primed", self.app.theme)
                and built[:3] + built[4:] == key[:3] + key[4:]):
            self._built_for = built = key  # the snapshot's lines are this theme's lines
        if key == built:
            if aimed:  # the height changed: the aim may be reachable now
                self._go_to_aim()
            return
        place = self._place() if keep_place and not aimed else None
        self._built_for, self._built_width = key, width
        self._lines, self.parts, self._headings = [], [], {}
        if self.topic is None:
            self._add("empty", None, render_strips(Text("Pick a topic on the left.", style="dim"),
                                                    width, styles))
        else:
            self._build_topic(self.topic, width, styles)
        self._laid_out(place)

    def _laid_out(self, place: tuple[str, int | None, int] | None) -> None:
        """The lines are new: size, place and draw them."""
        aimed = self._aimed_y is None or self._aimed_y == round(self.scroll_y)
        self._set_virtual_size(Size(self._built_width, len(self._lines)))
        if place is not None:
            self._restore(place)
        elif aimed:
            self._go_to_aim()
        self.refresh()

    def _marks(self) -> Marks:
        """The bookmarks and notes of the shown topic's questions (others' change no line)."""
        if self.topic is None:
            return (), ()
        ids = [q.id for q in self.topic.questions]
        return (tuple(i for i in ids if i in self.bookmarks),
                tuple((i, self.notes[i]) for i in ids if i in self.notes))

    def _fits(self, snapshot: ReaderSnapshot, width: int) -> bool:
        """Whether `snapshot` holds the lines the shown topic renders to now."""
        from workbench.tui.reader_snapshot import snapshot_key

        assert self.topic is not None
        return (self.highlight is None and snapshot.marks == self._marks()
                and snapshot.key == snapshot_key(self.topic, width, self.app.theme))

    def _set_virtual_size(self, size: Size) -> None:
        """Set how far the topic scrolls, without a layout of the screen when the
        scrollbar stays (or stays away): only the scrollbar's thumb changes then."""
        if not set_height_quietly(self, size):  # the scrollbar comes or goes: a layout
            self.call_later(self._scrollbar_follows)

    def _build_topic(self, topic: Topic, width: int, styles: LineStyles) -> None:
        title = Text.assemble((render_title(topic.title), "bold"), "  ", badge(topic.difficulty))
        self._add("gap", None, [Strip.blank(width)])
        self._add("title", None, render_strips(title, width, styles))
        if topic.intro:
            self._add("intro", None, self._markdown(topic.intro, width, styles))
        total = len(topic.questions)
        for i, question in enumerate(topic.questions):
            self._add("gap", i, [Strip.blank(width)])
            if question.stem:
                self._add("stem", i, self._markdown(question.stem, width, styles))
            heading = self._heading(question, i, total, width, styles)
            self._headings.update(dict.fromkeys(range(len(self._lines),
                                                      len(self._lines) + len(heading)), i))
            self._add("heading", i, heading)
            self._add("answer", i, self._markdown(question.body or NO_ANSWER, width, styles))
            note = clean_text(self.notes.get(question.id, ""))
            if note.strip():
                self._add("gap", i, [Strip.blank(width)])
                self._add("note", i, self._note(note, width, styles))
        if topic.notes:
            self._add("gap", None, [Strip.blank(width)])
            self._add("notes", None, self._markdown(topic.notes, width, styles))

    def _add(self, kind: str, index: int | None, strips: list[Strip]) -> None:
        start = len(self._lines)
        self._lines.extend(strips)
        if kind != "gap":
            self.parts.append(Part(kind, index, start, len(self._lines)))

    def _markdown(self, text: str, width: int, styles: LineStyles) -> list[Strip]:
        """Markdown set in one column from each side, like the heading's text."""
        return markdown_strips(text, width, styles, self.highlight, indent=1)

    def _markdown_key(self, text: str, width: int, styles: LineStyles) -> Hashable:
        """The cache key `_markdown` renders `text` under."""
        return markdown_key(text, width, styles, self.highlight, indent=1)

    def _heading_key(self, question: Question, i: int, total: int, width: int,
                     styles: LineStyles) -> tuple[object, ...]:
        return ("heading", question.id, question.title, question.difficulty, question.parent_id,
                i, total, question.id in self.bookmarks, width, styles)

    def _heading(self, question: Question, i: int, total: int, width: int,
                 styles: LineStyles) -> list[Strip]:
        """A question's heading line, without its background (drawn under it: which
        question is current changes no rendered line)."""
        key = self._heading_key(question, i, total, width, styles)
        cached = MARKDOWN_CACHE.get(key)
        if cached is not None:
            return cached
        heading = Text.assemble(
            (f"{i + 1}/{total} ", "dim"),
            ("↳ " if question.parent_id else "", "dim"),
            badge(question.difficulty),
            (f" {DIFFICULTY_NAMES[question.difficulty]}  ", "dim"),
            (render_title(question.title), "bold"),
            bookmark_mark(question.id in self.bookmarks),
        )
        strips = render_strips(Padding(heading, (0, 1)), width, styles)
        MARKDOWN_CACHE.put(key, strips)
        return strips

    def _note(self, note: str, width: int, styles: LineStyles) -> list[Strip]:
        """The learner's note, Markdown and math like the answer, set in behind a bar."""
        key = self._note_key(note, width, styles)
        cached = MARKDOWN_CACHE.get(key)
        if cached is None:
            cached = self._render_note(note, width, styles)
            MARKDOWN_CACHE.put(key, cached)
        return cached

    def _note_key(self, note: str, width: int, styles: LineStyles) -> tuple[object, ...]:
        return ("note", note, width, styles, self.highlight)

    def _render_note(self, note: str, width: int, styles: LineStyles) -> list[Strip]:
        background = component_style(self, "reader--note")
        bar = Segment("▌", component_style(self, "reader--note-bar") + background)
        inner = max(1, width - NOTE_INDENT - 3)
        lines = [Strip.blank(1, background)] + markdown_strips(
            note, inner, styles, self.highlight, background) + [Strip.blank(1, background)]
        rows: list[Strip] = []
        for strip in lines:
            body = strip.extend_cell_length(inner, background)
            rows.append(LeanStrip([Segment(" " * NOTE_INDENT), bar, Segment(" ", background),
                                   *body, Segment(" ", background)], width))
        return rows[1:-1] if len(rows) > 2 else rows

    def _place(self) -> tuple[str, int | None, int] | None:
        """The part at the top of the view and how far into it, to keep across a rebuild."""
        y = round(self.scroll_y)
        for part in self.parts:
            if part.start <= y < part.end:
                return part.kind, part.question, y - part.start
        return None

    def _restore(self, place: tuple[str, int | None, int]) -> None:
        kind, index, offset = place
        found = self.part(kind, index)
        if found is not None:
            y = found.start + min(offset, found.end - found.start - 1)
            self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def _look(self) -> LineLook:
        return self._line_look or LineLook(
            self.rich_style, self.scrollable_content_region.width,
            component_style(self, "reader--heading"), component_style(self, "reader--current"))

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines of `crop`, with the widget's colours and width read once for all of
        them (each read walks the widget's ancestors or its styles).

        The first time it is drawn at a width, the topic is laid out here, in the frame
        the layout gave it that width, not after its resize event a few frames later."""
        width = self.scrollable_content_region.width
        if self._built_for is None or self._built_for[1] != width:  # (topic, width, ...)
            self._rebuild(keep_place=True)
        self._line_look = self._look()
        try:
            return super().render_lines(crop)
        finally:
            self._line_look, self._primed = None, None  # primed for the first paint only
            if self._after_paint and self._lines and self.topic is not None:
                callbacks, self._after_paint = self._after_paint, []
                for callback in callbacks:
                    self.call_later(callback)

    def _scrollbar_follows(self) -> None:
        """Put the scrollbar's thumb where the view is: Textual moves it on a scroll only
        when the scrollbar already shows, and a topic that brings the scrollbar scrolls
        before it appears (the thumb stayed at the top while the view was at the question)."""
        self.vertical_scrollbar.position = self.scroll_y

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: the topic's line under it, in the widget's colours."""
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        look = self._look()
        if index >= len(self._lines):
            return Strip.blank(look.width, look.style)
        line = self._drawn(index, look)
        if scroll_x or line.cell_length != look.width:  # lines are rendered at the width
            line = line.crop_extend(scroll_x, scroll_x + look.width, None)
        return line.apply_style(look.style)  # a strip keeps what a style made of it

    def _drawn(self, index: int, look: LineLook) -> Strip:
        """Topic line `index` on its background (a heading's, the current heading's)."""
        line = self._lines[index]
        question = self._headings.get(index)
        if question is not None:
            line = line.apply_style(look.current if question == self.index else look.heading)
        return line
