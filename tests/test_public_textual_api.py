"""The UI uses Textual's public API only: no module imports a private `textual` module
(one whose dotted path has a part starting with `_`, such as `textual.widgets._markdown`)."""

from __future__ import annotations

import ast
from pathlib import Path

import workbench

SOURCE = Path(workbench.__file__).parent


def private_textual_imports(source: str) -> list[str]:
    """Dotted names of private Textual modules that `source` imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found += [name for name in names if name.split(".")[0] == "textual"
                  and any(part.startswith("_") for part in name.split(".")[1:])]
    return found


def test_the_check_sees_a_private_import() -> None:
    assert private_textual_imports("from textual.widgets._markdown import MarkdownBlock\n") \
        == ["textual.widgets._markdown", "textual.widgets._markdown.MarkdownBlock"]
    assert private_textual_imports("from textual.widgets import Markdown\n") == []


def test_no_module_imports_a_private_textual_module() -> None:
    offenders = {str(path.relative_to(SOURCE)): names for path in sorted(SOURCE.rglob("*.py"))
                 if (names := private_textual_imports(path.read_text("utf-8")))}
    assert offenders == {}
