"""The content model: chapters hold topics, topics hold questions.

Plain immutable records so every part of the program (search, study, UI, CLI) can
share them without copying and without importing a terminal library. Most are NamedTuples:
the app makes these classes before its first paint, and a frozen dataclass costs five
times as much to make (its methods are generated and compiled at import); the two that
need more (`Question`'s packed answer, `PackedAnswers` as a cache key) stay dataclasses.
"""

from __future__ import annotations

import json
import weakref
import zlib
from array import array
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar, overload

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
        put = object.__setattr__  # frozen; unrolled: packed topics make these by the dozen
        put(self, "id", id)
        put(self, "topic_id", topic_id)
        put(self, "title", title)
        put(self, "difficulty", difficulty)
        put(self, "answer", answer)
        put(self, "source", source)
        put(self, "line", line)
        put(self, "parent_id", parent_id)
        put(self, "stem", stem)
        put(self, "stem_id", stem_id)
        put(self, "answer_number", number)

    @property
    def body(self) -> str:
        """The answer, as Markdown with `$...$` / `$$...$$` math."""
        answer = self.answer
        return answer if isinstance(answer, str) else answer.answer(self.answer_number)


class _Materialised(list[Any]):
    """A topic's questions (or stems) as objects, in a list that can be referred to weakly
    (a tuple cannot); never changed once made."""


T = TypeVar("T")

_RECENT: deque[_Materialised] = deque(maxlen=64)
"""The questions and stems of the topics read last, kept as objects (the rest are packed)."""


class _Packed(Sequence[T]):
    """A topic's rows (zlib over JSON) read as objects: made on first read, kept while
    anything holds them and for the topics read last (`_RECENT`). Subclasses say how a
    row becomes an object (`_make`) and what makes two equal."""

    __slots__ = ("_rows", "_count", "_objects")

    def __init__(self, rows: bytes, count: int) -> None:
        self._rows, self._count = rows, count
        self._objects: weakref.ref[_Materialised] | None = None

    def _make(self, rows: list[Any]) -> Iterator[T]:
        raise NotImplementedError

    def _made(self) -> _Materialised | None:
        """The objects, if they exist now."""
        return self._objects() if self._objects is not None else None

    def _all(self) -> _Materialised:
        objects = self._made()
        if objects is None:
            objects = _Materialised(self._make(json.loads(zlib.decompress(self._rows))))
            self._objects = weakref.ref(objects)
            _RECENT.append(objects)
        return objects

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self._all()[index])
        return self._all()[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self._all())

    def _packed(self) -> tuple[object, ...]:
        """What two packed sequences of the same kind are equal by."""
        return (self._rows,)

    def __eq__(self, other: object) -> bool:
        """Equal to the same packed rows, or to a tuple of the same objects (like a tuple)."""
        if isinstance(other, _Packed):
            return type(other) is type(self) and other._packed() == self._packed()
        return isinstance(other, tuple) and tuple(self._all()) == other

    def __hash__(self) -> int:
        return hash(tuple(self._all()))


class PackedQuestions(_Packed[Question]):
    """A topic's questions without an object (and two strings) each while nobody reads them.

    Why: 20,000 questions held as `Question` objects with their ids and titles took 6 MB;
    packed per topic (zlib over JSON rows) they take under 1 MB. Reading any question
    makes the topic's objects (tens of microseconds); they live while anything holds them,
    and the last topics read are kept. Equal for the same questions, like a tuple.
    """

    __slots__ = ("_topic_id", "_source", "_answers", "_ids")

    def __init__(self, topic_id: str, source: Path, answers: PackedAnswers, ids: str,
                 rows: bytes, count: int) -> None:
        super().__init__(rows, count)
        self._topic_id, self._source, self._answers = topic_id, source, answers
        self._ids = ids
        """The questions' ids, one a line: what reading progress needs, without objects."""

    @classmethod
    def pack(cls, questions: Sequence[Question]) -> Sequence[Question]:
        """`questions` packed, or as a tuple when they are not one topic's packed answers
        in order (built by hand, as tests do)."""
        first = questions[0] if questions else None
        if first is None or not isinstance(first.answer, PackedAnswers) or any(
                q.topic_id != first.topic_id or q.source != first.source
                or q.answer is not first.answer or q.answer_number != number
                or "\n" in q.id for number, q in enumerate(questions)):
            return tuple(questions)
        rows = [[q.title, q.difficulty, q.line, q.parent_id, q.stem, q.stem_id]
                for q in questions]
        return cls(first.topic_id, first.source, first.answer,
                   "\n".join(q.id for q in questions),
                   zlib.compress(json.dumps(rows, ensure_ascii=False).encode("utf-8")),
                   len(questions))

    def ids(self) -> list[str]:
        """The questions' ids in order (no question objects made)."""
        return self._ids.split("\n")

    def find(self, question_id: str) -> Question | None:
        """The question with this id, made alone unless the topic's objects exist (a search
        hit in a topic nobody reads need not make the topic's every question)."""
        objects = self._made()
        if objects is not None:
            return next((q for q in objects if q.id == question_id), None)
        ids = self.ids()
        if question_id not in ids:
            return None
        number = ids.index(question_id)
        title, difficulty, line, parent_id, stem, stem_id = json.loads(
            zlib.decompress(self._rows))[number]
        return Question(question_id, self._topic_id, title, difficulty, (self._answers, number),
                        self._source, line, parent_id, stem, stem_id)

    def _make(self, rows: list[Any]) -> Iterator[Question]:
        for number, (id, (title, difficulty, line, parent_id, stem, stem_id)) in enumerate(
                zip(self.ids(), rows, strict=True)):
            yield Question(id, self._topic_id, title, difficulty, (self._answers, number),
                           self._source, line, parent_id, stem, stem_id)

    def _packed(self) -> tuple[object, ...]:
        return self._rows, self._ids, self._topic_id, self._source, self._answers

    def __repr__(self) -> str:
        return f"PackedQuestions({self._topic_id!r}, {self._count} questions)"

    def __reduce__(self) -> tuple[object, ...]:
        return (PackedQuestions, (self._topic_id, self._source, self._answers, self._ids,
                                  self._rows, self._count))


class Stem(NamedTuple):
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


class PackedStems(_Packed[Stem]):
    """A topic's stems packed like its questions (`PackedQuestions`): only the tree reads
    them, when it opens the topic."""

    __slots__ = ()

    @classmethod
    def pack(cls, stems: Sequence[Stem]) -> Sequence[Stem]:
        """`stems` packed (none: an empty tuple)."""
        if not stems:
            return ()
        rows = [[stem.id, stem.text, stem.parent_id, stem.line] for stem in stems]
        return cls(zlib.compress(json.dumps(rows, ensure_ascii=False).encode("utf-8")),
                   len(stems))

    def _make(self, rows: list[Any]) -> Iterator[Stem]:
        return (Stem(*row) for row in rows)

    def __repr__(self) -> str:
        return f"PackedStems({self._count} stems)"

    def __reduce__(self) -> tuple[object, ...]:
        return (PackedStems, (self._rows, self._count))


class Topic(NamedTuple):
    """One notes section: a file under a chapter folder."""

    id: str
    title: str
    chapter_id: str
    difficulty: Difficulty
    questions: Sequence[Question]
    """Every question, sub-questions too, in reading order (a parent before its children):
    a tuple, or `PackedQuestions` as the loader makes them."""
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
    stems: Sequence[Stem] = ()
    """The stems among the questions, in file order: a tuple, or `PackedStems` as the
    loader makes them."""

    def question_ids(self) -> list[str]:
        """The ids of `questions`, in order, without making question objects of packed ones."""
        questions = self.questions
        if isinstance(questions, PackedQuestions):
            return questions.ids()
        return [q.id for q in questions]


class Chapter(NamedTuple):
    """A folder of topics; the top level of the tree."""

    id: str
    title: str
    topics: tuple[Topic, ...]


class TopicFileError(Exception):
    """A file that cannot be loaded at all; carries the line to report. (Here rather than
    with the parser, so loading from the catalog cache needs no parser at all.)"""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class Problem(NamedTuple):
    """Something wrong in a notes file, reported as `file:line: message`."""

    path: Path
    line: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class Library:
    """Everything that loaded, plus what did not and why.

    Built once by the loader and not changed afterwards (lookups are cached).
    """

    def __init__(self, chapters: list[Chapter] | None = None,
                 problems: list[Problem] | None = None) -> None:
        self.chapters: list[Chapter] = [] if chapters is None else chapters
        self.problems: list[Problem] = [] if problems is None else problems

    def __repr__(self) -> str:
        return f"Library({len(self.chapters)} chapters, {len(self.problems)} problems)"

    def topics(self) -> Iterator[Topic]:
        """Topics in tree order."""
        for chapter in self.chapters:
            yield from chapter.topics

    def questions(self) -> Iterator[Question]:
        """Questions in tree order, sub-questions included."""
        for topic in self.topics():
            yield from topic.questions

    def question_ids(self) -> Iterator[str]:
        """The ids of `questions()`, without making an object of each question."""
        for topic in self.topics():
            yield from topic.question_ids()

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, or None."""
        return self._topics_by_id.get(topic_id)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None (found through its topic: `topic-id/slug`,
        so a lookup never builds an index of every question of a big library)."""
        topic = self.topic(question_id.partition("/")[0])
        if topic is None:
            return None
        if isinstance(topic.questions, PackedQuestions):
            return topic.questions.find(question_id)
        return next((q for q in topic.questions if q.id == question_id), None)

    def chapter(self, chapter_id: str) -> Chapter | None:
        """The chapter with this id, or None."""
        return next((c for c in self.chapters if c.id == chapter_id), None)

    @cached_property
    def _topics_by_id(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics()}
