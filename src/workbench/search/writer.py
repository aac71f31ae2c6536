"""A Whoosh segment writer that keeps postings in memory and saves them as numpy arrays too.

Whoosh's own writer sends every posting through a disk-backed sorting pool and, while
writing, reads each document's field length back once per posting: most of the 90 s a
20,000-question index took. Documents get increasing numbers, so each term's postings
arrive already sorted: `MemoryPool` files them per term in compact arrays, and the segment
is written term by term, a block of postings at a time, with field lengths read once per
document. The same arrays become the segment's postings cache (`postings.SegmentPostings`).
The files are Whoosh's own format, posting for posting what Whoosh's writer writes
(tests/test_search_writer.py).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

from whoosh.codec.whoosh3 import W3PostingsWriter
from whoosh.system import emptybytes
from whoosh.writing import SegmentWriter

from workbench.search.postings import (
    CACHED_FIELDS,
    PostingsStore,
    SegmentPostings,
    field_postings,
)

Posting = tuple[str, bytes, int, float, bytes]
"""Whoosh's pool item: (field name, term bytes, document number, weight, value bytes)."""


class MemoryPool:
    """Stands in for whoosh.writing.PostingPool: postings by field and term, in arrays."""

    def __init__(self) -> None:
        self.fieldnames: set[str] = set()
        self.fields: dict[str, dict[bytes, tuple[array[int], array[float], array[int]]]] = {}
        self._values: dict[bytes, int] = {}
        self.values: list[bytes] = []
        """Distinct value bytes (frequencies), indexed by the third array of a term."""

    def add(self, item: Posting) -> None:
        """File one posting (Whoosh's merge of small segments adds postings this way)."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_rows(fieldname, docnum, [(tbytes, 0, weight, vbytes or emptybytes)])

    def add_rows(
        self, fieldname: str, docnum: int, rows: list[tuple[bytes, int, float, bytes]]
    ) -> None:
        """File one document's rows for one field (as returned by `FieldType.index`)."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        values = self._values
        for tbytes, _, weight, vbytes in rows:
            postings = terms.get(tbytes)
            if postings is None:
                postings = terms[tbytes] = (array("i"), array("f"), array("i"))
            value = values.get(vbytes)
            if value is None:
                value = values[vbytes] = len(self.values)
                self.values.append(vbytes)
            postings[0].append(docnum)
            postings[1].append(weight)
            postings[2].append(value)

    def sorted_terms(self, fieldname: str) -> Iterator[tuple[bytes, array[int], array[float],
                                                             array[int]]]:
        """A field's terms in order, each with its postings in document order."""
        terms = self.fields.get(fieldname, {})
        for tbytes in sorted(terms):
            docs, weights, values = terms[tbytes]
            if any(a > b for a, b in zip(docs, docs[1:], strict=False)):
                order = sorted(range(len(docs)), key=docs.__getitem__)
                docs = array("i", (docs[i] for i in order))
                weights = array("f", (weights[i] for i in order))
                values = array("i", (values[i] for i in order))
            yield tbytes, docs, weights, values

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting in Whoosh's order (field, term, document)."""
        for fieldname in sorted(self.fields):
            for tbytes, docs, weights, values in self.sorted_terms(fieldname):
                for doc, weight, value in zip(docs, weights, values, strict=True):
                    yield fieldname, tbytes, doc, weight, self.values[value]

    def cleanup(self) -> None:
        """Drop everything."""
        self.fields.clear()


class FastWriter(SegmentWriter):
    """SegmentWriter with a MemoryPool, a one-pass document adder and a lean flush."""

    def __init__(self, ix: object, postings: PostingsStore, **kwargs: object) -> None:
        super().__init__(ix, **kwargs)
        self.pool = MemoryPool()
        self._postings = postings

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
        perdocwriter.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    rows = list(field.index(value))
                    if field.scorable:
                        length = sum(row[1] for row in rows)
                    pool.add_rows(name, docnum, rows)
                perdocwriter.add_field(name, field, value if field.stored else None, length)
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        """Write the pool term by term, then save the same postings as arrays."""
        self.perdocwriter.close()
        pool: MemoryPool = self.pool
        schema = self.schema
        doc_count = self.docnum
        reader = self.per_document_reader()
        try:
            lengths = {
                name: [reader.doc_field_length(d, name, 0) or 0 for d in range(doc_count)]
                for name in pool.fields if name in schema and schema[name].scorable
            }
        finally:
            reader.close()
        writer = self.fieldwriter
        cached: dict[str, dict[bytes, tuple[array[int], array[float]]]] = {}
        for name in sorted(pool.fields):
            if name not in schema:
                continue
            field_lengths = lengths.get(name)
            keep = cached.setdefault(name, {}) if name in CACHED_FIELDS else None
            writer.start_field(name, schema[name])
            for tbytes, docs, weights, values in pool.sorted_terms(name):
                writer.start_term(tbytes)
                _write_blocks(writer._postwriter, docs, weights,
                              [pool.values[v] for v in values], field_lengths)
                writer.finish_term()
                if keep is not None:
                    keep[tbytes] = (docs, weights)
            writer.finish_field()
        writer.close()
        pool.cleanup()
        segment = SegmentPostings(doc_count, {
            name: field_postings(terms, lengths.get(name)) for name, terms in cached.items()
        })
        self._postings.put(self.newsegment.segment_id(), segment)


def _write_blocks(
    postwriter: W3PostingsWriter,
    docs: array[int],
    weights: array[float],
    values: list[bytes],
    lengths: list[int] | None,
) -> None:
    """Hand one term's postings to Whoosh's postings writer a block at a time.

    Fills the block buffer that W3PostingsWriter.add_posting would fill one posting at a
    time (whoosh-reloaded 2.7.5), then lets it write every block but the last, which
    `finish_term` writes. tests/test_search_writer.py checks the postings read back
    equal those of Whoosh's own writer.
    """
    size = postwriter._blocklimit
    for start in range(0, len(docs), size):
        if start:
            postwriter._write_block()
        end = start + size
        postwriter._ids = array("I", docs[start:end])
        block_weights = weights[start:end]
        postwriter._weights = block_weights
        postwriter._values = values[start:end]
        postwriter._maxweight = max(block_weights)
        block_lengths = [lengths[d] for d in docs[start:end]] if lengths else []
        block_lengths = [n for n in block_lengths if n]
        postwriter._minlength = min(block_lengths) if block_lengths else None
        postwriter._maxlength = max(block_lengths) if block_lengths else 0
