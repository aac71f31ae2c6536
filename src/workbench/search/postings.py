"""Postings as numpy arrays beside each Whoosh segment, and BM25 scoring over them.

Whoosh scores a match at a time in Python (about 20 µs each): two common words in 20,000
questions match 16,000 of them. Here every query term is one slice of a sorted array and
BM25F is a few vector operations, so every match is scored, always.

The arrays are a cache of the segment's postings: written by `writer.FastWriter` when it
writes the segment, kept under `<generation>/postings/<segment id>/`, checked against the
segment on load and rebuilt from Whoosh's own postings when missing or damaged. Scores
use Whoosh's statistics (idf, average length), so the ranking is Whoosh's BM25F ranking.
"""

from __future__ import annotations

import json
import math
import mmap
import os
import shutil
from array import array
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import query as wq
from whoosh.query.qcore import _NullQuery
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length, length_to_byte

CACHE_VERSION = 2
"""Caches of another version are rebuilt from the segment (version 1 had no `texts`)."""
CACHE_DIR = "postings"
META_FILE = "meta.json"
CACHED_FIELDS = ("text", "pairs", "title", "notes", "topic", "chapter", "difficulty", "tag",
                 "id")
"""Fields a query can name; `words` (the spelling vocabulary) is never scored."""
STORED_TEXTS = ("id", "plain")
"""Stored fields a hit shows, kept as arrays too: Whoosh unpickles and inflates a
document's stored fields from a file read, about a fifth of a search's time."""
B, K1 = 0.75, 1.2
"""Whoosh's BM25F defaults (whoosh.scoring.BM25F)."""


class UnsupportedQuery(Exception):
    """A query node the array scorer does not evaluate."""


@dataclass
class FieldPostings:
    """One field of one segment: sorted terms, each owning a slice of docs and weights."""

    terms: np.ndarray
    """Sorted term bytes (numpy 'S' strings)."""
    offsets: np.ndarray
    """int64, len(terms) + 1: term i's postings are docs[offsets[i]:offsets[i + 1]]."""
    docs: np.ndarray
    """int32 segment-local document numbers, ascending within a term."""
    weights: np.ndarray
    """float32 weights as Whoosh stores them (boosted term frequency)."""
    lengths: np.ndarray | None
    """float32 per document: the field length Whoosh scores with (None if not scored)."""

    def __post_init__(self) -> None:
        self._hashes: array[int] | None = None
        self._order: array[int] | None = None

    def lookup(self, term: bytes) -> tuple[np.ndarray, np.ndarray]:
        """(docs, weights) of one term; empty arrays when the segment does not have it.

        The first lookup files every term by its hash, in two flat arrays (12 bytes a term,
        where a dict of the terms took 60 and held 2.8 MB at 20,000 questions): a query then
        costs a bisection over integers per term instead of one through numpy's string
        comparisons."""
        if self._hashes is None:
            self._file_hashes()
        hashes, order = self._hashes, self._order
        assert hashes is not None and order is not None
        wanted = hash(term)
        i = bisect_left(hashes, wanted)
        while i < len(hashes) and hashes[i] == wanted:
            number = order[i]
            if self.terms[number] == term:
                start, end = self.offsets[number : number + 2].tolist()  # mapped: no list
                return self.docs[start:end], self.weights[start:end]
            i += 1
        return _NO_DOCS, _NO_WEIGHTS

    def _file_hashes(self) -> None:
        """Every term's hash, sorted, and which term each is (hashes may collide)."""
        hashes = np.fromiter(map(hash, self.terms.tolist()), np.int64, self.terms.shape[0])
        _release(self.terms)  # a lookup reads back one term: its page is read again then
        order = np.argsort(hashes, kind="stable")
        self._hashes = array("q", hashes[order].tobytes())
        self._order = array("i", order.astype(np.int32).tobytes())

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays to save, by file stem."""
        arrays = {"terms": self.terms, "offsets": self.offsets, "docs": self.docs,
                  "weights": self.weights}
        if self.lengths is not None:
            arrays["lengths"] = self.lengths
        return arrays


_NO_DOCS = np.zeros(0, np.int32)
_NO_WEIGHTS = np.zeros(0, np.float32)


def field_postings(
    terms: Mapping[bytes, tuple[Sequence[int], Sequence[float]]], lengths: list[int] | None
) -> FieldPostings:
    """Arrays from term -> (docs, weights) and per-document field lengths (raw counts)."""
    names = sorted(terms)
    all_docs, all_weights = array("i"), array("f")
    offsets = np.zeros(len(names) + 1, np.int64)
    for i, name in enumerate(names):
        docs, weights = terms[name]
        all_docs.extend(docs)
        all_weights.extend(weights)
        offsets[i + 1] = len(all_docs)
    return FieldPostings(
        terms=np.array(names, dtype=bytes) if names else np.zeros(0, "S1"),
        offsets=offsets, docs=np.frombuffer(all_docs, np.int32).copy() if names else _NO_DOCS,
        weights=np.frombuffer(all_weights, np.float32).copy() if names else _NO_WEIGHTS,
        lengths=None if lengths is None else scored_lengths(lengths),
    )


def scored_lengths(lengths: list[int]) -> np.ndarray:
    """Field lengths as Whoosh scores them: stored as one byte, so rounded on a log scale."""
    return np.array([byte_to_length(length_to_byte(n)) if n else 0 for n in lengths],
                    np.float32)


@dataclass
class Texts:
    """One text per document, as UTF-8 in one array: document d's is
    data[offsets[d]:offsets[d + 1]]."""

    data: np.ndarray
    offsets: np.ndarray

    @classmethod
    def of(cls, values: Sequence[str]) -> Texts:
        """The arrays of `values`, one per document in order."""
        encoded = [value.encode("utf-8") for value in values]
        offsets = np.zeros(len(encoded) + 1, np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        return cls(np.frombuffer(b"".join(encoded), np.uint8), offsets)

    def __getitem__(self, doc: int) -> str:
        start, end = self.offsets[doc:doc + 2].tolist()  # Python ints: no numpy scalars
        return self.data[start:end].tobytes().decode("utf-8", "replace")


@dataclass
class SegmentPostings:
    """The cached postings of one segment, and its documents' `STORED_TEXTS`."""

    doc_count: int
    fields: dict[str, FieldPostings]
    texts: dict[str, Texts] = field(default_factory=dict)

    def stored(self, doc: int) -> dict[str, str] | None:
        """The document's `STORED_TEXTS` (as Whoosh's stored fields), or None without them."""
        if len(self.texts) != len(STORED_TEXTS):
            return None
        return {name: self.texts[name][doc] for name in STORED_TEXTS}

    def save(self, directory: Path) -> None:
        """Write to `directory` atomically (a temporary folder renamed into place)."""
        temporary = directory.with_name(f"{directory.name}.{os.getpid()}.tmp")
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        sizes: dict[str, dict[str, int]] = {}
        for name, postings in self.fields.items():
            sizes[name] = {}
            for stem, values in postings.arrays().items():
                np.save(temporary / f"{name}.{stem}.npy", values, allow_pickle=False)
                sizes[name][stem] = int(values.shape[0])
        for name, texts in self.texts.items():
            np.save(temporary / f"_texts.{name}.data.npy", texts.data, allow_pickle=False)
            np.save(temporary / f"_texts.{name}.offsets.npy", texts.offsets, allow_pickle=False)
        meta = {"version": CACHE_VERSION, "doc_count": self.doc_count, "sizes": sizes,
                "texts": sorted(self.texts)}
        (temporary / META_FILE).write_text(json.dumps(meta), "utf-8")
        shutil.rmtree(directory, ignore_errors=True)
        os.replace(temporary, directory)

    @classmethod
    def load(cls, directory: Path, doc_count: int) -> SegmentPostings:
        """Map the saved arrays; raises ValueError/OSError when they do not fit the segment."""
        meta = json.loads((directory / META_FILE).read_text("utf-8"))
        if meta.get("version") != CACHE_VERSION or meta.get("doc_count") != doc_count:
            raise ValueError("postings cache is for another segment")
        fields = {}
        for name, sizes in meta["sizes"].items():
            arrays = {stem: _mapped(directory / f"{name}.{stem}.npy") for stem in sizes}
            if any(arrays[stem].shape[0] != size for stem, size in sizes.items()):
                raise ValueError("postings cache has the wrong size")
            postings = FieldPostings(arrays["terms"], arrays["offsets"], arrays["docs"],
                                     arrays["weights"], arrays.get("lengths"))
            if (postings.offsets.shape[0] != postings.terms.shape[0] + 1
                    or int(postings.offsets[-1]) != postings.docs.shape[0]
                    or postings.docs.shape != postings.weights.shape
                    or (postings.lengths is not None and postings.lengths.shape[0] != doc_count)
                    or not _in_range(postings.docs, doc_count)):
                raise ValueError("postings cache is inconsistent")
            fields[name] = postings
        texts = {}
        for name in meta["texts"]:
            data, offsets = (_mapped(directory / f"_texts.{name}.{stem}.npy")
                             for stem in ("data", "offsets"))
            if (offsets.shape != (doc_count + 1,) or int(offsets[0]) != 0
                    or int(offsets[-1]) != data.shape[0] or bool(np.any(np.diff(offsets) < 0))):
                raise ValueError("stored texts cache is inconsistent")
            _release(offsets)  # read whole to check it; a hit reads two entries
            texts[name] = Texts(data, offsets)
        return cls(doc_count, fields, texts)

    @classmethod
    def from_reader(cls, reader: IndexReader) -> SegmentPostings:
        """Read a segment's postings back from Whoosh (the slow way, to heal the cache)."""
        doc_count = reader.doc_count_all()
        fields = {}
        for name in CACHED_FIELDS:
            if name not in reader.schema or not reader.schema[name].indexed:
                continue
            terms: dict[bytes, tuple[array[int], array[float]]] = {}
            for term in reader.lexicon(name):
                docs, weights = array("i"), array("f")
                matcher = reader.postings(name, term)
                while matcher.is_active():
                    docs.append(matcher.id())
                    weights.append(matcher.weight())
                    matcher.next()
                terms[term] = (docs, weights)
            lengths = None
            if reader.schema[name].scorable:
                lengths = [reader.doc_field_length(d, name, 0) or 0 for d in range(doc_count)]
            fields[name] = field_postings(terms, lengths)
        stored = [reader.stored_fields(d) for d in range(doc_count)]
        texts = {name: Texts.of([document.get(name) or "" for document in stored])
                 for name in STORED_TEXTS}
        return cls(doc_count, fields, texts)


def _mapped(path: Path) -> np.ndarray:
    """A saved one-dimensional array over the file's mapped pages (read as queries touch them).

    A plain array over a `mmap`, not a `numpy.memmap`: slicing a memmap costs several
    times more, and a query slices one per term."""
    with path.open("rb") as handle:
        version = np.lib.format.read_magic(handle)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(handle)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(handle)
        if len(shape) != 1 or fortran or dtype.hasobject:
            raise ValueError(f"{path.name} is not a flat array")
        offset = handle.tell()
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    return np.frombuffer(mapped, dtype, count=shape[0], offset=offset)


def _in_range(docs: np.ndarray, doc_count: int) -> bool:
    """Every document number in a mapped array is one of the segment's.

    The scan reads every page of the array; they are let go afterwards, or they would stay
    resident for as long as the index is open (9 MB at 20,000 questions) where queries
    touch only the pages of the terms they look up."""
    fits = not docs.shape[0] or (int(docs.max()) < doc_count and int(docs.min()) >= 0)
    _release(docs)
    return fits


def _release(array: np.ndarray) -> None:
    """Let the pages of an array `_mapped` made go (they are read again when touched)."""
    mapped = getattr(array.base, "obj", None)  # the memoryview `_mapped` made over the mmap
    if isinstance(mapped, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        mapped.madvise(mmap.MADV_DONTNEED)


class PostingsStore:
    """Segment postings by segment id: on disk under `directory` if given, else in memory."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._loaded: dict[str, SegmentPostings] = {}

    def put(self, segment_id: str, postings: SegmentPostings) -> None:
        """Keep the postings of a segment just written: saved and mapped back from disk
        (pages are read as queries touch them), or held in memory when they cannot be."""
        if self.directory is not None:
            try:
                postings.save(self.directory / segment_id)
                postings = SegmentPostings.load(self.directory / segment_id, postings.doc_count)
            except (OSError, ValueError):
                pass  # held in memory instead
        self._loaded[segment_id] = postings

    def get(self, reader: IndexReader) -> SegmentPostings:
        """The postings of one segment reader: loaded, or rebuilt and saved when unusable."""
        segment_id = reader.segment().segment_id()
        doc_count = reader.doc_count_all()
        postings = self._loaded.get(segment_id)
        if postings is not None and postings.doc_count == doc_count:
            return postings
        if self.directory is not None:
            try:
                postings = SegmentPostings.load(self.directory / segment_id, doc_count)
            except (OSError, ValueError, KeyError, TypeError):
                postings = None
        if postings is None:
            postings = SegmentPostings.from_reader(reader)
            self.put(segment_id, postings)
        self._loaded[segment_id] = postings
        return postings

    def keep_only(self, segment_ids: set[str]) -> None:
        """Forget (and delete) the postings of segments that no longer exist."""
        for segment_id in set(self._loaded) - segment_ids:
            del self._loaded[segment_id]
        if self.directory is not None and self.directory.is_dir():
            for path in self.directory.iterdir():
                if path.name not in segment_ids:
                    shutil.rmtree(path, ignore_errors=True)


class ArrayScorer:
    """Evaluates Whoosh queries (Term, And, Or, Every) over the postings of one searcher."""

    def __init__(self, searcher: Searcher, store: PostingsStore) -> None:
        self._searcher = searcher
        self._schema = searcher.schema
        self.size = searcher.doc_count_all()
        self._segments: list[tuple[SegmentPostings, int]] = []
        self._frequencies: dict[tuple[str, str], int] = {}
        self._norm_cache: dict[tuple[int, str], np.ndarray] = {}
        self.live = np.ones(self.size, bool)
        """False for deleted documents (a replaced topic's old questions)."""
        self._deletions = False
        for reader, offset in searcher.reader().leaf_readers():
            if reader.doc_count_all() == 0:
                continue
            self._segments.append((store.get(reader), offset))
            if reader.has_deletions():
                deleted = np.fromiter(reader.segment().deleted_docs(), np.int64)
                self.live[deleted + offset] = False
                self._deletions = True

    def stored(self, docnum: int) -> dict[str, str] | None:
        """A document's `STORED_TEXTS` from the arrays, or None where a segment has none."""
        for segment, offset in reversed(self._segments):
            if docnum >= offset:
                if docnum - offset < segment.doc_count:
                    return segment.stored(docnum - offset)
                return None
        return None

    def top(
        self, query: wq.Query, excluded: wq.Query | None, limit: int, ranked: bool = True
    ) -> list[tuple[int, float]]:
        """The best `limit` (document number, score) pairs of every live match, best first.

        Unranked (filters only) hits come in index order. Ties go to the lower number.
        """
        matched, values = self._live_matches(query, excluded)
        if not ranked:
            return [(int(d), float(v)) for d, v in zip(matched[:limit], values[:limit],
                                                        strict=True)]
        if len(matched) > limit:
            cutoff = -np.partition(-values, limit - 1)[limit - 1]
            better = np.flatnonzero(values > cutoff)
            tied = np.flatnonzero(values == cutoff)[: limit - len(better)]
            keep = np.concatenate([better, tied])
            matched, values = matched[keep], values[keep]
        order = np.lexsort((matched, -values))
        return [(int(matched[i]), float(values[i])) for i in order]

    def count(self, query: wq.Query, excluded: wq.Query | None = None) -> int:
        """How many live documents match."""
        return len(self._live_matches(query, excluded)[0])

    def _live_matches(self, query: wq.Query, excluded: wq.Query | None) -> Matches:
        """`evaluate(query)` less deleted documents and those `excluded` matches."""
        docs, scores = self.evaluate(query)
        keep = self.live[docs] if self._deletions else None
        if excluded is not None:
            kept = ~_members(docs, self.evaluate(excluded)[0])
            keep = kept if keep is None else keep & kept
        if keep is None or bool(keep.all()):
            return docs, scores
        return docs[keep], scores[keep]

    def doc_frequency(self, field_name: str, text: str) -> int:
        """Documents with the term, deleted ones included (as Whoosh counts them).

        Remembered for the terms an index has (a query asks about each of its terms twice,
        whether it is known and for its idf, and typing asks again key after key)."""
        key = (field_name, text)
        frequency = self._frequencies.get(key)
        if frequency is None:
            if field_name not in self._schema:
                return 0
            term = self._schema[field_name].to_bytes(text)
            frequency = sum(len(segment.fields[field_name].lookup(term)[0])
                            for segment, _ in self._segments if field_name in segment.fields)
            if frequency:
                self._frequencies[key] = frequency
        return frequency

    def idf(self, field_name: str, text: str) -> float:
        """Whoosh's inverse document frequency (whoosh.scoring.WeightingModel.idf)."""
        return math.log(self.size / (self.doc_frequency(field_name, text) + 1)) + 1

    def evaluate(self, query: wq.Query) -> Matches:
        """(matching document numbers, ascending; their scores) as Whoosh's matchers would
        score them.

        Matches are kept as arrays as long as the matches, not as long as the index: a
        score per document (160 KB at 20,000 questions) is above glibc's mmap threshold,
        which the app pins (`workbench.allocator`), so each such array would be mapped,
        faulted in page by page and unmapped again, several times a query. A document's
        scores are summed in the order of the subqueries, as a sum over arrays of every
        document adds them: the same sums to the last bit, so the same ranking as
        `whoosh_ranking`."""
        found = self._match(query)
        return (found.docs, found.scores(None)) if isinstance(found, _TermMatches) else found

    def _match(self, query: wq.Query) -> Matches | _TermMatches:
        if isinstance(query, wq.Term):
            return self._term(query.fieldname, query.text)
        if isinstance(query, (wq.And, wq.Or)):
            parts = [self._match(q) for q in query.subqueries]
            if not parts:
                return _NO_MATCHES
            if len(parts) == 1:
                return parts[0]
            if isinstance(query, wq.And):
                return _intersection(parts)
            docs = self._union(parts)
            scores = np.zeros(len(docs))
            for part in parts:
                scores[np.searchsorted(docs, _docs(part))] += _scores(part, None)
            return docs, scores
        if isinstance(query, wq.Every):
            return np.arange(self.size, dtype=np.int64), np.zeros(self.size)
        if isinstance(query, _NullQuery):
            return _NO_MATCHES
        raise UnsupportedQuery(type(query).__name__)

    def _union(self, parts: list[Matches | _TermMatches]) -> np.ndarray:
        """The documents any part matches, ascending (one flag per document: a byte each)."""
        flags = np.zeros(self.size, bool)
        for part in parts:
            flags[_docs(part)] = True
        return np.flatnonzero(flags)

    def _norms(self, segment: SegmentPostings, field_name: str,
               lengths: np.ndarray) -> np.ndarray:
        """BM25's length normalisation `K1 * ((1 - B) + B * length / average)` of every
        document of a segment's field, computed on its first use."""
        key = (id(segment), field_name)
        norms = self._norm_cache.get(key)
        if norms is None:
            average = self._searcher.avg_field_length(field_name) or 1
            norms = K1 * ((1 - B) + B * lengths.astype(np.float64) / average)
            self._norm_cache[key] = norms
        return norms

    def _term(self, field_name: str, text: str) -> Matches | _TermMatches:
        if field_name not in self._schema:
            return _NO_MATCHES
        field = self._schema[field_name]
        term = field.to_bytes(text)
        idf = self.idf(field_name, text) if field.scorable else None
        pieces = []
        total = 0
        for segment, offset in self._segments:
            postings = segment.fields.get(field_name)
            if postings is not None:
                docs, weights = postings.lookup(term)
                if len(docs):
                    norms = None
                    if idf is not None and postings.lengths is not None:
                        norms = self._norms(segment, field_name, postings.lengths)
                    pieces.append(_Piece(total, offset, docs, weights, norms))
                    total += len(docs)
        if not pieces:
            return _NO_MATCHES
        all_docs = np.empty(total, np.int64)
        for piece in pieces:
            end = piece.start + len(piece.docs)
            np.add(piece.docs, piece.offset, out=all_docs[piece.start:end])
        return _TermMatches(all_docs, pieces, 0.0 if idf is None else idf)


@dataclass
class _Piece:
    """One segment's part of a term's matches."""

    start: int
    """Where the segment's matches start in the term's."""
    offset: int
    """The segment's first document number."""
    docs: np.ndarray
    """Segment-local document numbers (int32)."""
    weights: np.ndarray
    """float32, as many: the term's weight in each of them."""
    norms: np.ndarray | None
    """BM25's length normalisation of every document of the segment (None: not scored)."""


@dataclass
class _TermMatches:
    """A term's matches, scored only where asked: in an intersection with a rarer term,
    only the few documents both have (most of a common term's postings are dropped)."""

    docs: np.ndarray
    pieces: list[_Piece]
    idf: float

    def scores(self, positions: np.ndarray | None) -> np.ndarray:
        """The scores of `docs[positions]` (ascending positions), or of every match (None)."""
        if positions is None:
            out = np.empty(len(self.docs))
            for piece in self.pieces:
                self._score(piece, None, out[piece.start:piece.start + len(piece.docs)])
            return out
        out = np.empty(len(positions))
        if len(self.pieces) == 1:
            self._score(self.pieces[0], positions, out)
            return out
        ends = np.searchsorted(positions, [p.start + len(p.docs) for p in self.pieces])
        begin = 0
        for piece, end in zip(self.pieces, ends.tolist(), strict=True):
            if end > begin:
                self._score(piece, positions[begin:end] - piece.start, out[begin:end])
            begin = end
        return out

    def _score(self, piece: _Piece, chosen: np.ndarray | None, out: np.ndarray) -> None:
        """BM25 `idf * ((weight * (K1 + 1)) / (weight + norm))` of the chosen postings of
        a segment (None: all of them), into `out`; unscored fields give their weights."""
        out[:] = piece.weights if chosen is None else piece.weights[chosen]
        if piece.norms is not None:
            norm = piece.norms[piece.docs if chosen is None else piece.docs[chosen]]
            norm += out
            boosted = out * (K1 + 1)
            np.divide(boosted, norm, out=boosted)
            np.multiply(boosted, self.idf, out=out)


Matches = tuple[np.ndarray, np.ndarray]
"""(document numbers: int64, ascending, each once; their scores: float64, as many)."""
_NO_MATCHES: Matches = (np.zeros(0, np.int64), np.zeros(0))
for _array in _NO_MATCHES:
    _array.flags.writeable = False


def _intersection(parts: list[Matches | _TermMatches]) -> Matches:
    """The documents every part matches, found from the part with the fewest; their
    scores summed in the parts' order (a term's computed for those documents only)."""
    order = sorted(range(len(parts)), key=lambda number: len(_docs(parts[number])))
    docs = _docs(parts[order[0]])
    where: dict[int, np.ndarray | None] = {order[0]: None}  # None: all of the part, in order
    for number in order[1:]:
        among = _docs(parts[number])
        if not len(docs) or not len(among):
            return _NO_MATCHES
        positions = np.minimum(np.searchsorted(among, docs), len(among) - 1)
        found = among[positions] == docs
        if not found.all():
            docs, positions = docs[found], positions[found]
            kept = np.flatnonzero(found)
            where = {n: kept if p is None else p[found] for n, p in where.items()}
        where[number] = positions
    if not len(docs):
        return _NO_MATCHES
    scores = np.zeros(len(docs))
    for number, part in enumerate(parts):
        scores += _scores(part, where[number])
    return docs, scores


def _docs(part: Matches | _TermMatches) -> np.ndarray:
    return part.docs if isinstance(part, _TermMatches) else part[0]


def _scores(part: Matches | _TermMatches, positions: np.ndarray | None) -> np.ndarray:
    """The part's scores of `_docs(part)[positions]` (None: of all its documents)."""
    if isinstance(part, _TermMatches):
        return part.scores(positions)
    return part[1] if positions is None else part[1][positions]


def _members(docs: np.ndarray, among: np.ndarray) -> np.ndarray:
    """Which of the ascending `docs` are in the ascending `among`, as booleans."""
    if not len(among):
        return np.zeros(len(docs), bool)
    where = np.minimum(np.searchsorted(among, docs), len(among) - 1)
    return among[where] == docs
