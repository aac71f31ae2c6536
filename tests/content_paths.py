"""Where the repository's content lives, for tests that read the bundled notes."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
SOURCE_NOTES = CONTENT / "_sources" / "ml-interview-notes.md"
