"""`[keymap]` in config.toml moves a key everywhere: the action, the footer, help and the
palette hint; unknown ids and clashes are told as `file:line` and the default key stays."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from study_app_fixture import wait_until
from test_app_hostile_dirs import recording
from workbench.config import KeymapEntry, config_file, read_config
from workbench.content.loader import default_roots, load_library
from workbench.tui.app import WorkbenchApp
from workbench.tui.help_data import sections
from workbench.tui.keys import check_keymap, key_label, owners_of
from workbench.tui.screens.gallery import GalleryScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.study_commands import StudyCommands
from workbench.tui.widgets.reader import Reader
from workbench.ui_state import UiState

pytestmark = pytest.mark.usefixtures("prebuilt_index")

OWNERS = owners_of(sections(WorkbenchApp))
PATH = Path("config.toml")


def write_config(text: str) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def check(*entries: tuple[str, str]) -> tuple[dict[str, str], list[str]]:
    keymap, problems = check_keymap(
        PATH, tuple(KeymapEntry(i, k, n) for n, (i, k) in enumerate(entries, 1)), OWNERS)
    return keymap, [str(p) for p in problems]


def test_config_reads_quoted_dotted_and_table_ids_with_their_lines() -> None:
    path = write_config('autoplay = false\n[keymap]\nmain.search = "ctrl+f"\n'
                        '"review.reveal" = "enter"\n\n[keymap.demo]\npause = "p"\n')
    config, problems = read_config(path)
    assert problems == []
    assert config.keymap == (KeymapEntry("main.search", "ctrl+f", 3),
                             KeymapEntry("review.reveal", "enter", 4),
                             KeymapEntry("demo.pause", "p", 7))


def test_a_keymap_value_that_is_not_a_key_is_a_problem_at_its_line() -> None:
    path = write_config('[keymap]\n"main.search" = 3\nmain.gallery = ""\n')
    config, problems = read_config(path)
    assert config.keymap == ()
    assert [p.line for p in problems] == [2, 3]
    assert "keymap 'main.search' must be a key such as \"ctrl+f\", not 3" in str(problems[0])


def test_known_ids_are_kept_and_written_as_textual_names() -> None:
    assert check(("main.search", "ctrl+f,?"), ("review.grade-1", "a")) == (
        {"main.search": "ctrl+f,question_mark", "review.grade-1": "a"}, [])


def test_an_unknown_id_is_reported_with_the_nearest_known_one() -> None:
    keymap, problems = check(("main.serch", "ctrl+f"))
    assert keymap == {}
    assert problems == ["config.toml:1: keymap: unknown key id 'main.serch' is ignored "
                        "(did you mean 'main.search'?)"]


def test_a_key_another_action_of_the_same_screen_has_is_a_clash() -> None:
    keymap, problems = check(("review.undo", "ctrl+z"), ("main.search", "n"))
    assert keymap == {"review.undo": "ctrl+z"}
    assert problems == ["config.toml:2: keymap: 'main.search' = 'n' is ignored: n is already "
                        "'main.next-question' in Main screen"]


def test_of_two_ids_moved_onto_one_key_the_later_is_dropped() -> None:
    keymap, problems = check(("review.undo", "x"), ("review.drill", "x"))
    assert keymap == {"review.undo": "x"}
    assert [p.split(":")[1] for p in problems] == ["2"]


def test_a_clash_with_a_textual_key_of_the_widget_counts() -> None:
    _, problems = check(("tree.down", "enter"))
    assert problems == ["config.toml:1: keymap: 'tree.down' = 'enter' is ignored: enter is "
                        "already 'Select' in Topic tree"]


def test_keys_of_different_screens_do_not_clash_and_swaps_are_fine() -> None:
    assert check(("main.gallery", "s"), ("study.review", "g"),  # swapped on one screen
                 ("review.grade-1", "2"), ("review.grade-2", "1"))[1] == []
    assert check(("review.reveal", "n"))[1] == []  # `n` is the main screen's, not review's


def rendered(screen: HelpScreen) -> str:
    console = Console(width=160, record=True, file=io.StringIO())
    for static in screen.query(Static):
        console.print(static.content)
    return console.export_text()


async def test_a_keymap_moves_a_key_everywhere() -> None:
    write_config('[keymap]\nmain.gallery = "ctrl+g"\nstudy.review = "ctrl+r"\n')
    app = WorkbenchApp(load_library(default_roots()), restore=UiState(), autoplay=False)
    async with app.run_test(size=(120, 36)) as pilot:
        main = app.screen
        assert isinstance(main, MainScreen)
        await wait_until(pilot, lambda: main.query_one(Reader).topic is not None)
        keys = {b.binding.id: key for key, b in main.active_bindings.items()}
        assert keys["main.gallery"] == "ctrl+g" and keys["study.review"] == "ctrl+r"  # footer

        commands = {c.title: c.help for c in app.get_system_commands(main)}
        assert commands["Demo gallery"].endswith("(ctrl+g)")
        hints = [hit.help async for hit in StudyCommands(main).discover()]
        assert "due questions, then new ones (ctrl+r)" in hints

        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = rendered(app.screen).splitlines()
        assert next(r for r in rows if r.rstrip().endswith("main.gallery")).startswith("ctrl+g ")
        assert next(r for r in rows if r.rstrip().endswith("study.review")).startswith("ctrl+r ")
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("g")  # the old key does nothing now
        await pilot.pause()
        assert app.screen is main
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, GalleryScreen))


async def test_keymap_problems_are_told_at_start_and_the_app_runs() -> None:
    path = write_config('[keymap]\nmain.serch = "ctrl+f"\nmain.search = "n"\n')
    app = WorkbenchApp(load_library(default_roots()), restore=UiState(), autoplay=False)
    told = recording(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: len(told) >= 2)
        assert any(m.startswith(f"{path}:2: keymap: unknown key id 'main.serch'") for m in told)
        assert any(m.startswith(f"{path}:3: keymap: 'main.search' = 'n' is ignored") for m in told)
        keys = {b.binding.id: key for key, b in app.screen.active_bindings.items()}
        assert keys["main.search"] == "slash" and keys["main.next-question"] == "n"


def readme() -> str:
    return (Path(__file__).parents[1] / "README.md").read_text("utf-8")


def test_the_readme_lists_every_id_with_its_default_keys() -> None:
    rows = {line.split("|")[1].strip(" `"): line.split("|")[2].strip(" `")
            for line in readme().splitlines() if line.startswith("| `")}
    for owner in OWNERS:
        for binding in owner.__dict__.get("BINDINGS", []):
            if binding.id is None:  # Textual's own (tab), listed in help, not changeable
                continue
            keys = ",".join(key_label(key) for key in binding.key.split(","))
            assert rows.get(binding.id) == keys, f"README: {binding.id} should be `{keys}`"


def test_the_readme_keymaps_have_no_problems() -> None:
    blocks = re.findall(r"```toml\n(\[keymap\]\n.*?)```", readme(), re.S)
    assert len(blocks) == 2  # the short example and the vim-flavoured set
    for block in blocks:
        config, problems = read_config(write_config(block))
        keymap, clashes = check_keymap(PATH, config.keymap, OWNERS)
        assert problems == [] and clashes == [] and len(keymap) == len(config.keymap)
