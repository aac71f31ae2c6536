"""Counting the Markdown the reader renders, for tests that it draws without rendering."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from workbench.tui.widgets import reader as reader_module


def count_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Markdown texts the reader renders from now on (cached or not)."""
    rendered: list[str] = []
    real: Callable[..., Any] = reader_module.markdown_strips

    def markdown_strips(text: str, *args: Any, **kwargs: Any) -> Any:
        rendered.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(reader_module, "markdown_strips", markdown_strips)
    return rendered
