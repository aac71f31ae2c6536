"""`workbench demo`: list the numeric demos, or run one headless and print its last frame."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from workbench.cli.common import CommandError, add_command, print_json

if TYPE_CHECKING:
    from workbench.demos.base import Demo, Frame

MAX_FRAMES = 100_000


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `demo` subcommand."""
    parser = add_command(subparsers, "demo", "list the numeric demos or run one headless")
    parser.add_argument("demo_id", nargs="?", metavar="ID", help="the demo to run")
    parser.add_argument("--list", action="store_true", help="list the demos")
    parser.add_argument("--frames", default="60", metavar="N", help="steps to run (default 60)")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="set a parameter (repeatable)")
    parser.add_argument("--seed", default="0", metavar="N", help="random seed (default 0)")
    parser.add_argument("--view", metavar="VIEW", help="how to draw the frame")
    parser.add_argument("--size", default="100x30", metavar="WxH",
                        help="plot size in cells (default 100x30)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a plot")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """List demos, or run one; bad input exits 2, a demo that fails exits 1."""
    from workbench.demos.registry import all_demos, get

    if args.list:
        _print_list(all_demos(), args.json)
        return 0
    if not args.demo_id:
        raise CommandError("name a demo to run, or use --list")
    cls = get(args.demo_id)
    if cls is None:
        raise CommandError(f"unknown demo '{args.demo_id}' (see: workbench demo --list)")
    frames = _int(args.frames, "--frames", 1, MAX_FRAMES)
    seed = _int(args.seed, "--seed", 0, 2**63 - 1)
    width, height = _size(args.size)
    values = _values(cls, args.param)
    if args.view is not None and args.view not in cls.views:
        raise CommandError(f"demo '{cls.id}' has no view '{args.view}' "
                           f"(it has: {', '.join(cls.views)})")
    frame = _run(cls, seed, values, frames, args.view)
    if args.json:
        print_json(_frame_json(cls.id, seed, frames, frame))
        return 0
    from workbench.demos.plot import render_text

    try:
        plot = render_text(frame, width, height, color=sys.stdout.isatty())
    except Exception as exc:  # plotext failing on a frame is the demo's bug, reported in one line
        raise CommandError(f"demo '{cls.id}' could not be drawn: {type(exc).__name__}: {exc}",
                           1) from None
    from workbench.textsafe import clean_text

    sys.stdout.write(plot.rstrip("\n") + "\n")
    print(clean_text(frame.caption))
    if frame.readouts:
        print("  ·  ".join(clean_text(r) for r in frame.readouts))
    return 0


def _run(cls: type[Demo], seed: int, values: dict[str, Any], frames: int,
         view: str | None) -> Frame:
    """Step the demo `frames` times; any exception becomes one line naming the demo."""
    demo: Demo | None = None
    try:
        demo = cls(seed=seed, **values)
        if view is not None:
            demo.set_view(view)
        frame = demo.step()
        for _ in range(1, frames):
            frame = demo.step()
    except Exception as exc:
        where = f"at frame {demo.index}" if demo is not None else "while starting"
        raise CommandError(f"demo '{cls.id}' failed {where}: {type(exc).__name__}: {exc}",
                           1) from None
    return frame


def _values(cls: type[Demo], pairs: list[str]) -> dict[str, Any]:
    """Parameter values from NAME=VALUE strings, checked against the demo's ranges."""
    from workbench.demos.base import ParamError

    values: dict[str, Any] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep:
            raise CommandError(f"--param needs NAME=VALUE, got {pair!r}")
        try:
            values[name.strip()] = cls.param(name.strip()).parse(text.strip())
        except ParamError as exc:
            raise CommandError(str(exc)) from None
    return values


def _int(text: str, option: str, lo: int, hi: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise CommandError(f"{option} must be an integer, got {text!r}") from None
    if not lo <= value <= hi:
        raise CommandError(f"{option} must be between {lo} and {hi}, got {value}")
    return value


def _size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    if not sep:
        raise CommandError(f"--size must look like 100x30, got {text!r}")
    return _int(width, "--size width", 20, 500), _int(height, "--size height", 8, 200)


def _print_list(demos: list[type[Demo]], as_json: bool) -> None:
    rows = [
        {
            "id": cls.id,
            "title": cls.title,
            "topic": cls.topic,
            "takeaway": cls.takeaway,
            "params": [
                {"name": p.key, "min": p.lo, "max": p.hi, "default": p.default,
                 **({"choices": list(p.choices)} if p.choices else {})}
                for p in cls.params
            ],
        }
        for cls in demos
    ]
    if as_json:
        print_json(rows)
        return
    for cls in demos:
        names = ", ".join(p.key for p in cls.params)
        print(f"{cls.id:<26}{cls.topic:<30}{cls.title}  [{names}]")


def _frame_json(demo_id: str, seed: int, frames: int, frame: Frame) -> dict[str, Any]:
    """The frame's numbers: caption, metrics, readouts and the drawn data."""
    data: dict[str, Any] = {
        "id": demo_id,
        "seed": seed,
        "frames": frames,
        "title": frame.title,
        "caption": frame.caption,
        "metrics": {k: float(v) for k, v in frame.metrics.items()},
        "readouts": list(frame.readouts),
        "done": frame.done,
        "series": [
            {"kind": s.kind, "label": s.label, "style": s.style,
             "x": [_number(v) for v in s.x], "y": [_number(v) for v in s.y]}
            for s in frame.series
        ],
    }
    if frame.heatmap is not None:
        data["heatmap"] = [[_number(v) for v in row] for row in frame.heatmap.z]
    return data


def _number(value: Any) -> float | None:
    """A JSON-safe float (NaN and infinities become null)."""
    number = float(value)
    return number if number == number and abs(number) != float("inf") else None
