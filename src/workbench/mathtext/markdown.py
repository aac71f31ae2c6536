"""The Markdown parser shared by the app and the CLI: math spans found by a parser plugin.

mdit-py-plugins' dollarmath tokenises `$…$` and `$$…$$`, so `$` inside code, `\\$`, and
math holding `_` or `*` are left alone by the emphasis rules. A core rule then turns a
paragraph that holds nothing but one formula into a display block: an author who sets
a formula apart on its own line means it to be displayed.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

INLINE_MATH = ("math_inline", "math_inline_double")
BLOCK_MATH = ("math_block", "math_block_label")


@cache
def shared_parser() -> MarkdownIt:
    """One parser for every text: making one costs more than parsing an answer (its rules
    and the linkifier's patterns are built), and parsing keeps no state in it."""
    return make_parser()


def make_parser() -> MarkdownIt:
    """A MarkdownIt configured like Textual's ("gfm-like") plus dollar math."""
    md = MarkdownIt("gfm-like")
    md.use(dollarmath_plugin, allow_labels=False, allow_space=True, allow_digits=False,
           double_inline=True)
    md.core.ruler.push("lone_math", _promote_lone_math)
    return md


def _lone_formula(inline: Token) -> Token | None:
    """The single math token of an inline run that holds nothing else, if so."""
    maths = [c for c in inline.children or [] if c.type in INLINE_MATH]
    others = [c for c in inline.children or [] if c.type not in INLINE_MATH and not (
        c.type in ("softbreak", "hardbreak") or (c.type == "text" and not c.content.strip()))]
    return maths[0] if len(maths) == 1 and not others else None


def _promote_lone_math(state: StateCore) -> None:
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if (token.type == "paragraph_open" and i + 2 < len(tokens)
                and tokens[i + 1].type == "inline" and tokens[i + 2].type == "paragraph_close"):
            formula = _lone_formula(tokens[i + 1])
            if formula is not None:
                block = Token("math_block", "math", 0, content=formula.content, markup="$$",
                              map=token.map, level=token.level, block=True)
                out.append(block)
                i += 3
                continue
        out.append(token)
        i += 1
    state.tokens = out


def math_spans(markdown: str) -> list[tuple[str, str]]:
    """Every formula in `markdown` as (kind, latex), kind 'inline' or 'display', in order."""
    found: list[tuple[str, str]] = []

    def walk(tokens: list[Token]) -> None:
        for token in tokens:
            if token.type in BLOCK_MATH:
                found.append(("display", token.content))
            elif token.type in INLINE_MATH:
                found.append(("inline", token.content))
            if token.children:
                walk(token.children)

    walk(shared_parser().parse(markdown))
    return found
