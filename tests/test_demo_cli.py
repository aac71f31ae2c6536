"""`workbench demo`: listing, headless runs, and one-line errors with the right exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.demos.base import Demo, Frame, Param
from workbench.demos.check import check_demo_ids
from workbench.demos.registry import _DEMOS, all_demos, register


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["demo", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_list_json_describes_every_registered_demo(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--list", "--json")
    rows = json.loads(out)
    assert status == 0
    assert [r["id"] for r in rows] == [cls.id for cls in all_demos()]
    lasso = next(r for r in rows if r["id"] == "l1_vs_l2")
    assert lasso["topic"] == "l1-vs-l2" and lasso["takeaway"]
    assert {"name": "k", "min": 1, "max": 10, "default": 3} in lasso["params"]


def test_list_plain_has_one_line_per_demo(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--list")
    assert status == 0
    assert len(out.strip().splitlines()) == len(all_demos())


def test_run_prints_a_plain_plot_and_the_caption_when_piped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "depth_vs_width", "--frames", "20", "--size", "60x16")
    assert status == 0
    assert "\x1b" not in out
    lines = out.splitlines()
    assert max(len(line) for line in lines[:16]) <= 60
    assert any(line.startswith("L=3: deep 8 pieces") for line in lines)


def test_run_json_carries_caption_metrics_and_series(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "l1_vs_l2", "--frames", "1", "--json", "--param", "k=2",
                         "--seed", "4")
    data = json.loads(out)
    assert status == 0
    # the first lambda is lambda_max, where every lasso weight is exactly zero
    assert data["metrics"]["lasso_zeros"] == 10
    assert data["caption"].startswith("λ=")
    assert data["series"] and all(len(s["x"]) == len(s["y"]) for s in data["series"])


def test_json_is_deterministic_for_a_seed(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "saddle_points", "--frames", "3", "--json", "--seed", "9")[1]
    again = run(capsys, "saddle_points", "--frames", "3", "--json", "--seed", "9")[1]
    other = run(capsys, "saddle_points", "--frames", "3", "--json", "--seed", "10")[1]
    assert first == again != other


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["no_such_demo"], "unknown demo 'no_such_demo'"),
        (["l1_vs_l2", "--param", "k=99"], "k must be between 1 and 10"),
        (["l1_vs_l2", "--param", "k=many"], "k must be an integer"),
        (["l1_vs_l2", "--param", "nope=1"], "has no parameter 'nope'"),
        (["l1_vs_l2", "--param", "k"], "NAME=VALUE"),
        (["l1_vs_l2", "--frames", "0"], "--frames must be between"),
        (["l1_vs_l2", "--size", "huge"], "--size must look like"),
        (["l1_vs_l2", "--view", "sideways"], "has no view 'sideways'"),
        ([], "name a demo"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


class Broken(Demo):
    """A demo whose third step raises, to check failures are reported not dumped."""

    id = "broken_for_test"
    title = "broken"
    takeaway = "breaks"
    params = (Param("x", "x", "float", 1.0, 0.0, 2.0, 0.5),)

    def _setup(self) -> None:
        pass

    def _advance(self) -> Frame:
        if self.index == 2:
            raise ZeroDivisionError("boom")
        return Frame(title="ok", caption="fine")


@pytest.fixture
def broken() -> object:
    register(Broken)
    yield Broken
    _DEMOS.pop(Broken.id, None)


@pytest.mark.usefixtures("broken")
def test_a_demo_that_raises_is_one_line_naming_it_and_exit_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "broken_for_test", "--frames", "5")
    assert status == 1
    assert err.strip() == ("workbench demo: demo 'broken_for_test' failed at frame 2: "
                           "ZeroDivisionError: boom")


def test_check_reports_topics_naming_unknown_demos(tmp_path: Path) -> None:
    from workbench.content.loader import load_library

    chapter = tmp_path / "notes" / "basics"
    chapter.mkdir(parents=True)
    for name, demo in (("good", "l1_vs_l2"), ("bad", "no_such_demo")):
        (chapter / f"{name}.md").write_text(
            f'+++\nid = "{name}"\ntitle = "T"\ndifficulty = "E"\ndemo = "{demo}"\n+++\n\n'
            f"## [E] Why? {{#why}}\n\nBecause.\n", "utf-8")
    problems = check_demo_ids(load_library([tmp_path / "notes"]))
    assert len(problems) == 1
    assert problems[0].path.name == "bad.md" and problems[0].line == 5
    assert "unknown demo 'no_such_demo'" in problems[0].message
