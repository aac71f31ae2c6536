"""User settings of the app, from `config.toml` in the config dir (all optional).

    autoplay = false     # demos start paused; `space` on the demo pane plays them

Study settings (desired retention, new cards a day) live in the progress store instead.
A missing or broken file means defaults: settings must never stop the app from starting.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from workbench.paths import config_dir


@dataclass(frozen=True)
class Config:
    """App settings with their defaults."""

    autoplay: bool = True
    """Start a topic's demo animating as soon as the topic opens."""


def load_config() -> Config:
    """Settings from `config.toml`, defaults for anything missing or malformed."""
    try:
        data = tomllib.loads((config_dir() / "config.toml").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Config()
    autoplay = data.get("autoplay")
    return Config(autoplay=autoplay if isinstance(autoplay, bool) else True)
