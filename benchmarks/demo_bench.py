"""Frame cost of every registered demo: compute (step) and plot build at 100x30, p50/p99.

Run: OPENBLAS_NUM_THREADS=1 python benchmarks/demo_bench.py [--frames 200] [--seconds 3]
Targets: compute + draw p99 under 33 ms per demo; animating at 8 fps under 15% of one core.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import plotext  # noqa: E402

from workbench.demos.plot import draw  # noqa: E402
from workbench.demos.registry import all_demos  # noqa: E402

WIDTH, HEIGHT = 100, 30


def measure(cls: type, frames: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-frame step and draw+build times in ms (restarting when a sweep ends)."""
    demo = cls(seed=0)
    steps, builds = np.empty(frames), np.empty(frames)
    for i in range(frames):
        t0 = time.perf_counter()
        frame = demo.step()
        t1 = time.perf_counter()
        draw(frame, plotext, WIDTH, HEIGHT)
        plotext.build()
        t2 = time.perf_counter()
        steps[i], builds[i] = (t1 - t0) * 1e3, (t2 - t1) * 1e3
        if frame.done:
            demo.reset()
    return steps, builds


def cpu_share(cls: type, seconds: float, fps: float = 8.0) -> float:
    """Process CPU time over wall time while stepping and building at `fps`, in % of a core."""
    demo = cls(seed=0)
    period = 1.0 / fps
    wall0, cpu0 = time.perf_counter(), time.process_time()
    deadline = wall0
    while time.perf_counter() - wall0 < seconds:
        frame = demo.step()
        draw(frame, plotext, WIDTH, HEIGHT)
        plotext.build()
        if frame.done:
            demo.reset()
        deadline += period
        time.sleep(max(0.0, deadline - time.perf_counter()))
    return 100.0 * (time.process_time() - cpu0) / (time.perf_counter() - wall0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    print(f"{'demo':<26}{'step p50':>9}{'p99':>8}{'build p50':>10}{'p99':>8}"
          f"{'total p99':>10}{'cpu@8fps':>9}")
    worst, worst_cpu = 0.0, 0.0
    demos = all_demos()
    for cls in demos:
        steps, builds = measure(cls, args.frames)
        total = np.percentile(steps + builds, 99)
        cpu = cpu_share(cls, args.seconds)
        worst, worst_cpu = max(worst, total), max(worst_cpu, cpu)
        print(f"{cls.id:<26}{np.median(steps):9.2f}{np.percentile(steps, 99):8.2f}"
              f"{np.median(builds):10.2f}{np.percentile(builds, 99):8.2f}{total:10.2f}"
              f"{cpu:8.1f}%", flush=True)
    print(f"demos: n={len(demos)} worst_p99_ms={worst:.1f} worst_cpu_8fps_pct={worst_cpu:.1f}")


if __name__ == "__main__":
    main()
