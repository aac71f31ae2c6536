"""Decks written by Anki's own library (the `anki` package, a test-only dependency), in every
format Anki writes, so the importer is tested against the real thing rather than our idea
of it.

`build_collection` fills a collection with notes exercising decks, tags, HTML, MathJax,
cloze and media; `export` writes it as a current package (collection.anki21b, zstd media),
a legacy one (collection.anki21, JSON media), a collection package, Anki's text export, or
an anki2-only package (the legacy package with its collection stored as collection.anki2,
as Anki 2.0 named the same schema-11 file).
`marsupial_deck` is a plain genanki package, big enough for progress reports.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

IMAGE = b"\x89PNG\r\n\x1a\n fake image bytes"
FORMATS = ("anki21b", "anki21", "anki2", "colpkg")


def build_collection(folder: Path) -> Path:
    """A collection file with the fixture notes; returns its path."""
    from anki.collection import Collection

    path = folder / "collection.anki2"
    col = Collection(str(path))
    try:
        basic = col.models.by_name("Basic")
        cloze = col.models.by_name("Cloze")
        image = folder / "l1 ball.png"
        image.write_bytes(IMAGE)
        media_name = col.media.add_file(str(image))

        def add(model: object, deck: str, fields: list[str], tags: list[str]) -> None:
            note = col.new_note(model)  # type: ignore[arg-type]
            for index, value in enumerate(fields):
                note.fields[index] = value
            note.tags = tags
            col.add_note(note, col.decks.id(deck))

        add(basic, "ML", ["What is <b>bias</b>?",
                          "Error from wrong assumptions<br>about \\(\\hat{f}\\)."], ["easy"])
        add(basic, "ML::Regularization",
            ["Why does L1 give sparse weights?",
             f"The ball has corners: <img src=\"{media_name}\"><div>\\[\\lambda \\|w\\|_1 "
             "&lt; t\\]</div>"],
            ["difficulty::H", "reg"])
        add(basic, "ML::Regularization", ["What does a ridge penalty cost?",
                                           "About $5 &amp; a bias <i>x_1*y</i>."], ["shrinkage"])
        add(cloze, "ML::Regularization::Deep",
            ["Dropout keeps units with probability {{c1::\\(p\\)::symbol}}.", "Extra note"],
            ["M"])
    finally:
        col.close()
    return path


def export(collection: Path, kind: str, out: Path) -> Path:
    """Write the collection as `kind` (one of FORMATS, or "text") to `out`."""
    from anki.collection import Collection, ExportAnkiPackageOptions

    if kind == "anki2":
        legacy = export(collection, "anki21", out.with_suffix(".legacy.apkg"))
        with zipfile.ZipFile(legacy) as source, zipfile.ZipFile(out, "w") as target:
            for name in source.namelist():
                if name != "collection.anki2":
                    stored = "collection.anki2" if name == "collection.anki21" else name
                    target.writestr(stored, source.read(name))
        return out
    col = Collection(str(collection))
    try:
        if kind == "colpkg":
            col.export_collection_package(str(out), include_media=True, legacy=False)
            return out
        if kind == "text":
            col.export_note_csv(out_path=str(out), limit=None, with_html=True, with_tags=True,
                                with_deck=True, with_notetype=True, with_guid=True)
            return out
        options = ExportAnkiPackageOptions(legacy=kind == "anki21", with_scheduling=False,
                                           with_media=True, with_deck_configs=False)
        col.export_anki_package(out_path=str(out), options=options, limit=None)
    finally:
        if col.db is not None:
            col.close()
    return out


def marsupial_deck(path: Path, notes: int = 150) -> Path:
    """A genanki package of `notes` basic notes (enough for a progress report), at `path`."""
    import genanki

    deck = genanki.Deck(2059400110, "Marsupials")
    for n in range(notes):
        deck.add_note(genanki.Note(genanki.BASIC_MODEL, [f"Wombat <b>{n}</b>?", f"Pouch {n}."]))
    genanki.Package(deck).write_to_file(path)
    return path
