"""Titles as one line of plain text: inline Markdown and math, as a tree or heading shows them.

Question titles come from notes and are Markdown: `**without**`, `<br>`, `$x^2$`,
`$$\\frac{\\delta y}{\\delta x}$$`. Wherever a title is one line (tree, headings, search results,
review) it is shown with emphasis markers dropped, `<br>` as a space and math rendered
inline, so no raw LaTeX reaches the learner.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from workbench.textsafe import clean_text

if TYPE_CHECKING:
    from markdown_it.token import Token

MARKUP = re.compile(r"[$*_<>`\[\]!&\\~]")
"""Characters that can make a title more than plain text."""
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _text(tokens: list[Token]) -> list[str]:
    from workbench.mathtext.markdown import INLINE_MATH
    from workbench.mathtext.render import render_inline

    out: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in INLINE_MATH:
            out.append(render_inline(token.content))
        elif token.type in ("softbreak", "hardbreak") or (
                token.type == "html_inline" and BREAK.fullmatch(token.content.strip())):
            out.append(" ")
        elif token.type == "image":
            out.extend(_text(token.children or []))
    return out


@cache
def render_title(markdown: str) -> str:
    """`markdown` (one title) as plain one-line text with its math rendered."""
    if not MARKUP.search(markdown):  # most titles: no Markdown parser (nor its import) needed
        return " ".join(clean_text(markdown).split())
    from workbench.mathtext.markdown import shared_parser

    tokens = shared_parser().parseInline(markdown)
    text = "".join(_text(tokens[0].children or []) if tokens else [])
    return " ".join(clean_text(text).split())
