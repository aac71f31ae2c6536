"""The app pins glibc's mmap threshold, so freed big blocks go back to the system."""

import platform
import sys

import pytest

from workbench.allocator import return_large_blocks


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="glibc only")
def test_glibc_takes_the_fixed_threshold() -> None:
    assert return_large_blocks() is True
