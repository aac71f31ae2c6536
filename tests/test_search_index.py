"""The search index against a small fixture: query language, updates, healing, robustness."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_fixture import TOPICS, fixture_library, write_notes
from workbench.search import store
from workbench.search.index import SearchIndex


@pytest.fixture(scope="module")
def notes_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_notes(tmp_path_factory.mktemp("notes"))


@pytest.fixture(scope="module")
def index(notes_root: Path, tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    root = tmp_path_factory.mktemp("cache") / "index"
    return SearchIndex.open(fixture_library(notes_root), root=root)


def ids(index: SearchIndex, query: str, limit: int = 20) -> list[str]:
    results = index.search(query, limit)
    assert results.message is None, results.message
    return [hit.question_id for hit in results.hits]


def test_plain_words_require_every_word(index: SearchIndex) -> None:
    assert ids(index, "sparsity penalty") == ["l1-vs-l2/sparsity"]


def test_title_and_alias_words_rank_above_body_words(index: SearchIndex) -> None:
    # "variance" is in the ensembling title and only in an attention answer
    assert ids(index, "variance")[0] == "ensembling/variance"
    assert ids(index, "lasso")[:2] == ["l1-vs-l2/sparsity", "l1-vs-l2/shrink"] or ids(
        index, "lasso")[:2] == ["l1-vs-l2/shrink", "l1-vs-l2/sparsity"]


def test_or_fallback_when_no_question_has_every_word(index: SearchIndex) -> None:
    results = index.search("sparsity recurrence")
    assert results.relaxed
    assert {"l1-vs-l2/sparsity", "attention/vs-recurrence"} <= {h.question_id for h in
                                                                results.hits}


def test_explicit_or(index: SearchIndex) -> None:
    assert set(ids(index, "lasso OR recurrence")) >= {"attention/vs-recurrence",
                                                      "l1-vs-l2/sparsity"}


def test_phrase_needs_the_words_next_to_each_other(index: SearchIndex) -> None:
    assert ids(index, '"correlated errors"') == ["ensembling/no-help"]
    assert ids(index, '"errors correlated"') == []
    assert ids(index, '"bias variance') == ["attention/scaled"]  # unclosed quote


def test_prefix(index: SearchIndex) -> None:
    assert "attention/vs-recurrence" in ids(index, "recur*")
    assert index.search("recur*").prefixes == ("recur",)


def test_last_word_being_typed_is_completed(index: SearchIndex) -> None:
    assert ids(index, "softm") == ["attention/scaled"]


def test_negation(index: SearchIndex) -> None:
    assert "l1-vs-l2/sparsity" in ids(index, "weights")
    assert "l1-vs-l2/sparsity" not in ids(index, "weights -sparse")
    assert "l1-vs-l2/sparsity" not in ids(index, "weights NOT sparse")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("difficulty:H", {"ensembling/no-help", "attention/scaled"}),
        ("averaging difficulty:hard", {"ensembling/no-help"}),
        ("tag:deep-learning", {"attention/scaled", "attention/vs-recurrence"}),
        ("chapter:training difficulty:E", {"l1-vs-l2/shrink", "ensembling/variance"}),
        ("topic:ensembling", {"ensembling/variance", "ensembling/no-help"}),
        ("title:attention", {"attention/scaled", "attention/vs-recurrence"}),
        ("-difficulty:H topic:attention", {"attention/vs-recurrence"}),
    ],
)
def test_filters(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert set(ids(index, query)) == expected


def test_british_spelling_and_math_words(index: SearchIndex) -> None:
    assert ids(index, "regularisation")[:2] and all(
        i.startswith("l1-vs-l2/") for i in ids(index, "regularisation"))
    assert ids(index, "optimization") == ["attention/scaled"]
    assert ids(index, "sqrt softmax") == ["attention/scaled"]
    assert ids(index, "lambda") == ["l1-vs-l2/sparsity"]


def test_typo_is_corrected_and_reported(index: SearchIndex) -> None:
    results = index.search("atention recurence ")
    assert results.corrected == "attention recurrence"
    assert results.hits[0].question_id == "attention/vs-recurrence"


def test_hits_carry_display_fields_and_highlights(index: SearchIndex) -> None:
    hit = index.search("sparse").hits[0]
    assert (hit.topic_id, hit.topic_title, hit.difficulty) == (
        "l1-vs-l2", "L1 vs. L2 regularization", "M")
    assert hit.title.startswith("Why does L1")
    assert ("sparsity", True) in hit.title_segments
    assert any(matched and text.lower().startswith("sparse") for text, matched in hit.snippet)
    assert "**Sparse**" in hit.snippet_text()
    assert hit.score > 0


def test_bad_queries_get_a_message(index: SearchIndex) -> None:
    assert index.search("difficulty:X").message is not None
    assert index.search("the why").message is not None
    assert index.search('"').message is not None
    assert index.search("[bold]x[/bold]").message is None


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.text(max_size=60),
    st.text(alphabet='ab "*:-()[]\\/\x1b\x00 ANDORNT~^', max_size=40),
    st.sampled_from(["AND", "OR", "NOT", "*", ":", "-", '"', "[bold]", "x" * 10_000,
                     "difficulty:", "tag:", ":::", "-\"", "a OR", "OR a", '"a* b"']),
))
def test_any_text_returns_results_or_a_message(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert index.notice is None  # an exception inside search would have rebuilt the index
    assert results.message is None or results.hits == ()
    for hit in results.hits:
        for text, _ in hit.snippet + hit.title_segments:
            assert "\x1b" not in text and "\x00" not in text


# -- updates -----------------------------------------------------------------------------


def test_unchanged_corpus_indexes_nothing(tmp_path: Path) -> None:
    library = fixture_library(write_notes(tmp_path / "notes"))
    first = SearchIndex.open(library, root=tmp_path / "ix")
    assert first.stats.rebuilt and len(first.stats.added) == 3
    first.close()
    again = SearchIndex.open(library, root=tmp_path / "ix")
    assert not again.stats.rebuilt and again.notice is None
    assert (again.stats.added, again.stats.updated, again.stats.removed) == ([], [], [])
    assert again.stats.unchanged == 3
    assert ids(again, "sparsity") == ["l1-vs-l2/sparsity"]


def test_changed_file_is_the_only_one_reindexed(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes")
    SearchIndex.open(fixture_library(notes), root=tmp_path / "ix").close()
    path = notes / "01-training/02-ensembling.md"
    path.write_text(path.read_text("utf-8").replace("cancels their errors",
                                                    "cancels their errors like a kaleidoscope"))
    (notes / "02-deep-learning/01-attention.md").unlink()
    index = SearchIndex.open(fixture_library(notes), root=tmp_path / "ix")
    assert index.stats.updated == ["ensembling"]
    assert index.stats.removed == ["attention"] and index.stats.unchanged == 1
    assert ids(index, "kaleidoscope") == ["ensembling/variance"]
    assert ids(index, "softmax") == []
    assert index.stats.documents == 4  # the replaced questions are gone, not duplicated
    assert sorted(ids(index, "ensemble OR ensembling")) == ["ensembling/no-help",
                                                            "ensembling/variance"]


def test_update_reads_notes_and_refreshes_the_searcher(tmp_path: Path) -> None:
    library = fixture_library(write_notes(tmp_path / "notes"))
    index = SearchIndex.open(library, root=tmp_path / "ix")
    assert ids(index, "mnemonic") == []
    stats = index.update(library, {"ensembling/no-help": "mnemonic: twins make twin mistakes"})
    assert stats.updated == ["ensembling"] and stats.unchanged == 2
    assert ids(index, "mnemonic") == ["ensembling/no-help"]
    assert ids(index, "notes:twins") == ["ensembling/no-help"]
    assert ids(index, "correlated") == ["ensembling/no-help"]  # once, not twice


def test_rebuild_flag_builds_a_fresh_generation(tmp_path: Path) -> None:
    library = fixture_library(write_notes(tmp_path / "notes"))
    first = SearchIndex.open(library, root=tmp_path / "ix")
    old = store.current_generation(tmp_path / "ix")
    first.close()
    rebuilt = SearchIndex.open(library, root=tmp_path / "ix", rebuild=True)
    assert rebuilt.stats.rebuilt and store.current_generation(tmp_path / "ix") != old
    assert old is not None and not old.exists()


# -- healing -----------------------------------------------------------------------------


def _built(tmp_path: Path) -> tuple[Path, Path]:
    notes = write_notes(tmp_path / "notes")
    SearchIndex.open(fixture_library(notes), root=tmp_path / "ix").close()
    generation = store.current_generation(tmp_path / "ix")
    assert generation is not None
    return notes, generation


def _segment_files(generation: Path) -> list[Path]:
    files = [p for p in generation.iterdir() if p.suffix in (".seg", ".toc")]
    assert files
    return files


def _reopened(notes: Path, tmp_path: Path) -> SearchIndex:
    index = SearchIndex.open(fixture_library(notes), root=tmp_path / "ix")
    assert ids(index, "sparsity") == ["l1-vs-l2/sparsity"]
    return index


def test_garbage_in_segment_files_is_rebuilt(tmp_path: Path) -> None:
    notes, generation = _built(tmp_path)
    for path in _segment_files(generation):
        size = path.stat().st_size
        path.write_bytes(os.urandom(size))  # same size: only whoosh itself can notice
    index = _reopened(notes, tmp_path)
    assert index.notice and "rebuilt" in index.notice and "\n" not in index.notice


def test_truncated_files_are_rebuilt(tmp_path: Path) -> None:
    notes, generation = _built(tmp_path)
    for path in _segment_files(generation):
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    index = _reopened(notes, tmp_path)
    assert index.notice and "rebuilt" in index.notice


def test_killed_before_state_was_written_is_rebuilt(tmp_path: Path) -> None:
    notes, generation = _built(tmp_path)
    (generation / store.STATE_FILE).unlink()
    assert _reopened(notes, tmp_path).notice is not None


def test_older_schema_version_is_rebuilt(tmp_path: Path) -> None:
    notes, generation = _built(tmp_path)
    state = generation / store.STATE_FILE
    state.write_text(state.read_text("utf-8").replace('"schema": ', '"schema": 1000'), "utf-8")
    index = _reopened(notes, tmp_path)
    assert index.notice and "another version" in index.notice


def test_stale_lock_file_is_harmless(tmp_path: Path) -> None:
    notes, generation = _built(tmp_path)
    (generation / "MAIN_WRITELOCK").write_text("left by a killed process")
    path = notes / "01-training/02-ensembling.md"
    path.write_text(path.read_text("utf-8") + "\nMore about kaleidoscopes.\n")
    index = SearchIndex.open(fixture_library(notes), root=tmp_path / "ix")
    assert index.notice is None and index.stats.updated == ["ensembling"]


def test_index_locked_by_another_writer_gets_a_fresh_copy(tmp_path: Path) -> None:
    from whoosh import index as whoosh_index

    notes, generation = _built(tmp_path)
    other = whoosh_index.open_dir(str(generation)).lock("WRITELOCK")  # as a live writer holds it
    assert other.acquire()
    try:
        path = notes / "01-training/02-ensembling.md"
        path.write_text(path.read_text("utf-8") + "\nMore about kaleidoscopes.\n")
        index = SearchIndex.open(fixture_library(notes), root=tmp_path / "ix")
        assert index.notice and "locked" in index.notice
        assert ids(index, "kaleidoscopes") == ["ensembling/no-help"]
        assert store.current_generation(tmp_path / "ix") != generation
        assert generation.exists()  # still in use by the other writer: not deleted
    finally:
        other.release()


def test_files_added_by_another_writer_are_detected(tmp_path: Path) -> None:
    from whoosh import index as whoosh_index

    notes, generation = _built(tmp_path)
    other_writer = whoosh_index.open_dir(str(generation)).writer()
    other_writer.add_document(id="stray/doc", text="kaleidoscopes")
    other_writer.commit()
    index = SearchIndex.open(fixture_library(notes), root=tmp_path / "ix")
    assert index.notice and "changed" in index.notice
    assert ids(index, "kaleidoscopes") == []


def test_damage_found_while_searching_is_healed(tmp_path: Path) -> None:
    notes, generation = _built(tmp_path)
    index = SearchIndex.open(fixture_library(notes), root=tmp_path / "ix")
    scorer = index._scorer_now()  # a hit's stored texts come from its arrays

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("segment file vanished")

    scorer.stored = broken  # type: ignore[method-assign]
    results = index.search("sparsity")
    assert [h.question_id for h in results.hits] == ["l1-vs-l2/sparsity"]
    assert index.notice and "rebuilt" in index.notice


def test_fixture_has_the_topics_the_tests_name() -> None:
    assert len(TOPICS) == 3


def test_every_match_is_scored_and_ranked_as_whoosh_ranks_it(tmp_path: Path) -> None:
    questions = "\n".join(
        f"## [E] Question {n} about gradients? {{#q{n}}}\n\n" + "Gradient descent. " * (1 + n % 7)
        + ("Momentum helps." if n % 3 else "") + "\n" for n in range(300))
    notes = write_notes(tmp_path / "notes", {"01-c/01-many.md": (
        '+++\nid = "many"\ntitle = "Many"\ndifficulty = "E"\n+++\n\n' + questions)})
    index = SearchIndex.open(fixture_library(notes), root=tmp_path / "ix")
    for query in ("gradient", "gradient momentum", "descent OR momentum", "question 7"):
        ranked = [hit.question_id for hit in index.search(query, limit=10).hits]
        assert ranked == index.whoosh_ranking(query, limit=10), query
    everything = index.search("gradient", limit=1000)
    assert len(everything.hits) == 300


def test_nested_queries_over_segments_with_deletions_rank_as_whoosh_ranks_them(
    tmp_path: Path,
) -> None:
    """Matches are intersected and merged as sorted arrays: over several segments, one of
    them with deleted documents, rankings and exclusions stay Whoosh's own."""
    def topic(number: int) -> str:
        questions = "\n".join(
            f"## [E] Question {n} about gradients? {{#q{n}}}\n\n"
            + "Gradient descent. " * (1 + (n + number) % 5)
            + ("Momentum helps. " if (n + number) % 3 else "") + "\n" for n in range(60))
        return (f'+++\nid = "t{number}"\ntitle = "T{number}"\ndifficulty = "E"\n+++\n\n'
                + questions)

    notes = write_notes(tmp_path / "notes", {f"01-c/0{t}-t{t}.md": topic(t) for t in range(3)})
    library = fixture_library(notes)
    index = SearchIndex.open(library, root=tmp_path / "ix")
    index.update(library, {f"t1/q{n}": "momentum descent" for n in range(0, 60, 2)})
    scorer = index._scorer_now()
    assert len(scorer._segments) > 1 and not scorer.live.all()  # what this test is about
    for query in ("gradient momentum", "descent OR momentum", '"gradient descent" OR momentum',
                  "gradient mom*", "momentum gradient descent question", "question 7 OR 8"):
        ranked = [hit.question_id for hit in index.search(query, limit=10).hits]
        assert ranked == index.whoosh_ranking(query, limit=10), query
    with_momentum = {hit.question_id for hit in index.search("momentum", limit=1000).hits}
    without = {hit.question_id for hit in index.search("gradient -momentum", limit=1000).hits}
    assert len(with_momentum) == 130 and len(without) == 50  # 120 in the text, 10 in notes
    assert not with_momentum & without


def test_postings_cache_is_healed_when_damaged_or_missing(tmp_path: Path) -> None:
    from workbench.search.postings import CACHE_DIR

    notes, generation = _built(tmp_path)
    cache = generation / CACHE_DIR
    segments = [p for p in cache.iterdir() if p.is_dir()]
    assert segments
    for array_file in segments[0].glob("*.npy"):
        array_file.write_bytes(b"garbage")
    index = _reopened(notes, tmp_path)
    assert index.notice is None
    assert ids(index, "weights") and index.whoosh_ranking("weights") == ids(index, "weights")[:10]
    shutil.rmtree(cache)
    _reopened(notes, tmp_path)
    assert any(p.is_dir() for p in cache.iterdir())  # written again


def test_postings_cache_of_an_older_version_is_rebuilt(tmp_path: Path) -> None:
    """A cache written before hits' texts were kept as arrays (version 1) is read back
    from the segment and written again in the current format, never trusted or a crash."""
    import json

    from workbench.search.postings import CACHE_DIR, CACHE_VERSION, STORED_TEXTS

    notes, generation = _built(tmp_path)
    first = _reopened(notes, tmp_path)
    before = [(h.question_id, h.snippet) for h in first.search("weights").hits]
    first.close()
    assert before
    for meta_file in (generation / CACHE_DIR).glob("*/meta.json"):
        meta = json.loads(meta_file.read_text("utf-8"))
        for name in meta.pop("texts"):
            for text_file in meta_file.parent.glob(f"_texts.{name}.*"):
                text_file.unlink()
        meta_file.write_text(json.dumps({**meta, "version": 1}), "utf-8")
    index = _reopened(notes, tmp_path)
    assert index.notice is None
    assert [(h.question_id, h.snippet) for h in index.search("weights").hits] == before
    for meta_file in (generation / CACHE_DIR).glob("*/meta.json"):
        meta = json.loads(meta_file.read_text("utf-8"))
        assert meta["version"] == CACHE_VERSION and meta["texts"] == sorted(STORED_TEXTS)


def test_updates_keep_the_cache_in_step_with_the_segments(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes")
    library = fixture_library(notes)
    index = SearchIndex.open(library, root=tmp_path / "ix")
    for n in range(4):
        index.update(library, {"ensembling/no-help": f"mnemonic{n} twins"})
        assert ids(index, f"mnemonic{n}") == ["ensembling/no-help"]
        assert ids(index, "correlated") == ["ensembling/no-help"]
        assert index.whoosh_ranking("averaging errors") == ids(index, "averaging errors")[:10]


def test_document_frequencies_follow_the_live_generation(tmp_path: Path) -> None:
    """The scorer remembers how many questions have a term: a commit that changes that
    count (notes added) is scored with the new count, as Whoosh scores it."""
    library = fixture_library(write_notes(tmp_path / "notes"))
    index = SearchIndex.open(library, root=tmp_path / "ix")
    assert ids(index, "correlated") == ["ensembling/no-help"]
    before = index._scorer_now().doc_frequency("text", "correl")
    index.update(library, {"attention/scaled": "correlated keys", "l1-vs-l2/shrink": "correlated"})
    scorer = index._scorer_now()
    assert scorer.doc_frequency("text", "correl") == before + 2
    assert index.whoosh_ranking("correlated") == ids(index, "correlated")
    assert len(ids(index, "correlated")) == 3


def test_squatters_on_the_index_paths_are_cleared(tmp_path: Path) -> None:
    """A file where the index folder goes, or a folder where CURRENT goes, never blocks search."""
    library = fixture_library(write_notes(tmp_path / "notes"))
    (tmp_path / "ix").write_text("not a folder")
    first = SearchIndex.open(library, root=tmp_path / "ix")
    assert ids(first, "sparsity") == ["l1-vs-l2/sparsity"]
    first.close()
    pointer = tmp_path / "ix" / store.POINTER_FILE
    pointer.unlink()
    pointer.mkdir()
    again = SearchIndex.open(library, root=tmp_path / "ix")
    assert ids(again, "sparsity") == ["l1-vs-l2/sparsity"]
    assert pointer.is_file()
