"""Package exports that load on first use (PEP 562), so naming one light module of a
package does not import all of it.

The app's first paint needs a few names from `workbench.study` and `workbench.mathtext`;
their `__init__` re-exported everything eagerly, which loaded FSRS, the store, the LaTeX
parser and more before the first frame. Type checkers still see the names through the
package's `if TYPE_CHECKING:` imports.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_exports(package: str, homes: dict[str, tuple[str, ...]]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: each name in `homes` (submodule -> names) is
    imported from its submodule when first asked for, then kept in the package."""
    module_of = {name: module for module, names in homes.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
