"""In-memory indexes never share Whoosh's scratch folder (one writer's commit deleted it
under another's, in one process or across two)."""

from __future__ import annotations

from whoosh.fields import ID, TEXT, Schema

from workbench.search.ram_storage import PrivateRamStorage


def test_two_in_memory_indexes_write_at_once() -> None:
    schema = Schema(id=ID(stored=True), text=TEXT)
    first, second = (PrivateRamStorage().create_index(schema) for _ in range(2))
    writers = first.writer(), second.writer()
    assert writers[0].temp_storage().folder != writers[1].temp_storage().folder
    for number in range(50):
        for writer, word in zip(writers, ("wombat", "quokka"), strict=True):
            writer.add_document(id=str(number), text=f"{word} {number}")
    for writer in writers:
        writer.commit()  # Whoosh's RamStorage: the second commit lost its files
    for index, word in ((first, "wombat"), (second, "quokka")):
        with index.searcher() as searcher:
            assert searcher.doc_count() == 50
            assert word.encode() in list(searcher.lexicon("text"))
