"""The demo gallery: every live demo in one list, the highlighted one running beside it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from workbench.content import Library
from workbench.textsafe import clean_text
from workbench.tui.widgets.demo_pane import PREDICTION_ACTIONS, DemoPane
from workbench.tui.widgets.keys_footer import KeysFooter
from workbench.tui.widgets.title_bar import TitleBar

SWITCH_DELAY = 0.08
"""Seconds the cursor must rest on an entry before its demo starts (holding a key stays smooth)."""
QUIET = {"restart", "reseed", "nudge"}
"""Pane actions left out of the gallery's footer so the rest fits in 80 columns: help lists
them, and the pane prints each parameter's keys beside it."""
NARROW = 100
"""Below this width the list sits above the pane, one line per demo."""


@dataclass(frozen=True)
class GalleryEntry:
    """What the gallery shows of one demo."""

    demo_id: str
    title: str
    topic_id: str
    topic_title: str
    takeaway: str

    def prompt(self, compact: bool) -> Text:
        """The list entry: plain text (never markup), one line when `compact`."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(clean_text(self.title), style="bold")
        if compact:
            text.append(f" · {clean_text(self.topic_title)}", style="dim")
            return text
        text.append(f"\n{clean_text(self.topic_title)}", style="italic")
        text.append(f"\n{clean_text(self.takeaway)}", style="dim")
        return text


def gallery_entries(library: Library) -> list[GalleryEntry]:
    """One entry per registered demo, in registry order, with its topic's title if it has one.

    The registry (and numpy with it) is imported here, when the gallery opens: the first
    screen never needs it."""
    from workbench.demos.registry import all_demos

    entries = []
    for cls in all_demos():
        topic = library.topic(cls.topic) if cls.topic else None
        entries.append(GalleryEntry(cls.id, cls.title, cls.topic,
                                    topic.title if topic else "(no topic)", cls.takeaway))
    return entries


class GalleryScreen(Screen[str | None]):
    """Browse all demos; dismisses with the topic id to open, or None when closed."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="gallery.close", tooltip="back"),
        Binding("t", "open_topic", "Topic", id="gallery.open-topic",
                tooltip="open the demo's topic on the main screen (enter too)"),
        # The pane's keys work while the list has the focus; same ids, so a keymap moves both
        # (predictions are the main screen's: it records the answers).
        *[replace(b, action=f"forward({b.action!r})",
                  show=b.show and b.action.partition("(")[0] not in QUIET)
          for b in DemoPane.BINDINGS if isinstance(b, Binding)
          and b.action.partition("(")[0] not in PREDICTION_ACTIONS],
    ]

    def __init__(self, library: Library, autoplay: bool = True) -> None:
        super().__init__()
        self.library = library
        self.autoplay = autoplay
        self.entries = gallery_entries(library)
        self._compact: bool | None = None
        self._shown: str | None = None
        self._switch: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Container(id="gallery-body"):
            yield OptionList(id="gallery-list", classes="pane")
            yield DemoPane(autoplay=self.autoplay, id="gallery-pane").add_class("pane")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Demo gallery · {len(self.entries)} demos"
        self._fill_list(self.size.width < NARROW)
        listing = self.query_one(OptionList)
        listing.border_title = "Demos"
        listing.focus()
        self.show_demo(0)

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        self._fill_list(narrow)
        self.query_one(Footer).compact = narrow

    def _fill_list(self, compact: bool) -> None:
        """(Re)build the entries, one line each when narrow, keeping the cursor where it was."""
        if compact == self._compact:
            return
        self._compact = compact
        listing = self.query_one(OptionList)
        index = listing.highlighted or 0
        listing.set_options(Option(e.prompt(compact), id=e.demo_id) for e in self.entries)
        listing.highlighted = index

    @property
    def pane(self) -> DemoPane:
        """The pane running the highlighted demo."""
        return self.query_one(DemoPane)

    @property
    def current(self) -> GalleryEntry | None:
        """The entry under the list cursor."""
        index = self.query_one(OptionList).highlighted
        return self.entries[index] if index is not None else None

    def show_demo(self, index: int) -> None:
        """Run the demo of entry `index` in the pane now (unless it is already running)."""
        entry = self.entries[index] if 0 <= index < len(self.entries) else None
        if entry is None or entry.demo_id == self._shown:
            return
        self._shown = entry.demo_id
        self.pane.show_topic(entry.demo_id, entry.topic_title, "")

    @on(OptionList.OptionHighlighted, "#gallery-list")
    def _cursor_moved(self, event: OptionList.OptionHighlighted) -> None:
        if self._switch is not None:
            self._switch.stop()
        index = event.option_index
        self._switch = self.set_timer(SWITCH_DELAY, lambda: self.show_demo(index))

    @on(OptionList.OptionSelected, "#gallery-list")
    def _entry_chosen(self) -> None:
        self.action_open_topic()

    def action_open_topic(self) -> None:
        """Close the gallery and open the highlighted demo's topic on the main screen."""
        entry = self.current
        if entry is None or self.library.topic(entry.topic_id) is None:
            self.notify("This demo belongs to no topic in your notes.", markup=False)
            return
        self.dismiss(entry.topic_id)

    def action_close(self) -> None:
        """Back to where the gallery was opened."""
        self.dismiss(None)

    async def action_forward(self, action: str) -> None:
        """Run one of the pane's actions (pause, step, params...) from the list."""
        await self.pane.run_action(action)
