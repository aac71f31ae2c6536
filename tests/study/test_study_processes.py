"""Real processes: grading survives SIGKILL at random moments, and two graders share the store."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from workbench.study.store import Store

GRADER = Path(__file__).with_name("grader.py")
SESSION_GRADER = Path(__file__).with_name("session_grader.py")
KILLS = 50


def _spawn(db: Path, seconds: float, seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(GRADER), str(db), str(seconds), str(seed)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def _uids(output: str) -> list[str]:
    """Lines the grader finished printing (a line cut by the kill has no newline)."""
    return [line for line in output.splitlines(keepends=True)
            if line.endswith("\n") and line.strip() != "ready"]


def _stored_uids(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in conn.execute("SELECT uid FROM reviews")}
    finally:
        conn.close()


def test_kill_9_never_loses_a_confirmed_review(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    rng = random.Random(2024)
    confirmed: set[str] = set()
    for attempt in range(KILLS):
        proc = _spawn(db, 30, attempt)
        assert proc.stdout is not None
        if rng.random() < 0.8:  # most kills land mid-grading, some while opening
            assert proc.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0, 0.08))
        proc.send_signal(signal.SIGKILL)
        output, _ = proc.communicate()
        confirmed.update(line.strip() for line in _uids(output))
        missing = confirmed - _stored_uids(db)
        assert not missing, f"kill {attempt}: lost {len(missing)} confirmed review(s)"
    assert len(confirmed) > 100
    with Store.open(db) as store:
        assert store.notices == []


def test_two_processes_grade_at_once(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    Store.open(db).close()
    procs = [_spawn(db, 10, seed) for seed in (1, 2)]
    results = [proc.communicate(timeout=60) for proc in procs]
    for proc, (_, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert err == ""
    reported = [uid.strip() for out, _ in results for uid in _uids(out)]
    assert len(reported) == len(set(reported)) > 200
    assert set(reported) == _stored_uids(db)


def test_two_review_sessions_never_grade_a_card_twice(tmp_path: Path) -> None:
    """Two windows on one home, grading as fast as they can through the real session code.

    With 60 questions and 25 grades each, neither runs out of unseen cards, so learn-ahead
    never applies: a question graded twice would have been graded twice within its step.
    """
    db = tmp_path / "progress.sqlite3"
    Store.open(db).close()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONPATH": os.pathsep.join([str(GRADER.parent), os.environ.get("PYTHONPATH", "")])}
    procs = [subprocess.Popen([sys.executable, str(SESSION_GRADER), str(db), "60", "25", str(seed)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for seed in (1, 2)]
    results = [proc.communicate(timeout=120) for proc in procs]
    for proc, (_, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
    lines = [line.split() for out, _ in results for line in _uids(out)]
    confirmed = {uid: qid for uid, qid in lines if uid != "elsewhere"}
    assert len(confirmed) == 50  # every grade landed; none was refused as a duplicate
    assert set(confirmed) == _stored_uids(db)  # no lost review
    conn = sqlite3.connect(db)
    try:
        graded = [row[0] for row in conn.execute("SELECT question_id FROM reviews")]
        leases = conn.execute("SELECT COUNT(*) FROM leases").fetchone()[0]
    finally:
        conn.close()
    assert len(graded) == len(set(graded)) == 50  # no question graded twice
    assert leases == 0  # both sessions released what they held
