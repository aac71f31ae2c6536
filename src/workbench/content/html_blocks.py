"""HTML found in notes, turned into Markdown the reader can show.

Notes exported from GitBook and similar tools carry `<center><table>…`, `<img>` and `<br>`.
A terminal cannot render HTML, so simple tables become Markdown tables, images their alt
text and link, `<br>` a line break, and every other tag is dropped while its text is kept.
"""

from __future__ import annotations

import html
import re

TABLE = re.compile(r"<table\b[^>]*>(?P<body>.*?)</table\s*>", re.IGNORECASE | re.DOTALL)
ROW = re.compile(r"<tr\b[^>]*>(?P<row>.*?)(?:</tr\s*>|(?=<tr\b)|$)", re.IGNORECASE | re.DOTALL)
CELL = re.compile(r"<t[dh]\b[^>]*>(?P<cell>.*?)(?:</t[dh]\s*>|(?=<t[dh]\b)|$)",
                  re.IGNORECASE | re.DOTALL)
IMAGE = re.compile(r"<img\b(?P<attrs>[^>]*)/?>", re.IGNORECASE)
ATTR = re.compile(
    r"""(?P<name>alt|src)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""",
    re.IGNORECASE)
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
BLOCK_TAG = re.compile(r"</?(?:p|div|center|h[1-6]|ul|ol|blockquote|pre)\b[^>]*>", re.IGNORECASE)
ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>", re.DOTALL)


def image_text(attrs: str) -> str:
    """`<img alt="x" src="y">` as `[x](y)`: what it shows and where to see it."""
    found = {m.group("name").lower(): m.group("dq") or m.group("sq") or m.group("bare") or ""
             for m in ATTR.finditer(attrs)}
    alt, src = found.get("alt", "").strip() or "image", found.get("src", "").strip()
    return f"[{alt}]({src})" if src else f"[{alt}]"


def _inline(fragment: str) -> str:
    """One cell's or line's HTML as plain inline text."""
    fragment = IMAGE.sub(lambda m: image_text(m.group("attrs")), fragment)
    fragment = BREAK.sub(" ", fragment)
    text = html.unescape(TAG.sub("", fragment))
    return " ".join(text.split())


def _table(body: str) -> str:
    rows = [[_inline(c.group("cell")).replace("|", "\\|") for c in CELL.finditer(r.group("row"))]
            for r in ROW.finditer(body)]
    rows = [row for row in rows if row]
    if not rows:
        return _inline(body)
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n\n" + "\n".join(lines) + "\n\n"


def html_to_markdown(block: str) -> str:
    """An HTML block as Markdown; text outside tags is kept line for line."""
    text = TABLE.sub(lambda m: _table(m.group("body")), block)
    text = IMAGE.sub(lambda m: image_text(m.group("attrs")), text)
    text = BREAK.sub("\n", text)
    text = ITEM.sub("\n- ", text)
    text = BLOCK_TAG.sub("\n", text)
    lines: list[str] = []
    for line in text.split("\n"):
        is_table = line.startswith("|")
        line = line if is_table else html.unescape(TAG.sub("", line)).strip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip("\n")


def inline_breaks(text: str) -> str:
    """`<br>` inside a paragraph as a Markdown hard line break."""
    return BREAK.sub("\\\\\n", text)
