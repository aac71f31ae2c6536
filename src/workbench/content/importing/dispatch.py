"""Pick the importer for a file, by extension and, where that is not enough, by content."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from workbench.content.importing.imported import ImportedChapter, ImportedFile
from workbench.textsafe import clean_text, slugify

MARKDOWN = (".md", ".markdown")
DELIMITED = (".csv", ".tsv", ".tab")
PACKAGES = (".apkg", ".colpkg")
TEXT = (".txt",)
SUPPORTED = MARKDOWN + DELIMITED + PACKAGES + TEXT
ZIP_MAGIC = b"PK\x03\x04"


class SourceError(Exception):
    """A file that cannot be imported at all: `line` and a one-line message."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def notes_files(folder: Path) -> Iterator[Path]:
    """Every importable file under `folder`, sorted; `_`/`.` names and READMEs are skipped
    as the loader skips them."""
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(part.startswith(("_", ".")) for part in parts):
            continue
        if path.is_file() and path.suffix.lower() in SUPPORTED and path.name.lower() != "readme.md":
            yield path


def import_file(path: Path, progress: Callable[[int, int], None] | None = None) -> ImportedFile:
    """The file read by the importer its extension (or content) calls for.

    `progress(done, total)` hears how many notes of an Anki package are converted: the
    one kind of file big enough to take a while.

    Raises SourceError for a file that cannot be read at all (missing, not UTF-8 text,
    not an Anki package).
    """
    from workbench.content.importing.apkg import PackageError, read_apkg

    suffix = path.suffix.lower()
    raw = _read_bytes(path)
    if suffix in PACKAGES or (suffix not in SUPPORTED and raw.startswith(ZIP_MAGIC)):
        try:
            return read_apkg(path, progress)
        except PackageError as exc:
            raise SourceError(str(exc)) from None
    text = _decode(raw)
    if suffix in DELIMITED:
        from workbench.content.importing.delimited import read_delimited

        return read_delimited(text, path)
    from workbench.content.importing.anki_text import looks_like_anki_text, read_anki_text

    if looks_like_anki_text(text) or (suffix in TEXT and _tab_separated(text)):
        return read_anki_text(text, path)
    return _markdown(text, path)


def _markdown(text: str, path: Path) -> ImportedFile:
    from workbench.content.notes_format import parse_notes

    notes = parse_notes(text, path)
    result = ImportedFile(path, problems=list(notes.problems))
    if notes.sections:
        # The file's own heading titles the chapter; its folder keeps the file's name.
        chapter = ImportedChapter(notes.title or clean_text(path.stem),
                                  folder=slugify(path.stem, "notes"))
        for section in notes.sections:
            chapter.add(section)
        result.chapters.append(chapter)
    return result


def _tab_separated(text: str) -> bool:
    """An old Anki export (no header): most lines hold a tab not used as indentation, and
    the file does not open with a Markdown heading."""
    lines = [line for line in text.split("\n")[:50] if line.strip()]
    return bool(lines) and not lines[0].startswith("#") and (
        sum("\t" in line.lstrip("\t") for line in lines) * 2 > len(lines))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except IsADirectoryError:
        raise SourceError("is a folder, not a notes file") from None
    except OSError as exc:
        raise SourceError(f"cannot read ({exc.strerror or exc})") from None


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")  # spreadsheets save a BOM
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8 and "
                          "retry", line) from None
