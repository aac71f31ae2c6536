"""The app's one progress store, or the reason there is none (the reader works either way)."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.study import Store, StoreError


class StudyUnavailable(Exception):
    """Study keys were used while the progress store could not be opened."""


@dataclass
class StudyAccess:
    """Holds the store opened at start-up, the notices it raised and any opening error."""

    store: Store | None
    error: str | None = None
    notices: list[str] = field(default_factory=list)
    owned: bool = False
    """True when the app opened the store itself and so must close it."""

    @classmethod
    def open(cls, given: Store | None = None) -> StudyAccess:
        """Use `given`, else open the default store; a failure is kept as a message."""
        if given is not None:
            return cls(given, notices=list(given.notices))
        try:
            store = Store.open()
        except (StoreError, OSError) as exc:
            return cls(None, error=str(exc) or exc.__class__.__name__)
        return cls(store, notices=list(store.notices), owned=True)

    def require(self) -> Store:
        """The store, or StudyUnavailable saying why study mode is off."""
        if self.store is None:
            raise StudyUnavailable(f"Study mode is unavailable: {self.error}")
        return self.store

    def close(self) -> None:
        """Close the store if the app opened it."""
        if self.store is not None and self.owned:
            self.store.close()
