"""A study session: which question to show next, reveal with interval preview, grade, undo.

Order: cards due now (most overdue first), then unseen questions in tree order up to the
daily new-card limit, then learning cards due within the next 20 minutes (learn-ahead, so a
short session is not cut off by a one-minute learning step).

With `predictions=True` (a caller that can show them) and the store's `predictions` setting
on, a topic's demo predictions (`PredictionCard`) are queued after its questions and
scheduled the same way; `next_card` then returns either kind.

A session owns the card it shows: `next_card` leases it in the store, so another window or
`workbench review` on the same home is served a different one, and `grade` refuses (returns
None) a card that was graded elsewhere since. `close` frees the lease.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, ValuesView
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, Literal, TypeVar, cast, overload

from fsrs import State

from workbench.content.model import DIFFICULTIES, Library, Question
from workbench.study.clock import study_day_start, to_epoch
from workbench.study.prediction_cards import PredictionCard, topic_prediction_cards
from workbench.study.scheduling import Preview, Settings, make_scheduler
from workbench.study.states import DUE, LEARNED, LEARNING, NEW
from workbench.study.store import AlreadyGraded, Review, Store, new_owner

LEARN_AHEAD = timedelta(minutes=20)


StudyCard = Question | PredictionCard
"""What a session shows: a question, or a demo prediction."""

C = TypeVar("C", bound=StudyCard)
"""What a given session shows: `Question` unless it was opened with `predictions=True`."""


@dataclass(frozen=True)
class QueueFilter:
    """Which questions a session draws from; None means no restriction."""

    chapter: str | None = None
    topic: str | None = None
    difficulty: str | None = None
    bookmarked: bool = False

    def problems(self, library: Library) -> list[str]:
        """Why this filter cannot match anything in `library` (unknown ids, bad difficulty)."""
        found = []
        if self.chapter is not None and library.chapter(self.chapter) is None:
            known = ", ".join(c.id for c in library.chapters)
            found.append(f"unknown chapter '{self.chapter}' (chapters: {known})")
        if self.topic is not None and library.topic(self.topic) is None:
            found.append(f"unknown topic '{self.topic}'")
        if self.difficulty is not None and self.difficulty not in DIFFICULTIES:
            found.append(f"difficulty must be one of {', '.join(DIFFICULTIES)}")
        return found

    def question_ids(self, library: Library, bookmarks: set[str]) -> list[str]:
        """Matching question ids in tree order."""
        return [card.id for card in self.cards(library, bookmarks)]

    def cards(self, library: Library, bookmarks: set[str],
              predictions: bool = False) -> list[StudyCard]:
        """Matching questions in tree order; with `predictions`, each topic's prediction cards
        follow its questions (none under a difficulty filter: predictions have none)."""
        cards: list[StudyCard] = []
        for chapter in library.chapters:
            if self.chapter is not None and chapter.id != self.chapter:
                continue
            for topic in chapter.topics:
                if self.topic is not None and topic.id != self.topic:
                    continue
                cards.extend(
                    q for q in topic.questions
                    if (self.difficulty is None or q.difficulty == self.difficulty)
                    and (not self.bookmarked or q.id in bookmarks)
                )
                if predictions and self.difficulty is None:
                    cards.extend(c for c in topic_prediction_cards(library, topic.id)
                                 if not self.bookmarked or c.id in bookmarks)
        return cards


@dataclass(frozen=True)
class Counts:
    """What is left in a session's queue."""

    due: int
    new: int
    """Unseen questions that today's new-card limit still lets in."""
    learning: int
    learned: int


def card_status(state: int, due: float, now: datetime) -> str:
    """DUE, LEARNING or LEARNED for a stored card."""
    if due <= to_epoch(now):
        return DUE
    return LEARNED if state == State.Review else LEARNING


class QuestionStates(Mapping[str, str]):
    """{question id: NEW | DUE | LEARNING | LEARNED} for every question of a library, holding
    only the questions with a card: a dict of every id took 1.6 MB at 20,000 questions,
    most of them NEW."""

    def __init__(self, library: Library, seen: dict[str, str]) -> None:
        self._library = library
        self._seen = seen
        self._topic: tuple[str, frozenset[str]] = ("", frozenset())
        """The ids of the topic looked up last (callers go a topic at a time: the tree
        asks for every question in tree order)."""

    def __getitem__(self, question_id: str) -> str:
        state = self._seen.get(question_id)
        if state is not None:
            return state
        topic_id = question_id.partition("/")[0]
        if self._topic[0] != topic_id:
            topic = self._library.topic(topic_id)
            self._topic = (topic_id, frozenset(topic.question_ids() if topic else ()))
        if question_id not in self._topic[1]:
            raise KeyError(question_id)
        return NEW

    def __iter__(self) -> Iterator[str]:
        return self._library.question_ids()

    def __len__(self) -> int:
        return sum(len(topic.questions) for topic in self._library.topics())

    def values(self) -> ValuesView[str]:
        """The states in id order, without looking each NEW one up."""
        return _States(self)


class _States(ValuesView[str]):
    _mapping: QuestionStates

    def __iter__(self) -> Iterator[str]:
        seen = self._mapping._seen
        return (seen.get(qid, NEW) for qid in self._mapping._library.question_ids())


def tree_counts(store: Store, library: Library) -> QuestionStates:
    """The state of every question, for the tree's badges."""
    now = store.clock()
    cards = store.card_states()
    return QuestionStates(library, {qid: card_status(*cards[qid], now)
                                    for qid in library.question_ids() if qid in cards})


def next_due(store: Store, library: Library, after_id: str | None = None) -> str | None:
    """The next due question after `after_id` in tree order (wrapping round), or None."""
    due = set(store.due_ids(store.clock()))
    ids = list(library.question_ids())
    start = ids.index(after_id) + 1 if after_id in ids else 0
    return next((qid for qid in ids[start:] + ids[:start] if qid in due), None)


class StudySession(Generic[C]):
    """One learner working through a queue: `next_card`, `reveal`, `grade`, `undo`, `counts`.

    Typed `StudySession[Question]` unless opened with `predictions=True`, so a caller that
    cannot show prediction cards is never handed one.
    """

    @overload
    def __init__(self: StudySession[Question], store: Store, library: Library,
                 queue_filter: QueueFilter | None = None, settings: Settings | None = None,
                 predictions: Literal[False] = False) -> None: ...

    @overload
    def __init__(self: StudySession[StudyCard], store: Store, library: Library,
                 queue_filter: QueueFilter | None = None, settings: Settings | None = None,
                 *, predictions: bool) -> None: ...

    def __init__(self, store: Store, library: Library, queue_filter: QueueFilter | None = None,
                 settings: Settings | None = None, predictions: bool = False) -> None:
        self.store = store
        self.library = library
        self.settings = settings or store.settings()
        self.scheduler = make_scheduler(self.settings)
        self._filter = queue_filter or QueueFilter()
        cards = self._filter.cards(library, store.bookmarked_ids(),
                                   predictions and self.settings.predictions)
        self._cards = cast(dict[str, C], {card.id: card for card in cards})
        self._ids = list(self._cards)
        self._eligible = set(self._ids)
        self._seen = set(store.card_states())
        self._new_pos = 0
        self._undo_stack: list[str] = []
        self.current: C | None = None
        """The question or prediction being shown, until it is graded."""
        self._shown_at: datetime | None = None
        self._preview: Preview | None = None
        self._rev: int | None = None
        self.owner = new_owner()
        """This session's lease token."""
        self.reviewed = 0
        """Grades recorded in this session (minus those undone)."""
        self.graded_elsewhere = 0
        """Grades refused because another session graded the card first."""

    # -- queue ------------------------------------------------------------------------------

    def _first_due(self, until: datetime, taken: set[str],
                   learning_only: bool = False) -> str | None:
        due = self.store.due_ids(until, learning_only)
        return next((q for q in due if q in self._eligible and q not in taken), None)

    def _new_budget(self, now: datetime) -> int:
        used = self.store.new_cards_since(study_day_start(now))
        return max(0, self.settings.new_per_day - used)

    def _first_new(self, now: datetime, taken: set[str]) -> str | None:
        if self._new_budget(now) == 0:
            return None
        pos = self._new_pos
        while pos < len(self._ids):
            qid = self._ids[pos]
            if qid not in self._seen and self.store.card(qid) is not None:
                self._seen.add(qid)  # graded by another session since this one started
            if qid in self._seen:
                if pos == self._new_pos:
                    self._new_pos += 1
            elif qid not in taken:
                return qid
            pos += 1
        return None

    def _pick(self, taken: set[str]) -> str | None:
        now = self.store.clock()
        return (self._first_due(now, taken) or self._first_new(now, taken)
                or self._first_due(now + LEARN_AHEAD, taken, learning_only=True))

    def next_card(self) -> C | None:
        """The card to show now (the current one until it is graded), or None when done.

        A new question is leased to this session, so other sessions are served others.
        """
        if self.current is None:
            claimed = self.store.claim(self.owner, self._pick)
            qid, self._rev = claimed if claimed else (None, None)
            self.current = self._cards.get(qid) if qid else None
            self._shown_at = self.store.clock()
            self._preview = None
        return self.current

    def renew(self) -> bool:
        """Keep the lease on the shown card; False if another session took it (after expiry)."""
        question, rev = self.current, self._rev
        if question is None:
            return True
        return self.store.renew(question.id, self.owner, rev=rev)

    def close(self) -> None:
        """Free the card this session holds, for other sessions."""
        self.store.release(self.owner)

    # -- answering --------------------------------------------------------------------------

    def reveal(self) -> Preview:
        """Show the answer: fixes what each grade would do, so the preview is what is applied.

        Also renews the lease, so a slow answer keeps its card.
        """
        question = self._require_current()
        if self._preview is None:
            self.renew()
            self._preview = self.store.preview(question.id, self.scheduler)
        return self._preview

    def preview_intervals(self) -> dict[int, timedelta]:
        """{grade 1-4: interval it would give} for the current question."""
        return self.reveal().intervals()

    def grade(self, rating: int) -> Review | None:
        """Record a grade (committed before returning); call `next_card` for the next question.

        Returns None, recording nothing, when another session graded this card since it was
        shown here (the card moves on all the same). A `StoreError` (e.g. `StoreBusy`) leaves
        the card current, so the same grade can be tried again.
        """
        question = self._require_current()
        now = self.store.clock()
        duration = None
        if self._shown_at is not None:
            duration = max(0, int((now - self._shown_at).total_seconds() * 1000))
        try:
            review = self.store.grade(question.id, rating, self.scheduler,
                                      planned=self._preview, duration_ms=duration,
                                      owner=self.owner, expected_rev=self._rev)
        except AlreadyGraded:
            self.graded_elsewhere += 1
            self._seen.add(question.id)
            self.current, self._preview = None, None
            return None
        self._undo_stack.append(review.uid)
        self._seen.add(question.id)
        self.reviewed += 1
        self.current, self._preview = None, None
        return review

    def undo(self) -> C | None:
        """Undo this session's last grade and show that question again; None if not possible."""
        while self._undo_stack:
            qid = self.store.undo(self._undo_stack.pop())
            if qid is None:
                continue
            self.reviewed -= 1
            if self.store.card(qid) is None:
                self._seen.discard(qid)
                if qid in self._eligible:
                    self._new_pos = min(self._new_pos, self._ids.index(qid))
            self.current = self._cards.get(qid) or cast(C | None, self.library.question(qid))
            self._shown_at, self._preview = self.store.clock(), None
            stored = self.store.card(qid)
            self._rev = stored.rev if stored else 0
            self.renew()
            return self.current
        return None

    def _require_current(self) -> C:
        question = self.current or self.next_card()
        if question is None:
            raise LookupError("nothing to review")
        return question

    def counts(self) -> Counts:
        """Due, new (within today's limit), learning and learned questions in this queue."""
        now = self.store.clock()
        cards = self.store.card_states()
        statuses = [card_status(*cards[q], now) for q in self._ids if q in cards]
        unseen = sum(1 for q in self._ids if q not in cards)
        return Counts(due=statuses.count(DUE), new=min(unseen, self._new_budget(now)),
                      learning=statuses.count(LEARNING), learned=statuses.count(LEARNED))
