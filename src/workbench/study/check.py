"""Warnings for `workbench check`: study history for questions that no longer exist."""

from __future__ import annotations

import difflib

from workbench.content.model import Library, Problem
from workbench.study.db import StoreError, default_path
from workbench.study.stats import orphaned_ids
from workbench.study.store import Store


def orphan_problems(library: Library) -> list[Problem]:
    """One warning per orphaned id, naming the closest current id (a likely rename)."""
    path = default_path()
    if not path.exists():
        return []
    try:
        store = Store.open(path)
    except StoreError as exc:
        return [Problem(path, 0, str(exc), "warning")]
    with store:
        problems = [Problem(path, 0, notice, "warning") for notice in store.notices]
        current = list(library.question_ids())
        for qid in orphaned_ids(store, library):
            close = difflib.get_close_matches(qid, current, n=1, cutoff=0.6)
            hint = f" (renamed to '{close[0]}'?)" if close else ""
            problems.append(Problem(path, 0, f"study progress for '{qid}', which is no longer "
                                    f"in the content{hint}; its history is kept", "warning"))
    return problems
