"""Fixtures for the study tests: a small library (the clock and store are in tests/conftest)."""

from __future__ import annotations

import pytest
from study_support import make_library

from workbench.content.model import Library


@pytest.fixture
def library() -> Library:
    return make_library()
