"""argparse errors are one line plus a hint; search queries may start with `-`."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workbench.cli import main
from workbench.cli.search import query_last
from workbench.search.index import SearchIndex


@pytest.mark.parametrize(("argv", "error"), [
    (["topics", "--bogus"], "workbench: error: unrecognized arguments: --bogus"),
    (["progress", "export"],
     "workbench progress export: error: the following arguments are required: FILE"),
    (["review", "--limit", "x"],
     "workbench review: error: argument --limit: expected a positive whole number, not 'x'"),
    (["search"], "workbench search: error: the following arguments are required: query"),
])
def test_argument_errors_are_one_line_and_a_hint(
    argv: list[str], error: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    prog = error.split(": error:")[0]
    assert captured.err.splitlines() == [error, f"try '{prog} --help'"]
    assert captured.out == ""


def test_unknown_command_through_the_entry_point_has_no_usage_dump() -> None:
    result = subprocess.run([sys.executable, "-m", "workbench", "frobnicate"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    first, hint = result.stderr.splitlines()
    assert first.startswith("workbench: error: argument COMMAND: invalid choice: 'frobnicate'")
    assert hint == "try 'workbench --help'"


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every (query, limit) the search core is asked, passed through to the real search."""
    asked: list[tuple[str, int]] = []
    real = SearchIndex.search

    def recording(self: SearchIndex, query: str, limit: int = 20):  # type: ignore[no-untyped-def]
        asked.append((query, limit))
        return real(self, query, limit)

    monkeypatch.setattr(SearchIndex, "search", recording)
    return asked


@pytest.mark.parametrize("argv", [["search", "-attention"], ["search", "--", "-attention"],
                                  ["--content", ".", "search", "-attention", "--json"]])
def test_a_query_starting_with_minus_reaches_the_search_core(
    argv: list[str], queries: list[tuple[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    main(argv)  # the status depends on whether the engine answers exclusion-only queries
    captured = capsys.readouterr()
    assert queries == [("-attention", 20)]
    assert "error: unrecognized arguments" not in captured.err
    assert "try 'workbench" not in captured.err


def test_words_like_minus_hessian_are_query_words_not_the_help_option(
    queries: list[tuple[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "--lim", "2", "softmax", "-hessian", "--json"]) == 0
    assert queries == [("softmax -hessian", 2)]
    assert capsys.readouterr().out.startswith("[")


def test_query_last_keeps_options_and_their_values_before_the_query() -> None:
    assert query_last(["a", "-b", "--limit", "3", "c", "--json"]) == [
        "--limit", "3", "--json", "--", "a", "-b", "c"]
    assert query_last(["--limit=3", "-x", "--", "--json"]) == ["--limit=3", "--", "-x", "--json"]
    assert query_last(["-h"]) == ["-h"]
    assert query_last(["--content", "dir", "-x"]) == ["--content", "dir", "--", "-x"]
