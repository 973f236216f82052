"""The Slack adapter end to end in HTTP mode: signed requests to the real app server on loopback.

The bolt app runs unpatched behind its aiohttp server on a free 127.0.0.1 port; its Web API
client and the response_urls point at `FakeSlackAPI`, which records what the bot sent.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from bot.adapters.slack_app import EVENTS_PATH, HEALTH_PATH, SlackSettings, build_app, start_http
from bot.adapters.slack_blocks import POST_ACTION_ID
from bot.answers import AnswerService
from tests import golden
from tests import slack_payloads as p
from tests.conftest import Counted
from tests.fake_slack_api import BOT_TOKEN, FakeSlackAPI
from tests.golden import assert_blocks_show


@dataclass
class Server:
    url: str
    api: FakeSlackAPI
    get_service: Counted
    http: aiohttp.ClientSession

    async def post(self, body: str, *, content_type: str, headers: dict[str, str] | None = None,
                   timestamp: int | None = None) -> tuple[int, str]:
        sent = p.signed_headers(body, content_type=content_type, timestamp=timestamp)
        sent.update(headers or {})
        async with self.http.post(self.url + EVENTS_PATH, data=body.encode(), headers=sent) as response:
            return response.status, await response.text()

    async def event(self, payload: dict[str, Any], **kwargs: Any) -> tuple[int, str]:
        return await self.post(json.dumps(payload), content_type="application/json", **kwargs)

    async def command(self, fields: dict[str, str]) -> tuple[int, str]:
        return await self.post(p.form_body(fields), content_type="application/x-www-form-urlencoded")

    async def action(self, payload: dict[str, Any]) -> tuple[int, str]:
        return await self.post(p.action_body(payload), content_type="application/x-www-form-urlencoded")


@pytest.fixture()
async def api() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture()
async def server(api: FakeSlackAPI, service: AnswerService) -> AsyncIterator[Server]:
    settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=p.SIGNING_SECRET, api_url=api.base_url)
    counted = Counted(service)
    runner, port = await start_http(build_app(settings, counted), host="127.0.0.1", port=0)
    try:
        async with aiohttp.ClientSession() as http:
            yield Server(url=f"http://127.0.0.1:{port}", api=api, get_service=counted, http=http)
    finally:
        await runner.cleanup()


def expected(service: AnswerService, question: str) -> str:
    """The fixed text a reply to `question` must have (tests/data/golden/slack.json)."""
    text: str = golden.slack(question)["text"]
    return text


def posted_texts(api: FakeSlackAPI) -> list[str]:
    return [r.body.get("text", "") for r in api.answers()]


# --- events ----------------------------------------------------------------


async def test_url_verification_returns_the_challenge(server: Server) -> None:
    status, text = await server.event(p.url_verification())
    assert status == 200
    assert json.loads(text) == {"challenge": p.url_verification()["challenge"]}
    assert server.get_service.calls == 0


async def test_health_check(server: Server) -> None:
    async with server.http.get(server.url + HEALTH_PATH) as response:
        assert response.status == 200
        assert await response.json() == {"ok": True}
    assert server.get_service.calls == 0


async def test_mention_is_answered_in_its_thread(server: Server, service: AnswerService) -> None:
    status, _ = await server.event(p.app_mention("<@W111> how big is the FY26 budget?"))
    assert status == 200
    await server.api.wait_for(lambda: len(server.api.calls("/api/chat.postMessage")) == 1)
    await server.api.settle()
    [post] = server.api.answers()
    assert post.path == "/api/chat.postMessage"
    assert post.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    assert post.body["channel"] == "C111"
    assert post.body["thread_ts"] == "1595926230.009600"
    assert {k: post.body[k] for k in ("text", "blocks")} == golden.slack("how big is the FY26 budget?")
    assert_blocks_show(post.body["text"], post.body["blocks"], service.ask("how big is the FY26 budget?"))
    assert (post.body["unfurl_links"], post.body["unfurl_media"]) == (False, False)


async def test_top_level_dm_is_answered_in_the_dm(server: Server, service: AnswerService) -> None:
    status, _ = await server.event(p.direct_message("Can Japan export weapons?"))
    assert status == 200
    await server.api.wait_for(lambda: len(server.api.answers()) == 1)
    await server.api.settle()
    [post] = server.api.answers()
    assert post.body["channel"] == "D111"
    assert "thread_ts" not in post.body
    assert post.body["text"] == expected(service, "Can Japan export weapons?")


async def test_dm_in_a_thread_is_answered_in_the_thread(server: Server, service: AnswerService) -> None:
    # bolt's fixture text, "When Slack was released?": out of scope, so a decline with suggestion buttons
    status, _ = await server.event(p.direct_message("When Slack was released?", thread=True))
    assert status == 200
    await server.api.wait_for(lambda: len(server.api.answers()) == 1)
    await server.api.settle()
    [post] = server.api.answers()
    assert (post.body["channel"], post.body["thread_ts"]) == ("D111", "1726133698.626339")
    answer = service.ask("When Slack was released?")
    assert {k: post.body[k] for k in ("text", "blocks")} == golden.slack("When Slack was released?")
    assert answer.outcome == "decline" and answer.suggestions, "bolt's fixture question is out of scope"
    actions = next(b for b in post.body["blocks"] if b["type"] == "actions")
    assert [e["value"] for e in actions["elements"]] == list(answer.suggestions)[:5]
    assert all(e["action_id"].startswith("ask:") for e in actions["elements"])


@pytest.mark.parametrize(
    "payload",
    [p.bot_message(), p.bot_message(in_dm=True), p.own_message(), p.edited_dm(),
     p.app_mention("<@W111> how big is the FY26 budget?") | {"event": p.app_mention()["event"] | {"bot_id": "B999"}}],
    ids=["other-bot-in-channel", "other-bot-in-dm", "own-message", "edited-dm", "mention-by-a-bot"],
)
async def test_bot_messages_and_edits_are_ignored(server: Server, payload: dict[str, Any]) -> None:
    status, _ = await server.event(payload)
    assert status == 200
    await server.api.settle()
    assert server.api.answers() == []
    assert server.get_service.calls == 0


async def test_retry_is_acknowledged_but_answered_once(server: Server) -> None:
    mention = p.app_mention("<@W111> how big is the FY26 budget?")
    assert (await server.event(mention))[0] == 200
    await server.api.wait_for(lambda: len(server.api.answers()) == 1)
    for attempt in (1, 2):
        retry = {"x-slack-retry-num": str(attempt), "x-slack-retry-reason": "http_timeout"}
        assert (await server.event(mention, headers=retry))[0] == 200
    await server.api.settle()
    assert len(server.api.answers()) == 1
    assert server.get_service.calls == 1


async def test_a_retry_of_an_event_never_seen_is_answered(server: Server) -> None:
    # e.g. the process restarted before the first delivery was handled: answering once is right
    retry = {"x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"}
    assert (await server.event(p.app_mention(event_id="Ev999"), headers=retry))[0] == 200
    await server.api.wait_for(lambda: len(server.api.answers()) == 1)
    await server.api.settle()
    assert len(server.api.answers()) == 1


async def test_mentions_cannot_ping_or_forge_links(server: Server) -> None:
    text = "<@W111> is <!channel> &lt;!here&gt; an OSA recipient? <https://evil.example|click> &amp; Fiji"
    assert (await server.event(p.app_mention(text)))[0] == 200
    await server.api.wait_for(lambda: len(server.api.answers()) == 1)
    [post] = server.api.answers()
    sent = json.dumps(post.body)
    for forbidden in ("<!channel>", "<!here>", "<!everyone>", "<@", "<https://evil"):
        assert forbidden not in sent


# --- slash commands ----------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "text", "question"),
    [
        ("/defence", "how big is the FY26 budget?", "how big is the FY26 budget?"),
        ("/defence", "", "help"),
        ("/budget", "", "defence budget"),
        ("/budget", "2025", "defence budget FY2025"),
        ("/osa", "Fiji", "is Fiji an OSA recipient"),
        ("/osa", "", "what is OSA"),
        ("/exports", "", "can Japan export weapons"),
    ],
)
async def test_slash_command_answers_ephemerally_with_a_post_button(
    server: Server, service: AnswerService, command: str, text: str, question: str
) -> None:
    status, body = await server.command(p.slash_command(command, text, server.api.response_url("cmd")))
    assert (status, body) == (200, "")
    await server.api.wait_for(lambda: len(server.api.answers()) == 1)
    await server.api.settle()
    [reply] = server.api.answers()
    assert reply.path == "/response/cmd"
    assert reply.body["response_type"] == "ephemeral"
    assert reply.body["text"] == expected(service, question)
    shown = [b for b in reply.body["blocks"] if b["type"] != "actions"]
    assert shown == [b for b in golden.slack(question)["blocks"] if b["type"] != "actions"], question
    buttons = next(b for b in reply.body["blocks"] if b["type"] == "actions")["elements"]
    assert buttons[-1]["action_id"] == POST_ACTION_ID and buttons[-1]["value"] == question


async def test_post_to_channel_posts_the_same_answer_visibly(server: Server, service: AnswerService) -> None:
    click = p.block_action(action_id=POST_ACTION_ID, value="defence budget FY2025",
                           response_url=server.api.response_url("post"), ephemeral=True)
    assert (await server.action(click))[0] == 200
    await server.api.wait_for(lambda: len(server.api.answers()) == 1)
    await server.api.settle()
    [post] = server.api.answers()
    assert post.path == "/response/post"
    assert post.body["response_type"] == "in_channel"
    assert post.body["replace_original"] is False
    assert post.body["text"] == expected(service, "defence budget FY2025")
    assert POST_ACTION_ID not in json.dumps(post.body["blocks"])


async def test_suggestion_in_a_thread_asks_that_question_in_the_thread(server: Server, service: AnswerService) -> None:
    question = "Which countries have received OSA?"
    click = p.block_action(action_id="ask:1", value=question, response_url=server.api.response_url("suggest"),
                           ephemeral=False, thread_ts="1595926230.009600")
    assert (await server.action(click))[0] == 200
    await server.api.wait_for(lambda: len(server.api.answers()) == 1)
    await server.api.settle()
    [post] = server.api.answers()
    assert post.path == "/api/chat.postMessage"
    assert (post.body["channel"], post.body["thread_ts"]) == ("C111", "1595926230.009600")
    assert post.body["text"] == expected(service, question)


async def test_suggestion_under_an_ephemeral_reply_replaces_it(server: Server, service: AnswerService) -> None:
    question = "Can Japan export weapons?"
    click = p.block_action(action_id="ask:0", value=question, response_url=server.api.response_url("eph"),
                           ephemeral=True)
    assert (await server.action(click))[0] == 200
    await server.api.wait_for(lambda: len(server.api.answers()) == 1)
    [reply] = server.api.answers()
    assert reply.path == "/response/eph"
    assert (reply.body["response_type"], reply.body["replace_original"]) == ("ephemeral", True)
    assert reply.body["text"] == expected(service, question)


# --- requests that must not reach the answer service ----------------------------


async def test_wrong_signature_is_rejected(server: Server) -> None:
    body = json.dumps(p.app_mention())
    headers = {"x-slack-signature": p.signature(body, str(int(time.time())), secret="not-the-secret")}
    status, _ = await server.post(body, content_type="application/json", headers=headers)
    assert status == 401
    await assert_untouched(server)


async def test_stale_timestamp_is_rejected(server: Server) -> None:
    status, _ = await server.event(p.app_mention(), timestamp=int(time.time()) - 6 * 60)
    assert status == 401
    await assert_untouched(server)


async def test_unsigned_command_is_rejected(server: Server) -> None:
    body = p.form_body(p.slash_command("/budget", "", server.api.response_url("x")))
    headers = {"content-type": "application/x-www-form-urlencoded"}
    async with server.http.post(server.url + EVENTS_PATH, data=body, headers=headers) as response:
        assert response.status == 401
    await assert_untouched(server)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"type": "event_callback", "event": ', "application/json"),
        ("[1, 2, 3]", "application/json"),
        ("payload=%7Bnot-json", "application/x-www-form-urlencoded"),
        ("\udcff", "application/json"),
    ],
    ids=["truncated-json", "json-array", "bad-payload-field", "invalid-utf8"],
)
async def test_malformed_body_is_a_client_error(server: Server, body: str, content_type: str) -> None:
    raw = body.encode("utf-8", "surrogateescape")
    headers = p.signed_headers(raw, content_type=content_type)
    async with server.http.post(server.url + EVENTS_PATH, data=raw, headers=headers) as response:
        assert 400 <= response.status < 500
    await assert_untouched(server)


async def assert_untouched(server: Server) -> None:
    """Nothing was answered and the answer service was never asked for."""
    await server.api.settle()
    assert server.get_service.calls == 0
    assert server.api.answers() == []


# --- load ----------------------------------------------------------------------


@pytest.mark.slow
async def test_load_500_commands_from_20_clients(api: FakeSlackAPI, service: AnswerService) -> None:
    from tests.slack_load import run_load

    result = await run_load(api, lambda: service, total=500, clients=20)
    assert result.statuses == {200: 500}
    assert result.max_ack < 3.0, result.summary()
    assert result.delivered_once, result.summary()
    assert result.wrong_answers == 0, result.summary()

