"""The Slack app's slash commands, in one table, and the app manifest made from it.

The table is the ask and gaps commands plus the fact base's quick commands (`bot.quick`: one per topic with
a `command`). `slack_app.build_app` registers exactly these commands (with the configured prefix), and
`python -m bot slack --manifest` prints a manifest listing the same ones, so the two cannot drift.
A prefix (`--command-prefix`, `SLACK_COMMAND_PREFIX`) renames every command, e.g. `jp-` gives
`/jp-defence`, `/jp-budget`, ..., for a workspace where another app already has `/budget`.

Pure data and YAML: this module imports no Slack library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from bot.quick import QuickCommand

__all__ = ["ASK", "GAPS", "SlashCommand", "check_prefix", "command_name", "manifest", "manifest_yaml",
           "slash_commands"]

EVENTS_PATH = "/slack/events"
"""Where HTTP mode takes events, slash commands and button clicks (bolt routes all three itself)."""


@dataclass(frozen=True, slots=True)
class SlashCommand:
    """One slash command: its name without the slash or prefix, and what Slack shows for it."""

    name: str
    description: str
    usage_hint: str = ""


ASK = SlashCommand("defence", "Ask a question about Japan's defence budget, OSA or export rules",
                   "[question] (empty for help)")
GAPS = SlashCommand("defence-gaps", "Questions the bot could not answer lately (workspace admins and "
                    "BOT_GAP_ADMINS only)", "[period: 30m, 12h, 7d or 2w; default 7d]")


def slash_commands(quick: tuple[QuickCommand, ...]) -> tuple[SlashCommand, ...]:
    """Every command the app registers, in the order the manifest lists them: ask, the quick commands, gaps."""
    return (ASK, *(SlashCommand(c.name, c.title, f"[{c.argument}]" if c.argument else "") for c in quick), GAPS)

SCOPES: tuple[tuple[str, str], ...] = (
    ("app_mentions:read", "app_mention events"),
    ("chat:write", "answers in channels the bot is in, DMs and threads"),
    ("commands", "the slash commands"),
    ("im:history", "message.im events (DMs to the bot)"),
    ("im:read", "DM channel metadata"),
    ("im:write", "open DMs with the bot from the Messages tab"),
    ("users:read", "users.info: is the user of the gaps command a workspace admin?"),
)
BOT_EVENTS = ("app_mention", "message.im")

_PREFIX = re.compile(r"[a-z0-9_-]*")
_NAME_LIMIT = 32
"""Slack's longest slash-command name, slash included."""


def check_prefix(prefix: str) -> str:
    """The prefix, if Slack would accept the command names it makes; else ValueError naming the rule.

    The longest name, the gaps command's, must stay within Slack's limit: that leaves 19 characters."""
    longest = _NAME_LIMIT - len(command_name(GAPS))
    if not _PREFIX.fullmatch(prefix) or len(prefix) > longest:
        raise ValueError(f"the command prefix must be at most {longest} lowercase letters, digits, '-' or '_', "
                         f"not {prefix!r}")
    return prefix


def command_name(command: SlashCommand, prefix: str = "") -> str:
    """The command as users type it and Slack sends it: `/` + prefix + name."""
    return f"/{prefix}{command.name}"


def manifest(quick: tuple[QuickCommand, ...], *, url: str | None = None, prefix: str = "",
             name: str = "Defence Q&A") -> dict[str, Any]:
    """The app manifest: Socket Mode without `url`, HTTP mode with it (`url` is the public base URL).

    `quick` is the fact base's quick commands (`bot.quick.quick_commands`). In HTTP mode every request URL
    is `url` + `/slack/events`.
    """
    request_url = url.rstrip("/") + EVENTS_PATH if url else None
    listed = slash_commands(quick)
    commands = []
    for command in listed:
        entry: dict[str, Any] = {"command": command_name(command, prefix)}
        if request_url:
            entry["url"] = request_url
        entry["description"] = command.description
        if command.usage_hint:
            entry["usage_hint"] = command.usage_hint
        entry["should_escape"] = False
        commands.append(entry)
    asking = ", ".join(command_name(c, prefix) for c in listed if c is not GAPS)
    events: dict[str, Any] = {"bot_events": list(BOT_EVENTS)}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if request_url:
        events = {"request_url": request_url, **events}
        interactivity["request_url"] = request_url
    return {
        "display_information": {
            "name": name,
            "description": "Sourced answers on Japan's defence budget, OSA and defence-export rules.",
            "background_color": "#1d3557",
            "long_description": (
                f"Ask in a DM, mention the bot in a channel, or use {asking}. Every answer comes from a sourced "
                "fact base and names its sources and the date it is valid for (\"as of\"). Slash-command answers "
                "are only visible to you until you press \"Post to channel\"."
            ),
        },
        "features": {
            "app_home": {"home_tab_enabled": False, "messages_tab_enabled": True,
                         "messages_tab_read_only_enabled": False},
            "bot_user": {"display_name": "defence-qa", "always_online": True},
            "slash_commands": commands,
        },
        "oauth_config": {"scopes": {"bot": [scope for scope, _ in SCOPES]}},
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": request_url is None,
            "token_rotation_enabled": False,
        },
    }


def manifest_yaml(quick: tuple[QuickCommand, ...], *, url: str | None = None, prefix: str = "") -> str:
    """The manifest as YAML to paste at https://api.slack.com/apps, with a header saying how to run that mode."""
    if url:
        run = ("HTTP mode: run `python -m bot slack --http --port $PORT` behind this public URL, with "
               "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET set")
    else:
        run = "Socket Mode: run `python -m bot slack` with SLACK_BOT_TOKEN and SLACK_APP_TOKEN set"
    prefix_note = f" and SLACK_COMMAND_PREFIX={prefix}" if prefix else ""
    command = "python -m bot slack --manifest" + (f" --url {url}" if url else "") + (
        f" --command-prefix {prefix}" if prefix else "")
    lines = [
        f"Slack app manifest for defence-qa-bot, made by `{command}` (regenerate it rather than edit it).",
        "Paste it at https://api.slack.com/apps -> Create New App -> From an app manifest -> YAML.",
        f"{run}{prefix_note}.",
        "Bot scopes:",
        *(f"  {scope}: {why}" for scope, why in SCOPES),
    ]
    header = "".join(f"# {line}\n" for line in lines)
    body = yaml.safe_dump(manifest(quick, url=url, prefix=prefix), sort_keys=False, allow_unicode=True, width=100)
    return header + body
