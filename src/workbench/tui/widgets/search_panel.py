"""Search as you type: a query box and ranked results that replace the tree while active.

Each keystroke runs the query in a thread worker; a sequence number makes sure a slow,
stale search never overwrites the results of a newer one. While the index is being built,
the box says how far it is and searches answer from what is indexed so far.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workbench.textsafe import clean_text
from workbench.tui.widgets.badges import badge

if TYPE_CHECKING:  # whoosh is imported when the index opens, not at start-up
    from workbench.search.highlight import Segments
    from workbench.search.index import SearchIndex
    from workbench.search.results import Hit, SearchResults

RESULT_LIMIT = 30
PLACEHOLDER = "/ search"
SHOWN_FROM = 500
"""Builds of fewer questions are done before the count could be read: not shown."""


def _segments_text(segments: Segments, base: str = "") -> Text:
    text = Text(style=base)
    for piece, is_match in segments:
        text.append(clean_text(piece), style="bold reverse" if is_match else "")
    return text


def hit_prompt(hit: Hit, note: Segments | None = None) -> Text:
    """Three lines for one hit: badge and question, topic, snippet (plain text, no markup);
    a fourth with the learner's note when the query matches it."""
    prompt = Text.assemble(badge(hit.difficulty), " ")
    prompt.append_text(_segments_text(hit.title_segments, "bold"))
    prompt.append("\n")
    prompt.append(hit.topic_title, style="dim italic")
    if hit.snippet:
        prompt.append("\n")
        prompt.append_text(_segments_text(hit.snippet, "dim"))
    if note:
        prompt.append("\nyour note: ", style="italic")
        prompt.append_text(_segments_text(note, "dim"))
    return prompt


def note_snippets(results: SearchResults, notes: Mapping[str, str]) -> dict[str, Segments]:
    """A snippet of each hit's personal note that the query matches (run in the worker)."""
    from workbench.search.highlight import snippet
    from workbench.search.plaintext import markdown_to_text

    found: dict[str, Segments] = {}
    for hit in results.hits:
        note = notes.get(hit.question_id, "")
        if note.strip():
            pieces = snippet(markdown_to_text(clean_text(note), math_words=False),
                             results.terms, results.prefixes, width=120)
            if any(is_match for _, is_match in pieces):
                found[hit.question_id] = pieces
    return found


class SearchPanel(Vertical):
    """The `/` box above the tree, its status line and its result list."""

    BINDINGS = [
        Binding("escape", "clear", "Clear search", show=False, id="search.clear",
                tooltip="clear the search and go back to the tree"),
        Binding("down", "to_results", "Results", show=False, id="search.to-results",
                tooltip="from the box into the results (enter opens one, words highlighted)"),
        Binding("slash", "to_box", "Search box", show=False, id="search.to-box",
                tooltip="from the results back into the box"),
    ]

    class Opened(Message):
        """The learner chose a result."""

        def __init__(self, question_id: str, results: SearchResults) -> None:
            super().__init__()
            self.question_id = question_id
            self.results = results

    class Cleared(Message):
        """The query is empty again: the tree comes back."""

        def __init__(self, leave: bool) -> None:
            super().__init__()
            self.leave = leave
            """True for `escape` (go back to the tree); False when the box was just
            emptied by typing, so the cursor stays in the box and the next keys are still
            a query."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index: SearchIndex | None = None
        self.results: SearchResults | None = None
        self._sequence = 0
        self._unavailable: str | None = None
        self.notes: Mapping[str, str] = {}
        """The learner's notes by question id, for note snippets."""
        self.indexing: tuple[int, int] | None = None
        """(questions indexed, questions to index) while the index is being written."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="search-input")

    def _results(self) -> OptionList:
        """The status line and result list, mounted when the first query is typed: the
        first screen styles and lays out neither (each restyle costs a few ms at start-up)."""
        mounted = self._mounted_results()
        if mounted is not None:
            return mounted
        results = OptionList(id="search-results", classes="pane")
        self.mount(Static(id="search-status"), results)
        return results

    def _mounted_results(self) -> OptionList | None:
        """The result list, if a query has mounted it."""
        found = self.query("#search-results")
        return found.first(OptionList) if found else None

    @property
    def active(self) -> bool:
        """A query is typed: results are shown instead of the tree."""
        return bool(self.query_one(Input).value.strip())

    def disable(self, reason: str) -> None:
        """Search could not start: say why instead of 'indexing…'."""
        self._unavailable = reason
        if self.active:
            self._status(reason)

    def set_index(self, index: SearchIndex, complete: bool = True) -> None:
        """Install the opened index and run whatever was typed while it was opening.

        `complete=False`: the index answers already but is still being written to."""
        self.index = index
        if complete:
            self.show_indexing(None)
        if self.active:
            self._start(self.query_one(Input).value)

    def show_indexing(self, progress: tuple[int, int] | None) -> None:
        """Say how far the index build is (None: not building)."""
        if progress is not None and progress[1] < SHOWN_FROM:
            progress = None
        self.indexing = progress
        box = self.query_one(Input)
        box.placeholder = f"{PLACEHOLDER} · {self._progress_text()}" if progress else PLACEHOLDER
        if self.active:
            if self.results is not None:
                self._status(self._describe(self.results))
            elif self.index is None and self._unavailable is None:
                self._status(self._progress_text() or "indexing the notes…")

    def _progress_text(self) -> str:
        if self.indexing is None:
            return ""
        done, total = self.indexing
        return f"indexing {done:,} / {total:,}"

    # -- typing --------------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self._start(event.value)

    def _start(self, query: str) -> None:
        self._sequence += 1
        if not query.strip():
            self.results = None
            self._show_results(False)
            self.post_message(self.Cleared(leave=False))
            return
        self._show_results(True)
        if self.index is None:
            self._status(self._unavailable or self._progress_text() or "indexing the notes…")
            return
        self._search(self.index, query, self._sequence, self.notes)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, index: SearchIndex, query: str, sequence: int,
                notes: Mapping[str, str]) -> None:
        try:
            results = index.search(query, RESULT_LIMIT)
            in_notes = note_snippets(results, notes)
        except Exception as exc:  # search promises not to raise; the app must survive anyway
            from workbench.search.results import SearchResults

            results = SearchResults(query=query, message=f"search failed: {exc}")
            in_notes = {}
        self.app.call_from_thread(self._show, sequence, results, in_notes)

    def _show(self, sequence: int, results: SearchResults,
              in_notes: Mapping[str, Segments] | None = None) -> None:
        if sequence != self._sequence:
            return  # a newer query was typed meanwhile
        self.results = results
        options = self._results()
        options.clear_options()
        entries: list[Option | None] = []
        for hit in results.hits:
            if entries:
                entries.append(None)  # a separator line between hits
            note = (in_notes or {}).get(hit.question_id)
            entries.append(Option(hit_prompt(hit, note), id=hit.question_id))
        options.add_options(entries)
        if results.hits:
            options.highlighted = 0
        self._status(self._describe(results))

    def _describe(self, results: SearchResults) -> str:
        building = self._progress_text()
        if results.message:
            return " · ".join(p for p in (results.message, building) if p)
        count = len(results.hits)
        parts = [f"{count} result{'s' if count != 1 else ''}" if count else "no matches"]
        if results.corrected:
            parts.append(f"showing results for “{results.corrected}”")
        elif results.relaxed and count:
            parts.append("no question has every word; closest matches")
        if results.suggestion:
            parts.append(f"did you mean “{results.suggestion}”?")
        if building:
            parts.append(building)
        return " · ".join(parts)

    def _status(self, message: str) -> None:
        self._results()
        self.query_one("#search-status", Static).update(Text(message))

    def _show_results(self, shown: bool) -> None:
        if shown or self._mounted_results() is not None:
            self._results().display = shown
            self.query_one("#search-status").display = shown
        self.set_class(shown, "-active")

    # -- choosing ------------------------------------------------------------------------

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        options = self._mounted_results()
        if options is not None and options.option_count:
            self._open(options.highlighted or 0)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option_index)

    def _open(self, index: int) -> None:
        option = self._results().get_option_at_index(index)
        if option.id is not None and self.results is not None:
            self.post_message(self.Opened(option.id, self.results))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Moving between box and results only from the other one (else the key goes on)."""
        options = self._mounted_results()
        if action == "to_results":
            return (self.query_one(Input).has_focus and options is not None
                    and options.option_count > 0)
        if action == "to_box":
            return options is not None and options.has_focus
        return True

    def action_to_results(self) -> None:
        """Move the focus from the box into the results."""
        self._results().focus()

    def action_to_box(self) -> None:
        """Move the focus from the results back into the box."""
        self.query_one(Input).focus()

    def focus_box(self) -> None:
        """Put the cursor in the query box (the `/` key)."""
        self.query_one(Input).focus()

    def action_clear(self) -> None:
        """Empty the box; the tree comes back."""
        self.query_one(Input).value = ""
        self.post_message(self.Cleared(leave=True))
