"""The `e` modal: write a personal note on one question, saved in the progress store."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from workbench.content import Question
from workbench.study import Store, StoreError
from workbench.tui.messages import NoteSaved
from workbench.tui.widgets.keys_footer import KeysFooter


class NoteEditor(ModalScreen[bool]):
    """A text area over the app; `ctrl+s` saves, `escape` cancels (twice if there are changes).

    Dismisses with True when the note was saved, and posts `NoteSaved` to the app.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", priority=True, id="note.save",
                tooltip="save the note (it is shown under the answer and searchable)"),
        Binding("escape", "cancel", "Cancel", priority=True, id="note.cancel",
                tooltip="close; asks before dropping unsaved changes"),
    ]

    def __init__(self, store: Store, question: Question) -> None:
        super().__init__()
        self.store = store
        self.question = question
        self._original = store.note(question.id)
        self._confirm_discard = False

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static(Text.assemble(("Note · ", "dim"), (self.question.title, "bold")),
                         id="note-title")
            yield TextArea(self._original, id="note-text", soft_wrap=True, tab_behavior="focus")
            yield Static(Text("ctrl+s save · escape cancel", style="dim"), id="note-status")
        yield KeysFooter()  # the editor's keys, not those of the screen underneath

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        """What the text area holds now."""
        return self.query_one(TextArea).text

    def on_text_area_changed(self) -> None:
        self._confirm_discard = False
        self._status("ctrl+s save · escape cancel", "dim")

    def action_save(self) -> None:
        """Save the note (an empty note clears it) and close."""
        try:
            self.store.set_note(self.question.id, self.text.strip("\n"))
        except StoreError as exc:
            self._status(f"Not saved: {exc}", "bold red")
            return
        self.app.post_message(NoteSaved(self.question.id))
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Close without saving; with unsaved changes, ask for a second escape first."""
        if self.text == self._original or self._confirm_discard:
            self.dismiss(False)
            return
        self._confirm_discard = True
        self._status("Discard changes? escape again to discard, ctrl+s to save", "bold yellow")

    def _status(self, message: str, style: str) -> None:
        self.query_one("#note-status", Static).update(Text(message, style=style))
