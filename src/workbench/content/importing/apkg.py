"""Anki packages (`.apkg` decks, `.colpkg` collections) read without Anki.

A package is a zip holding the collection as SQLite in one of three formats, newest first:
`collection.anki21b` (zstd-compressed, schema 18: `decks`, `notetypes` and `fields` tables),
`collection.anki21` and `collection.anki2` (schema 11: decks and note types as JSON in `col`).
Current Anki writes the newest beside a stub `collection.anki2` that only says "please
update", so the newest present is read. Media are numbered zip members; the `media` file
maps numbers to names, as JSON in legacy packages, as zstd-compressed protobuf in current
ones (whose members are zstd-compressed too). The package metadata says which.

Deck `A::B` becomes chapter A, topic B (the last two levels of deeper decks); a top-level
deck is a chapter with one topic of the same name. Each note is a question: first field the
front, second the back, other non-empty fields appended to the answer under their names.
Difficulty comes from a tag (`E`, `hard`, `difficulty::M`...), other tags are kept.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench.content.importing.anki_html import (
    cloze,
    has_cloze,
    html_to_markdown,
    mathjax_to_dollars,
)
from workbench.content.importing.imported import (
    DEFAULT_DIFFICULTY,
    ImportedChapter,
    ImportedFile,
    markdown_block,
    parse_difficulty,
    split_title,
)
from workbench.content.model import Difficulty
from workbench.content.notes_format import NotesQuestion, NotesSection
from workbench.textsafe import clean_text, slugify

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
LATEST_PACKAGE_VERSION = 3
"""`PackageMetadata.version` of packages whose media are zstd + protobuf."""

Progress = Callable[[int, int], None]
"""`(done, total)`: how far a long read is."""


class PackageError(Exception):
    """The file cannot be read as an Anki package; the message says why, in one line."""


@dataclass(frozen=True)
class AnkiNote:
    """One note as stored: its deck path, named fields (HTML) and tags."""

    id: int
    deck: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]
    tags: tuple[str, ...]
    line: int = 0
    """Line in a text export; 0 in a package."""
    html: bool = True
    """Whether the fields are HTML (else plain text with Markdown and `$` math)."""


def read_apkg(path: Path, progress: Progress | None = None) -> ImportedFile:
    """The package's decks as chapters and topics; raises PackageError if unreadable.

    `progress(done, total)` hears how many notes are converted, as `build_chapters` says.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageError(f"not an Anki package ({exc})") from None
    with archive:
        names = set(archive.namelist())
        member = next((name for name in COLLECTIONS if name in names), None)
        if member is None:
            raise PackageError("no collection inside (collection.anki21b, .anki21 or .anki2)")
        try:
            data = archive.read(member)
        except (zipfile.BadZipFile, OSError) as exc:
            raise PackageError(f"{member} cannot be read ({exc})") from None
        notes = read_collection(data)
        result = ImportedFile(path)
        media = _MediaReader(archive, names, result)
        build_chapters(notes, result, media, progress)
    return result


def read_collection(data: bytes) -> list[AnkiNote]:
    """Notes of a collection file's bytes (zstd-compressed or plain SQLite)."""
    if data.startswith(ZSTD_MAGIC):
        data = unzstd(data)
    if data[18:20] == b"\x02\x02":  # WAL mode cannot be opened in memory: say rollback journal
        data = data[:18] + b"\x01\x01" + data[20:]
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        tables = {row[0] for row in connection.execute(
            "select name from sqlite_master where type = 'table'")}
        if "decks" in tables and "fields" in tables:
            decks, fields = _schema18(connection)
        else:
            decks, fields = _schema11(connection)
        deck_of: dict[int, int] = {}
        for note_id, deck_id in connection.execute(
            "select nid, case when odid then odid else did end from cards order by nid, ord"
        ):
            deck_of.setdefault(note_id, deck_id)  # a note's first card says its deck
        rows = connection.execute("select id, mid, flds, tags from notes order by id").fetchall()
    except sqlite3.DatabaseError as exc:
        raise PackageError(f"the collection is not a readable Anki database ({exc})") from None
    finally:
        connection.close()
    notes = []
    for note_id, model_id, flds, tags in rows:
        values = str(flds).split("\x1f")
        names = fields.get(model_id, [])
        named = tuple((names[i] if i < len(names) else f"Field {i + 1}", value)
                      for i, value in enumerate(values))
        deck = decks.get(deck_of.get(note_id, 1), ("Default",))
        notes.append(AnkiNote(note_id, deck, named, tuple(str(tags).split())))
    return notes


def unzstd(data: bytes) -> bytes:
    """Decompress a zstd stream (Anki's frames do not always record their size)."""
    import zstandard

    try:
        with zstandard.ZstdDecompressor().stream_reader(data) as reader:
            return reader.read()
    except zstandard.ZstdError as exc:
        raise PackageError(f"damaged zstd data ({exc})") from None


def _deck_path(name: str) -> tuple[str, ...]:
    parts = name.split("\x1f") if "\x1f" in name else name.split("::")
    return tuple(clean_text(part).strip() or "Untitled" for part in parts)


def _schema18(connection: sqlite3.Connection
              ) -> tuple[dict[int, tuple[str, ...]], dict[int, list[str]]]:
    decks = {row[0]: _deck_path(row[1]) for row in connection.execute(
        "select id, name from decks")}
    fields: dict[int, list[str]] = {}
    query = "select ntid, name from fields order by ntid, ord"
    for ntid, name in connection.execute(query):
        fields.setdefault(ntid, []).append(str(name))
    return decks, fields


def _schema11(connection: sqlite3.Connection
              ) -> tuple[dict[int, tuple[str, ...]], dict[int, list[str]]]:
    decks_json, models_json = connection.execute("select decks, models from col").fetchone()
    decks = {int(k): _deck_path(str(v.get("name", ""))) for k, v in json.loads(decks_json).items()}
    fields = {
        int(k): [str(f.get("name", "")) for f in sorted(v.get("flds", []),
                                                        key=lambda f: f.get("ord", 0))]
        for k, v in json.loads(models_json).items()
    }
    return decks, fields


class _MediaReader:
    """Media of a package by file name, read on demand."""

    def __init__(self, archive: zipfile.ZipFile, names: set[str], result: ImportedFile) -> None:
        self.archive = archive
        self.result = result
        self.compressed = _package_version(archive, names) >= LATEST_PACKAGE_VERSION
        self.members: dict[str, str] = {}
        if "media" not in names:
            return
        raw = archive.read("media")
        try:
            if raw.startswith(ZSTD_MAGIC):
                self.members = _protobuf_media(unzstd(raw))
            else:
                self.members = {str(v): str(k) for k, v in json.loads(raw or b"{}").items()}
        except (ValueError, UnicodeDecodeError, AttributeError, PackageError) as exc:
            result.warn(0, f"the package's media list is unreadable ({exc}); no media imported")

    def read(self, name: str) -> bytes | None:
        """The bytes of media file `name`, or None (with a warning) when missing."""
        member = self.members.get(name)
        if member is None:
            self.result.warn(0, f"media file '{name}' is not in the package; the link is kept")
            return None
        try:
            data = self.archive.read(member)
            return unzstd(data) if self.compressed and data.startswith(ZSTD_MAGIC) else data
        except (KeyError, zipfile.BadZipFile, OSError, PackageError) as exc:
            self.result.warn(0, f"media file '{name}' cannot be read ({exc}); the link is kept")
            return None


def _package_version(archive: zipfile.ZipFile, names: set[str]) -> int:
    if "meta" not in names:
        return 0
    for number, _, value in _protobuf_fields(archive.read("meta")):
        if number == 1 and isinstance(value, int):
            return value
    return 0


def _protobuf_media(data: bytes) -> dict[str, str]:
    """`MediaEntries { repeated MediaEntry entries = 1 }` -> {name: zip member}.

    `MediaEntry { string name = 1; uint32 size = 2; bytes sha1 = 3;
    optional uint32 legacy_zip_filename = 255 }`; the member is the entry's index unless
    the legacy number is given.
    """
    members: dict[str, str] = {}
    index = 0
    for number, _, value in _protobuf_fields(data):
        if number != 1 or not isinstance(value, bytes):
            continue
        name, member = "", str(index)
        for inner, _, inner_value in _protobuf_fields(value):
            if inner == 1 and isinstance(inner_value, bytes):
                name = inner_value.decode("utf-8")
            elif inner == 255 and isinstance(inner_value, int):
                member = str(inner_value)
        members[name] = member
        index += 1
    return members


def _protobuf_fields(data: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """(field number, wire type, value) of a protobuf message; raises ValueError if bad."""
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, position = _varint(data, position)
            yield number, wire, value
        elif wire == 2:
            length, position = _varint(data, position)
            if position + length > len(data):
                raise ValueError("truncated protobuf field")
            yield number, wire, data[position : position + length]
            position += length
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            yield number, wire, int.from_bytes(data[position : position + size], "little")
            position += size
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")


def _varint(data: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if position >= len(data):
            raise ValueError("truncated protobuf varint")
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7


def chapter_and_topic(deck: tuple[str, ...]) -> tuple[str, str]:
    """`A` -> (A, A); `A::B` -> (A, B); deeper decks keep their last two levels."""
    return (deck[0], deck[0]) if len(deck) == 1 else (deck[-2], deck[-1])


def build_chapters(notes: list[AnkiNote], result: ImportedFile, media: _MediaReader | None,
                   progress: Progress | None = None) -> None:
    """Group notes by deck into chapters of topics; copy the media they show.

    Converting a note's HTML is most of a big deck's import, so `progress(done, total)`
    hears of every 1% of the notes converted (and of the last).
    """
    step = max(1, len(notes) // 100)
    converted = 0
    grouped: dict[tuple[str, ...], list[AnkiNote]] = {}
    for note in notes:
        grouped.setdefault(note.deck, []).append(note)
    chapters: dict[str, ImportedChapter] = {}
    for deck in grouped:  # in the order of their first note: the order they were written
        chapter_title, topic_title = chapter_and_topic(deck)
        chapter = chapters.setdefault(chapter_title, ImportedChapter(chapter_title))
        tags: dict[str, None] = {}
        questions: list[NotesQuestion] = []
        undated: list[int] = []
        referenced: dict[str, int] = {}
        for note in grouped[deck]:
            question, note_media, known = _question(note, tags, result)
            converted += 1
            if progress is not None and (converted % step == 0 or converted == len(notes)):
                progress(converted, len(notes))
            questions.append(question)
            for name in sorted(note_media):
                referenced.setdefault(name, note.line)
            if not known:
                undated.append(note.line)
        if undated:
            deck_name = "::".join(deck)
            result.warn(undated[0], f"deck '{deck_name}': {len(undated)} note(s) without "
                        f"a difficulty tag (E/M/H, easy/medium/hard); using {DEFAULT_DIFFICULTY}")
        chapter.add(NotesSection(title=topic_title, intro="", questions=tuple(questions), line=1),
                    tuple(tags))
        for name, line in referenced.items():
            if name in chapter.media:
                continue
            if not _safe_file_name(name):
                result.warn(line, f"media file name '{name}' is not a plain file name; not "
                            "copied")
            elif media is None:
                result.warn(line, f"media file '{name}' is not part of a text export; the link "
                            "is kept")
            else:
                data = media.read(name)
                if data is not None:
                    chapter.media[name] = data
    result.chapters.extend(chapters.values())


def _plain_to_markdown(text: str) -> tuple[str, set[str]]:
    """A field of a text export without HTML: Markdown already, MathJax aside."""
    return markdown_block(mathjax_to_dollars(text), escape_dollars=True), set()


def _safe_file_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")


def _question(note: AnkiNote, tags: dict[str, None], result: ImportedFile
              ) -> tuple[NotesQuestion, set[str], bool]:
    """The note as a question, the media it refers to, and whether it had a difficulty."""
    difficulty: Difficulty | None = None
    for tag in note.tags:
        parsed = parse_difficulty(tag)
        if parsed is not None and difficulty is None:
            difficulty = parsed
        else:
            tags[slugify(tag.replace("::", "-"), "tag")] = None
    fields = list(note.fields) or [("Front", "")]
    convert = html_to_markdown if note.html else _plain_to_markdown
    front = fields[0][1]
    media: set[str] = set()
    parts: list[str] = []
    if has_cloze(front):
        revealed, found = convert(cloze(front, reveal=True))
        parts.append(revealed)
        media |= found
        front = cloze(front, reveal=False)
    front_md, found = convert(front)
    media |= found
    title, context = split_title(front_md)
    if not title:
        title = f"Untitled note {note.id}"
        result.warn(note.line, f"note {note.id} has an empty first field; titled '{title}'")
    for index, (name, value) in enumerate(fields[1:], start=1):
        markdown, found = convert(value)
        media |= found
        if markdown:
            parts.append(markdown if index == 1 else f"**{name}**\n\n{markdown}")
    body = markdown_block("\n\n".join(p for p in [context, *parts] if p), escape_dollars=False)
    question = NotesQuestion(title=title, difficulty=difficulty or DEFAULT_DIFFICULTY, body=body,
                             line=note.line or 1)
    return question, media, difficulty is not None
