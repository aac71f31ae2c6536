"""The index schema: one document per question, and how a topic becomes documents.

Bump SCHEMA_VERSION whenever fields or analysis change: an index written with another
version is rebuilt on open rather than searched with mismatched terms.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping

from whoosh.fields import ID, KEYWORD, TEXT, Schema

from workbench.content.model import Topic
from workbench.search.analysis import text_analyzer, word_analyzer
from workbench.search.plaintext import markdown_to_text

SCHEMA_VERSION = 1

TEXT_FIELDS: dict[str, float] = {
    "title": 3.0,
    "aliases": 3.0,
    "topic_title": 2.0,
    "tags": 1.5,
    "body": 1.0,
    "notes": 1.0,
}
"""Full-text fields a plain word is looked up in, with their boosts."""

PHRASE_FIELDS = ("title", "aliases", "topic_title", "body", "notes")
"""Fields that keep positions, so "quoted phrases" can match in them."""


def build_schema() -> Schema:
    """A fresh Schema object (whoosh schemas hold analyzer state, so never share one)."""
    analyzer = text_analyzer()
    text = {
        name: TEXT(analyzer=analyzer, field_boost=boost, phrase=name in PHRASE_FIELDS)
        for name, boost in TEXT_FIELDS.items()
    }
    return Schema(
        id=ID(stored=True, unique=True),
        topic=ID,
        chapter=ID,
        difficulty=ID(stored=True),
        tag=KEYWORD(lowercase=True, commas=True),
        words=TEXT(analyzer=word_analyzer(), phrase=False),
        topic_title=text.pop("topic_title"),
        **text,
    )


def topic_key(topic: Topic, notes: Mapping[str, str]) -> str:
    """What decides whether a topic must be reindexed: its file bytes and its questions' notes."""
    digest = hashlib.sha256(topic.content_hash.encode())
    for question in topic.questions:
        note = notes.get(question.id)
        if note:
            digest.update(f"\0{question.id}\0{note}".encode())
    return digest.hexdigest()


def topic_documents(topic: Topic, notes: Mapping[str, str]) -> Iterator[dict[str, object]]:
    """The documents of one topic's questions."""
    aliases = " ".join(topic.aliases)
    tags = " ".join(tag.replace("-", " ") for tag in topic.tags)
    for question in topic.questions:
        body = markdown_to_text(question.body)
        note = notes.get(question.id, "")
        yield {
            "id": question.id,
            "topic": topic.id,
            "chapter": topic.chapter_id,
            "difficulty": question.difficulty,
            "tag": ",".join(topic.tags),
            "title": question.title,
            "aliases": aliases,
            "topic_title": topic.title,
            "tags": tags,
            "body": body,
            "notes": note,
            "words": " ".join((question.title, aliases, topic.title, tags, body, note)),
        }
