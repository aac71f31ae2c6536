"""The reader's lines for the restored topic as last drawn, kept between runs.

Rendering a topic needs the Markdown parser, the LaTeX renderer and Pygments loaded (about
a hundred milliseconds) and then the render itself, all before the first paint. The lines
depend only on the topic's text, the width, the theme, the shown questions' bookmarks and
notes and the code that renders them. So the main screen saves them at exit and the next
start draws them in its first paint; anything else (another topic or width, a search
highlight, marks that changed, newer code) renders as before. The marks saved are shown
until the progress store, opened after the first paint, says otherwise.

Stored with pickle in the cache dir, like the catalog cache (segment texts lose control
characters on reading); a missing, stale or unreadable file only costs the render.
"""

from __future__ import annotations

import hashlib
import pickle
from typing import Any, NamedTuple

from rich.segment import Segment
from textual.strip import Strip

from workbench.content import Topic
from workbench.paths import cache_dir
from workbench.textsafe import clean_text
from workbench.tui.cache_file import write_cache_file
from workbench.tui.code_stamp import code_stamp
from workbench.tui.widgets.lean_strip import LeanStrip
from workbench.tui.widgets.reader import Marks, Part

SNAPSHOT_FILE = "reader-first-screen.pickle"
FORMAT = 1
_CODE = ("mathtext", "tui/widgets/reader.py", "tui/widgets/rendered_lines.py",
         "tui/widgets/lean_strip.py", "tui/widgets/badges.py", "tui/widgets/progress_marks.py",
         "tui/workbench.tcss", "tui/reader_snapshot.py")
_LIBRARIES = ("rich", "textual", "markdown_it", "mdit_py_plugins", "pylatexenc", "pygments")
"""The code and libraries the lines come from."""


class ReaderSnapshot(NamedTuple):
    """A topic's lines as the reader drew them, with where its parts and headings are."""

    key: tuple[str, str, int, str, str]
    """The topic's id and digest, the width, the theme and a stamp of the code."""
    marks: Marks
    lines: tuple[Strip, ...]
    parts: tuple[Part, ...]
    headings: dict[int, int]


def snapshot_key(topic: Topic, width: int, theme: str) -> tuple[str, str, int, str, str] | None:
    """The key lines of `topic` drawn at `width` in `theme` are saved under (None: the code
    cannot be stamped)."""
    stamp = code_stamp(_CODE, _LIBRARIES)
    return None if stamp is None else (topic.id, topic_digest(topic), width, theme, stamp)


def topic_digest(topic: Topic) -> str:
    """A digest of everything of `topic` the reader draws."""
    drawn = (topic.title, topic.difficulty, topic.intro, topic.notes,
             [(q.id, q.title, q.difficulty, q.parent_id, q.stem, q.body)
              for q in topic.questions])
    return hashlib.blake2b(repr(drawn).encode(), digest_size=16).hexdigest()


def load_snapshot(topic_id: str) -> ReaderSnapshot | None:
    """The saved lines, if they are of `topic_id` (whether they fit is the reader's call)."""
    try:
        with (cache_dir() / SNAPSHOT_FILE).open("rb") as handle:
            data = pickle.load(handle)
        if data["format"] != FORMAT or data["key"][0] != topic_id:
            return None
        return ReaderSnapshot(
            key=tuple(data["key"]),
            marks=(tuple(data["bookmarks"]), tuple(tuple(note) for note in data["notes"])),
            lines=tuple(_strip(row) for row in data["rows"]),
            parts=tuple(Part(*part) for part in data["parts"]),
            headings=dict(data["headings"]),
        )
    except Exception:  # noqa: BLE001 - any unreadable file means: render as without it
        return None


def save_snapshot(snapshot: ReaderSnapshot) -> None:
    """Keep `snapshot` for the next start (losing it only means that start renders the
    topic)."""
    data = {
        "format": FORMAT,
        "key": snapshot.key,
        "bookmarks": snapshot.marks[0],
        "notes": snapshot.marks[1],
        "rows": [[(segment.text, segment.style) for segment in strip]
                 for strip in snapshot.lines],
        "parts": [tuple(part) for part in snapshot.parts],
        "headings": snapshot.headings,
    }
    try:
        pickled = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    except pickle.PicklingError:
        return
    write_cache_file(SNAPSHOT_FILE, pickled)


def _strip(row: Any) -> Strip:
    return LeanStrip([Segment(clean_text(text), style) for text, style in row])
