"""Start-up in instructions: what the process executes until the restored topic's text is
drawn, against a bare Textual app's first screen, counted by valgrind (cachegrind).

`startup_bench.py` times what a user sees, but on a shared 2-core machine one start of the
same code takes 300 ms or 440 ms of CPU: a 3% change is lost in that noise. Instruction
counts are the same run after run (to 0.3%), so they show whether a change to start-up
helps, and by how much. They leave out what the CPU does beyond instructions (cache misses,
writing to the terminal), so the timed benchmark stays the measure of record.

Each count is one run (they do not vary) of a fresh interpreter in a tmux pane (120x40),
ended with `os._exit` right after the frame in question is written. That frame is found
with the one private hook used here, `App._display` (Textual writes each frame through it):
for the bare app its first frame; for workbench the first frame after its reader has laid
out the restored topic (`Reader.parts`) and, in the warm home, the first with the demo's
saved plot at its size (a fresh home has none: its plot waits for numpy and the demo,
which the timed benchmark measures). Homes are as in `startup_bench.py`: *warm* (used and
quit once) and *fresh* (new and empty).

Usage: python benchmarks/startup_instructions.py
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from startup_bench import (
    BARE,
    SESSION,
    SRC,
    blank_pane,
    compile_bytecode,
    prepare_warm,
    use_and_quit,
    workbench_markers,
)

TIMEOUT = 300.0
"""Seconds a run may take under valgrind (some 50 times slower than without)."""

PROBE = """
import os, sys
from textual.app import App

display = App._display

def _display(self, screen, renderable):
    ready = READY(screen)
    display(self, screen, renderable)
    if ready:
        os._exit(0)

App._display = _display
"""

BARE_READY = "READY = lambda screen: True\n"

TEXT_READY = """
def READY(screen):
    from workbench.tui.widgets.reader import Reader
    readers = screen.query(Reader)
    return bool(readers) and bool(readers.first().parts)
"""

PLOT_READY = """
def READY(screen):
    from workbench.tui.widgets.plot_snapshot import PlotSnapshot
    return any(plot.display and plot.snapshot is not None
               and plot.snapshot.size == tuple(plot.size) for plot in screen.query(PlotSnapshot))
"""

RUN_WORKBENCH = """
sys.argv = ["workbench"]
from workbench.cli import main
main()
"""


def count(code: str, env: dict[str, str], log: Path) -> int:
    """Instructions `python -c code` executes, all threads, until it exits."""
    blank_pane()
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    valgrind = ("valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "
                f"--log-file={shlex.quote(str(log))}")
    command = f"{valgrind} {shlex.quote(sys.executable)} -c {shlex.quote(code)}"
    subprocess.run(["tmux", "-L", SESSION, "respawn-pane", "-k", "-t", SESSION,
                    f"env {exports} {command}; exec sleep 100000"], check=True)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = re.search(r"I\s+refs:\s+([\d,]+)", log.read_text() if log.exists() else "")
        if found:
            blank_pane()
            return int(found.group(1).replace(",", ""))
        time.sleep(0.2)
    raise SystemExit(f"no count after {TIMEOUT:.0f} s (see {log})")


def main() -> None:
    """Count and print."""
    for tool in ("tmux", "valgrind"):
        if shutil.which(tool) is None:
            raise SystemExit(f"startup_instructions needs {tool}")
    from workbench.content.loader import load_library
    from workbench.paths import bundled_content_dir

    compile_bytecode()
    library = load_library([bundled_content_dir()])
    topic = library.chapters[0].topics[0]
    question = topic.questions[0]
    markers = workbench_markers(question.body, library.chapters[0].title)
    base_env = {"PYTHONPATH": str(SRC), "TERM": "xterm-256color"}
    workdir = Path(tempfile.mkdtemp(prefix="workbench-instructions-"))
    warm_env = dict(base_env, WORKBENCH_HOME=str(workdir / "warm"))
    prepare_warm(workdir / "warm", dict(os.environ, **warm_env), topic.id, question.id)

    subprocess.run(["tmux", "-L", SESSION, "kill-server"], capture_output=True)
    subprocess.run(["tmux", "-L", SESSION, "new-session", "-d", "-s", SESSION, "-x", "120",
                    "-y", "40", "sleep 100000"], check=True)
    try:
        app = f"{shlex.quote(sys.executable)} -m workbench"
        use_and_quit(app, warm_env, markers)
        bare = count(PROBE + BARE_READY + BARE, base_env, workdir / "bare.log")
        figures = {"bare_minstr": bare / 1e6}
        print(f"bare textual app, first screen : {bare / 1e6:6.0f} M instructions")
        runs = (("warm", "text", warm_env, TEXT_READY), ("warm", "plot", warm_env, PLOT_READY),
                ("fresh", "text", dict(base_env, WORKBENCH_HOME=str(workdir / "fresh")),
                 TEXT_READY))
        for name, what, env, ready in runs:
            ours = count(PROBE + ready + RUN_WORKBENCH, env, workdir / f"{name}-{what}.log")
            figures[f"{name}_{what}_minstr"] = ours / 1e6
            figures[f"{name}_{what}_instr_x"] = ours / bare
            print(f"workbench {name:5} {what:5}          : {ours / 1e6:6.0f} M "
                  f"{ours / bare:5.2f}x bare")
    finally:
        subprocess.run(["tmux", "-L", SESSION, "kill-server"], capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)
    print("startup_instructions: " + " ".join(
        f"{k}={v:.2f}" if k.endswith("_x") else f"{k}={v:.0f}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
