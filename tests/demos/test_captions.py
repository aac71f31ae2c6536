"""Captions read right: counts agree with their nouns, printed comparisons agree with the print."""

from __future__ import annotations

import re

import pytest

from workbench.demos._numbers import plural, relation
from workbench.demos.base import Demo
from workbench.demos.registry import all_demos

DEMOS = all_demos()
ONE_PLURAL = re.compile(r"(?<![\w.,])1 (?!of\b)([a-z]+s)\b")
COMPARISON = re.compile(
    r"(?<![\w.])(-?\d+(?:\.\d+)?)\s*([<>])\s*(?:[^\s\d]+=|[a-z]+ )?(-?\d+(?:\.\d+)?)(?![\w.])")


def test_plural_agrees_with_the_count() -> None:
    assert plural(1, "time") == "1 time"
    assert plural(0, "time") == "0 times"
    assert plural(3, "learning rate") == "3 learning rates"
    assert plural(2, "child", "children") == "2 children"


def test_relation_says_approximately_when_the_printed_figures_agree() -> None:
    assert relation(0.998, 1.004, "1.00", "1.00") == "≈"
    assert relation(0.91, 1.0, "0.91", "1.00") == "<"
    assert relation(1.06, 1.0, "1.06", "1.00") == ">"
    assert relation(0.9996, 1.0, "1.000", "1.00") == "≈"


def _captions(cls: type[Demo]) -> list[str]:
    demo = cls(seed=0)
    out: list[str] = []
    for view in cls.views:
        demo.set_view(view)
        for _ in range(12):
            frame = demo.step()
            out.extend([frame.caption, frame.title, *frame.readouts])
    return out


@pytest.mark.parametrize("cls", DEMOS, ids=[c.id for c in DEMOS])
def test_captions_agree_in_number_and_compare_printed_values_honestly(cls: type[Demo]) -> None:
    for text in _captions(cls):
        assert not ONE_PLURAL.search(text), text
        for left, sign, right in COMPARISON.findall(text):
            assert float(left) != float(right), f"{left} {sign} {right} in {text!r}"
            assert (float(left) < float(right)) == (sign == "<"), text


def test_empirical_risk_says_approximately_once_the_risks_print_alike() -> None:
    from workbench.demos.empirical_risk import EmpiricalRisk

    demo = EmpiricalRisk(seed=0, d=1)
    frames = [demo.step() for _ in range(131)]
    assert frames[-1].done
    late = frames[-1].caption  # n=1000, d=1: every risk prints as about σ² = 1.00
    assert "σ²=1.00 ≈ true 1.00" in late, late
    for frame in frames:
        for left, _, right in COMPARISON.findall(frame.caption):
            assert float(left) != float(right), frame.caption


def test_drift_monitor_counts_a_single_retrain_as_one_time() -> None:
    from workbench.demos.drift_monitor import DriftMonitor

    demo = DriftMonitor(seed=0)
    captions = [demo.step().caption for _ in range(200)]
    assert any("retrained 1 time " in c for c in captions), captions[-1]
    assert not any("1 times" in c for c in captions)
