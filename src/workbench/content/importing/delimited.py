"""CSV and TSV files of `question,answer[,tags][,difficulty]` rows: one topic per file.

The delimiter is the extension's own (`,` for .csv, tab for .tsv) when the first line holds
it, else sniffed with `csv.Sniffer`. A first row naming the columns (`question`, `answer`,
`tags`, `difficulty`, or `front`/`back`) is a header and may order them freely; without one
the order above is assumed, and a third column holding only difficulty words is the
difficulty. Cells are Markdown with `$...$` math. Nothing is dropped: a row with extra
cells keeps them in its answer, a quote that never closes is read as plain text from there.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from workbench.content.importing.imported import (
    DEFAULT_DIFFICULTY,
    ImportedChapter,
    ImportedFile,
    markdown_block,
    parse_difficulty,
    split_title,
    title_from_stem,
)
from workbench.content.model import Difficulty
from workbench.content.notes_format import NotesQuestion, NotesSection
from workbench.textsafe import slugify

COLUMN_NAMES = {
    "question": "question", "questions": "question", "front": "question", "q": "question",
    "answer": "answer", "answers": "answer", "back": "answer", "a": "answer",
    "tags": "tags", "tag": "tags",
    "difficulty": "difficulty", "level": "difficulty",
}
NATURAL_DELIMITER = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
_TAG_SPLIT = re.compile(r"[\s,;]+")

Row = tuple[int, list[str]]
"""A row's first line in the file and its cells."""


def read_delimited(text: str, source: Path) -> ImportedFile:
    """The file's rows as questions of one topic titled after the file name."""
    result = ImportedFile(source)
    rows = [(line, cells) for line, cells in _rows(text, _delimiter(text, source), result)
            if any(cell.strip() for cell in cells)]
    columns = _header(rows[0][1]) if rows else None
    if columns is not None:
        rows = rows[1:]
    else:
        columns = _guess_columns(rows)
    title = title_from_stem(source)
    questions: list[NotesQuestion] = []
    tags: dict[str, None] = {}
    for line, cells in rows:
        questions.append(_question(line, cells, columns, result, tags))
    if questions:
        chapter = ImportedChapter(title)
        chapter.add(NotesSection(title=title, intro="", questions=tuple(questions), line=1),
                    tuple(tags))
        result.chapters.append(chapter)
    return result


def _delimiter(text: str, source: Path) -> str:
    natural = NATURAL_DELIMITER.get(source.suffix.lower(), ",")
    first = next((line for line in text.split("\n") if line.strip()), "")
    if natural in first:
        return natural
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",\t;|").delimiter
    except csv.Error:
        return natural


def _rows(text: str, delimiter: str, result: ImportedFile) -> Iterator[Row]:
    """Rows with their line numbers; after a quoting error the rest is read without quotes."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = ("a quote opened here is never closed" if "end of data" in str(exc)
                      else f"bad quoting ({exc})")
            result.warn(start, f"{reason}; quotes are read as plain text from here on")
            rest = "\n".join(text.split("\n")[start - 1 :])
            plain = csv.reader(io.StringIO(rest), delimiter=delimiter, quoting=csv.QUOTE_NONE)
            for number, cells in enumerate(plain, start=start):
                yield number, cells
            return
        yield start, cells


def _header(cells: list[str]) -> list[str] | None:
    """The column roles if `cells` is a header row naming a question column, else None."""
    names = [COLUMN_NAMES.get(cell.strip().lower().lstrip("#"), "") for cell in cells]
    if "question" not in names or not all(
        name or not cell.strip() for name, cell in zip(names, cells, strict=True)
    ):
        return None
    return names


def _guess_columns(rows: list[Row]) -> list[str]:
    third = [cells[2] for _, cells in rows if len(cells) > 2 and cells[2].strip()]
    if third and all(parse_difficulty(cell) for cell in third) and all(
        len(cells) <= 3 for _, cells in rows
    ):
        return ["question", "answer", "difficulty"]
    return ["question", "answer", "tags", "difficulty"]


def _question(line: int, cells: list[str], columns: list[str], result: ImportedFile,
              tags: dict[str, None]) -> NotesQuestion:
    by_role: dict[str, str] = {}
    extra: list[str] = []
    for index, cell in enumerate(cells):
        role = columns[index] if index < len(columns) else ""
        if role and role not in by_role:
            by_role[role] = cell
        elif cell.strip():
            extra.append(cell)
    if extra:
        result.warn(line, f"{len(extra)} cell(s) beyond the known columns; kept in the answer")
    if "answer" not in by_role:
        result.warn(line, "row has no answer column; the question is kept with an empty answer")
    title, context = split_title(by_role.get("question", ""))
    if not title:
        title = f"Untitled (line {line})"
        result.warn(line, f"row has no question; titled '{title}'")
    difficulty: Difficulty = DEFAULT_DIFFICULTY
    written = by_role.get("difficulty", "").strip()
    if written:
        parsed = parse_difficulty(written)
        if parsed is None:
            result.warn(line, f"unknown difficulty '{written}' (use E/M/H or easy/medium/hard); "
                        f"using {DEFAULT_DIFFICULTY}, the word is kept as a tag")
            tags[slugify(written, "difficulty")] = None
        else:
            difficulty = parsed
    for tag in _TAG_SPLIT.split(by_role.get("tags", "")):
        if tag:
            tags[slugify(tag, "tag")] = None
    parts = [context, by_role.get("answer", "").strip(), *extra]
    body = markdown_block("\n\n".join(p for p in parts if p), escape_dollars=True)
    return NotesQuestion(title=markdown_block(title, escape_dollars=True), difficulty=difficulty,
                         body=body, line=line)
