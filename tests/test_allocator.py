"""The app pins glibc's mmap threshold, so freed big blocks go back to the system."""

import platform
import sys

import pytest

from workbench.allocator import return_large_blocks, trim


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="glibc only")
def test_glibc_takes_the_fixed_threshold() -> None:
    assert return_large_blocks() is True


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="glibc only")
def test_freed_heap_pages_are_given_back() -> None:
    blocks = [bytearray(2000) for _ in range(20_000)]  # malloc'd, under the mmap threshold
    del blocks[: len(blocks) - 1]  # freed, but for the last (the heap cannot shrink)
    assert trim() is True
