"""Exact behaviour of the gap log's writer: the row stored, the queue limit, batches, pruning, errors, close.

Written after `make mutation` showed them loosely tested. A test that holds the writer back does so with an
event it sets itself; a test that waits for the writer polls its counters up to a deadline.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import bot.gaplog as gaplog
from bot.gaplog import GapLog, asked_by, asker_hash, read_gaps
from bot.models import Answer, Candidate

DEADLINE = 10.0


def gap(question: str = "weather in tokyo", *, confidence: float = 0.2, nearest: Candidate | None = None) -> Answer:
    return Answer(question=question, outcome="decline", body="t", confidence=confidence, nearest=nearest)


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, "the gap log's writer did not get there in time"
        time.sleep(0.01)


def handled(gaps: GapLog, count: int) -> None:
    """Wait until the writer has written or dropped `count` gaps."""
    wait_until(lambda: gaps.written + gaps.dropped == count)


def rows(path: Path) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT platform, question, outcome, confidence, top_fact, top_score, asker "
                                  "FROM gaps ORDER BY id").fetchall()


@pytest.fixture()
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The writer threads of GapLogs made in the test wait for this event before taking anything queued."""
    release = threading.Event()
    run = GapLog._run

    def held_run(self: GapLog) -> None:
        release.wait(DEADLINE)
        run(self)

    monkeypatch.setattr(GapLog, "_run", held_run)
    yield release
    release.set()


def test_the_row_stored(tmp_path: Path) -> None:
    path = tmp_path / "gaps.sqlite3"
    nearest = Candidate(fact_id="people:minister", title="t", score=0.987654321, coverage=0.5, fuzzy=0.5)
    before = time.time()
    with GapLog(path, platform="discord", salt=b"s", retention=None) as gaps, asked_by("U7"):
        gaps.record(gap("Who is THE Defence Minister?", confidence=0.123456, nearest=nearest))
        gaps.record(gap("weather  in Tokyo"))
    asker = asker_hash("U7", b"s")
    assert rows(path) == [
        ("discord", "who is the defence minister", "decline", 0.1235, "people:minister", 0.9877, asker),
        ("discord", "weather in tokyo", "decline", 0.2, None, None, asker)]
    assert all(before <= g.time <= time.time() for g in read_gaps(path))


def test_a_question_is_stored_up_to_500_characters(tmp_path: Path) -> None:
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="slack", retention=None) as gaps:
        gaps.record(gap("abcd " * 120))  # 599 characters once normalised
    assert [g.question for g in read_gaps(path)] == [("abcd " * 100)[:500]]


@pytest.mark.parametrize("question", ["xoxb-abcdefghijkl", "xapp-abcdefghijkl",
                                      "abcdefghijklmnopqrstuvwxyz.abcdef.abcdefghijklmnopqrstuvwxyzabc"])
def test_a_token_of_letters_alone_is_masked(tmp_path: Path, question: str) -> None:
    """Slack and Discord tokens are masked by their shape, whether or not they hold digits."""
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="slack", retention=None) as gaps:
        gaps.record(gap(f"is {question} valid"))
    assert [g.question for g in read_gaps(path)] == ["is secret valid"]


def test_the_salt_comes_from_the_environment_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_GAP_SALT", "env-salt")
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="slack", retention=None) as gaps, asked_by("U1"):
        gaps.record(gap())
    assert [g.asker for g in read_gaps(path)] == [asker_hash("U1", b"env-salt")]


def test_state(tmp_path: Path) -> None:
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="slack", retention=30) as gaps:
        gaps.record(gap())
    assert gaps.state() == {"path": str(path), "written": 1, "dropped": 0, "failing": False, "retention_days": 30}
    assert gaps.state(paths=False) == {"written": 1, "dropped": 0, "failing": False, "retention_days": 30}


def test_the_writer_is_a_daemon_thread_that_ends_on_close(tmp_path: Path) -> None:
    """A process that never calls close() can still exit; close() ends the thread."""
    before = set(threading.enumerate())
    gaps = GapLog(tmp_path / "gaps.sqlite3", platform="slack", retention=None)
    (writer,) = set(threading.enumerate()) - before
    assert writer.name == "gap-log" and writer.daemon and writer.is_alive()
    gaps.record(gap())
    gaps.close()
    assert not writer.is_alive() and gaps.written == 1


def test_a_full_queue_drops_new_gaps_with_one_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      held: threading.Event,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(gaplog, "QUEUE_LIMIT", 3)
    path = tmp_path / "gaps.sqlite3"
    with caplog.at_level(logging.WARNING, logger="bot.gaplog"):
        gaps = GapLog(path, platform="slack", retention=None)
        for n in range(5):
            gaps.record(gap(f"question {n}"))
        assert gaps.dropped == 2
        held.set()
        gaps.close()
    assert [r.getMessage() for r in caplog.records] == [
        "gap log: 3 records waiting to be written; dropping new ones"]
    assert gaps.written == 3 and [g.question for g in read_gaps(path)] == ["question 0", "question 1", "question 2"]
    assert gaps.state()["failing"] is False  # a full queue is not a failing database


def test_more_than_a_batch_waiting_is_all_written(tmp_path: Path, held: threading.Event) -> None:
    path = tmp_path / "gaps.sqlite3"
    gaps = GapLog(path, platform="slack", retention=None)
    for n in range(gaplog.BATCH_LIMIT + 100):
        gaps.record(gap(f"question {n}"))
    held.set()
    gaps.close()
    assert gaps.written == gaplog.BATCH_LIMIT + 100 and len(read_gaps(path)) == gaplog.BATCH_LIMIT + 100


def _close_outlives_its_timeout(gaps: GapLog, held: threading.Event) -> bool:
    """Record one gap, close with a 0.1 s timeout, and say whether close() was still waiting well after it."""
    gaps.record(gap())
    closing = threading.Thread(target=gaps.close, kwargs={"timeout": 0.1})
    closing.start()
    closing.join(DEADLINE / 2)
    stuck = closing.is_alive()
    held.set()
    closing.join()
    return stuck


def test_close_gives_up_after_its_timeout_when_the_writer_is_stuck(tmp_path: Path, held: threading.Event) -> None:
    gaps = GapLog(tmp_path / "gaps.sqlite3", platform="slack", retention=None)
    stuck = _close_outlives_its_timeout(gaps, held)
    assert not stuck, "close() waited for a stuck writer beyond its timeout"


def test_close_gives_up_after_its_timeout_when_the_queue_is_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 held: threading.Event) -> None:
    monkeypatch.setattr(gaplog, "QUEUE_LIMIT", 1)
    gaps = GapLog(tmp_path / "gaps.sqlite3", platform="slack", retention=None)
    stuck = _close_outlives_its_timeout(gaps, held)
    assert not stuck, "close() waited for room in a full queue beyond its timeout"


def test_pruning_happens_on_the_first_write_then_hourly(tmp_path: Path) -> None:
    """A row past the retention period written after the first write stays until the next hourly prune."""
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="slack", retention=30) as gaps:
        gaps.record(gap("first"))
        handled(gaps, 1)
        with contextlib.closing(sqlite3.connect(path)) as connection, connection:
            connection.execute("INSERT INTO gaps (time, platform, question, outcome, confidence) "
                               "VALUES (?, 'slack', 'old', 'decline', 0.1)", (time.time() - 40 * 86_400,))
        gaps.record(gap("second"))
    assert [g.question for g in read_gaps(path)] == ["old", "first", "second"]


def test_the_retention_cutoff_is_exact(tmp_path: Path) -> None:
    """30 days: a row 30 days and 10 seconds old is deleted, one 30 days less 10 seconds old is kept."""
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="slack", retention=None) as gaps:
        gaps.record(gap("setup"))
    now = time.time()
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("DELETE FROM gaps")
        for question, age in (("older", 30 * 86_400 + 10), ("younger", 30 * 86_400 - 10)):
            connection.execute("INSERT INTO gaps (time, platform, question, outcome, confidence) "
                               "VALUES (?, 'slack', ?, 'decline', 0.1)", (now - age, question))
    with GapLog(path, platform="slack", retention=30) as gaps:
        gaps.record(gap("new"))
    assert [g.question for g in read_gaps(path)] == ["younger", "new"]


def test_read_gaps_since(tmp_path: Path) -> None:
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="slack", retention=None) as gaps:
        gaps.record(gap("setup"))
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("DELETE FROM gaps")
        for question, at in (("at the epoch", 0.5), ("an hour before", 6_400.0), ("just before", 9_000.0)):
            connection.execute("INSERT INTO gaps (time, platform, question, outcome, confidence) "
                               "VALUES (?, 'slack', ?, 'decline', 0.1)", (at, question))
    assert [g.question for g in read_gaps(path, since_seconds=3_599, now=10_000.0)] == ["just before"]
    assert [g.question for g in read_gaps(path, since_seconds=3_600, now=10_000.0)] == ["an hour before",
                                                                                          "just before"]
    assert [g.question for g in read_gaps(path)] == ["at the epoch", "an hour before", "just before"]


def test_a_locked_database_is_reported_again_after_it_has_worked_in_between(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Each failure drops its batch; the warning comes once per run of failures, and writing resumes."""
    path = tmp_path / "gaps.sqlite3"
    blocker = sqlite3.connect(path, isolation_level=None)
    with caplog.at_level(logging.WARNING, logger="bot.gaplog"), GapLog(path, platform="slack", retention=None) as gaps:
        for n, locked in enumerate([False, True, True, False, True, False]):
            if locked:
                blocker.execute("BEGIN EXCLUSIVE")
            gaps.record(gap(f"question {n}"))
            handled(gaps, n + 1)
            assert gaps.state()["failing"] is locked
            if locked:
                blocker.execute("COMMIT")
    blocker.close()
    assert [r.getMessage() for r in caplog.records] == [
        f"gap log {path} is not writable (database is locked); answering goes on without it"] * 2
    assert (gaps.written, gaps.dropped) == (3, 3)
    assert [g.question for g in read_gaps(path)] == ["question 0", "question 3", "question 5"]
