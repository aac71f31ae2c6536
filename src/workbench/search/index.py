"""The persistent search index: open, bring up to date, heal, and answer queries.

Opening reuses the index in the cache dir and reindexes only topics whose file (or notes)
changed. Anything wrong with the files on disk (killed mid-write, another instance
writing, an older schema, garbage) leads to a rebuild into a fresh generation and a
one-line `notice`; searching never raises. One lock serialises commits and searches, so
the app may update from one worker thread while searching from another; documents are
added outside it (under a second lock that lets one writer in at a time), and a first
build can be committed in parts that answer searches as soon as each is written
(`open(searchable=...)`), with `progress` told how far it is. Both callbacks are called
without the search lock held: a callback may search, or wait for a thread that does.

Whoosh holds the index and parses nothing (`query` and `compiler` do); every match is
scored by `postings.ArrayScorer` over numpy copies of each segment's postings, which
`writer.FastWriter` saves as it writes the segment. The ranking is Whoosh's BM25F
(`whoosh_ranking` is the reference), without Whoosh's cost per match.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index as whoosh_index
from whoosh.collectors import TopCollector
from whoosh.filedb.filestore import FileStorage
from whoosh.query import Query
from whoosh.searching import Searcher
from whoosh.writing import LockError

from workbench.content.model import Library, Question, Topic
from workbench.mathtext.titles import render_title
from workbench.search import store
from workbench.search.compiler import Compiled, QueryCompiler
from workbench.search.highlight import mark, snippet
from workbench.search.plaintext import markdown_to_text
from workbench.search.postings import CACHE_DIR, ArrayScorer, PostingsStore
from workbench.search.query import ParsedQuery, QueryError, parse
from workbench.search.ram_storage import PrivateRamStorage
from workbench.search.results import Hit, IndexStats, SearchResults
from workbench.search.schema import SCHEMA_VERSION, build_schema, topic_documents, topic_key
from workbench.search.spelling import Speller
from workbench.search.writer import FastWriter

if TYPE_CHECKING:
    from concurrent.futures import Future

Progress = Callable[[int, int], None]
"""Told (questions indexed so far, questions to index) while an index is written."""

RESULT_CACHE_SIZE = 256
FIRST_PART = 500
"""Questions in the first searchable part of a build in parts (the next ones double)."""
DOCUMENT_CACHE_SIZE = 4096
_UNREAD = object()
WRITE_LOCK_TIMEOUT = 0.5


def default_root() -> Path:
    """`<cache dir>/index`: rebuildable, never inside the install dir."""
    from workbench.paths import cache_dir

    return cache_dir() / "index"


class SearchIndex:
    """A Whoosh index over a Library's questions with one long-lived searcher."""

    def __init__(self, root: Path | None, library: Library, notes: Mapping[str, str]) -> None:
        self.root = root
        """The index folder, or None for an index kept in memory (no usable cache dir)."""
        self.notice: str | None = None
        """One line for the user when the index had to be rebuilt, else None."""
        self.stats = IndexStats()
        self._library = library
        self._notes = dict(notes)
        self._lock = threading.RLock()
        """Held to search and to swap in what a commit wrote; never while calling back."""
        self._writing = threading.RLock()
        """Held while indexing (open, update): one writer at a time."""
        self._generation: Path | None = None
        self._ix: whoosh_index.Index | None = None
        self._searcher: Searcher | None = None
        self._postings = PostingsStore(None)
        self._scorer: ArrayScorer | None = None
        self._state = store.IndexState(SCHEMA_VERSION, {}, {})
        self._speller: Speller | None = None
        self._prefixes: dict[str, tuple[str, ...]] = {}
        self._results: OrderedDict[tuple[str, int], SearchResults] = OrderedDict()
        self._documents: dict[int, object] = {}
        self._progress: Progress | None = None

    # -- opening and updating ------------------------------------------------------------

    @classmethod
    def open(
        cls,
        library: Library,
        notes: Mapping[str, str] | None = None,
        *,
        rebuild: bool = False,
        root: Path | None = None,
        progress: Progress | None = None,
        searchable: Callable[[SearchIndex], None] | None = None,
    ) -> SearchIndex:
        """Open the index under `root` (default: cache dir), up to date with `library`, `notes`.

        When the folder cannot be used, the index is built in memory for this run instead,
        with a `notice` saying why. `progress` is told how many questions are indexed as
        they are. With `searchable`, a build is committed in growing parts and
        `searchable(index)` is called (in this thread) as soon as the first part, or the
        index being brought up to date, can answer searches from other threads.
        """
        try:
            return cls._open_on_disk(root or default_root(), library, notes or {}, rebuild,
                                     progress, searchable)
        except OSError as exc:  # no usable cache dir (paths.UnusableDir), disk full, ...
            from workbench.paths import UnusableDir

            why = str(exc) if isinstance(exc, UnusableDir) else _describe(exc)
            index = cls(None, library, notes or {})
            index._progress = progress
            index._rebuild(f"Search index kept in memory for this run: {why}")
            return index

    @classmethod
    def _open_on_disk(
        cls,
        root: Path,
        library: Library,
        notes: Mapping[str, str],
        rebuild: bool,
        progress: Progress | None,
        searchable: Callable[[SearchIndex], None] | None,
    ) -> SearchIndex:
        index = cls(root, library, notes)
        index._progress = progress
        with index._writing:
            index._open_or_build(rebuild, searchable)
        return index

    def _open_or_build(
        self, rebuild: bool, searchable: Callable[[SearchIndex], None] | None
    ) -> None:
        """Attach the live generation and bring it up to date, or build one."""
        if rebuild:
            self._rebuild(None, searchable)
            return
        try:
            with self._lock:
                self._attach()
        except store.IndexDamaged as exc:
            self._rebuild(f"The search index {exc}; rebuilt it.", searchable)
            return
        except Exception as exc:  # whoosh raises many kinds on damaged files
            self._rebuild(f"The search index could not be opened ({_describe(exc)}); "
                           "rebuilt it.", searchable)
            return
        if self._generation is None:
            self._rebuild(None, searchable)
            return
        if searchable is not None:
            searchable(self)  # what is indexed already answers while the rest is added
        self._sync(started=time.perf_counter())

    def update(self, library: Library, notes: Mapping[str, str] | None = None) -> IndexStats:
        """Reindex what changed since the last open/update (topics' files or notes)."""
        with self._writing:
            with self._lock:
                self._library = library
                self._documents.clear()  # hold the old library's questions
                if notes is not None:
                    self._notes = dict(notes)
            self._sync(started=time.perf_counter())
            return self.stats

    def close(self) -> None:
        """Release the searcher's files."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._scorer = None
            self._ix = None

    def _attach(self) -> None:
        """Open the live generation as it is, checking it against its state file."""
        assert self.root is not None  # only an index on disk is attached
        generation = store.current_generation(self.root)
        if generation is None or not generation.is_dir():
            return
        state = store.read_state(generation, SCHEMA_VERSION)
        # Plain reads, not mmap: a segment file damaged under a running app must give an
        # exception we can heal from, not a SIGBUS that kills the process.
        ix = FileStorage(str(generation), supports_mmap=False).open_index()
        if set(ix.schema.names()) != set(build_schema().names()):
            raise store.IndexDamaged("has another layout")
        searcher = ix.searcher()
        searcher.doc_count()
        self._set_live(generation, ix, searcher, state)

    def _set_live(
        self,
        generation: Path | None,
        ix: whoosh_index.Index,
        searcher: Searcher,
        state: store.IndexState,
    ) -> None:
        old = self._searcher
        directory = generation / CACHE_DIR if generation is not None else None
        if self._postings.directory != directory:
            self._postings = PostingsStore(directory)
        self._scorer = None  # made on the first search: opening stays quick
        self._postings.keep_only({r.segment().segment_id()
                                  for r, _ in searcher.reader().leaf_readers()
                                  if r.segment() is not None})  # None: an empty index
        self._generation, self._ix, self._searcher, self._state = generation, ix, searcher, state
        if old is not None and old is not searcher:
            old.close()
        self._forget_caches()

    def _forget_caches(self) -> None:
        self._speller = None
        self._prefixes.clear()
        self._results.clear()
        self._documents.clear()

    def _wanted(self) -> dict[str, tuple[Topic, str]]:
        return {t.id: (t, topic_key(t, self._notes)) for t in self._library.topics()}

    def _sync(self, started: float) -> None:
        """Bring the live generation up to date, rebuilding it if it cannot be written."""
        wanted = self._wanted()
        indexed = self._state.topics
        stats = IndexStats()
        stats.removed = sorted(set(indexed) - set(wanted))
        for topic_id, (_, key) in wanted.items():
            if topic_id not in indexed:
                stats.added.append(topic_id)
            elif indexed[topic_id] != key:
                stats.updated.append(topic_id)
            else:
                stats.unchanged += 1
        if stats.added or stats.updated or stats.removed:
            try:
                self._write_changes(wanted, stats)
            except LockError:
                self._rebuild("The search index was locked by another workbench; "
                              "built a fresh copy.")
                return
            except Exception as exc:
                self._rebuild(f"The search index could not be updated ({_describe(exc)}); "
                              "rebuilt it.")
                return
        with self._lock:
            stats.documents = self._searcher.doc_count() if self._searcher else 0
        stats.seconds = time.perf_counter() - started
        self.stats = stats

    def _write_changes(self, wanted: dict[str, tuple[Topic, str]], stats: IndexStats) -> None:
        """Write the changed topics; searches go on from the live searcher until the commit."""
        assert self._ix is not None
        writer = FastWriter(self._ix, self._postings, timeout=WRITE_LOCK_TIMEOUT)
        changed = [wanted[t][0] for t in [*stats.added, *stats.updated]]
        try:
            for topic_id in [*stats.removed, *stats.updated]:
                writer.delete_by_term("topic", topic_id)
            self._add_topics(writer, changed, _Counter(self._progress, changed))
        except BaseException:
            writer.cancel()
            raise
        with self._lock:
            writer.commit()
            state = self._record(self._generation, wanted)
            # A new searcher, not refresh(): whoosh-reloaded 2.7.5's refresh reuses segment
            # readers whose deletions changed, so replaced questions would show up twice.
            self._set_live(self._generation, self._ix, self._ix.searcher(), state)

    def _add_topics(self, writer: FastWriter, topics: list[Topic], counter: _Counter) -> None:
        for topic in topics:
            for document in topic_documents(topic, self._notes):
                writer.add_document(**document)
            counter.add(len(topic.questions))

    def _rebuild(
        self,
        notice: str | None,
        searchable: Callable[[SearchIndex], None] | None = None,
        quiet: bool = False,
    ) -> None:
        """Index everything into a fresh generation and make it the live one.

        With `searchable`, the topics are committed in parts that double in size, each
        made live (and current, so an interrupted build resumes) as it is committed:
        searches answer from what is indexed so far. A big build on disk has its parts
        written by worker processes (`parallel`; without `searchable`, one part per
        worker), the first part of a searchable build here, while they start; where they
        cannot start, or stop, this process writes the rest. `quiet` (healing a failed
        search, which holds the search lock) tells `progress` nothing.
        """
        # Opening an index never needs processes: their modules load with a build.
        from concurrent.futures import BrokenExecutor

        from workbench.search.parallel import (
            Workers,
            move_part,
            processes_for,
            remove_parts,
            split,
        )

        started = time.perf_counter()
        generation = store.new_generation(self.root) if self.root is not None else None
        if generation is None:
            ix = PrivateRamStorage().create_index(build_schema())
        else:
            ix = whoosh_index.create_in(str(generation), build_schema())
        wanted = self._wanted()
        # Searches go on from the live generation (and its postings) until the first commit.
        postings = PostingsStore(generation / CACHE_DIR if generation is not None else None)
        topics = [topic for topic, _ in wanted.values()]
        counter = _Counter(None if quiet else self._progress, topics)
        processes = processes_for(counter.total) if generation is not None else 0
        if searchable is not None:
            parts = _parts(topics)
        else:
            parts = split(topics, processes) if processes else [topics]
        workers = Workers.start(processes) if processes and len(parts) > 1 else None
        if workers is None and searchable is None:
            parts = [topics]  # no workers after all: one merged segment, as without them
        try:
            futures: dict[int, Future[Any]] = {}
            if workers is not None and generation is not None:
                here = 1 if searchable is not None else 0  # written while workers start
                futures = {number: workers.submit(generation, number, part, self._notes)
                           for number, part in enumerate(parts) if number >= here}
            reported: dict[int, int] = {}

            def report(number: int, done: int) -> None:
                if done > reported.get(number, 0):
                    counter.add(done - reported.get(number, 0))
                    reported[number] = done

            committed: dict[str, tuple[Topic, str]] = {}
            for number, part in enumerate(parts):
                segment = None
                future = futures.get(number)
                if future is not None and workers is not None and generation is not None:
                    try:
                        segment = workers.wait(future, report)
                    except BrokenExecutor:  # a worker died: write the rest here
                        workers.close()
                        workers, futures = None, {}
                        remove_parts(generation)
                        counter.rewind(sum(done for n, done in reported.items() if n >= number))
                    else:
                        report(number, sum(len(topic.questions) for topic in part))
                        move_part(generation, number, segment.segment_id())
                writer = FastWriter(ix, postings)
                try:
                    if segment is None:
                        self._add_topics(writer, part, counter)
                    else:
                        writer.adopt(segment)
                except BaseException:
                    writer.cancel()
                    raise
                with self._lock:
                    writer.commit(merge=len(parts) == 1)
                    committed.update((t.id, wanted[t.id]) for t in part)
                    state = self._record(generation, committed)
                    if self.root is not None and generation is not None:
                        store.make_current(self.root, generation)
                    self._postings = postings
                    self._set_live(generation, ix, ix.searcher(), state)
                if number == 0 and searchable is not None and len(parts) > 1:
                    searchable(self)
            if workers is not None:
                workers.close(wait=True)  # all done: they exit at once
                workers = None
        finally:
            if workers is not None:
                workers.close()
        self.notice = notice
        with self._lock:
            documents = self._searcher.doc_count() if self._searcher else 0
        self.stats = IndexStats(added=sorted(wanted), rebuilt=True, documents=documents,
                                seconds=time.perf_counter() - started)

    @staticmethod
    def _record(generation: Path | None, wanted: dict[str, tuple[Topic, str]]) -> store.IndexState:
        """The state of what was just committed, written beside an on-disk generation."""
        topics = {topic_id: key for topic_id, (_, key) in wanted.items()}
        if generation is None:
            return store.IndexState(SCHEMA_VERSION, topics, {})
        return store.write_state(generation, SCHEMA_VERSION, topics)

    # -- searching -----------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> SearchResults:
        """Ranked hits for `query`; never raises (a damaged index is rebuilt and searched again)."""
        limit = max(1, min(int(limit), 1000))
        with self._lock:
            key = (query, limit)
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return cached
            try:
                results = self._search(query, limit)
            except QueryError as exc:
                return SearchResults(query=query, message=str(exc))
            except Exception as exc:
                try:
                    self._rebuild(f"The search index failed while searching "
                                  f"({_describe(exc)}); rebuilt it.", quiet=True)
                    results = self._search(query, limit)
                except Exception as again:
                    return SearchResults(query=query,
                                         message=f"Search is unavailable: {_describe(again)}")
            self._results[key] = results
            if len(self._results) > RESULT_CACHE_SIZE:
                self._results.popitem(last=False)
            return results

    def _speller_now(self) -> Speller:
        if self._speller is None:
            assert self._searcher is not None
            reader = self._searcher.reader()
            self._speller = Speller(
                (word.decode("utf-8", "replace") if isinstance(word, bytes) else word,
                 info.doc_frequency())
                for word, info in reader.iter_field("words")
            )
        return self._speller

    def _search(self, query: str, limit: int) -> SearchResults:
        parsed = parse(query)
        if self._searcher is None:
            raise RuntimeError("the index is closed")
        compiled = self._compile(parsed)
        if compiled.message or compiled.strict is None:
            return SearchResults(query=query, message=compiled.message)
        relaxed = False
        found = self._collect(compiled.strict, compiled.excluded, limit,
                              ranked=not compiled.filter_only)
        if not found and compiled.relaxed is not None:
            found = self._collect(compiled.relaxed, compiled.excluded, limit)
            relaxed = True
        corrected = None
        if compiled.corrections:
            corrected = _apply_corrections(parsed.text, compiled.corrections)
        suggestion = self._suggestion(parsed, compiled, corrected)
        terms = frozenset(compiled.terms)
        prefixes = tuple(compiled.prefixes)
        hits = []
        for docnum, score in found:
            document = self._document(docnum)
            if document is not None:
                hits.append(self._hit(*document, score, terms, prefixes))
        return SearchResults(query=query, hits=tuple(hits), corrected=corrected, terms=terms,
                             prefixes=prefixes, relaxed=relaxed and bool(hits),
                             suggestion=suggestion)

    def _document(self, docnum: int) -> tuple[Question, str] | None:
        """A hit's question and plain answer text, read from the index once while it lives
        (the same questions come up query after query)."""
        document = self._documents.get(docnum, _UNREAD)
        if document is _UNREAD:
            assert self._searcher is not None
            stored = self._scorer_now().stored(docnum) or self._searcher.stored_fields(docnum)
            question = self._library.question(stored["id"])
            document = None if question is None else (
                question, stored.get("plain") or markdown_to_text(question.body,
                                                                  math_words=False))
            if len(self._documents) >= DOCUMENT_CACHE_SIZE:
                self._documents.clear()
            self._documents[docnum] = document
        return document  # type: ignore[return-value]

    def _suggestion(
        self, parsed: ParsedQuery, compiled: Compiled, corrected: str | None
    ) -> str | None:
        """The query with known words respelt, if that matches more questions (`outer`)."""
        speller = self._speller_now()
        fixes = {w: f for w in compiled.known_words if (f := speller.suggest(w)) is not None}
        if not fixes or compiled.strict is None:
            return None
        text = _apply_corrections(corrected or parsed.text, fixes)
        other = self._compile(parse(text))
        if other.strict is None or other.message or other.corrections:
            return None
        scorer = self._scorer_now()
        found = scorer.count(compiled.strict, compiled.excluded)
        return text if scorer.count(other.strict, other.excluded) > found else None

    def _collect(
        self, query: Query, excluded: Query | None, limit: int, ranked: bool = True
    ) -> list[tuple[int, float]]:
        """(document number, score) of the best `limit` matches, every match scored."""
        return self._scorer_now().top(query, excluded, limit, ranked)

    def whoosh_ranking(self, query: str, limit: int = 10) -> list[str] | None:
        """Question ids of `query`'s top hits as Whoosh itself scores them, match by match.

        The reference the array scorer is checked against (tests, search_bench). None for
        a query this does not cover: a message, filters only, exclusions, no strict match.
        """
        with self._lock:
            compiled = self._compile(parse(query))
            if (compiled.message or compiled.strict is None or compiled.filter_only
                    or compiled.excluded is not None):
                return None
            assert self._searcher is not None
            collector = TopCollector(limit=limit)
            self._searcher.search_with_collector(compiled.strict, collector)
            results = collector.results()
            return [hit["id"] for hit in results] if len(results) else None

    def _scorer_now(self) -> ArrayScorer:
        """The live searcher's array scorer (maps or heals the segments' postings)."""
        if self._scorer is None:
            assert self._searcher is not None
            self._scorer = ArrayScorer(self._searcher, self._postings)
        return self._scorer

    def _compile(self, parsed: ParsedQuery) -> Compiled:
        assert self._searcher is not None
        return QueryCompiler(self._scorer_now().doc_frequency, self._speller_now,
                             self._prefixes).compile(parsed)

    def _hit(
        self,
        question: Question,
        plain: str,
        score: float,
        terms: frozenset[str],
        prefixes: tuple[str, ...],
    ) -> Hit:
        topic = self._library.topic(question.topic_id)
        title = render_title(question.title)
        return Hit(
            question_id=question.id,
            topic_id=question.topic_id,
            topic_title=render_title(topic.title) if topic else question.topic_id,
            title=title,
            difficulty=question.difficulty,
            score=round(float(score), 4),
            title_segments=mark(title, terms, prefixes),
            snippet=snippet(plain, terms, prefixes),
        )


def _apply_corrections(text: str, corrections: Mapping[str, str]) -> str:
    import re

    for wrong, right in corrections.items():
        text = re.sub(rf"(?<!\w){re.escape(wrong)}(?!\w)", right, text, count=1)
    return text


def _describe(exc: BaseException) -> str:
    """A short, single-line description of an exception for a notice."""
    text = " ".join(str(exc).split())[:80]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _Counter:
    """Counts indexed questions, telling `progress` about every 1% and the last one."""

    def __init__(self, progress: Progress | None, topics: list[Topic]) -> None:
        self._progress = progress
        self.total = sum(len(topic.questions) for topic in topics)
        self.done = 0
        self._step = max(1, self.total // 100)
        self._next = self._step
        self._ahead = 0
        if progress is not None and self.total:
            progress(0, self.total)

    def rewind(self, questions: int) -> None:
        """`questions` counted as indexed are to be indexed again (a worker stopped): the
        next that many added are not counted twice."""
        self._ahead += questions

    def add(self, questions: int) -> None:
        """`questions` more were indexed."""
        again = min(self._ahead, questions)
        self._ahead -= again
        self.done += questions - again
        if self._progress is not None and (self.done >= self._next or self.done == self.total):
            self._next = self.done + self._step
            self._progress(self.done, self.total)


def _parts(topics: list[Topic]) -> list[list[Topic]]:
    """Topics in consecutive parts of FIRST_PART questions, then twice as many each time."""
    parts: list[list[Topic]] = [[]]
    size = FIRST_PART
    count = 0
    for topic in topics:
        if count >= size:
            parts.append([])
            count = 0
            size *= 2
        parts[-1].append(topic)
        count += len(topic.questions)
    return parts
