"""What an importer hands back: chapters of topics (as the Markdown importer's sections),
the warnings about what it guessed, and media files to keep beside the topics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from workbench.content.fences import FenceTracker
from workbench.content.model import Difficulty, Problem
from workbench.content.notes_format import NotesQuestion, NotesSection, escape_stray_dollars
from workbench.textsafe import clean_text

DEFAULT_DIFFICULTY: Difficulty = "M"
_DIFFICULTY_WORDS: dict[str, Difficulty] = {
    "e": "E", "easy": "E", "m": "M", "medium": "M", "h": "H", "hard": "H",
}
_TOP_HEADING = re.compile(r"^ {0,3}#{1,2}(?=[ \t]|$)")


@dataclass
class ImportedChapter:
    """Topics that go into one chapter folder, with the tags each topic gets."""

    title: str
    sections: list[NotesSection] = field(default_factory=list)
    topic_tags: list[tuple[str, ...]] = field(default_factory=list)
    """Extra tags per section (same order as `sections`)."""
    media: dict[str, bytes] = field(default_factory=dict)
    """File name -> bytes, written into the chapter folder beside the topic files."""
    folder: str | None = None
    """Folder name under the notes root; None means the slug of `title`."""

    def add(self, section: NotesSection, tags: tuple[str, ...] = ()) -> None:
        """Append a topic and its tags."""
        self.sections.append(section)
        self.topic_tags.append(tags)


@dataclass
class ImportedFile:
    """Everything one source file yields."""

    source: Path
    chapters: list[ImportedChapter] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def warn(self, line: int, message: str) -> None:
        """Record a warning at `line` of the source."""
        self.problems.append(Problem(self.source, line, message, "warning"))

    def questions(self) -> list[NotesQuestion]:
        """Every question found, in order."""
        return [q for c in self.chapters for s in c.sections for q in s.all_questions()]


def parse_difficulty(value: str) -> Difficulty | None:
    """`E`/`M`/`H` or `easy`/`medium`/`hard` (any case, `difficulty::` prefix allowed)."""
    word = value.strip().lower().removeprefix("difficulty::").removeprefix("difficulty:")
    return _DIFFICULTY_WORDS.get(word.strip())


def title_from_stem(source: Path) -> str:
    """A readable title from a file name: `ml-basics_v2` -> `Ml basics v2`."""
    return source.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Notes"


def split_title(markdown: str) -> tuple[str, str]:
    """A question's text as (title, the rest): the first paragraph on one line (a heading
    holds one line only), the following paragraphs as context for the answer."""
    first, _, rest = clean_text(markdown).strip().partition("\n\n")
    title = " ".join(line.strip() for line in first.split("\n") if line.strip())
    return title, rest.strip("\n")


def markdown_block(text: str, *, escape_dollars: bool) -> str:
    """Text made safe for an answer: `#`/`##` lines (which would start a new question in a
    topic file) become `###`, and, when asked, a `$` that opens no formula is escaped."""
    fences = FenceTracker()
    out: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            joined = "\n".join(paragraph)
            out.extend((escape_stray_dollars(joined) if escape_dollars else joined).split("\n"))
            paragraph.clear()

    for line in clean_text(text).split("\n"):
        line = line.rstrip()
        if fences.step(line) or not line.strip():
            flush()
            out.append(line)
        else:
            paragraph.append(_TOP_HEADING.sub("###", line))
    flush()
    if fences.fence:
        out.append(fences.fence)
    return "\n".join(out).strip("\n")
