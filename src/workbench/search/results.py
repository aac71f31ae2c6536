"""What a search returns and what opening the index did: plain data for the app and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.content.model import Difficulty
from workbench.search.analysis import term_for
from workbench.search.highlight import Segments, mark


@dataclass(frozen=True)
class Hit:
    """One matching question, ready to list: every string is plain text, never markup."""

    question_id: str
    topic_id: str
    topic_title: str
    title: str
    difficulty: Difficulty
    score: float
    title_segments: Segments
    """The question's title split into (text, is_match) pieces."""
    snippet: Segments
    """A window of the answer around the matched words, as (text, is_match) pieces."""

    def snippet_text(self, start: str = "**", end: str = "**") -> str:
        """The snippet as one string with matches wrapped in `start`/`end`."""
        return "".join(f"{start}{text}{end}" if hit else text for text, hit in self.snippet)


@dataclass(frozen=True)
class SearchResults:
    """The ranked hits of one query, plus what the user should be told about it."""

    query: str
    hits: tuple[Hit, ...] = ()
    corrected: str | None = None
    """The query actually run after spelling fixes ("showing results for ...")."""
    suggestion: str | None = None
    """A query that finds more ("did you mean ..."): offered, never run in its place."""
    message: str | None = None
    """Why the query could not be run, for a bad query; hits are then empty."""
    terms: frozenset[str] = frozenset()
    """Index terms (stems) of the query's words, to highlight in the reader."""
    prefixes: tuple[str, ...] = ()
    """Lowercase word prefixes of `prefix*` words, also highlighted."""
    relaxed: bool = False
    """True when no question had every word and the hits match only some of them."""

    def highlight(self, text: str) -> Segments:
        """Split any text (a question, an answer) into (text, is_match) pieces for this query."""
        return mark(text, self.terms, self.prefixes)

    def matches_word(self, word: str) -> bool:
        """Whether one word of a text is a match (the reader highlights with this)."""
        lowered = word.lower()
        term = term_for(word)
        return (term is not None and term in self.terms) or (
            bool(self.prefixes) and lowered.startswith(self.prefixes)
        )


@dataclass
class IndexStats:
    """What opening or updating the index did, topic by topic."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    rebuilt: bool = False
    documents: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for the CLI and the log."""
        if self.rebuilt:
            what = f"rebuilt the index: {len(self.added)} topics"
        elif self.added or self.updated or self.removed:
            what = (f"updated the index: {len(self.added)} added, {len(self.updated)} updated, "
                    f"{len(self.removed)} removed")
        else:
            what = "index up to date"
        return (f"{what}, {self.unchanged} unchanged, {self.documents} questions "
                f"({self.seconds:.2f} s)")
