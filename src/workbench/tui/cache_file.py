"""Files the app keeps in the cache dir between runs (what the last screen showed).

Written whole or not at all (a temporary file replaced into place, so two windows that quit
together leave one of their files, never a mix), and a failure to write is ignored: what
is cached only saves the next start some work.
"""

from __future__ import annotations

import os

from workbench.paths import cache_dir


def write_cache_file(name: str, data: bytes) -> None:
    """Replace the cache file `name` with `data`, atomically; errors are ignored."""
    try:
        path = cache_dir() / name
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass
