"""Ask the C allocator to give freed memory back to the system.

glibc raises its mmap threshold each time a large block is freed, up to 32 MB: after the
first big temporary (a catalog cache read, a search's score arrays, the statistics over
every question), the next ones are carved from the heap instead, and the holes they leave
between long-lived objects stay resident. A fixed threshold keeps every block of 128 KiB
or more in its own mapping, returned when freed: 5-7 MB less resident after a tour of the
app over 20,000 questions. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import sys

M_MMAP_THRESHOLD = -3
"""mallopt's parameter number (malloc.h)."""
MMAP_THRESHOLD = 128 * 1024
"""glibc's default threshold, pinned (setting it turns the dynamic raising off)."""


def return_large_blocks() -> bool:
    """Pin glibc's mmap threshold; False where there is no glibc to ask."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
        return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    except (OSError, AttributeError):  # no mallopt there (not glibc)
        return False


def trim() -> bool:
    """Give the heap's free pages back to the system (glibc's `malloc_trim`), as after a
    full collection freed many objects: whether any was given back (False where there is
    no glibc to ask)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        malloc_trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return False
    return bool(malloc_trim(0))
