"""LaTeX to terminal text: inline Unicode and two-dimensional display layout."""

from workbench.mathtext.render import (
    Rendered,
    display_math,
    inline_math,
    render_display,
    render_inline,
)

__all__ = ["Rendered", "display_math", "inline_math", "render_display", "render_inline"]
