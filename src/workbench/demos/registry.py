"""The demo registry: `@register` on each Demo class; look demos up by id.

Demo modules in this package are imported on first use, so listing demos costs
nothing until someone asks. Each module is named after the id of its demo.
"""

from __future__ import annotations

import importlib
import pkgutil

from workbench.demos.base import Demo

_DEMOS: dict[str, type[Demo]] = {}
_NOT_DEMOS = {"base", "registry", "plot", "check", "predictions"}
_loaded = False


def register(cls: type[Demo]) -> type[Demo]:
    """Class decorator: make a demo available by its id."""
    if cls.id in _DEMOS and _DEMOS[cls.id] is not cls:
        raise ValueError(f"demo id '{cls.id}' registered twice")
    _DEMOS[cls.id] = cls
    return cls


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    import workbench.demos as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in _NOT_DEMOS and not info.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{info.name}")
    _loaded = True


def get(demo_id: str) -> type[Demo] | None:
    """The demo class with this id, or None.

    Demo modules are named after their ids, so opening one topic imports one module;
    only an id with no module of its name makes the registry import them all.
    """
    if demo_id not in _DEMOS and demo_id.isidentifier() and demo_id not in _NOT_DEMOS:
        try:
            importlib.import_module(f"workbench.demos.{demo_id}")
        except ModuleNotFoundError as exc:
            if exc.name != f"workbench.demos.{demo_id}":
                raise
    if demo_id not in _DEMOS:
        _load_all()
    return _DEMOS.get(demo_id)


def all_demos() -> list[type[Demo]]:
    """Every registered demo, sorted by id."""
    _load_all()
    return [_DEMOS[k] for k in sorted(_DEMOS)]
