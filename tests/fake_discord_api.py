"""A fake Discord REST API: a real aiohttp server on 127.0.0.1 that answers like Discord and records requests.

Point discord.py at it with `discord.http.Route.BASE = api.base_url` (the tests' fixture does this
with monkeypatch, so it is restored afterwards). It answers what login, interaction responses,
follow-ups, channel messages and command sync need, and 404s anything else (recorded too).
"""

from __future__ import annotations

import itertools
import json
import socket
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 1180000000000000001
APPLICATION_ID = 1180000000000000002
OWNER_ID = 1180000000000000003
API_VERSION = "v10"

BOT_USER: dict[str, Any] = {
    "id": str(BOT_ID),
    "username": "defence-qa",
    "discriminator": "0",
    "global_name": None,
    "avatar": None,
    "bot": True,
    "flags": 0,
}


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses a body as JSON only when Content-Type is exactly "application/json" (no charset).
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})


@dataclass(frozen=True, slots=True)
class Request:
    """One request the fake API received."""

    method: str
    path: str
    query: dict[str, str]
    body: Any


@dataclass(slots=True)
class FakeDiscordAPI:
    """The server and what it has received."""

    requests: list[Request] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _port: int = 0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1190000000000000000))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/api/{API_VERSION}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{version}/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))  # an ephemeral port; nothing outside this host can reach it
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def find(self, method: str, path_prefix: str) -> list[Request]:
        """Recorded requests with this method whose path starts with `path_prefix`."""
        return [r for r in self.requests if r.method == method and r.path.startswith(path_prefix)]

    def only(self, method: str, path_prefix: str) -> Request:
        found = self.find(method, path_prefix)
        seen = [(r.method, r.path) for r in self.requests]
        assert len(found) == 1, f"expected one {method} {path_prefix}, got {seen}"
        return found[0]

    # --- answering ---

    async def _handle(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            body = json.loads(raw) if raw and request.content_type == "application/json" else raw.decode()
        self.requests.append(Request(request.method, path, dict(request.query), body))
        parts = path.strip("/").split("/")
        method = request.method

        if method == "GET" and path == "/users/@me":
            return _json(BOT_USER)
        if method == "GET" and path == "/oauth2/applications/@me":
            return _json(self._application())
        if method == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            # discord.py sends ?with_response=1 and reads the interaction back.
            return _json({"interaction": {"id": parts[1], "type": body["type"] if body else 0}})
        if method == "POST" and parts[0] == "webhooks" and len(parts) == 3:
            return _json(self._message(channel_id="0", body=body, webhook_id=parts[1]))
        if method == "POST" and parts[0] == "channels" and parts[-1] == "messages":
            return _json(self._message(channel_id=parts[1], body=body))
        if method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            guild_id = parts[3] if len(parts) == 5 else None
            return _json([self._command(c, guild_id) for c in body])
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    def _application(self) -> dict[str, Any]:
        return {
            "id": str(APPLICATION_ID),
            "name": "defence-qa",
            "icon": None,
            "description": "",
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": {"id": str(OWNER_ID), "username": "owner", "discriminator": "0", "avatar": None},
            "summary": "",
            "verify_key": "0" * 64,
            "flags": 0,
        }

    def _message(self, *, channel_id: str, body: Any, webhook_id: str | None = None) -> dict[str, Any]:
        body = body if isinstance(body, dict) else {}
        message: dict[str, Any] = {
            "id": str(next(self._ids)),
            "channel_id": channel_id,
            "author": BOT_USER,
            "content": body.get("content") or "",
            "timestamp": "2026-11-27T12:00:00.000000+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": body.get("flags", 0),
        }
        if webhook_id is not None:
            message["webhook_id"] = webhook_id
        return message

    def _command(self, command: dict[str, Any], guild_id: str | None) -> dict[str, Any]:
        return {
            **command,
            "id": str(next(self._ids)),
            "application_id": str(APPLICATION_ID),
            "guild_id": guild_id,
            "version": "1",
            "default_member_permissions": None,
        }
