"""An in-memory Whoosh storage whose writers get a scratch folder of their own.

Whoosh's `RamStorage` names a writer's scratch folder after the index (`MAIN.tmp`) in the
system temp dir, so every in-memory index of every process shares one folder, and the
first writer to commit deletes it under the others (`FileNotFoundError: .../MAIN.tmp/
....ctmp`). Two `workbench search` runs without a usable cache dir, or two in-memory
indexes in one process, were enough.
"""

from __future__ import annotations

import uuid
from typing import Any

from whoosh.filedb.filestore import RamStorage


class PrivateRamStorage(RamStorage):
    """`RamStorage` with a uniquely named scratch folder per writer."""

    def temp_storage(self, name: str | None = None) -> Any:
        """A fresh folder in the system temp dir, used by one writer and deleted by it."""
        return super().temp_storage(f"workbench-{uuid.uuid4().hex}-{name or 'scratch'}")
