"""Writing a big index in worker processes: each writes whole segments, the parent commits.

Turning notes into a segment is Python work per word and per posting, so one interpreter
keeps one core busy however many the machine has: a 20,000-question build took 35 s of
one core. Here worker processes each write parts of the topics as segments of their own
(the Whoosh files and the postings cache, `writer.FastWriter` as in one process), in a
folder of their own (a commit deletes the files of segments it does not list), and the
parent moves each finished segment into the index and commits it (`FastWriter.adopt`):
the index is the same Whoosh index, in as many segments as parts.

Workers are started with `spawn` (a fresh interpreter: no threads of the app forked) and
tell the parent how far they are through a queue. Where processes cannot be started,
`Workers.start` returns None and the caller writes every part itself.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage

from workbench.content.model import Topic
from workbench.search.postings import CACHE_DIR, PostingsStore
from workbench.search.schema import build_schema, topic_documents
from workbench.search.writer import FastWriter

PROCESSES = 2
"""Workers for a build (never more than the cores this process may use)."""
PARALLEL_FROM = 5000
"""Builds of fewer questions stay in one process: each worker's start (an interpreter,
Whoosh and numpy, its own stemming cache, its segment's share of the 65,536 pair terms)
costs about what writing a thousand questions does, so below this the second core saves
little and the machine does more work."""
START_METHOD = "spawn"
"""A fresh interpreter per worker: forking the app would copy its threads' locks mid-use."""
PART_FOLDER = ".part-{number}"
"""A part's folder inside the index folder (Whoosh's clean-up skips names with a dot)."""

_REPORTS: Any = None
"""In a worker: the queue for (part number, questions written so far)."""
_LET_GO: list[Any] = []
"""Queues of pools let go before their workers exited: a queue's semaphores are unlinked
when it is collected, and a worker still starting could then not open them."""


def processes_for(questions: int) -> int:
    """How many worker processes a build of `questions` questions gets (0: none)."""
    if questions < PARALLEL_FROM:
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    return min(PROCESSES, cores) if cores > 1 else 0


def split(topics: list[Topic], count: int) -> list[list[Topic]]:
    """`topics` in `count` consecutive parts of about as many questions each."""
    total = sum(len(topic.questions) for topic in topics)
    parts: list[list[Topic]] = [[] for _ in range(count)]
    done = 0
    for topic in topics:
        parts[min(count - 1, done * count // max(1, total))].append(topic)
        done += len(topic.questions)
    return [part for part in parts if part]


class Workers:
    """A pool of worker processes writing parts into one index folder."""

    def __init__(self, pool: ProcessPoolExecutor, reports: Any) -> None:
        self._pool = pool
        self._reports = reports

    @classmethod
    def start(cls, processes: int) -> Workers | None:
        """A pool of `processes` workers, or None where processes cannot be started."""
        try:
            context = multiprocessing.get_context(START_METHOD)
            reports = context.Queue()
            pool = ProcessPoolExecutor(processes, mp_context=context,
                                       initializer=_start_worker, initargs=(reports,))
        except (OSError, ImportError, NotImplementedError, ValueError):
            return None  # no semaphores (some sandboxes), no spawn, ...
        return cls(pool, reports)

    def submit(
        self, generation: Path, number: int, topics: list[Topic], notes: Mapping[str, str]
    ) -> Future[Any]:
        """Start writing part `number` (its topics with their notes) as one segment."""
        wanted = {qid: notes[qid] for t in topics for qid in t.question_ids() if qid in notes}
        folder = generation / PART_FOLDER.format(number=number)
        return self._pool.submit(write_part, str(folder), number, topics, wanted)

    def wait(self, future: Future[Any], progress: Callable[[int, int], None]) -> Any:
        """The result of `future` (its segment), telling `progress` (part number, questions
        written in it) whatever the workers report meanwhile."""
        while not future.done():
            try:
                progress(*self._reports.get(timeout=0.05))
            except queue.Empty:
                continue
        while True:
            try:
                progress(*self._reports.get_nowait())
            except queue.Empty:
                break
        return future.result()

    def close(self, wait: bool = False) -> None:
        """Let the workers go: `wait` for them to exit (when all is done), or drop the parts
        not started and leave the ones being written to finish unseen."""
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
        if not wait:
            _LET_GO.append(self._reports)


def remove_parts(generation: Path) -> None:
    """Delete what workers let go of (`close`) left in the index folder."""
    for path in generation.glob(PART_FOLDER.format(number="*")):
        shutil.rmtree(path, ignore_errors=True)


def move_part(generation: Path, number: int, segment_id: str) -> None:
    """Move a part's segment files and postings from its folder into the index folder."""
    folder = generation / PART_FOLDER.format(number=number)
    for path in folder.iterdir():
        if path.is_file() and segment_id in path.name and not path.name.endswith(".toc"):
            os.replace(path, generation / path.name)
    postings = folder / CACHE_DIR / segment_id
    if postings.is_dir():
        (generation / CACHE_DIR).mkdir(exist_ok=True)
        os.replace(postings, generation / CACHE_DIR / segment_id)
    shutil.rmtree(folder, ignore_errors=True)


def _start_worker(reports: Any) -> None:
    """In a new worker: keep the queue for reports, and print nothing on the terminal
    (the app's screen); what goes wrong in a part comes back with its result."""
    global _REPORTS
    _REPORTS = reports
    reports.cancel_join_thread()  # a worker never waits at exit for reports nobody reads
    quiet = os.open(os.devnull, os.O_WRONLY)
    for stream in (1, 2):
        os.dup2(quiet, stream)
    os.close(quiet)


def write_part(folder: str, number: int, topics: list[Topic], notes: dict[str, str]) -> Any:
    """In a worker: write `topics` as one segment of a scratch index in `folder`, reporting
    progress every hundred questions or so; returns the segment (Whoosh's object)."""
    ix = FileStorage(folder).create().create_index(build_schema())
    writer = FastWriter(ix, PostingsStore(Path(folder) / CACHE_DIR))
    done = reported = 0
    try:
        for topic in topics:
            for document in topic_documents(topic, notes):
                writer.add_document(**document)
            done += len(topic.questions)
            if _REPORTS is not None and done - reported >= 100:
                _REPORTS.put((number, done))
                reported = done
        return writer.finish_segment()
    except BaseException:
        writer.cancel()
        raise
