"""How long commands show how far they are: a Rich progress bar on a terminal, plain lines
(`indexed 2000/20000`) when stderr is piped or redirected, so logs stay free of escapes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

PLAIN_STEPS = 10
"""Plain lines per task: one each tenth of the way, and the last."""
SMALL = 50
"""Work of fewer things than this is not reported: it is done before a bar could be read."""


class ProgressReport:
    """Callables `(done, total)` for core code, one per kind of work (`indexed`, `read`,
    ...), drawn as bars of one Rich display or written as lines.

    Use as a context manager; nothing is shown until the first report, and the bars are
    taken down (leaving their last state) on exit.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._bar: object | None = None
        self._tasks: dict[str, object] = {}
        self._next_line: dict[str, int] = {}

    def __enter__(self) -> ProgressReport:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()  # type: ignore[attr-defined]

    def task(self, verb: str) -> Callable[[int, int], None]:
        """The callable reporting one kind of work; `verb` says what is counted."""
        return lambda done, total: self.report(verb, done, total)

    def report(self, verb: str, done: int, total: int) -> None:
        """`done` of `total` things are `verb` (indexed, read, written)."""
        if total < SMALL:
            return
        if self._stream.isatty():
            self._draw(verb, done, total)
        elif done >= self._next_line.get(verb, 0) or done >= total:
            self._next_line[verb] = done + max(1, total // PLAIN_STEPS)
            print(f"{verb} {done}/{total}", file=self._stream, flush=True)

    def _draw(self, verb: str, done: int, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        if self._bar is None:
            bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                           console=Console(file=self._stream))
            bar.start()
            self._bar = bar
        if verb not in self._tasks:
            self._tasks[verb] = self._bar.add_task(verb, total=total)  # type: ignore[attr-defined]
        self._bar.update(self._tasks[verb], completed=done, total=total)  # type: ignore[attr-defined]
