"""Issue 11: the Slack HTTP server against hostile or careless clients, on 127.0.0.1 with the fake Web API.

D9 (a malformed timestamp header), HTTP read timeouts (a client that sends part of a body), response_urls
kept out of DEBUG logs, and D6 (`/defence-gaps` with a period that overflowed).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest

from bot.adapters.slack_app import EVENTS_PATH, SlackSettings, build_app, start_http
from bot.answers import AnswerService
from bot.gaplog import summary
from tests import slack_payloads as p
from tests.fake_slack_api import ADMIN_USER_ID, BOT_TOKEN, FakeSlackAPI


@pytest.fixture()
async def api() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI() as fake:
        yield fake


async def serve(api: FakeSlackAPI, service: AnswerService, *, read_timeout: float = 10.0,
                gap_report: Callable[[str], str] | None = None) -> tuple[object, int]:
    settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=p.SIGNING_SECRET, api_url=api.base_url)
    return await start_http(build_app(settings, lambda: service, gap_report=gap_report), host="127.0.0.1", port=0,
                            read_timeout=read_timeout)


@pytest.mark.parametrize("timestamp", ["abc", "1e5", "-1", "１２３", "9" * 40, ""])
async def test_a_malformed_timestamp_is_401_without_a_traceback(
        api: FakeSlackAPI, service: AnswerService, caplog: pytest.LogCaptureFixture, timestamp: str) -> None:
    """D9: `X-Slack-Request-Timestamp: abc` on an unsigned POST was a 500 and an ERROR traceback."""
    runner, port = await serve(api, service)
    try:
        with caplog.at_level(logging.DEBUG):
            async with aiohttp.ClientSession() as http, http.post(
                    f"http://127.0.0.1:{port}{EVENTS_PATH}", data=b'{"type": "event_callback"}',
                    headers={"content-type": "application/json", "X-Slack-Request-Timestamp": timestamp,
                             "X-Slack-Signature": "v0=00"}) as response:
                assert response.status == 401
    finally:
        await runner.cleanup()  # type: ignore[attr-defined]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not api.answers()


async def test_partial_bodies_are_cut_off_by_the_read_timeout(api: FakeSlackAPI, service: AnswerService) -> None:
    """300 connections each sending half a body were held open for 40 s and more."""
    runner, port = await serve(api, service, read_timeout=0.5)
    connections = 300
    started = time.monotonic()

    async def partial() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        body = p.form_body(p.slash_command("/defence", "osa budget 2024", api.response_url("slow")))
        writer.write(f"POST {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
                     f"{body[:len(body) // 2]}".encode())
        await writer.drain()
        try:
            return await asyncio.wait_for(reader.read(), 5)  # until the server closes the connection
        finally:
            writer.close()

    try:
        replies = await asyncio.gather(*(partial() for _ in range(connections)))
    finally:
        await runner.cleanup()  # type: ignore[attr-defined]
    assert time.monotonic() - started < 5
    assert all(reply.startswith(b"HTTP/1.1 408") for reply in replies)
    assert not api.answers()


async def test_partial_request_heads_are_cut_off_too(api: FakeSlackAPI, service: AnswerService) -> None:
    """aiohttp has no header timeout: half a request line held a connection open indefinitely."""
    runner, port = await serve(api, service, read_timeout=0.5)

    async def partial_head() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"POST {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty".encode())
        await writer.drain()
        try:
            return await asyncio.wait_for(reader.read(), 5)
        finally:
            writer.close()

    started = time.monotonic()
    try:
        replies = await asyncio.gather(*(partial_head() for _ in range(100)))
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/healthz") as response:
            assert response.status == 200  # a whole request on a fresh connection is still served
    finally:
        await runner.cleanup()  # type: ignore[attr-defined]
    assert time.monotonic() - started < 5 and replies == [b""] * 100


async def test_response_urls_stay_out_of_debug_logs(api: FakeSlackAPI, service: AnswerService,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    runner, port = await serve(api, service)
    response_url = api.response_url("secret-hook-T111-B222-abcdef")
    try:
        with caplog.at_level(logging.DEBUG):
            body = p.form_body(p.slash_command("/defence", "osa budget 2024", response_url))
            async with aiohttp.ClientSession() as http, http.post(
                    f"http://127.0.0.1:{port}{EVENTS_PATH}", data=body.encode(),
                    headers=p.signed_headers(body, content_type="application/x-www-form-urlencoded")) as response:
                assert response.status == 200
            await api.wait_for(lambda: len(api.answers()) == 1)
            await api.settle()
    finally:
        await runner.cleanup()  # type: ignore[attr-defined]
    assert any(r.levelno == logging.DEBUG for r in caplog.records)  # DEBUG was on
    assert not [r for r in caplog.records if "secret-hook" in r.getMessage()]


async def test_defence_gaps_with_an_overflowing_period_says_what_is_wrong(
        api: FakeSlackAPI, service: AnswerService, tmp_path: Path) -> None:
    """D6: `/defence-gaps 99999...9d` fell through to "I can't answer that"."""
    runner, port = await serve(api, service, gap_report=lambda since: summary(tmp_path / "gaps.sqlite3", since))
    try:
        fields = p.slash_command("/defence-gaps", "9" * 40 + "d", api.response_url("gaps"))
        fields["user_id"] = ADMIN_USER_ID
        body = p.form_body(fields)
        async with aiohttp.ClientSession() as http, http.post(
                f"http://127.0.0.1:{port}{EVENTS_PATH}", data=body.encode(),
                headers=p.signed_headers(body, content_type="application/x-www-form-urlencoded")) as response:
            assert response.status == 200
        await api.wait_for(lambda: bool(api.calls("/response/gaps")))
    finally:
        await runner.cleanup()  # type: ignore[attr-defined]
    [reply] = api.calls("/response/gaps")
    assert reply.body["response_type"] == "ephemeral"
    assert "The period must look like 30m, 12h, 7d or 2w" in reply.body["text"]
    assert "can't answer" not in json.dumps(reply.body)
