"""Content check: every topic's `demo` header must name a registered demo."""

from __future__ import annotations

import re
from pathlib import Path

from workbench.content.model import Library, Problem
from workbench.demos.registry import all_demos, get

_DEMO_KEY = re.compile(r"^\s*demo\s*=")


def check_demo_ids(library: Library) -> list[Problem]:
    """One error per topic whose demo id is unknown, at the header line that names it."""
    problems: list[Problem] = []
    for topic in library.topics():
        if topic.demo is None or get(topic.demo) is not None:
            continue
        known = ", ".join(cls.id for cls in all_demos())
        problems.append(Problem(
            topic.source, _demo_line(topic.source),
            f"unknown demo '{topic.demo}' (known demos: {known})",
        ))
    return problems


def _demo_line(path: Path) -> int:
    """The line of the `demo = ...` header key, or 1 if the file cannot be read."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return 1
    return next((i + 1 for i, line in enumerate(lines) if _DEMO_KEY.match(line)), 1)
