"""Helpers the study commands share: opening the progress store with one-line errors."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from workbench.cli.common import CommandError

if TYPE_CHECKING:
    from workbench.study.store import Store


def open_store() -> Store:
    """The user's progress store; notices (e.g. a damaged file moved aside) go to stderr."""
    from workbench.study.db import StoreError
    from workbench.study.store import Store

    try:
        store = Store.open()
    except StoreError as exc:
        raise CommandError(str(exc), 1) from exc
    for notice in store.notices:
        print(f"workbench: {notice}", file=sys.stderr)
    return store
