"""Shared by the study app tests: a small fixed library, a hand-moved clock, a seeded history."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from fsrs import Scheduler

from app_waits import wait_until as wait_until  # re-exported: study tests import it here
from fake_clock import FakeClock
from workbench.content.model import DIFFICULTIES, Chapter, Library, Question, Topic
from workbench.study import Store
from workbench.tui.app import WorkbenchApp
from workbench.ui_state import UiState

Entries = list[tuple[str, str, str]]
"""(slug, question, answer) of each question in a topic."""
QUESTIONS: dict[tuple[str, str], dict[tuple[str, str, str | None], Entries]] = {
    ("foundations", "Foundations"): {
        ("erm", "Empirical risk", "empirical_risk"): [
            ("risk", "What is the risk in empirical risk minimisation?",
             "The expected loss over the data distribution:\n\n"
             "$$R(f) = \\mathbb{E}_{(x,y)\\sim P}[L(f(x), y)]$$"),
            ("why-empirical", "Why is it called empirical?",
             "We only see a sample, so we average the loss over it: "
             "$\\hat R = \\frac1n\\sum_i L_i$."),
        ],
        ("occam", "Occam's razor", None): [
            ("apply", "How do we apply Occam's razor in ML?",
             "Prefer the simpler model when two explain the data equally well."),
        ],
    },
    ("training", "Training"): {
        ("overfitting", "Overfitting", "bias_variance"): [
            ("what", "What is overfitting?", "Fitting noise: low training error, high test error."),
            ("fix", "How do we fight overfitting?", "More data, regularisation, early stopping."),
            ("markup", "Is [red]this[/red] markup?", "It must show as typed."),
        ],
    },
}


def make_library() -> Library:
    """Two chapters, three topics, six questions in a fixed order."""
    chapters = []
    for (chapter_id, chapter_title), topics in QUESTIONS.items():
        built = []
        for (topic_id, topic_title, demo), questions in topics.items():
            source = Path(f"{topic_id}.md")
            built.append(Topic(
                id=topic_id, title=topic_title, chapter_id=chapter_id, difficulty="E",
                demo=demo, summary=f"Summary of {topic_title}.", source=source,
                questions=tuple(
                    Question(id=f"{topic_id}/{slug}", topic_id=topic_id, title=title,
                             difficulty=DIFFICULTIES[i % 3], body=body, source=source, line=i + 1)
                    for i, (slug, title, body) in enumerate(questions)
                ),
            ))
        chapters.append(Chapter(id=chapter_id, title=chapter_title, topics=tuple(built)))
    return Library(chapters=chapters)


def seed_history(store: Store, clock: FakeClock, library: Library, days: int = 40) -> None:
    """Review every question once a day it is due, for `days` days (no fuzz: deterministic).

    Ratings cycle good, good, easy, hard, again so retention and the forecast are not trivial.
    """
    scheduler = Scheduler(desired_retention=0.9, enable_fuzzing=False)
    ids = [q.id for q in library.questions()][:-1]  # one question stays new
    ratings = [3, 3, 4, 2, 1]
    turn = 0
    for _ in range(days):
        for qid in ids:
            card = store.card(qid)
            if card is None or card.card.due <= clock():
                store.grade(qid, ratings[turn % len(ratings)], scheduler)
                turn += 1
                clock.advance(minutes=1)
        clock.now = clock.now.replace(hour=9, minute=0) + timedelta(days=1)


def make_app(store: Store, library: Library | None = None,
             predictions: bool = False) -> WorkbenchApp:
    """The real app on `library` with `store`, demos paused, no restored state; prediction
    cards join the review queue only with `predictions` (these tests count questions)."""
    if store.settings().predictions != predictions:
        store.save_settings(replace(store.settings(), predictions=predictions))
    return WorkbenchApp(library or make_library(), restore=UiState(), autoplay=False,
                        store=store)


def live_reviews(store: Store) -> int:
    """Reviews not undone, counted straight from the database."""
    return int(store.scalar(
        "SELECT COUNT(*) FROM reviews WHERE uid NOT IN (SELECT review_uid FROM undos)"))
