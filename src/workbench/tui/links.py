"""Links in rendered notes: a click on a link's text opens it, if it is a web or mail link.

Notes are data: a `file:` or relative target, or anything a desktop would run, is named in
a notification and never handed to the system's opener.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from textual import events
from textual.widget import Widget

OPENED_SCHEMES = frozenset({"http", "https", "mailto"})


def open_clicked_link(widget: Widget, event: events.Click) -> None:
    """Open the link under the click, if any (the text the reader drew carries it)."""
    target = event.style.link
    if not target:
        return
    event.stop()
    if urlsplit(target).scheme.lower() in OPENED_SCHEMES:
        widget.app.open_url(target)
        widget.notify(f"Opening {target}", title="Link", timeout=4, markup=False)
    else:
        widget.notify(f"{target} is not a web link; it is not opened from notes",
                      title="Link", severity="warning", timeout=6, markup=False)
