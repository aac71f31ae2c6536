"""The core never imports Textual: each core module is imported in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import workbench

UI_PACKAGES = ("workbench.tui", "workbench.cli", "workbench.__main__")


def core_modules() -> list[str]:
    """Every module of the package outside the UI and CLI layers."""
    names = [
        info.name
        for info in pkgutil.walk_packages(workbench.__path__, prefix="workbench.")
        if not info.name.startswith(UI_PACKAGES)
    ]
    return ["workbench", *sorted(names)]


def test_core_modules_are_found() -> None:
    names = core_modules()
    for expected in ("workbench.content.loader", "workbench.demos.base", "workbench.paths"):
        assert expected in names


@pytest.mark.parametrize("module", core_modules())
def test_core_module_does_not_import_textual(module: str) -> None:
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"{module} imports {result.stdout.strip()}"
