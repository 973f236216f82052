"""A fake Slack platform on 127.0.0.1 for tests and benchmarks: the Web API, response_urls and Socket Mode.

A real aiohttp HTTP server on an ephemeral loopback port that answers like Slack and records
every request it receives. Point the app's `AsyncWebClient(base_url=api.base_url)` at it and use
`api.response_url(name)` in request payloads; slack-bolt and slack-sdk run unpatched.

- `POST /api/auth.test`, `/api/chat.postMessage`, `/api/chat.postEphemeral`, `/api/users.info` (also GET),
  `/api/apps.connections.open`: Slack-shaped JSON (`{"ok": true, ...}`); a wrong bot token gets
  `{"ok": false, "error": "invalid_auth"}`.
- `POST /response/{name}`: a response_url; answers `ok` like hooks.slack.com.
- `GET /socket-mode`: a Socket Mode WebSocket; sends `hello`, records the envelope acks,
  and `send_envelope()` pushes an envelope to the connected app.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

BOT_TOKEN = "xoxb-valid"
APP_TOKEN = "xapp-1-A111-111-valid"
BOT_USER_ID = "W111"
BOT_ID = "B111"
ADMIN_USER_ID = "WADMIN"
"""The one user `users.info` says is a workspace admin."""


@dataclass(frozen=True, slots=True)
class Recorded:
    """One request the fake received."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]


class FakeSlackAPI:
    """The fake server. `await start()`, use it, `await stop()` (or `async with`)."""

    def __init__(self, *, bot_token: str = BOT_TOKEN, app_token: str = APP_TOKEN) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.requests: list[Recorded] = []
        self.acks: list[dict[str, Any]] = []
        self.port = 0
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._connected = asyncio.Event()
        self.users_info_failure: tuple[int, dict[str, Any] | str] | None = None
        """Set to (HTTP status, JSON body or plain text) to make `users.info` fail that way; (0, "disconnect")
        drops the connection instead of answering."""

    # --- lifecycle -------------------------------------------------------

    async def start(self) -> FakeSlackAPI:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # users.info and other read methods use GET
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_get("/socket-mode", self._socket)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        address = self._runner.addresses[0]
        self.port = int(address[1])
        return self

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeSlackAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # --- addresses -------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The Web API base URL, for `AsyncWebClient(base_url=...)` or `SLACK_API_URL`."""
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        """A response_url that records what is posted to it under `/response/{name}`."""
        return f"http://127.0.0.1:{self.port}/response/{name}"

    # --- inspection ------------------------------------------------------

    def calls(self, path: str) -> list[Recorded]:
        """The recorded requests to one path, e.g. "/api/chat.postMessage" or "/response/cmd"."""
        return [r for r in self.requests if r.path == path]

    def answers(self) -> list[Recorded]:
        """Every request that posted a message: chat.postMessage, chat.postEphemeral and response_url posts."""
        return [r for r in self.requests if r.path.startswith(("/response/", "/api/chat."))]

    async def wait_for(self, condition: Callable[[], bool], *, timeout: float = 5.0) -> None:
        """Wait until `condition()` holds; raise AssertionError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s; recorded: {[r.path for r in self.requests]}")
            await asyncio.sleep(0.01)

    async def settle(self, seconds: float = 0.3) -> None:
        """Give late (duplicate) deliveries a moment to arrive before asserting "exactly once"."""
        await asyncio.sleep(seconds)

    # --- Socket Mode -----------------------------------------------------

    async def wait_connected(self, timeout: float = 5.0) -> None:
        await asyncio.wait_for(self._connected.wait(), timeout)

    async def send_envelope(self, envelope: dict[str, Any]) -> None:
        """Push one Socket Mode envelope to the most recently connected app."""
        await self._sockets[-1].send_str(json.dumps(envelope))

    async def wait_for_ack(self, envelope_id: str, *, timeout: float = 5.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for ack in self.acks:
                if ack.get("envelope_id") == envelope_id:
                    return ack
            if time.monotonic() > deadline:
                raise AssertionError(f"no ack for envelope {envelope_id}; acks: {self.acks}")
            await asyncio.sleep(0.01)

    # --- handlers --------------------------------------------------------

    async def _record(self, request: web.Request) -> Recorded:
        raw = await request.text()
        if request.content_type == "application/json":
            body: dict[str, Any] = json.loads(raw) if raw else {}
        else:
            body = dict(parse_qsl(raw, keep_blank_values=True))
        body.update(request.query)  # a GET's parameters
        recorded = Recorded(path=request.path, headers=dict(request.headers), body=body)
        self.requests.append(recorded)
        return recorded

    async def _api(self, request: web.Request) -> web.Response:
        recorded = await self._record(request)
        method = request.match_info["method"]
        token = recorded.headers.get("Authorization", "").removeprefix("Bearer ") or recorded.body.get("token", "")
        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        if token != expected:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method == "auth.test":
            return web.json_response({
                "ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "defence-bot",
                "team_id": "T111", "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False,
            })
        if method == "chat.postMessage":
            ts = f"{1_700_000_000 + next(self._ts)}.000100"
            channel = recorded.body.get("channel")
            return web.json_response({"ok": True, "channel": channel, "ts": ts,
                                      "message": {"type": "message", "text": recorded.body.get("text"),
                                                  "bot_id": BOT_ID, "ts": ts}})
        if method == "chat.postEphemeral":
            return web.json_response({"ok": True, "message_ts": f"{1_700_000_000 + next(self._ts)}.000200"})
        if method == "users.info" and self.users_info_failure is not None:
            status, failure = self.users_info_failure
            if failure == "disconnect" and request.transport is not None:
                request.transport.close()  # the client sees the connection drop (aiohttp's ServerDisconnectedError)
                return web.Response(status=status)
            if isinstance(failure, str):
                return web.Response(status=status, text=failure)
            return web.json_response(failure, status=status)
        if method == "users.info":
            user = str(recorded.body.get("user", ""))
            return web.json_response({"ok": True, "user": {"id": user, "is_admin": user == ADMIN_USER_ID,
                                                           "is_owner": False}})
        if method == "apps.connections.open":
            return web.json_response({"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket-mode"})
        return web.json_response({"ok": False, "error": "unknown_method"}, status=404)

    async def _response_url(self, request: web.Request) -> web.Response:
        await self._record(request)
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1,
                                      "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                                      "connection_info": {"app_id": "A111"}}))
        self._connected.set()
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.acks.append(json.loads(message.data))
        return ws
