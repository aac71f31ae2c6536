"""User settings of the app, from `config.toml` in the config dir (all optional).

    autoplay = false     # demos start paused; `space` on the demo pane plays them

    [keymap]             # binding id = key(s); `?` in the app lists every id
    "review.reveal" = "enter"
    main.search = "ctrl+f,slash"

The keymap is only read here (each entry with its line); the app checks the ids and clashes
against its bindings, since only it knows them.

Study settings (desired retention, new cards a day) live in the progress store instead.
A missing file means defaults. A broken one also means defaults, never a refusal to start,
but each problem (bad TOML, unknown key, wrong type) is reported as `path:line: message`:
on stderr by the CLI, as a notification by the app.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from workbench.paths import config_path
from workbench.textsafe import clean_text

if TYPE_CHECKING:
    import tomllib

_AT = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")


class KeymapEntry(NamedTuple):
    """One `[keymap]` line: a binding id and the key(s) it should have instead."""

    binding_id: str
    keys: str
    """One key or several separated by commas, as written (e.g. `ctrl+f,slash`)."""
    line: int


class Config(NamedTuple):
    """App settings with their defaults."""

    autoplay: bool = True
    """Start a topic's demo animating as soon as the topic opens."""
    keymap: tuple[KeymapEntry, ...] = ()
    """The user's key changes, in file order."""


class ConfigProblem(NamedTuple):
    """Something wrong in `config.toml`; `str()` is `path:line: message`."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        """One line, without control characters (keys and values come from the file)."""
        text = clean_text(f"{self.path}:{self.line}: {self.message}")
        return text.replace("\n", " ").replace("\t", " ")


def config_file() -> Path:
    """`<config dir>/config.toml` (the dir need not exist or be writable to read it)."""
    return config_path() / "config.toml"


def read_config(path: Path | None = None) -> tuple[Config, list[ConfigProblem]]:
    """Settings from `path` (default: `config_file()`), defaults for anything missing or wrong,
    and what was wrong."""
    path = path or config_file()
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return Config(), []
    except OSError as exc:
        return Config(), [ConfigProblem(path, 1, f"cannot read: {exc.strerror or exc}; "
                                        "using default settings")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Config(), [ConfigProblem(path, line, "not UTF-8 text; using default settings")]
    import tomllib  # only when there is a file: most learners have none

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Config(), [_syntax_problem(path, text, exc)]
    return _settings(path, text, data)


def _syntax_problem(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> ConfigProblem:
    message = str(exc)
    found = _AT.search(message)
    line = len(text.rstrip("\n").splitlines()) or 1
    if found:
        message = message[: found.start()]
        if found.group(1):
            line = int(found.group(1))
            message += f" (column {found.group(2)})"
    return ConfigProblem(path, line, f"not valid TOML: {message}; using default settings")


def _settings(
    path: Path, text: str, data: dict[str, object]
) -> tuple[Config, list[ConfigProblem]]:
    """Known keys of the right type become settings; anything else is a problem."""
    known = set(Config._fields)
    defaults = Config()
    values: dict[str, object] = {}
    problems: list[ConfigProblem] = []
    for key, value in data.items():
        line = _line_of(text, key)
        if key == "keymap" and isinstance(value, dict):
            values[key], bad = _keymap(path, text, value)
            problems.extend(bad)
        elif key == "keymap":
            problems.append(ConfigProblem(path, line, "'keymap' must be a table ([keymap]); "
                                          "using the default keys"))
        elif key not in known:
            problems.append(ConfigProblem(path, line, f"unknown setting '{key}' is ignored "
                                          f"(known: {', '.join(sorted(known))})"))
        elif not isinstance(value, bool):  # every setting is a switch so far
            default = getattr(defaults, key)
            problems.append(ConfigProblem(path, line, f"'{key}' must be true or false, not "
                                          f"{_toml(value)}; using {_toml(default)}"))
        else:
            values[key] = value
    return Config(**values), problems  # type: ignore[arg-type]


def _keymap(path: Path, text: str, table: dict[str, object]
            ) -> tuple[tuple[KeymapEntry, ...], list[ConfigProblem]]:
    """`[keymap]` entries whose value is a key string; dotted ids may be written bare
    (`main.search = ...`, which TOML reads as a nested table) or quoted."""
    entries: list[KeymapEntry] = []
    problems: list[ConfigProblem] = []
    for binding_id, value in _flatten(table):
        line = _table_line(text, f"keymap.{binding_id}")
        if isinstance(value, str) and value.strip():
            entries.append(KeymapEntry(binding_id, value, line))
        else:
            problems.append(ConfigProblem(path, line, f"keymap '{binding_id}' must be a key "
                                          f"such as \"ctrl+f\", not {_toml(value)}; "
                                          "keeping its default key"))
    return tuple(sorted(entries, key=lambda e: e.line)), problems


def _flatten(table: dict[str, object], prefix: str = "") -> list[tuple[str, object]]:
    """(dotted id, value) for every leaf of a nested table."""
    leaves: list[tuple[str, object]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            leaves.extend(_flatten(value, f"{prefix}{key}."))
        else:
            leaves.append((prefix + key, value))
    return leaves


def _table_line(text: str, dotted: str) -> int:
    """The line defining the dotted key `dotted`, seen from any table header; else 1."""
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[([^\[\]]+)\]\s*(?:#.*)?$", line)
        if header:
            table = _dotted(header.group(1))
            continue
        assignment = re.match(r"^\s*([^=]+?)\s*=", line)
        if assignment:
            key = _dotted(assignment.group(1))
            if (f"{table}.{key}" if table else key) == dotted:
                return number
    return _line_of(text, dotted.partition(".")[0])


def _dotted(key: str) -> str:
    """A TOML key as written (`a . "b.c"`) reduced to one comparable dotted string."""
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)', key)
    return ".".join(next(p for p in part if p) if any(part) else "" for part in parts)


def _line_of(text: str, key: str) -> int:
    """The line defining top-level `key` (or table `[key]`), else 1."""
    quoted = re.escape(key)
    pattern = re.compile(rf"^\s*\[*\s*(?:{quoted}|\"{quoted}\"|'{quoted}')\s*[=.\]]")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return 1


def _toml(value: object) -> str:
    """A value as it would be written in TOML, shortened for a one-line message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value[:30] + '"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)[:30]
