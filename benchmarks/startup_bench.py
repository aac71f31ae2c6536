"""Start-up time to the first screen: workbench vs a bare Textual app, same run, same method.

Each sample is a fresh interpreter (bytecode caching on, as for a user) that runs the app
headless and exits as soon as the first screen has been painted (the pilot's first pause).
Runs alternate between the two apps so machine noise hits both alike. Prints medians and
the ratio; the last line is machine-readable.

Usage: python benchmarks/startup_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

async def first_paint(pilot):
    await pilot.pause()
    pilot.app.exit()

Bare().run(headless=True, size=(120, 36), auto_pilot=first_paint)
"""

WORKBENCH = """
from workbench.content.loader import default_roots, load_library
from workbench.tui.app import WorkbenchApp

async def first_paint(pilot):
    await pilot.pause()
    pilot.app.exit()

WorkbenchApp(load_library(default_roots())).run(headless=True, size=(120, 36),
                                                auto_pilot=first_paint)
"""


def sample(code: str, env: dict[str, str]) -> float:
    """Seconds from spawning the interpreter to its exit after the first paint."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ, WORKBENCH_HOME=tempfile.mkdtemp(prefix="workbench-bench-"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users run from cached bytecode; so do both apps
    sample(WORKBENCH, env)  # warm the file cache and the bytecode
    sample(BARE, env)
    bare: list[float] = []
    ours: list[float] = []
    for _ in range(args.runs):
        bare.append(sample(BARE, env))
        ours.append(sample(WORKBENCH, env))
    bare_ms = statistics.median(bare) * 1000
    ours_ms = statistics.median(ours) * 1000
    print(f"bare textual app : median {bare_ms:7.0f} ms  (runs: {len(bare)})")
    print(f"workbench        : median {ours_ms:7.0f} ms  (runs: {len(ours)})")
    print(f"ratio            : {ours_ms / bare_ms:.2f}x")
    print(f"startup: runs={args.runs} bare_ms={bare_ms:.0f} workbench_ms={ours_ms:.0f} "
          f"ratio={ours_ms / bare_ms:.2f}")


if __name__ == "__main__":
    main()
