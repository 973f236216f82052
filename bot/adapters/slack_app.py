"""The Slack adapter: slack-bolt listeners that turn Slack requests into `AnswerService.ask` calls and back.

It translates and nothing more: a mention, a DM, a slash command or a button click
becomes one question string, and the `Answer` becomes a Block Kit message
(`bot.adapters.slack_blocks`). Which facts answer a question is the core's business.

What users get:
    - `@bot <question>` in a channel: the answer in the message's thread.
    - A direct message: the answer in the DM (in the thread if the message was in one).
    - `/defence <question>` (no text: help), `/budget [fiscal year]`, `/osa [country]`, `/exports`:
      an ephemeral answer with a "Post to channel" button.
    - `/defence-gaps [7d]`: the gap log's grouped questions, for workspace admins and `BOT_GAP_ADMINS`.
    - Suggestion buttons under a clarify or decline reply ask that question.

Two ways to run it (`python -m bot slack`):
    - Socket Mode (`SLACK_APP_TOKEN` set): the app dials out to Slack; no public URL needed.
    - HTTP mode (`--http`): an aiohttp server with `POST /slack/events` for events, commands
      and actions, and `GET /healthz`; requests are verified with `SLACK_SIGNING_SECRET`.

Start-up checks (`check_credentials`): `auth.test` with the bot token and, for Socket Mode,
`apps.connections.open` with the app-level token, before serving anything; a rejected token or an
unreachable Slack is one `SlackSettingsError` line naming the setting to fix. In HTTP mode the bot token
is checked again every `RECHECK_SECONDS`, and `GET /healthz` reports the result (503 while it fails).

Messages from bots (this one included) and message edits/other subtypes are ignored, and an
Events API delivery Slack retries (`X-Slack-Retry-Num`, or `retry_attempt` in Socket Mode) is
acknowledged without a second answer: event ids already seen are kept in a bounded set.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from aiohttp import ClientError, web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack_blocks import (
    ASK_ACTION_PREFIX,
    POST_ACTION_ID,
    answer_blocks,
    escape,
    fallback_text,
    plain_question,
)
from bot.adapters.slack_commands import EVENTS_PATH, GAPS, check_prefix, command_name
from bot.answers import AnswerService
from bot.conversation import Conversations
from bot.models import Answer
from bot.quick import QuickCommand, find, quick_commands
from bot.ratelimit import PRIVATE_ANSWER_TEXT, RateLimiter
from bot.state import LocalLimits, LocalSeenIds, SharedState
from bot.turns import Reply, ReplyKind, Turn, Turns

__all__ = [
    "EVENTS_PATH",
    "GAPS_COMMAND",
    "HEALTH_PATH",
    "Connection",
    "SlackSettings",
    "SlackSettingsError",
    "build_app",
    "build_web_app",
    "check_credentials",
    "command_question",
    "run",
    "start_http",
]

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
HEALTH_PATH = "/healthz"
GAPS_COMMAND = command_name(GAPS)
"""The gap log, for workspace admins and `BOT_GAP_ADMINS` (an ephemeral reply), without a command prefix."""
CHECK_TIMEOUT_SECONDS = 8.0
"""How long a start-up check may wait for Slack: a bad token must stop the bot within 10 s."""
RECHECK_SECONDS = 300.0
"""HTTP mode checks the bot token again this often, so /healthz notices a token revoked while running."""
SLACK_TEXT_LIMIT = 3_900
SEEN_EVENT_LIMIT = 10_000
"""How many recent event ids to remember for dropping retried deliveries."""
LINGER_SECONDS = 1.0
"""How long the server keeps reading, after it has answered, a body it did not wait for."""
READ_TIMEOUT_SECONDS = 10.0
"""How long HTTP mode waits for a request's body: a client sending part of one is cut off after this
(Slack sends the whole body at once and gives up after 3 seconds anyway)."""

Mode = Literal["http", "socket"]
Status = Callable[[], Mapping[str, object]]
"""What `GET /healthz` adds to `{"ok": true}`."""

_APPS_PAGE = "https://api.slack.com/apps"
_WHERE = {
    "SLACK_BOT_TOKEN": f"the Bot User OAuth Token (xoxb-...) on your app's OAuth & Permissions page at {_APPS_PAGE}",
    "SLACK_SIGNING_SECRET": f"the Signing Secret on your app's Basic Information page at {_APPS_PAGE}",
    "SLACK_APP_TOKEN": (
        f"an app-level token (xapp-...) with connections:write from Basic Information > App-Level Tokens "
        f"at {_APPS_PAGE}, or run with --http"
    ),
}
_REJECTED = {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive",
             "not_allowed_token_type"}
"""Web API errors that mean the token itself is wrong: reinstalling the app or copying the token again fixes them."""


class SlackSettingsError(ValueError):
    """A Slack setting is missing or malformed; the message is one line naming it and where to get it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SlackSettings:
    """What the adapter needs to talk to Slack, read from the environment only. Secrets never appear in repr."""

    bot_token: str = field(repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_API_URL
    command_prefix: str = ""
    """Put before every slash command's name (`SLACK_COMMAND_PREFIX`, e.g. `jp-` for `/jp-budget`)."""

    @property
    def socket_mode(self) -> bool:
        """True when an app-level token is set, so the app can run in Socket Mode."""
        return self.app_token is not None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, mode: Mode) -> SlackSettings:
        """Read `SLACK_BOT_TOKEN`, `SLACK_SIGNING_SECRET`, `SLACK_APP_TOKEN`, `SLACK_API_URL`, `SLACK_COMMAND_PREFIX`.

        Args:
            env: The environment (default: `os.environ`).
            mode: "http" needs the signing secret; "socket" needs the app-level token.

        Raises:
            SlackSettingsError: A setting the mode needs is missing or malformed.
        """
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        def need(name: str) -> str:
            value = get(name)
            if value is None:
                raise SlackSettingsError(f"{name} is not set: use {_WHERE[name]}")
            return value

        bot_token = need("SLACK_BOT_TOKEN")
        signing_secret = need("SLACK_SIGNING_SECRET") if mode == "http" else get("SLACK_SIGNING_SECRET")
        app_token = need("SLACK_APP_TOKEN") if mode == "socket" else get("SLACK_APP_TOKEN")
        if app_token is not None and not app_token.startswith("xapp-"):
            raise SlackSettingsError(f"SLACK_APP_TOKEN does not start with xapp-: use {_WHERE['SLACK_APP_TOKEN']}")
        api_url = get("SLACK_API_URL") or DEFAULT_API_URL
        if not api_url.startswith(("http://", "https://")):
            raise SlackSettingsError("SLACK_API_URL must be an http(s) URL such as https://slack.com/api/")
        try:
            prefix = check_prefix(get("SLACK_COMMAND_PREFIX") or "")
        except ValueError as exc:
            raise SlackSettingsError(f"SLACK_COMMAND_PREFIX: {exc}") from None
        return cls(bot_token=bot_token, signing_secret=signing_secret, app_token=app_token,
                   api_url=api_url if api_url.endswith("/") else api_url + "/", command_prefix=prefix)


def command_question(command: str, text: str, prefix: str = "",
                     quick: tuple[QuickCommand, ...] = ()) -> str:
    """The question a slash command asks: a quick command's question (`bot.quick`), else what was typed.

    Args:
        command: The command as Slack sends it (`/defence`, `/budget`, ..., with `prefix` before the name when
            one is configured). Any command that is not a quick command asks its text, like `/defence`.
        text: What the user typed after it, as Slack sends it.
        prefix: The command prefix (`SlackSettings.command_prefix`).
        quick: The fact base's quick commands.

    Returns:
        The question for `AnswerService.ask`: `/budget 2025` -> "defence budget FY2025",
        `/osa Fiji` -> "is Fiji an OSA recipient", `/defence` with no text -> "help".
    """
    text = plain_question(text)
    name = command.lstrip("/").lower()
    if prefix and name.startswith(prefix):
        name = name[len(prefix):]
    listed = find(quick, name)
    return listed.question(text) if listed is not None else text or "help"


def build_app(
    settings: SlackSettings,
    get_service: Callable[[], AnswerService],
    *,
    client: AsyncWebClient | None = None,
    seen_event_limit: int = SEEN_EVENT_LIMIT,
    limiter: RateLimiter | None = None,
    conversations: Conversations | None = None,
    gap_report: Callable[[str], str] | None = None,
    gap_admins: frozenset[str] = frozenset(),
    state: SharedState | None = None,
) -> AsyncApp:
    """The bolt app with every listener registered. Nothing is sent to Slack until a request arrives.

    Args:
        settings: Tokens and the Web API URL.
        get_service: Returns the answer service to use; called once per question, so the fact base
            behind it can be swapped while the app runs.
        client: The Web API client (default: one for `settings.bot_token` at `settings.api_url`).
        seen_event_limit: How many event ids to remember for dropping retried deliveries.
        limiter: Per-user and per-channel rate limits (default: none); a refused question gets one
            ephemeral "slow down" per burst, then nothing.
        conversations: Conversation contexts, one per thread or DM, for follow-up questions
            (default: settings from the environment, see `bot.conversation`).
        gap_report: The gap log's grouped questions for a period such as "7d" (`bot.gaplog.summary`), for
            `/defence-gaps`; None when there is no gap log.
        gap_admins: User ids allowed `/defence-gaps` besides workspace admins and owners.
        state: Where rate buckets, seen event ids and contexts live (`bot.state.build_state`: Redis when
            several processes share them); default: this process's memory, with `limiter`.
    """
    client = client or AsyncWebClient(token=settings.bot_token, base_url=settings.api_url)
    bolt_logger = logging.getLogger(f"{__name__}.bolt")
    with _ClientOverridesTokenNotice(bolt_logger):
        # AsyncApp also reads SLACK_BOT_TOKEN itself and says the client's token wins, which is intended here
        app = AsyncApp(
            client=client,
            signing_secret=settings.signing_secret or "",
            request_verification_enabled=settings.signing_secret is not None,
            logger=bolt_logger,
        )
    # bolt logs the whole body of a request with a bad signature at INFO, and a body can hold a verification token
    logging.getLogger("slack_bolt.RequestVerification").setLevel(logging.WARNING)
    # slack_sdk's webhook client logs each response_url it posts to at DEBUG; a response_url lets whoever has
    # it post into the asker's channel for 30 minutes, so it stays out of the logs even at DEBUG
    logging.getLogger("slack_sdk.webhook").setLevel(logging.INFO)
    shared = state or SharedState(limits=LocalLimits(limiter) if limiter is not None else None,
                                  seen=LocalSeenIds(seen_event_limit))
    contexts = conversations or Conversations.from_env()

    # answers run on the event loop, after the ack: AnswerService.ask is synchronous, never raises and takes
    # well under a millisecond
    turns = Turns(get_service, state=shared, conversations=contexts)

    async def event_turn(client: AsyncWebClient, event: Mapping[str, Any], turn: Turn) -> Reply | None:
        """The reply to an event's turn when there is an answer to post; None when it was refused, after
        telling the asker, ephemerally, once per burst."""
        reply = await turns.handle(turn)
        if reply.kind is ReplyKind.NOTICE and event.get("user"):
            try:
                await client.chat_postEphemeral(channel=event["channel"], user=event["user"], text=reply.notice,
                                                thread_ts=event.get("thread_ts"))
            except (SlackApiError, ClientError, TimeoutError) as exc:
                logger.warning("could not tell a user to slow down: %s", _slack_error(exc))
        return reply if reply.answer is not None else None

    async def interaction_turn(respond: AsyncRespond, turn: Turn) -> Answer | None:
        """The same for a slash command or a button: the notice goes ephemerally through the response_url.
        The turn's channel is where the answer will be seen by others, or None for an answer only the asker
        sees (a busy channel does not refuse those)."""
        reply = await turns.handle(turn)
        if reply.kind is ReplyKind.NOTICE:
            try:
                await respond(text=reply.notice, response_type="ephemeral", replace_original=False)
            except (SlackApiError, ClientError, TimeoutError) as exc:
                logger.warning("could not tell a user to slow down: %s", _slack_error(exc))
        return reply.answer

    @app.middleware
    async def drop_retried_events(body: dict[str, Any], next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        """Acknowledge an Events API delivery already seen (a Slack retry) without running the listeners."""
        event_id = body.get("event_id")
        if (body.get("type") == "event_callback" and isinstance(event_id, str)
                and not await shared.seen.first_time(event_id)):
            logger.info("dropped a repeated delivery of event %s", event_id)
            return BoltResponse(status=200, body="")
        await next()
        return None

    @app.event("app_mention")
    async def on_mention(event: dict[str, Any], client: AsyncWebClient) -> None:
        """A mention in a channel: answer in the message's thread."""
        if _from_bot(event):
            return
        thread = event.get("thread_ts") or event["ts"]
        reply = await event_turn(client, event, Turn(
            platform="slack", text=plain_question(str(event.get("text", ""))), user=event.get("user"),
            channel=event.get("channel"), conversation=conversation_key(event, thread), private_ok=True))
        if reply is None or reply.answer is None:
            return
        if reply.kind is ReplyKind.PRIVATE:
            await _post_private(client, reply.answer, channel=event["channel"], user=str(event["user"]),
                                thread_ts=thread)
        else:
            await _post(client, reply.answer, channel=event["channel"], thread_ts=thread)

    @app.event("message")
    async def on_message(event: dict[str, Any], client: AsyncWebClient) -> None:
        """A direct message: answer in the DM, in its thread if it has one. Everything else is ignored."""
        if event.get("channel_type") != "im" or _from_bot(event):
            return
        reply = await event_turn(client, event, Turn(
            platform="slack", text=plain_question(str(event.get("text", ""))), user=event.get("user"),
            channel=event.get("channel"), conversation=conversation_key(event, event.get("thread_ts"))))
        if reply is not None and reply.answer is not None:
            await _post(client, reply.answer, channel=event["channel"], thread_ts=event.get("thread_ts"))

    prefix = settings.command_prefix

    @app.command(command_name(GAPS, prefix))  # before the others: bolt runs the first listener that matches
    async def on_gaps(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        """`/defence-gaps [7d]`: the gap log, ephemerally, for workspace admins and the configured user list."""
        await ack()
        user = str(command.get("user_id", ""))
        if not (user in gap_admins or await _is_workspace_admin(client, user)):
            await respond(text="Only workspace admins (or the users in BOT_GAP_ADMINS) can see the gap log.",
                          response_type="ephemeral")
            return
        if gap_report is None:
            await respond(text="The gap log is off (BOT_GAP_LOG=off).", response_type="ephemeral")
            return
        since = str(command.get("text", "")).strip() or "7d"
        text = await asyncio.to_thread(gap_report, since)  # reads SQLite: off the event loop
        await respond(text=f"```\n{escape(text)[:SLACK_TEXT_LIMIT]}\n```", response_type="ephemeral")

    async def on_command(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        """A slash command: acknowledge at once, then answer ephemerally through the response_url."""
        await ack()
        answer = await interaction_turn(respond, Turn(  # answered ephemerally: no channel limit
            platform="slack", user=command.get("user_id"),
            text=command_question(str(command.get("command", "")), str(command.get("text", "")), prefix,
                                  quick_commands(get_service().fact_base))))
        if answer is None:
            return
        await respond(text=fallback_text(answer), blocks=answer_blocks(answer, post_button=True),
                      response_type="ephemeral")

    # every other command: the ask command, the fact base's quick commands as they are when the command
    # arrives (`command_question` looks them up), and any command an admin renamed in the app's settings
    app.command(re.compile(r"^/"))(on_command)

    @app.action(re.compile("^" + re.escape(ASK_ACTION_PREFIX) + r"\d+$"))
    async def on_suggestion(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond,
                            client: AsyncWebClient) -> None:
        """A suggestion button: ask its question, answering where the button was."""
        await ack()
        container = body.get("container") or {}
        message = body.get("message")
        user, channel = _actor(body)
        visible = not container.get("is_ephemeral") and isinstance(message, dict)
        answer = await interaction_turn(respond, Turn(platform="slack", text=str(action.get("value", "")), user=user,
                                                      channel=channel if visible else None,
                                                      conversation=_button_thread_key(body)))
        if answer is None:
            return
        if container.get("is_ephemeral") or not isinstance(message, dict):
            await respond(text=fallback_text(answer), blocks=answer_blocks(answer, post_button=True),
                          response_type="ephemeral", replace_original=True)
            return
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
        await _post(client, answer, channel=str(channel), thread_ts=message.get("thread_ts"))

    @app.action(POST_ACTION_ID)
    async def on_post_to_channel(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                                 respond: AsyncRespond) -> None:
        """"Post to channel": the same answer again, visible to everyone in the channel."""
        await ack()
        user, channel = _actor(body)
        answer = await interaction_turn(respond, Turn(platform="slack", text=str(action.get("value", "")), user=user,
                                                      channel=channel))
        if answer is None:
            return
        await respond(text=fallback_text(answer), blocks=answer_blocks(answer), response_type="in_channel",
                      replace_original=False)

    return app


class _ClientOverridesTokenNotice(logging.Filter):
    """Drops bolt's "`token` will be unused" warning while the app is built with an explicit client."""

    def __init__(self, target: logging.Logger) -> None:
        super().__init__()
        self._target = target

    def filter(self, record: logging.LogRecord) -> bool:
        return warning_client_prioritized_and_token_skipped() not in record.getMessage()

    def __enter__(self) -> None:
        self._target.addFilter(self)

    def __exit__(self, *exc: object) -> None:
        self._target.removeFilter(self)


def _actor(body: Mapping[str, Any]) -> tuple[object, object]:
    """The user id and channel id of a block action."""
    container = body.get("container") or {}
    return (body.get("user") or {}).get("id"), (body.get("channel") or {}).get("id") or container.get("channel_id")


def conversation_key(event: Mapping[str, Any], thread: object) -> tuple[str, ...]:
    """One conversation per thread (a mention's reply thread, a DM thread) or per DM outside threads."""
    return ("slack", str(event.get("team") or ""), str(event.get("channel") or ""), str(thread or ""))


def _button_thread_key(body: Mapping[str, Any]) -> tuple[str, ...] | None:
    """A suggestion button clicked under a visible answer in a thread joins that thread's conversation."""
    container = body.get("container") or {}
    message = body.get("message")
    if container.get("is_ephemeral") or not isinstance(message, dict) or not message.get("thread_ts"):
        return None
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    return conversation_key({"team": (body.get("team") or {}).get("id"), "channel": channel}, message["thread_ts"])


async def _is_workspace_admin(client: AsyncWebClient, user: str) -> bool:
    """True for a workspace admin or owner (users.info, scope users:read); False if Slack cannot say."""
    if not user:
        return False
    try:
        response = await client.users_info(user=user)
    except SlackApiError as exc:
        data = exc.response.data if isinstance(exc.response.data, dict) else {}
        logger.warning("users.info failed for /defence-gaps (%s); treating the user as not an admin",
                       data.get("error", f"HTTP {exc.response.status_code}"))
        return False
    except (ClientError, TimeoutError) as exc:
        logger.warning("users.info failed for /defence-gaps (%s); treating the user as not an admin", exc)
        return False
    profile = response.get("user") or {}
    return bool(profile.get("is_admin") or profile.get("is_owner") or profile.get("is_primary_owner"))


def _slack_error(exc: BaseException) -> str:
    """A Web API failure in a few words: Slack's error code, or the network error."""
    if isinstance(exc, SlackApiError):
        data = exc.response.data if isinstance(exc.response.data, dict) else {}
        return str(data.get("error", f"HTTP {exc.response.status_code}"))
    return str(exc) or type(exc).__name__


def _from_bot(event: Mapping[str, Any]) -> bool:
    """True for messages a bot posted, edits, deletions and other message subtypes."""
    return bool(event.get("bot_id") or event.get("bot_profile") or event.get("subtype"))


async def _post(client: AsyncWebClient, answer: Answer, *, channel: str, thread_ts: str | None) -> None:
    await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=fallback_text(answer),
                                  blocks=answer_blocks(answer), unfurl_links=False, unfurl_media=False)


@dataclass(frozen=True, slots=True)
class Connection:
    """What the bot last learned about its link to Slack: for `/healthz`, and no secret in it."""

    connected: bool = False
    last_error: str | None = None
    checked_at: float | None = None
    team: str | None = None
    """The workspace's name, from auth.test."""

    def to_json(self) -> dict[str, object]:
        checked = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.checked_at)) if self.checked_at else None
        return {"name": "slack", "connected": self.connected, "last_error": self.last_error,
                "checked_at": checked, "team": self.team}


async def check_credentials(settings: SlackSettings, *, socket_mode: bool,
                            client: AsyncWebClient | None = None) -> Connection:
    """Ask Slack whether the tokens work: `auth.test` (bot token), then for Socket Mode `apps.connections.open`.

    Raises:
        SlackSettingsError: One line naming the token Slack rejected, or saying Slack could not be reached.
    """
    client = client or AsyncWebClient(token=settings.bot_token, base_url=settings.api_url,
                                      timeout=int(CHECK_TIMEOUT_SECONDS))
    response = await _check(client.auth_test(), "SLACK_BOT_TOKEN", settings)
    if socket_mode:
        app_client = AsyncWebClient(token=settings.app_token, base_url=settings.api_url,
                                    timeout=int(CHECK_TIMEOUT_SECONDS))
        await _check(app_client.apps_connections_open(app_token=settings.app_token or ""), "SLACK_APP_TOKEN",
                     settings)
    team = response.get("team")
    return Connection(connected=True, checked_at=time.time(), team=str(team) if team else None)


async def _check(call: Awaitable[Any], name: str, settings: SlackSettings) -> Any:
    try:
        return await asyncio.wait_for(call, CHECK_TIMEOUT_SECONDS)
    except SlackApiError as exc:
        data = exc.response.data if isinstance(exc.response.data, dict) else {}
        error = str(data.get("error") or f"HTTP {exc.response.status_code}")
        if error in _REJECTED:
            raise SlackSettingsError(f"Slack rejected {name} ({error}): copy it again, or reinstall the app; "
                                     f"use {_WHERE[name]}") from None
        raise SlackSettingsError(f"Slack refused the start-up check of {name} ({error})") from None
    except (ClientError, TimeoutError, OSError) as exc:
        reason = str(exc) or type(exc).__name__
        raise SlackSettingsError(f"could not reach Slack at {settings.api_url} to check {name}: {reason} "
                                 f"(check the network, or SLACK_API_URL)") from None


class _ConnectionMonitor:
    """Holds the latest `Connection` and, in HTTP mode, re-checks the bot token every `RECHECK_SECONDS`."""

    def __init__(self, settings: SlackSettings, initial: Connection) -> None:
        self.settings = settings
        self.current = initial

    async def watch(self, interval: float = RECHECK_SECONDS) -> None:
        while True:
            await asyncio.sleep(interval)
            try:
                checked = await check_credentials(self.settings, socket_mode=False)
            except SlackSettingsError as exc:
                if self.current.connected:
                    logger.error("Slack connection check failed: %s", exc)
                self.current = replace(self.current, connected=False, last_error=str(exc), checked_at=time.time())
            else:
                if not self.current.connected:
                    logger.info("Slack connection check passed again")
                self.current = replace(checked, last_error=None)


async def _post_private(client: AsyncWebClient, answer: Answer, *, channel: str, user: str,
                        thread_ts: str | None) -> None:
    """The answer as an ephemeral message: only `user` sees it (the channel is over its rate limit)."""
    note = {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(PRIVATE_ANSWER_TEXT)}]}
    await client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts,
                                    text=f"{PRIVATE_ANSWER_TEXT}\n{fallback_text(answer)}",
                                    blocks=[note, *answer_blocks(answer)])


def build_web_app(app: AsyncApp, *, status: Status | None = None,
                  read_timeout: float = READ_TIMEOUT_SECONDS) -> web.Application:
    """An aiohttp application serving `POST /slack/events` through the bolt app, and `GET /healthz`.

    Args:
        status: Returns what `/healthz` reports besides `"ok": true` (fact-base version, fact count, ...).
        read_timeout: Seconds to wait for a request's whole body before answering 408 and closing.
    """

    async def events(request: web.Request) -> web.StreamResponse:
        timestamp = request.headers.get("X-Slack-Request-Timestamp")
        if timestamp is not None and not _is_timestamp(timestamp):
            # slack_sdk's verifier calls int() on it: 'abc' was a 500 with an ERROR traceback
            return web.json_response({"error": "invalid request signature"}, status=401)
        try:
            await asyncio.wait_for(request.read(), read_timeout)  # kept by aiohttp for to_bolt_request
        except TimeoutError:
            response = web.json_response({"error": "request body not received in time"}, status=408)
            response.force_close()
            return response
        try:
            bolt_request = await to_bolt_request(request)
        except (ValueError, TypeError, AttributeError, KeyError):
            # undecodable bytes, invalid JSON or a body that is not an object: not from Slack
            return web.json_response({"error": "malformed request body"}, status=400)
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    async def health(_: web.Request) -> web.StreamResponse:
        report = dict(status()) if status is not None else {}
        platform = report.get("platform")
        ok = not (isinstance(platform, Mapping) and platform.get("connected") is False)
        return web.json_response({"ok": ok, **report}, status=200 if ok else 503)

    web_app = web.Application()
    web_app.router.add_post(EVENTS_PATH, events)
    web_app.router.add_get(HEALTH_PATH, health)
    return web_app


class _RequestDeadlines:
    """aiohttp's `Server` (the protocol factory), with a deadline on every connection: one that has neither
    sent a whole request head nor is being answered is closed after `seconds`, and again every `seconds`
    after that. aiohttp has no header timeout: a client sending half a request line held its connection for
    as long as it liked (and an idle keep-alive connection for an hour)."""

    def __init__(self, server: web.Server, seconds: float) -> None:
        self._server = server
        self._seconds = seconds

    def __getattr__(self, name: str) -> Any:
        return getattr(self._server, name)  # shutdown(), connections, ... for the runner

    def __call__(self) -> web.RequestHandler:
        handler = self._server()
        asyncio.get_running_loop().call_later(self._seconds, self._check, handler, 0)
        return handler

    def _check(self, handler: web.RequestHandler, seen: int) -> None:
        if handler.transport is None:
            return  # closed already
        count = int(getattr(handler, "_request_count", seen + 1))  # request heads parsed so far
        if count == seen and not getattr(handler, "_request_in_progress", True):
            handler.force_close()
            return
        asyncio.get_running_loop().call_later(self._seconds, self._check, handler, count)


def _is_timestamp(value: str) -> bool:
    """A Unix time in whole seconds, as Slack sends it."""
    return value.isascii() and value.isdigit() and len(value) <= 12


async def start_http(app: AsyncApp, *, host: str, port: int, status: Status | None = None,
                     read_timeout: float = READ_TIMEOUT_SECONDS) -> tuple[web.AppRunner, int]:
    """Start serving the bolt app over HTTP; returns the runner (call `cleanup()` to stop) and the bound port.

    Pass `port=0` for a free port.
    """
    # lingering_time: after answering 408 to a body that never came, aiohttp keeps reading (and the connection
    # open) for this long, 10 s by default
    runner = web.AppRunner(build_web_app(app, status=status, read_timeout=read_timeout), access_log=None,
                           lingering_time=LINGER_SECONDS)
    await runner.setup()
    if runner.server is not None:  # the protocol factory TCPSite hands to the event loop
        runner._server = _RequestDeadlines(runner.server, read_timeout)  # type: ignore[assignment]
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = port
    for address in runner.addresses:
        if isinstance(address, tuple):
            bound = int(address[1])
            break
    return runner, bound


async def _serve_http(app: AsyncApp, settings: SlackSettings, *, host: str, port: int,
                      status: Status | None) -> None:
    monitor = _ConnectionMonitor(settings, await check_credentials(settings, socket_mode=False))
    logger.info("Slack: SLACK_BOT_TOKEN works (workspace %s)", monitor.current.team)

    def report() -> Mapping[str, object]:
        return {**(status() if status is not None else {}), "platform": {"mode": "http",
                                                                         **monitor.current.to_json()}}

    runner, bound = await start_http(app, host=host, port=port, status=report)
    logger.info("Slack HTTP mode: listening on http://%s:%d%s (health: %s)", host, bound, EVENTS_PATH, HEALTH_PATH)
    watcher = asyncio.ensure_future(monitor.watch())
    try:
        await asyncio.Event().wait()
    finally:
        watcher.cancel()
        await runner.cleanup()


async def _serve_socket(app: AsyncApp, settings: SlackSettings) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    checked = await check_credentials(settings, socket_mode=True)
    logger.info("Slack: SLACK_BOT_TOKEN and SLACK_APP_TOKEN work (workspace %s)", checked.team)
    handler = AsyncSocketModeHandler(app, app_token=settings.app_token)
    logger.info("Slack Socket Mode: connecting")
    try:
        await handler.start_async()  # type: ignore[no-untyped-call]
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


def run(settings: SlackSettings, get_service: Callable[[], AnswerService], *, http: bool, host: str = "0.0.0.0",
        port: int = 3000, limiter: RateLimiter | None = None, status: Status | None = None,
        gap_report: Callable[[str], str] | None = None, gap_admins: frozenset[str] = frozenset(),
        state: SharedState | None = None) -> int:
    """Run until interrupted: HTTP mode when `http`, else Socket Mode (which needs `settings.app_token`).

    Args:
        limiter: Rate limits for questions (see `build_app`).
        status: What `GET /healthz` reports besides `"ok": true` (HTTP mode).
        gap_report, gap_admins: For `/defence-gaps` (see `build_app`).
        state: Shared rate buckets, seen ids and contexts (see `build_app`).

    Returns:
        The process exit status.
    """
    if not http and not settings.socket_mode:
        raise SlackSettingsError(f"SLACK_APP_TOKEN is not set: use {_WHERE['SLACK_APP_TOKEN']}")
    if http and settings.signing_secret is None:
        raise SlackSettingsError(f"SLACK_SIGNING_SECRET is not set: use {_WHERE['SLACK_SIGNING_SECRET']}")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = build_app(settings, get_service, limiter=limiter, gap_report=gap_report, gap_admins=gap_admins,
                    state=state)
    main = _serve_http(app, settings, host=host, port=port, status=status) if http else _serve_socket(app, settings)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_until_stopped(main, state))  # a failed start-up check raises SlackSettingsError out of here
    return 0


async def _until_stopped(main: Coroutine[Any, Any, None], state: SharedState | None = None) -> None:
    """Run `main`; SIGTERM (as platforms send on shutdown) cancels it so its cleanup runs (the HTTP server
    stops accepting and finishes its requests), then answers still being posted get up to
    `DRAIN_SECONDS` to finish."""
    if state is not None:
        await state.start()  # an unreachable Redis is reported now, once, not at the first question
    task = asyncio.ensure_future(main)
    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows event loops
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await task  # SlackSettingsError from a start-up check propagates
    current = asyncio.current_task()
    in_flight = {t for t in asyncio.all_tasks() if t is not current}
    if in_flight:
        logger.info("finishing %d answer(s) in flight", len(in_flight))
        await asyncio.wait(in_flight, timeout=DRAIN_SECONDS)
    if state is not None:
        await state.close()
    logger.info("Slack app stopped")


DRAIN_SECONDS = 5.0
"""How long a stopping app waits for answers in flight (platforms allow about 10 s after SIGTERM)."""
