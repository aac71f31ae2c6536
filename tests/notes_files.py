"""Write parsed notes as topic files the way `workbench import` does (its plan and writer)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from workbench.content.importing.imported import ImportedChapter
from workbench.content.importing.writer import ImportPlan, write_files
from workbench.content.notes_format import NotesSection


def write_notes(sections: list[NotesSection], folder: Path, taken_ids: Iterable[str] = (), *,
                chapter_title: str | None = None, force: bool = False) -> list[Path]:
    """Write `sections` as one chapter in `folder`; returns the paths written."""
    chapter = ImportedChapter(chapter_title or folder.name, folder=folder.name)
    for section in sections:
        chapter.add(section)
    plan = ImportPlan(folder.parent, set(taken_ids))
    plan.add(chapter)
    return write_files(plan.files, force=force)
