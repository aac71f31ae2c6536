"""Markdown answers as plain text for indexing and snippets, with math kept findable.

Math is kept twice in the indexed text: as the reader renders it (`λ ∑ᵢ |wᵢ|`) and as its
LaTeX command words (`lambda sum`), so a learner can search for `softmax`, `lambda` or
`sqrt`. Snippets get the rendering only.
"""

from __future__ import annotations

import re
from functools import lru_cache

_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\d)")
_MACRO = re.compile(r"\\([A-Za-z]+)")
_LAYOUT_MACROS = frozenset(
    [
        "left",
        "right",
        "big",
        "Big",
        "bigg",
        "Bigg",
        "mathrm",
        "mathbf",
        "mathit",
        "mathcal",
        "mathbb",
        "text",
        "textbf",
        "operatorname",
        "displaystyle",
        "limits",
        "quad",
        "qquad",
        "cdot",
        "cdots",
        "ldots",
        "dots",
        "frac",
        "dfrac",
        "tfrac",
        "begin",
        "end",
    ]
)
_FENCE = re.compile(r"^\s*(```|~~~).*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE)
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
_QUOTE_MARK = re.compile(r"^\s*>\s?", re.MULTILINE)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|~~|`+)")
_SPACES = re.compile(r"[ \t]+")
_MAY_LIST = re.compile(r"[-*+]|\d[.)]")
"""What every list mark has (a quick test before the slower line-anchored pass)."""
_MAY_EMPHASISE = re.compile(r"[*_~`]")
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")


@lru_cache(maxsize=4096)
def math_text(latex: str, with_words: bool = True) -> str:
    """A formula as the reader shows it, plus (for indexing) its command words.

    `\\sqrt{x}` -> `√x sqrt`: the rendering is the app's own (`workbench.mathtext`), so a
    snippet reads like the answer; the words make `sqrt`, `lambda`, `softmax` findable.
    """
    from workbench.mathtext import render_inline

    readable = " ".join(render_inline(latex).split())
    if not with_words:
        return readable
    words = [m for m in _MACRO.findall(latex) if m not in _LAYOUT_MACROS]
    return f"{readable} {' '.join(dict.fromkeys(words))}".strip()


def markdown_to_text(markdown: str, math_words: bool = True) -> str:
    """The words of a Markdown answer, without its syntax; paragraphs become single lines.

    `math_words=False` leaves out the LaTeX command words: that text is for snippets.
    """

    formulas: list[str] = []

    def replace_math(match: re.Match[str]) -> str:
        formulas.append(math_text(match.group(1), math_words))
        placeholder = f"\x00{len(formulas) - 1}\x00"
        return f" {placeholder} " if math_words else placeholder

    # Formulas wait behind placeholders while the Markdown syntax is stripped, so their
    # |x| bars and * stay exactly as the reader renders them. Each pass runs only when
    # the text has the character its syntax needs: most answers are mostly prose, and
    # indexing 20,000 of them spent more time in passes that found nothing than in words.
    text = markdown.replace("\x00", "")
    if "$" in text:
        text = _DISPLAY_MATH.sub(replace_math, text)
        text = _INLINE_MATH.sub(replace_math, text)
    if "```" in text or "~~~" in text:
        text = _FENCE.sub("", text)
    if "](" in text:
        text = _IMAGE.sub(r"\1", text)
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if "---" in text:
        text = _TABLE_RULE.sub("", text)
    if "#" in text:
        text = _HEADING.sub("", text)
    if _MAY_LIST.search(text):
        text = _LIST_MARK.sub("", text)
    if ">" in text:
        text = _QUOTE_MARK.sub("", text)
    if _MAY_EMPHASISE.search(text):
        text = _EMPHASIS.sub("", text)
    text = text.replace("|", " ")
    if formulas:
        text = _PLACEHOLDER.sub(lambda m: formulas[int(m.group(1))], text)
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)  # never across lines: [ \t] is not a line break
    return " ".join(line for line in map(str.strip, text.split("\n")) if line)
