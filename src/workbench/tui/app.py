"""The Textual application: loads nothing itself, it is handed a Library."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

from workbench.config import config_file, read_config
from workbench.content import Library
from workbench.paths import UnusableDir, config_dir, data_dir
from workbench.textsafe import clean_text
from workbench.tui.collector import Collector
from workbench.tui.commands import TopicCommands
from workbench.tui.css_cache import CachedStylesheet, SavedRules
from workbench.tui.keys import check_keymap, key_names, owners_of
from workbench.tui.messages import NoteSaved, StudyOpened
from workbench.tui.notes_reload import WATCH_INTERVAL, NotesReloader
from workbench.tui.screens.main import MainScreen
from workbench.tui.study_access import StudyAccess
from workbench.tui.study_commands import StudyCommands
from workbench.ui_state import UiState, load_ui_state

if TYPE_CHECKING:
    from workbench.study import Store
    from workbench.tui.screens.import_notes import ImportRequest, ImportRunning

COLLECTOR_PAUSE_MAX = 5.0
"""Seconds after which the garbage collector paused for start-up resumes in any case."""
IMPORT_PROGRESS_AFTER = 0.4
"""Seconds an import runs before its progress is shown (a small one is done by then)."""


class WorkbenchApp(App[None]):
    """Study ML interview questions: tree, reader, demos."""

    CSS_PATH = "workbench.tcss"
    TITLE = "workbench"
    COMMANDS = App.COMMANDS | {TopicCommands, StudyCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="quit", id="app.quit"),
        Binding("question_mark", "help", "Help", tooltip="this help: every key and its id",
                id="app.help"),
        Binding("ctrl+p", "command_palette", "Palette", show=False,
                tooltip="command palette: go to a topic, run a command", id="app.palette"),
    ]

    def __init__(
        self, library: Library, restore: UiState | None = None, autoplay: bool | None = None,
        store: Store | None = None, roots: list[Path] | None = None,
        watch_interval: float = WATCH_INTERVAL, partial: bool = False,
        collector_paused: bool = False,
    ) -> None:
        super().__init__()
        self._css_rules = SavedRules.load()
        self.stylesheet = CachedStylesheet(self._css_rules, variables=self.get_css_variables())
        """Parses only CSS the last run did not (`tui.css_cache`)."""
        self._collector_paused = collector_paused
        """`tui.run.prepare_process` paused the garbage collector for start-up; it resumes
        once the first screen is shown (or after COLLECTOR_PAUSE_MAX seconds, whatever
        happens), under `tui.collector`'s policy (no full collection between a key and
        its frame)."""
        self.collector = Collector(self.set_timer)
        self.library = library
        self.notes_reloader = (NotesReloader(self, roots, watch_interval, partial=partial)
                               if roots else None)
        """Follows the notes folders `library` was loaded from (none given: no following).
        With `partial`, `library` holds only the first root and the reloader loads them all
        once the first screen is up."""
        self._restore = restore if restore is not None else load_ui_state()
        config, self._config_problems = read_config(config_file())
        self.autoplay = config.autoplay if autoplay is None else autoplay
        self.keymap: dict[str, str] = {}
        """The user's `[keymap]` from config.toml, as applied: binding id to keys."""
        if config.keymap:  # checking it imports every screen: not for an empty keymap
            from workbench.tui.help_data import sections

            self.keymap, keymap_problems = check_keymap(config_file(), config.keymap,
                                                        owners_of(sections(type(self))))
            self._config_problems += keymap_problems
        self.set_keymap(self.keymap)
        self._no_config_dir = _unusable(config_dir) if restore is None else None
        self.read_only = _unusable(data_dir) if store is None else None
        """Why progress cannot be saved (no usable data dir), shown as a banner; else None."""
        self.study = StudyAccess.of(store)
        """The progress store (opened once the first screen is up, unless a test passes
        one), or why there is none."""

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.library, self._restore, self.autoplay)

    def on_mount(self) -> None:
        if self._collector_paused:
            self.set_timer(COLLECTOR_PAUSE_MAX, self._resume_collector)
        self.tell_problems()
        self._show_dir_problems()
        if not self.study.opening:  # a store was given
            self._show_study_notices()

    def tell_problems(self) -> None:
        """Say that some notes files could not be loaded (`workbench check` lists them)."""
        problems = [p for p in self.library.problems if p.severity == "error"]
        if problems:
            self.notify(
                f"{len(problems)} notes file(s) could not be loaded; first: {problems[0]}",
                title="Notes problems",
                severity="warning",
                timeout=8,
                markup=False,
            )

    def _show_dir_problems(self) -> None:
        """A banner when progress cannot be saved; notes for settings that can't be used."""
        if self.read_only:
            self._mount_read_only_banner()
        if self._no_config_dir:
            self.notify(f"{self._no_config_dir}; the last opened topic will not be remembered.",
                        title="Settings", severity="warning", timeout=8, markup=False)
        for problem in self._config_problems:
            self.notify(str(problem), title="Settings", severity="warning", timeout=10,
                        markup=False)

    def _mount_read_only_banner(self) -> None:
        """Put the banner under the header, once the main screen has composed its body."""
        main = self.get_screen_main()
        if main is None:
            return
        if not main.query("#body"):
            main.call_after_refresh(self._mount_read_only_banner)
            return
        banner = Static(f"Read-only: {self.read_only}. Progress will not be saved.",
                        markup=False, id="read-only")
        main.mount(banner, before=main.query_one("#body"))

    def on_study_opened(self, message: StudyOpened) -> None:
        """The progress store is open (or failed to): show its marks and notices."""
        main = self.get_screen_main()
        if main is not None and self.study.store is not None:
            with suppress(NoMatches):  # the app is closing: its widgets are going
                main.store_opened(self.study)
        self._show_study_notices()

    def _show_study_notices(self) -> None:
        """Tell the user about a damaged progress file moved aside, or a store that won't open."""
        if self.read_only is not None:  # the banner says why study mode is off
            return
        for notice in self.study.notices:
            self.notify(notice, title="Progress", severity="warning", timeout=10, markup=False)
        if self.study.error:
            self.notify(f"Study mode is off: {self.study.error}", title="Progress",
                        severity="error", timeout=10, markup=False)

    def first_screen_shown(self) -> None:
        """The main screen calls this once the restored topic is on screen: the collector
        paused for start-up resumes, the progress store opens, and the notes folders are
        followed from now on (opening the store, or the first look at a big folder, a stat
        per file in a thread, would compete with the first paint)."""
        self._resume_collector()
        self.open_progress()
        if self.notes_reloader is not None and not self.notes_reloader.started:
            self.notes_reloader.start()

    def open_progress(self) -> None:
        """Open the progress store in a thread, once (the main screen asks right after the
        first paint, so the tree's marks follow it closely)."""
        self.study.start_opening(self._tell_study_opened)

    def _tell_study_opened(self) -> None:
        """From the thread that opened the store: hand over to the UI thread."""
        self.post_message(StudyOpened())

    def _resume_collector(self) -> None:
        """Resume the garbage collector `tui.run.prepare_process` paused, under
        `tui.collector`'s policy."""
        if self._collector_paused:
            self._collector_paused = False
            self.collector.start()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.input_seen()  # the learner is busy: no full collection now
        await super().on_event(event)

    def on_note_saved(self, message: NoteSaved) -> None:
        """Personal notes are searchable: re-index after each save."""
        main = self.get_screen_main()
        if main is not None:
            main.reindex_notes()

    def on_unmount(self) -> None:
        self.collector.stop()
        self.study.close()
        self._css_rules.save()

    def action_help(self) -> None:
        """Show every key."""
        from workbench.tui.help_data import sections
        from workbench.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            here = (self.screen.focused or self.screen).ancestors_with_self
            self.push_screen(HelpScreen(sections(type(self)), self.keymap, here))

    def action_gallery(self) -> None:
        """Open the demo gallery over the main screen; its `enter` opens the demo's topic."""
        from workbench.tui.screens.gallery import GalleryScreen

        if isinstance(self.screen, MainScreen):
            self.push_screen(GalleryScreen(self.library, self.autoplay), self._gallery_closed)

    def _gallery_closed(self, topic_id: str | None) -> None:
        if topic_id is not None:
            self.open_node(topic_id)

    def action_import_notes(self) -> None:
        """Ask for a notes file or folder and import it into the user's notes folder."""
        from workbench.tui.screens.import_notes import ImportPrompt

        self.push_screen(ImportPrompt(), self._import_chosen)

    def _import_chosen(self, request: ImportRequest | None) -> None:
        if request is not None:
            from workbench.tui.screens.import_notes import ImportRunning

            running = ImportRunning(request.source)
            self.run_worker(lambda: self._import(request.source, request.force, running),
                            thread=True, group="import", exit_on_error=False)
            self.set_timer(IMPORT_PROGRESS_AFTER,
                           lambda: None if running.ended else self.push_screen(running))

    def _import(self, source: Path, force: bool, running: ImportRunning) -> None:
        """Worker: the same import as `workbench import PATH` (report lines, files written),
        telling `running` how far it is."""
        from workbench.content.importing.batch import ImportFailed, import_notes
        from workbench.paths import user_notes_dir

        def progress(stage: str, done: int, total: int) -> None:
            self.call_from_thread(running.show_progress, stage, done, total)

        try:
            root = user_notes_dir()
            report = import_notes(source, root, self.library, force=force,
                                  force_hint="tick 'Replace files already imported'",
                                  progress=progress)
        except (ImportFailed, OSError) as exc:
            self.call_from_thread(self._import_failed, running, str(exc))
        except Exception as exc:  # a bug in an importer must not take the app down
            self.call_from_thread(self._import_failed, running,
                                  f"{source}: {type(exc).__name__}: {exc}")
        else:
            written = [f"{len(report.files)} file(s) written into {root}:",
                       *(str(path) for path in report.files)]
            self.call_from_thread(self._imported, running, [*report.lines, *written])

    def _import_failed(self, running: ImportRunning, message: str) -> None:
        running.end()
        self.notify(clean_text(message), title="Import failed", severity="error", timeout=10,
                    markup=False)

    def _imported(self, running: ImportRunning, lines: list[str]) -> None:
        from workbench.tui.screens.import_notes import ImportReportView

        running.end()
        self.push_screen(ImportReportView("Notes imported", lines))
        if self.notes_reloader is not None:
            self.notes_reloader.poll_now()  # show the new topics now, not at the next tick

    def open_node(self, node_id: str) -> None:
        """Jump to a topic or question from anywhere (palette, search)."""
        main = self.get_screen_main()
        if main is not None:
            main.open_node(node_id)

    def get_screen_main(self) -> MainScreen | None:
        """The main screen, wherever it sits in the stack."""
        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys", "Every key of the app" + self.key_hint(
            type(self), "app.help"), self.action_help)
        if isinstance(screen, MainScreen):
            yield SystemCommand("Demo gallery", "Every live demo, one after another"
                                + self.key_hint(MainScreen, "main.gallery"), self.action_gallery)
        main = self.get_screen_main()
        if main is not None:
            yield SystemCommand("Toggle topic tree", "Show or hide the tree"
                                + self.key_hint(MainScreen, "main.toggle-tree"),
                                main.action_toggle_tree)
            yield SystemCommand("Maximise reader", "Reader full screen"
                                + self.key_hint(MainScreen, "main.maximize"),
                                main.action_toggle_maximize)
            yield SystemCommand("Import notes…", "Import a notes file or folder (Markdown, "
                                "CSV/TSV, Anki) into your notes folder", self.action_import_notes)


    def key_of(self, owner: type[DOMNode], binding_id: str) -> str:
        """The key(s) `binding_id` of `owner` answers to right now, for text that names it."""
        return key_names(owner, binding_id, self.keymap)

    def key_hint(self, owner: type[DOMNode], binding_id: str) -> str:
        """" (key)" for a palette line, or "" when there is no such binding."""
        keys = self.key_of(owner, binding_id)
        return f" ({keys})" if keys else ""


def _unusable(folder: Callable[[], Path]) -> str | None:
    """Why the per-user folder cannot be used (see paths.UnusableDir), or None."""
    try:
        folder()
    except UnusableDir as exc:
        return str(exc)
    return None
