"""Grade cards in a loop against a progress database, printing each review uid once committed.

Used by the crash and concurrency tests: `grader.py DB SECONDS SEED`. Prints `ready` after
opening, then one uid per committed grade (flushed), until SECONDS have passed.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from workbench.study.scheduling import Settings, make_scheduler
from workbench.study.store import Store


def main() -> int:
    path, seconds, seed = Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    scheduler = make_scheduler(Settings())
    with Store.open(path) as store:
        print("ready", flush=True)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            qid = f"q{rng.randrange(40)}"
            if rng.random() < 0.1:
                store.undo()
                continue
            review = store.grade(qid, rng.randint(1, 4), scheduler)
            print(review.uid, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
