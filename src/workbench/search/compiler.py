"""Turn parsed clauses into Whoosh queries, fixing unknown words against the index vocabulary.

A word the index has never seen is, in order: the start of the word being typed (the
last word, no space after it) and expanded as a prefix, or a typo corrected by the speller.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field

from whoosh import query as wq

from workbench.search.analysis import pair_term, term_for
from workbench.search.query import Clause, ParsedQuery
from workbench.search.schema import OWN_FIELDS, PAIR_FIELD, SEARCH_FIELD
from workbench.search.spelling import Speller

MAX_PREFIX_SCAN = 200
MAX_PREFIX_TERMS = 8
EMPTY_MESSAGE = "Type a word to search for (common words such as 'the' or 'why' are skipped)."


@dataclass
class Compiled:
    """The Whoosh queries for one parsed query, and what to tell the user about it."""

    strict: wq.Query | None = None
    """Every group required."""
    relaxed: wq.Query | None = None
    """Any group will do: the fallback when `strict` finds nothing (None if the same)."""
    excluded: wq.Query | None = None
    """Documents to drop (`-word`), masked out after scoring (Whoosh's AndNot matcher
    misses an excluded document that comes first, whoosh-reloaded 2.7.5)."""
    filter_only: bool = False
    terms: set[str] = field(default_factory=set)
    prefixes: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    known_words: list[str] = field(default_factory=list)
    """Words searched as typed (they are in the index): candidates for "did you mean"."""
    message: str | None = None


class QueryCompiler:
    """Builds queries against one index state; reuse it for as long as that state lives."""

    def __init__(
        self,
        doc_frequency: Callable[[str, str], int],
        speller: Callable[[], Speller],
        prefix_cache: MutableMapping[str, tuple[str, ...]],
    ) -> None:
        self._doc_frequency = doc_frequency
        self._speller = speller
        self._prefix_cache = prefix_cache

    def _known(self, term: str, field_name: str) -> bool:
        return self._doc_frequency(field_name, term) > 0

    def expand(self, prefix: str) -> tuple[str, ...]:
        """The most frequent index terms of words starting with `prefix` (cached while typing)."""
        prefix = prefix.lower()
        cached = self._prefix_cache.get(prefix)
        if cached is not None:
            return cached
        words = self._speller().completions(prefix, MAX_PREFIX_SCAN)
        terms: dict[str, None] = {}
        for _, word in sorted(words, reverse=True):
            term = term_for(word)
            if term is not None:
                terms[term] = None
            if len(terms) >= MAX_PREFIX_TERMS:
                break
        result = tuple(terms)
        self._prefix_cache[prefix] = result
        return result

    @staticmethod
    def _field(clause: Clause) -> str:
        return OWN_FIELDS.get(clause.field or "", SEARCH_FIELD)

    def _prefix(self, word: str, field_name: str, out: Compiled) -> wq.Query:
        out.prefixes.append(word.lower())
        terms = self.expand(word)
        if not terms:
            return wq.NullQuery()
        parts = [wq.Term(field_name, t) for t in terms]
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def _word(self, clause: Clause, is_last: bool, typing: bool, out: Compiled) -> wq.Query | None:
        word = clause.words[0]
        field_name = self._field(clause)
        term = term_for(word)
        if term is None:
            return None
        if clause.negated:
            return wq.Term(field_name, term)
        if self._known(term, field_name):
            out.known_words.append(word)
        else:
            if is_last and typing and self.expand(word):
                return self._prefix(word, field_name, out)
            fixed = self._speller().correct(word)
            fixed_term = term_for(fixed) if fixed else None
            if fixed and fixed_term:
                out.corrections[word] = fixed
                term = fixed_term
        out.terms.add(term)
        return wq.Term(field_name, term)

    def _phrase(self, clause: Clause, out: Compiled) -> wq.Query | None:
        terms = [t for t in (term_for(w) for w in clause.words) if t is not None]
        if not terms:
            return None
        if not clause.negated:
            out.terms.update(terms)
        field_name = self._field(clause)
        if len(terms) == 1:
            return wq.Term(field_name, terms[0])
        parts: list[wq.Query] = [
            wq.Term(PAIR_FIELD, pair_term(a, b)) for a, b in zip(terms, terms[1:], strict=False)
        ]
        parts += [wq.Term(field_name, t) for t in terms]
        return wq.And(parts)

    def _clause(
        self, clause: Clause, is_last: bool, typing: bool, out: Compiled
    ) -> wq.Query | None:
        if clause.kind == "filter":
            assert clause.field is not None
            return wq.Term(clause.field, clause.words[0])
        if clause.kind == "prefix":
            return self._prefix(clause.words[0], self._field(clause), out)
        if clause.kind == "phrase":
            return self._phrase(clause, out)
        return self._word(clause, is_last, typing, out)

    def compile(self, parsed: ParsedQuery) -> Compiled:
        """Queries for `parsed`; `message` is set when there is nothing to look for."""
        out = Compiled()
        groups: list[list[wq.Query]] = []
        filters: list[wq.Query] = []
        excluded: list[wq.Query] = []
        join_next = False
        for index, clause in enumerate(parsed.clauses):
            is_last = index == len(parsed.clauses) - 1
            compiled = self._clause(clause, is_last, parsed.ends_in_word, out)
            if compiled is None:
                continue
            if clause.negated:
                excluded.append(compiled)
            elif clause.kind == "filter":
                filters.append(compiled)  # adds the same score to every hit: order unchanged
            elif join_next and groups:
                groups[-1].append(compiled)
            else:
                groups.append([compiled])
            join_next = clause.or_next and not clause.negated
        if excluded:
            out.excluded = wq.Or(excluded).normalize()
        if not groups and not filters:
            if excluded:  # `-word` alone: everything except
                out.strict, out.filter_only = wq.Every(), True
            else:
                out.message = EMPTY_MESSAGE
            return out
        parts = [g[0] if len(g) == 1 else wq.Or(g) for g in groups]
        out.filter_only = not parts
        out.strict = wq.And(parts + filters).normalize()
        if len(parts) > 1:
            out.relaxed = wq.And([wq.Or(parts), *filters]).normalize()
        return out
