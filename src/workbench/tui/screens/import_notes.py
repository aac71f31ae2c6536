"""The palette's "Import notes…": a path prompt, how far a long import is, and the
import's report afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, ProgressBar, Static

from workbench.textsafe import clean_text
from workbench.tui.host import workbench


@dataclass(frozen=True)
class ImportRequest:
    """What to import, and whether to replace files a previous import wrote."""

    source: Path
    force: bool = False


class ImportPrompt(ModalScreen[ImportRequest | None]):
    """Ask for a notes file or folder; `enter` returns the request, `escape` None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="import.cancel",
                        tooltip="close without importing")]

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box", classes="import-modal"):
            yield Static(Text("Import notes into your notes folder", style="bold"))
            yield Static(Text("A Markdown, CSV/TSV, Anki text or .apkg file, or a folder of "
                              "them.", style="dim"))
            yield Input(placeholder="path, e.g. ~/notes/ml.md", id="import-path")
            yield Checkbox("Replace files already imported (like --force)", id="import-force")
            cancel = workbench(self).key_of(ImportPrompt, "import.cancel")
            yield Static(Text(f"enter: import · {cancel}: cancel", style="dim"),
                         classes="import-keys")

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value:
            force = self.query_one("#import-force", Checkbox).value
            self.dismiss(ImportRequest(Path(value).expanduser(), force))

    def action_cancel(self) -> None:
        """Close without importing."""
        self.dismiss(None)


class ImportRunning(ModalScreen[None]):
    """How far an import is (files read, notes converted, files written); the report
    replaces it when the import ends. Closing it leaves the import running."""

    BINDINGS = [Binding("escape", "dismiss", "Hide", id="import.hide-progress",
                        tooltip="hide this; the import goes on and its report opens when done")]

    def __init__(self, source: Path) -> None:
        super().__init__()
        self.source = source
        self.ended = False
        """Set when the import is over: the screen is not shown any more."""
        self._progress: tuple[str, int, int] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import-running", classes="import-modal"):
            yield Static(Text(f"Importing {clean_text(str(self.source))}", style="bold"))
            yield Static(id="import-stage")
            yield ProgressBar(id="import-bar", show_eta=False)
            hide = workbench(self).key_of(ImportRunning, "import.hide-progress")
            yield Static(Text(f"{hide}: hide (the import goes on)", style="dim"),
                         classes="import-keys")

    def on_mount(self) -> None:
        self._draw()

    def show_progress(self, stage: str, done: int, total: int) -> None:
        """`done` of `total` things are `stage` (read, converted, written); kept until the
        screen shows if it does not yet."""
        self._progress = (stage, done, total)
        self._draw()

    def _draw(self) -> None:
        if not self.query("#import-bar"):  # not composed (yet, or any more)
            return
        if self._progress is None:
            self.query_one("#import-stage", Static).update(Text("starting…"))
            return
        stage, done, total = self._progress
        self.query_one("#import-stage", Static).update(Text(f"{stage} {done:,} / {total:,}"))
        self.query_one("#import-bar", ProgressBar).update(total=total, progress=done)

    def end(self) -> None:
        """The import is over: close this if it is showing, and never show it again."""
        self.ended = True
        if self.is_current:
            self.dismiss()


class ImportReportView(ModalScreen[None]):
    """What the import found and wrote, the lines `workbench import` prints."""

    BINDINGS = [Binding("escape,enter,q", "dismiss", "Close", id="import.close-report",
                        tooltip="close the import report")]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self._title = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="import-report", classes="import-modal"):
            yield Static(Text(self._title, style="bold"), id="import-title")
            yield Static(Text(clean_text("\n".join(self.lines))), id="import-lines")
            close = workbench(self).key_of(ImportReportView, "import.close-report")
            yield Static(Text(f"{close}: close", style="dim"), classes="import-keys")
