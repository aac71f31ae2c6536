"""Anki's plain-text export ("Notes in Plain Text"): one note per line, fields separated.

Since Anki 2.1.55 the file opens with `#key:value` header lines: `#separator:` (tab, comma,
semicolon, space, pipe, colon or the character itself), `#html:` (true/false), `#columns:`
(field names), `#tags column:`, `#deck column:`, `#notetype column:`, `#guid column:`
(1-based), and `#deck:`/`#notetype:`/`#tags:` for the whole file. Older exports have no
header: tab-separated HTML. Fields are quoted like CSV when they hold the separator or a
line break. Notes with a deck are grouped like a package's; otherwise the file is one topic
titled after the file name.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from workbench.content.importing.apkg import AnkiNote, build_chapters
from workbench.content.importing.imported import ImportedFile, title_from_stem

SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|",
              "colon": ":"}
HEADER_LINE = re.compile(r"^#(?P<key>[a-z ]+):(?P<value>.*)$")
KNOWN_KEYS = {"separator", "html", "columns", "tags column", "deck column", "notetype column",
              "guid column", "deck", "notetype", "tags"}
_HTML_HINT = re.compile(r"<(br|div|b|i|u|p|img|span|ul|ol|li|sub|sup)\b[^>]*>", re.IGNORECASE)


def looks_like_anki_text(text: str) -> bool:
    """Whether the text opens with Anki's export header (`#separator:`, `#html:`...)."""
    match = HEADER_LINE.match(text.removeprefix("\ufeff").split("\n", 1)[0].rstrip("\r"))
    return match is not None and match.group("key") in KNOWN_KEYS


def read_anki_text(text: str, source: Path) -> ImportedFile:
    """The file's notes as questions, grouped by deck when the export names decks."""
    result = ImportedFile(source)
    lines = text.removeprefix("\ufeff").split("\n")
    header: dict[str, str] = {}
    start = 0
    while start < len(lines):
        match = HEADER_LINE.match(lines[start].rstrip("\r"))
        if not match:
            break
        key, value = match.group("key"), match.group("value").strip()
        if key not in KNOWN_KEYS:
            result.warn(start + 1, f"unknown header line '#{key}:'; ignored")
        header[key] = value
        start += 1
    separator = _separator(header.get("separator", "tab"), start, result)
    body = "\n".join(lines[start:])
    html = (header["html"].lower() == "true" if "html" in header
            else _HTML_HINT.search(body) is not None)
    special = {role: _column(header, f"{role} column", start, result)
               for role in ("tags", "deck", "notetype", "guid")}
    names = next(csv.reader([header["columns"]], delimiter=separator)) if "columns" in header \
        else []
    file_tags = tuple(header.get("tags", "").split())
    file_deck = header.get("deck", "")
    default_deck = (title_from_stem(source),)
    reader = csv.reader(io.StringIO(body), delimiter=separator)
    notes: list[AnkiNote] = []
    previous = 0
    for cells in reader:
        line = start + previous + 1
        previous = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        fields: list[tuple[str, str]] = []
        tags: tuple[str, ...] = file_tags
        deck = file_deck
        for index, cell in enumerate(cells, start=1):
            if index == special["tags"]:
                tags = tags + tuple(cell.split())
            elif index == special["deck"]:
                deck = cell
            elif index not in (special["notetype"], special["guid"]):
                name = names[index - 1] if index - 1 < len(names) else f"Field {len(fields) + 1}"
                fields.append((name, cell))
        if len(fields) < 2:
            result.warn(line, "note has one field only; kept as a question with no answer")
        deck_path = tuple(p.strip() or "Untitled" for p in deck.split("::")) if deck.strip() \
            else default_deck
        notes.append(AnkiNote(line, deck_path, tuple(fields), tags, line=line, html=html))
    build_chapters(notes, result, None)
    return result


def _separator(value: str, lines_read: int, result: ImportedFile) -> str:
    if value.lower() in SEPARATORS:
        return SEPARATORS[value.lower()]
    if len(value) == 1:
        return value
    result.warn(lines_read, f"unknown separator '{value}'; reading the file as tab-separated")
    return "\t"


def _column(header: dict[str, str], key: str, lines_read: int, result: ImportedFile) -> int:
    """A 1-based column number from the header, 0 when absent or unreadable."""
    value = header.get(key, "").strip()
    if not value:
        return 0
    if not value.isdigit():
        result.warn(lines_read, f"'#{key}:{value}' is not a column number; ignored")
        return 0
    return int(value)
