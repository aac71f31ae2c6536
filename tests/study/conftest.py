"""Fixtures for the study tests: a small library, a fake clock and a store on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from study_support import make_library

from fake_clock import FakeClock
from workbench.content.model import Library
from workbench.study.store import Store


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def library() -> Library:
    return make_library()


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    with Store.open(tmp_path / "progress.sqlite3", clock=clock) as opened:
        yield opened
