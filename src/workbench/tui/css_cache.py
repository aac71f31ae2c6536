"""Textual's parsed CSS, kept between runs.

Every start parses about 20 KB of CSS (our stylesheet and the default CSS of each widget
class on the first screen): some 40 ms of a 650 ms start on 2 cores. Reading the parsed
rules back from the cache dir takes a few. Textual offers no public hook for this;
`Stylesheet._parse_rules` is the one private method used, overridden here only
(tests/test_css_cache.py names it). The cache is keyed by the CSS text, its source, the
theme's variables and a stamp of the installed Textual, so an edit, a theme or an
upgrade parses afresh, and any doubt about the file means parsing as before.
"""

from __future__ import annotations

import hashlib
import pickle
from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

from workbench.paths import cache_dir
from workbench.tui.cache_file import write_cache_file
from workbench.tui.code_stamp import code_stamp

FILE_NAME = "css-rules.pickle"
MAX_ENTRIES = 400
"""More than this (themes switched often, CSS edited) keeps only what this run used."""


def _stamp() -> str | None:
    return code_stamp((), ("textual",))


class SavedRules:
    """Parsed rule sets by key, as read from (and written back to) the cache dir."""

    def __init__(self, entries: dict[str, bytes], stamp: str | None) -> None:
        self._entries = entries
        self._stamp = stamp
        self._used: set[str] = set()
        self._new: dict[str, list[RuleSet]] = {}
        """Rules parsed this run, pickled when saved (at exit, not before the first paint)."""

    @classmethod
    def load(cls) -> SavedRules:
        """What the last run saved; nothing if it is missing, damaged or from other code."""
        stamp = _stamp()
        entries: dict[str, bytes] = {}
        try:
            saved = pickle.loads((cache_dir() / FILE_NAME).read_bytes())
        except Exception:  # missing, unreadable or not ours: parse as if never saved
            saved = None
        if (isinstance(saved, dict) and stamp is not None and saved.get("stamp") == stamp
                and isinstance(saved.get("entries"), dict)):
            entries = {key: value for key, value in saved["entries"].items()
                       if isinstance(key, str) and isinstance(value, bytes)}
        return cls(entries, stamp)

    def rules(self, key: str) -> list[RuleSet] | None:
        """The rule sets saved under `key` (new objects each call), or None."""
        data = self._entries.get(key)
        if data is None:
            return None
        try:
            rules = pickle.loads(data)
        except Exception:
            rules = None
        if not (isinstance(rules, list) and all(isinstance(rule, RuleSet) for rule in rules)):
            del self._entries[key]
            return None
        self._used.add(key)
        return rules

    def keep(self, key: str, rules: list[RuleSet]) -> None:
        """Remember rules parsed this run (not ones with errors: those are reported)."""
        if self._stamp is not None and not any(rule.errors for rule in rules):
            self._new[key] = rules
            self._used.add(key)

    def save(self) -> None:
        """Write the rules back if this run parsed any (atomically; errors ignored)."""
        if not self._new:
            return
        entries = self._entries
        for key, rules in self._new.items():
            try:
                entries[key] = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # a rule that cannot be pickled is simply parsed next time
                continue
        if len(entries) > MAX_ENTRIES:
            entries = {key: entries[key] for key in self._used if key in entries}
        write_cache_file(FILE_NAME, pickle.dumps({"stamp": self._stamp, "entries": entries},
                                                 protocol=pickle.HIGHEST_PROTOCOL))
        self._new = {}


class CachedStylesheet(Stylesheet):
    """A Stylesheet that takes parsed rules from `saved` and adds what it parses to it."""

    def __init__(self, saved: SavedRules, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self.saved = saved
        self._variables_digest = _digest(sorted((variables or {}).items()))
        self._parsed: dict[tuple[str, CSSLocation, bool, int, str], list[RuleSet]] = {}
        """This run's rules by source: each is asked for again as widgets mount."""

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._variables_digest = _digest(sorted(variables.items()))
        self._parsed.clear()

    def _parse_rules(self, css: str, read_from: CSSLocation, is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        source = (css, read_from, is_default_rules, tie_breaker, scope)
        rules = self._parsed.get(source)  # (a str keeps its hash: no digest for a repeat)
        if rules is None:
            key = _digest((self._variables_digest, *source))
            rules = self.saved.rules(key)
            if rules is None:
                rules = super()._parse_rules(*source)
                self.saved.keep(key, rules)
            self._parsed[source] = rules
        return rules


def _digest(value: Any) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()
