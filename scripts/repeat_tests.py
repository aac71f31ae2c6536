"""Run the test suite N times in a row and stop at the first failure (flaky-test hunting).

    python scripts/repeat_tests.py                  # the whole suite, 10 runs
    python scripts/repeat_tests.py --runs 3 tests/test_snapshots.py tests/test_app.py

Every other argument goes to pytest as it is (`-n0`: one process instead of xdist's).
Each run prints its summary line; a failing run prints which run it was, the failing test
ids and the end of pytest's report, keeps the whole report in a file it names (the end
alone shows only the last failure), and the script exits 1. Not run by CI: it takes N
times the suite's time.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FAILED = re.compile(r"^(FAILED|ERROR) (\S+)")
"""pytest's short summary lines (`-rfE`): the outcome, then the test id."""
TAIL_LINES = 40


def failing_ids(output: str) -> list[str]:
    """The ids of the tests pytest reported as failed or errored, in its order."""
    return [match.group(2) for line in output.splitlines() if (match := FAILED.match(line))]


def summary_line(output: str) -> str:
    """pytest's last non-empty line ('812 passed, 3 skipped in 95.12s')."""
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1].strip("= ") if lines else "(no output)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--runs", type=int, default=10, help="how many runs (10)")
    options, pytest_args = parser.parse_known_args(argv)
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfE", *pytest_args]
    print("$ python " + " ".join(command[1:]), flush=True)
    for run in range(1, options.runs + 1):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        output = done.stdout + done.stderr
        seconds = time.perf_counter() - started
        print(f"run {run}/{options.runs} ({seconds:.0f} s): {summary_line(output)}", flush=True)
        if done.returncode != 0:
            ids = failing_ids(output)
            print(f"\nrun {run} of {options.runs} failed (pytest exit {done.returncode}); "
                  f"{len(ids)} failing test(s):")
            for test_id in ids:
                print(f"  {test_id}")
            print("\nend of pytest's report:")
            print("\n".join(output.splitlines()[-TAIL_LINES:]))
            with tempfile.NamedTemporaryFile("w", prefix=f"repeat-run{run}-", suffix=".log",
                                             delete=False) as report:
                report.write(output)
            print(f"\nthe whole report: {report.name}")
            return 1
    print(f"all {options.runs} runs passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
