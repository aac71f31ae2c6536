"""A Whoosh segment writer that keeps postings in memory and saves them as numpy arrays too.

Whoosh's own writer sends every posting through a disk-backed sorting pool and, while
writing, reads each document's field length back once per posting, then handles every
posting and block through several Python calls: most of the 90 s a 20,000-question index
took. Here `MemoryPool` files each field's postings in flat arrays (a term number per
posting; for our text fields, a term number per word, as `analysis.analyse` numbered
them, counted per document by numpy at the end), one numpy sort groups them by term, and
each term's blocks are encoded in one go, with block statistics computed over the whole
field at once. The same arrays become the segment's postings cache
(`postings.SegmentPostings`), with each document's id and snippet text. The files are
Whoosh's own format, posting for posting what Whoosh's writer writes
(tests/test_search_writer.py).
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pickle import dumps

import numpy as np
from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3TermInfo
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.filedb.filetables import _lengths as _KEY_VALUE_LENGTHS
from whoosh.reading import IndexReader
from whoosh.system import emptybytes, pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import _length_byte_cache
from whoosh.writing import SegmentWriter

from workbench.search.postings import (
    CACHED_FIELDS,
    STORED_TEXTS,
    FieldPostings,
    PostingsStore,
    SegmentPostings,
    Texts,
    scored_lengths,
)
from workbench.search.schema import TermsField

Posting = tuple[str, bytes, int, float, bytes]
"""Whoosh's pool item: (field name, term bytes, document number, weight, value bytes)."""


class FieldPool:
    """One field's postings as filed: a term number, document, weight and value per posting,
    and a term number, document and weight per token for the terms filed token by token."""

    def __init__(self, value_numbers: dict[bytes, int]) -> None:
        self.term_numbers: dict[bytes, int] = {}
        self.terms = array("i")
        self.docs = array("i")
        self.weights = array("f")
        self.values = array("i")
        self._value_numbers = value_numbers
        self.token_names: list[str] = []
        self.tokens = array("i")
        self.token_docs = array("i")
        self.token_weights = array("f")

    def add_rows(self, docnum: int, rows: list[tuple[bytes, int, float, bytes]]) -> None:
        """File one document's rows (as returned by `FieldType.index`)."""
        if len(rows) == 1:  # an ID field's
            (term, _, weight, value), = rows
            self.terms.append(_number(self.term_numbers, term))
            self.docs.append(docnum)
            self.weights.append(weight)
            self.values.append(_number(self._value_numbers, value))
            return
        if not rows:
            return
        terms, _, weights, values = zip(*rows, strict=True)
        self.terms.extend(_numbers(self.term_numbers, terms))
        self.docs.extend([docnum] * len(rows))
        self.weights.extend(weights)
        self.values.extend(_numbers(self._value_numbers, values))

    def add_tokens(self, docnum: int, sections: list[tuple[array[int], float]],
                   boost: float, names: list[str]) -> int:
        """File one document's terms (numbers of `names`), each section's with its boost
        times `boost`, as Whoosh's Frequency format counts them (`schema.TermsField.index`);
        returns how many terms (the field length). A few C calls per section, whatever its
        size."""
        if self.token_names is not names:
            if self.tokens:
                raise ValueError("a field's terms are numbered in one way")
            self.token_names = names
        length = 0
        for terms, section_boost in sections:
            if terms:
                self.tokens.extend(terms)
                self.token_docs.extend(array("i", [docnum]) * len(terms))
                self.token_weights.extend(array("f", [section_boost * boost]) * len(terms))
                length += len(terms)
        return length

    def _counted_tokens(self) -> None:
        """Turn the filed tokens into postings: one per term and document, its weight the
        sum of its tokens' and its value the packed count (as `TermsField.index` gives)."""
        if not self.tokens:
            return
        tokens = np.frombuffer(self.tokens, np.int32)
        used = np.unique(tokens)
        numbers = np.zeros(int(used[-1]) + 1, np.int64)
        names = self.token_names
        numbers[used] = _numbers(self.term_numbers,
                                 tuple(names[n].encode("utf-8") for n in used.tolist()))
        keys = (numbers[tokens] << 32) | np.frombuffer(self.token_docs, np.int32).astype(
            np.int64)
        unique, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        weights = np.bincount(inverse, weights=np.frombuffer(self.token_weights, np.float32))
        distinct = np.unique(counts)
        value_of = np.zeros(int(distinct[-1]) + 1, np.int32)
        value_of[distinct] = _numbers(self._value_numbers,
                                      tuple(pack_uint(int(c)) for c in distinct))
        self.terms.frombytes((unique >> 32).astype(np.int32).tobytes())
        self.docs.frombytes((unique & 0xFFFFFFFF).astype(np.int32).tobytes())
        self.weights.frombytes(weights.astype(np.float32).tobytes())
        self.values.frombytes(value_of[counts].tobytes())
        self.tokens, self.token_docs, self.token_weights = array("i"), array("i"), array("f")

    def sorted(self) -> SortedField:
        """The postings grouped by term (terms in byte order), each in document order."""
        self._counted_tokens()
        names = list(self.term_numbers)
        order = sorted(range(len(names)), key=names.__getitem__)
        rank = np.empty(len(names), np.int64)
        rank[order] = np.arange(len(names))
        ranks = rank[np.frombuffer(self.terms, np.int32)] if names else np.zeros(0, np.int64)
        docs = np.frombuffer(self.docs, np.int32)
        by_term = np.argsort((ranks << 32) | docs)  # one posting per term and document
        counts = np.bincount(ranks, minlength=len(names))
        offsets = np.zeros(len(names) + 1, np.int64)
        np.cumsum(counts, out=offsets[1:])
        return SortedField(
            terms=[names[i] for i in order], offsets=offsets, docs=docs[by_term],
            weights=np.frombuffer(self.weights, np.float32)[by_term],
            values=np.frombuffer(self.values, np.int32)[by_term],
        )


def _number(numbering: dict[bytes, int], key: bytes | None) -> int:
    """The number of one key (`_numbers`)."""
    number = numbering.get(key or emptybytes)
    if number is None:
        number = numbering[key or emptybytes] = len(numbering)
    return number


def _numbers(numbering: dict[bytes, int], keys: tuple[bytes | None, ...]) -> list[int]:
    """The number of each key, numbering new ones in order (None counts as empty bytes).

    Mostly known keys: one `map` over `dict.get`, a Python loop only for the new ones."""
    numbers = list(map(numbering.get, keys))  # type: ignore[arg-type]
    if None in numbers:
        for i, number in enumerate(numbers):
            if number is None:
                numbers[i] = numbering.setdefault(keys[i] or emptybytes, len(numbering))
    return numbers  # type: ignore[return-value]


@dataclass
class SortedField:
    """A field's postings grouped by term: term i owns [offsets[i], offsets[i + 1])."""

    terms: list[bytes]
    offsets: np.ndarray
    docs: np.ndarray
    weights: np.ndarray
    values: np.ndarray
    """Numbers of value bytes (`MemoryPool.values`)."""


class MemoryPool:
    """Stands in for whoosh.writing.PostingPool: every field's postings, in memory."""

    def __init__(self) -> None:
        self.fields: dict[str, FieldPool] = {}
        self._value_numbers: dict[bytes, int] = {}

    @property
    def values(self) -> list[bytes]:
        """Distinct value bytes (frequencies), indexed by the numbers the postings carry."""
        return list(self._value_numbers)

    def add(self, item: Posting) -> None:
        """File one posting (Whoosh's merge of small segments adds postings this way)."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_rows(fieldname, docnum, [(tbytes, 0, weight, vbytes or emptybytes)])

    def add_rows(
        self, fieldname: str, docnum: int, rows: list[tuple[bytes, int, float, bytes]]
    ) -> None:
        """File one document's rows for one field (as returned by `FieldType.index`)."""
        self.field(fieldname).add_rows(docnum, rows)

    def field(self, fieldname: str) -> FieldPool:
        """The pool of one field (made on first use)."""
        pool = self.fields.get(fieldname)
        if pool is None:
            pool = self.fields[fieldname] = FieldPool(self._value_numbers)
        return pool

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting in Whoosh's order (field, term, document)."""
        fields = {name: self.fields[name].sorted() for name in sorted(self.fields)}
        values = self.values  # complete once every field is sorted
        for fieldname, field in fields.items():
            for i, tbytes in enumerate(field.terms):
                start, end = int(field.offsets[i]), int(field.offsets[i + 1])
                for doc, weight, value in zip(field.docs[start:end].tolist(),
                                              field.weights[start:end].tolist(),
                                              field.values[start:end].tolist(), strict=True):
                    yield fieldname, tbytes, doc, weight, values[value]

    def cleanup(self) -> None:
        """Drop everything."""
        self.fields.clear()


class FastWriter(SegmentWriter):
    """SegmentWriter with a MemoryPool, a one-pass document adder and a lean flush."""

    def __init__(self, ix: object, postings: PostingsStore, **kwargs: object) -> None:
        super().__init__(ix, **kwargs)
        self.pool = MemoryPool()
        self._postings = postings
        self._texts: dict[str, list[str]] = {name: [] for name in STORED_TEXTS}
        """Each document's `STORED_TEXTS`, for the postings cache."""
        self._adopted: list[Segment] = []
        # Each document's stored fields are compressed by `_deflate` (Whoosh's reader
        # inflates any zlib stream): the column's writer is W3PerDocWriter's, made with it.
        self.perdocwriter._colwriters["_stored"]._child._compress = _deflate
        self._lengths: dict[str, array[int]] | None = {
            name: array("i") for name in self.schema.names() if self.schema[name].scorable}
        """Each document's length of every scored field, as added; None once documents
        were copied from another segment (their lengths are read back at the flush)."""

    def adopt(self, segment: Segment) -> None:
        """Commit `segment` too, after the index's segments (its files already moved into
        the index folder: `parallel.move_part`)."""
        self._adopted.append(segment)

    def _merge_segments(self, mergetype: object, optimize: object, merge: object) -> list[Segment]:
        return [*super()._merge_segments(mergetype, optimize, merge), *self._adopted]

    def finish_segment(self) -> Segment:
        """Write what was added as a segment and let the index go, without a commit: the
        segment is for another index to adopt (`parallel.write_part`)."""
        self._check_state()
        segment = self._finalize_segment()
        self._finish()
        return segment

    def _keep_texts(self, stored: Mapping[str, object]) -> None:
        for name, texts in self._texts.items():
            value = stored.get(name)
            texts.append(value if isinstance(value, str) else "")

    def write_per_doc(self, fieldnames: object, reader: IndexReader) -> object:
        """Copy a segment's documents (Whoosh merging small segments), keeping their texts."""
        docmap = super().write_per_doc(fieldnames, reader)
        self._lengths = None
        for _, stored in reader.iter_docs():
            self._keep_texts(stored)
        return docmap

    def add_document(self, **fields: object) -> None:
        """Add one document: stored values and lengths as Whoosh does, postings to the pool.

        Our schema has no vectors, spelling fields, columns or boosts, which is all
        SegmentWriter.add_document does besides this.
        """
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        perdocwriter = self.perdocwriter
        pool: MemoryPool = self.pool
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        lengths = self._lengths
        perdocwriter.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if isinstance(field, TermsField):
                    analyzer = field.analyzer
                    length = pool.field(name).add_tokens(
                        docnum, analyzer.section_numbers(value), field.format.field_boost,
                        analyzer.names)
                elif field.indexed:
                    rows = list(field.index(value))
                    if field.scorable:
                        length = sum(row[1] for row in rows)
                    pool.add_rows(name, docnum, rows)
                perdocwriter.add_field(name, field, value if field.stored else None, length)
                if length and lengths is not None and name in lengths:
                    lengths[name].append(length)
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        if lengths is not None:  # fields this document has no words in: length 0
            for column in lengths.values():
                if len(column) == docnum:
                    column.append(0)
        self._keep_texts(fields)
        self._added = True
        self.docnum += 1

    def _field_lengths(self, name: str) -> list[int]:
        """Each document's length of a scored field: as added, or read back from the
        segment's per-document files (where Whoosh keeps it as one byte, rounded)."""
        if self._lengths is not None:
            return self._lengths[name].tolist()
        reader = self.per_document_reader()
        try:
            return [reader.doc_field_length(d, name, 0) or 0 for d in range(self.docnum)]
        finally:
            reader.close()

    def _flush_segment(self) -> None:
        """Write the pool field by field, then save the same postings as arrays."""
        self.perdocwriter.close()
        pool: MemoryPool = self.pool
        schema = self.schema
        doc_count = self.docnum
        lengths = {name: self._field_lengths(name) for name in pool.fields
                   if name in schema and schema[name].scorable}
        writer: W3FieldWriter = self.fieldwriter
        fields = {name: pool.fields[name].sorted() for name in sorted(pool.fields)
                  if name in schema}
        values = pool.values  # complete once every field is sorted
        cached: dict[str, FieldPostings] = {}
        for name, field in fields.items():
            field_lengths = np.array(lengths[name], np.int64) if name in lengths else None
            writer.start_field(name, schema[name])
            _write_field(writer, field, values, field_lengths)
            writer.finish_field()
            if name in CACHED_FIELDS:
                cached[name] = FieldPostings(
                    terms=np.array(field.terms, dtype=bytes) if field.terms
                    else np.zeros(0, "S1"),
                    offsets=field.offsets, docs=field.docs, weights=field.weights,
                    lengths=None if name not in lengths else scored_lengths(lengths[name]))
        writer.close()
        pool.cleanup()
        texts = {name: Texts.of(values) for name, values in self._texts.items()
                 if len(values) == doc_count}
        self._postings.put(self.newsegment.segment_id(),
                           SegmentPostings(doc_count, cached, texts))


def _write_field(
    writer: W3FieldWriter, field: SortedField, values: list[bytes], lengths: np.ndarray | None
) -> None:
    """Write every term of the field just started: its blocks, then its term info.

    Produces the bytes W3PostingsWriter and W3TermInfo would (whoosh-reloaded 2.7.5),
    but for small blocks left uncompressed: blocks of `_blocklimit` postings, each a
    pickled (delta ids, weights, values) tuple, compressed, after a pickled tuple of block
    statistics; a negative length marks the last block of a term.
    tests/test_search_writer.py checks the postings read back equal those of Whoosh's own
    writer.
    """
    if not field.terms:
        return
    postwriter = writer._postwriter
    size: int = postwriter._blocklimit
    compression: int = postwriter._compression
    fixed = writer._format.fixed_value_size()
    postfile = writer._postfile
    tindex = writer._tindex
    field_id = pack_ushort(writer._fieldid)
    pack_info = W3TermInfo._struct.pack

    offsets = field.offsets
    docs = field.docs.astype(np.int64)
    counts = np.diff(offsets)
    # Every block's first posting: each term's start, then every `size` postings.
    blocks_per_term = (counts + size - 1) // size
    term_of_block = np.repeat(np.arange(len(counts)), blocks_per_term)
    first_block = np.zeros(len(counts) + 1, np.int64)
    np.cumsum(blocks_per_term, out=first_block[1:])
    starts = offsets[term_of_block] + size * (np.arange(len(term_of_block))
                                              - first_block[term_of_block])
    ends = np.minimum(starts + size, offsets[term_of_block + 1])
    deltas = np.diff(docs, prepend=0)
    deltas[starts] = docs[starts]
    weights = field.weights
    max_weights = np.maximum.reduceat(weights, starts)
    all_same = max_weights == np.minimum.reduceat(weights, starts)
    term_max_weights = np.maximum(np.maximum.reduceat(weights, offsets[:-1]), 0)
    no_lengths = np.zeros(len(starts), np.int64)
    block_low, block_high = no_lengths, no_lengths
    term_low, term_high = no_lengths[: len(counts)], no_lengths[: len(counts)]
    if lengths is not None:
        posting_lengths = lengths[docs]
        shortest = np.where(posting_lengths > 0, posting_lengths, _NO_LENGTH)
        block_low = _length_bytes(np.minimum.reduceat(shortest, starts))
        block_high = _length_bytes(np.maximum.reduceat(posting_lengths, starts))
        term_low = _length_bytes(np.minimum.reduceat(shortest, offsets[:-1]))
        term_high = _length_bytes(np.maximum.reduceat(posting_lengths, offsets[:-1]))
    used = np.unique(field.values).tolist()
    if fixed is not None and fixed > 0 and all(len(values[v]) == fixed for v in used):
        value_bytes = np.array(values, dtype=f"S{fixed}")[field.values]
    else:
        value_bytes = None

    delta_list = deltas.tolist()
    weight_list = weights.tolist()
    value_numbers = field.values.tolist()
    doc_list = field.docs.tolist()
    block_starts, block_ends = starts.tolist(), ends.tolist()
    block_max_weights, block_same = max_weights.tolist(), all_same.tolist()
    block_low_list, block_high_list = block_low.tolist(), block_high.tolist()
    last_blocks = first_block[1:].tolist()
    term_stats = zip(field.terms, last_blocks, offsets[:-1].tolist(), offsets[1:].tolist(),
                     term_max_weights.tolist(), term_low.tolist(), term_high.tolist(),
                     strict=True)

    bodies: list[bytes] = []
    entries: list[tuple[bytes, bytes]] = []
    offset = postfile.tell()
    block = 0
    for tbytes, last, first, stop, max_weight, low_byte, high_byte in term_stats:
        parts = [WHOOSH3_HEADER_MAGIC]
        total_weight: float = 0
        while block < last:
            start, end = block_starts[block], block_ends[block]
            block_weights = weight_list[start:end]
            total_weight += sum(block_weights)
            if block_same[block]:
                mini_weights: object = None if block_weights[0] == 1.0 else block_weights[0]
            else:
                mini_weights = tuple(block_weights)
            if fixed == 0:
                mini_values: object = None
            elif value_bytes is not None:
                mini_values = value_bytes[start:end].tobytes()
            else:
                chosen = [values[v] for v in value_numbers[start:end]]
                mini_values = tuple(chosen) if fixed is None or fixed < 0 else b"".join(chosen)
            data = dumps((tuple(delta_list[start:end]), mini_weights, mini_values), 2)
            level = compression if len(data) >= _COMPRESSED_FROM else 0
            if level:
                data = _deflate(data, level)
            info = dumps((end - start, doc_list[end - 1], block_max_weights[block], level,
                          block_low_list[block], block_high_list[block]), 2)
            length = len(info) + len(data)
            parts += [pack_int(-length if block == last - 1 else length), info, data]
            block += 1
        body = b"".join(parts)
        bodies.append(body)
        terminfo = pack_info(False, total_weight, stop - first, low_byte, high_byte, max_weight,
                             doc_list[first], doc_list[stop - 1])
        entries.append((field_id + tbytes, terminfo + pack_long(offset) + pack_int(len(body))))
        offset += len(body)
    postfile.write(b"".join(bodies))
    _add_in_order(tindex, entries)


def _deflate(data: bytes, level: int) -> bytes:
    """`zlib.compress` with a window no larger than the data needs (same bytes out for
    data up to the window): setting up the default 32 kB window cost seven times what
    compressing a 1 kB answer did."""
    bits = min(15, max(_WINDOW_BITS, len(data).bit_length()))
    packer = zlib.compressobj(level, zlib.DEFLATED, bits, _MEMORY_LEVEL)
    return packer.compress(data) + packer.flush()


_COMPRESSED_FROM = 64
"""Smaller blocks are stored as they are (their info says so, and readers follow it):
zlib barely shrinks them and setting it up cost as much as pickling the block. Whoosh's
writer means to do this below 20 bytes but compresses every block."""
_WINDOW_BITS, _MEMORY_LEVEL = 11, 2
"""zlib state for blocks of at most a few kB: `zlib.compress` sets up (and clears) state
for 32 kB windows, which cost twenty times what compressing a block did. Any reader
inflates these (a window no larger than the default)."""
_LONGEST = 106374
"""Lengths from here on are byte 255 (whoosh.util.numeric.length_to_byte)."""
_NO_LENGTH = np.iinfo(np.int64).max
_LENGTH_BYTES = np.array(_length_byte_cache, np.int64)


def _length_bytes(lengths: np.ndarray) -> np.ndarray:
    """`length_to_byte` of each length; `_NO_LENGTH` (no document had one) gives 0."""
    found = np.searchsorted(_LENGTH_BYTES, np.minimum(lengths, _LONGEST), side="left")
    found[lengths >= _LONGEST] = 255
    found[lengths == _NO_LENGTH] = 0
    return found


def _add_in_order(tindex: OrderedHashWriter, entries: list[tuple[bytes, bytes]]) -> None:
    """`tindex.add` for each (key, value), with one write (OrderedHashWriter.add and
    HashWriter.add of whoosh-reloaded 2.7.5, which write and ask the file's position
    once per key)."""
    if not entries:
        return
    if entries[0][0] <= tindex.lastkey:
        raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{entries[0][0]!r}")
    dbfile = tindex.dbfile
    position = dbfile.tell()
    hashfn, buckets, index = tindex.hashfn, tindex.buckets, tindex.index
    records = []
    for key, value in entries:
        index.append(position)
        record = _KEY_VALUE_LENGTHS.pack(len(key), len(value)) + key + value
        records.append(record)
        h = hashfn(key)
        buckets[h & 255].append((h, position))
        position += len(record)
    dbfile.write(b"".join(records))
    tindex.lastkey = entries[-1][0]
