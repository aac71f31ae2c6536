"""Start-up as a user sees it: workbench vs a bare Textual app, in a real terminal, same run.

Each sample launches a fresh interpreter in a tmux pane (120x40) and polls `tmux
capture-pane` until something is visible:

- first screen: the bare app's text / workbench's topic tree (a chapter title);
- restored topic: the first words of the restored question's answer in the reader;
- plot: the demo's y-axis ticks (`┤`), drawn once the first frame is computed.

Two homes are measured: *fresh* (a new empty WORKBENCH_HOME per sample: no index, no
cache, no saved place) and *warm* (one home already used: index built, the place to
restore saved, then the app run once on it and quit with `q`, so what it saves at exit is
there, as for a learner's second start). Rounds alternate between the apps so machine
noise hits all alike; medians are printed with the ratios to the bare app's first screen,
in wall time and in CPU time of the app's process up to the marker (read from /proc when
the marker is seen; on a busy machine the wall time also waits for a core, the CPU time
does not).

`--scale N` adds N generated questions (20 per topic) to the warm home's notes folder and
measures that home too, as a ratio to the bundled-only warm figures ("size does not cost
start-up"). The last line is machine-readable.

Usage: python benchmarks/startup_bench.py [--runs N] [--scale 20000]
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))

SESSION = "workbench-startup-bench"
TIMEOUT = 20.0
POLL = 0.004

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("hello bare app")
        yield Footer()

Bare().run()
"""


def tmux(*args: str) -> str:
    """Run a tmux command on the bench's own server socket and return its output."""
    return subprocess.run(["tmux", "-L", SESSION, *args], check=True, capture_output=True,
                          text=True).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def blank_pane() -> None:
    """Kill whatever runs in the pane and leave it empty."""
    tmux("respawn-pane", "-k", "-t", SESSION, "clear; exec sleep 100000")
    deadline = time.monotonic() + 5
    while screen().strip() and time.monotonic() < deadline:
        time.sleep(0.01)


@dataclass
class Sample:
    """Milliseconds from launch until each marker was first seen (None: never), and the
    CPU milliseconds the app's process had used by then."""

    seen: dict[str, float | None] = field(default_factory=dict)
    cpu: dict[str, float | None] = field(default_factory=dict)


TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def cpu_ms(pid: int) -> float | None:
    """User + system CPU of process `pid` so far (its threads included), in ms.

    Wall times on a busy machine wait for a core; CPU time is what the start cost, so
    its ratio to the bare app's holds up under load (to the kernel's 10 ms tick)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) * TICK_MS


def launch(command: str, env: dict[str, str], markers: dict[str, re.Pattern[str]]) -> Sample:
    """Start `command` in the pane and time when each marker appears."""
    blank_pane()
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    start = time.perf_counter()
    tmux("respawn-pane", "-k", "-t", SESSION, f"exec env {exports} {command}")
    pid = int(tmux("display-message", "-p", "-t", SESSION, "#{pane_pid}"))
    sample = Sample({name: None for name in markers}, {name: None for name in markers})
    while time.perf_counter() - start < TIMEOUT:
        text = screen()
        now = (time.perf_counter() - start) * 1000
        for name, pattern in markers.items():
            if sample.seen[name] is None and pattern.search(text):
                sample.seen[name] = now
                sample.cpu[name] = cpu_ms(pid)
        if all(v is not None for v in sample.seen.values()):
            break
        time.sleep(POLL)
    blank_pane()
    return sample


def use_and_quit(command: str, env: dict[str, str], markers: dict[str, re.Pattern[str]]) -> None:
    """Use a home as a learner does: start the app, wait for its restored topic and plot,
    and quit with `q` (what the app saves at exit, such as the demo's first frame, is then
    there for the next start)."""
    blank_pane()
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    tmux("respawn-pane", "-k", "-t", SESSION, f"env {exports} {command}; exec sleep 100000")
    deadline = time.monotonic() + TIMEOUT
    while not all(p.search(screen()) for p in markers.values()):
        if time.monotonic() > deadline:
            raise SystemExit("the app did not show its restored topic and plot")
        time.sleep(0.05)
    time.sleep(1.0)  # the demo's first frame is kept once drawn
    tmux("send-keys", "-t", SESSION, "q")
    # Until the app's process has ended, not just left the screen: what it saves at exit
    # is written after that (a pane killed sooner left a home that was not warm).
    while tmux("display-message", "-p", "-t", SESSION, "#{pane_current_command}").strip() \
            != "sleep":
        if time.monotonic() > deadline + TIMEOUT:
            raise SystemExit("the app did not quit on q")
        time.sleep(0.05)
    blank_pane()


def compile_bytecode() -> None:
    """Write the bytecode of `src` as `pip install .` does at install time.

    Launches never write it themselves where PYTHONDONTWRITEBYTECODE is set (as in some
    sandboxes and CI images); then every module would be compiled from source at each
    start, a cost no installed user pays and the bare app (all installed) never pays.
    """
    compileall.compile_dir(SRC, quiet=1)


def plain_words(markdown: str, count: int = 3) -> str:
    """The first `count` words of the answer's first line, as the reader shows them."""
    for line in markdown.splitlines():
        text = re.sub(r"\$[^$]*\$|[*_`#>]|^\s*([-+]|\d+\.)\s+|\[([^]]*)\]\([^)]*\)", r"\2", line)
        words = re.findall(r"[A-Za-z][A-Za-z'-]*[:,.]?", text)
        if len(words) >= count:
            return " ".join(words[:count])
    raise SystemExit("no plain text in the restored answer to look for")


def workbench_markers(question_body: str, chapter_title: str) -> dict[str, re.Pattern[str]]:
    words = plain_words(question_body).split()
    return {
        "screen": re.compile(re.escape(chapter_title)),
        "text": re.compile(r"\s+".join(re.escape(w) for w in words)),
        "plot": re.compile("┤"),
    }


def generate_notes(notes: Path, questions: int, per_topic: int = 20) -> None:
    """`questions` generated questions in topic files of `per_topic`, 50 topics a chapter."""
    topics = max(1, questions // per_topic)
    for t in range(topics):
        chapter = notes / f"{t // 50 + 1:03d}-generated-{t // 50 + 1}"
        chapter.mkdir(parents=True, exist_ok=True)
        parts = [f'+++\nid = "gen-{t}"\ntitle = "Generated topic {t}"\ndifficulty = "M"\n+++\n']
        for q in range(per_topic):
            parts.append(
                f"## [M] Generated question {t}.{q} about gradient {q} {{#q{q}}}\n\n"
                f"Answer {t}.{q}: the loss $L = \\sum_i (y_i - w x_i)^2$ falls as the model "
                "learns; regularisation trades bias for variance.\n\n"
                "- point one with **bold**\n- point two with `code`\n")
        (chapter / f"{t % 50 + 1:03d}-gen-{t}.md").write_text("\n".join(parts), "utf-8")


def prepare_warm(home: Path, env: dict[str, str], topic_id: str, question_id: str) -> None:
    """Build the index (and any caches) once and save the place to restore."""
    subprocess.run([sys.executable, "-m", "workbench", "index"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "ui-state.json").write_text(
        f'{{"topic_id": "{topic_id}", "question_id": "{question_id}"}}', "utf-8")


def median(values: list[float | None]) -> float:
    seen = [v for v in values if v is not None]
    return statistics.median(seen) if seen else float("nan")


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--topic", default=None, help="topic to restore (default: the first)")
    parser.add_argument("--scale", type=int, default=0,
                        help="also measure a warm home with this many generated questions")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("startup_bench needs tmux")

    from workbench.content.loader import load_library
    from workbench.paths import bundled_content_dir

    compile_bytecode()
    library = load_library([bundled_content_dir()])
    topic = library.topic(args.topic) if args.topic else library.chapters[0].topics[0]
    if topic is None:
        raise SystemExit(f"no topic '{args.topic}'")
    question = topic.questions[0]
    chapter = library.chapters[0].title
    markers = workbench_markers(question.body, chapter)
    bare_markers = {"screen": re.compile("hello bare app")}

    base_env = {"PYTHONPATH": str(SRC), "TERM": "xterm-256color"}
    workdir = Path(tempfile.mkdtemp(prefix="workbench-startup-"))
    warm_home = workdir / "warm"
    warm_env = dict(base_env, WORKBENCH_HOME=str(warm_home))
    prepare_warm(warm_home, dict(os.environ, **warm_env), topic.id, question.id)
    homes: dict[str, dict[str, str] | None] = {"fresh": None, "warm": warm_env}
    if args.scale:
        big_home = workdir / "big"
        generate_notes(big_home / "data" / "notes", args.scale)
        big_env = dict(base_env, WORKBENCH_HOME=str(big_home))
        print(f"building the index for {args.scale} generated questions...", flush=True)
        prepare_warm(big_home, dict(os.environ, **big_env), topic.id, question.id)
        homes["scale"] = big_env

    python = shlex.quote(sys.executable)
    app = f"{python} -m workbench"
    bare_cmd = f"{python} -c {shlex.quote(BARE)}"
    subprocess.run(["tmux", "-L", SESSION, "kill-server"], capture_output=True)
    subprocess.run(["tmux", "-L", SESSION, "new-session", "-d", "-s", SESSION, "-x", "120",
                    "-y", "40", "sleep 100000"], check=True)
    try:
        launch(bare_cmd, base_env, bare_markers)  # warm the file cache and the bytecode
        for env in homes.values():
            if env is not None:  # a warm home has been used once, and quit
                use_and_quit(app, env, markers)
        for env in homes.values():
            launch(app, env or dict(base_env, WORKBENCH_HOME=tempfile.mkdtemp(dir=workdir)),
                   markers)
        bare: list[float | None] = []
        bare_cpu: list[float | None] = []
        ours: dict[str, list[Sample]] = {name: [] for name in homes}
        for _ in range(args.runs):
            sample = launch(bare_cmd, base_env, bare_markers)
            bare.append(sample.seen["screen"])
            bare_cpu.append(sample.cpu["screen"])
            for name, env in homes.items():
                home_env = env or dict(base_env,
                                       WORKBENCH_HOME=tempfile.mkdtemp(dir=workdir))
                ours[name].append(launch(app, home_env, markers))
    finally:
        subprocess.run(["tmux", "-L", SESSION, "kill-server"], capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)

    bare_ms, bare_cpu_ms = median(bare), median(bare_cpu)
    print(f"restored topic: {topic.id}, looking for {markers['text'].pattern!r}")
    print(f"bare textual app, first screen : {bare_ms:6.0f} ms  (median of {len(bare)}),"
          f" CPU {bare_cpu_ms:4.0f} ms")
    figures: dict[str, float] = {"bare_ms": bare_ms, "bare_cpu_ms": bare_cpu_ms}
    for name, samples in ours.items():
        for what in ("screen", "text", "plot"):
            ms = median([s.seen[what] for s in samples])
            cpu = median([s.cpu[what] for s in samples])
            missed = sum(s.seen[what] is None for s in samples)
            figures[f"{name}_{what}_ms"] = ms
            figures[f"{name}_{what}_x"] = ms / bare_ms
            figures[f"{name}_{what}_cpu_x"] = cpu / bare_cpu_ms
            note = f"  ({missed} never seen)" if missed else ""
            print(f"workbench {name:5} {what:6}          : {ms:6.0f} ms  "
                  f"{ms / bare_ms:5.2f}x bare; CPU {cpu:4.0f} ms {cpu / bare_cpu_ms:5.2f}x{note}")
    if "scale" in ours:
        for what in ("screen", "text"):
            ratio = figures[f"scale_{what}_ms"] / figures[f"warm_{what}_ms"]
            figures[f"scale_vs_warm_{what}"] = ratio
            print(f"{args.scale} questions vs bundled (warm), {what}: {ratio:.2f}x")
    print("startup: runs=" + str(args.runs) + " "
          + " ".join(f"{k}={v:.2f}" if k.endswith(("_x", "warm_screen", "warm_text"))
                     else f"{k}={v:.0f}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
