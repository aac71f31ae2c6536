"""`workbench predict` (issue 14) driven like a user would, with piped input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.demos.predictions import all_predictions, get_prediction, run_prediction
from workbench.study.store import Store

ONE = "empirical_risk.double-data"

DEMO_TOPIC = """+++
id = "zz-predict"
title = "Predict CLI fixture"
difficulty = "E"
demo = "empirical_risk"
+++

## [E] One question? {#one}

One answer.
"""


def _run(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def _answer_and_wrong() -> tuple[int, int]:
    p = get_prediction(ONE)
    assert p is not None
    answer = run_prediction(p).answer
    return answer, next(n for n in range(1, len(p.options) + 1) if n != answer)


def test_list_json_lists_every_prediction(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["predict", "--list", "--json"], "", monkeypatch, capsys)
    listed = json.loads(out)
    assert status == 0
    assert [item["id"] for item in listed] == [p.id for p in all_predictions()]
    assert {"id", "demo", "question", "options"} <= listed[0].keys()
    status, out, _ = _run(["predict", "empirical_risk", "--list", "--json"], "", monkeypatch,
                          capsys)
    assert {item["demo"] for item in json.loads(out)} == {"empirical_risk"}


def test_piped_wrong_answer_prints_the_computed_outcome_and_records_again(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    answer, wrong = _answer_and_wrong()
    status, out, err = _run(["predict", ONE, "--json"], f"{wrong}\n", monkeypatch, capsys)
    assert status == 0, err
    result = json.loads(out)
    assert result["chosen"] == wrong and result["answer"] == answer
    assert result["right"] is False and result["rating"] == 1 and result["recorded"] is True
    assert "n 50 → 100" in result["observed"]
    p = get_prediction(ONE)
    assert p is not None and result["explanation"] == p.explanations[answer]
    with Store.open() as store:
        rows = store.read("SELECT question_id, rating FROM reviews")
    assert rows == [(f"prediction:{ONE}", 1)]


def test_right_answer_is_good_and_no_record_writes_nothing(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        private_home: Path) -> None:
    answer, _ = _answer_and_wrong()
    status, out, _ = _run(["predict", ONE, "--json", "--no-record", "--seed", "3"],
                          f"{answer}\n", monkeypatch, capsys)
    result = json.loads(out)
    assert status == 0 and result["right"] is True and result["rating"] == 3
    assert result["recorded"] is False and result["seed"] == 3
    assert not any(private_home.rglob("*.sqlite3"))


def test_plain_loop_shows_question_outcome_and_why(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    answer, _ = _answer_and_wrong()
    status, out, _ = _run(["predict", "empirical_risk"], f"x\n{answer}\nq\n", monkeypatch,
                          capsys)
    assert status == 0
    assert "prediction 1 of 2" in out and "3. shrink to about half" in out
    assert "Not an answer: 'x'" in out
    assert f"Right: {answer}." in out and "What happened: n 50 → 100" in out
    assert "2σ²d/n" in out  # the explanation's $…$ is rendered
    assert "In the notes: erm/why-empirical" in out
    assert out.rstrip().endswith("Recorded 1 prediction(s).")


def test_numeric_prediction_takes_a_number(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    p = get_prediction("saddle_points.one-dimension")
    assert p is not None and p.numeric
    value = run_prediction(p).value
    status, out, _ = _run(["predict", p.id, "--json"], f"{value + 0.04:.3f}\n", monkeypatch,
                          capsys)
    result = json.loads(out)
    assert status == 0 and result["right"] is True and result["answer"] == value


def test_bad_input_is_one_line(monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(["predict", "nope"], "", monkeypatch, capsys)
    assert status == 2 and err.strip().splitlines() == [
        "workbench predict: no demo or prediction 'nope' (see: workbench predict --list)"]
    status, _, err = _run(["predict", ONE, "--json"], "9\n", monkeypatch, capsys)
    assert status == 2 and len(err.strip().splitlines()) == 1 and "'9'" in err
    status, _, err = _run(["predict", ONE, "--seed", "x"], "", monkeypatch, capsys)
    assert status == 2 and "--seed" in err
    status, out, _ = _run(["predict", ONE, "--json"], "", monkeypatch, capsys)
    assert status == 0 and json.loads(out) == []


def test_review_asks_prediction_cards_in_the_queue(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "notes" / "99-zz"
    folder.mkdir(parents=True)
    (folder / "01-zz.md").write_text(DEMO_TOPIC, encoding="utf-8")
    answer, wrong = _answer_and_wrong()
    argv = ["--content", str(tmp_path / "notes"), "review", "--topic", "zz-predict"]
    status, out, err = _run(argv, f"\n3\n{wrong}\nq\n", monkeypatch, capsys)
    assert status == 0, err
    assert "One question?" in out and "shrink to about half" in out
    assert f"Not quite: {answer}." in out
    assert out.rstrip().endswith("Recorded 2 review(s).")
    with Store.open() as store:
        assert store.read("SELECT rating FROM reviews WHERE question_id = ?",
                          (f"prediction:{ONE}",)) == [(1,)]
    status, out, _ = _run(["--content", str(tmp_path / "notes"), "stats"], "", monkeypatch,
                          capsys)
    assert "predictions 1 of" in out and "right 0 of 1 answers" in out


def test_anki_export_with_predictions_has_question_options_and_what_happened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3
    import zipfile

    import genanki

    folder = tmp_path / "notes" / "99-zz"
    folder.mkdir(parents=True)
    (folder / "01-zz.md").write_text(DEMO_TOPIC, encoding="utf-8")
    package = tmp_path / "out.apkg"
    argv = ["--content", str(tmp_path / "notes"), "export", "--anki", str(package),
            "--chapter", "zz", "--predictions"]
    status, out, err = _run(argv, "", monkeypatch, capsys)
    assert status == 0, err
    with zipfile.ZipFile(package) as archive:
        (tmp_path / "col.db").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "col.db") as db:
        rows = db.execute("select guid, flds, tags from notes where tags like '%prediction%'"
                          " order by id").fetchall()
    p = get_prediction(ONE)
    assert p is not None and len(rows) == 2
    guid, fields, tags = rows[0]
    front, back = fields.split("\x1f")
    outcome = run_prediction(p)
    assert guid == genanki.guid_for(p.card_id)
    assert "<ol>" in front and "<li>shrink to about half</li>" in front
    assert f"<strong>{outcome.answer}. {outcome.answer_text}</strong>" in back
    assert "What happened: n 50 → 100" in back and "Why: " in back
    assert "<pre" in back and "Empirical vs true risk" in back
    assert "\\(2\\sigma^2 d/n\\)" in back  # math in MathJax delimiters, as for questions
    assert "demo::empirical_risk" in tags
    status, _, err = _run(["export", "--csv", str(tmp_path / "x.csv"), "--predictions"], "",
                          monkeypatch, capsys)
    assert status == 2 and "--predictions goes with --anki" in err


def test_settings_turn_prediction_cards_off_in_review(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "notes" / "99-zz"
    folder.mkdir(parents=True)
    (folder / "01-zz.md").write_text(DEMO_TOPIC, encoding="utf-8")
    status, out, _ = _run(["progress", "settings", "--predictions", "off"], "", monkeypatch,
                          capsys)
    assert status == 0 and out.strip().endswith("predictions off")
    argv = ["--content", str(tmp_path / "notes"), "review", "--topic", "zz-predict"]
    status, out, _ = _run(argv, "\n3\n", monkeypatch, capsys)
    # with predictions on, the next card would be the topic's first prediction
    assert status == 0 and "Recorded 1 review(s)." in out
    assert "shrink to about half" not in out and "prediction 1 of" not in out
    _run(["progress", "settings", "--predictions", "on"], "", monkeypatch, capsys)
    status, out, _ = _run(argv, "", monkeypatch, capsys)
    assert "shrink to about half" in out
