"""The `?` screen: every key of the app, read from the bindings with the user's keymap applied,
each with the id that `[keymap]` in config.toml uses to change it. The sections of the screen
and widget that had the focus come first, marked "here"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.tui.keys import Section, key_rows, owners_of

KEY_WIDTH = 16
"""Wide enough for `escape enter q` and `ctrl+pagedown`; longer keymap keys wrap."""
ID_WIDTH = 22
"""The longest binding id, `main.previous-question`."""


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close",
                tooltip="close this help"),
        Binding("j", "scroll('down')", "Scroll down", show=False, id="help.scroll-down",
                tooltip="scroll the key list down"),
        Binding("k", "scroll('up')", "Scroll up", show=False, id="help.scroll-up",
                tooltip="scroll the key list up"),
    ]

    def __init__(self, sections: list[Section], keymap: Mapping[str, str],
                 here: Sequence[DOMNode] = ()) -> None:
        """`here`: the focused widget and its ancestors (or the screen) under this help."""
        super().__init__()
        self.keymap = keymap
        self.here = [s for s in sections if any(isinstance(node, s.owners) for node in here)]
        self.sections = self.here + [s for s in sections if s not in self.here]

    def compose(self) -> ComposeResult:
        owners = owners_of(self.sections)
        tables: list[RenderableType] = []
        for section in self.sections:
            title = Text(section.title, style="bold underline")
            if section in self.here:
                title.append("  (here)", style="bold")
            table = Table(title=title, title_justify="left", box=None, show_header=False,
                          pad_edge=False, expand=True)
            table.add_column("key", style="bold", width=KEY_WIDTH)
            table.add_column("what", ratio=1)
            table.add_column("id", style="dim", width=ID_WIDTH, no_wrap=True)
            for owner in section.owners:
                for row in key_rows(owner, owners, self.keymap):
                    table.add_row(Text(" ".join(row.keys)), Text(row.what),
                                  Text(row.binding_id or ""))
            for name, what in section.notes:
                table.add_row(Text(name, style="italic"), Text(what), "")
            tables += [table, Text("")]
        with VerticalScroll(id="help-body"):
            yield Static(Text("workbench keys · change one with its id (right column) under "
                              "[keymap] in config.toml", style="bold"), id="help-title")
            yield Static(Group(*tables))

    def action_scroll(self, direction: str) -> None:
        """Scroll the key list."""
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()
