"""User settings of the app, from `config.toml` in the config dir (all optional).

    autoplay = false     # demos start paused; `space` on the demo pane plays them

Study settings (desired retention, new cards a day) live in the progress store instead.
A missing file means defaults. A broken one also means defaults, never a refusal to start,
but each problem (bad TOML, unknown key, wrong type) is reported as `path:line: message`:
on stderr by the CLI, as a notification by the app.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from workbench.paths import config_path
from workbench.textsafe import clean_text

_AT = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")


@dataclass(frozen=True)
class Config:
    """App settings with their defaults."""

    autoplay: bool = True
    """Start a topic's demo animating as soon as the topic opens."""


@dataclass(frozen=True)
class ConfigProblem:
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
    known = {f.name: f for f in fields(Config)}
    defaults = Config()
    values: dict[str, object] = {}
    problems: list[ConfigProblem] = []
    for key, value in data.items():
        line = _line_of(text, key)
        if key not in known:
            problems.append(ConfigProblem(path, line, f"unknown setting '{key}' is ignored "
                                          f"(known: {', '.join(sorted(known))})"))
        elif not isinstance(value, bool):  # every setting is a switch so far
            default = getattr(defaults, key)
            problems.append(ConfigProblem(path, line, f"'{key}' must be true or false, not "
                                          f"{_toml(value)}; using {_toml(default)}"))
        else:
            values[key] = value
    return Config(**values), problems  # type: ignore[arg-type]


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
