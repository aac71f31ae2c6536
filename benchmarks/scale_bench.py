"""Does size cost start-up? Bundled notes only vs bundled + 20,000 questions, same run.

Generates a notes folder of 1,000 topic files (20 questions each, 50 topics a chapter),
written the way real notes are: sub-questions under a stem, nested lists, inline and
display math, a code block, a table. Two warm homes are prepared (`workbench index` run,
the place to restore saved, then one start to write the caches), and both are launched
in turn in a real terminal (tmux, 120x40, `startup_bench`'s `launch`): milliseconds to the
first screen (the topic tree) and to the restored topic's text, medians of interleaved
rounds, and the ratio big / bundled (target: within 1.2x).

Then the memory tour (search, five topics, gallery, stats) is driven by Pilot in a fresh
interpreter per home (`idle_bench.py`, headless at 120x40) and its RSS after the tour is
read back (target: at most 100 MB with the 20k folder loaded).

The last line is machine-readable.

Usage: python benchmarks/scale_bench.py [--runs 7] [--questions 20000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from startup_bench import (  # noqa: E402
    SESSION,
    SRC,
    Sample,
    compile_bytecode,
    launch,
    median,
    prepare_warm,
    workbench_markers,
)

PER_TOPIC = 20
TOPICS_PER_CHAPTER = 50

QUESTION = """## [{d}] How does regularisation {t}.{q} change the gradient of $L(w)$? {{#q{q}}}

Adding $\\lambda \\|w\\|_2^2$ to the loss adds $2 \\lambda w$ to its gradient, so each
step shrinks the weights by a factor $(1 - 2 \\eta \\lambda)$ before the data term acts.

1. The data term pulls towards the empirical minimiser:
    - with a learning rate $\\eta$ small enough, the step is a descent step;
    - with **momentum**, the shrinkage compounds over `steps` updates.
2. The penalty term pulls towards the origin.

$$
w_{{t+1}} = (1 - 2 \\eta \\lambda)\\, w_t - \\eta \\nabla L_0(w_t)
$$

| penalty | gradient | effect |
|---|---|---|
| L2 | $2 \\lambda w$ | shrinks |
| L1 | $\\lambda\\, \\mathrm{{sign}}(w)$ | zeroes |
"""

STEM = """## Weight decay in topic {t}. {{#stem{s} .stem}}

Weight decay with decoupled updates, as in AdamW: $w \\leftarrow w - \\eta \\lambda w$.

"""

SUB = """### [{d}] Why decouple the decay {t}.{q} from the adaptive step? {{#q{q}}}

Because Adam divides the gradient by $\\sqrt{{\\hat v_t}}$: a penalty folded into the
gradient is rescaled per weight, so large-gradient weights are barely regularised.

```python
for w, g in zip(params, grads):
    w -= lr * (g / (v.sqrt() + eps) + wd * w)
```
"""


def topic_text(t: int) -> str:
    """One topic file: 20 questions, every fifth pair under a stem as sub-questions."""
    parts = [f'+++\nid = "gen-{t}"\ntitle = "Generated topic {t}"\ndifficulty = "H"\n'
             f'tags = ["generated"]\nsummary = "Generated topic {t} for the scale bench."\n'
             "+++\n\nAn introduction with $x_i$ and a [link](https://example.org).\n\n"]
    q = 0
    while q < PER_TOPIC:
        d = "EMH"[q % 3]
        if q % 5 == 3 and q + 1 < PER_TOPIC:
            parts.append(STEM.format(t=t, s=q))
            parts += [SUB.format(t=t, q=q, d=d), SUB.format(t=t, q=q + 1, d=d)]
            q += 2
        else:
            parts.append(QUESTION.format(t=t, q=q, d=d))
            q += 1
    return "\n".join(parts)


def generate_notes(notes: Path, questions: int) -> int:
    """Write `questions` questions as topic files under `notes`; returns the topic count."""
    topics = max(1, questions // PER_TOPIC)
    for t in range(topics):
        number = t // TOPICS_PER_CHAPTER + 1
        chapter = notes / f"{number:03d}-generated-{number}"
        chapter.mkdir(parents=True, exist_ok=True)
        path = chapter / f"{t % TOPICS_PER_CHAPTER + 1:03d}-gen-{t}.md"
        path.write_text(topic_text(t), "utf-8")
    return topics


def tour_rss(env: dict[str, str]) -> float:
    """RSS (MB) after idle_bench's Pilot-driven tour, in a fresh interpreter for `env`."""
    out = subprocess.run([sys.executable, str(BENCH / "idle_bench.py"), "--seconds", "1"],
                         env=dict(os.environ, **env), check=True, capture_output=True,
                         text=True).stdout
    found = re.search(r"rss_after_tour_mb=([\d.]+)", out)
    if found is None:
        raise SystemExit(f"idle_bench printed no RSS:\n{out}")
    return float(found.group(1))


def main() -> None:
    """Generate, prepare, measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, default=None,
                        help="reuse (or create) the homes in this folder between runs")
    parser.add_argument("--no-rss", action="store_true", help="skip the memory tour")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("scale_bench needs tmux")

    from workbench.content.loader import load_library
    from workbench.paths import bundled_content_dir

    compile_bytecode()
    library = load_library([bundled_content_dir()])
    topic = library.chapters[0].topics[0]
    question = topic.questions[0]
    markers = workbench_markers(question.body, library.chapters[0].title)
    markers.pop("plot")

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="workbench-scale-"))
    base_env = {"PYTHONPATH": str(SRC), "TERM": "xterm-256color",
                "OPENBLAS_NUM_THREADS": "1"}
    homes = {"bundled": workdir / "bundled", "big": workdir / "big"}
    envs = {name: dict(base_env, WORKBENCH_HOME=str(home)) for name, home in homes.items()}
    notes = homes["big"] / "data" / "notes"
    if not notes.exists():
        started = time.perf_counter()
        generate_notes(notes, args.questions)
        print(f"generated {args.questions} questions in {notes} "
              f"({time.perf_counter() - started:.1f} s)", flush=True)
    for name, home in homes.items():
        if not (home / "cache" / "index").exists():
            started = time.perf_counter()
            prepare_warm(home, dict(os.environ, **envs[name]), topic.id, question.id)
            print(f"{name}: index built in {time.perf_counter() - started:.1f} s", flush=True)
        place = home / "config" / "ui-state.json"  # a kept home's last tour saved another
        place.write_text(f'{{"topic_id": "{topic.id}", "question_id": "{question.id}"}}',
                         "utf-8")

    python = shlex.quote(sys.executable)
    app = f"{python} -m workbench"
    subprocess.run(["tmux", "-L", SESSION, "kill-server"], capture_output=True)
    subprocess.run(["tmux", "-L", SESSION, "new-session", "-d", "-s", SESSION, "-x", "120",
                    "-y", "40", "sleep 100000"], check=True)
    samples: dict[str, list[Sample]] = {name: [] for name in homes}
    try:
        for env in envs.values():  # the first start writes the caches: measure the second
            launch(app, env, markers)
        for _ in range(args.runs):
            for name, env in envs.items():
                samples[name].append(launch(app, env, markers))
    finally:
        subprocess.run(["tmux", "-L", SESSION, "kill-server"], capture_output=True)

    figures: dict[str, float] = {}
    print(f"restored topic: {topic.id}; {args.questions} questions in "
          f"{args.questions // PER_TOPIC} topics beside the bundled ones")
    for what in ("screen", "text"):
        for name in homes:
            ms = median([s.seen[what] for s in samples[name]])
            missed = sum(s.seen[what] is None for s in samples[name])
            figures[f"{name}_{what}_ms"] = ms
            note = f"  ({missed} never seen)" if missed else ""
            print(f"{name:8} {what:6}: {ms:6.0f} ms (median of {len(samples[name])}){note}")
        ratio = figures[f"big_{what}_ms"] / figures[f"bundled_{what}_ms"]
        figures[f"{what}_x"] = ratio
        print(f"{'':8} {what:6}: big / bundled {ratio:.2f}x (target <= 1.2x)")
    if not args.no_rss:
        for name in homes:
            figures[f"{name}_rss_mb"] = tour_rss(envs[name])
            print(f"{name:8} RSS after the tour (Pilot, idle_bench): "
                  f"{figures[f'{name}_rss_mb']:.0f} MB", flush=True)
    if args.keep is None:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"scale: runs={args.runs} questions={args.questions} "
          + " ".join(f"{k}={v:.2f}" if k.endswith("_x") else f"{k}={v:.0f}"
                     for k, v in figures.items()))


if __name__ == "__main__":
    main()
