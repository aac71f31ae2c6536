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
TopicParser = Callable[[Path, str], tuple[Topic, list[Problem]]]
"""Parses one topic file of a chapter (the catalog cache passes one that reuses old results)."""
MetaReader = Callable[[Path], tuple[str | None, list[Problem]]]
"""Reads a chapter's `chapter.toml` (the catalog cache passes one that reuses old results)."""


def chapter_id_for(folder: Path) -> str:
    """`03-deep-learning` -> `deep-learning`."""
    return slugify(ORDER_PREFIX.sub("", folder.name) or folder.name, "notes")


def read_chapter_meta(meta_file: Path) -> tuple[str | None, list[Problem]]:
    """The title a chapter's `chapter.toml` gives (None: none usable), and what is wrong
    with the file."""
    import tomllib  # only for a chapter that has one

    try:
        title = tomllib.loads(meta_file.read_text("utf-8")).get("title")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return None, [Problem(meta_file, 1, f"bad chapter.toml: {exc}", "warning")]
    except OSError as exc:
        return None, [Problem(meta_file, 0, f"cannot read: {exc.strerror or exc}", "warning")]
    if isinstance(title, str) and title.strip():
        return clean_text(title.strip()), []
    return None, [Problem(meta_file, 1, "chapter.toml has no 'title'", "warning")]


def _chapter_title(folder: Path, problems: list[Problem], read_meta: MetaReader) -> str:
    meta_file = folder / "chapter.toml"
    if meta_file.is_file():
        title, meta_problems = read_meta(meta_file)
        problems.extend(meta_problems)
        if title is not None:
            return title
    name = ORDER_PREFIX.sub("", folder.name) or folder.name
    return name.replace("-", " ").replace("_", " ").strip().capitalize()


def _visible(path: Path) -> bool:
    return not path.name.startswith(("_", ".")) and path.name.lower() != "readme.md"


def _chapter_folders(root: Path) -> list[Path]:
    folders = sorted(p for p in root.iterdir() if p.is_dir() and _visible(p))
    if any(p.suffix == ".md" and _visible(p) for p in root.iterdir() if p.is_file()):
        folders.insert(0, root)
    return folders


def load_library(roots: Iterable[Path], parse: TopicParser | None = None,
                 read_meta: MetaReader = read_chapter_meta) -> Library:
    """Load every root in order; earlier roots win on duplicate ids (later ones are reported).

    `parse` reads one topic file (default: the parser, imported only then: a start that
    finds every file in the catalog cache loads no parser, and no TOML reader)."""
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
            title = _chapter_title(folder, problems, read_meta)
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
