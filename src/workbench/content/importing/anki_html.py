"""Anki field HTML to workbench Markdown.

Conversion is markdownify's (MIT, maintained, built on BeautifulSoup, and extended by
subclassing, which we need for images). Around it: MathJax `\\(..\\)` / `\\[..\\]` (and the
older `[$]..[/$]`, `[$$]..[/$$]`) become `$..$` / `$$..$$` before the converter can escape
their backslashes; a literal `$` in the card becomes `\\$`; `[sound:x.mp3]` becomes a link;
cloze deletions `{{c1::text::hint}}` are shown as `[hint]` or revealed; a `<` that
would open an HTML tag is escaped. Every media file a
field refers to is reported so the importer can keep it.
"""

from __future__ import annotations

import html
import re
import threading
from typing import Any

from markdownify import MarkdownConverter

from workbench.content.fences import FenceTracker
from workbench.textsafe import clean_text

_MATH = re.compile(
    r"\\\[(?P<d1>.+?)\\\]|\[\$\$\](?P<d2>.+?)\[/\$\$\]|\\\((?P<i1>.+?)\\\)|\[\$\](?P<i2>.+?)\[/\$\]",
    re.DOTALL,
)
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>|</div>|</p>", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"WBMATH(?P<n>\d+)Q")
_SOUND = re.compile(r"\[sound:(?P<name>[^\]]+)\]")
_CLOZE = re.compile(r"\{\{c\d+::(?P<text>.*?)(?:::(?P<hint>.*?))?\}\}", re.DOTALL)
_CODE_SPAN = re.compile(r"(`+).*?\1", re.DOTALL)
_TAG_LIKE = re.compile(r"(?<!\]\()<(?=[A-Za-z/!?])(?!https?:|mailto:)")
"""A `<` that would open an HTML tag, but not a link target `](<a b.png>)` or autolink."""
_MARKUP = re.compile(r"[<>&]")
_SPACES = re.compile(r"[\t ]+")
_NEWLINE_SPACE = re.compile(r"[\t \r\n]*[\r\n][\t \r\n]*")
_local = threading.local()
_MEDIA_URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def has_cloze(html_text: str) -> bool:
    """Whether the field holds Anki cloze deletions."""
    return _CLOZE.search(html_text) is not None


def cloze(html_text: str, *, reveal: bool) -> str:
    """Cloze deletions hidden as `[hint]` / `[...]`, or revealed as their text."""
    def replace(match: re.Match[str]) -> str:
        if reveal:
            return match.group("text")
        return f"[{match.group('hint') or '...'}]"

    return _CLOZE.sub(replace, html_text)


class _Converter(MarkdownConverter):
    """markdownify, keeping every image (also inside tables and headings) and noting it."""

    def __init__(self) -> None:
        super().__init__(heading_style="ATX", bullets="-", newline_style="backslash",
                         escape_misc=False)
        self.media: set[str] = set()

    def convert_img(self, el: Any, text: str, parent_tags: Any) -> str:
        src = str(el.attrs.get("src") or "")
        alt = str(el.attrs.get("alt") or "").replace("]", "\\]")
        if not src:
            return alt
        if not _MEDIA_URL.match(src):
            self.media.add(src)
        return f"![{alt}]({_link_target(src)})"


def _link_target(name: str) -> str:
    return f"<{name}>" if any(c in name for c in " ()<>") else name


def html_to_markdown(html_text: str) -> tuple[str, set[str]]:
    """The field as Markdown with `$` math, and the media file names it refers to."""
    formulas: list[tuple[bool, str]] = []

    def protect(match: re.Match[str]) -> str:
        display = match.group("d1") is not None or match.group("d2") is not None
        latex = next(g for g in match.group("d1", "d2", "i1", "i2") if g is not None)
        latex = html.unescape(_TAG.sub("", _BREAK.sub("\n", latex))).replace("\xa0", " ")
        formulas.append((display, latex.strip()))
        return f"WBMATH{len(formulas) - 1}Q"

    text = _MATH.sub(protect, clean_text(html_text))
    converter = _converter()
    converter.media = media = set()
    markdown = _plain(converter, text) if _MARKUP.search(text) is None else converter.convert(text)
    markdown = _escape_text(markdown)

    def sound(match: re.Match[str]) -> str:
        name = match.group("name").strip()
        media.add(name)
        return f"[{name}]({_link_target(name)})"

    markdown = _SOUND.sub(sound, markdown)
    markdown = "\n".join(_restore_math(line, formulas) for line in markdown.split("\n"))
    return clean_text(markdown).replace("\xa0", " ").strip(), media


def mathjax_to_dollars(text: str) -> str:
    """Plain text's MathJax (`\\(..\\)`, `\\[..\\]`, `[$]..[/$]`) as `$..$` / `$$..$$`."""
    def replace(match: re.Match[str]) -> str:
        display = match.group("d1") is not None or match.group("d2") is not None
        latex = next(g for g in match.group("d1", "d2", "i1", "i2") if g is not None).strip()
        return f"$${latex}$$" if display else f"${latex}$"

    return _MATH.sub(replace, text)


def _converter() -> _Converter:
    """One converter per thread: building one costs as much as converting a short field."""
    converter: _Converter | None = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = _Converter()
    return converter


def _plain(converter: _Converter, text: str) -> str:
    """What markdownify makes of text without tags or entities, without parsing it as HTML
    (most card fronts are such text; a test checks the two agree)."""
    text = _SPACES.sub(" ", _NEWLINE_SPACE.sub("\n", text))
    return str(converter.escape(text, set())).strip()  # type: ignore[attr-defined]


def _escape_text(markdown: str) -> str:
    """Outside code, escape what the card shows as text but Markdown would read as markup:
    `$` (it would start math) and `<` before a letter (`List<String>` would be an HTML tag)."""
    fences = FenceTracker()
    lines = []
    for line in markdown.split("\n"):
        if not fences.step(line):
            pieces = []
            last = 0
            for span in _CODE_SPAN.finditer(line):
                pieces += [_escape_plain(line[last : span.start()]), span.group(0)]
                last = span.end()
            line = "".join([*pieces, _escape_plain(line[last:])])
        lines.append(line)
    return "\n".join(lines)


def _escape_plain(text: str) -> str:
    return _TAG_LIKE.sub("\\\\<", text.replace("$", "\\$"))


def _restore_math(line: str, formulas: list[tuple[bool, str]]) -> str:
    """Put formulas back: a display formula alone on its line becomes a `$$` block."""
    numbers = [int(n) for n in _PLACEHOLDER.findall(line)]
    if numbers and not _PLACEHOLDER.sub("", line).strip() and all(
        formulas[n][0] for n in numbers
    ):
        blocks = ("\n".join(part for part in formulas[n][1].split("\n") if part.strip())
                  for n in numbers)
        return "\n\n".join(f"$$\n{latex}\n$$" for latex in blocks)

    def inline(match: re.Match[str]) -> str:
        display, latex = formulas[int(match.group("n"))]
        latex = " ".join(latex.split())
        return f"$${latex}$$" if display else f"${latex}$"

    return _PLACEHOLDER.sub(inline, line)
