"""Anki packages in every format Anki writes, made by Anki's own library, import faithfully."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from anki_decks import FORMATS, IMAGE, build_collection, export
from workbench.cli import main
from workbench.content.importing.apkg import _protobuf_media
from workbench.content.importing.dispatch import import_file
from workbench.content.importing.imported import ImportedFile
from workbench.content.loader import load_library

EXPECTED = [
    ("ML", "ML", "E", "What is **bias**?", "Error from wrong assumptions\\\nabout $\\hat{f}$."),
    ("ML", "Regularization", "H", "Why does L1 give sparse weights?",
     "The ball has corners: ![](<l1 ball.png>)\n\n$$\n\\lambda \\|w\\|_1 < t\n$$"),
    ("ML", "Regularization", "M", "What does a ridge penalty cost?",
     "About \\$5 & a bias *x\\_1\\*y*."),
    ("Regularization", "Deep", "M", "Dropout keeps units with probability [symbol].",
     "Dropout keeps units with probability $p$.\n\nExtra note"),
]


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixture collection exported once in every format."""
    folder = tmp_path_factory.mktemp("anki")
    collection = build_collection(folder)
    made = {}
    for kind in FORMATS:
        suffix = ".colpkg" if kind == "colpkg" else ".apkg"
        made[kind] = export(collection, kind, folder / f"deck-{kind}{suffix}")
    made["text"] = export(collection, "text", folder / "deck.txt")
    return made


def flatten(result: ImportedFile) -> list[tuple[str, str, str, str, str]]:
    return [(chapter.title, section.title, q.difficulty, q.title, q.body)
            for chapter in result.chapters for section in chapter.sections
            for q in section.questions]


def test_the_package_formats_are_the_ones_anki_writes(decks: dict[str, Path]) -> None:
    def members(kind: str) -> set[str]:
        return set(zipfile.ZipFile(decks[kind]).namelist())

    assert "collection.anki21b" in members("anki21b")  # beside a "please update" stub anki2
    assert "collection.anki21" in members("anki21")
    assert "collection.anki21" not in members("anki2")
    assert "collection.anki21b" in members("colpkg")


@pytest.mark.parametrize("kind", FORMATS)
def test_decks_notes_tags_math_and_media(decks: dict[str, Path], kind: str) -> None:
    result = import_file(decks[kind])
    assert flatten(result) == EXPECTED
    ml, regularization = result.chapters
    assert ml.topic_tags == [(), ("reg", "shrinkage")]
    assert ml.media == {"l1 ball.png": IMAGE}
    assert regularization.media == {}
    assert [(p.line, p.message) for p in result.problems] == [
        (0, "deck 'ML::Regularization': 1 note(s) without a difficulty tag (E/M/H, "
            "easy/medium/hard); using M")]


def test_anki_text_export_reads_like_the_package(decks: dict[str, Path]) -> None:
    result = import_file(decks["text"])
    assert flatten(result) == EXPECTED
    assert ("media file 'l1 ball.png' is not part of a text export; the link is kept"
            in [p.message for p in result.problems])


def test_cli_writes_topics_and_images_beside_them(
    decks: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "notes"
    assert main(["import", str(decks["anki21b"]), "--into", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"{decks['anki21b']}: 3 topics, 4 questions (1 easy, 2 medium, 1 hard)" in captured.err
    assert (out / "ml" / "l1 ball.png").read_bytes() == IMAGE
    library = load_library([out])
    assert library.problems == []
    assert [(c.title, [t.title for t in c.topics]) for c in library.chapters] == [
        ("ML", ["ML", "Regularization"]), ("Regularization", ["Deep"])]
    topic = library.topic("regularization")
    assert topic is not None and topic.tags == ("ml", "reg", "shrinkage")
    assert "![](<l1 ball.png>)" in topic.questions[0].body


@pytest.mark.parametrize(("content", "words"), [
    (b"not a zip", "not an Anki package"),
    ("empty-zip", "no collection inside"),
    ("bad-zstd", "damaged zstd data"),
    ("bad-sqlite", "not a readable Anki database"),
])
def test_bad_packages_are_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | str, words: str
) -> None:
    path = tmp_path / "bad.apkg"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("media", "{}")
            if content == "bad-zstd":
                archive.writestr("collection.anki21b", b"\x28\xb5\x2f\xfd garbage")
            elif content == "bad-sqlite":
                archive.writestr("collection.anki21", b"SQLite format 3\x00 truncated")
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_protobuf_media_index_honours_legacy_zip_names() -> None:
    def entry(name: bytes, legacy: int | None = None) -> bytes:
        inner = b"\x0a" + bytes([len(name)]) + name + b"\x10\x05"
        if legacy is not None:
            inner += b"\xf8\x0f" + bytes([legacy])  # field 255, varint
        return b"\x0a" + bytes([len(inner)]) + inner

    assert _protobuf_media(entry(b"a.png") + entry(b"b.mp3", 7)) == {"a.png": "0", "b.mp3": "7"}
    with pytest.raises(ValueError):
        _protobuf_media(b"\x0a\x30short")
