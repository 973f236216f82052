"""Slack request payloads for the tests and the benchmark, built from bolt-python's fixtures in tests/data/slack/.

Every builder starts from a fixture file and changes only what a test needs (the question text,
a response_url on the fake Slack API, ids); `signed_headers` signs the exact bytes sent, as Slack does.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

DATA = Path(__file__).resolve().parent / "data" / "slack"
SIGNING_SECRET = "test-signing-secret-7c1e"
"""The signing secret the tests sign payloads with (distinctive, so a test can grep logs for it)."""


def load(name: str) -> dict[str, Any]:
    """A JSON fixture as a fresh dict."""
    data: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data


def signature(body: str | bytes, timestamp: str, secret: str = SIGNING_SECRET) -> str:
    """`v0=` + HMAC-SHA256(secret, "v0:{timestamp}:{body}"), Slack's request signature, over the exact bytes."""
    raw = body.encode() if isinstance(body, str) else body
    base = f"v0:{timestamp}:".encode() + raw
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(body: str | bytes, *, content_type: str, timestamp: int | None = None,
                   secret: str = SIGNING_SECRET) -> dict[str, str]:
    """The headers Slack sends with a body: content type, timestamp and signature."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {"content-type": content_type, "x-slack-request-timestamp": ts,
            "x-slack-signature": signature(body, ts, secret)}


# --- events (JSON bodies) ------------------------------------------------


def app_mention(text: str = "<@W111> how big is the FY26 budget?", *, event_id: str | None = None) -> dict[str, Any]:
    body = load("app_mention.json")
    body["event"]["text"] = text
    if event_id:
        body["event_id"] = event_id
    return body


def direct_message(text: str = "Can Japan export weapons?", *, thread: bool = False,
                   event_id: str | None = None) -> dict[str, Any]:
    body = load("message_im_thread.json" if thread else "message_im.json")
    body["event"]["text"] = text
    if event_id:
        body["event_id"] = event_id
    return body


def bot_message(*, in_dm: bool = False) -> dict[str, Any]:
    """Another bot's message (bolt's fixture), optionally moved into a DM."""
    body = load("message_channel_bot.json")
    if in_dm:
        body["event"].update(channel="D111", channel_type="im", text="how big is the FY26 budget?")
        body["event_id"] = "Ev333"
    return body


def own_message() -> dict[str, Any]:
    """A DM the bot itself posted (its auth.test user and bot id), as Slack echoes it back."""
    body = direct_message("how big is the FY26 budget?", event_id="Ev444")
    body["event"].update(user="W111", bot_id="B111")
    return body


def edited_dm() -> dict[str, Any]:
    """A `message_changed` event: a user edited a DM."""
    body = direct_message(event_id="Ev555")
    event = body["event"]
    body["event"] = {
        "type": "message", "subtype": "message_changed", "hidden": True, "channel": event["channel"],
        "channel_type": "im", "ts": "1726133799.000100", "event_ts": "1726133799.000100",
        "message": {"type": "message", "user": "W222", "text": "how big is the FY26 budget?", "ts": event["ts"],
                    "edited": {"user": "W222", "ts": "1726133799.000000"}},
        "previous_message": {"type": "message", "user": "W222", "text": event["text"], "ts": event["ts"]},
    }
    return body


def url_verification() -> dict[str, Any]:
    return load("url_verification.json")


# --- slash commands (form bodies) -----------------------------------------


def slash_command(command: str, text: str, response_url: str) -> dict[str, str]:
    """bolt's `/hello-world` fixture with another command, text and response_url."""
    fields = dict(parse_qsl((DATA / "slash_command.txt").read_text(encoding="utf-8"), keep_blank_values=True))
    fields.update(command=command, text=text, response_url=response_url)
    return fields


def form_body(fields: dict[str, str]) -> str:
    return urlencode(fields)


# --- block actions (form body with a JSON `payload`) ------------------------


def block_action(*, action_id: str, value: str, response_url: str, ephemeral: bool,
                 thread_ts: str | None = "1595926230.009600") -> dict[str, Any]:
    """A button click, shaped like Slack's block_actions payload (ids from the fixtures).

    An ephemeral message has no `message` in the payload, only the container; a visible bot
    message in a thread has `message.thread_ts`.
    """
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": "W222", "username": "member", "name": "member", "team_id": "T111"},
        "api_app_id": "A111",
        "token": "verification_token",
        "trigger_id": "111.222.xxx",
        "team": {"id": "T111", "domain": "test-domain"},
        "enterprise": {"id": "E111", "name": "Org Name"},
        "is_enterprise_install": False,
        "channel": {"id": "C111", "name": "random"},
        "response_url": response_url,
        "actions": [{"type": "button", "action_id": action_id, "block_id": "answer_actions",
                     "text": {"type": "plain_text", "text": value[:75], "emoji": False},
                     "value": value, "action_ts": "1595926300.000001"}],
    }
    if ephemeral:
        payload["container"] = {"type": "message", "message_ts": "1595926240.000100", "channel_id": "C111",
                                "is_ephemeral": True}
    else:
        message: dict[str, Any] = {"type": "message", "user": "W111", "bot_id": "B111",
                                   "ts": "1595926240.000100", "text": "earlier answer"}
        if thread_ts:
            message["thread_ts"] = thread_ts
        payload["container"] = {"type": "message", "message_ts": message["ts"], "channel_id": "C111",
                                "is_ephemeral": False, "thread_ts": thread_ts}
        payload["message"] = message
    return payload


def action_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


# --- Socket Mode ------------------------------------------------------------


def envelope(kind: str, payload: dict[str, Any], envelope_id: str, *, retry_attempt: int = 0) -> dict[str, Any]:
    """A Socket Mode envelope: `events_api`, `slash_commands` or `interactive`."""
    result: dict[str, Any] = {"envelope_id": envelope_id, "type": kind, "payload": copy.deepcopy(payload),
                              "accepts_response_payload": kind != "events_api"}
    if kind == "events_api":
        result["retry_attempt"] = retry_attempt
        result["retry_reason"] = "timeout" if retry_attempt else ""
    return result
