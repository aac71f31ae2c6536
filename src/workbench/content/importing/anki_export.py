"""Workbench questions as Anki notes (the inverse of `apkg.py`, kept beside it).

Written with genanki: it writes a package current Anki imports, with stable GUIDs chosen
by us, and nothing else maintained does the packaging. Answers are rendered from Markdown
to HTML with the app's own parser, so math is found exactly as the reader finds it, and
turned into Anki's MathJax delimiters: `$..$` -> `\\(..\\)`, `$$..$$` -> `\\[..\\]`.
Each note's GUID is derived from the question id, so importing a re-export updates the
cards in Anki instead of adding copies.

Demo predictions can go along (`prediction_notes`): the question and its options on the
front; on the back the computed answer, what happened, why, and a still of the plot as text.
"""

from __future__ import annotations

import csv
import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.content.model import DIFFICULTY_NAMES, Chapter, Question, Topic

if TYPE_CHECKING:
    from workbench.demos.predictions import Prediction

MODEL_ID = 1_744_210_531
"""Fixed so every export uses the same note type in Anki."""
MODEL_CSS = ".card { font-family: sans-serif; font-size: 18px; text-align: left; }"
_IMAGE_SOURCE = re.compile(r'<img src="(?P<src>[^"]+)"')


@dataclass(frozen=True)
class ExportedNote:
    """One question as Anki sees it."""

    guid_source: str
    deck: str
    front: str
    back: str
    tags: tuple[str, ...]
    media: tuple[Path, ...]


def _math(display: bool, block: bool = False) -> Any:
    """A render rule for formulas: MathJax delimiters, a display block in its own div."""
    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        latex = html.escape(str(tokens[idx].content).strip(), quote=False)
        if block:
            return f"<div>\\[{latex}\\]</div>\n"
        return f"\\[{latex}\\]" if display else f"\\({latex}\\)"
    return render


def anki_parser() -> MarkdownIt:
    """The app's Markdown parser, rendering formulas with MathJax delimiters."""
    from workbench.mathtext.markdown import make_parser

    md = make_parser()
    md.add_render_rule("math_inline", _math(False))
    md.add_render_rule("math_inline_double", _math(True))
    for kind in ("math_block", "math_block_label"):
        md.add_render_rule(kind, _math(True, block=True))
    return md


def deck_name(chapter: Chapter, topic: Topic) -> str:
    """`Workbench::Chapter::Topic`, with `::` inside a title flattened so it nests no deeper."""
    return "::".join(["Workbench", *(t.replace("::", ":") for t in (chapter.title, topic.title))])


def export_notes(chapters: Iterable[Chapter], md: MarkdownIt | None = None) -> list[ExportedNote]:
    """One note per question of the chapters, in tree order."""
    md = md or anki_parser()
    notes = []
    for chapter in chapters:
        for topic in chapter.topics:
            deck = deck_name(chapter, topic)
            tags = (f"chapter::{chapter.id}", f"topic::{topic.id}")
            for question in topic.questions:
                notes.append(_note(question, deck, tags, md))
    return notes


def _note(question: Question, deck: str, tags: tuple[str, ...], md: MarkdownIt) -> ExportedNote:
    # The stem is context shared by sibling sub-questions: the card needs it to make sense.
    front_markdown = f"{question.stem}\n\n{question.title}" if question.stem else question.title
    front = md.render(front_markdown).strip()
    back = md.render(question.body).strip()
    folder = question.source.parent
    media = []
    for match in _IMAGE_SOURCE.finditer(front + back):
        name = html.unescape(match.group("src"))
        if "/" not in name and "\\" not in name and (folder / name).is_file():
            media.append(folder / name)
    difficulty = f"difficulty::{DIFFICULTY_NAMES[question.difficulty]}"
    return ExportedNote(question.id, deck, front, back, (difficulty, *tags),
                        tuple(dict.fromkeys(media)))


PLOT_SIZE = (72, 18)
"""Columns and rows of the plot still on a prediction's back."""


def prediction_notes(chapters: Iterable[Chapter], md: MarkdownIt | None = None,
                     plot_size: tuple[int, int] = PLOT_SIZE) -> list[ExportedNote]:
    """One note per demo prediction of the chapters' topics, answered by running the demo."""
    from workbench.demos.predictions import predictions_for

    md = md or anki_parser()
    notes: list[ExportedNote] = []
    done: set[str] = set()
    for chapter in chapters:
        for topic in chapter.topics:
            if not topic.demo or topic.demo in done:
                continue
            done.add(topic.demo)
            tags = (f"chapter::{chapter.id}", f"topic::{topic.id}", "prediction",
                    f"demo::{topic.demo}")
            notes.extend(_prediction_note(p, deck_name(chapter, topic), tags, md, plot_size)
                         for p in predictions_for(topic.demo))
    return notes


def _prediction_note(p: Prediction, deck: str, tags: tuple[str, ...], md: MarkdownIt,
                     plot_size: tuple[int, int]) -> ExportedNote:
    from workbench.demos.plot import render_text
    from workbench.demos.predictions import run_prediction
    from workbench.textsafe import clean_text

    outcome = run_prediction(p)
    if p.numeric:
        choices = f"*Answer with a number (within {p.tolerance:g}).*"
        answer = f"{outcome.value:.3g}{p.unit}"
    else:
        choices = "\n".join(f"{n}. {option}" for n, option in enumerate(p.options, 1))
        answer = f"{outcome.answer}. {outcome.answer_text}"
    front = md.render(f"{p.question}\n\n{choices}").strip()
    still = html.escape(clean_text(render_text(outcome.after, *plot_size, color=False)))
    back = "\n".join([
        md.render(f"**{answer}**\n\nWhat happened: {outcome.observed}\n\n"
                  f"Why: {outcome.explanation}").strip(),
        f'<pre style="font-family: monospace; line-height: 1.1">{still.rstrip()}</pre>',
        md.render(f"In the notes: `{p.passage}`").strip() if p.passage else "",
    ]).strip()
    return ExportedNote(p.card_id, deck, front, back, tags, ())


def write_apkg(notes: Sequence[ExportedNote], path: Path, timestamp: float | None = None) -> int:
    """Write the notes as an Anki package; returns the number of decks.

    `timestamp` (default now) is the notes' modification time: Anki updates a note on
    re-import only when this differs from the one it holds.
    """
    import genanki

    model = genanki.Model(
        MODEL_ID, "Workbench question",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
        css=MODEL_CSS,
    )
    decks: dict[str, Any] = {}
    for note in notes:
        if note.deck not in decks:
            decks[note.deck] = genanki.Deck(_deck_id(note.deck), note.deck)
        decks[note.deck].add_note(genanki.Note(
            model=model, fields=[note.front, note.back], tags=list(note.tags),
            guid=genanki.guid_for(note.guid_source),
        ))
    media = list(dict.fromkeys(path for note in notes for path in note.media))
    package = genanki.Package(list(decks.values()), media_files=[str(p) for p in media])
    package.write_to_file(str(path), timestamp=timestamp)
    return len(decks)


def _deck_id(name: str) -> int:
    """A stable deck id per name, so re-imports land in the same deck."""
    return (1 << 30) + int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:7], 16)


def write_csv(chapters: Iterable[Chapter], path: Path) -> int:
    """`question,answer,tags,difficulty` rows (Markdown as written); returns the row count."""
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["question", "answer", "tags", "difficulty"])
        for chapter in chapters:
            for topic in chapter.topics:
                for question in topic.questions:
                    # A stem follows the title in the cell: `import` reads the first paragraph
                    # as the question and the rest as context above the answer.
                    cell = question.title
                    if question.stem:
                        cell += f"\n\n{question.stem}"
                    writer.writerow([cell, question.body,
                                     f"{chapter.id} {topic.id}", question.difficulty])
                    rows += 1
    return rows
