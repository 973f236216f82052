"""Issue 11, item 7 and D10: every refused user is told, once per burst, and a busy channel starves no one.

100 users, one question each, in one channel, against the default limits (a burst of 30 per channel):
through the real Slack app on 127.0.0.1 (the fake Web API records what it sent) and through discord.py
against the fake Discord API. Where the answer can be private (a Slack mention, a Discord slash command),
the 70 the channel has no room for are answered so that only they see it; where it cannot (a Discord
mention), each is told once.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest

from bot.adapters.discord_app import DefenceBot
from bot.adapters.slack_app import EVENTS_PATH, SlackSettings, build_app, start_http
from bot.answers import AnswerService
from bot.ratelimit import CHANNEL_BUSY_TEXT, PRIVATE_ANSWER_TEXT, SLOW_DOWN_TEXT, Bucket, RateLimiter
from tests import slack_payloads as p
from tests.fake_slack_api import BOT_TOKEN, FakeSlackAPI
from tests.test_discord_app import (
    BOT_ID,
    BOT_USER,
    FakeDiscordAPI,
    cog_of,
    guild_message,
    interaction_payload,
    logged_in,
)

USERS = 100


@pytest.fixture()
async def slack(service: AnswerService) -> AsyncIterator[tuple[str, FakeSlackAPI, aiohttp.ClientSession]]:
    async with FakeSlackAPI() as api:
        settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=p.SIGNING_SECRET, api_url=api.base_url)
        # a stopped clock: the channel's allowance must not refill while 100 mentions are posted on a slow machine
        limiter = RateLimiter(clock=lambda: 1000.0)
        runner, port = await start_http(build_app(settings, lambda: service, limiter=limiter),
                                        host="127.0.0.1", port=0)
        try:
            async with aiohttp.ClientSession() as http:
                yield f"http://127.0.0.1:{port}", api, http
        finally:
            await runner.cleanup()


async def post(http: aiohttp.ClientSession, url: str, body: str, content_type: str) -> int:
    async with http.post(url + EVENTS_PATH, data=body.encode(),
                         headers=p.signed_headers(body, content_type=content_type)) as response:
        return response.status


async def test_slack_mentions_from_100_users_in_one_channel_are_all_answered(
        slack: tuple[str, FakeSlackAPI, aiohttp.ClientSession]) -> None:
    url, api, http = slack
    for index in range(USERS):
        payload = p.app_mention("<@W111> osa budget 2024", event_id=f"Ev{index}")
        payload["event"]["user"] = f"U{index:03}"
        assert await post(http, url, json.dumps(payload), "application/json") == 200
    await api.wait_for(lambda: len(api.answers()) >= USERS)
    await api.settle()
    answered = [r.body for r in api.calls("/api/chat.postMessage")]
    private = [r.body for r in api.calls("/api/chat.postEphemeral")]
    assert len(answered) == 30 and len(private) == USERS - 30
    assert len({b["user"] for b in private}) == USERS - 30 and all(b["thread_ts"] for b in private)
    assert all(b["text"].startswith(PRIVATE_ANSWER_TEXT) and "2024" in b["text"] for b in private)
    assert all(b["blocks"][0]["type"] == "context" for b in private)


async def test_slack_users_over_their_own_limit_are_told_once_per_burst(service: AnswerService) -> None:
    async with FakeSlackAPI() as api:
        settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=p.SIGNING_SECRET, api_url=api.base_url)
        limiter = RateLimiter(user=Bucket(1, 60.0), channel=Bucket(2, 60.0))
        runner, port = await start_http(build_app(settings, lambda: service, limiter=limiter),
                                        host="127.0.0.1", port=0)
        try:
            async with aiohttp.ClientSession() as http:
                for index, user in enumerate(["U1", "U2", "U3", "U1", "U3", "U1"]):
                    payload = p.app_mention("<@W111> osa budget 2024", event_id=f"Ev{index}")
                    payload["event"]["user"] = user
                    assert await post(http, f"http://127.0.0.1:{port}", json.dumps(payload), "application/json") == 200
                await api.wait_for(lambda: len(api.answers()) >= 5)
                await api.settle()
        finally:
            await runner.cleanup()
    # U1, U2 answered; U3 answered privately (the channel is full); U1 told to slow down once; U3 too
    assert len(api.calls("/api/chat.postMessage")) == 2
    private = [r.body for r in api.calls("/api/chat.postEphemeral")]
    assert [(b["user"], b["text"] == SLOW_DOWN_TEXT) for b in private] == [("U3", False), ("U1", True), ("U3", True)]


async def test_slack_slash_commands_from_100_users_in_one_channel_are_all_answered(
        slack: tuple[str, FakeSlackAPI, aiohttp.ClientSession], service: AnswerService) -> None:
    """A slash command's answer is ephemeral, seen only by its asker: the channel's limit does not apply."""
    url, api, http = slack
    for index in range(USERS):
        fields = p.slash_command("/defence", "osa budget 2024", api.response_url(f"cmd{index}"))
        fields["user_id"] = f"U{index:03}"
        assert await post(http, url, p.form_body(fields), "application/x-www-form-urlencoded") == 200
    await api.wait_for(lambda: len(api.answers()) >= USERS)
    await api.settle()
    texts = [r.body["text"] for r in api.answers()]
    assert len(texts) == USERS and CHANNEL_BUSY_TEXT not in texts


@pytest.fixture()
async def discord_bot(service: AnswerService, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[
        tuple[DefenceBot, FakeDiscordAPI]]:
    limiter = RateLimiter(clock=lambda: 1000.0)  # stopped: no refill while 100 users are served on a slow machine
    async with logged_in(lambda: DefenceBot(lambda: service, limiter=limiter), monkeypatch) as pair:
        yield pair


def interaction_from(bot: DefenceBot, user: int) -> discord.Interaction:
    data = {"id": "771825006014889984", "name": "ask", "type": 1,
            "options": [{"type": 3, "name": "question", "value": "osa budget 2024"}]}
    payload: dict[str, Any] = interaction_payload(data=data)
    payload["id"] = str(900_000_000_000_000_000 + user)
    payload["token"] = f"token-{user}"
    payload["member"]["user"]["id"] = str(800_000_000_000_000_000 + user)
    # Discord sends the channel as an object now (discord.py 2.7 reads `channel_id` from it)
    payload["channel"] = {"id": payload["channel_id"], "type": 0, "name": "general", "position": 0,
                          "permission_overwrites": [], "nsfw": False, "guild_id": payload["guild_id"]}
    return discord.Interaction(data=payload, state=bot._connection)  # type: ignore[arg-type]


async def test_discord_commands_from_100_users_in_one_channel_are_all_answered(
        discord_bot: tuple[DefenceBot, FakeDiscordAPI]) -> None:
    bot, api = discord_bot
    for user in range(USERS):
        await cog_of(bot).respond(interaction_from(bot, user), "osa budget 2024")
    callbacks = [r.body["data"] for r in api.requests if r.path.endswith("/callback")]
    assert len(callbacks) == USERS and all(c["embeds"] for c in callbacks)
    private = [c for c in callbacks if c.get("content") == PRIVATE_ANSWER_TEXT]
    assert len(private) == USERS - 30 and all(c["flags"] & 64 for c in private)  # ephemeral
    assert all(not c.get("flags", 0) & 64 for c in callbacks[:30])


async def test_discord_mentions_from_100_users_in_one_channel_all_get_an_answer_or_a_notice(
        discord_bot: tuple[DefenceBot, FakeDiscordAPI]) -> None:
    bot, api = discord_bot
    for user in range(USERS):
        message = guild_message(bot, f"<@{BOT_ID}> osa budget 2024", mentions=[BOT_USER])
        message.author = discord.Object(id=800_000_000_000_000_000 + user)  # type: ignore[assignment]
        message.author.bot = False  # type: ignore[attr-defined]
        await cog_of(bot).on_message(message)
    replies = [r.body for r in api.requests if r.path.endswith("/messages")]
    assert len(replies) == USERS
    assert sum(b.get("content") == CHANNEL_BUSY_TEXT for b in replies) == USERS - 30
