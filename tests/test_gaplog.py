"""The gap log: declines and low-confidence answers recorded off the answering path, grouped for the maintainer."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bot.answers import AnswerService
from bot.gaplog import (
    Gap,
    GapLog,
    asked_by,
    asker_hash,
    describe,
    gap_path,
    gap_report,
    gap_salt,
    is_gap,
    mask_secrets,
    parse_since,
    read_gaps,
    render_report,
    retention_days,
    summary,
)
from bot.logs import ObservedService
from bot.models import FactBase
from tests.conftest import TODAY
from tests.test_cli import bot

GAPS = ["who is the defence minister", "Who is the DEFENCE minister?", "japan defence minister name",
        "weather in tokyo", "tokyo weather today"]


def observed(fact_base: FactBase, gaps: GapLog) -> AnswerService:
    return ObservedService(fact_base, observers=[gaps], clock=lambda: TODAY)


def test_only_gaps_are_recorded(tmp_path: Path, fact_base: FactBase) -> None:
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="slack") as gaps:
        service = observed(fact_base, gaps)
        for question in ["help", "hello", "thanks", "how big is the FY2026 defence budget?", "", "x" * 600,
                         "what are your sources?", *GAPS]:
            service.ask(question)
    recorded = read_gaps(path)
    assert [g.question for g in recorded] == ["who is the defence minister", "who is the defence minister",
                                              "japan defence minister name", "weather in tokyo",
                                              "tokyo weather today"]
    assert {g.platform for g in recorded} == {"slack"} and {g.outcome for g in recorded} == {"decline"}
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(gaps)")]
    assert "user" not in " ".join(columns)  # no user ids or names


def test_the_top_candidate_is_recorded(tmp_path: Path, fact_base: FactBase) -> None:
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="console") as gaps:
        observed(fact_base, gaps).ask("what is the salary of sdf personnel")
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        (top_fact, score), = connection.execute("SELECT top_fact, top_score FROM gaps").fetchall()
    assert top_fact and top_fact.startswith("out-of-scope:") and 0 < score <= 1.5


def test_writes_never_wait_for_the_disk(tmp_path: Path, fact_base: FactBase, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow database (here: a writer that blocks) does not slow the answers down."""
    release = threading.Event()
    import bot.gaplog as gaplog

    real_connect = gaplog._connect

    def slow_connect(path: Path) -> sqlite3.Connection:
        release.wait(10)
        return real_connect(path)

    monkeypatch.setattr(gaplog, "_connect", slow_connect)
    gaps = GapLog(tmp_path / "gaps.sqlite3", platform="slack")
    service = observed(fact_base, gaps)
    started = time.perf_counter()
    for _ in range(200):
        service.ask("weather in tokyo")
    assert time.perf_counter() - started < 2.0
    release.set()
    gaps.close()
    assert gaps.written == 200 and len(read_gaps(tmp_path / "gaps.sqlite3")) == 200


def test_a_corrupt_database_is_reported_once_and_answering_goes_on(
        tmp_path: Path, fact_base: FactBase, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "gaps.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING, logger="bot.gaplog"), GapLog(path, platform="slack") as gaps:
        service = observed(fact_base, gaps)
        for _ in range(3):
            assert service.ask("weather in tokyo").outcome == "decline"
            time.sleep(0.05)  # separate batches: each one fails
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "not writable" in warnings[0] and "answering goes on" in warnings[0]
    assert gaps.written == 0 and gaps.dropped == 3


def test_grouping_and_yaml(tmp_path: Path, fact_base: FactBase) -> None:
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="discord") as gaps:
        service = observed(fact_base, gaps)
        for question in GAPS:
            service.ask(question)
    clusters = gap_report(read_gaps(path))
    assert [c.count for c in clusters] == [3, 2]
    assert clusters[0].examples[0] == "who is the defence minister" and clusters[0].platforms == ("discord",)
    text = render_report(clusters, as_yaml=True)
    assert text.startswith("# 3 asked; nearest fact: ") and '  - "tokyo weather today"' in text
    import yaml

    parsed = yaml.safe_load("\n".join(line for line in text.splitlines() if line.startswith("  - ")))
    assert "who is the defence minister" in parsed


def test_settings() -> None:
    assert gap_path({}, default=True) == Path("gaps.sqlite3")
    assert gap_path({}, default=False) is None
    assert gap_path({"BOT_GAP_LOG": "off"}, default=True) is None
    assert gap_path({"BOT_GAP_LOG": "/tmp/g.db"}, default=False) == Path("/tmp/g.db")
    assert parse_since("7d") == 7 * 86400 and parse_since("12h") == 43200
    with pytest.raises(ValueError, match="--since"):
        parse_since("last week")


def test_gaps_command(tmp_path: Path) -> None:
    db = tmp_path / "gaps.sqlite3"
    env = {"BOT_GAP_LOG": str(db)}
    for question in GAPS:
        assert bot("ask", question, env=env).returncode == 0
    assert bot("ask", "how big is the FY2026 defence budget?", env=env).returncode == 0
    run = bot("gaps", "--since", "1h", env=env)
    assert run.returncode == 0 and run.stdout.splitlines()[0].startswith("    3  who is the defence minister")
    run = bot("gaps", "--yaml", "--top", "1", env=env)
    assert run.stdout.count("questions:") == 1
    run = bot("status", "--json", env=env)
    assert json.loads(run.stdout)["gap_log"] == f"{db} (5 gaps)"
    assert bot("gaps", "--since", "soon", env=env).returncode == 2
    db.write_bytes(b"garbage" * 200)
    run = bot("gaps", env=env)
    assert run.returncode == 2 and "not a readable gap log" in run.stderr and "Traceback" not in run.stderr


def test_is_gap_thresholds(service: AnswerService) -> None:
    assert not is_gap(service.ask("help"))
    assert not is_gap(service.ask("how big is the FY2026 defence budget?"))
    assert is_gap(service.ask("weather in tokyo"))


def test_chat_records_gaps_and_writes_them_before_exiting(tmp_path: Path) -> None:
    db = tmp_path / "gaps.sqlite3"
    run = bot("chat", stdin="weather in tokyo\nhow big is the FY2026 defence budget?\nhelp\n",
              env={"BOT_GAP_LOG": str(db)})
    assert run.returncode == 0
    assert [(g.question, g.platform) for g in read_gaps(db)] == [("weather in tokyo", "console")]


def test_distinct_askers_are_counted_by_salted_hash_only(tmp_path: Path, fact_base: FactBase) -> None:
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="slack", salt=b"team-secret") as gaps:
        service = observed(fact_base, gaps)
        for user, question in [("U1", GAPS[0]), ("U2", GAPS[1]), ("U1", GAPS[2]), (None, GAPS[3])]:
            with asked_by(user):
                service.ask(question)
    recorded = read_gaps(path)
    assert [g.asker for g in recorded] == [asker_hash("U1", b"team-secret"), asker_hash("U2", b"team-secret"),
                                           asker_hash("U1", b"team-secret"), None]
    assert all("U1" not in (g.asker or "") and "U2" not in (g.asker or "") for g in recorded)
    assert asker_hash("U1", b"another-salt") != asker_hash("U1", b"team-secret")
    clusters = gap_report(recorded)
    assert (clusters[0].count, clusters[0].askers) == (3, 2)
    assert "asked by 2 askers on slack" in render_report(clusters, as_yaml=False)


def test_without_a_salt_no_asker_is_recorded(tmp_path: Path, fact_base: FactBase) -> None:
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="slack", salt=None) as gaps, asked_by("U1"):
        observed(fact_base, gaps).ask(GAPS[0])
    assert [g.asker for g in read_gaps(path)] == [None]
    assert gap_salt({}) is None and gap_salt({"BOT_GAP_SALT": "s3cret"}) == b"s3cret"


def test_the_asker_follows_the_question_into_a_worker_thread() -> None:
    import asyncio

    from bot import gaplog

    async def main() -> str | None:
        with asked_by(123):
            return await asyncio.to_thread(gaplog._ASKER.get)

    assert asyncio.run(main()) == "123"


def test_a_gap_log_from_before_askers_gets_the_column(tmp_path: Path, fact_base: FactBase) -> None:
    path = tmp_path / "old.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE gaps (id INTEGER PRIMARY KEY, time REAL NOT NULL, platform TEXT NOT NULL, "
                           "question TEXT NOT NULL, outcome TEXT NOT NULL, confidence REAL NOT NULL, "
                           "top_fact TEXT, top_score REAL)")
        connection.execute("INSERT INTO gaps (time, platform, question, outcome, confidence) "
                           "VALUES (1, 'slack', 'old question', 'decline', 0.1)")
    assert [g.asker for g in read_gaps(path)] == [None]
    with GapLog(path, platform="slack", salt=b"s", retention=None) as gaps, asked_by("U9"):
        observed(fact_base, gaps).ask(GAPS[0])
    assert [g.asker for g in read_gaps(path)] == [None, asker_hash("U9", b"s")]


# --- issue 11: D6, D7, D8 ---------------------------------------------------------------------------


def test_an_overflowing_since_is_a_clear_one_line_error(tmp_path: Path) -> None:
    """D6: `--since 99999...9d` raised OverflowError; now it is the usual message, cut short."""
    with pytest.raises(ValueError, match="at most 100 years"):
        parse_since("9" * 400 + "d")
    with pytest.raises(ValueError, match=r"\.\.\.'$"):
        parse_since("9" * 400 + "d")
    run = bot("gaps", "--since", "9" * 30 + "d", env={"BOT_GAP_LOG": str(tmp_path / "g.sqlite3")})
    assert run.returncode == 2 and "Traceback" not in run.stderr and len(run.stderr.splitlines()) == 1
    assert summary(tmp_path / "g.sqlite3", "9" * 30 + "d").startswith("The period must look like 30m")


@pytest.mark.parametrize("name", ["gaps#1.sqlite3", "gaps?mode=rw.sqlite3", "a%20b.sqlite3"])
def test_a_path_with_uri_characters_is_read_back(tmp_path: Path, fact_base: FactBase, name: str) -> None:
    """D7: the read-only SQLite URI is percent-encoded, so `#` and `?` stay in the path."""
    path = tmp_path / name
    with GapLog(path, platform="slack") as gaps:
        observed(fact_base, gaps).ask(GAPS[0])
    before = sorted(p.name for p in tmp_path.iterdir())
    assert [g.question for g in read_gaps(path)] == ["who is the defence minister"]
    assert describe(path) == f"{path} (1 gaps)"
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no stray file


def test_token_like_strings_are_masked_before_storing(tmp_path: Path, fact_base: FactBase) -> None:
    """D8: a pasted token never reaches the file."""
    slack_bot = "xoxb-" + "1234567890-0987654321-" + "AbCdEfGhIjKlMnOpQrStUvWx"
    slack_app = "xapp-1-A0123456789-1234567890123-" + "abcdef0123456789" * 4
    discord = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe." + "abcdefghijklmnopqrstuvwxyz0123"
    hex_key = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    b64_key = "QWxhZGRpbjpvcGVuIHNlc2FtZQ+/abc123XYZ=="
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="slack") as gaps:
        service = observed(fact_base, gaps)
        for secret in (slack_bot, slack_app, discord, hex_key, b64_key):
            service.ask(f"why does {secret} not work for the weather")
    stored = path.read_bytes()
    for secret in (slack_bot, slack_app, discord, hex_key, b64_key):
        for piece in re.split(r"[^A-Za-z0-9]+", secret):
            if len(piece) >= 12:
                assert piece.encode() not in stored and piece.lower().encode() not in stored
    assert {g.question for g in read_gaps(path)} == {"why does secret not work for the weather"}
    assert mask_secrets("the fy2026 defence budget of 9040000000000 yen") == \
        "the fy2026 defence budget of 9040000000000 yen"  # ordinary words and numbers are kept
    assert mask_secrets("internationalisation-counterproductiveness") == \
        "internationalisation-counterproductiveness"


def test_gaps_older_than_the_retention_are_deleted(tmp_path: Path, fact_base: FactBase) -> None:
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="slack", retention=None) as gaps:
        observed(fact_base, gaps).ask(GAPS[0])
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:  # closed, not only committed
        connection.execute("UPDATE gaps SET time = ?", (time.time() - 40 * 86_400,))
    with GapLog(path, platform="slack", retention=30) as gaps:
        observed(fact_base, gaps).ask(GAPS[3])
    assert [g.question for g in read_gaps(path)] == ["weather in tokyo"]
    assert retention_days({}) == 90 and retention_days({"BOT_GAP_RETENTION_DAYS": "7"}) == 7
    assert retention_days({"BOT_GAP_RETENTION_DAYS": "off"}) is None
    for bad in ("0", "-3", "abc", "inf", "nan", "1e9"):
        with pytest.raises(ValueError, match="BOT_GAP_RETENTION_DAYS"):
            retention_days({"BOT_GAP_RETENTION_DAYS": bad})


def test_grouping_compares_each_phrasing_with_every_group() -> None:
    """The grouping still joins similar questions (now in one rapidfuzz call per phrasing)."""
    gaps = [Gap(0.0, "slack", q, "decline", None) for q in
            ["who is the defence minister", "defence minister who is", "tokyo weather", "weather in tokyo today",
             "price of rice"]]
    clusters = gap_report(iter(gaps))  # any iterable, read once
    assert sorted(c.count for c in clusters) == [1, 2, 2]
