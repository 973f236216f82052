"""The Teams adapter end to end: signed outgoing-webhook requests to the real aiohttp app on 127.0.0.1.

The payloads start from Microsoft's documented activity (tests/data/teams, see its README); each request is
signed as Teams signs it, `Authorization: HMAC <base64 HMAC-SHA256 of the exact body bytes>`, keyed with the
base64-decoded security token.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import hashlib
import hmac
import json
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from bot.__main__ import main
from bot.adapters.teams_app import (
    HEALTH_PATH,
    MESSAGES_PATH,
    TOO_SLOW_TEXT,
    TeamsSettings,
    TeamsSettingsError,
    build_web_app,
    question_text,
    start,
)
from bot.adapters.teams_format import answer_message
from bot.answers import MAX_QUESTION_LENGTH, AnswerService
from bot.conversation import Conversations
from bot.models import Answer, AnswerPart, Source
from bot.ratelimit import Decision
from bot.state import SharedState, build_state
from bot.turns import too_long_text
from tests.conftest import DATA, ROOT, Counted, health_when_up
from tests.servers import free_port

SECRET = base64.b64encode(b"known-fake-teams-webhook-token!!").decode()
"""A security token as Teams shows it: base64 of 32 bytes (listed in conftest's adapter secrets)."""
CHANNEL_MENTION = json.loads((DATA / "teams" / "channel_mention.json").read_text(encoding="utf-8"))
PERSONAL = json.loads((DATA / "teams" / "personal_message.json").read_text(encoding="utf-8"))
THREAD = CHANNEL_MENTION["conversation"]["id"]


def sign(body: bytes, secret: str = SECRET) -> str:
    digest = hmac.new(base64.b64decode(secret), body, hashlib.sha256).digest()
    return "HMAC " + base64.b64encode(digest).decode()


def activity(text: str, *, thread: str = THREAD, user: str | None = None) -> dict[str, Any]:
    """The documented channel message with `text`, in `thread`, from `user` (default: the doc's sender)."""
    payload = copy.deepcopy(CHANNEL_MENTION)
    payload["text"] = text
    payload["conversation"]["id"] = thread
    if user is not None:
        payload["from"]["aadObjectId"] = user
    return payload


@dataclass
class Server:
    url: str
    http: aiohttp.ClientSession
    get_service: Counted

    async def post(self, body: bytes, authorization: str | None) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if authorization is not None:
            headers["Authorization"] = authorization
        async with self.http.post(self.url + MESSAGES_PATH, data=body, headers=headers) as response:
            return response.status, await response.json(content_type=None)

    async def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(payload).encode()
        status, reply = await self.post(body, sign(body))
        assert status == 200, reply
        assert isinstance(reply, dict)
        return reply


@pytest.fixture()
async def server(service: AnswerService) -> AsyncIterator[Server]:
    counted = Counted(service)
    app = build_web_app(TeamsSettings.from_env({"TEAMS_WEBHOOK_SECRET": SECRET}), counted,
                        state=build_state({}, limiter=None), conversations=Conversations(),
                        status=lambda: {"fact_file": "facts.yaml"})
    runner, port = await start(app, host="127.0.0.1", port=0)  # port 0: a free port, chosen by the OS
    try:
        async with aiohttp.ClientSession() as http:
            yield Server(url=f"http://127.0.0.1:{port}", http=http, get_service=counted)
    finally:
        await runner.cleanup()


# --- answering ---------------------------------------------------------------


async def test_question_is_answered_with_its_source(server: Server) -> None:
    reply = await server.ask(activity("<at>Defence Bot</at> how big is the FY26 budget?"))
    assert reply["type"] == "message"
    assert "¥9.04 trillion" in reply["text"]
    assert ("[Japan sets largest ever defense budget for 2026]"
            "(https://news.az/news/japan-sets-largest-ever-defense-budget-for-2026)") in reply["text"]
    assert "_As of 2025-12-26_" in reply["text"]
    assert server.get_service.calls == 1


FY26_REPLY = {
    "type": "message",
    "textFormat": "markdown",
    "text": (
        "In late December 2025 the Cabinet approved a record ¥9.04 trillion (about US$58 billion) defence budget "
        "for FY2026, the fiscal year from April 2026; it includes costs related to hosting US bases and is the "
        "highest in Japan's post-war era in nominal terms. It is the fourth year of the ¥43 trillion five-year "
        "plan and the 14th yearly increase in a row. My sources do not say whether the Diet has since passed it."
        "\n\n**Sources:**\n\n"
        "- [Japan sets largest ever defense budget for 2026]"
        "(https://news.az/news/japan-sets-largest-ever-defense-budget-for-2026), "
        "News.az (citing Japanese media), 2025-12-26\n"
        "- Japan Doubles Down on Asia's Defence: Expanded Budget and Regional Security Aid Scheme, "
        "unnamed news site (byline 'Admin'), 2025-12\n"
        "- [Yomiuri Shimbun article on the FY2026 defence budget](https://japannews.yomiuri.co.jp/?p=299068), "
        "Yomiuri Shimbun, date not shown"
        "\n\n_As of 2025-12-26_"
    ),
}
"""Written out by hand from the fact base (knowledge/facts.yaml): what Teams must receive for the question."""


async def test_reply_is_exactly_the_expected_activity(server: Server) -> None:
    body = json.dumps(activity("<at>Defence Bot</at> how big is the FY26 budget?")).encode()
    async with server.http.post(server.url + MESSAGES_PATH, data=body,
                                headers={"Authorization": sign(body)}) as response:
        assert response.status == 200
        assert response.content_type == "application/json"
        assert await response.json() == FY26_REPLY


async def test_the_mention_is_stripped(server: Server) -> None:
    doc_text = CHANNEL_MENTION["text"]  # "Hey <at>Pranav Smith</at> check out this message"
    assert question_text(doc_text) == "Hey check out this message"
    assert question_text("<at>Defence&nbsp;Bot</at>&nbsp;is Fiji an OSA <b>recipient</b>?\n") == (
        "is Fiji an OSA recipient?")
    mentioned = await server.ask(activity("<at>Defence Bot</at>&nbsp;how big is the FY26 budget?"))
    assert mentioned == FY26_REPLY  # the bot's name did not reach the matcher
    assert "Defence Bot" not in mentioned["text"]


async def test_an_over_long_message_gets_the_polite_refusal(server: Server) -> None:
    text = "how big is the budget? " * (MAX_QUESTION_LENGTH // 10)
    reply = await server.ask(activity("<at>Defence Bot</at> " + text))
    assert reply == {"type": "message", "textFormat": "markdown", "text": too_long_text(len(text.strip()))}
    assert reply["text"].startswith("Sorry, that's ")
    assert server.get_service.calls == 0  # refused before anything read it


async def test_a_follow_up_in_the_same_thread_uses_the_context(server: Server) -> None:
    await server.ask(activity("<at>Defence Bot</at> how big is the FY26 budget?"))
    follow_up = await server.ask(activity("<at>Defence Bot</at> what about FY2025?"))
    assert "FY2025 defence budget" in follow_up["text"]
    assert "¥8.7 trillion" in follow_up["text"]
    elsewhere = await server.ask(activity("<at>Defence Bot</at> what about FY2025?",
                                          thread="19:aebd0ad4d6ab42c8b9ed19c251c2fc37@thread.skype;messageid=2"))
    assert "FY2025 defence budget" not in elsewhere["text"]  # another thread has no context


async def test_the_documented_personal_message_shape_is_answered(server: Server) -> None:
    payload = copy.deepcopy(PERSONAL)
    payload["text"] = "is Fiji an OSA recipient?"
    reply = await server.ask(payload)
    assert reply["text"].startswith("Yes — Fiji")
    assert "(https://www.mofa.go.jp/press/release/pressite_000001_00060.html)" in reply["text"]


# --- the signature -------------------------------------------------------------


@pytest.mark.parametrize("authorization", [
    None,
    "",
    "HMAC ",
    "HMAC not-a-signature",
    "Bearer {good}",
    "hmac {good}",
    "HMAC {other_secret}",
    "HMAC {tampered}",
])
async def test_a_bad_or_missing_signature_is_refused_and_nothing_answered(server: Server, authorization: str | None,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    body = json.dumps(activity("<at>Defence Bot</at> how big is the FY26 budget?")).encode()
    good = sign(body).removeprefix("HMAC ")
    other = sign(body, base64.b64encode(b"another-teams-webhook-token-0000").decode()).removeprefix("HMAC ")
    tampered = sign(body + b" ").removeprefix("HMAC ")
    header = None if authorization is None else authorization.format(good=good, other_secret=other,
                                                                     tampered=tampered)
    status, reply = await server.post(body, header)
    assert status == 401
    assert reply == {"error": "invalid signature"}
    assert server.get_service.calls == 0
    assert SECRET not in caplog.text and good not in caplog.text


async def test_the_body_is_verified_byte_for_byte(server: Server) -> None:
    body = json.dumps(activity("<at>Defence Bot</at> how big is the FY26 budget?")).encode()
    status, _ = await server.post(body.replace(b"FY26", b"FY25"), sign(body))
    assert status == 401
    assert server.get_service.calls == 0


async def test_a_signed_body_that_is_not_a_message_is_a_bad_request(server: Server) -> None:
    for body in (b"not json", b"[1, 2]", json.dumps({"type": "conversationUpdate"}).encode()):
        status, reply = await server.post(body, sign(body))
        assert (status, reply) == (400, {"error": "not a message activity"})
    assert server.get_service.calls == 0


async def test_health(server: Server) -> None:
    async with server.http.get(server.url + HEALTH_PATH) as response:
        assert response.status == 200
        assert await response.json() == {"ok": True, "fact_file": "facts.yaml"}


# --- formatting and settings -----------------------------------------------------


def test_text_from_sources_cannot_mention_link_or_format() -> None:
    source = Source(id="s", title="<at>Everyone</at> [click](https://evil.example) **now**",
                    publisher="A_B *Press*", file="x.md", date="2025-01-01", url="https://example.org/a (b)")
    answer = Answer(question="q", outcome="answer", body="# Big\n- not a list\n1. nor this <at>Ann</at> & co",
                    confidence=1.0, parts=(AnswerPart(fact_id="f", title="t", text="x", sources=(source,),
                                                      as_of="2025-01-01"),),
                    sources=(source,), as_of="2025-01-01")
    text = answer_message(answer)["text"]
    assert "<" not in text and ">" not in text  # no <at> mention, no HTML tag
    assert "&lt;at&gt;Ann&lt;/at&gt; &amp; co" in text
    assert text.startswith("\\# Big\n\n\\- not a list\n\n1\\. nor this")
    assert ("[&lt;at&gt;Everyone&lt;/at&gt; \\[click\\](https://evil.example) \\*\\*now\\*\\*]"
            "(https://example.org/a%20%28b%29), A\\_B \\*Press\\*, 2025-01-01") in text


def test_settings_never_show_the_secret_and_reject_bad_values() -> None:
    settings = TeamsSettings.from_env({"TEAMS_WEBHOOK_SECRET": f"  {SECRET}\n"})
    assert settings.secret == b"known-fake-teams-webhook-token!!"
    assert SECRET not in repr(settings) and "known-fake" not in repr(settings)
    for value, problem in (("", "is not set"), ("not base64!", "is not base64"),
                           ("YWJj", "is too short for a Teams security token")):
        with pytest.raises(TeamsSettingsError, match=f"^TEAMS_WEBHOOK_SECRET {problem}: "):
            TeamsSettings.from_env({"TEAMS_WEBHOOK_SECRET": value})


@pytest.mark.parametrize("value", [None, "not base64!"])
def test_the_command_refuses_a_missing_or_bad_secret_in_one_line(monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str],
                                                                 value: str | None) -> None:
    for name in ("SLACK_BOT_TOKEN", "DISCORD_TOKEN", "TEAMS_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    if value is not None:
        monkeypatch.setenv("TEAMS_WEBHOOK_SECRET", value)
    assert main(["teams"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("bot: error: TEAMS_WEBHOOK_SECRET ")
    if value is not None:
        assert main(["run"]) == 2  # `run` picks Teams when the secret is set
        assert capsys.readouterr().err == err


class SlowLimits:
    """A rate-limit store that takes a second to answer (a Redis far away)."""

    async def decide(self, user: str | None, channel: str | None, *, private_ok: bool = False) -> Decision:
        await asyncio.sleep(1)
        raise AssertionError("never reached: the turn is given up first")


async def test_a_turn_too_slow_for_teams_is_answered_in_time(service: AnswerService) -> None:
    app = build_web_app(TeamsSettings.from_env({"TEAMS_WEBHOOK_SECRET": SECRET}), lambda: service,
                        state=SharedState(limits=SlowLimits()), conversations=Conversations(), answer_seconds=0.05)
    runner, port = await start(app, host="127.0.0.1", port=0)
    try:
        body = json.dumps(activity("how big is the FY26 budget?")).encode()
        url = f"http://127.0.0.1:{port}{MESSAGES_PATH}"
        async with aiohttp.ClientSession() as http, http.post(url, data=body,
                                                              headers={"Authorization": sign(body)}) as response:
            assert response.status == 200
            assert (await response.json())["text"] == TOO_SLOW_TEXT
    finally:
        await runner.cleanup()


async def test_bot_run_serves_teams_when_its_secret_is_set_and_stops_on_sigterm() -> None:
    """The wiring: `python -m bot run` with TEAMS_WEBHOOK_SECRET serves the webhook (gap log, question log and
    /healthz as for Slack), answers a signed question, and exits 0 on SIGTERM."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "BOT_", "TEAMS_"))}
    env.update(PYTHONPATH=str(ROOT), BOT_GAP_LOG="off", BOT_ENV_FILE="off", TEAMS_WEBHOOK_SECRET=SECRET,
               PORT=str(port))
    server = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "--log-json", "run",
                                                  stderr=asyncio.subprocess.PIPE, cwd=ROOT, env=env)
    try:
        health = json.loads(await health_when_up(f"http://127.0.0.1:{port}{HEALTH_PATH}"))
        async with aiohttp.ClientSession() as http:
            body = json.dumps(activity("<at>Defence Bot</at> is Fiji an OSA recipient?")).encode()
            async with http.post(f"http://127.0.0.1:{port}{MESSAGES_PATH}", data=body,
                                 headers={"Authorization": sign(body)}) as response:
                reply = await response.json()
    finally:
        server.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(server.communicate(), 15)
    assert health["ok"] is True and health["facts"] > 30 and health["shared_state"] == {"backend": "memory"}
    assert reply["text"].startswith("Yes — Fiji")
    assert server.returncode == 0
    logs = [json.loads(line) for line in err.decode().splitlines() if line.strip()]
    assert any(line["message"] == "Teams: stopped" for line in logs)
    assert any(line.get("platform") == "teams" for line in logs)  # the question log, one line per question
    assert SECRET not in err.decode()
