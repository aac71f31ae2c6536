"""Write imported chapters as topic files (the Markdown importer's writer) plus media."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from workbench.content.importing.imported import ImportedChapter
from workbench.content.notes_format import TargetExistsError, assign_topic_ids, topic_file_text
from workbench.textsafe import slugify


def chapter_folder(chapter: ImportedChapter, root: Path) -> Path:
    """Where a chapter's files go: `<root>/<chapter.folder or chapter-slug>/`."""
    return root / (chapter.folder or slugify(chapter.title, "notes"))


class ImportPlan:
    """The files an import will write, with their content, planned before anything is written.

    Topic ids are made unique against `taken_ids` and each other; chapters of several sources
    that land in one folder share its `chapter.toml` and continue its numbering.
    """

    def __init__(self, root: Path, taken_ids: set[str]) -> None:
        self.root = root
        self.taken_ids = taken_ids
        self.files: list[tuple[Path, str | bytes]] = []
        self._topics_in: dict[Path, int] = {}

    def add(self, chapter: ImportedChapter) -> None:
        """Plan the chapter's topic files, its `chapter.toml` and its media."""
        folder = chapter_folder(chapter, self.root)
        ids = assign_topic_ids(chapter.sections, self.taken_ids)
        self.taken_ids.update(ids)
        before = self._topics_in.get(folder)
        if before is None:
            title = json.dumps(chapter.title, ensure_ascii=False)
            self.files.append((folder / "chapter.toml", f"title = {title}\n"))
        first = (before or 0) + 1
        self._topics_in[folder] = (before or 0) + len(ids)
        width = max(2, len(str(self._topics_in[folder])))
        folder_tag = slugify(folder.name, "notes")
        for number, (section, topic_id, extra) in enumerate(
            zip(chapter.sections, ids, chapter.topic_tags, strict=True), start=first
        ):
            tags = list(dict.fromkeys([folder_tag, *extra]))
            self.files.append((folder / f"{number:0{width}d}-{topic_id}.md",
                               topic_file_text(section, topic_id, tags)))
        planned = {path for path, _ in self.files}
        self.files += [(folder / name, data) for name, data in sorted(chapter.media.items())
                       if folder / name not in planned]


def write_files(files: list[tuple[Path, str | bytes]], *, force: bool,
                progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Write the planned files; raises TargetExistsError before writing anything if one
    exists and `force` is false. `progress(done, total)` hears of every 1% written."""
    if not force:
        existing = [path for path, _ in files if path.exists()]
        if existing:
            raise TargetExistsError(existing)
    step = max(1, len(files) // 100)
    for number, (path, content) in enumerate(files, 1):
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
        if progress is not None and (number % step == 0 or number == len(files)):
            progress(number, len(files))
    return [path for path, _ in files]
