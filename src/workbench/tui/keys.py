"""Keys are defined once, in the `BINDINGS` of the screens and widgets. This module reads them
for the help screen, the palette hints and the user's keymap (`[keymap]` in config.toml).

Every binding of ours carries `id="<scope>.<name>"` (scope: the screen or widget, such as
`main`, `review`, `demo`; name in kebab case, such as `review.grade-1`), a short `description`
(the footer label) and a `tooltip` (the help line, also the footer's hover text). A help
section is the class that owns the binding (`help_data.SECTIONS`), not `Binding.group`:
Textual's footer merges neighbouring shown bindings of one group into a single entry.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from textual.binding import Binding, InvalidBinding
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from workbench.config import ConfigProblem, KeymapEntry

Owners = Mapping[type[DOMNode], str]
"""Every class with bindings of ours, and the help title of its section."""


class Section(NamedTuple):
    """One part of the help screen: the keys of `owners`, then prose rows that are not keys."""

    title: str
    owners: tuple[type[DOMNode], ...]
    notes: tuple[tuple[str, str], ...] = ()


def owners_of(sections: list[Section]) -> dict[type[DOMNode], str]:
    """Each class listed in `sections`, with its section's title."""
    return {owner: section.title for section in sections for owner in section.owners}


def merged_bindings(owner: type[DOMNode]) -> dict[str, list[Binding]]:
    """The bindings an instance of `owner` starts with, by key, merged as Textual does:
    a class's bindings for a key replace those of its bases."""
    keys: dict[str, list[Binding]] = {}
    for base in reversed(owner.__mro__):
        own: dict[str, list[Binding]] = {}
        for binding in Binding.make_bindings(base.__dict__.get("BINDINGS", [])):
            own.setdefault(binding.key, []).append(binding)
        keys.update(own)
    return keys


def added_bindings(owner: type[DOMNode], owners: Owners) -> list[Binding]:
    """What `owner` binds beyond its nearest base that has a section of its own (or Textual's
    `Screen`/`Widget`), so each key is listed once; Textual's hidden system keys left out."""
    stops = (*owners, ModalScreen, Screen, Widget)
    base = next((cls for cls in owner.__mro__[1:] if cls in stops), None)
    inherited = merged_bindings(base) if base is not None else {}
    return [binding for key, bindings in merged_bindings(owner).items() for binding in bindings
            if binding not in inherited.get(key, []) and not binding.system]


def effective_keys(binding: Binding, keymap: Mapping[str, str]) -> list[str]:
    """The keys `binding` answers to once the user's keymap is applied."""
    keys = keymap.get(binding.id) if binding.id else None
    return [key.strip() for key in (keys or binding.key).split(",")]


def key_label(key: str) -> str:
    """A key as the user types it in the keymap and sees it in help: `?`, `ctrl+b`, `space`."""
    *modifiers, name = key.split("+")
    char = format_key(name)
    shown = char if len(char) == 1 and char.isascii() and char.isprintable() and char != " " \
        else name
    return "+".join([*modifiers, shown])


class KeyRow(NamedTuple):
    """One help row: every key of one action in a section, and what it does."""

    keys: list[str]
    action: str
    what: str
    binding_id: str | None


def key_rows(owner: type[DOMNode], owners: Owners, keymap: Mapping[str, str]) -> list[KeyRow]:
    """The help rows of `owner`'s section: its bindings grouped by action, with the effective
    keys. Ours (with an id) come first, and their help line wins over Textual's description
    of the same action (`j` and Textual's `down` both move the tree cursor)."""
    rows: dict[str, KeyRow] = {}
    ordered = sorted(added_bindings(owner, owners), key=lambda binding: binding.id is None)
    for binding in ordered:
        row = rows.setdefault(binding.action, KeyRow(
            [], binding.action, binding.tooltip or binding.description.lower(), binding.id))
        for key in effective_keys(binding, keymap):
            if key_label(key) not in row.keys:
                row.keys.append(key_label(key))
    return list(rows.values())


def key_names(owner: type[DOMNode], binding_id: str, keymap: Mapping[str, str]) -> str:
    """The keys of `owner`'s binding `binding_id` as a user reads them ("escape/q"); "" when
    `owner` has no such binding."""
    for bindings in merged_bindings(owner).values():
        for binding in bindings:
            if binding.id == binding_id:
                return "/".join(key_label(key) for key in effective_keys(binding, keymap))
    return ""


def normalized(keys: str) -> str:
    """`keys` as Textual stores them (`?` becomes `question_mark`), comma-separated."""
    return ",".join(binding.key for binding in Binding.make_bindings([Binding(keys, "")]))


def check_keymap(path: Path, entries: tuple[KeymapEntry, ...], owners: Owners
                 ) -> tuple[dict[str, str], list[ConfigProblem]]:
    """The keymap to apply and a `path:line` problem for each entry left out: an unknown id,
    a key that cannot be bound, or a key another binding of the same screen or widget has."""
    ids = {binding.id for owner in owners for bindings in merged_bindings(owner).values()
           for binding in bindings if binding.id}
    keymap: dict[str, str] = {}
    lines: dict[str, KeymapEntry] = {}
    problems: list[ConfigProblem] = []
    for entry in entries:
        if entry.binding_id not in ids:
            close = difflib.get_close_matches(entry.binding_id, sorted(ids), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else " (? lists every id)"
            problems.append(ConfigProblem(path, entry.line, f"keymap: unknown key id "
                                          f"'{entry.binding_id}' is ignored{hint}"))
            continue
        try:
            keymap[entry.binding_id] = normalized(entry.keys)
        except InvalidBinding:  # e.g. "ctrl+f,,x"
            problems.append(ConfigProblem(path, entry.line, f"keymap: '{entry.binding_id}' = "
                                          f"'{entry.keys}' is not a key list; keeping its "
                                          "default key"))
            continue
        lines[entry.binding_id] = entry
    while clash := _first_clash(keymap, owners):
        binding_id, key, other, title = clash
        entry = lines[binding_id]
        problems.append(ConfigProblem(path, entry.line, f"keymap: '{binding_id}' = "
                                      f"'{entry.keys}' is ignored: {key_label(key)} is "
                                      f"already '{other}' in {title}"))
        del keymap[binding_id]
    problems.sort(key=lambda problem: problem.line)
    return keymap, problems


def _first_clash(keymap: Mapping[str, str], owners: Owners
                 ) -> tuple[str, str, str, str] | None:
    """(remapped id, key, what else has it, where) for the first key two different actions of
    one class share once `keymap` is applied; None when there is none."""
    for owner, title in owners.items():
        seen: dict[str, Binding] = {}
        bindings = [b for group in merged_bindings(owner).values() for b in group]
        # Bindings the keymap moves go last, so the clash is blamed on the moved one.
        bindings.sort(key=lambda b: b.id in keymap)
        for binding in bindings:
            for key in effective_keys(binding, keymap):
                other = seen.setdefault(key, binding)
                if other.action != binding.action and binding.id in keymap:
                    name = other.id or other.description or other.action
                    return binding.id or "", key, name, title
    return None
