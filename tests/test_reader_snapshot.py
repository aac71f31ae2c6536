"""SVG snapshots of the ERM and L1/L2 topic bodies as rendered Markdown, 80 and 100 columns wide."""

from __future__ import annotations

from pathlib import Path

import pytest

APP = Path(__file__).parent / "snapshot_apps" / "reader_math_app.py"


@pytest.mark.parametrize("width", [80, 100])
def test_reader_math(snap_compare, width: int) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APP, terminal_size=(width, 60))
