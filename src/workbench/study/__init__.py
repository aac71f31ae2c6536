"""Study mode: FSRS scheduling, review queues and a crash-safe SQLite store (no Textual here).

API for the app and the CLI::

    store = Store.open(clock=utc_now)      # data_dir()/progress.sqlite3; store.notices to show
    store.busy_budget = 2.0                # wait at most 2 s for another process's lock,
                                           # then StoreBusy (nothing written; try again)
    session = StudySession(store, library, QueueFilter(chapter="training"),
                           predictions=True)   # True: the caller can show PredictionCards
    question = session.next_card()         # Question | PredictionCard | None (nothing due
                                           # or new); leased to this session, so other
                                           # windows get others
    preview = session.reveal()             # fixes the four outcomes; preview.intervals()
    session.preview_intervals()            # {1: timedelta, ..., 4: timedelta}
    session.grade(3)                       # committed before it returns; then next_card();
                                           # None if another window graded it meanwhile
    session.undo()                         # puts the last graded question back as current
    session.counts()                       # Counts(due, new, learning, learned)
    session.close()                        # frees the leased card
    store.data_version()                   # changes when another process commits
    tree_counts(store, library)            # {question id: "new"|"due"|"learning"|"learned"}
    next_due(store, library, after_id)     # next due question id in tree order, or None
    compute_stats(store, library)          # Stats (to_dict() for JSON)
    orphaned_ids(store, library)           # ids with history but no question (for `check`)
    store.set_bookmark(id, True); store.set_note(id, text); store.notes()
    store.settings() / store.save_settings(Settings(desired_retention=0.9, new_per_day=20,
                                                    predictions=True))
    compute_stats(...).predictions         # PredictionStats: the prediction cards' line
    export_progress(store) / import_progress(store, data)

Settings live in the store's `settings` table (one file to back up, written in the same
transactional way as progress). Time always comes from the store's clock, a callable
returning an aware UTC datetime, so tests can fast-forward days.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from workbench.study.clock import Clock, utc_now
    from workbench.study.errors import StoreBusy, StoreError
    from workbench.study.prediction_cards import PredictionCard
    from workbench.study.scheduling import Preview, Settings, format_interval
    from workbench.study.session import (
        Counts,
        QueueFilter,
        StudyCard,
        StudySession,
        next_due,
        tree_counts,
    )
    from workbench.study.stats import PredictionStats, Stats, compute_stats, orphaned_ids
    from workbench.study.store import Review, Store
    from workbench.study.transfer import TransferError, export_progress, import_progress

__getattr__ = lazy_exports(__name__, {
    "clock": ("Clock", "utc_now"),
    "errors": ("StoreBusy", "StoreError"),
    "prediction_cards": ("PredictionCard",),
    "scheduling": ("Preview", "Settings", "format_interval"),
    "session": ("Counts", "QueueFilter", "StudyCard", "StudySession", "next_due", "tree_counts"),
    "stats": ("PredictionStats", "Stats", "compute_stats", "orphaned_ids"),
    "store": ("Review", "Store"),
    "transfer": ("TransferError", "export_progress", "import_progress"),
})

__all__ = [
    "Clock", "Counts", "PredictionCard", "PredictionStats", "Preview", "QueueFilter", "Review",
    "Settings", "Stats", "Store", "StoreBusy", "StoreError", "StudyCard", "StudySession",
    "TransferError", "compute_stats", "export_progress",
    "format_interval", "import_progress", "next_due", "orphaned_ids", "tree_counts", "utc_now",
]
