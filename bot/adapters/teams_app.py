"""The Microsoft Teams adapter: an outgoing webhook, served by aiohttp, with no Teams SDK.

How Teams talks to it (https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-outgoing-webhook):
a team owner creates an outgoing webhook (Manage team > Apps > Create an outgoing webhook) with this server's
`https://.../api/teams` as its callback URL, and Teams shows a security token once. When someone @mentions the
webhook in a channel, Teams POSTs the message as a Bot Framework `Activity` (JSON) with the header
`Authorization: HMAC <base64 HMAC-SHA256 of the raw body, keyed with the base64-decoded token>`, and shows the
JSON activity the server answers with, `{"type": "message", "text": ...}`, in the message's reply chain.
Teams waits 5 seconds for it; there is no way to post later, privately or elsewhere.

It translates and nothing more: the signature is checked (constant-time; 401 and nothing read or answered
when it is wrong or missing), the `<at>...</at>` mentions are taken out of the text, the rest becomes a
`Turn` for `bot.turns.Turns` (input limit, rate limits, conversations per thread, gap log, question log), and
the `Reply` becomes the reply activity (`bot.adapters.teams_format`). A refused turn is answered with its
notice, since a webhook must answer every request.

`python -m bot teams` runs it (`bot run` does when `TEAMS_WEBHOOK_SECRET` is set); `GET /healthz` reports
the fact base, the gap log and the shared state. See docs/deploy.md.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hashlib
import hmac
import html
import json
import logging
import os
import re
import signal
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from aiohttp import web

from bot.adapters.teams_format import reply_message
from bot.answers import AnswerService
from bot.conversation import Conversations
from bot.state import SharedState
from bot.turns import Reply, ReplyKind, Turn, Turns

__all__ = [
    "HEALTH_PATH",
    "MESSAGES_PATH",
    "Settings",
    "TeamsSettings",
    "TeamsSettingsError",
    "activity_turn",
    "build_web_app",
    "question_text",
    "serve",
    "signature_ok",
    "start",
]

logger = logging.getLogger(__name__)

MESSAGES_PATH = "/api/teams"
HEALTH_PATH = "/healthz"
ANSWER_SECONDS = 4.0
"""Teams gives up on a reply after 5 seconds; past this, the asker is told to ask again instead."""
READ_SECONDS = 4.0
"""How long to wait for a request's body (Teams sends it at once)."""
MAX_BODY_BYTES = 256 * 1024
"""Larger bodies get 413 before anything reads them (a Teams message is at most about 28 KB of text)."""
MIN_SECRET_BYTES = 16
TOO_SLOW_TEXT = "Sorry, that took too long to answer. Please ask again."

Status = Callable[[], Mapping[str, object]]
"""What `GET /healthz` adds to `{"ok": true}`."""

_WHERE = ("copy the security token Teams showed when you created the outgoing webhook "
          "(Manage team > Apps > Create an outgoing webhook; see docs/deploy.md)")
_MENTION = re.compile(r"<at\b[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_BREAK = re.compile(r"<(?:br|/?p|/?div|/?li)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


class TeamsSettingsError(ValueError):
    """TEAMS_WEBHOOK_SECRET is missing or malformed; the message is one line naming it."""


@dataclass(frozen=True, slots=True)
class TeamsSettings:
    """The webhook's security token, decoded. It never appears in repr, so it cannot reach a log."""

    secret: bytes = field(repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> TeamsSettings:
        """Read `TEAMS_WEBHOOK_SECRET` (base64, as Teams shows it).

        Raises:
            TeamsSettingsError: It is not set, not base64, or too short to be a Teams security token.
        """
        env = os.environ if env is None else env
        value = env.get("TEAMS_WEBHOOK_SECRET", "").strip()
        if not value:
            raise TeamsSettingsError(f"TEAMS_WEBHOOK_SECRET is not set: {_WHERE}")
        try:
            secret = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise TeamsSettingsError(f"TEAMS_WEBHOOK_SECRET is not base64: {_WHERE}") from None
        if len(secret) < MIN_SECRET_BYTES:
            raise TeamsSettingsError(f"TEAMS_WEBHOOK_SECRET is too short for a Teams security token: {_WHERE}")
        return cls(secret=secret)


Settings = TeamsSettings
"""For `python -m bot`: every webhook adapter names its settings class `Settings`."""


def signature_ok(secret: bytes, body: bytes, authorization: str | None) -> bool:
    """True when `authorization` is `HMAC <base64 HMAC-SHA256 of body keyed with secret>` (constant-time)."""
    scheme, _, given = (authorization or "").strip().partition(" ")
    expected = base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest())
    return scheme == "HMAC" and hmac.compare_digest(expected, given.strip().encode("utf-8", "replace"))


def question_text(text: str) -> str:
    """A Teams message as the plain question typed: `<at>` mentions (the webhook's own included) and other
    tags dropped (line and paragraph breaks become spaces), entities such as `&amp;` and `&nbsp;` decoded,
    whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub("", _BREAK.sub(" ", _MENTION.sub(" ", text)))).split())


def _field(mapping: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = mapping.get(name)
    return value if isinstance(value, Mapping) else {}


def activity_turn(activity: Mapping[str, Any]) -> Turn:
    """The turn a message activity asks.

    The asker is `from.aadObjectId` (the same person in every team) or else `from.id`; the channel (for the
    per-channel rate limit) is `conversation.id` without its `;messageid=...` thread part; the conversation
    (for follow-ups) is the whole `conversation.id`, which names the thread a reply is in.
    """
    sender, conversation = _field(activity, "from"), _field(activity, "conversation")
    thread = str(conversation.get("id") or "")
    tenant = _field(_field(activity, "channelData"), "tenant").get("id") or conversation.get("tenantId") or ""
    key: Hashable = ("teams", str(tenant), thread) if thread else None
    return Turn(platform="teams", text=question_text(str(activity.get("text") or "")) or "help",
                user=sender.get("aadObjectId") or sender.get("id") or None,
                channel=thread.split(";", 1)[0] or None, conversation=key)


def build_web_app(settings: TeamsSettings, get_service: Callable[[], AnswerService], *,
                  state: SharedState | None = None, conversations: Conversations | None = None,
                  status: Status | None = None, answer_seconds: float = ANSWER_SECONDS) -> web.Application:
    """An aiohttp application serving `POST /api/teams` and `GET /healthz`.

    Args:
        get_service: The answer service now (called per question: the fact base can be reloaded meanwhile).
        state: Rate limits and shared contexts (`bot.state.build_state`); default: none, in this process.
        conversations: Conversation contexts (default: settings from the environment).
        status: What `/healthz` reports besides `"ok": true`.
        answer_seconds: How long a turn may take before the asker is told to ask again.
    """
    turns = Turns(get_service, state=state or SharedState(limits=None),
                  conversations=conversations or Conversations.from_env())
    dumps = partial(json.dumps, ensure_ascii=False)

    async def messages(request: web.Request) -> web.StreamResponse:
        try:
            body = await asyncio.wait_for(request.read(), READ_SECONDS)
        except TimeoutError:
            return web.json_response({"error": "request body not received in time"}, status=408)
        if not signature_ok(settings.secret, body, request.headers.get("Authorization")):
            logger.warning("Teams: refused a request with a bad or missing HMAC signature")
            return web.json_response({"error": "invalid signature"}, status=401)
        try:
            activity = json.loads(body)
        except ValueError:  # not UTF-8, or not JSON
            activity = None
        if not isinstance(activity, dict) or activity.get("type") != "message":
            return web.json_response({"error": "not a message activity"}, status=400)
        try:
            reply = await asyncio.wait_for(turns.handle(activity_turn(activity)), answer_seconds)
        except TimeoutError:
            logger.warning("Teams: a turn took over %.1f s; told the asker to ask again", answer_seconds)
            reply = Reply(kind=ReplyKind.NOTICE, notice=TOO_SLOW_TEXT)
        return web.json_response(reply_message(reply), dumps=dumps)

    async def health(_: web.Request) -> web.StreamResponse:
        return web.json_response({"ok": True, **(status() if status is not None else {})})

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_post(MESSAGES_PATH, messages)
    app.router.add_get(HEALTH_PATH, health)
    return app


async def start(app: web.Application, *, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serve `app`; returns the runner (`cleanup()` stops it) and the bound port (`port=0`: a free one)."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=ANSWER_SECONDS)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    bound = next((int(a[1]) for a in runner.addresses if isinstance(a, tuple)), port)
    return runner, bound


def serve(settings: TeamsSettings, get_service: Callable[[], AnswerService], *, host: str = "0.0.0.0",
          port: int = 3000, state: SharedState | None = None, status: Status | None = None) -> int:
    """Serve until SIGTERM or Ctrl-C; requests in flight are finished first. Returns the exit status."""

    async def main() -> None:
        if state is not None:
            await state.start()  # an unreachable Redis is reported now, once
        runner, bound = await start(build_web_app(settings, get_service, state=state, status=status),
                                    host=host, port=port)
        logger.info("Teams: listening on http://%s:%d%s (health: %s)", host, bound, MESSAGES_PATH, HEALTH_PATH)
        stop = asyncio.Event()
        with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows event loops
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        try:
            await stop.wait()
        finally:
            await runner.cleanup()
            if state is not None:
                await state.close()
            logger.info("Teams: stopped")

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
    return 0
