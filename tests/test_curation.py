"""The curated content keeps every question of the verbatim notes, fixed but not lost."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from content_paths import CONTENT, SOURCE_NOTES
from workbench.content.loader import load_library
from workbench.content.model import DIFFICULTIES, Library, Question
from workbench.content.notes_format import NotesQuestion, escape_stray_dollars, parse_notes

CHAPTERS = ["01-foundations", "02-training", "03-deep-learning", "04-production"]
# Questions the curation retitled on purpose: source title -> curated question id.
RETITLED = {
    "production cycle": "production-cycle/stages",
    "zero-shot, one-shot, few-shot learning": "few-shot/zero-one-few-shot",
    "attention": "attention/self-cross-multihead",
}
DEMOS = {
    "production-cycle": "retrain_schedule", "learning-paradigms": "active_learning",
    "erm": "empirical_risk", "occams-razor": "bayesian_occam", "overfitting": "bias_variance",
    "deep-learning-conditions": "data_scaling", "wide-vs-deep": "depth_vs_width",
    "universal-approximation": "uat_gap", "saddle-points": "saddle_points",
    "hyperparameters": "hparam_search", "classification-vs-regression": "class_vs_regression",
    "parametric-vs-nonparametric": "kde_vs_gaussian", "ensembling": "ensemble_variance",
    "production-degradation": "drift_monitor", "l1-vs-l2": "l1_vs_l2",
    "deploying-large-models": "dynamic_batching", "few-shot": "in_context_learning",
    "attention": "attention_vs_recurrence", "test-vs-production": "test_prod_gap",
    "cnn-vs-vit": "attention_as_conv",
}
MISSPELLINGS = [
    "assossicated", "cannout", "continious", "imporant", "sampels", "prooning", "dependend",
    "visualze", "aknowledging", "cornerns", "assossiates", "more that just",
]


def normalise(title: str) -> str:
    """Lowercase, straight quotes, single spaces: what the curation may change in a title."""
    return " ".join(title.replace("\u2019", "'").lower().split())


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([CONTENT])


@pytest.fixture(scope="module")
def source_questions() -> list[tuple[str, NotesQuestion]]:
    notes = parse_notes(SOURCE_NOTES.read_text("utf-8"), SOURCE_NOTES)
    return [(section.title, q) for section in notes.sections for q in section.questions]


def content_files() -> list[Path]:
    return [path for chapter in CHAPTERS for path in sorted((CONTENT / chapter).glob("*.md"))]


def best_match(title: str, candidates: list[Question]) -> tuple[Question, float]:
    scored = [
        (q, difflib.SequenceMatcher(None, normalise(title), normalise(q.title)).ratio())
        for q in candidates
    ]
    return max(scored, key=lambda pair: pair[1])


def test_content_loads_cleanly_with_expected_shape(library: Library) -> None:
    assert library.problems == []
    assert [c.title for c in library.chapters] == [
        "Foundations", "Training and generalization", "Deep learning", "Production"]
    assert len(list(library.topics())) == 20
    assert len(list(library.questions())) == 28


def test_every_source_question_is_curated_with_its_difficulty(
    library: Library, source_questions: list[tuple[str, NotesQuestion]]
) -> None:
    curated = list(library.questions())
    matched: dict[str, str] = {}
    for section_title, question in source_questions:
        key = normalise(question.title)
        if key in RETITLED:
            target = library.question(RETITLED[key])
            assert target is not None, RETITLED[key]
        else:
            target, ratio = best_match(question.title, curated)
            assert ratio >= 0.85, f"{question.title!r} best match {target.title!r} ({ratio:.2f})"
        assert target.difficulty == question.difficulty, question.title
        assert target.id not in matched, f"{target.id} matched twice"
        matched[target.id] = section_title
    assert len(matched) == len(curated) == len(source_questions)


def test_each_source_section_is_one_topic(
    library: Library, source_questions: list[tuple[str, NotesQuestion]]
) -> None:
    topic_of_question = {q.id: q.topic_id for q in library.questions()}
    sections: dict[str, set[str]] = {}
    for section_title, question in source_questions:
        key = normalise(question.title)
        qid = RETITLED.get(key) or best_match(question.title, list(library.questions()))[0].id
        sections.setdefault(section_title, set()).add(topic_of_question[qid])
    assert all(len(topics) == 1 for topics in sections.values()), sections
    assert len({next(iter(t)) for t in sections.values()}) == 20


def test_topic_headers_follow_the_brief(library: Library) -> None:
    assert {t.id: t.demo for t in library.topics()} == DEMOS
    for chapter in library.chapters:
        for topic in chapter.topics:
            hardest = max((q.difficulty for q in topic.questions), key=DIFFICULTIES.index)
            assert topic.difficulty == hardest, topic.id
            assert chapter.id in topic.tags, topic.id
            assert all(re.fullmatch(r"[a-z0-9-]+", tag) for tag in topic.tags), topic.tags
            assert topic.aliases and topic.summary, topic.id


def test_every_question_has_an_explicit_short_id() -> None:
    for path in content_files():
        for line in path.read_text("utf-8").splitlines():
            if line.startswith("## "):
                match = re.search(r"\{#([a-z0-9-]+)\}$", line)
                assert match and len(match.group(1)) <= 30, f"{path.name}: {line}"


def test_misspellings_and_broken_math_are_gone() -> None:
    text = "\n".join(p.read_text("utf-8") for p in content_files()).lower()
    for word in MISSPELLINGS:
        assert word not in text
    for broken in ["e_{x,y \\approx p}", "h*t", "a*{q", "r*{\\delta}", "\\sum^n*", "\\*\\*"]:
        assert broken not in text


def test_dollar_math_is_balanced(library: Library) -> None:
    for question in library.questions():
        for paragraph in re.split(r"\n\s*\n", question.body):
            assert escape_stray_dollars(paragraph) == paragraph, f"{question.id}: {paragraph}"


def test_unanswered_source_questions_have_real_answers(library: Library) -> None:
    topic = library.topic("test-vs-production")
    assert topic is not None
    for question in topic.questions:
        assert len(question.body.split()) > 80, question.id
