"""CSV/TSV files, Anki text exports and card HTML become topics; nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.cli import main
from workbench.content.importing.anki_html import html_to_markdown
from workbench.content.importing.dispatch import import_file
from workbench.content.importing.imported import ImportedFile
from workbench.content.loader import load_library

FOREIGN = Path(__file__).parent / "fixtures" / "foreign"


def rows(result: ImportedFile) -> list[tuple[int, str, str, str]]:
    return [(q.line, q.difficulty, q.title, q.body) for q in result.questions()]


def warnings(result: ImportedFile) -> list[tuple[int, str]]:
    return sorted((p.line, p.message) for p in result.problems)


def test_csv_with_header_keeps_tags_difficulty_and_math() -> None:
    result = import_file(FOREIGN / "flashcards.csv")
    [chapter] = result.chapters
    [section] = chapter.sections
    assert section.title == "Flashcards"
    assert chapter.topic_tags == [("regularisation", "sparse", "preprocessing")]
    assert rows(result) == [
        (2, "E", "What is $L_1$ regularisation?",
         "Adds $\\lambda \\sum_i |w_i|$ to the loss; it costs \\$5 less."),
        (3, "M", "Why scale features?",
         "Gradient descent converges faster\nwhen features share a scale."),
        (5, "H", "Bias, or variance?", "It depends."),
    ]
    assert result.problems == []


def test_tsv_without_header_reads_a_third_column_of_difficulty_words() -> None:
    result = import_file(FOREIGN / "kernels.tsv")
    assert [(q.line, q.difficulty, q.title) for q in result.questions()] == [
        (1, "M", "What does PCA maximise?"),
        (2, "H", "What is $$\\frac{\\partial L}{\\partial w}$$?"),
        (4, "E", "Name a kernel."),
    ]


def test_semicolon_csv_is_sniffed(tmp_path: Path) -> None:
    source = tmp_path / "excel.csv"
    source.write_text("Why scale?;Speed.;prep;H\nWhat is PCA?;A projection.;linear;E\n", "utf-8")
    result = import_file(source)  # the first line holds no comma: the delimiter is sniffed
    assert [(q.title, q.body, q.difficulty) for q in result.questions()] == [
        ("Why scale?", "Speed.", "H"), ("What is PCA?", "A projection.", "E")]
    assert result.chapters[0].topic_tags == [("prep", "linear")]


def test_excel_csv_with_bom_and_crlf(tmp_path: Path) -> None:
    source = tmp_path / "excel.csv"
    source.write_bytes(b'\xef\xbb\xbfQuestion,Answer\r\nWhy?,"Two\r\nlines"\r\nNext?,Yes\r\n')
    result = import_file(source)
    assert rows(result) == [(2, "M", "Why?", "Two\nlines"), (4, "M", "Next?", "Yes")]


def test_malformed_rows_are_reported_with_their_line_and_kept() -> None:
    result = import_file(FOREIGN / "malformed.csv")
    assert warnings(result) == [
        (3, "row has no question; titled 'Untitled (line 3)'"),
        (4, "row has no answer column; the question is kept with an empty answer"),
        (5, "1 cell(s) beyond the known columns; kept in the answer"),
        (6, "unknown difficulty 'extreme' (use E/M/H or easy/medium/hard); using M, the word "
            "is kept as a tag"),
        (7, "a quote opened here is never closed; quotes are read as plain text from here on"),
    ]
    assert rows(result) == [
        (2, "E", "Good row?", "Yes."),
        (3, "M", "Untitled (line 3)", "An answer without a question."),
        (4, "M", "Only a question", ""),
        (5, "E", "Too many cells?", "Answer\n\nsurplus"),
        (6, "M", "Odd level?", "Answer"),
        (7, "H", "Unclosed quote?", '"This answer never closes'),
        (8, "M", "Next line", "kept"),
    ]
    assert result.chapters[0].topic_tags == [("extreme",)]


def test_every_cell_of_a_csv_ends_up_in_the_topic_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["import", str(FOREIGN / "malformed.csv"), "--into", str(out)]) == 0
    written = (out / "malformed" / "01-malformed.md").read_text("utf-8")
    for cell in ["Good row?", "An answer without a question.", "Only a question", "surplus",
                 "This answer never closes", "Next line", "kept"]:
        assert cell in written
    library = load_library([out])
    assert library.problems == []
    assert len(list(library.questions())) == 7


def test_answers_cannot_start_a_new_question(tmp_path: Path) -> None:
    source = tmp_path / "h.csv"
    source.write_text('q,a\nQ?,"# Big\n## Smaller\nText"\n', "utf-8")
    [question] = import_file(source).questions()
    assert question.body == "### Big\n### Smaller\nText"


def test_anki_text_export_with_header(tmp_path: Path) -> None:
    source = tmp_path / "deck.txt"
    source.write_text(
        "#separator:Semicolon\n#html:true\n#columns:Front;Back;Tags\n#tags column:3\n"
        "What is \\(x\\)?;A <b>variable</b>;algebra hard\n"
        '"Two; parts?";"Line one<br>line two";\n', "utf-8")
    result = import_file(source)
    [chapter] = result.chapters
    assert chapter.title == "Deck" and chapter.sections[0].title == "Deck"
    assert rows(result) == [(5, "H", "What is $x$?", "A **variable**"),
                            (6, "M", "Two; parts?", "Line one\\\nline two")]
    assert chapter.topic_tags == [("algebra",)]
    assert warnings(result) == [
        (6, "deck 'Deck': 1 note(s) without a difficulty tag (E/M/H, easy/medium/hard); using M")]


def test_anki_text_export_without_html_converts_mathjax_and_keeps_prices(tmp_path: Path) -> None:
    source = tmp_path / "plain.txt"
    source.write_text("#separator:tab\n#html:false\nWhy \\(x^2\\)?\tIt costs $5, see \\[y\\].\n",
                      "utf-8")
    assert [(q.title, q.body) for q in import_file(source).questions()] == [
        ("Why $x^2$?", "It costs \\$5, see $$y$$.")]


def test_old_anki_text_export_without_header_is_tab_separated_html() -> None:
    result = import_file(FOREIGN / "legacy-export.txt")
    assert rows(result) == [
        (1, "M", "What is an epoch?", "One pass over the **training set**."),
        (2, "M", "What is a batch?", "A subset of samples\\\nused for one update."),
    ]


def test_plain_text_file_is_still_markdown(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("# [E] Topic\n\nAn answer.\n", "utf-8")
    assert [(q.title, q.body) for q in import_file(source).questions()] == [
        ("Topic", "An answer.")]


@pytest.mark.parametrize(("html", "markdown", "media"), [
    ("\\(a &lt; b_1\\) and \\[\\sum_i x_i\\]", "$a < b_1$ and $$\\sum_i x_i$$", set()),
    ("<div>\\[x^2\\]</div>", "$$\nx^2\n$$", set()),
    ("[$]e^x[/$] [$$]\\int f[/$$]", "$e^x$ $$\\int f$$", set()),
    ("costs $5 <code>$x</code>", "costs \\$5 `$x`", set()),
    ('<table><tr><td><img src="a b.png" alt="ball"></td></tr></table>',
     "|  |\n| --- |\n| ![ball](<a b.png>) |", {"a b.png"}),
    ("[sound:say.mp3] <img src=\"https://example.org/x.png\">",
     "[say.mp3](say.mp3) ![](https://example.org/x.png)", {"say.mp3"}),
    ("a\x1b[31m<br>b", "a[31m\\\nb", set()),
    ("List&lt;String&gt; a &lt; b <code>List&lt;T&gt;</code> <a href=\"https://x.org\">"
     "https://x.org</a>", "List\\<String> a < b `List<T>` <https://x.org>", set()),
])
def test_card_html_to_markdown(html: str, markdown: str, media: set[str]) -> None:
    assert html_to_markdown(html) == (markdown, media)


def test_import_dir_reports_every_file_and_dry_run_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    (folder / "_skip").mkdir()
    for name in ["flashcards.csv", "kernels.tsv"]:
        (folder / name).write_bytes((FOREIGN / name).read_bytes())
    (folder / "sub" / "notes.md").write_text("# [E] Mine\n\nAnswer.\n", "utf-8")
    (folder / "_skip" / "ignored.md").write_text("# [E] No\n", "utf-8")
    (folder / "README.md").write_text("# Not notes\n", "utf-8")
    (folder / "picture.png").write_bytes(b"\x89PNG")
    (folder / "broken.csv").write_bytes(b"caf\xe9,x\n")
    out = tmp_path / "out"
    assert main(["import", str(folder), "--into", str(out), "--dry-run"]) == 1
    captured = capsys.readouterr()
    assert not out.exists()
    err = captured.err
    assert f"{folder / 'flashcards.csv'}: 1 topic, 3 questions (1 easy, 1 medium, 1 hard)" in err
    assert f"{folder / 'kernels.tsv'}: 1 topic, 3 questions (1 easy, 1 medium, 1 hard)" in err
    assert f"{folder / 'sub' / 'notes.md'}: 1 topic, 1 question (1 easy)" in err
    assert f"{folder / 'broken.csv'}:1: error: not UTF-8 text" in captured.err
    assert "ignored" not in captured.err and "README" not in captured.err
    assert "nothing written" in captured.err
    planned = captured.out.split()
    assert planned == [str(out / "flashcards" / "chapter.toml"),
                       str(out / "flashcards" / "01-flashcards.md"),
                       str(out / "kernels" / "chapter.toml"),
                       str(out / "kernels" / "01-kernels.md"),
                       str(out / "notes" / "chapter.toml"), str(out / "notes" / "01-mine.md")]
    assert main(["import", str(folder), "--into", str(out)]) == 1
    assert capsys.readouterr().out.split() == planned
    library = load_library([out])
    assert library.problems == [] and len(list(library.questions())) == 7


def test_empty_folder_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no notes files" in err and err.count("\n") == 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_\\#-`[]()$!.|\t\n\r\xa0é")), max_size=40))
def test_tag_free_text_skips_the_html_parser_with_the_same_result(text: str) -> None:
    from workbench.content.importing.anki_html import _converter, _plain

    converter = _converter()
    assert _plain(converter, text) == converter.convert(text).strip()
