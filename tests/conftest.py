"""Shared fixtures: every test runs with its own private user dirs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point WORKBENCH_HOME at a fresh folder so no test touches the real user dirs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def fixed_global_random() -> None:
    """fsrs fuzzes intervals with the global `random`; seed it so every run shows the same."""
    random.seed(0)
