"""The Rich theme keys rendered Markdown styles math and search matches with.

Apart from the renderer (`rich_markdown`) so a widget can build its theme without loading
the Markdown parser.
"""

MATH_STYLE = "markdown.math_inline"
"""Theme key for inline math (the CLI's theme makes it italic and coloured)."""
MATH_ERROR_STYLE = "markdown.math_error"
"""Theme key for a formula that could not be rendered (shown as its source)."""
MATH_DISPLAY_STYLE = "markdown.math_display"
"""Theme key for display formulas (inline math's style when the theme has none)."""
HIGHLIGHT_STYLE = "markdown.mark"
"""Theme key for a word the search matched."""
