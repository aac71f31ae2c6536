"""The contract every registered demo keeps: seeded, bounded, finite, honest captions."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from workbench.demos.base import Demo, Frame, Param
from workbench.demos.registry import all_demos

DEMOS = all_demos()
IDS = [cls.id for cls in DEMOS]
STEPS = 12

# A number in a caption: not glued to a letter (so "L1", "log10", "x²" are not numbers),
# with optional thousands separators, decimals and exponent.
NUMBER = re.compile(r"(?<![A-Za-z_\d.])[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:[eE][-+−]?\d+)?"
                    r"|(?<![A-Za-z_\d.])[-−]?\d+(?:\.\d+)?(?:[eE][-+−]?\d+)?")


def frames(demo: Demo, count: int) -> list[Frame]:
    """`count` successive frames."""
    return [demo.step() for _ in range(count)]


def arrays(frame: Frame) -> list[np.ndarray]:
    """Every array a frame asks to draw."""
    found = [np.asarray(a, dtype=float) for s in frame.series for a in (s.x, s.y)]
    if frame.heatmap is not None:
        found.append(np.asarray(frame.heatmap.z, dtype=float))
    return found


def printed_as(text: str, value: float) -> bool:
    """Whether `value` rounds to the caption text `text` (at the precision shown there)."""
    text = text.replace(",", "").replace("−", "-")
    shown = float(text)
    mantissa = text.lower().split("e")[0]
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    exponent = int(text.lower().split("e")[1]) if "e" in text.lower() else 0
    half_unit = 0.5 * 10.0 ** (exponent - decimals)
    return any(abs(candidate - shown) <= half_unit * (1 + 1e-9) + 1e-12
               for candidate in (value, 100 * value, -value))


def caption_numbers(caption: str) -> list[str]:
    return NUMBER.findall(caption)


def test_registry_covers_the_three_core_demos() -> None:
    assert {"l1_vs_l2", "saddle_points", "depth_vs_width"} <= set(IDS)


def test_printed_as_accepts_rounding_and_rejects_other_numbers() -> None:
    assert printed_as("0.13", 0.1349)
    assert not printed_as("0.13", 0.136)
    assert printed_as("7,000", 7000.4)
    assert printed_as("1.8e-03", 0.00184)
    assert not printed_as("1.8e-03", 0.0019)
    assert printed_as("14", 0.1404)  # a percentage of a fraction
    assert caption_numbers("L1 zeros 7 of 10, log10 λ=-2.5, 1,024 pieces") == [
        "7", "10", "-2.5", "1,024"]


@pytest.mark.parametrize("cls", DEMOS, ids=IDS)
def test_class_attributes(cls: type[Demo]) -> None:
    assert cls.id and cls.title and cls.takeaway and cls.topic
    assert 1 <= len(cls.params) <= 3
    assert len({p.key for p in cls.params}) == len(cls.params)
    assert cls.views and len(set(cls.views)) == len(cls.views)


@pytest.mark.parametrize("cls", DEMOS, ids=IDS)
def test_params_defaults_in_bounds_and_nudges_stay_there(cls: type[Demo]) -> None:
    for param in cls.params:
        assert param.clamp(param.default) == param.default, param.key
        value = param.default
        seen = {value}
        for direction in [1] * 40 + [-1] * 80:
            value = param.nudge(value, direction)
            seen.add(value)
            assert param.clamp(value) == value
        if param.kind == "choice":
            assert seen == set(param.choices)
        elif param.kind in ("int", "float"):
            assert len(seen) > 1, f"{param.key}: nudging never changes the value"


@pytest.mark.parametrize("cls", DEMOS, ids=IDS)
def test_same_seed_same_frames_other_seed_different(cls: type[Demo]) -> None:
    first, second, other = cls(seed=3), cls(seed=3), cls(seed=4)
    a, b, c = frames(first, STEPS), frames(second, STEPS), frames(other, STEPS)
    for fa, fb in zip(a, b, strict=True):
        assert fa.caption == fb.caption and dict(fa.metrics) == dict(fb.metrics)
        for xa, xb in zip(arrays(fa), arrays(fb), strict=True):
            np.testing.assert_array_equal(xa, xb)
    same = all(
        len(arrays(fa)) == len(arrays(fc))
        and all(np.array_equal(xa, xc) for xa, xc in zip(arrays(fa), arrays(fc), strict=True))
        for fa, fc in zip(a, c, strict=True)
    )
    assert not same, "a different seed gave identical frames"


@pytest.mark.parametrize("cls", DEMOS, ids=IDS)
def test_frames_are_small_finite_and_captioned_from_metrics(cls: type[Demo]) -> None:
    demo = cls(seed=1)
    for view in cls.views:
        demo.set_view(view)
        for frame in frames(demo, 4):
            assert len(frame.series) <= 6
            for series in frame.series:
                assert len(series.x) <= 400 and len(series.y) <= 400
            if frame.heatmap is not None:
                assert frame.heatmap.z.ndim == 2 and max(frame.heatmap.z.shape) <= 40
            for array in arrays(frame):
                assert np.all(np.isfinite(array)), f"{view}: non-finite values"
            assert frame.caption.strip(), f"{view}: empty caption"
            assert 2 <= len(frame.readouts) <= 4, f"{view}: {len(frame.readouts)} readouts"
            values = [float(v) for v in frame.metrics.values()]
            assert all(math.isfinite(v) for v in values)
            for text in caption_numbers(frame.caption):
                assert any(printed_as(text, v) for v in values), (
                    f"{view}: caption number {text} not in metrics {dict(frame.metrics)}: "
                    f"{frame.caption!r}")


@pytest.mark.parametrize("cls", DEMOS, ids=IDS)
def test_every_parameter_at_its_bounds_then_steps(cls: type[Demo]) -> None:
    demo = cls(seed=2)
    demo.step()
    for param in cls.params:
        for value in _extremes(param):
            demo.set(param.key, value)
            assert demo.values[param.key] == param.clamp(value)
            for frame in frames(demo, 5):
                assert all(np.all(np.isfinite(a)) for a in arrays(frame))
        demo.set(param.key, param.default)


@pytest.mark.parametrize("cls", DEMOS, ids=IDS)
def test_a_parameter_change_changes_the_outcome(cls: type[Demo]) -> None:
    baseline = frames(cls(seed=5), 6)[-1]
    changed = False
    for param in cls.params:
        for value in _extremes(param):
            if value == param.default:
                continue
            frame = frames(cls(seed=5, **{param.key: value}), 6)[-1]
            if frame.caption != baseline.caption or any(
                a.shape != b.shape or not np.array_equal(a, b)
                for a, b in zip(arrays(frame), arrays(baseline), strict=False)
            ):
                changed = True
    assert changed


def _extremes(param: Param) -> list[object]:
    if param.kind == "choice":
        return list(param.choices)
    if param.kind == "bool":
        return [False, True]
    assert param.lo is not None and param.hi is not None
    return [param.lo, param.hi]


def test_every_demo_lives_in_a_module_named_after_its_id() -> None:
    """`registry.get` imports just `workbench.demos.<id>` when a topic opens."""
    for demo in all_demos():
        assert demo.__module__ == f"workbench.demos.{demo.id}"
