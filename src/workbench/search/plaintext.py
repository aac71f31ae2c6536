"""Markdown answers as plain text for indexing and snippets, with math kept findable.

Math is kept twice: as readable text (`λ∑_i |w_i|`, for snippets) and as its LaTeX
command words (`lambda sum`), so a learner can search for `softmax`, `lambda` or `sqrt`.
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


@lru_cache(maxsize=4096)
def math_text(latex: str) -> str:
    """Readable text of a formula plus its command words (`\\sqrt{x}` -> `√(x) sqrt`)."""
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        readable = LatexNodes2Text().latex_to_text(latex)
    except Exception:  # pylatexenc raises assorted errors on broken LaTeX; keep the source
        readable = latex
    words = [m for m in _MACRO.findall(latex) if m not in _LAYOUT_MACROS]
    readable = " ".join(readable.split())
    return f"{readable} {' '.join(dict.fromkeys(words))}".strip()


def _replace_math(match: re.Match[str]) -> str:
    return " " + math_text(match.group(1)) + " "


def markdown_to_text(markdown: str) -> str:
    """The words of a Markdown answer, without its syntax; paragraphs become single lines."""
    text = _DISPLAY_MATH.sub(_replace_math, markdown)
    text = _INLINE_MATH.sub(_replace_math, text)
    text = _FENCE.sub("", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    text = _TABLE_RULE.sub("", text)
    text = _HEADING.sub("", text)
    text = _LIST_MARK.sub("", text)
    text = _QUOTE_MARK.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("|", " ")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return " ".join(line for line in lines if line)
