"""LaTeX to terminal text: inline Unicode and two-dimensional display layout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from workbench.mathtext.render import (
        Rendered,
        display_math,
        inline_math,
        render_display,
        render_inline,
    )

__getattr__ = lazy_exports(__name__, {
    "render": ("Rendered", "display_math", "inline_math", "render_display", "render_inline"),
})

__all__ = ["Rendered", "display_math", "inline_math", "render_display", "render_inline"]
