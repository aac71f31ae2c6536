"""Grade through the real `StudySession` against a progress database, as one window would.

Used by the two-window test: `session_grader.py DB LIBRARY_SIZE GRADES SEED`. Prints `ready`
after opening, then per grade `uid QUESTION_ID` once committed, or `elsewhere QUESTION_ID`
when another session graded the card first (flushed), until GRADES grades or nothing is left.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from study_support import make_library

from workbench.study.scheduling import Settings
from workbench.study.session import StudySession
from workbench.study.store import Store


def main() -> int:
    path, size, grades, seed = Path(sys.argv[1]), *map(int, sys.argv[2:5])
    rng = random.Random(seed)
    library = make_library(chapters=1, topics=size // 10, questions=10)
    with Store.open(path) as store:
        session = StudySession(store, library, settings=Settings(new_per_day=10_000))
        print("ready", flush=True)
        for _ in range(grades):
            question = session.next_card()
            if question is None:
                break
            session.reveal()
            review = session.grade(rng.randint(1, 4))
            line = f"elsewhere {question.id}" if review is None else f"{review.uid} {question.id}"
            print(line, flush=True)
        session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
