"""Import free-form interview notes (the source notes' format) into workbench topic files.

The notes format: each top-level `# [E] Heading` is a section (the `[E]/[M]/[H]` tag is
optional); a section's sub-questions are top-level list items tagged with a difficulty,
`1. [E] Question?` or `- [M] Question?`, and their answers are the indented lines below.
A section without tagged items is one question whose answer is the whole section, so
numbered lists without tags (steps, reasons) stay part of the answer.

Parsing is one pass over the lines, so very long files import in linear time.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from workbench.content.fences import FENCE_OPEN, FenceTracker
from workbench.content.model import DIFFICULTIES, Difficulty, Problem
from workbench.textsafe import clean_text, slugify

DEFAULT_DIFFICULTY: Difficulty = "M"
SECTION_HEADING = re.compile(r"^ {0,3}#(?:[ \t]+(?P<rest>.*?))?(?:[ \t]+#+)?[ \t]*$")
DIFFICULTY_PREFIX = re.compile(r"^\[(?P<tag>[EMHemh])\][ \t]*")
TAGGED_ITEM = re.compile(
    r"^(?P<marker>[ ]?(?:\d{1,9}[.)]|[-*+])[ \t]+)\[(?P<tag>[EMHemh])\][ \t]*(?P<title>.*)$"
)
ODD_TAGGED_ITEM = re.compile(
    r"^[ ]?(?:\d{1,9}[.)]|[-*+])[ \t]+\[(?P<tag>[A-Za-z]{1,8})\]"
)
"""A list item that looks like a sub-question but whose tag is not E, M or H."""
LIST_ITEM = re.compile(r"^(?P<marker>(?:\d{1,9}[.)]|[-*+])[ \t]+)")
SUBHEADING = re.compile(r"^(?P<hashes>#{1,2})(?=[ \t]|$)")
QUESTION_SLUG_WORDS = 6
TOPIC_SLUG_WORDS = 8


@dataclass(frozen=True)
class NotesQuestion:
    """One question found in the notes, with its answer as Markdown."""

    title: str
    difficulty: Difficulty
    body: str
    line: int
    """1-based line of the question in the notes file."""


@dataclass(frozen=True)
class NotesSection:
    """One top-level `#` section: becomes one topic file."""

    title: str
    intro: str
    questions: tuple[NotesQuestion, ...]
    line: int

    @property
    def difficulty(self) -> Difficulty:
        """The topic's level: its hardest question."""
        return max((q.difficulty for q in self.questions), key=DIFFICULTIES.index)


@dataclass
class ParsedNotes:
    """The sections of a notes file, and the warnings about guesses made while reading it."""

    sections: list[NotesSection] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class TargetExistsError(Exception):
    """Writing would replace files that are already there (and `force` was not given)."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(f"{len(paths)} file(s) already exist, first {paths[0]}")
        self.paths = paths


def parse_notes(text: str, source: Path) -> ParsedNotes:
    """Split notes text into sections and questions; never raises on odd input."""
    lines = clean_text(text.removeprefix("\ufeff")).expandtabs(4).split("\n")
    notes = ParsedNotes()
    fences = FenceTracker()
    preamble: list[tuple[int, str, bool]] = []
    heading: tuple[str, int] | None = None
    section_lines: list[tuple[int, str, bool]] = []
    for number, line in enumerate(lines, start=1):
        fenced = fences.step(line)
        match = None if fenced else SECTION_HEADING.match(line)
        if match:
            if heading is not None:
                _add_section(notes, source, heading, section_lines)
            elif any(text.strip() for _, text, _ in preamble):
                first_line = next(n for n, text, _ in preamble if text.strip())
                notes.problems.append(
                    Problem(source, first_line, "text before the first '#' heading is kept as the "
                            "first topic's introduction", "warning")
                )
            heading = ((match.group("rest") or "").strip(), number)
            section_lines = []
        elif heading is None:
            preamble.append((number, line, fenced))
        else:
            section_lines.append((number, line, fenced))
    if heading is not None:
        _add_section(notes, source, heading, section_lines)
    elif any(text.strip() for _, text, _ in preamble):
        notes.problems.append(
            Problem(source, 1, "no '#' headings: the whole file is imported as one question",
                    "warning")
        )
        _add_section(notes, source, (_title_from_stem(source), 1), preamble)
        preamble = []
    if notes.sections and any(text.strip() for _, text, _ in preamble):
        first = notes.sections[0]
        intro = _join(_fix_dollars(_demote_headings(preamble)))
        notes.sections[0] = NotesSection(
            first.title, "\n\n".join(p for p in (intro, first.intro) if p), first.questions,
            first.line,
        )
    return notes


def _title_from_stem(source: Path) -> str:
    return source.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Notes"


def _add_section(
    notes: ParsedNotes, source: Path, heading: tuple[str, int], body: list[tuple[int, str, bool]]
) -> None:
    """Turn one section's lines into a NotesSection (appended to `notes`)."""
    rest, line = heading
    tag = DIFFICULTY_PREFIX.match(rest)
    section_difficulty: Difficulty | None = None
    if tag:
        section_difficulty = _as_difficulty(tag.group("tag"))
        rest = rest[tag.end() :]
    title = rest.strip()
    if not title:
        title = "Untitled section"
        notes.problems.append(Problem(source, line, "heading has no text; titled "
                                      f"'{title}'", "warning"))
    starts = [i for i, (_, text, fenced) in enumerate(body)
              if not fenced and TAGGED_ITEM.match(text)]
    for number, text, fenced in body:
        odd = None if fenced or TAGGED_ITEM.match(text) else ODD_TAGGED_ITEM.match(text)
        if odd:
            notes.problems.append(Problem(
                source, number, f"unknown difficulty tag '[{odd.group('tag')}]' (use E, M or "
                "H); the item is kept as part of the answer", "warning"))
    if not starts:
        if section_difficulty is None:
            section_difficulty = DEFAULT_DIFFICULTY
            notes.problems.append(Problem(source, line, f"no difficulty on '{title}'; "
                                          f"using {DEFAULT_DIFFICULTY}", "warning"))
        answer = _join(_fix_dollars(_demote_headings(body)))
        question = NotesQuestion(title, section_difficulty, answer, line)
        notes.sections.append(NotesSection(title, "", (question,), line))
        return
    intro = _join(_fix_dollars(_demote_headings(body[: starts[0]])))
    questions = []
    for index, start in enumerate(starts):
        number, text, _ = body[start]
        match = TAGGED_ITEM.match(text)
        assert match is not None
        end = starts[index + 1] if index + 1 < len(starts) else len(body)
        answer_lines = _unwrap_single_item(_dedent(body[start + 1 : end]))
        q_title = match.group("title").strip()
        if not q_title:
            q_title = f"{title} ({index + 1})"
            notes.problems.append(Problem(source, number, "question has no text; titled "
                                          f"'{q_title}'", "warning"))
        difficulty = _as_difficulty(match.group("tag"))
        answer = _join(_fix_dollars(_demote_headings(answer_lines)))
        questions.append(NotesQuestion(q_title, difficulty, answer, number))
    notes.sections.append(NotesSection(title, intro, tuple(questions), line))


def _as_difficulty(tag: str) -> Difficulty:
    upper = tag.upper()
    return next(d for d in DIFFICULTIES if d == upper)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _dedent(lines: list[tuple[int, str, bool]]) -> list[tuple[int, str, bool]]:
    """Remove the answer's common indentation; unindented (lazy) lines are left as they are."""
    indents = [_indent(text) for _, text, _ in lines if text.strip() and _indent(text) > 0]
    amount = min(indents, default=0)
    return [(n, text[min(amount, _indent(text)) :], fenced) for n, text, fenced in lines]


def _unwrap_single_item(lines: list[tuple[int, str, bool]]) -> list[tuple[int, str, bool]]:
    """An answer written as one list item (`1. The answer...`) becomes a plain paragraph.

    Items holding a nested list or code block are left alone: unwrapped, their children
    would be read as part of the paragraph.
    """
    filled = [i for i, (_, text, _) in enumerate(lines) if text.strip()]
    if not filled:
        return lines
    first_number, first, first_fenced = lines[filled[0]]
    match = LIST_ITEM.match(first)
    if first_fenced or not match:
        return lines
    width = len(match.group("marker"))
    if any(_indent(lines[i][1]) < width or LIST_ITEM.match(lines[i][1].lstrip())
           or FENCE_OPEN.match(lines[i][1]) for i in filled[1:]):
        return lines
    unwrapped = [(first_number, first[width:], False)]
    rest = [(n, text[min(width, _indent(text)) :], fenced)
            for n, text, fenced in lines[filled[0] + 1 :]]
    return lines[: filled[0]] + unwrapped + rest


def _demote_headings(lines: list[tuple[int, str, bool]]) -> list[tuple[int, str, bool]]:
    """`#`/`##` lines inside an answer would start a question in our format: make them `###`."""
    result = []
    for number, text, fenced in lines:
        match = None if fenced else SUBHEADING.match(text)
        if match:
            text = "###" + text[match.end() :]
        result.append((number, text, fenced))
    return result


def _join(lines: list[tuple[int, str, bool]]) -> str:
    """The lines as one Markdown block; a code fence left open is closed at its end."""
    fences = FenceTracker()
    for _, text, _ in lines:
        fences.step(text)
    text = "\n".join(text.rstrip() for _, text, _ in lines).strip("\n")
    return f"{text}\n{fences.fence}" if fences.fence else text


def _fix_dollars(lines: list[tuple[int, str, bool]]) -> list[tuple[int, str, bool]]:
    """Escape `$` signs that open no math (a price, a stray `$`), so they stay literal."""
    result: list[tuple[int, str, bool]] = []
    paragraph: list[tuple[int, str, bool]] = []

    def flush() -> None:
        if not paragraph:
            return
        joined = escape_stray_dollars("\n".join(text for _, text, _ in paragraph))
        for (number, _, fenced), text in zip(paragraph, joined.split("\n"), strict=True):
            result.append((number, text, fenced))
        paragraph.clear()

    for entry in lines:
        _, text, fenced = entry
        if fenced or not text.strip():
            flush()
            result.append(entry)
        else:
            paragraph.append(entry)
    flush()
    return result


def escape_stray_dollars(paragraph: str) -> str:
    """Backslash-escape each `$` in a Markdown paragraph that does not delimit math.

    `$$...$$` pairs; `$x$` pairs when the opening `$` is followed by a non-space and the
    closing one is preceded by a non-space and not followed by a digit (Pandoc's rule, so
    `$5 and $10` stays text). Code spans and escaped characters are left alone.
    Runs in linear time: once no closer is found, later `$` signs are escaped directly.
    """
    out: list[str] = []
    i, n = 0, len(paragraph)
    no_inline_closer_after = n + 1
    no_display_closer_after = n + 1
    while i < n:
        char = paragraph[i]
        if char == "\\":
            out.append(paragraph[i : i + 2])
            i += 2
            continue
        if char == "`":
            run = len(paragraph[i:]) - len(paragraph[i:].lstrip("`"))
            close = paragraph.find("`" * run, i + run)
            if close == -1:
                out.append("`" * run)
                i += run
            else:
                out.append(paragraph[i : close + run])
                i = close + run
            continue
        if char != "$":
            out.append(char)
            i += 1
            continue
        if paragraph.startswith("$$", i):
            close = -1 if i >= no_display_closer_after else paragraph.find("$$", i + 2)
            if close == -1:
                no_display_closer_after = min(no_display_closer_after, i)
                out.append("\\$\\$")
                i += 2
            else:
                out.append(paragraph[i : close + 2])
                i = close + 2
            continue
        close = -1
        if i + 1 < n and not paragraph[i + 1].isspace() and i < no_inline_closer_after:
            close = _inline_closer(paragraph, i + 1)
            if close == -1:
                no_inline_closer_after = i
        if close == -1:
            out.append("\\$")
            i += 1
        else:
            out.append(paragraph[i : close + 1])
            i = close + 1
    return "".join(out)


def _inline_closer(text: str, start: int) -> int:
    """Index of the `$` closing inline math opened just before `start`, or -1."""
    position = start
    while True:
        position = text.find("$", position)
        if position == -1:
            return -1
        if text[position - 1] == "\\":
            position += 1
            continue
        after = text[position + 1 : position + 2]
        if not text[position - 1].isspace() and not after.isdigit() and after != "$":
            return position
        position += 2 if after == "$" else 1


def _unique_slugs(titles: Iterable[str], taken: Iterable[str], words: int, fallback: str
                  ) -> list[str]:
    """Slugs of the first `words` words of each title; `-2`, `-3`... added on a clash."""
    used = set(taken)
    slugs = []
    for title in titles:
        base = _short_slug(title, words, fallback)
        candidate, suffix = base, 2
        while candidate in used:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        used.add(candidate)
        slugs.append(candidate)
    return slugs


def _short_slug(title: str, words: int, fallback: str) -> str:
    """The slug of the title's first `words` words, dropping words to stay whole under 60."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    kept = re.sub(r"[\W_]+", " ", ascii_title.lower()).split()
    kept = kept[:words]
    while len(kept) > 1 and len("-".join(kept)) > 60:
        kept.pop()
    return slugify(" ".join(kept), fallback)


def assign_topic_ids(sections: Iterable[NotesSection], taken: Iterable[str]) -> list[str]:
    """A topic id per section, unique against `taken` (loaded topics) and within the import."""
    return _unique_slugs((s.title for s in sections), taken, TOPIC_SLUG_WORDS, "section")


def _question_slugs(questions: Iterable[NotesQuestion]) -> list[str]:
    """Short `{#id}` slugs, unique within the topic."""
    return _unique_slugs((q.title for q in questions), (), QUESTION_SLUG_WORDS, "question")


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON string syntax is a subset TOML accepts)."""
    return json.dumps(value, ensure_ascii=False)


def topic_file_text(section: NotesSection, topic_id: str, tags: Iterable[str] = ()) -> str:
    """The section as a topic file in workbench's format (see content/topic_file.py)."""
    tag_list = ", ".join(_toml_string(tag) for tag in tags)
    parts = [
        "+++",
        f"id = {_toml_string(topic_id)}",
        f"title = {_toml_string(section.title)}",
        f"difficulty = {_toml_string(section.difficulty)}",
        f"tags = [{tag_list}]",
        "+++",
        "",
    ]
    if section.intro:
        parts += [section.intro, ""]
    for question, slug in zip(section.questions, _question_slugs(section.questions), strict=True):
        parts += [f"## [{question.difficulty}] {question.title} {{#{slug}}}", ""]
        if question.body:
            parts += [question.body, ""]
    return "\n".join(parts)


def write_topic_files(
    sections: list[NotesSection],
    folder: Path,
    taken_ids: Iterable[str] = (),
    *,
    chapter_title: str | None = None,
    force: bool = False,
) -> list[Path]:
    """Write one `NN-<topic-id>.md` per section into `folder`; returns the paths written.

    Raises TargetExistsError before writing anything if a file exists and `force` is false.
    """
    ids = assign_topic_ids(sections, taken_ids)
    width = max(2, len(str(len(sections))))
    targets = [folder / f"{n:0{width}d}-{tid}.md" for n, tid in enumerate(ids, start=1)]
    chapter_file = folder / "chapter.toml"
    if not force:
        existing = [p for p in [chapter_file, *targets] if p.exists()]
        if existing:
            raise TargetExistsError(existing)
    folder.mkdir(parents=True, exist_ok=True)
    tags = [slugify(folder.name, "notes")]
    written = []
    if chapter_title is not None:
        chapter_file.write_text(f"title = {_toml_string(chapter_title)}\n", "utf-8")
        written.append(chapter_file)
    for section, topic_id, target in zip(sections, ids, targets, strict=True):
        target.write_text(topic_file_text(section, topic_id, tags), "utf-8")
        written.append(target)
    return written
