"""Helpers for the study tests: a fake clock and a small library (fixtures are in conftest)."""

from __future__ import annotations

from pathlib import Path

from workbench.content.model import Chapter, Library, Question, Topic


def make_library(chapters: int = 2, topics: int = 2, questions: int = 3) -> Library:
    """Questions with ids `c{i}t{j}/q{k}` in tree order, difficulty cycling E/M/H."""
    built = []
    for i in range(chapters):
        topic_list = []
        for j in range(topics):
            tid = f"c{i}t{j}"
            qs = tuple(
                Question(id=f"{tid}/q{k}", topic_id=tid, title=f"Question {tid} {k}?",
                         difficulty="EMH"[k % 3], body=f"Answer {tid} {k}.",
                         source=Path(f"{tid}.md"), line=k + 1)
                for k in range(questions)
            )
            topic_list.append(Topic(id=tid, title=f"Topic {tid}", chapter_id=f"c{i}",
                                    difficulty="E", questions=qs, source=Path(f"{tid}.md")))
        built.append(Chapter(id=f"c{i}", title=f"Chapter {i}", topics=tuple(topic_list)))
    return Library(chapters=built)
