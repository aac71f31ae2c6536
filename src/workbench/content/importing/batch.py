"""One import, as `workbench import` and the app's "Import notes…" both run it: read a
notes file (or every notes file under a folder), plan topic files with ids unique in the
library, write them, and say what was found as report lines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workbench.content.importing.dispatch import SUPPORTED, SourceError, import_file, notes_files
from workbench.content.importing.imported import ImportedFile
from workbench.content.importing.writer import ImportPlan, chapter_folder, write_files
from workbench.content.model import Library
from workbench.content.notes_format import TargetExistsError
from workbench.content.notes_report import notes_report


class ImportFailed(Exception):
    """Nothing was imported: a one-line reason and the command's exit status."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class ImportReport:
    """What an import found and wrote."""

    lines: list[str] = field(default_factory=list)
    """Per source file: topics, questions by difficulty, warnings as `file:line`; then a
    line per file of a folder that could not be read."""
    files: list[Path] = field(default_factory=list)
    """The files written (or, for a dry run, that would be)."""
    failures: int = 0
    """Files of a folder that could not be read at all."""


def import_notes(source: Path, root: Path, library: Library, *, force: bool = False,
                 dry_run: bool = False, force_hint: str = "use --force",
                 progress: Callable[[str, int, int], None] | None = None) -> ImportReport:
    """Import `source` into the notes folder `root`; topic ids avoid those of `library`.

    `force` replaces files already there (`force_hint` says how to ask for it).
    `progress(stage, done, total)` hears how many source files are `read`, notes of an Anki
    package `converted` and topic files `written` so far.

    Raises ImportFailed when nothing can be imported (an unreadable or empty single file, a
    folder with no notes files, files in the way without `force`, a folder not writable).
    """
    single = not source.is_dir()
    files = [source] if single else list(notes_files(source))
    if not files:
        raise ImportFailed(f"{source}: is a folder with no notes files ({' '.join(SUPPORTED)})")
    report = ImportReport()
    imported: list[ImportedFile] = []
    for number, path in enumerate(files):
        if progress is not None:
            progress("read", number, len(files))
        try:
            result = import_file(path, None if progress is None else
                                 lambda done, total: progress("converted", done, total))
        except SourceError as exc:
            where = f"{path}:{exc.line}" if exc.line else str(path)
            if single:
                raise ImportFailed(f"{where}: {exc}") from None
            report.lines.append(f"{where}: error: {exc}")
            report.failures += 1
            continue
        if not result.chapters and single:
            raise ImportFailed(f"{path}: nothing to import (the file is empty)", 1)
        imported.append(result)
    if progress is not None:
        progress("read", len(files), len(files))
    replaced = {chapter_folder(c, root).resolve() for f in imported for c in f.chapters}
    taken = {topic.id for topic in library.topics()
             if not (force and topic.source.resolve().parent in replaced)}
    plan = ImportPlan(root, taken)
    for result in imported:
        for chapter in result.chapters:
            plan.add(chapter)
        report.lines += _report_lines(result)
    if dry_run:
        report.lines.append(f"dry run: {len(plan.files)} file(s) would be written; "
                            "nothing written")
    else:
        try:
            write_files(plan.files, force=force, progress=None if progress is None else
                        lambda done, total: progress("written", done, total))
        except TargetExistsError as exc:
            raise ImportFailed(f"{exc.paths[0]} already exists ({len(exc.paths)} file(s) would "
                               f"be overwritten); {force_hint} to replace them", 1) from None
        except OSError as exc:
            raise ImportFailed(f"cannot write to {root}: {exc.strerror or exc}") from None
    report.files = [path for path, _ in plan.files]
    return report


def _report_lines(result: ImportedFile) -> list[str]:
    """What the file yielded (per topic: questions by difficulty, stems), then its warnings
    as `file:line: severity: message` (no line for a package, which has none)."""
    sections = [section for chapter in result.chapters for section in chapter.sections]
    lines = list(notes_report(result.source, sections, result.problems))
    for problem in sorted(result.problems, key=lambda p: p.line):
        where = f"{problem.path}:{problem.line}" if problem.line else str(problem.path)
        lines.append(f"{where}: {problem.severity}: {problem.message}")
    return lines
