"""What an import found, per file: topics, questions by difficulty, stems.

Printed by `workbench import` before it writes, so a learner sees at once whether the
notes were understood (41 questions found, not 12) and where it had to guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from workbench.content.model import DIFFICULTIES, DIFFICULTY_NAMES, Problem
from workbench.content.notes_format import NotesQuestion, NotesSection
from workbench.mathtext.titles import render_title


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _stems(questions: Iterable[NotesQuestion]) -> int:
    """Groups of consecutive siblings sharing a stem, at any depth."""
    count, previous = 0, ""
    for question in questions:
        if question.stem and question.stem != previous:
            count += 1
        previous = question.stem
        count += _stems(question.children)
    return count


def _counts(sections: Iterable[NotesSection]) -> str:
    sections = list(sections)
    found = Counter(q.difficulty for s in sections for q in s.all_questions())
    total = sum(found.values())
    by_level = ", ".join(f"{found[d]} {DIFFICULTY_NAMES[d]}" for d in DIFFICULTIES if found[d])
    stems = sum(_stems(s.questions) for s in sections)
    text = _plural(total, "question") + (f" ({by_level})" if by_level else "")
    return text + (f", {_plural(stems, 'stem')}" if stems else "")


def notes_report(source: Path, sections: Sequence[NotesSection],
                 problems: Iterable[Problem] = ()) -> list[str]:
    """Lines summing up one imported file: the file, then one line per topic."""
    warnings = sum(p.severity == "warning" for p in problems)
    head = f"{source}: {_plural(len(sections), 'topic')}, {_counts(sections)}"
    if warnings:
        head += f"; {_plural(warnings, 'warning')}"
    return [head] + [f"  {render_title(s.title)}: {_counts([s])}" for s in sections]
