"""The Slack adapter in Socket Mode: the same payloads, delivered over a WebSocket instead of signed HTTP.

slack-bolt's `AsyncSocketModeHandler` (and slack-sdk's aiohttp Socket Mode client inside it) run
unpatched: they call `apps.connections.open` on `FakeSlackAPI`, dial its loopback WebSocket, and
acknowledge each envelope the fake pushes; the answers reach the fake Web API and response_urls.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.adapters.slack_app import SlackSettings, build_app
from bot.adapters.slack_blocks import POST_ACTION_ID
from bot.answers import AnswerService
from tests import slack_payloads as p
from tests.fake_slack_api import APP_TOKEN, BOT_TOKEN, FakeSlackAPI
from tests.golden import slack
from tests.test_slack_http import Counted


@pytest.fixture()
async def api() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture()
async def counted(service: AnswerService) -> Counted:
    return Counted(service)


@pytest.fixture()
async def connected(api: FakeSlackAPI, counted: Counted) -> AsyncIterator[FakeSlackAPI]:
    """The app connected to the fake Socket Mode endpoint (no signing secret: Socket Mode has none)."""
    settings = SlackSettings(bot_token=BOT_TOKEN, app_token=APP_TOKEN, api_url=api.base_url)
    handler = AsyncSocketModeHandler(build_app(settings, counted), app_token=settings.app_token)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    try:
        await api.wait_connected()
        yield api
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


async def deliver(api: FakeSlackAPI, kind: str, payload: dict[str, Any], envelope_id: str,
                  *, retry_attempt: int = 0) -> dict[str, Any]:
    await api.send_envelope(p.envelope(kind, payload, envelope_id, retry_attempt=retry_attempt))
    return await api.wait_for_ack(envelope_id)


async def one_answer(api: FakeSlackAPI) -> Any:
    await api.wait_for(lambda: len(api.answers()) >= 1)
    await api.settle()
    [answer] = api.answers()
    return answer


async def test_connects_with_the_app_token(connected: FakeSlackAPI) -> None:
    [opened] = connected.calls("/api/apps.connections.open")
    assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"


async def test_mention(connected: FakeSlackAPI, service: AnswerService) -> None:
    await deliver(connected, "events_api", p.app_mention("<@W111> how big is the FY26 budget?"), "env-1")
    post = await one_answer(connected)
    assert post.path == "/api/chat.postMessage"
    assert (post.body["channel"], post.body["thread_ts"]) == ("C111", "1595926230.009600")
    assert {k: post.body[k] for k in ("text", "blocks")} == slack("how big is the FY26 budget?")
    assert (post.body["unfurl_links"], post.body["unfurl_media"]) == (False, False)


@pytest.mark.parametrize("thread", [False, True], ids=["top-level", "in-thread"])
async def test_direct_message(connected: FakeSlackAPI, service: AnswerService, thread: bool) -> None:
    await deliver(connected, "events_api", p.direct_message("Can Japan export weapons?", thread=thread), "env-2")
    post = await one_answer(connected)
    assert post.body["channel"] == "D111"
    assert post.body.get("thread_ts") == ("1726133698.626339" if thread else None)
    assert {k: post.body[k] for k in ("text", "blocks")} == slack("Can Japan export weapons?")
    assert (post.body["unfurl_links"], post.body["unfurl_media"]) == (False, False)


async def test_retry_is_acknowledged_but_answered_once(connected: FakeSlackAPI, counted: Counted) -> None:
    mention = p.app_mention("<@W111> how big is the FY26 budget?")
    await deliver(connected, "events_api", mention, "env-3")
    await connected.wait_for(lambda: len(connected.answers()) == 1)
    await deliver(connected, "events_api", mention, "env-4", retry_attempt=1)
    await connected.settle()
    assert len(connected.answers()) == 1
    assert counted.calls == 1


@pytest.mark.parametrize("payload", [p.bot_message(), p.bot_message(in_dm=True), p.own_message(), p.edited_dm()],
                         ids=["other-bot-in-channel", "other-bot-in-dm", "own-message", "edited-dm"])
async def test_bot_messages_and_edits_are_ignored(connected: FakeSlackAPI, counted: Counted,
                                                  payload: dict[str, Any]) -> None:
    await deliver(connected, "events_api", payload, "env-5")
    await connected.settle()
    assert connected.answers() == []
    assert counted.calls == 0


async def test_slash_command(connected: FakeSlackAPI, service: AnswerService) -> None:
    ack = await deliver(connected, "slash_commands",
                        p.slash_command("/budget", "2025", connected.response_url("cmd")), "env-6")
    assert ack == {"envelope_id": "env-6"}
    reply = await one_answer(connected)
    assert reply.path == "/response/cmd"
    assert reply.body["response_type"] == "ephemeral"
    assert reply.body["text"] == slack("defence budget FY2025")["text"]
    assert reply.body["blocks"][:-1] == slack("defence budget FY2025")["blocks"]  # then the "Post to channel" button


async def test_post_to_channel(connected: FakeSlackAPI, service: AnswerService) -> None:
    click = p.block_action(action_id=POST_ACTION_ID, value="is Fiji an OSA recipient",
                           response_url=connected.response_url("post"), ephemeral=True)
    await deliver(connected, "interactive", click, "env-7")
    post = await one_answer(connected)
    assert (post.path, post.body["response_type"]) == ("/response/post", "in_channel")
    assert {k: post.body[k] for k in ("text", "blocks")} == slack("is Fiji an OSA recipient")


async def test_suggestion_in_a_thread(connected: FakeSlackAPI, service: AnswerService) -> None:
    question = "Which countries have received OSA?"
    click = p.block_action(action_id="ask:0", value=question, response_url=connected.response_url("s"),
                           ephemeral=False)
    await deliver(connected, "interactive", click, "env-8")
    post = await one_answer(connected)
    assert (post.path, post.body["channel"], post.body["thread_ts"]) == (
        "/api/chat.postMessage", "C111", "1595926230.009600")
    assert {k: post.body[k] for k in ("text", "blocks")} == slack(question)
    assert (post.body["unfurl_links"], post.body["unfurl_media"]) == (False, False)
