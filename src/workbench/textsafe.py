"""Make untrusted text (notes files, queries) safe to show in a terminal.

Control characters such as ESC and BEL would let a notes file drive the terminal,
so they are removed at the boundary where text enters the program.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Drop C0/C1 control characters (keeping newline and tab) and normalise newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def slugify(text: str, fallback: str = "item") -> str:
    """A lowercase ASCII slug for ids and file names."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].rstrip("-") or fallback
