"""A hand-moved clock for the study tests (the store takes any callable returning a UTC time)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
