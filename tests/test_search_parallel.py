"""A big build is written by worker processes and ranks as one written here; where the
workers cannot start, or die, this process writes what they did not."""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from test_search_progress import many_topics
from workbench.search import parallel
from workbench.search.index import SearchIndex
from workbench.search.writer import FastWriter

QUERIES = ("gradient", "momentum kernel", "descent OR margin", '"variance and"', "kern*",
           "notes:chain")
NOTES = {"t5/q7": "a chain rule reminder"}


@pytest.fixture
def submitted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Builds of any size go to workers; the part numbers they were given."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    numbers: list[int] = []
    submit = parallel.Workers.submit

    def counted(self: parallel.Workers, generation: Path, number: int, *args: Any) -> Any:
        numbers.append(number)
        return submit(self, generation, number, *args)

    monkeypatch.setattr(parallel.Workers, "submit", counted)
    return numbers


def ranked(index: SearchIndex, query: str) -> list[str]:
    return [hit.question_id for hit in index.search(query, limit=50).hits]


def assert_same_rankings(index: SearchIndex, reference: SearchIndex) -> None:
    for query in QUERIES:
        assert ranked(index, query) == ranked(reference, query), query
        assert ranked(index, query)[:10] == (index.whoosh_ranking(query) or []), query


def test_workers_write_a_build_that_ranks_as_one_process(
    tmp_path: Path, submitted: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = many_topics(tmp_path / "notes", topics=8, questions=40)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**9)
    here = SearchIndex.open(library, NOTES, root=tmp_path / "here")
    assert submitted == []
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    reports: list[tuple[int, int]] = []
    index = SearchIndex.open(library, NOTES, root=tmp_path / "workers",
                             progress=lambda done, total: reports.append((done, total)))
    assert submitted == [0, 1]
    assert index.stats.documents == 320 and index.notice is None
    assert reports[0] == (0, 320) and reports[-1] == (320, 320)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert ranked(index, "notes:chain") == ["t5/q7"]
    assert_same_rankings(index, here)
    generation = next(p for p in (tmp_path / "workers").iterdir() if p.is_dir())
    assert not [p for p in generation.iterdir() if p.name.startswith(".part")]

    edited = many_topics(tmp_path / "notes", topics=8, questions=41)  # every topic edited
    stats = index.update(edited, NOTES)
    assert len(stats.updated) == 8 and index.stats.documents == 328
    index.close()
    reopened = SearchIndex.open(edited, NOTES, root=tmp_path / "workers")
    assert not reopened.stats.rebuilt and not reopened.stats.added
    assert ranked(reopened, "question") == ranked(SearchIndex.open(edited, NOTES), "question")


def test_a_searchable_build_writes_its_first_part_here_and_the_rest_in_workers(
    tmp_path: Path, submitted: list[int]
) -> None:
    library = many_topics(tmp_path / "notes")
    reports: list[tuple[int, int]] = []
    early: list[int] = []
    index = SearchIndex.open(
        library, NOTES, root=tmp_path / "ix", progress=lambda d, t: reports.append((d, t)),
        searchable=lambda ix: early.append(len(ix.search("gradient", limit=1000).hits)))
    assert submitted == [1]  # parts of 500 (written here) and 700 questions
    assert reports[-1] == (1200, 1200)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert len(early) == 1 and 0 < early[0] < len(index.search("gradient", limit=1000).hits)
    assert_same_rankings(index, SearchIndex.open(library, NOTES, root=tmp_path / "whole"))


def test_where_workers_cannot_start_this_process_writes_everything(
    tmp_path: Path, submitted: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "START_METHOD", "no-such-method")
    commits: list[object] = []
    commit = FastWriter.commit

    def counted(self: FastWriter, *args: Any, **kwargs: Any) -> Any:
        commits.append(kwargs.get("merge"))
        return commit(self, *args, **kwargs)

    monkeypatch.setattr(FastWriter, "commit", counted)
    library = many_topics(tmp_path / "notes", topics=4, questions=30)
    index = SearchIndex.open(library, NOTES, root=tmp_path / "ix")
    assert submitted == [] and index.stats.documents == 120 and index.notice is None
    assert commits == [True]  # one merged segment, as a build without workers writes
    assert_same_rankings(index, SearchIndex.open(library, NOTES))


def test_when_workers_die_this_process_writes_the_parts_they_did_not(
    tmp_path: Path, submitted: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: parallel.Workers, future: Any, progress: Any) -> Any:
        progress(0, 10)  # reported by both workers before they died
        progress(1, 20)
        future.cancel()
        raise BrokenProcessPool("a worker was killed")

    monkeypatch.setattr(parallel.Workers, "wait", broken)
    library = many_topics(tmp_path / "notes", topics=4, questions=30)
    reports: list[tuple[int, int]] = []
    index = SearchIndex.open(library, NOTES, root=tmp_path / "ix",
                             progress=lambda d, t: reports.append((d, t)))
    assert submitted == [0, 1] and index.stats.documents == 120
    assert reports[-1] == (120, 120) and (30, 120) in reports
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert_same_rankings(index, SearchIndex.open(library, NOTES))
