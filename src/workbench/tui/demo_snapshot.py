"""The side pane as the restored topic's demo first drew it, kept between runs.

At start-up a demo needs numpy and plotext (about 200 ms of imports) before its first frame.
A demo starts from seed 0 and its default parameters, so its first frame at one size, in
one theme, with one version of its code, is always the same. The pane saves that frame at
exit and shows it in the first paint of the next start; the live demo takes over as soon as
it runs. Any doubt (another demo, size, theme or code; an unreadable file) and the pane
waits for the live demo as before.

Stored as JSON (text and Rich style definitions, never markup; control characters are
removed on reading), in the cache dir: losing it costs only the wait.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from rich.errors import StyleSyntaxError
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.strip import Strip

from workbench.paths import cache_dir
from workbench.textsafe import clean_text
from workbench.tui.cache_file import write_cache_file
from workbench.tui.code_stamp import code_stamp

SNAPSHOT_FILE = "demo-first-frame.json"
FORMAT = 2
_CODE = ("demos/plot.py", "demos/base.py", "tui/widgets/plot_view.py",
         "tui/widgets/demo_pane.py", "tui/demo_snapshot.py")
"""Besides the demo's own module, the code that shapes a first frame."""


class DemoSnapshot(NamedTuple):
    """A demo's first frame: its plot's lines (at `size`), the pane's text lines and the
    pane's classes that shape its layout."""

    key: tuple[str, str, str]
    """The demo's id, the theme, and a stamp of the code that drew it."""
    size: tuple[int, int]
    plot: tuple[Strip, ...]
    texts: dict[str, Text]
    classes: tuple[str, ...] = ()


def snapshot_key(demo_id: str, theme: str) -> tuple[str, str, str] | None:
    """The key a snapshot of `demo_id` in `theme` must have (None: no such demo module)."""
    stamp = _code_stamp(demo_id)
    return None if stamp is None else (demo_id, theme, stamp)


def _code_stamp(demo_id: str) -> str | None:
    """A stamp of the code that draws `demo_id`'s frames (None: no such demo module)."""
    if not demo_id.isidentifier():
        return None
    return code_stamp((f"demos/{demo_id}.py", *_CODE))


def load_snapshot(demo_id: str, theme: str) -> DemoSnapshot | None:
    """The saved first frame of `demo_id` in `theme`, if one is saved for this code."""
    key = snapshot_key(demo_id, theme)
    if key is None:
        return None
    try:
        data = json.loads((cache_dir() / SNAPSHOT_FILE).read_text("utf-8"))
        if data.get("format") != FORMAT or tuple(data["key"]) != key:
            return None
        width, height = (int(n) for n in data["size"])
        styles: dict[str, Style | None] = {}
        plot = tuple(_strip(row, width, styles) for row in data["plot"])
        texts = {str(name): _text(text, styles) for name, text in data["texts"].items()}
        classes = tuple(str(name) for name in data["classes"])
    except (OSError, ValueError, KeyError, TypeError, StyleSyntaxError):
        return None
    return DemoSnapshot(key, (width, height), plot, texts, classes)


def save_snapshot(snapshot: DemoSnapshot) -> None:
    """Keep `snapshot` for the next start (losing it only means that start waits for the
    live demo)."""
    data = {
        "format": FORMAT,
        "key": list(snapshot.key),
        "size": list(snapshot.size),
        "plot": [[[segment.text, _style_name(segment.style)] for segment in strip]
                 for strip in snapshot.plot],
        "texts": {name: {"plain": text.plain, "style": _style_name(text.style),
                         "no_wrap": bool(text.no_wrap),
                         "spans": [[span.start, span.end, _style_name(span.style)]
                                   for span in text.spans]}
                  for name, text in snapshot.texts.items()},
        "classes": list(snapshot.classes),
    }
    write_cache_file(SNAPSHOT_FILE, json.dumps(data).encode("utf-8"))


def _style_name(style: str | Style | None) -> str:
    """A style's definition, without meta (which only marks offsets for selection)."""
    if style is None:
        return ""
    return style if isinstance(style, str) else str(style.clear_meta_and_links())


def _parsed(name: Any, styles: dict[str, Style | None]) -> Style | None:
    if not isinstance(name, str):
        raise TypeError("a style is not a string")
    if name not in styles:
        styles[name] = Style.parse(name) if name and name != "none" else None
    return styles[name]


def _strip(row: Any, width: int, styles: dict[str, Style | None]) -> Strip:
    segments = [Segment(clean_text(str(text)), _parsed(style, styles)) for text, style in row]
    return Strip(segments).adjust_cell_length(width)


def _text(data: Any, styles: dict[str, Style | None]) -> Text:
    text = Text(clean_text(str(data["plain"])), style=_parsed(data["style"], styles) or "",
                no_wrap=bool(data["no_wrap"]), overflow="ellipsis" if data["no_wrap"] else None)
    for start, end, style in data["spans"]:
        parsed = _parsed(style, styles)
        if parsed is not None:
            text.spans.append(Span(int(start), int(end), parsed))
    return text
