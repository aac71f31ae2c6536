"""FastWriter writes the segment Whoosh's own writer would: same terms, postings, stats."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID

from search_fixture import fixture_library, write_notes
from workbench.search.postings import PostingsStore
from workbench.search.schema import IdField, build_schema, topic_documents
from workbench.search.writer import FastWriter

HEADER = '+++\nid = "many"\ntitle = "Many"\ndifficulty = "E"\n+++\n\n'
MANY = {"01-c/01-many.md": HEADER + "\n".join(
    f"## [E] Question {n} about gradients? {{#q{n}}}\n\n" + "Gradient descent step. " * (1 + n % 9)
    + ("Momentum and k-means." if n % 4 else "") + "\n" for n in range(300))}


def _postings(ix: whoosh_index.Index) -> dict[tuple[str, bytes], list[tuple[object, ...]]]:
    found: dict[tuple[str, bytes], list[tuple[object, ...]]] = {}
    with ix.reader() as reader:
        for name in ix.schema.names():
            if not ix.schema[name].indexed:
                continue
            for term in reader.lexicon(name):
                info = reader.term_info(name, term)
                stats = (info.doc_frequency(), info.weight(), info.min_length(),
                         info.max_length(), info.max_weight())
                matcher = reader.postings(name, term)
                rows: list[tuple[object, ...]] = [stats]
                while matcher.is_active():
                    rows.append((matcher.id(), matcher.weight(), matcher.value(),
                                 matcher.block_min_length(), matcher.block_max_length(),
                                 matcher.block_max_weight()))
                    matcher.next()
                found[(name, term)] = rows
    return found


def test_segment_matches_whoosh_writer(tmp_path: Path) -> None:
    library = fixture_library(write_notes(tmp_path / "notes", MANY))
    documents = [d for topic in library.topics() for d in topic_documents(topic, {})]
    indexes = []
    for name, make in (("whoosh", lambda ix: ix.writer()),
                       ("fast", lambda ix: FastWriter(ix, PostingsStore(None)))):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / name), build_schema())
        writer = make(ix)
        for document in documents:
            writer.add_document(**document)
        writer.commit()
        indexes.append(ix)
    theirs, ours = (_postings(ix) for ix in indexes)
    assert ours.keys() == theirs.keys()
    assert ours == theirs
    stored = [[reader.stored_fields(d) for d in range(len(documents))]
              for reader in (ix.reader() for ix in indexes)]
    assert stored[1] == stored[0]
    assert any(len(rows) > 130 for rows in ours.values())  # several blocks per term


def test_stored_fields_of_any_size_read_back(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = FastWriter(ix, PostingsStore(None))
    plains = ["", "ünïcode", "x" * 70_000 + " end", "short answer"]
    for n, plain in enumerate(plains):
        writer.add_document(id=f"t/q{n}", topic="t", plain=plain, text=plain)
    writer.commit()
    with ix.reader() as reader:
        assert [reader.stored_fields(d) for d in range(len(plains))] == [
            {"id": f"t/q{n}", "plain": plain} for n, plain in enumerate(plains)]


def test_id_fields_give_the_rows_of_whoosh_id_fields() -> None:
    for value in ("topic-1/q2", "", "ünï code", " spaced "):
        assert IdField(stored=True).index(value) == list(ID(stored=True).index(value))
        assert IdField(field_boost=2.0).index(value) == list(ID(field_boost=2.0).index(value))
