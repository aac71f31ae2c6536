"""Load content roots (bundled notes, the user's notes folder, `--content` dirs) into a Library.

A content root holds chapter folders (`01-foundations/`) of topic files (`01-erm.md`),
sorted by name; Markdown files directly in a root form a chapter named after the root.
Folders starting with `_` or `.` are skipped (the verbatim source lives in `_sources/`),
and so are `README.md` files (documentation, not topics).
A chapter folder may hold `chapter.toml` with a `title`. Chapters with the same id in
several roots are merged, so a user can add topics to a bundled chapter.

A malformed file is reported with file and line and skipped; the rest still loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from workbench.content.model import Chapter, Library, Problem, Topic, TopicFileError
from workbench.textsafe import clean_text, slugify

ORDER_PREFIX = re.compile(r"^\d+[-_ ]*")


def chapter_id_for(folder: Path) -> str:
    """`03-deep-learning` -> `deep-learning`."""
    return slugify(ORDER_PREFIX.sub("", folder.name) or folder.name, "notes")


def _chapter_title(folder: Path, problems: list[Problem]) -> str:
    meta_file = folder / "chapter.toml"
    if meta_file.is_file():
        import tomllib  # only for a chapter that has one

        try:
            title = tomllib.loads(meta_file.read_text("utf-8")).get("title")
            if isinstance(title, str) and title.strip():
                return clean_text(title.strip())
            problems.append(Problem(meta_file, 1, "chapter.toml has no 'title'", "warning"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem(meta_file, 1, f"bad chapter.toml: {exc}", "warning"))
    name = ORDER_PREFIX.sub("", folder.name) or folder.name
    return name.replace("-", " ").replace("_", " ").strip().capitalize()


def _visible(path: Path) -> bool:
    return not path.name.startswith(("_", ".")) and path.name.lower() != "readme.md"


def _chapter_folders(root: Path) -> list[Path]:
    folders = sorted(p for p in root.iterdir() if p.is_dir() and _visible(p))
    if any(p.suffix == ".md" and _visible(p) for p in root.iterdir() if p.is_file()):
        folders.insert(0, root)
    return folders


TopicParser = Callable[[Path, str], tuple[Topic, list[Problem]]]
"""Parses one topic file of a chapter (the catalog cache passes one that reuses old results)."""


def load_library(roots: Iterable[Path], parse: TopicParser | None = None) -> Library:
    """Load every root in order; earlier roots win on duplicate ids (later ones are reported).

    `parse` reads one topic file (default: the parser, imported only then: a start that
    finds every file in the catalog cache loads no parser)."""
    if parse is None:
        from workbench.content.topic_file import parse_topic_file

        parse = parse_topic_file
    problems: list[Problem] = []
    chapters: dict[str, tuple[str, list[Topic]]] = {}
    topic_ids: dict[str, Path] = {}
    for root in roots:
        if not root.is_dir():
            problems.append(Problem(root, 0, "content folder not found"))
            continue
        for folder in _chapter_folders(root):
            chapter_id = chapter_id_for(folder)
            title = _chapter_title(folder, problems)
            _, topics = chapters.setdefault(chapter_id, (title, []))
            for path in sorted(p for p in folder.glob("*.md") if _visible(p)):
                try:
                    topic, file_problems = parse(path, chapter_id)
                except TopicFileError as exc:
                    problems.append(Problem(path, exc.line, exc.message))
                    continue
                except OSError as exc:
                    problems.append(Problem(path, 0, f"cannot read: {exc.strerror or exc}"))
                    continue
                problems.extend(file_problems)
                if topic.id in topic_ids:
                    problems.append(
                        Problem(path, 2, f"duplicate topic id '{topic.id}' "
                                f"(already loaded from {topic_ids[topic.id]}); file skipped")
                    )
                    continue
                topic_ids[topic.id] = path
                topics.append(topic)
    library = Library(problems=problems)
    library.chapters = [
        Chapter(id=cid, title=title, topics=tuple(topics))
        for cid, (title, topics) in chapters.items()
        if topics
    ]
    return library


def default_roots(extra: Iterable[Path] = ()) -> list[Path]:
    """Bundled content, then the user's notes folder, then any `--content` dirs.

    An unusable notes folder (no data dir, no permission) is skipped: the rest still loads.
    """
    from workbench.paths import bundled_content_dir, readable_notes_dir

    notes = readable_notes_dir()
    return [bundled_content_dir(), *([notes] if notes else []), *extra]
