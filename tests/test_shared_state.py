"""Shared state against real servers: Redis (contexts, rate buckets, seen ids) and the PostgreSQL gap log.

Two `SharedState` objects built from one Redis URL stand for two bot processes. The servers come from
tests/servers.py (skipped outside CI when the OS packages are missing).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest

from bot import state as state_module
from bot.adapters.discord_app import DiscordConfigError, shard_range
from bot.answers import SCREEN_LENGTH, AnswerService
from bot.conversation import Conversation, Conversations, ConversationSettings
from bot.gaplog import GapLog, PostgresURL, describe, read_gaps
from bot.logs import ObservedService
from bot.models import FactBase
from bot.ratelimit import Bucket, RateLimiter, Verdict
from bot.state import (
    EXPIRED_GRACE_SECONDS,
    UNKNOWN,
    LocalSeenIds,
    SharedState,
    build_state,
    decode_conversation,
    encode_conversation,
    key_text,
)
from tests.conftest import TODAY


def _env(redis_url: str) -> dict[str, str]:
    return {"BOT_REDIS_URL": redis_url, "BOT_REDIS_PREFIX": f"test-{uuid.uuid4().hex[:8]}:"}


def _context(service: AnswerService, question: str) -> Conversation:
    return Conversation.after(service.ask(question), service.fact_base, question=question, now=time.time())


def test_a_context_survives_the_trip_through_json(service: AnswerService) -> None:
    context = _context(service, "is Indonesia an OSA recipient?")
    assert decode_conversation(encode_conversation(context)) == context
    assert decode_conversation(b"not json") is None
    assert decode_conversation('{"question": 1}') is None


async def test_a_follow_up_on_another_process_is_answered_against_the_first_answer(
        redis_url: str, service: AnswerService) -> None:
    env = _env(redis_url)
    first, second = build_state(env, limiter=None), build_state(env, limiter=None)
    key = ("slack", "T1", "C1", "1.0")
    try:
        answer = await first.ask(Conversations(), service, key, "how big is the FY2026 defence budget?")
        assert answer.answered
        follow_up = await second.ask(Conversations(), service, key, "what about FY2024?")
        assert follow_up.follow_up_of is not None and "FY2024" in (follow_up.asked or "")
        assert follow_up.answered
        reset = await first.ask(Conversations(), service, key, "start over")
        assert "afresh" in reset.text
        fresh = await second.ask(Conversations(), service, key, "what about FY2024?")
        assert fresh.follow_up_of is None  # the reset reached the other process too
    finally:
        await first.close()
        await second.close()


async def test_one_users_rate_limit_holds_across_processes(redis_url: str) -> None:
    env = _env(redis_url)
    limiter = RateLimiter(user=Bucket(3, 60.0), channel=Bucket(100, 1.0))
    processes = [build_state(env, limiter=limiter) for _ in range(3)]
    try:
        verdicts = []
        for i in range(6):
            decision = await processes[i % 3].decide("U1", "C1")
            assert decision is not None
            verdicts.append(decision.verdict)
        assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.NOTIFY, Verdict.DROP, Verdict.DROP]
        other = await processes[0].decide("U2", "C1")
        assert other is not None and other.verdict is Verdict.ALLOW
    finally:
        for state in processes:
            await state.close()


async def test_a_busy_channel_answers_privately_across_processes(redis_url: str) -> None:
    env = _env(redis_url)
    limiter = RateLimiter(user=Bucket(5, 60.0), channel=Bucket(2, 60.0))
    a, b = build_state(env, limiter=limiter), build_state(env, limiter=limiter)
    try:
        seen = [(await s.decide(u, "C9", private_ok=True)) for s, u in ((a, "U1"), (b, "U2"), (a, "U3"))]
        assert [d.verdict for d in seen if d is not None] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.PRIVATE]
    finally:
        await a.close()
        await b.close()


async def test_a_seen_event_id_is_new_to_exactly_one_process(redis_url: str) -> None:
    env = _env(redis_url)
    a, b = build_state(env, limiter=None), build_state(env, limiter=None)
    try:
        assert await a.seen.first_time("Ev1") is True
        assert await b.seen.first_time("Ev1") is False
        assert await a.seen.first_time("Ev1") is False
        assert await b.seen.first_time("Ev2") is True
    finally:
        await a.close()
        await b.close()


async def test_an_unreachable_redis_falls_back_to_this_process_with_one_warning(
        service: AnswerService, caplog: pytest.LogCaptureFixture) -> None:
    from tests.servers import free_port

    state = build_state({"BOT_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"},
                        limiter=RateLimiter(user=Bucket(2, 60.0)))
    key = ("discord", "1", "2")
    with caplog.at_level(logging.WARNING, logger="bot.redis_state"):
        await state.start()
        conversations = Conversations()  # this process's own contexts
        answer = await state.ask(conversations, service, key, "how big is the FY2026 defence budget?")
        follow_up = await state.ask(conversations, service, key, "what about FY2024?")
        verdicts = [(await state.decide("U1", None)) for _ in range(3)]
        assert await state.seen.first_time("E1") and not await state.seen.first_time("E1")
    await state.close()
    assert answer.answered
    assert [d.verdict for d in verdicts if d is not None] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.NOTIFY]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "cannot be reached" in warnings[0].getMessage()
    assert state.health()["reachable"] is False and state.health()["backend"] == "redis"
    assert follow_up.answered  # the context was kept in this process


def test_memory_is_the_default_and_needs_no_server() -> None:
    state = build_state({}, limiter=None)
    assert isinstance(state, SharedState) and state.contexts is None and state.health() == {"backend": "memory"}
    with pytest.raises(ValueError, match="BOT_REDIS_URL"):
        build_state({"BOT_REDIS_URL": "http://example.invalid"}, limiter=None)



# --- SharedState itself, in this process (a shared store in memory, no server) ----------------


class MemoryStore:
    """A shared context store as every process sees it, in memory; `down` makes loading it fail."""

    def __init__(self, *, down: bool = False) -> None:
        self.down = down
        self.held: dict[str, Conversation | None] = {}
        self.loads: list[str] = []
        self.saves: list[tuple[str, Conversation | None, float]] = []

    async def load(self, key: str) -> object:
        self.loads.append(key)
        return UNKNOWN if self.down else self.held.get(key)

    async def save(self, key: str, conversation: Conversation | None, ttl_seconds: float) -> None:
        self.saves.append((key, conversation, ttl_seconds))
        self.held[key] = conversation


def test_a_key_s_text_is_the_same_in_every_process() -> None:
    assert key_text(("slack", "T1", "C1", "1.2")) == '["slack","T1","C1","1.2"]'
    assert key_text(("discord", 42, None)) == '["discord","42","None"]'
    assert key_text("C1") == '["C1"]'  # a key that is one name is not split into letters


async def test_a_context_goes_to_the_shared_store_under_its_key_and_comes_back_in_another_process(
        service: AnswerService) -> None:
    store = MemoryStore()
    state = SharedState(limits=None, contexts=store)
    key = ("slack", "T1", "C1", "1.0")
    here = Conversations(ConversationSettings(idle_seconds=600.0))
    assert (await state.ask(here, service, key, "how big is the FY2026 defence budget?")).answered
    [(saved_key, saved, ttl)] = store.saves
    assert store.loads == [saved_key] == ['["slack","T1","C1","1.0"]']
    assert saved is not None and saved is here.store.peek(key) and "budget" in saved.question
    assert ttl == 600.0 + EXPIRED_GRACE_SECONDS  # kept past its idle time, to tell a late follow-up it is gone
    follow_up = await state.ask(Conversations(), service, key, "what about FY2024?")  # another process
    assert follow_up.follow_up_of is not None and follow_up.answered
    assert "afresh" in (await state.ask(Conversations(), service, key, "start over")).text
    fresh = await state.ask(here, service, key, "what about FY2024?")  # `here` still holds FY2026 itself
    assert fresh.follow_up_of is None  # the reset in the other process wins


async def test_a_message_that_changes_no_context_is_not_written_back(service: AnswerService) -> None:
    store = MemoryStore()
    state = SharedState(limits=None, contexts=store)
    await state.ask(Conversations(), service, "k1", "what's the weather like?")  # no context before or after
    assert store.saves == []
    await state.ask(Conversations(), service, "k2", "how big is the FY2026 defence budget?")
    await state.ask(Conversations(), service, "k2", "x" * (SCREEN_LENGTH + 1))  # refused unread: context untouched
    assert len(store.saves) == 1


async def test_a_store_that_cannot_be_read_leaves_this_process_s_context_and_is_written_to(
        service: AnswerService) -> None:
    store = MemoryStore(down=True)
    state = SharedState(limits=None, contexts=store)
    here = Conversations()
    await state.ask(here, service, "k", "how big is the FY2026 defence budget?")
    assert (await state.ask(here, service, "k", "what about FY2024?")).follow_up_of is not None
    await state.ask(here, service, "k", "x" * (SCREEN_LENGTH + 1))
    assert len(store.saves) == 3 and store.saves[-1][1] is here.store.peek("k")  # for when it is back


async def test_each_key_has_its_own_context(service: AnswerService) -> None:
    state = SharedState(limits=None)
    here = Conversations()
    await state.ask(here, service, ("test", "1"), "how big is the FY2026 defence budget?")
    assert (await state.ask(here, service, ("test", "2"), "what about FY2024?")).follow_up_of is None
    assert (await state.ask(here, service, ("test", "1"), "what about FY2024?")).follow_up_of is not None


async def test_only_offload_answers_on_a_worker_thread(fact_base: FactBase) -> None:
    threads: list[threading.Thread] = []
    observed = ObservedService(fact_base, observers=[lambda *_: threads.append(threading.current_thread())],
                               clock=lambda: TODAY)
    for state in (SharedState(limits=None), SharedState(limits=None, contexts=MemoryStore())):
        await state.ask(Conversations(), observed, "a", "osa budget")
        await state.ask(Conversations(), observed, "b", "osa budget", offload=True)
    assert [t is threading.main_thread() for t in threads] == [True, False, True, False]


async def test_decisions_are_per_asker_and_per_channel() -> None:
    state = build_state({}, limiter=RateLimiter(user=Bucket(1, 60.0), channel=Bucket(2, 60.0)))
    verdicts = []
    for user, channel, private_ok in (("U1", "C1", False), ("U1", "C2", False),  # U1's own limit, anywhere
                                      ("U2", "C1", False), ("U3", "C1", False),  # C1 is busy after two
                                      ("U4", "C1", True),  # unless the answer can be private
                                      ("U5", "C3", False),  # another channel is not
                                      (None, "C4", False), (None, "C4", False),  # no user id: no user limit
                                      ("U6", None, False), ("U7", None, False), ("U8", None, False)):  # no channel
        decision = await state.decide(user, channel, private_ok=private_ok)
        assert decision is not None
        verdicts.append(decision.verdict)
    assert verdicts == [Verdict.ALLOW, Verdict.NOTIFY, Verdict.ALLOW, Verdict.NOTIFY, Verdict.PRIVATE, Verdict.ALLOW,
                        Verdict.ALLOW, Verdict.ALLOW, Verdict.ALLOW, Verdict.ALLOW, Verdict.ALLOW]
    busy = await state.decide("U9", "C1")  # private only when asked for
    assert busy is not None and busy.verdict is Verdict.NOTIFY
    assert state.limits is not None and (await state.limits.decide("U10", "C1")).verdict is Verdict.NOTIFY


async def test_seen_ids_are_kept_for_their_time_and_the_oldest_forgotten_first(monkeypatch: pytest.MonkeyPatch
                                                                              ) -> None:
    now = [1000.0]
    monkeypatch.setattr(state_module, "time", SimpleNamespace(time=lambda: now[0]))
    seen = LocalSeenIds(limit=2, ttl=60.0)
    assert await seen.first_time("E1") and await seen.first_time("E2")
    assert not await seen.first_time("E1")  # two ids fit
    now[0] = 1059.0
    assert not await seen.first_time("E2")  # a retry within the minute
    now[0] = 1060.0
    assert await seen.first_time("E1")  # a minute on: new again (and now the newest)
    assert await seen.first_time("E3")  # a third id: E2, the oldest, is forgotten
    assert not await seen.first_time("E3") and not await seen.first_time("E1")


async def test_the_process_environment_is_read_when_none_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOT_REDIS_URL", raising=False)
    state = build_state(limiter=None)
    assert state.health() == {"backend": "memory"} and await state.decide("U1", "C1") is None  # no limits


async def test_redis_settings_pick_the_redis_implementations(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.redis_state import RedisContexts, RedisLink, RedisSeenIds
    from tests.servers import free_port

    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens: nothing here reaches it
    state = build_state({"BOT_REDIS_URL": url}, limiter=None)
    named = build_state({"BOT_REDIS_URL": url, "BOT_REDIS_PREFIX": " staging: "}, limiter=None)
    try:
        assert state.backend == "redis" and await state.decide("U1", "C1") is None  # no limiter: no limits
        assert isinstance(state.seen, RedisSeenIds) and isinstance(state.contexts, RedisContexts)
        assert isinstance(state.health_source, RedisLink) and isinstance(named.health_source, RedisLink)
        assert state.health_source.prefix == "defence-qa-bot:" and named.health_source.prefix == "staging:"
    finally:
        await state.close()
        await named.close()
    monkeypatch.delenv("BOT_CONTEXT_IDLE_SECONDS", raising=False)
    with pytest.raises(ValueError, match="BOT_CONTEXT_IDLE_SECONDS"):  # the settings given, not the process's
        build_state({"BOT_REDIS_URL": url, "BOT_CONTEXT_IDLE_SECONDS": "soon"}, limiter=None)


async def test_start_reaches_the_store_once_and_close_closes_it() -> None:
    calls: list[str] = []

    class Link:
        async def ping(self) -> bool:
            calls.append("ping")
            return False

        async def close(self) -> None:
            calls.append("close")

        def health(self) -> dict[str, object]:
            return {"reachable": False}

    state = SharedState(limits=None, backend="redis", health_source=Link())
    await state.start()
    await state.close()
    assert calls == ["ping", "close"] and state.health() == {"backend": "redis", "reachable": False}
    memory = SharedState(limits=None)  # nothing to reach or close
    await memory.start()
    await memory.close()


# --- the PostgreSQL gap log -----------------------------------------------------------


def _fresh_table(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP TABLE IF EXISTS gaps")


def test_the_gap_log_writes_to_postgresql_and_reads_back(postgres_url: str, service: AnswerService) -> None:
    _fresh_table(postgres_url)
    target = PostgresURL(postgres_url)
    with GapLog(target, platform="slack", retention=None) as gaps:
        for question in ("weather in tokyo", "what is the capital of France?", "weather in tokyo"):
            gaps.record(service.ask(question))
    assert [g.question for g in read_gaps(target)] == ["weather in tokyo", "what is the capital of france",
                                                       "weather in tokyo"]
    assert describe(target).endswith("(3 gaps)") and "@" in describe(target)
    assert gaps.state()["backend"] == "postgresql" and gaps.state()["failing"] is False


def test_the_postgresql_schema_is_created_at_start_and_retention_applies(postgres_url: str,
                                                                        service: AnswerService) -> None:
    _fresh_table(postgres_url)
    target = PostgresURL(postgres_url)
    with GapLog(target, platform="slack", retention=None):
        pass  # no gap recorded: the table exists all the same
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("INSERT INTO gaps (time, platform, question, outcome, confidence) "
                           "VALUES (%s, 'slack', 'an old question', 'decline', 0.1)", (time.time() - 40 * 86_400,))
    with GapLog(target, platform="slack", retention=30) as gaps:
        gaps.record(service.ask("weather in tokyo"))
    assert [g.question for g in read_gaps(target)] == ["weather in tokyo"]


def test_an_unreachable_postgresql_falls_back_to_a_local_file_with_one_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, service: AnswerService,
        caplog: pytest.LogCaptureFixture) -> None:
    from tests.servers import free_port

    monkeypatch.chdir(tmp_path)
    target = PostgresURL(f"postgresql://bot:secret-password@127.0.0.1:{free_port()}/bot")
    with caplog.at_level(logging.WARNING, logger="bot.gaplog"), GapLog(target, platform="slack") as gaps:
        for _ in range(3):
            gaps.record(service.ask("weather in tokyo"))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "gaps.sqlite3" in warnings[0] and "secret-password" not in warnings[0]
    assert len(read_gaps(tmp_path / "gaps.sqlite3")) == 3
    assert gaps.state()["failing"] is True and gaps.state()["fallback"] == "gaps.sqlite3"
    assert "secret-password" not in str(gaps.state())


def test_a_postgresql_outage_sends_gaps_to_the_fallback_file_and_back(
        postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Down at start, then up, then restarted under the writer: each gap lands in exactly one of the two, and
    each outage is reported once, as is each recovery. A fake monotonic clock stands for PG_RETRY_SECONDS."""
    from types import SimpleNamespace

    from bot import gaplog
    from tests.test_gaplog_writer import gap, handled, wait_until

    _fresh_table(postgres_url)
    monkeypatch.chdir(tmp_path)
    clock = [0.0]
    monkeypatch.setattr(gaplog, "time", SimpleNamespace(time=time.time, monotonic=lambda: clock[0]))
    real_connect, down = gaplog.pg_connect, [True]

    def connect(target: PostgresURL) -> object:
        if down[0]:
            raise psycopg.OperationalError("connection to server failed:\n\tConnection refused")
        return real_connect(target)

    monkeypatch.setattr(gaplog, "pg_connect", connect)
    target = PostgresURL(postgres_url)
    with caplog.at_level(logging.WARNING, logger="bot.gaplog"), GapLog(target, platform="slack",
                                                                       retention=None) as gaps:
        wait_until(lambda: gaps.state()["failing"] is True)  # the schema is written at start
        gaps.record(gap("one"))
        handled(gaps, 1)
        assert gaps.state() == {"backend": "postgresql", "url": target.safe, "fallback": "gaps.sqlite3",
                                "written": 1, "dropped": 0, "failing": True, "retention_days": None}
        down[0], clock[0] = False, gaplog.PG_RETRY_SECONDS
        gaps.record(gap("two"))
        handled(gaps, 2)
        assert gaps.state()["failing"] is False and "fallback" not in gaps.state()
        with psycopg.connect(postgres_url, autocommit=True) as admin:  # a restart ends the writer's connection
            others = ("FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                      "AND backend_type = 'client backend'")
            admin.execute(f"SELECT pg_terminate_backend(pid) {others}")
            wait_until(lambda: admin.execute(f"SELECT count(*) {others}").fetchone() == (0,))
        gaps.record(gap("three"))  # fails on the dead connection, then goes to the file
        handled(gaps, 3)
        gaps.record(gap("four"))
        handled(gaps, 4)
        clock[0] += gaplog.PG_RETRY_SECONDS
        for question in ("five", "six"):
            gaps.record(gap(question))
    safe = target.safe
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.gaplog"]
    assert len(warnings) == 4
    assert warnings[0] == (f"gap log {safe} cannot be reached (connection to server failed: Connection refused); "
                           "gaps go to gaps.sqlite3 in this process's directory until it can")
    back = f"gap log {safe} is reachable again; gaps written meanwhile are in gaps.sqlite3"
    assert warnings[1] == warnings[3] == back
    assert warnings[2].startswith(f"gap log {safe} cannot be reached (") and "\n" not in warnings[2]
    assert warnings[2].endswith("); gaps go to gaps.sqlite3 in this process's directory until it can")
    assert [g.question for g in read_gaps(target)] == ["two", "five", "six"]
    assert [g.question for g in read_gaps(tmp_path / "gaps.sqlite3")] == ["one", "three", "four"]
    assert (gaps.written, gaps.dropped) == (6, 0)


def test_a_postgresql_database_without_the_table_reads_as_empty(postgres_url: str) -> None:
    _fresh_table(postgres_url)
    target = PostgresURL(postgres_url)
    assert read_gaps(target) == [] and describe(target) == f"{target.safe} (empty)"


@pytest.mark.parametrize(("message", "shown"), [
    ("connection refused\n\tis the server running?   " + "x" * 300,
     ("connection refused is the server running? " + "x" * 300)[:200]),
    ("", "OperationalError"),
])
def test_an_unreadable_postgresql_gap_log_is_one_line_without_the_password(
        monkeypatch: pytest.MonkeyPatch, message: str, shown: str) -> None:
    from bot import gaplog

    def refuse(target: PostgresURL) -> object:
        raise psycopg.OperationalError(message)

    monkeypatch.setattr(gaplog, "pg_connect", refuse)
    target = PostgresURL("postgresql://bot:secret-password@db.example.org:5433/bot")
    with pytest.raises(gaplog.GapReadError) as raised:
        read_gaps(target)
    assert str(raised.value) == f"postgresql://bot@db.example.org:5433/bot cannot be read: {shown}"
    assert describe(target) == f"postgresql://bot@db.example.org:5433/bot (unreadable: {shown})"
    assert describe(None) == "off"


# --- Discord shard ranges ----------------------------------------------------------------


def test_discord_shard_ranges() -> None:
    assert shard_range("", "") == (None, None)
    assert shard_range("4", "") == (4, (0, 1, 2, 3))
    assert shard_range("8", "0-3") == (8, (0, 1, 2, 3))
    assert shard_range("8", "4,6-7") == (8, (4, 6, 7))
    for count, ids in (("0", ""), ("x", ""), ("4", "4"), ("4", "a-b"), ("", "0-1")):
        with pytest.raises(DiscordConfigError, match="DISCORD_SHARD"):
            shard_range(count, ids)


def test_status_and_gaps_read_the_postgresql_gap_log_and_ping_redis(postgres_url: str, redis_url: str,
                                                                    service: AnswerService) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    _fresh_table(postgres_url)
    with GapLog(PostgresURL(postgres_url), platform="discord", retention=None) as gaps:
        gaps.record(service.ask("weather in tokyo"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOT_GAP_LOG": postgres_url, "BOT_REDIS_URL": redis_url}
    status = subprocess.run([sys.executable, "-m", "bot", "status"], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=60, check=True).stdout
    assert "(1 gaps)" in status and "shared state: redis" in status and "(reachable)" in status
    report = subprocess.run([sys.executable, "-m", "bot", "gaps"], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=60, check=True).stdout
    assert "weather in tokyo" in report and "discord" in report


async def test_discord_shards_in_two_processes_share_contexts_and_limits(redis_url: str,
                                                                         service: AnswerService) -> None:
    """What two Discord processes with different shard ranges do per message: the cog's `Turns`, answering on a
    worker thread (offload), over state built from the same BOT_REDIS_URL."""
    from bot.turns import ReplyKind, Turn, Turns

    env = _env(redis_url)
    limiter = RateLimiter(user=Bucket(3, 60.0), channel=Bucket(100, 1.0))
    shards = [Turns(lambda: service, state=build_state(env, limiter=limiter), conversations=Conversations(),
                    offload=True) for _ in range(2)]
    key = ("discord", "dm", "42")
    try:
        first = await shards[0].handle(Turn(platform="discord", text="how big is the FY2026 defence budget?",
                                            user=42, channel=7, conversation=key))
        second = await shards[1].handle(Turn(platform="discord", text="what about FY2024?", user=42, channel=7,
                                             conversation=key))
        assert first.answer is not None and second.answer is not None
        assert second.answer.follow_up_of is not None and second.answer.answered
        third = await shards[0].handle(Turn(platform="discord", text="osa budget", user=42, channel=7))
        fourth = await shards[1].handle(Turn(platform="discord", text="osa budget", user=42, channel=7))
        assert (third.kind, fourth.kind) == (ReplyKind.ANSWER, ReplyKind.NOTICE)
    finally:
        for turns in shards:
            await turns.state.close()


def test_a_malformed_redis_url_stops_a_long_running_command_with_one_line() -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOT_GAP_LOG": "off", "BOT_ENV_FILE": "off",
           "BOT_REDIS_URL": "http://user:pw@cache.invalid:6379"}
    run = subprocess.run([sys.executable, "-m", "bot", "chat"], input="", capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=60, check=False)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "bot: error: BOT_REDIS_URL must be a redis:// (or rediss://, unix://) URL, such as redis://localhost:6379/0"]
