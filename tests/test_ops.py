"""Running it for a team: rate limits in both adapters, /healthz and `status`, graceful SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import discord
import pytest

from bot.adapters.discord_app import DefenceBot, start_until_sigterm
from bot.adapters.slack_app import EVENTS_PATH, HEALTH_PATH, SlackSettings, build_app, start_http
from bot.answers import AnswerService
from bot.ratelimit import SLOW_DOWN_TEXT, Bucket, RateLimiter
from bot.reload import ServiceHolder
from tests import slack_payloads as p
from tests.conftest import ROOT, health_when_up
from tests.fake_slack_api import BOT_TOKEN, FakeSlackAPI
from tests.test_discord_app import (
    BOT_ID,
    BOT_USER,
    CHANNEL_ID,
    FakeDiscordAPI,
    cog_of,
    command_interaction,
    guild_message,
    logged_in,
)


def strict_limiter() -> RateLimiter:
    """Two questions per user, then one every minute: easy to hit in a test."""
    return RateLimiter(user=Bucket(2, 60.0), channel=None)


# --- Slack ------------------------------------------------------------------------------------


@pytest.fixture()
async def slack(service: AnswerService, minimal_facts: Path) -> AsyncIterator[tuple[str, FakeSlackAPI,
                                                                                     aiohttp.ClientSession]]:
    holder = ServiceHolder(minimal_facts)
    async with FakeSlackAPI() as api:
        settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=p.SIGNING_SECRET, api_url=api.base_url)
        app = build_app(settings, lambda: service, limiter=strict_limiter())
        runner, port = await start_http(app, host="127.0.0.1", port=0, status=lambda: holder.state.to_json())
        try:
            async with aiohttp.ClientSession() as http:
                yield f"http://127.0.0.1:{port}", api, http
        finally:
            await runner.cleanup()


async def post(http: aiohttp.ClientSession, url: str, body: str, content_type: str) -> int:
    headers = p.signed_headers(body, content_type=content_type)
    async with http.post(url + EVENTS_PATH, data=body.encode(), headers=headers) as response:
        return response.status


async def test_slack_mentions_over_the_limit_get_one_notice(
        slack: tuple[str, FakeSlackAPI, aiohttp.ClientSession]) -> None:
    url, api, http = slack
    for index in range(5):
        payload = p.app_mention("<@W111> osa budget 2024", event_id=f"Ev{index}")
        assert await post(http, url, json.dumps(payload), "application/json") == 200
    await api.wait_for(lambda: len(api.answers()) >= 3)
    await api.settle()
    answers = api.calls("/api/chat.postMessage")
    notices = api.calls("/api/chat.postEphemeral")
    assert len(answers) == 2 and len(notices) == 1
    assert notices[0].body["text"] == SLOW_DOWN_TEXT and notices[0].body["user"]


async def test_slack_commands_over_the_limit_get_one_notice(
        slack: tuple[str, FakeSlackAPI, aiohttp.ClientSession]) -> None:
    url, api, http = slack
    for index in range(4):
        fields = p.slash_command("/defence", "osa budget 2024", api.response_url(f"cmd{index}"))
        assert await post(http, url, p.form_body(fields), "application/x-www-form-urlencoded") == 200
    await api.wait_for(lambda: len(api.answers()) >= 3)
    await api.settle()
    texts = [r.body["text"] for r in api.answers()]
    assert len(texts) == 3 and texts.count(SLOW_DOWN_TEXT) == 1 and texts[-1] == SLOW_DOWN_TEXT


async def test_healthz_reports_the_fact_base(slack: tuple[str, FakeSlackAPI, aiohttp.ClientSession]) -> None:
    url, _, http = slack
    async with http.get(url + HEALTH_PATH) as response:
        data = await response.json()
    assert data["ok"] is True and data["facts"] == 1 and re.fullmatch(r"[0-9a-f]{12}", data["version"])
    assert data["load_ms"] > 0 and data["last_error"] is None and "loaded_at" in data


# --- Discord ------------------------------------------------------------------------------------


@pytest.fixture()
async def limited_bot(service: AnswerService, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[
        tuple[DefenceBot, FakeDiscordAPI]]:
    async with logged_in(lambda: DefenceBot(lambda: service, limiter=strict_limiter()), monkeypatch) as pair:
        yield pair


async def test_discord_mentions_over_the_limit_get_one_notice(
        limited_bot: tuple[DefenceBot, FakeDiscordAPI]) -> None:
    bot, api = limited_bot
    for _ in range(5):
        await cog_of(bot).on_message(guild_message(bot, f"<@{BOT_ID}> osa budget 2024", mentions=[BOT_USER]))
    bodies = [r.body for r in api.requests if r.path == f"/channels/{CHANNEL_ID}/messages"]
    assert len(bodies) == 3
    assert [b.get("content") for b in bodies] == [None, None, SLOW_DOWN_TEXT]
    assert bodies[2]["allowed_mentions"]["parse"] == []


async def test_discord_commands_over_the_limit_are_told_privately(
        limited_bot: tuple[DefenceBot, FakeDiscordAPI]) -> None:
    bot, api = limited_bot
    for _ in range(3):
        await cog_of(bot).respond(command_interaction(bot, "ask", question="osa budget 2024"), "osa budget 2024")
    callbacks = [r.body for r in api.requests if r.path.endswith("/callback")]
    assert len(callbacks) == 3
    assert callbacks[2]["data"]["content"] == SLOW_DOWN_TEXT and callbacks[2]["data"]["flags"] == 64  # ephemeral


async def test_discord_sigterm_lets_answers_finish_then_closes() -> None:
    class FakeBot:
        def __init__(self) -> None:
            self.closed = asyncio.Event()
            self.finished_answer = False

        async def start(self, token: str) -> None:
            await self.closed.wait()

        async def close(self) -> None:
            self.closed.set()

    bot = FakeBot()

    async def answering() -> None:
        await asyncio.sleep(0.2)
        bot.finished_answer = True

    async def main() -> None:
        asyncio.get_running_loop().create_task(answering(), name="discord.py: on_message")
        asyncio.get_running_loop().call_later(0.05, os.kill, os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(start_until_sigterm(bot, "token"), 5)  # type: ignore[arg-type]

    await main()
    assert bot.closed.is_set() and bot.finished_answer


# --- the command line ----------------------------------------------------------------------------


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "BOT_"))}
    env.update(PYTHONPATH=str(ROOT), BOT_GAP_LOG="off", **extra)
    return env


def test_status_line_and_json() -> None:
    run = subprocess.run([sys.executable, "-m", "bot", "status"], capture_output=True, text=True, cwd=ROOT,
                         env=environment(), timeout=60, check=False)
    assert run.returncode == 0
    line = (r"knowledge/facts\.yaml: version [0-9a-f]{12}, \d+ facts, loaded in \d+ ms \(validate \+ index\); "
            r"gap log: off; shared state: memory")
    assert re.fullmatch(line, run.stdout.strip())
    run = subprocess.run([sys.executable, "-m", "bot", "status", "--json"], capture_output=True, text=True, cwd=ROOT,
                         env=environment(), timeout=60, check=False)
    assert set(json.loads(run.stdout)) >= {"version", "facts", "loaded_at", "load_ms", "shared_state"}


def test_chat_stops_cleanly_on_sigterm() -> None:
    with subprocess.Popen([sys.executable, "-m", "bot", "chat", "--json"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                          env=environment()) as chat:
        assert chat.stdin is not None and chat.stdout is not None and chat.stderr is not None
        chat.stdin.write("osa budget 2024\n")
        chat.stdin.flush()
        assert json.loads(chat.stdout.readline())["outcome"] == "answer"
        chat.send_signal(signal.SIGTERM)
        assert chat.wait(10) == 0
        assert "Traceback" not in chat.stderr.read()


async def test_slack_http_serves_healthz_and_stops_on_sigterm(unused_port: int) -> None:
    secrets = {"SLACK_BOT_TOKEN": "xoxb-1111-2222-known-fake-bot-token",
               "SLACK_SIGNING_SECRET": "known-fake-signing-secret-5f3a"}
    async with FakeSlackAPI(bot_token=secrets["SLACK_BOT_TOKEN"]) as api:  # the start-up check calls auth.test
        env = environment(**secrets, SLACK_API_URL=api.base_url)
        server = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "--log-json", "slack", "--http", "--host", "127.0.0.1",
            "--port", str(unused_port), stderr=asyncio.subprocess.PIPE, cwd=ROOT, env=env)
        try:
            data = json.loads(await health_when_up(f"http://127.0.0.1:{unused_port}{HEALTH_PATH}"))
        finally:
            server.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(server.communicate(), 15)
    assert data["ok"] is True and data["facts"] > 30
    # no file paths for whoever can reach the port (issue 11)
    assert "path" not in data and str(ROOT) not in json.dumps(data)
    assert server.returncode == 0
    logs = err.decode()
    lines = [json.loads(line) for line in logs.splitlines() if line.strip()]
    assert any(line["message"] == "Slack app stopped" for line in lines)
    for value in secrets.values():
        assert value not in logs


@pytest.fixture()
def unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- /gaps in Discord ------------------------------------------------------------------------------


@pytest.mark.parametrize(("permissions", "allowed"), [("32", True), ("2048", False)])
async def test_discord_gaps_is_for_manage_server_only(service: AnswerService, monkeypatch: pytest.MonkeyPatch,
                                                      permissions: str, allowed: bool) -> None:
    from bot.adapters.discord_app import GapsCog
    from tests.test_discord_app import interaction_payload

    api = FakeDiscordAPI()
    await api.start()
    monkeypatch.setattr(discord.http.Route, "BASE", api.base_url)
    asked: list[str] = []

    def report(since: str) -> str:
        asked.append(since)
        return "2 questions I could not answer well in the last 7d:\n    2  who is the defence minister"

    client = DefenceBot(lambda: service, gap_report=report)
    try:
        await client.login("fake-token")
        api.requests.clear()
        cog = client.get_cog("Gaps")
        assert isinstance(cog, GapsCog)
        [command] = [c for c in client.tree.get_commands() if c.name == "gaps"]
        data = command.to_dict(client.tree)
        assert str(data["default_member_permissions"]) == "32" and data["dm_permission"] is False
        payload = interaction_payload(data={"id": "1", "name": "gaps", "type": 1, "options": []})
        payload["member"]["permissions"] = permissions
        interaction = discord.Interaction(data=payload, state=client._connection)  # type: ignore[arg-type]
        await cog.gaps.callback(cog, interaction, "7d")  # type: ignore[arg-type]
        [callback] = [r.body for r in api.requests if r.path.endswith("/callback")]
        assert callback["data"]["flags"] == 64  # ephemeral either way
        if allowed:
            assert asked == ["7d"] and "who is the defence minister" in json.dumps(callback["data"]["embeds"])
        else:
            assert asked == [] and callback["data"]["content"] == "Only members with Manage Server can see the gap log."
    finally:
        await client.close()
        await api.stop()


async def test_without_a_gap_log_there_is_no_gaps_command(service: AnswerService) -> None:
    client = DefenceBot(lambda: service)
    await client.setup_hook()
    assert client.get_cog("Answers") is not None and client.get_cog("Gaps") is None
    assert "gaps" not in {c.name for c in client.tree.get_commands()}


def test_gap_summary_text(tmp_path: Path) -> None:
    from bot.gaplog import summary

    assert summary(None) == "The gap log is off (BOT_GAP_LOG=off)."
    assert summary(tmp_path / "none.sqlite3") == "0 questions I could not answer well in the last 7d."
    assert summary(tmp_path / "none.sqlite3", "soon").startswith("The period must look like")
    (tmp_path / "bad.sqlite3").write_bytes(b"garbage" * 100)
    assert summary(tmp_path / "bad.sqlite3").startswith("The gap log cannot be read")


# --- /defence-gaps in Slack ------------------------------------------------------------------------


@pytest.mark.parametrize(("user", "admins", "allowed"), [
    ("WADMIN", frozenset(), True),  # a workspace admin (users.info)
    ("W222", frozenset({"W222"}), True),  # on the BOT_GAP_ADMINS list
    ("W222", frozenset(), False),
])
async def test_slack_gaps_command_is_for_admins(service: AnswerService, user: str, admins: frozenset[str],
                                                allowed: bool) -> None:
    asked: list[str] = []

    def report(since: str) -> str:
        asked.append(since)
        return "1 question I could not answer well in the last 2w:\n    1  who is the <!here> defence minister"

    async with FakeSlackAPI() as api:
        settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=p.SIGNING_SECRET, api_url=api.base_url)
        app = build_app(settings, lambda: service, gap_report=report, gap_admins=admins)
        runner, port = await start_http(app, host="127.0.0.1", port=0)
        try:
            async with aiohttp.ClientSession() as http:
                fields = p.slash_command("/defence-gaps", "2w", api.response_url("gaps"))
                fields["user_id"] = user
                assert await post(http, f"http://127.0.0.1:{port}", p.form_body(fields),
                                  "application/x-www-form-urlencoded") == 200
                await api.wait_for(lambda: bool(api.calls("/response/gaps")))
        finally:
            await runner.cleanup()
    [reply] = api.calls("/response/gaps")
    assert reply.body["response_type"] == "ephemeral"
    if allowed:
        assert asked == ["2w"] and "who is the &lt;!here&gt; defence minister" in reply.body["text"]
    else:
        assert asked == [] and reply.body["text"].startswith("Only workspace admins")
