"""Prediction cards: a demo's predictions scheduled with FSRS beside the questions (issue 14).

A prediction's card is keyed `prediction:<prediction id>` in the same store as questions,
so grading, undo, leases, stats and progress export treat it like any card. It belongs to
the topic whose demo it runs and is queued after that topic's questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.content.model import Library

if TYPE_CHECKING:
    from workbench.demos.predictions import Prediction
    from workbench.study.store import Review, Store

CARD_PREFIX = "prediction:"


@dataclass(frozen=True)
class PredictionCard:
    """A prediction as a study card: `id` is the store key, `topic_id` its demo's topic."""

    id: str
    topic_id: str
    prediction: Prediction

    @property
    def title(self) -> str:
        """The question, as the queue shows it."""
        return self.prediction.question


def is_prediction_card(card_id: str) -> bool:
    """Whether a store key names a prediction card."""
    return card_id.startswith(CARD_PREFIX)


def topic_prediction_cards(library: Library, topic_id: str) -> list[PredictionCard]:
    """The prediction cards of one topic (those of its demo), in file order."""
    topic = library.topic(topic_id)
    if topic is None or not topic.demo:
        return []
    from workbench.demos.predictions import predictions_for

    return [PredictionCard(p.card_id, topic.id, p) for p in predictions_for(topic.demo)]


def prediction_card(library: Library, card_id: str) -> PredictionCard | None:
    """The card for a `prediction:` key, or None when its prediction or topic is gone."""
    if not is_prediction_card(card_id):
        return None
    from workbench.demos.predictions import get_prediction

    prediction = get_prediction(card_id)
    if prediction is None:
        return None
    return next((c for t in library.topics() if t.demo == prediction.demo
                 for c in topic_prediction_cards(library, t.id) if c.id == card_id), None)


def all_prediction_cards(library: Library) -> list[PredictionCard]:
    """Every prediction card of the library's topics, in tree order (once each, under the
    first topic showing its demo)."""
    cards: dict[str, PredictionCard] = {}
    for topic in library.topics():
        for card in topic_prediction_cards(library, topic.id):
            cards.setdefault(card.id, card)
    return list(cards.values())


def record_answer(store: Store, card_id: str, rating: int) -> Review:
    """Record a prediction answered outside study mode (a demo pane, `workbench predict`) as a
    review of its card, scheduled with the store's settings; committed before it returns."""
    from workbench.study.scheduling import make_scheduler

    return store.grade(card_id, rating, make_scheduler(store.settings()))
