"""The palette's "Import notes…": a path prompt, and the import's report afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static

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
