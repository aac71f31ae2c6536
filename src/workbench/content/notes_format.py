"""Import free-form Markdown notes into workbench topic files.

Notes are parsed as a Markdown tree (markdown-it tokens, configured like the reader so
`$$…$$` is one token). A question is a list item or heading that starts with a difficulty
marker (`[E]`, `[Easy]`, `(Easy)`, `**[M]**`, 🟢 …), at any depth; what is nested under it is
its answer, and tagged items nested under it are its sub-questions. An untagged item or
heading with questions under it is a *stem*: its text is context shared by them.
Headings make topics: the file's first heading titles it (or its chapter, when deeper
headings split the file into topics). A section whose heading is tagged and holds no
tagged items is one question, its whole text the answer. Rules, quotes and footers closing
a section are the topic's notes. Every non-blank line lands somewhere; what cannot be
placed for sure is reported as `file:line`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.tree import SyntaxTreeNode

from workbench.content.fences import FENCE_OPEN, FenceTracker
from workbench.content.html_blocks import html_to_markdown, inline_breaks
from workbench.content.list_indent import normalise_list_indents
from workbench.content.markers import split_marker
from workbench.content.model import DIFFICULTIES, Difficulty, Problem
from workbench.content.topic_file import NOTES_MARK
from workbench.mathtext.markdown import shared_parser
from workbench.mathtext.titles import render_title
from workbench.textsafe import clean_text, slugify

DEFAULT_DIFFICULTY: Difficulty = "M"
SUBHEADING = re.compile(r"^(?P<hashes>#{1,2})(?=[ \t]|$)")
QUESTION_SLUG_WORDS = 6
TOPIC_SLUG_WORDS = 8
MAX_HEADING = 6
LIST_ITEM = re.compile(r"^(?P<marker>(?:\d{1,9}[.)]|[-*+])[ \t]+)")
TEXT_BLOCKS = {"paragraph", "hr", "blockquote", "html_block"}


@dataclass(frozen=True)
class NotesQuestion:
    """One question found in the notes, with its answer as Markdown."""

    title: str
    difficulty: Difficulty
    body: str
    line: int
    """1-based line of the question in the notes file."""
    children: tuple[NotesQuestion, ...] = ()
    """Sub-questions nested under this one."""
    stem: str = ""
    """Markdown context shared with the siblings that carry the same stem."""

    def walk(self) -> Iterator[NotesQuestion]:
        """This question, then its sub-questions at any depth."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class NotesSection:
    """One topic's worth of notes: becomes one topic file."""

    title: str
    intro: str
    questions: tuple[NotesQuestion, ...]
    line: int
    notes: str = ""
    """Markdown closing the section after its questions (rules, quotes, footers)."""

    def all_questions(self) -> Iterator[NotesQuestion]:
        """Every question at any depth, in reading order."""
        for question in self.questions:
            yield from question.walk()

    @property
    def difficulty(self) -> Difficulty:
        """The topic's level: its hardest question."""
        return max((q.difficulty for q in self.all_questions()), key=DIFFICULTIES.index)


@dataclass
class ParsedNotes:
    """The sections of a notes file, and the warnings about guesses made while reading it."""

    sections: list[NotesSection] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    title: str | None = None
    """The file's own first heading, when it titles the whole file."""


class TargetExistsError(Exception):
    """Writing would replace files that are already there (and `force` was not given)."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(f"{len(paths)} file(s) already exist, first {paths[0]}")
        self.paths = paths


@dataclass
class _Node:
    """A question or stem (or a section's root) while the tree is being built."""

    title: str = ""
    difficulty: Difficulty | None = None
    line: int = 0
    is_stem: bool = False
    parts: list[str] = field(default_factory=list)
    """The node's own text before its first child."""
    after: list[str] = field(default_factory=list)
    """The node's own text after its first child."""
    children: list[_Node] = field(default_factory=list)

    def add_text(self, text: str) -> None:
        if text.strip():
            (self.after if self.children else self.parts).append(text)

    def has_questions(self) -> bool:
        return any(not c.is_stem or c.has_questions() for c in self.children)


_PARSER = shared_parser()


class _Reader:
    """Walks the token tree of one notes file, building nodes and collecting problems."""

    def __init__(self, lines: list[str], source: Path) -> None:
        self.lines = lines
        self.source = source
        self.problems: list[Problem] = []
        self.claimed: set[int] = set()
        """0-based lines of topic headings: never loose text."""

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.source, line, message, "warning"))

    def text_of(self, start: int, end: int) -> str:
        """Source lines [start, end) without their common indentation."""
        chunk = self.lines[start:end]
        indents = [_indent(t) for t in chunk if t.strip() and _indent(t) > 0]
        if len(indents) < sum(1 for t in chunk if t.strip()):
            first = chunk[0] if chunk else ""
            indents = [_indent(first)] if first.strip() else indents
        amount = min(indents, default=0)
        return "\n".join(t[min(amount, _indent(t)):].rstrip() for t in chunk).strip("\n")

    def block_text(self, node: SyntaxTreeNode) -> str:
        """A block as Markdown: HTML made readable, other blocks as written."""
        start, end = node.map or (0, 0)
        if node.type == "html_block":
            return html_to_markdown(self.text_of(start, end))
        text = self.text_of(start, end)
        if node.type == "paragraph":
            text = inline_breaks(text)
        if node.type == "blockquote":
            self._quoted_questions(node)
        return text

    def _quoted_questions(self, node: SyntaxTreeNode) -> None:
        for item in _descendants(node, "list_item"):
            title, _ = self.item_title(item)
            if title is not None and split_marker(title).difficulty is not None:
                self.warn(_line(item), "a list item with a difficulty marker inside a block "
                          "quote is kept as quoted text, not a question")

    def item_title(self, item: SyntaxTreeNode) -> tuple[str | None, str]:
        """(first line, rest of the first paragraph) of a list item, or (None, "")."""
        first = item.children[0] if item.children else None
        if first is None or first.type != "paragraph" or not first.children:
            return None, ""
        content = first.children[0].content
        title, _, rest = content.partition("\n")
        return title.strip(), rest

    def blocks(self, nodes: list[SyntaxTreeNode], into: _Node, covered: tuple[int, int]) -> None:
        """Place a run of sibling blocks into `into`; lines no block claims are kept too."""
        position = covered[0]
        for node in nodes:
            start, end = node.map or (position, position)
            self.loose(position, start, into)
            if node.type in ("bullet_list", "ordered_list"):
                self.list_block(node, into)
            elif node.type == "heading":
                into.add_text(_demote(self.text_of(start, end)))
            else:
                into.add_text(self.block_text(node))
            position = max(position, end)
        self.loose(position, covered[1], into)

    def loose(self, start: int, end: int, into: _Node) -> None:
        """Lines between blocks that no token holds (link definitions...)."""
        while start < end and (start in self.claimed or not self.lines[start].strip()):
            start += 1
        while end > start and (end - 1 in self.claimed or not self.lines[end - 1].strip()):
            end -= 1
        if start < end:
            into.add_text(self.text_of(start, end))

    def list_block(self, node: SyntaxTreeNode, into: _Node) -> None:
        """A list: tagged items become questions, untagged items over questions stems."""
        built = [self.list_item(item) for item in node.children]
        if not any(b is not None for b, _ in built):
            start, end = node.map or (0, 0)
            into.add_text(self.text_of(start, end))
            return
        for item, (child, text) in zip(node.children, built, strict=True):
            if child is not None:
                into.children.append(child)
                continue
            title, _ = self.item_title(item)
            if title and title.rstrip("*_ ").endswith("?") and not split_marker(title).unknown:
                self.warn(_line(item), "list item looks like a question but has no difficulty "
                          "marker; kept as answer text")
            into.add_text(text)

    def list_item(self, item: SyntaxTreeNode) -> tuple[_Node | None, str]:
        """(the question or stem the item is, or None; the item's text when it is neither)."""
        start, end = item.map or (0, 0)
        title, rest = self.item_title(item)
        line = _line(item)
        marker = split_marker(title) if title is not None else None
        node = _Node(line=line)
        if marker is not None and marker.difficulty is not None:
            node.difficulty = marker.difficulty
            node.title = marker.rest.strip()
            if not node.title:
                self.warn(line, "question has no text")
        elif marker is not None and marker.unknown:
            self.warn(line, f"unknown difficulty marker '{marker.unknown}' (use [E], [M] or "
                      "[H]); the item is kept as text")
        content_start = start
        if title is not None:
            first = item.children[0]
            content_start = (first.map or (start, start))[1]
            if node.difficulty is None:
                node.parts.append(_join_lines(title, rest))
            elif rest.strip():
                node.parts.append(inline_breaks("\n".join(t.strip() for t in rest.split("\n"))))
            children = item.children[1:]
        else:
            children = item.children
        self.blocks(children, node, (content_start, end))
        if node.difficulty is not None:
            return node, ""
        if node.has_questions():
            node.is_stem = True
            return node, ""
        return None, self.text_of(start, end)


def _join_lines(title: str, rest: str) -> str:
    return inline_breaks(f"{title}\n{rest}".strip("\n"))


def _line(node: SyntaxTreeNode) -> int:
    return (node.map or (0, 0))[0] + 1


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _descendants(node: SyntaxTreeNode, kind: str) -> Iterator[SyntaxTreeNode]:
    for child in node.children:
        if child.type == kind:
            yield child
        yield from _descendants(child, kind)


def _demote(text: str) -> str:
    """Headings inside an answer must not start a question in our format: `#`/`##` become
    `###`, and a trailing `{#id}` is escaped (fences and formulas seen as the loader sees
    them)."""
    fences = FenceTracker(math=True)
    out = []
    for line in text.split("\n"):
        fenced = fences.step(line)
        match = None if fenced else SUBHEADING.match(line)
        if match:
            line = "###" + line[match.end():]
        if not fenced and line.startswith("#"):
            line = line.replace("{#", "\\{#")
        out.append(line)
    return "\n".join(out)


def _math_lines(lines: list[str]) -> set[int]:
    """Indexes of lines inside `$$` display blocks that span lines (blank lines included)."""
    inside: set[int] = set()
    start: int | None = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if start is None and stripped.startswith("$$") and "$$" not in stripped[2:]:
            start = index
        elif start is not None and stripped.endswith("$$"):
            inside.update(range(start, index + 1))
            start = None
    return inside


def _finish(text: str) -> str:
    """A part as stored: stray `$` escaped outside code and math, headings demoted, fences
    closed (a fence as the loader sees it, with `$$` formulas: markdown-it may see a fence
    opening where the loader sees a formula, and a fence closed for one reading would open
    one for the other)."""
    fences = FenceTracker(math=True)
    out: list[str] = []
    paragraph: list[str] = []
    lines = text.split("\n")
    maths = _math_lines(lines)
    for index, line in enumerate(lines):
        fenced = fences.step(line)
        if fenced or not line.strip() or index in maths:
            if paragraph:
                out.extend(escape_stray_dollars("\n".join(paragraph)).split("\n"))
                paragraph = []
            out.append(line)
        else:
            paragraph.append(line)
    if paragraph:
        out.extend(escape_stray_dollars("\n".join(paragraph)).split("\n"))
    joined = _demote("\n".join(out)).strip("\n")
    return f"{joined}\n{fences.fence}" if fences.fence else joined


def _markdown(parts: list[str]) -> str:
    return "\n\n".join(p for p in (_finish(part) for part in parts) if p)


@dataclass
class _Heading:
    index: int
    level: int
    title: str
    difficulty: Difficulty | None
    line: int
    end: int
    """0-based line after the heading, where its section's text starts."""


def parse_notes(text: str, source: Path) -> ParsedNotes:
    """Split notes text into topics and (nested) questions; never raises on odd input."""
    lines = normalise_list_indents(clean_text(text.removeprefix("\ufeff")).expandtabs(4)
                                   .split("\n"))
    root = SyntaxTreeNode(_PARSER.parse("\n".join(lines)))
    reader = _Reader(lines, source)
    blocks = root.children
    headings: list[_Heading] = []
    for index, node in enumerate(blocks):
        if node.type == "heading":
            content = node.children[0].content if node.children else ""
            marker = split_marker(content)
            title = marker.rest.strip() if marker.difficulty else content.strip()
            if marker.unknown:
                reader.warn(_line(node), f"unknown difficulty marker '{marker.unknown}' (use "
                            "[E], [M] or [H]); kept in the heading")
            headings.append(_Heading(index, int(node.tag[1]), title, marker.difficulty,
                                     _line(node), (node.map or (0, 0))[1]))
    notes = ParsedNotes()
    if not headings:
        title = _title_from_stem(source)
        reader.warn(1, f"no headings: the topic is titled '{title}' after the file name")
        _section(reader, notes, _Heading(-1, 0, title, None, 1, 0), blocks, len(lines))
        notes.problems = reader.problems
        return notes
    top = min(h.level for h in headings)
    first = headings[0]
    topic_level = top
    file_title = (first.level == top and first.difficulty is None
                  and sum(h.level == top for h in headings) == 1)
    if file_title:
        notes.title = first.title
        rest = headings[1:]
        if rest and not all(h.difficulty for h in rest if h.level == min(r.level for r in rest)):
            topic_level = min(h.level for h in rest)
        else:
            rest = []
        starts = [first] + [h for h in rest if h.level <= topic_level]
    else:
        starts = [h for h in headings if h.level <= topic_level]
    preamble_end = starts[0].index
    reader.claimed = {n for h in starts for n in range(h.line - 1, h.end)}
    if any(t.strip() for t in lines[: (blocks[preamble_end].map or (0, 0))[0]]):
        start_line = next(n for n, t in enumerate(lines, start=1) if t.strip())
        reader.warn(start_line, "text before the first topic's heading is kept as its "
                    "introduction")
    preamble = blocks[:preamble_end]
    for number, heading in enumerate(starts):
        end_index = starts[number + 1].index if number + 1 < len(starts) else len(blocks)
        end_line = ((blocks[end_index].map or (0, 0))[0] if end_index < len(blocks)
                    else len(lines))
        body = blocks[heading.index + 1 : end_index]
        if file_title and number == 0 and len(starts) > 1:
            probe = _Node()
            _Reader(lines, source).blocks(body, probe, (0, 0))
            if not probe.has_questions():
                preamble = preamble + body
                continue
        _section(reader, notes, heading, body, end_line, topic_level, preamble)
        preamble = []
    notes.problems = reader.problems
    return notes


def _split_closing(body: list[SyntaxTreeNode]) -> tuple[list[SyntaxTreeNode], list[SyntaxTreeNode]]:
    """Take a section's closing rule, quotes and footer off its end: the topic's notes."""
    tail = len(body)
    while tail > 0 and body[tail - 1].type in TEXT_BLOCKS:
        tail -= 1
    rules = [i for i in range(tail, len(body)) if body[i].type == "hr"]
    if rules:
        return body[: rules[-1]], body[rules[-1] :]
    quotes = len(body)
    while quotes > tail and body[quotes - 1].type == "blockquote":
        quotes -= 1
    return body[:quotes], body[quotes:]


def _section(reader: _Reader, notes: ParsedNotes, heading: _Heading,
             body: list[SyntaxTreeNode], end_line: int, topic_level: int = 0,
             preamble: list[SyntaxTreeNode] | tuple[()] = ()) -> None:
    """Build one topic from a heading and the blocks under it (and text before it)."""
    intro = _Node()
    if preamble:
        span = ((preamble[0].map or (0, 0))[0], (preamble[-1].map or (0, 0))[1])
        probe = _Node()
        _Reader(reader.lines, reader.source).blocks(list(preamble), probe, span)
        if probe.has_questions() or any(n.type == "heading" for n in preamble):
            body = [*preamble, *body]
        else:
            reader.blocks(list(preamble), intro, span)
    title = heading.title or "Untitled section"
    if not heading.title:
        reader.warn(heading.line, f"heading has no text; titled '{title}'")
    main, closing = _split_closing(body)
    root = _Node()
    stack: list[tuple[int, _Node]] = [(topic_level, root)]
    run: list[SyntaxTreeNode] = []
    start = min(heading.end, (body[0].map or (0, 0))[0]) if body else heading.end

    def flush(until: int) -> None:
        nonlocal start
        reader.blocks(run, stack[-1][1], (start, until))
        run.clear()
        start = until

    for node in main:
        if node.type != "heading":
            run.append(node)
            continue
        flush((node.map or (0, 0))[0])
        level = int(node.tag[1])
        content = node.children[0].content if node.children else ""
        marker = split_marker(content)
        child = _Node(title=marker.rest.strip(), difficulty=marker.difficulty, line=_line(node))
        if marker.difficulty is None:
            child.title = content.strip()
            if not _questions_under(reader, main, node):
                run.append(node)
                continue
            child.is_stem = True
            child.parts.append(child.title)
        while len(stack) > 1 and stack[-1][0] >= level:
            stack.pop()
        stack[-1][1].children.append(child)
        stack.append((level, child))
        start = (node.map or (0, 0))[1]
    closing_start = (closing[0].map or (0, 0))[0] if closing else end_line
    flush(closing_start)
    closing_node = _Node()
    reader.blocks(closing, closing_node, (closing_start, end_line))
    if not root.has_questions():
        difficulty = heading.difficulty
        if difficulty is None:
            difficulty = DEFAULT_DIFFICULTY
            reader.warn(heading.line, f"no difficulty on '{title}'; using {DEFAULT_DIFFICULTY}")
        answer = _markdown(_all_text(root))
        question = NotesQuestion(title, difficulty, answer, heading.line)
        notes.sections.append(NotesSection(title, _markdown(_all_text(intro)), (question,),
                                           heading.line, _markdown(closing_node.parts)))
        return
    questions = _questions(reader, root.children, "", title)
    notes.sections.append(NotesSection(title, _markdown(_all_text(intro) + root.parts),
                                       tuple(questions),
                                       heading.line,
                                       _markdown(root.after + closing_node.parts)))


def _questions_under(reader: _Reader, main: list[SyntaxTreeNode], heading: SyntaxTreeNode
                     ) -> bool:
    """Whether an untagged heading has tagged headings or items in its part of the section."""
    level = int(heading.tag[1])
    index = main.index(heading)
    for node in main[index + 1 :]:
        if node.type == "heading":
            if int(node.tag[1]) <= level:
                return False
            content = node.children[0].content if node.children else ""
            if split_marker(content).difficulty is not None:
                return True
        elif node.type in ("bullet_list", "ordered_list"):
            probe = _Reader(reader.lines, reader.source)
            holder = _Node()
            probe.list_block(node, holder)
            if holder.has_questions():
                return True
    return False


def _all_text(node: _Node) -> list[str]:
    """A node's text with its children's, for a section that turned out to hold no question."""
    parts = list(node.parts)
    for child in node.children:
        parts += _all_text(child)
    return parts + node.after


def _questions(reader: _Reader, nodes: list[_Node], stem: str, fallback: str
               ) -> list[NotesQuestion]:
    """Nodes as NotesQuestions: a stem's text is handed to the questions under it."""
    result: list[NotesQuestion] = []
    for node in nodes:
        if node.is_stem:
            context = _markdown(node.parts + node.after)
            joined = "\n\n".join(p for p in (stem, context) if p)
            result += _questions(reader, node.children, joined, fallback)
            continue
        title = node.title or f"{fallback} ({len(result) + 1})"
        children = _questions(reader, node.children, "", title)
        assert node.difficulty is not None
        body = _unwrap_single_item(_markdown(node.parts + node.after))
        result.append(NotesQuestion(title, node.difficulty, body,
                                    node.line, tuple(children), stem))
    return result


def _unwrap_single_item(text: str) -> str:
    """An answer written as one list item (`1. The answer...`) becomes a plain paragraph.

    Items holding a nested list or code block are left alone: unwrapped, their children
    would be read as part of the paragraph.
    """
    lines = text.split("\n")
    match = LIST_ITEM.match(lines[0])
    if not match:
        return text
    width = len(match.group("marker"))
    rest = lines[1:]
    if any(t.strip() and (_indent(t) < width or LIST_ITEM.match(t.lstrip())
                          or FENCE_OPEN.match(t.lstrip())) for t in rest):
        return text
    return "\n".join([lines[0][width:], *(t[width:] for t in rest)])


def _title_from_stem(source: Path) -> str:
    return source.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Notes"


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
    return _unique_slugs((render_title(s.title) for s in sections), taken, TOPIC_SLUG_WORDS,
                         "section")


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON string syntax is a subset TOML accepts)."""
    return json.dumps(value, ensure_ascii=False)


def _heading_text(text: str) -> str:
    """One line fit for a heading: no line breaks, no trailing `{#…}` read as an id."""
    line = " ".join(text.split())
    return re.sub(r"\{#", "\\{#", line)


def _question_lines(questions: tuple[NotesQuestion, ...], level: int, used: set[str]
                    ) -> list[str]:
    """Headings and answers for sibling questions; a shared stem is written once above them.

    A question's `stem` holds every enclosing stem's text joined by blank lines, so a stem
    that extends the one before it is written as a stem nested inside that one.
    """
    parts: list[str] = []
    open_stems: list[str] = []
    flattened: set[str] = set()
    for question in questions:
        stem = question.stem
        while open_stems and not (stem == open_stems[-1]
                                  or stem.startswith(open_stems[-1] + "\n\n")):
            open_stems.pop()
        known = open_stems[-1] if open_stems else ""
        if stem and stem != known and level + len(open_stems) >= MAX_HEADING:
            # No heading level is left for questions under a stem this deep: its text stays,
            # as a paragraph above them, and they stay siblings.
            if stem not in flattened:
                flattened.add(stem)
                parts += [(stem[len(known):] if known else stem).strip("\n"), ""]
        elif stem and stem != known:
            own = stem[len(known):].strip("\n") if known else stem
            first, _, rest = own.partition("\n")
            if FenceTracker(math=True).step(first):  # a code block or formula opens there:
                first, rest = "…", own  # kept whole below the heading, not cut by it
            slug = _unique_slugs([render_title(first)], used, QUESTION_SLUG_WORDS, "stem")[0]
            used.add(slug)
            depth = min(level + len(open_stems), MAX_HEADING)
            parts += [f"{'#' * depth} {_heading_text(first)} {{#{slug} .stem}}", ""]
            if rest.strip():
                parts += [rest.strip("\n"), ""]
            open_stems.append(stem)
        depth = min(level + len(open_stems), MAX_HEADING)
        slug = _unique_slugs([render_title(question.title)], used, QUESTION_SLUG_WORDS,
                             "question")[0]
        used.add(slug)
        parts += [f"{'#' * depth} [{question.difficulty}] {_heading_text(question.title)} "
                  f"{{#{slug}}}", ""]
        if question.body:
            parts += [question.body, ""]
        parts += _question_lines(question.children, min(depth + 1, MAX_HEADING), used)
    return parts


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
    parts += _question_lines(section.questions, 2, set())
    if section.notes:
        parts += [NOTES_MARK, "", section.notes, ""]
    return "\n".join(parts)
