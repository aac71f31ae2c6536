"""The content model: chapters hold topics, topics hold questions.

Plain frozen dataclasses so every part of the program (search, study, UI, CLI) can
share them without copying and without importing a terminal library.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Literal

Difficulty = Literal["E", "M", "H"]
DIFFICULTIES: tuple[Difficulty, ...] = ("E", "M", "H")
DIFFICULTY_NAMES: dict[str, str] = {"E": "easy", "M": "medium", "H": "hard"}


@dataclass(frozen=True, slots=True)
class PackedAnswers:
    """The answers of one topic, compressed together.

    Why: a big notes folder's answers are most of its memory (10 MB of 20,000 answers),
    and only the few on screen or in search results are read at a time. One topic is
    unpacked at a time (a few recent ones are kept), in microseconds.
    """

    data: bytes
    ends: bytes
    """Where each answer ends in the unpacked text (characters), as unsigned 32-bit
    integers: a tuple of ints took 40 bytes an answer."""

    @classmethod
    def pack(cls, answers: Sequence[str]) -> PackedAnswers:
        ends = array("I", accumulate(len(answer) for answer in answers))
        return cls(zlib.compress("".join(answers).encode("utf-8")), ends.tobytes())

    def answer(self, number: int) -> str:
        """The `number`th answer (0-based)."""
        ends = memoryview(self.ends).cast("I")
        return _unpacked(self)[ends[number - 1] if number else 0 : ends[number]]


@lru_cache(maxsize=16)
def _unpacked(packed: PackedAnswers) -> str:
    return zlib.decompress(packed.data).decode("utf-8")


Answer = str | tuple[PackedAnswers, int]
"""An answer's text, or where it is among its topic's packed answers."""


@dataclass(frozen=True, init=False, slots=True)
class Question:
    """One interview question and its answer."""

    id: str
    """Stable id, `topic-id/question-slug`; study progress is keyed by it."""
    topic_id: str
    title: str
    """The question as asked."""
    difficulty: Difficulty
    answer: str | PackedAnswers = field(repr=False)
    """The answer's text, or its topic's packed answers (the loader packs them): read `body`."""
    source: Path
    line: int
    """1-based line of the question's heading in `source`."""
    parent_id: str = ""
    """Id of the question this one is a sub-question of ("" at the top level)."""
    stem: str = ""
    """Markdown context shared with sibling sub-questions, shown above the question."""
    stem_id: str = ""
    """Id of the innermost stem (`topic-id/stem-slug`) grouping this question with siblings."""
    answer_number: int = field(default=0, repr=False)
    """Which of the packed answers is this one's."""

    def __init__(self, id: str, topic_id: str, title: str, difficulty: Difficulty,
                 body: Answer, source: Path, line: int, parent_id: str = "", stem: str = "",
                 stem_id: str = "") -> None:
        answer, number = (body, 0) if isinstance(body, str) else body
        for name, value in (("id", id), ("topic_id", topic_id), ("title", title),
                            ("difficulty", difficulty), ("answer", answer), ("source", source),
                            ("line", line), ("parent_id", parent_id), ("stem", stem),
                            ("stem_id", stem_id), ("answer_number", number)):
            object.__setattr__(self, name, value)

    @property
    def body(self) -> str:
        """The answer, as Markdown with `$...$` / `$$...$$` math."""
        answer = self.answer
        return answer if isinstance(answer, str) else answer.answer(self.answer_number)


@dataclass(frozen=True, slots=True)
class Stem:
    """Context shared by the sub-questions under it (a numbered section of a book's list)."""

    id: str
    text: str
    """Its own Markdown (an enclosing stem's text is not repeated)."""
    parent_id: str
    """Id of the enclosing question or stem ("" at the top of the topic)."""
    line: int

    @property
    def title(self) -> str:
        """The first paragraph on one line: its name in the tree."""
        return " ".join(self.text.strip().split("\n\n", 1)[0].split())


@dataclass(frozen=True, slots=True)
class Topic:
    """One notes section: a file under a chapter folder."""

    id: str
    title: str
    chapter_id: str
    difficulty: Difficulty
    questions: tuple[Question, ...]
    """Every question, sub-questions too, in reading order (a parent before its children)."""
    source: Path
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    """Synonyms a learner might search for (boosted like the title)."""
    demo: str | None = None
    """Id of the topic's numeric demo, if any."""
    summary: str = ""
    intro: str = ""
    """Markdown before the first question, shown above the questions."""
    content_hash: str = ""
    """sha256 of the file's bytes, so the search index can skip unchanged files."""
    notes: str = ""
    """Markdown after the last question (rules, quotes, footers), shown below the questions."""
    stems: tuple[Stem, ...] = ()
    """The stems among the questions, in file order."""


@dataclass(frozen=True, slots=True)
class Chapter:
    """A folder of topics; the top level of the tree."""

    id: str
    title: str
    topics: tuple[Topic, ...]


@dataclass(frozen=True)
class Problem:
    """Something wrong in a notes file, reported as `file:line: message`."""

    path: Path
    line: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Library:
    """Everything that loaded, plus what did not and why.

    Built once by the loader and not changed afterwards (lookups are cached).
    """

    chapters: list[Chapter] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def topics(self) -> Iterator[Topic]:
        """Topics in tree order."""
        for chapter in self.chapters:
            yield from chapter.topics

    def questions(self) -> Iterator[Question]:
        """Questions in tree order, sub-questions included."""
        for topic in self.topics():
            yield from topic.questions

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, or None."""
        return self._topics_by_id.get(topic_id)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None (found through its topic: `topic-id/slug`,
        so a lookup never builds an index of every question of a big library)."""
        topic = self.topic(question_id.partition("/")[0])
        if topic is None:
            return None
        return next((q for q in topic.questions if q.id == question_id), None)

    def chapter(self, chapter_id: str) -> Chapter | None:
        """The chapter with this id, or None."""
        return next((c for c in self.chapters if c.id == chapter_id), None)

    @cached_property
    def _topics_by_id(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics()}
