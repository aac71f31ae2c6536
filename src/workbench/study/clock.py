"""The one source of time for study code, injectable so tests can fast-forward days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]
"""A callable returning the current time as an aware UTC datetime."""


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """`moment` with tzinfo exactly `UTC` (FSRS rejects other tzinfo objects)."""
    if moment.tzinfo is None:
        raise ValueError("study clock must return an aware datetime")
    return moment.astimezone(UTC)


def to_epoch(moment: datetime) -> float:
    """Seconds since the epoch, as stored in the database."""
    return moment.timestamp()


def from_epoch(seconds: float) -> datetime:
    """An aware UTC datetime from stored epoch seconds."""
    return datetime.fromtimestamp(seconds, UTC)


DAY_ROLLOVER_HOUR = 4
"""A study day starts at 04:00 local time, so a late-night session counts as the same day."""


def study_day_start(now: datetime) -> datetime:
    """When the study day containing `now` began (local time, rollover at 04:00), in UTC."""
    local = now.astimezone()
    start = (local - timedelta(hours=DAY_ROLLOVER_HOUR)).replace(
        hour=0, minute=0, second=0, microsecond=0) + timedelta(hours=DAY_ROLLOVER_HOUR)
    return start.astimezone(UTC)
