"""Three `python -m bot slack --http` processes on loopback behave as one bot: one Redis, one PostgreSQL.

As an operator runs it behind a load balancer: the processes share `BOT_REDIS_URL` and a `postgresql://`
`BOT_GAP_LOG`, and talk to the fake Slack Web API (tests/fake_slack_api.py; each checks its token with
auth.test at start). Requests are signed as Slack signs them and spread across the replicas:

- the same event delivered to two replicas (a Slack retry) is answered exactly once;
- a follow-up in a thread, sent to another replica than the first question, is answered against it;
- one user's rate limit holds across replicas;
- questions declined on every replica appear in one `python -m bot gaps --yaml`;
- a replica restarted mid-conversation keeps the conversation.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import psycopg
import pytest

from bot.adapters.slack_app import HEALTH_PATH
from bot.ratelimit import SLOW_DOWN_TEXT
from tests.conftest import ROOT
from tests.fake_slack_api import BOT_TOKEN, FakeSlackAPI
from tests.servers import free_port
from tests.slack_payloads import SIGNING_SECRET, app_mention, form_body, signed_headers, slash_command

REPLICAS = 3


@dataclass
class Replica:
    port: int
    process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    api: FakeSlackAPI
    replicas: list[Replica]
    env: dict[str, str]
    cwd: Path
    http: aiohttp.ClientSession

    async def start(self, replica: Replica) -> None:
        replica.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "slack", "--http", "--host", "127.0.0.1", "--port", str(replica.port),
            cwd=self.cwd, env=self.env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        deadline = asyncio.get_running_loop().time() + 30
        while True:
            try:
                async with self.http.get(replica.url + HEALTH_PATH) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            if replica.process.returncode is not None or asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"replica on port {replica.port} did not start")
            await asyncio.sleep(0.1)

    async def stop(self, replica: Replica) -> None:
        if replica.process is not None and replica.process.returncode is None:
            replica.process.terminate()
            try:
                await asyncio.wait_for(replica.process.wait(), 15)
            except TimeoutError:
                replica.process.kill()
                await replica.process.wait()

    async def event(self, index: int, body: dict[str, Any], *, retry: int = 0) -> int:
        raw = json.dumps(body)
        headers = signed_headers(raw, content_type="application/json")
        if retry:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        async with self.http.post(self.replicas[index].url + "/slack/events", data=raw, headers=headers) as response:
            return response.status

    async def command(self, index: int, command: str, text: str, *, user: str, name: str) -> int:
        fields = slash_command(command, text, self.api.response_url(name))
        fields["user_id"] = user
        raw = form_body(fields)
        headers = signed_headers(raw, content_type="application/x-www-form-urlencoded")
        async with self.http.post(self.replicas[index].url + "/slack/events", data=raw, headers=headers) as response:
            return response.status


def mention(text: str, *, user: str, ts: str, thread_ts: str | None = None, event_id: str | None = None
            ) -> dict[str, Any]:
    body = app_mention(f"<@W111> {text}", event_id=event_id or f"Ev{uuid.uuid4().hex[:10]}")
    body["event"].update(user=user, ts=ts, event_ts=ts)
    if thread_ts:
        body["event"]["thread_ts"] = thread_ts
    return body


@pytest.fixture()
async def cluster(redis_url: str, postgres_url: str, tmp_path: Path) -> AsyncIterator[Cluster]:
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("DROP TABLE IF EXISTS gaps")
    async with FakeSlackAPI() as api, aiohttp.ClientSession() as http:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "BOT_"))}
        env.update(PYTHONPATH=str(ROOT), BOT_ENV_FILE="off", BOT_RELOAD_SECONDS="0", SLACK_BOT_TOKEN=BOT_TOKEN,
                   SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=api.base_url, BOT_REDIS_URL=redis_url,
                   BOT_REDIS_PREFIX=f"replicas-{uuid.uuid4().hex[:8]}:", BOT_GAP_LOG=postgres_url,
                   BOT_RATE_USER="3/60s", BOT_RATE_CHANNEL="off")
        found = Cluster(api=api, replicas=[Replica(free_port()) for _ in range(REPLICAS)], env=env, cwd=tmp_path,
                        http=http)
        try:
            await asyncio.gather(*(found.start(r) for r in found.replicas))
            yield found
        finally:
            await asyncio.gather(*(found.stop(r) for r in found.replicas))


def posted(api: FakeSlackAPI, thread_ts: str) -> list[str]:
    return [str(r.body.get("text", "")) for r in api.calls("/api/chat.postMessage")
            if r.body.get("thread_ts") == thread_ts]


async def test_three_replicas_behave_as_one(cluster: Cluster, postgres_url: str) -> None:
    api = cluster.api

    # a Slack retry reaching another replica is acknowledged there, and answered once
    retried = mention("how big is the FY2026 defence budget?", user="URETRY", ts="1700000001.000100",
                      event_id="EvRetry1")
    assert await cluster.event(0, retried) == 200
    assert await cluster.event(1, retried, retry=1) == 200
    await api.wait_for(lambda: len(posted(api, "1700000001.000100")) >= 1)
    await api.settle(0.5)
    assert len(posted(api, "1700000001.000100")) == 1

    # a follow-up in the thread, on another replica, is answered against the first answer
    thread = "1700000002.000100"
    await cluster.event(0, mention("how big is the FY2026 defence budget?", user="UFOLLOW", ts=thread))
    await api.wait_for(lambda: len(posted(api, thread)) == 1)
    await cluster.event(1, mention("what about FY2024?", user="UFOLLOW", ts="1700000002.000200", thread_ts=thread))
    await api.wait_for(lambda: len(posted(api, thread)) == 2)
    follow_up = posted(api, thread)[1]
    assert "2024" in follow_up and "didn't catch" not in follow_up, follow_up

    # one user's rate limit (3 questions a minute here) holds across the replicas
    for i in range(6):
        await cluster.command(i % REPLICAS, "/budget", "", user="ULIMIT", name=f"limit-{i}")
    await api.wait_for(lambda: len([r for r in api.answers() if r.path.startswith("/response/limit-")]) >= 4)
    await api.settle(0.5)
    replies = [r for r in api.answers() if r.path.startswith("/response/limit-")]
    answered = [r for r in replies if r.body.get("text") != SLOW_DOWN_TEXT]
    told = [r for r in replies if r.body.get("text") == SLOW_DOWN_TEXT]
    assert (len(answered), len(told)) == (3, 1), [r.body.get("text") for r in replies]

    # questions declined on every replica appear in one gap log
    places = ("Osaka", "Kyoto", "Nagoya")
    for i, place in enumerate(places):
        await cluster.command(i, "/defence", f"what is the weather in {place} tomorrow", user=f"UGAP{i}",
                              name=f"gap-{i}")
    await api.wait_for(lambda: len([r for r in api.answers() if r.path.startswith("/response/gap-")]) == 3)

    async def recorded() -> int:
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            row = connection.execute("SELECT count(*) FROM gaps WHERE question LIKE 'what is the weather%'"
                                     ).fetchone()
            return int(row[0]) if row else 0

    for _ in range(100):
        if await recorded() == 3:
            break
        await asyncio.sleep(0.05)
    report = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "gaps", "--yaml", cwd=cluster.cwd, env=cluster.env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await report.communicate()
    assert report.returncode == 0, err.decode()
    for place in places:
        assert f"what is the weather in {place.lower()} tomorrow" in out.decode(), out.decode()

    # a replica restarted mid-conversation keeps the conversation
    thread = "1700000003.000100"
    await cluster.event(2, mention("how big is the FY2026 defence budget?", user="URESTART", ts=thread))
    await api.wait_for(lambda: len(posted(api, thread)) == 1)
    await cluster.stop(cluster.replicas[2])
    await cluster.start(cluster.replicas[2])
    await cluster.event(2, mention("what about FY2024?", user="URESTART", ts="1700000003.000200", thread_ts=thread))
    await api.wait_for(lambda: len(posted(api, thread)) == 2)
    after_restart = posted(api, thread)[1]
    assert "2024" in after_restart and "didn't catch" not in after_restart, after_restart

    # /healthz says where the state is, and that it is reachable
    async with cluster.http.get(cluster.replicas[0].url + HEALTH_PATH) as response:
        health = await response.json()
    assert health["shared_state"]["backend"] == "redis" and health["shared_state"]["reachable"] is True
    assert health["gap_log"]["backend"] == "postgresql" and health["gap_log"]["failing"] is False


async def test_a_replica_without_its_redis_and_postgresql_keeps_answering_and_says_so(tmp_path: Path) -> None:
    async with FakeSlackAPI() as api, aiohttp.ClientSession() as http:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "BOT_"))}
        env.update(PYTHONPATH=str(ROOT), BOT_ENV_FILE="off", BOT_RELOAD_SECONDS="0", SLACK_BOT_TOKEN=BOT_TOKEN,
                   SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=api.base_url,
                   BOT_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
                   BOT_GAP_LOG=f"postgresql://bot:hunter2-secret@127.0.0.1:{free_port()}/bot")
        replica = Replica(free_port())
        cluster = Cluster(api=api, replicas=[replica], env=env, cwd=tmp_path, http=http)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "slack", "--http", "--host", "127.0.0.1", "--port", str(replica.port),
            cwd=tmp_path, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        replica.process = process
        try:
            for _ in range(300):
                try:
                    async with http.get(replica.url + HEALTH_PATH) as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            thread = "1700000009.000100"
            await cluster.event(0, mention("how big is the FY2026 defence budget?", user="U1", ts=thread))
            await cluster.event(0, mention("what about FY2024?", user="U1", ts="1700000009.000200", thread_ts=thread))
            await cluster.command(0, "/defence", "what is the weather in Sapporo", user="U2", name="gap")
            await api.wait_for(lambda: len(posted(api, thread)) == 2 and bool(api.calls("/response/gap")))
            assert "2024" in posted(api, thread)[1]
            for _ in range(100):
                async with http.get(replica.url + HEALTH_PATH) as response:
                    health = await response.json()
                if health["gap_log"].get("failing"):
                    break
                await asyncio.sleep(0.05)
        finally:
            await cluster.stop(replica)
        assert process.stderr is not None
        logs = (await process.stderr.read()).decode()
    assert health["ok"] is True
    assert health["shared_state"]["backend"] == "redis" and health["shared_state"]["reachable"] is False
    assert health["gap_log"]["failing"] is True and health["gap_log"]["fallback"] == "gaps.sqlite3"
    assert logs.count("Redis at") == 1 and logs.count("cannot be reached") == 2, logs
    assert "hunter2-secret" not in logs and "hunter2-secret" not in json.dumps(health)
    assert (tmp_path / "gaps.sqlite3").exists()
