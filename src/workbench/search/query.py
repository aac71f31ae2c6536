"""The query language, parsed into clauses without touching the index.

    why l1 sparse        plain words: questions with all of them (some of them if none has all)
    "bias variance"      a phrase (an unclosed quote runs to the end)
    regu*                a prefix
    -word, NOT word      exclude
    a OR b               either
    difficulty:H tag:deep-learning chapter:training topic:l1-vs-l2 title:word body:word

Anything else is read as words, so no input is an error except an impossible filter value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from workbench.search.analysis import WORD, join_single_letters
from workbench.textsafe import clean_text

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 24

FILTER_FIELDS = {
    "difficulty": "difficulty", "diff": "difficulty", "level": "difficulty", "d": "difficulty",
    "tag": "tag", "tags": "tag", "chapter": "chapter", "ch": "chapter", "topic": "topic",
}
TEXT_FIELD_NAMES = {
    "title": "title", "body": "body", "answer": "body", "notes": "notes", "note": "notes",
    "alias": "aliases", "aliases": "aliases",
}
DIFFICULTY_VALUES = {"e": "E", "easy": "E", "m": "M", "medium": "M", "h": "H", "hard": "H"}

_RAW = re.compile(r'(?P<pre>[^\s"]*)"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')
_FIELD = re.compile(r"^(?P<field>[A-Za-z]+):(?P<value>.*)$")


@dataclass(frozen=True)
class Clause:
    """One part of a query."""

    kind: Literal["words", "phrase", "prefix", "filter"]
    words: tuple[str, ...]
    """Surface words (for `words`, each is required on its own; for `phrase`, in order)."""
    field: str | None = None
    """A text field to look in, or the filter's field; None means every text field."""
    negated: bool = False
    or_next: bool = False
    """Joined to the next clause with OR instead of AND."""


@dataclass
class ParsedQuery:
    """The clauses of a query, cleaned of control characters and cut to a sane length."""

    text: str
    clauses: list[Clause] = field(default_factory=list)
    ends_in_word: bool = False
    """True when the query ends mid-word (the user may still be typing it)."""


class QueryError(ValueError):
    """A query that asks for something impossible, such as `difficulty:Z`."""


def _filter_clause(name: str, value: str, negated: bool) -> Clause | None:
    value = value.strip().strip("'\"").lower()
    if not value:
        return None
    if name == "difficulty":
        if value not in DIFFICULTY_VALUES:
            raise QueryError(f"difficulty must be E, M or H (easy, medium, hard), not {value!r}")
        value = DIFFICULTY_VALUES[value]
    return Clause("filter", (value,), field=name, negated=negated)


def _word_clauses(raw: str, field_name: str | None, negated: bool) -> list[Clause]:
    words = WORD.findall(raw)
    if not words:
        return []
    if raw.rstrip().endswith("*") and raw.rstrip("*")[-1:].isalnum():
        prefix = Clause("prefix", (words[-1],), field_name, negated)
        rest = [Clause("words", (w,), field_name, negated) for w in words[:-1]]
        return [*rest, prefix]
    if len(words) > 1 and negated:
        return [Clause("phrase", tuple(words), field_name, negated)]
    return [Clause("words", (w,), field_name, negated) for w in words]


def _split_field(raw: str) -> tuple[str | None, str | None, str]:
    """(filter field, text field, rest) of a `name:value` token, or (None, None, raw)."""
    match = _FIELD.match(raw)
    if match:
        name = match.group("field").lower()
        if name in FILTER_FIELDS:
            return FILTER_FIELDS[name], None, match.group("value")
        if name in TEXT_FIELD_NAMES:
            return None, TEXT_FIELD_NAMES[name], match.group("value")
    return None, None, raw


def parse(query: str) -> ParsedQuery:
    """Clauses of `query`; raises QueryError only for an impossible filter value."""
    text = join_single_letters(" ".join(clean_text(query).split())[:MAX_QUERY_CHARS])
    parsed = ParsedQuery(text=text, ends_in_word=bool(text) and text[-1].isalnum())
    negate_next = False
    for match in _RAW.finditer(text):
        if len(parsed.clauses) >= MAX_CLAUSES:
            break
        raw = match.group("word")
        if raw in ("AND", "&&"):
            continue
        if raw in ("OR", "||"):
            if parsed.clauses:
                last = parsed.clauses[-1]
                parsed.clauses[-1] = Clause(last.kind, last.words, last.field, last.negated, True)
            continue
        if raw in ("NOT", "!"):
            negate_next = True
            continue
        token = raw if raw is not None else match.group("pre")
        negated = negate_next or token.startswith("-")
        negate_next = False
        token = token.lstrip("-")
        filter_field, text_field, value = _split_field(token)
        if raw is None:  # a quoted phrase, possibly field:"..." or -"..."
            if filter_field:
                value = match.group("phrase")
            else:
                words = tuple(WORD.findall(match.group("phrase")))
                if words:
                    parsed.clauses.append(Clause("phrase", words, text_field, negated))
                continue
        if filter_field:
            clause = _filter_clause(filter_field, value, negated)
            if clause:
                parsed.clauses.append(clause)
        else:
            parsed.clauses.extend(_word_clauses(value, text_field, negated))
    if parsed.clauses and parsed.clauses[-1].or_next:
        last = parsed.clauses[-1]
        parsed.clauses[-1] = Clause(last.kind, last.words, last.field, last.negated)
    del parsed.clauses[MAX_CLAUSES:]
    return parsed
