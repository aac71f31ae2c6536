"""Parsed CSS kept between runs (`tui.css_cache`): the next start parses none of what the
last one did, styles exactly as a parse would, and parses afresh whenever it must."""

from __future__ import annotations

import inspect
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import Stylesheet, StylesheetParseError

from app_waits import wait_until
from workbench.content.loader import default_roots, load_library
from workbench.paths import cache_dir
from workbench.tui.app import WorkbenchApp
from workbench.tui.css_cache import FILE_NAME, CachedStylesheet, SavedRules
from workbench.tui.widgets.reader import Reader
from workbench.ui_state import UiState

LIBRARY = load_library(default_roots())
CSS = "Static { color: red; } #x > .y { background: $primary 20%; }"
LOCATION = ("test.tcss", "")
VARIABLES = {"primary": "#004578"}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The CSS texts Textual's parser is run on."""
    seen: list[str] = []
    parse: Callable[..., Any] = textual_stylesheet.parse

    def counting(scope: str, css: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(css)
        return parse(scope, css, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    return seen


def test_the_private_hook_it_overrides_is_still_textuals() -> None:
    """`Stylesheet._parse_rules` is the one private hook used: same name, same parameters."""
    ours = inspect.signature(CachedStylesheet._parse_rules).parameters
    theirs = inspect.signature(Stylesheet._parse_rules).parameters
    assert list(ours) == list(theirs)


def fresh_sheet(variables: dict[str, str] = VARIABLES) -> CachedStylesheet:
    """A stylesheet with what the last run saved (as the app makes it at start-up)."""
    return CachedStylesheet(SavedRules.load(), variables=variables)


def parsed_css(sheet: Stylesheet) -> list[str]:
    sheet.add_source(CSS, read_from=LOCATION)
    sheet.parse()
    return [rule.css for rule in sheet.rules]


def test_saved_rules_are_the_parsed_ones_and_nothing_is_parsed_again(
        parses: list[str]) -> None:
    sheet = fresh_sheet()
    first = parsed_css(sheet)
    assert parses == [CSS]
    sheet.saved.save()

    again = parsed_css(fresh_sheet())
    assert again == first == parsed_css(Stylesheet(variables=VARIABLES))
    assert parses == [CSS, CSS]  # the plain Stylesheet parsed; the cached one did not


def test_other_variables_or_another_textual_parse_afresh(
        parses: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = fresh_sheet()
    parsed_css(sheet)
    sheet.saved.save()

    themed = parsed_css(fresh_sheet({"primary": "#ff0000"}))
    assert len(parses) == 2 and "#FF0000" in " ".join(themed).upper()

    monkeypatch.setattr("workbench.tui.css_cache._stamp", lambda: "another textual")
    parsed_css(fresh_sheet())
    assert len(parses) == 3


def test_a_damaged_file_means_parsing_as_before(parses: list[str]) -> None:
    path = cache_dir() / FILE_NAME
    for damage in (b"not a pickle", pickle.dumps({"stamp": "x", "entries": 3}),
                   pickle.dumps([1, 2])):
        path.write_bytes(damage)
        assert parsed_css(fresh_sheet()) == parsed_css(Stylesheet(variables=VARIABLES))


def test_an_entry_that_does_not_unpickle_is_parsed_and_replaced(parses: list[str]) -> None:
    sheet = fresh_sheet()
    parsed_css(sheet)
    sheet.saved.save()
    saved = pickle.loads((cache_dir() / FILE_NAME).read_bytes())
    saved["entries"] = {key: b"\x80garbage" for key in saved["entries"]}
    (cache_dir() / FILE_NAME).write_bytes(pickle.dumps(saved))

    assert parsed_css(fresh_sheet()) == parsed_css(Stylesheet(variables=VARIABLES))
    assert len(parses) == 3


def test_css_with_errors_is_reported_every_time_never_saved(parses: list[str]) -> None:
    for _ in range(2):
        sheet = fresh_sheet()
        sheet.add_source("Static { colour: red; }", read_from=LOCATION)
        with pytest.raises(StylesheetParseError):
            sheet.parse()
        sheet.saved.save()
    assert len(parses) == 2 and not (cache_dir() / FILE_NAME).exists()


Looks = dict[str, tuple[object, ...]]


async def one_start(parses: list[str]) -> tuple[int, Looks]:
    """Start and quit the app: how many CSS texts it parsed, and how its parts look."""
    parses.clear()
    app = WorkbenchApp(LIBRARY, restore=UiState("erm", None), autoplay=False)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: bool(reader.parts))
        looks = {node.id: (node.rich_style, node.styles.width, node.styles.height,
                           node.styles.border, node.styles.padding)
                 for node in app.screen.walk_children(with_self=True) if node.id}
    return len(parses), looks


@pytest.mark.usefixtures("prebuilt_index")
async def test_the_app_saves_its_css_at_exit_and_the_next_start_parses_none(
        parses: list[str]) -> None:
    parsed, looks = await one_start(parses)
    parsed_again, looks_again = await one_start(parses)
    assert parsed > 5 and parsed_again == 0
    shared = looks.keys() & looks_again.keys()
    assert {"tree", "reader", "search-input"} <= shared
    assert {key: looks[key] for key in shared} == {key: looks_again[key] for key in shared}
