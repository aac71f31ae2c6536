"""Stamps of the code that drew what is saved between runs (the first screen's demo frame
and reader lines): when the code changes, what it drew before is not shown again."""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
"""The `workbench` package, which the names given to `code_stamp` are relative to."""


@cache
def code_stamp(names: tuple[str, ...], libraries: tuple[str, ...] = ()) -> str | None:
    """The modification times and sizes of the files `names` (a folder stands for its
    `.py` files) and of the `__init__.py` of each of `libraries` (an upgrade rewrites it),
    read once a process (the code a process runs does not change under it). None when one
    is missing."""
    paths: list[Path] = []
    for name in names:
        path = PACKAGE / name
        paths.extend(sorted(path.glob("*.py")) if path.is_dir() else [path])
    for library in libraries:
        spec = find_spec(library)
        if spec is None or spec.origin is None:
            return None
        paths.append(Path(spec.origin))
    stamps = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            return None
        stamps.append(f"{stat.st_mtime_ns}:{stat.st_size}")
    return " ".join(stamps)
