"""Index builds report progress, and a build in parts answers searches from what is indexed."""

from __future__ import annotations

import threading
from pathlib import Path

from search_fixture import fixture_library, write_notes
from workbench.content.model import Library
from workbench.search.index import SearchIndex

WORDS = ["gradient", "descent", "momentum", "variance", "kernel", "margin", "dropout"]


def many_topics(root: Path, topics: int = 12, questions: int = 100) -> Library:
    files = {}
    for t in range(topics):
        body = "\n".join(
            f"## [E] Question {n} on {WORDS[(t + n) % len(WORDS)]}? {{#q{n}}}\n\n"
            + f"{WORDS[n % len(WORDS)]} and {WORDS[(n * t) % len(WORDS)]}. " * (1 + n % 5) + "\n"
            for n in range(questions))
        files[f"01-c/{t:02d}-t{t}.md"] = (f'+++\nid = "t{t}"\ntitle = "Topic {t}"\n'
                                          f'difficulty = "E"\n+++\n\n{body}')
    return fixture_library(write_notes(root, files))


def test_build_in_parts_is_searchable_early_and_ranks_as_one_build(tmp_path: Path) -> None:
    library = many_topics(tmp_path / "notes")
    reports: list[tuple[int, int]] = []
    early: list[tuple[int, int, int]] = []

    def searchable(index: SearchIndex) -> None:
        found = index.search("gradient", limit=1000)
        early.append((reports[-1][0], len(found.hits), index.stats.documents))

    index = SearchIndex.open(library, root=tmp_path / "parts", progress=lambda d, t:
                             reports.append((d, t)), searchable=searchable)
    assert reports[0] == (0, 1200) and reports[-1] == (1200, 1200)
    assert [d for d, _ in reports] == sorted(d for d, _ in reports)
    assert len(early) == 1
    done_then, hits_then, _ = early[0]
    assert 0 < done_then < 1200
    assert 0 < hits_then < len(index.search("gradient", limit=1000).hits)

    whole = SearchIndex.open(library, root=tmp_path / "whole")
    for query in ("gradient", "momentum kernel", "descent OR margin", '"variance and"'):
        ours = [hit.question_id for hit in index.search(query, limit=30).hits]
        assert ours == [hit.question_id for hit in whole.search(query, limit=30).hits], query
        assert ours[:10] == index.whoosh_ranking(query, limit=10), query


def test_reopening_an_index_adds_new_topics_with_progress(tmp_path: Path) -> None:
    library = many_topics(tmp_path / "notes", topics=3, questions=10)
    SearchIndex.open(library, root=tmp_path / "ix").close()
    bigger = many_topics(tmp_path / "notes", topics=5, questions=10)
    reports: list[tuple[int, int]] = []
    seen: list[int] = []
    index = SearchIndex.open(bigger, root=tmp_path / "ix",
                             progress=lambda d, t: reports.append((d, t)),
                             searchable=lambda ix: seen.append(
                                 len(ix.search("question", limit=1000).hits)))
    assert seen == [30]  # the indexed topics answered while the new ones were added
    assert reports[-1] == (20, 20)
    assert len(index.search("question", limit=1000).hits) == 50


def test_no_progress_without_questions_to_index(tmp_path: Path) -> None:
    reports: list[tuple[int, int]] = []
    SearchIndex.open(Library(chapters=[]), root=tmp_path / "ix",
                     progress=lambda d, t: reports.append((d, t)))
    assert reports == []


def search_from_another_thread(index: SearchIndex, query: str) -> bool:
    """Whether a search in another thread, waited for here, finished within 10 s: what a
    callback that hands work to the UI thread and waits for it does."""
    worker = threading.Thread(target=index.search, args=(query,), daemon=True)
    worker.start()
    worker.join(timeout=10)
    return not worker.is_alive()


def test_callbacks_may_wait_for_a_search_in_another_thread(tmp_path: Path) -> None:
    library = many_topics(tmp_path / "notes")
    opened: list[SearchIndex] = []
    during_build: list[bool] = []
    during_update: list[bool] = []
    updating = threading.Event()

    def progress(done: int, total: int) -> None:
        if not opened:
            return
        found = during_update if updating.is_set() else during_build
        if not found:
            found.append(search_from_another_thread(opened[0], "gradient"))

    def searchable(index: SearchIndex) -> None:
        opened.append(index)
        assert search_from_another_thread(index, "momentum")

    index = SearchIndex.open(library, root=tmp_path / "ix", progress=progress,
                             searchable=searchable)
    assert during_build == [True]  # a later part's progress, while it was being added

    updating.set()
    stats = index.update(library, {"t3/q5": "a note on gradient momentum"})
    assert stats.updated == ["t3"]
    assert during_update == [True]  # an update's progress, while its documents were added
    assert [hit.question_id for hit in index.search("notes:gradient").hits] == ["t3/q5"]
