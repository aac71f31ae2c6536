"""Parse one topic file: TOML front matter between `+++` lines, then `##` question headings.

Format (see content/README.md):

    +++
    id = "erm"
    title = "Empirical Risk Minimization"
    difficulty = "E"
    tags = ["learning-theory"]
    aliases = ["ERM"]
    demo = "empirical_risk"
    summary = "One or two sentences."
    +++

    ## [E] What's the risk in empirical risk minimization? {#risk}

    The answer, in Markdown.

TOML is read with the standard library's `tomllib`, so the header costs no dependency.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from workbench.content.fences import FenceTracker
from workbench.content.markers import split_marker
from workbench.content.model import (
    DIFFICULTIES,
    Difficulty,
    PackedAnswers,
    PackedQuestions,
    PackedStems,
    Problem,
    Question,
    Stem,
    Topic,
    TopicFileError,
)
from workbench.textsafe import clean_text, slugify

QUESTION_HEADING = re.compile(r"^(?P<hashes>#{2,6})\s+(?P<rest>.*?)\s*$")
DIFFICULTY_TAG = re.compile(r"^\[(?P<tag>[^\]]*)\]\s*")
EXPLICIT_ID = re.compile(
    r"\s*\{#(?P<id>[A-Za-z0-9_-]+)(?P<classes>(?:\s+\.[A-Za-z0-9_-]+)*)\}\s*$")
NOTES_MARK = "<!-- topic notes -->"
LIST_ITEM = re.compile(r"^\s*(?:\d{1,9}[.)]|[-*+])[ \t]+")
"""A line that ends the questions: what follows is the topic's closing notes."""
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
KNOWN_KEYS = {"id", "title", "difficulty", "tags", "aliases", "demo", "summary"}


class ParsedHeading(NamedTuple):
    """A `## [D] Question text {#id}` line, taken apart."""

    difficulty: str | None
    title: str
    explicit_id: str | None
    is_stem: bool = False
    """`{#id .stem}`: shared context for the sub-questions under it, not a question."""


def parse_heading(rest: str) -> ParsedHeading:
    """Split a question heading into difficulty tag, text and optional `{#id}`."""
    explicit = EXPLICIT_ID.search(rest)
    explicit_id = explicit.group("id") if explicit else None
    is_stem = explicit is not None and ".stem" in explicit.group("classes").split()
    if explicit:
        rest = rest[: explicit.start()]
    tag = DIFFICULTY_TAG.match(rest)
    difficulty = tag.group("tag").strip().upper() if tag else None
    if tag:
        rest = rest[tag.end() :]
    if is_stem and tag:
        return ParsedHeading(None, f"{tag.group(0)}{rest}".strip(), explicit_id, True)
    return ParsedHeading(difficulty, rest.strip(), explicit_id, is_stem)


def _key_line(header_lines: list[str], key: str, first_line: int) -> int:
    """The file line where `key` is set in the header, for error messages."""
    for offset, text in enumerate(header_lines):
        if re.match(rf"^\s*{re.escape(key)}\s*=", text):
            return first_line + offset
    return first_line


def _difficulty(value: object, line: int, what: str) -> Difficulty:
    if not isinstance(value, str) or value.strip().upper() not in DIFFICULTIES:
        raise TopicFileError(line, f"unknown difficulty {value!r} for {what} (use E, M or H)")
    upper = value.strip().upper()
    return next(d for d in DIFFICULTIES if d == upper)  # the shared string, not a copy each


def _string_list(value: object, line: int, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (clean_text(value),)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(clean_text(v) for v in value)
    raise TopicFileError(line, f"'{key}' must be a list of strings")


def parse_topic_file(path: Path, chapter_id: str) -> tuple[Topic, list[Problem]]:
    """Parse a topic file; raises TopicFileError when the file cannot be used at all."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TopicFileError(line, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    text = clean_text(text.removeprefix("\ufeff"))
    if not text.strip():
        raise TopicFileError(1, "empty file")
    lines = text.split("\n")
    if lines[0].strip() != "+++":
        raise TopicFileError(1, "missing metadata header: the file must start with a '+++' line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        raise TopicFileError(1, "metadata header is not closed by a '+++' line") from None
    header_lines = lines[1:end]
    try:
        meta = tomllib.loads("\n".join(header_lines))
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = 1 + int(match.group(1)) if match else 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise TopicFileError(line, f"bad metadata header: {message}") from None
    problems: list[Problem] = []

    def key_line(key: str) -> int:
        return _key_line(header_lines, key, 2)

    for key in sorted(set(meta) - KNOWN_KEYS):
        problems.append(Problem(path, key_line(key), f"unknown header key '{key}'", "warning"))
    topic_id = meta.get("id")
    if not isinstance(topic_id, str) or not ID_PATTERN.match(topic_id):
        message = f"header 'id' must be a lowercase slug like 'l1-vs-l2', got {topic_id!r}"
        raise TopicFileError(key_line("id"), message)
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise TopicFileError(key_line("title"), "header 'title' is missing or empty")
    topic_difficulty = _difficulty(meta.get("difficulty"), key_line("difficulty"), "the topic")
    demo = meta.get("demo")
    if demo is not None and (not isinstance(demo, str) or not demo.strip()):
        raise TopicFileError(key_line("demo"), "header 'demo' must be a demo id string")
    summary = meta.get("summary", "")
    if not isinstance(summary, str):
        raise TopicFileError(key_line("summary"), "header 'summary' must be a string")

    questions, intro, notes, warnings, stems = _parse_questions(
        path, topic_id, topic_difficulty, lines, end + 1)
    problems += warnings
    if not questions:
        raise TopicFileError(end + 2, "no questions: add at least one '## [E] Question?' heading")
    packed = PackedAnswers.pack([q.body for q in questions])
    questions = [Question(q.id, q.topic_id, q.title, q.difficulty, (packed, number), q.source,
                          q.line, q.parent_id, q.stem, q.stem_id)
                 for number, q in enumerate(questions)]
    topic = Topic(
        id=topic_id,
        title=clean_text(title.strip()),
        chapter_id=chapter_id,
        difficulty=topic_difficulty,
        questions=PackedQuestions.pack(questions),
        source=path,
        tags=_string_list(meta.get("tags", []), key_line("tags"), "tags"),
        aliases=_string_list(meta.get("aliases", []), key_line("aliases"), "aliases"),
        demo=demo.strip() if isinstance(demo, str) else None,
        summary=clean_text(summary.strip()),
        intro=intro,
        content_hash=hashlib.sha256(raw).hexdigest(),
        notes=notes,
        stems=PackedStems.pack(stems),
    )
    return topic, problems


@dataclass
class _Open:
    """A question or stem heading whose body is still being read."""

    level: int
    heading: ParsedHeading
    line: int
    slug: str
    is_stem: bool
    body: list[str]
    parent_id: str
    """The enclosing question or stem."""
    stem: str
    stem_id: str
    markdown: str = ""
    """A stem's full text (title and body), once its body is read."""
    children: int = 0
    question_parent: str = ""
    """The enclosing question (stems in between skipped)."""
    id: str = ""
    """`topic-id/slug`, made once: the sub-questions of a stem share its string."""


def _structural(level: int, heading: ParsedHeading, stack: list[_Open]) -> bool:
    """`##` always starts a question or stem; deeper headings only with `{#id}`, a
    difficulty (or `.stem`) and an open parent one level up, else they are answer text."""
    if level == 2:
        return True
    if heading.explicit_id is None or not stack or stack[-1].level < level - 1:
        return False
    if not any(entry.level == level - 1 for entry in stack):
        return False
    return heading.is_stem or (heading.difficulty or "") in DIFFICULTIES


def _tagged_items(path: Path, body: list[str], first_line: int) -> list[Problem]:
    """Warnings for list items in an answer that start with a difficulty marker: most
    likely sub-questions flattened into the answer by an older import.

    A regex finds candidate lines; only then is the answer parsed as Markdown (so items
    in code or math are not reported), which keeps loading large notes fast.
    """
    candidates = [text for text in body if (item := LIST_ITEM.match(text))
                  and split_marker(text[item.end():]).difficulty is not None]
    if not candidates:
        return []
    from workbench.mathtext.markdown import shared_parser

    problems = []
    for token in shared_parser().parse("\n".join(body)):
        if token.type == "list_item_open" and token.map:
            text = body[token.map[0]]
            item = LIST_ITEM.match(text)
            if item and split_marker(text[item.end():]).difficulty is not None:
                problems.append(Problem(path, first_line + token.map[0], "list item with a "
                                        "difficulty marker inside an answer looks like a "
                                        "sub-question; make it a heading (see content/README.md)",
                                        "warning"))
    return problems


def _parse_questions(
    path: Path, topic_id: str, default: Difficulty, lines: list[str], start: int
) -> tuple[list[Question], str, str, list[Problem], list[Stem]]:
    """Split the body at question headings outside code fences and display formulas.

    Returns (questions, intro, closing notes, warnings, stems).
    """
    problems: list[Problem] = []
    questions: list[Question] = []
    stems: list[Stem] = []
    seen: dict[str, int] = {}
    intro: list[str] = []
    notes: list[str] | None = None
    stack: list[_Open] = []
    current: _Open | None = None
    fences = FenceTracker(math=True)

    def flush() -> None:
        if current is None:
            return
        body = "\n".join(current.body).strip("\n")
        if current.is_stem:
            current.markdown = "\n\n".join(p for p in (current.heading.title, body) if p)
            stems.append(Stem(current.id, current.markdown, current.parent_id, current.line))
            return
        heading = current.heading
        difficulty = default
        if heading.difficulty is not None:
            difficulty = _difficulty(heading.difficulty, current.line,
                                     f"question '{heading.title}'")
        problems.extend(_tagged_items(path, current.body, current.line + 1))
        questions.append(Question(
            id=current.id, topic_id=topic_id, title=heading.title,
            difficulty=difficulty, body=body, source=path, line=current.line,
            parent_id=current.question_parent, stem=current.stem, stem_id=current.stem_id))

    def close(level: int) -> None:
        while stack and stack[-1].level >= level:
            done = stack.pop()
            if done.is_stem and not done.children:
                raise TopicFileError(done.line, f"stem '{done.heading.title}' has no "
                                     "sub-questions under it")

    for number, text in enumerate(lines[start:], start=start + 1):
        fenced = fences.step(text)
        if notes is not None:
            notes.append(text)
            continue
        if not fenced and text.strip() == NOTES_MARK:
            flush()
            current = None
            close(2)
            notes = []
            continue
        match = None if fenced else QUESTION_HEADING.match(text)
        heading = parse_heading(match.group("rest")) if match else None
        level = len(match.group("hashes")) if match else 0
        if heading is None or not _structural(level, heading, stack):
            (intro if current is None else current.body).append(text)
            continue
        flush()
        close(level)
        if not heading.title:
            raise TopicFileError(number, "question heading has no text")
        slug = heading.explicit_id or slugify(heading.title, "question")
        if slug in seen:
            raise TopicFileError(
                number, f"duplicate question id '{topic_id}/{slug}' (first at line {seen[slug]})"
            )
        seen[slug] = number
        parent_id, above = "", list[_Open]()
        for entry in reversed(stack):
            if not entry.is_stem:
                parent_id = entry.id
                break
            above.insert(0, entry)
        if stack:
            stack[-1].children += 1
        current = _Open(level, heading, number, slug, heading.is_stem, [],
                        stack[-1].id if stack else "",
                        "\n\n".join(e.markdown for e in above),
                        above[-1].id if above else "",
                        question_parent=parent_id, id=f"{topic_id}/{slug}")
        stack.append(current)
    flush()
    close(2)
    return (questions, "\n".join(intro).strip("\n"), "\n".join(notes or []).strip("\n"),
            problems, stems)
