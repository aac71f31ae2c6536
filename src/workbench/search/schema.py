"""The index schema: one document per question, and how a topic becomes documents.

All searchable text goes into one `text` field whose words carry the weight of the part
they come from (title and aliases count most), which is BM25F in a single field: a word
costs one posting-list lookup instead of one per field. `pairs` holds neighbouring terms
for phrases; `title` and `notes` exist on their own for `title:` and `notes:` queries;
`plain` keeps the answer as plain text for snippets (no Markdown work while searching).
Bump SCHEMA_VERSION whenever fields or analysis change: an index written with another
version is rebuilt on open rather than searched with mismatched terms.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.system import pack_uint

from workbench.content.model import Topic
from workbench.search.analysis import TermTokenizer, surface_words, weighted
from workbench.search.plaintext import markdown_to_text

SCHEMA_VERSION = 5

WEIGHTS = {"title": 3.0, "aliases": 3.0, "topic_title": 2.0, "tags": 1.5, "body": 1.0,
           "notes": 1.0, "intro": 1.0}
"""How much one occurrence of a word counts, by where it occurs."""

SEARCH_FIELD = "text"
PAIR_FIELD = "pairs"
OWN_FIELDS = {"title": "title", "notes": "notes"}
"""Query field names with a field of their own; other field names search `text`."""


class TermsField(TEXT):
    """A TEXT field indexed straight from `TermTokenizer.term_weights`.

    Gives Whoosh the same (term, frequency, weight, value) rows its analysis chain would,
    without a Token object per word: indexing spends its time on postings, not analysis.
    """

    def index(self, value: str, **kwargs: object) -> list[tuple[bytes, int, float, bytes]]:
        """Rows for every distinct term of `value` (see whoosh.fields.FieldType.index)."""
        boost = self.format.field_boost
        frequencies, many = _FREQUENCIES, len(_FREQUENCIES)
        return [(term.encode("utf-8"), count, weight * boost,
                 frequencies[count] if count < many else pack_uint(count))
                for term, (count, weight) in self.analyzer.term_weights(value).items()]


class IdField(ID):
    """An ID field indexed without its one-token analysis chain (a few per document)."""

    def index(self, value: str, **kwargs: object) -> list[tuple[bytes, int, float, bytes]]:
        """The value as one term (see whoosh.fields.FieldType.index)."""
        return [(value.encode("utf-8"), 1, self.format.field_boost, b"")]


class WordsField(KEYWORD):
    """Space-separated words, each indexed once per document without an analysis chain."""

    def index(self, value: str, **kwargs: object) -> list[tuple[bytes, int, float, bytes]]:
        """One row per distinct word (see whoosh.fields.FieldType.index)."""
        boost = self.format.field_boost
        return [(word.encode("utf-8"), 1, boost, _ONCE)
                for word in dict.fromkeys(value.split())]


_FREQUENCIES = [pack_uint(count) for count in range(64)]
"""Whoosh's Frequency format value of each small count (see whoosh.formats.Frequency)."""
_ONCE = _FREQUENCIES[1]


def build_schema() -> Schema:
    """A fresh Schema object (whoosh schemas hold analyzer state, so never share one)."""
    return Schema(
        id=IdField(stored=True, unique=True),
        plain=STORED,
        topic=IdField,
        chapter=IdField,
        difficulty=IdField,
        tag=KEYWORD(lowercase=True, commas=True),
        text=TermsField(analyzer=TermTokenizer(), phrase=False),
        pairs=TermsField(analyzer=TermTokenizer(pairs=True), phrase=False, field_boost=1.5),
        title=TermsField(analyzer=TermTokenizer(), phrase=False),
        notes=TermsField(analyzer=TermTokenizer(), phrase=False),
        words=WordsField(scorable=False),
    )


def topic_key(topic: Topic, notes: Mapping[str, str]) -> str:
    """What decides whether a topic must be reindexed: its file bytes and its questions' notes."""
    digest = hashlib.sha256(topic.content_hash.encode())
    for question_id in topic.question_ids() if notes else ():
        note = notes.get(question_id)
        if note:
            digest.update(f"\0{question_id}\0{note}".encode())
    return digest.hexdigest()


def topic_documents(topic: Topic, notes: Mapping[str, str]) -> Iterator[dict[str, object]]:
    """The documents of one topic's questions.

    The topic's introduction and notes are searched with its first question; a stem is
    searched with each question under it.

    `words`, the surface vocabulary for prefixes and spelling fixes, is put on the topic's
    first question only (all the topic's words): a fifth of the postings, same vocabulary.
    """
    aliases = [(alias, WEIGHTS["aliases"]) for alias in topic.aliases]
    tags = " ".join(tag.replace("-", " ") for tag in topic.tags)
    documents: list[dict[str, object]] = []
    vocabulary: dict[str, None] = {}
    # The topic's introduction and closing notes stand with its first question.
    context = markdown_to_text("\n\n".join(p for p in (topic.intro, topic.notes) if p.strip()))
    for question in topic.questions:
        body = markdown_to_text(question.body)
        if question.stem:
            body = f"{markdown_to_text(question.stem)}\n{body}"
        note = notes.get(question.id, "")
        sections = [
            (question.title, WEIGHTS["title"]),
            *aliases,
            (topic.title, WEIGHTS["topic_title"]),
            (tags, WEIGHTS["tags"]),
            (body, WEIGHTS["body"]),
            (note, WEIGHTS["notes"]),
            ("" if documents else context, WEIGHTS["intro"]),
        ]
        for text, _ in sections:
            vocabulary.update(dict.fromkeys(surface_words(text)))
        documents.append({
            "id": question.id,
            "topic": topic.id,
            "chapter": topic.chapter_id,
            "difficulty": question.difficulty,
            "tag": ",".join(topic.tags),
            "text": weighted(sections),
            "pairs": weighted([(text, 1.0) for text, _ in sections]),
            "title": question.title,
            "notes": note,
            "plain": markdown_to_text(question.body, math_words=False) if "$" in question.body
            else body,
        })
    if documents:
        documents[0]["words"] = " ".join(vocabulary)
    yield from documents
