"""The Discord adapter, through discord.py's own code, against a fake Discord REST API on 127.0.0.1.

discord.py builds every Interaction and Message here from raw payloads (the interaction one from
Discord's documentation, tests/data/discord/), with a client that logged in against the fake API;
the tests then check the exact requests discord.py sent back.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import discord
import pytest
from discord.ext import commands

from bot.adapters import discord_app
from bot.adapters.discord_app import (
    AnswersCog,
    DefenceBot,
    DiscordConfigError,
    DiscordSettings,
    ShardedDefenceBot,
    build_bot,
    country_choices,
    invite_url,
    run_command,
    strip_mention,
)
from bot.adapters.discord_embeds import SuggestionButton, SuggestionView, text_embeds
from bot.answers import MAX_QUESTION_LENGTH, AnswerService
from bot.models import Answer
from tests.conftest import ROOT
from tests.fake_discord_api import APPLICATION_ID, BOT_ID, BOT_USER, FakeDiscordAPI
from tests.golden import golden

DATA = Path(__file__).resolve().parent / "data" / "discord"
FIXTURE: dict[str, Any] = json.loads((DATA / "interaction_create.json").read_text(encoding="utf-8"))
INTERACTION_ID = FIXTURE["id"]
TOKEN = FIXTURE["token"]
CALLBACK = f"/interactions/{INTERACTION_ID}/{TOKEN}/callback"
FOLLOWUP = f"/webhooks/{APPLICATION_ID}/{TOKEN}"
GUILD_ID = 290926798626357999
CHANNEL_ID = 645027906669510667
DM_CHANNEL_ID = 1180000000000000010
USER: dict[str, Any] = {"id": "53908232506183680", "username": "Mason", "discriminator": "0", "avatar": None}
NO_PINGS = {"parse": []}
EPHEMERAL = 64
EXPECTED_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 38)
"""View Channel, Send Messages, Embed Links, Read Message History, Send Messages in Threads."""


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture()
async def api() -> AsyncIterator[FakeDiscordAPI]:
    server = FakeDiscordAPI()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture()
async def bot(api: FakeDiscordAPI, service: AnswerService,
              monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[DefenceBot]:
    """A client logged in against the fake API (GET /users/@me, GET /oauth2/applications/@me); the cog is added."""
    monkeypatch.setattr(discord.http.Route, "BASE", api.base_url)
    client = DefenceBot(lambda: service)
    await client.login("fake-token")
    api.requests.clear()
    yield client
    await client.close()


@contextlib.asynccontextmanager
async def logged_in(make: Callable[[], DefenceBot], monkeypatch: pytest.MonkeyPatch
                    ) -> AsyncIterator[tuple[DefenceBot, FakeDiscordAPI]]:
    """A fake Discord API on loopback and a client `make()` builds, logged in against it; both stopped after."""
    api = FakeDiscordAPI()
    await api.start()
    monkeypatch.setattr(discord.http.Route, "BASE", api.base_url)
    client = make()
    await client.login("fake-token")
    api.requests.clear()
    try:
        yield client, api
    finally:
        await client.close()
        await api.stop()


def cog_of(bot: commands.Bot) -> AnswersCog:
    cog = bot.get_cog("Answers")
    assert isinstance(cog, AnswersCog)
    return cog


def interaction_payload(*, type: int = 2, data: dict[str, Any]) -> dict[str, Any]:
    """The documentation's example interaction, with our data and the fields discord.py 2.7 requires."""
    payload = copy.deepcopy(FIXTURE)
    payload.update(type=type, data=data, application_id=str(APPLICATION_ID), version=1,
                   attachment_size_limit=8 * 1024 * 1024)
    payload["member"]["flags"] = 0
    return payload


def command_interaction(bot: commands.Bot, name: str, **options: Any) -> discord.Interaction:
    kinds = {str: 3, int: 4}
    data = {"id": "771825006014889984", "name": name, "type": 1,
            "options": [{"type": kinds[type(v)], "name": k, "value": v} for k, v in options.items()]}
    return discord.Interaction(data=interaction_payload(data=data), state=bot._connection)  # type: ignore[arg-type]


def expected_reply(service: AnswerService, question: str, *, echo: bool = False) -> dict[str, Any]:
    """The interaction callback body discord.py must send for an answer to `question`: the embed is the fixed
    one in tests/data/golden/discord.json (not built by the formatter under test)."""
    answer = service.ask(question)
    embed = copy.deepcopy(golden("discord", question))
    if echo:
        embed["author"] = {"name": f"Q: {question}"}
    data: dict[str, Any] = {"tts": False, "content": None, "embeds": [embed], "allowed_mentions": NO_PINGS}
    if answer.outcome != "answer" and answer.suggestions:
        data["components"] = [{"type": 1, "components": [
            {"type": 2, "style": 2, "label": s, "custom_id": f"suggestion:{i}", "disabled": False}
            for i, s in enumerate(answer.suggestions[:5])
        ]}]
    return {"type": 4, "data": data}


def normalised(body: Any) -> Any:
    """A JSON round trip, so expected values compare equal to what the server decoded."""
    return json.loads(json.dumps(body))


# --- the command tree, offline --------------------------------------------------------------


async def test_command_tree_offline(service: AnswerService) -> None:
    client = build_bot(lambda: service)
    await client.add_cog(AnswersCog(client, lambda: service))
    tree = {c.name: c for c in client.tree.get_commands()}
    assert set(tree) == {"ask", "budget", "osa", "exports", "sources", "help"}
    for command in tree.values():
        assert isinstance(command, discord.app_commands.Command)
        assert command.description and command.description != "…"
        assert command.description == command.callback.__doc__.strip().splitlines()[0]  # type: ignore[union-attr]
        for parameter in command.parameters:
            assert parameter.description and parameter.description != "…"
    ask = tree["ask"].to_dict(client.tree)["options"]
    assert ask == [{"type": 3, "name": "question", "description": "Your question, e.g. 'Is Vietnam an OSA recipient?'",
                    "required": True, "min_length": 1, "max_length": MAX_QUESTION_LENGTH}]
    [year] = tree["budget"].to_dict(client.tree)["options"]
    years = sorted({f.fiscal_year for f in service.fact_base.series_members("defence-budget")}, reverse=True)
    assert year["type"] == 4 and year["required"] is False
    assert year["choices"] == [{"name": f"FY{y}", "value": y} for y in years]
    [country] = tree["osa"].to_dict(client.tree)["options"]
    assert country["autocomplete"] is True and country["required"] is False
    assert tree["exports"].to_dict(client.tree)["options"] == []


async def test_budget_choices_belong_to_each_cog(service: AnswerService) -> None:
    """The choices are set on the cog's own copy of /budget; a second cog does not change the first."""
    first = build_bot(lambda: service)
    await first.add_cog(AnswersCog(first, lambda: service))
    other = AnswersCog(build_bot(lambda: service), lambda: service)
    assert other.budget is not cog_of(first).budget
    choices = [c.value for c in cog_of(first).budget._params["fiscal_year"].choices]
    assert choices == sorted(choices, reverse=True) and choices


# --- slash commands through discord.py -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "options", "question"),
    [
        ("ask", {"question": "Is Vietnam an OSA recipient?"}, "Is Vietnam an OSA recipient?"),
        ("ask", {"question": "what is the weather like"}, "what is the weather like"),
        ("budget", {}, "defence budget"),
        ("budget", {"fiscal_year": 2025}, "defence budget FY2025"),
        ("osa", {}, "what is OSA"),
        ("osa", {"country": "Fiji"}, "is Fiji an OSA recipient"),
        ("exports", {}, "can Japan export weapons"),
    ],
)
async def test_command_sends_the_answer(bot: DefenceBot, api: FakeDiscordAPI, service: AnswerService, name: str,
                                        options: dict[str, Any], question: str) -> None:
    await bot.tree._call(command_interaction(bot, name, **options))
    request = api.only("POST", CALLBACK)
    assert request.query == {"with_response": "1"}
    assert request.body == normalised(expected_reply(service, question))


async def test_decline_has_suggestion_buttons(bot: DefenceBot, api: FakeDiscordAPI, service: AnswerService) -> None:
    await bot.tree._call(command_interaction(bot, "ask", question="what is the weather like"))
    body = api.only("POST", CALLBACK).body
    buttons = body["data"]["components"][0]["components"]
    assert [b["label"] for b in buttons] == list(service.ask("what is the weather like").suggestions)
    assert body["data"]["allowed_mentions"] == NO_PINGS


@pytest.mark.parametrize(("name", "title"), [("help", "What I can answer"), ("sources", "Sources")])
async def test_help_and_sources_are_ephemeral(bot: DefenceBot, api: FakeDiscordAPI, service: AnswerService,
                                              name: str, title: str) -> None:
    await bot.tree._call(command_interaction(bot, name))
    text = service.help_text() if name == "help" else service.sources_text()
    messages = text_embeds(title, text)
    first = api.only("POST", CALLBACK).body
    assert first == normalised({"type": 4, "data": {
        "tts": False, "content": None, "embeds": [e.to_dict() for e in messages[0]],
        "allowed_mentions": NO_PINGS, "flags": EPHEMERAL,
    }})
    followups = api.find("POST", FOLLOWUP)
    assert [f.body["embeds"] for f in followups] == normalised([[e.to_dict() for e in m] for m in messages[1:]])
    assert all(f.body["flags"] == EPHEMERAL and f.body["allowed_mentions"] == NO_PINGS for f in followups)
    every = first["data"]["embeds"] + [e for f in followups for e in f.body["embeds"]]
    sent = "\n".join(e["description"] for e in every)
    assert sent == text  # nothing lost when split


async def test_sources_fit_discords_limits(service: AnswerService) -> None:
    for message in text_embeds("Sources", service.sources_text()):
        assert sum(len(e) for e in message) <= 6000 and len(message) <= 10
        assert all(len(e.description or "") <= 4096 for e in message)


async def test_autocomplete_through_discord(bot: DefenceBot, api: FakeDiscordAPI) -> None:
    data = {"id": "1", "name": "osa", "type": 1,
            "options": [{"type": 3, "name": "country", "value": "vietnm", "focused": True}]}
    interaction = discord.Interaction(data=interaction_payload(type=4, data=data), state=bot._connection)  # type: ignore[arg-type]
    await bot.tree._call(interaction)
    body = api.only("POST", CALLBACK).body
    assert body["type"] == 8
    assert body["data"]["choices"][0] == {"name": "Vietnam", "value": "Vietnam"}
    assert len(body["data"]["choices"]) <= 25


async def test_autocomplete_callback(bot: DefenceBot, service: AnswerService) -> None:
    interaction = command_interaction(bot, "osa")
    choices = await cog_of(bot).osa_country(interaction, "philipines")
    assert choices[0].name == "The Philippines" and choices[0].value == "the Philippines"
    everyone = await cog_of(bot).osa_country(interaction, "")
    partners = [c for c in service.fact_base.countries if c.status != "mentioned"]
    assert [c.value for c in everyone] == [c.name for c in partners][:25]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("fiji", "Fiji"), ("Bangaldesh", "Bangladesh"), ("png", "Papua New Guinea"), ("manila", "the Philippines"),
     ("timor leste", "East Timor"), ("vietnm", "Vietnam"), ("phil", "the Philippines"), ("b", "Bangladesh")],
)
def test_country_choices_tolerate_typos_and_aliases(service: AnswerService, typed: str, expected: str) -> None:
    choices = country_choices(service, typed)
    assert choices[0].value == expected
    assert len(choices) <= 25


def test_country_choices_leave_out_mentioned_countries(service: AnswerService) -> None:
    mentioned = {c.name for c in service.fact_base.countries if c.status == "mentioned"}
    assert not mentioned & {c.value for c in country_choices(service, "")}
    assert "China" not in [c.value for c in country_choices(service, "china")]


async def test_slow_answer_is_deferred_then_followed_up(bot: DefenceBot, api: FakeDiscordAPI, service: AnswerService,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    class SlowService(AnswerService):
        def ask(self, question: str, *, explain: bool = False) -> Answer:
            time.sleep(0.3)
            return super().ask(question, explain=explain)

    slow = SlowService(service.fact_base)
    monkeypatch.setattr(discord_app, "DEFER_AFTER_SECONDS", 0.05)
    cog_of(bot).get_service = lambda: slow
    await bot.tree._call(command_interaction(bot, "exports"))
    assert api.only("POST", CALLBACK).body == {"type": 5}
    followup = api.only("POST", FOLLOWUP).body
    expected = normalised(expected_reply(service, "can Japan export weapons"))["data"]
    assert followup["embeds"] == expected["embeds"]
    assert followup["allowed_mentions"] == NO_PINGS


# --- buttons -------------------------------------------------------------------------------------------


async def test_clicking_a_suggestion_asks_it(bot: DefenceBot, api: FakeDiscordAPI, service: AnswerService) -> None:
    cog = cog_of(bot)
    view = SuggestionView(["Which countries have received OSA?", "Can Japan export weapons?"], on_pick=cog.on_pick)
    assert view.questions == ["Which countries have received OSA?", "Can Japan export weapons?"]
    button = view.children[1]
    assert isinstance(button, SuggestionButton)
    data = {"custom_id": button.custom_id, "component_type": 2}
    click = discord.Interaction(data=interaction_payload(type=3, data=data), state=bot._connection)  # type: ignore[arg-type]
    await button.callback(click)
    body = api.only("POST", CALLBACK).body
    assert body == normalised(expected_reply(service, "Can Japan export weapons?", echo=True))
    assert body["data"]["embeds"][0]["author"]["name"] == "Q: Can Japan export weapons?"
    view.stop()


def test_clarify_answer_gets_buttons_and_answer_gets_none() -> None:
    async def pick(interaction: discord.Interaction, question: str) -> None:
        raise AssertionError("not clicked")

    from bot.adapters.discord_embeds import suggestion_view

    clarify = Answer(question="osa", outcome="clarify", body="Did you mean A or B?", confidence=0.5,
                     suggestions=("A?", "B?"))
    view = suggestion_view(clarify, on_pick=pick)
    assert view is not None and view.questions == ["A?", "B?"]
    assert [b.label for b in view.children if isinstance(b, discord.ui.Button)] == ["A?", "B?"]
    answered = Answer(question="q", outcome="answer", body="Yes.", confidence=1.0, suggestions=("More?",))
    assert suggestion_view(answered, on_pick=pick) is None


# --- mentions and DMs --------------------------------------------------------------------------------


def add_guild(bot: commands.Bot) -> discord.Guild:
    """A guild with one text channel in the client's cache, as GUILD_CREATE would leave it."""
    data: Any = {"id": str(GUILD_ID), "name": "Team", "owner_id": USER["id"], "roles": [], "members": [],
                 "channels": [{"id": str(CHANNEL_ID), "type": 0, "name": "general", "position": 0,
                               "permission_overwrites": []}]}
    guild = discord.Guild(data=data, state=bot._connection)
    bot._connection._add_guild(guild)
    return guild


def message_payload(content: str, *, author: dict[str, Any] | None = None, mentions: list[dict[str, Any]] | None = None,
                    dm: bool = False) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": "1180000000000000100", "channel_id": str(DM_CHANNEL_ID if dm else CHANNEL_ID),
        "author": author or USER, "content": content, "timestamp": "2026-11-27T12:00:00.000000+00:00",
        "edited_timestamp": None, "tts": False, "mention_everyone": False, "mentions": mentions or [],
        "mention_roles": [], "attachments": [], "embeds": [], "pinned": False, "type": 0,
    }
    if not dm:
        payload["guild_id"] = str(GUILD_ID)
        payload["member"] = {"roles": [], "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False, "mute": False,
                             "flags": 0}
    return payload


def guild_message(bot: commands.Bot, content: str, **kwargs: Any) -> discord.Message:
    channel = add_guild(bot).get_channel(CHANNEL_ID)
    assert isinstance(channel, discord.TextChannel)
    return discord.Message(state=bot._connection, channel=channel, data=message_payload(content, **kwargs))  # type: ignore[arg-type]


def dm_message(bot: commands.Bot, content: str) -> discord.Message:
    assert bot.user is not None
    channel = discord.DMChannel(me=bot.user, state=bot._connection,
                                data={"id": str(DM_CHANNEL_ID), "type": 1, "recipients": [USER]})  # type: ignore[typeddict-item]
    return discord.Message(state=bot._connection, channel=channel, data=message_payload(content, dm=True))  # type: ignore[arg-type]


def expected_message(service: AnswerService, question: str) -> dict[str, Any]:
    reply = normalised(expected_reply(service, question))["data"]
    reply.pop("tts")
    reply.pop("content")
    return reply


async def test_mention_gets_a_reply(bot: DefenceBot, api: FakeDiscordAPI, service: AnswerService) -> None:
    message = guild_message(bot, f"<@{BOT_ID}> is Vietnam an OSA recipient?", mentions=[BOT_USER])
    await cog_of(bot).on_message(message)
    body = api.only("POST", f"/channels/{CHANNEL_ID}/messages").body
    expected = expected_message(service, "is Vietnam an OSA recipient?")
    assert body["embeds"] == expected["embeds"]
    assert body["message_reference"]["message_id"] == message.id
    assert body["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_mention_with_nickname_form_is_stripped(bot: DefenceBot, api: FakeDiscordAPI,
                                                       service: AnswerService) -> None:
    message = guild_message(bot, f"hey <@!{BOT_ID}>   can Japan export weapons <@{BOT_ID}>", mentions=[BOT_USER])
    await cog_of(bot).on_message(message)
    body = api.only("POST", f"/channels/{CHANNEL_ID}/messages").body
    assert body["embeds"] == expected_message(service, "hey can Japan export weapons")["embeds"]


async def test_dm_gets_an_answer_in_the_dm(bot: DefenceBot, api: FakeDiscordAPI, service: AnswerService) -> None:
    await cog_of(bot).on_message(dm_message(bot, "what is the OSA budget?"))
    body = api.only("POST", f"/channels/{DM_CHANNEL_ID}/messages").body
    assert body["embeds"] == expected_message(service, "what is the OSA budget?")["embeds"]
    assert body["allowed_mentions"] == NO_PINGS
    assert "message_reference" not in body


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda bot: guild_message(bot, f"<@{BOT_ID}> budget?", mentions=[BOT_USER],
                                               author={**USER, "bot": True}), id="another bot"),
        pytest.param(lambda bot: guild_message(bot, f"<@{BOT_ID}> budget?", mentions=[BOT_USER], author=BOT_USER),
                     id="itself"),
        pytest.param(lambda bot: guild_message(bot, "what is the defence budget?"), id="no mention"),
        pytest.param(lambda bot: dm_message(bot, ""), id="DM without text"),
    ],
)
async def test_ignored_messages(bot: DefenceBot, api: FakeDiscordAPI,
                                make: Callable[[commands.Bot], discord.Message]) -> None:
    await cog_of(bot).on_message(make(bot))
    assert api.requests == []


async def test_over_long_question_gets_a_polite_cap(bot: DefenceBot, api: FakeDiscordAPI) -> None:
    long = "why " * 200
    await cog_of(bot).on_message(guild_message(bot, f"<@{BOT_ID}> {long}", mentions=[BOT_USER]))
    body = api.only("POST", f"/channels/{CHANNEL_ID}/messages").body
    assert body["content"] == (f"Sorry, that's {len(long.strip()):,} characters. Please ask in under "
                               f"{MAX_QUESTION_LENGTH} characters, one question at a time.")
    assert body["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert "embeds" not in body or not body["embeds"]


@pytest.mark.parametrize("extra", [0, 1], ids=["at-the-limit", "one-over"])
async def test_the_mention_length_limit_is_exact(bot: DefenceBot, api: FakeDiscordAPI, extra: int) -> None:
    question = ("defence budget " * 40)[:MAX_QUESTION_LENGTH - 1] + "?" + "?" * extra
    assert len(question) == MAX_QUESTION_LENGTH + extra
    await cog_of(bot).on_message(guild_message(bot, f"<@{BOT_ID}> {question}", mentions=[BOT_USER]))
    body = api.only("POST", f"/channels/{CHANNEL_ID}/messages").body
    if extra:
        assert body["content"].startswith(f"Sorry, that's {MAX_QUESTION_LENGTH + 1:,} characters."), body
    else:
        assert body["embeds"] and not body.get("content"), f"{MAX_QUESTION_LENGTH} characters refused: {body}"


async def test_message_create_event_reaches_the_cog(bot: DefenceBot, api: FakeDiscordAPI) -> None:
    """The gateway path: discord.py parses MESSAGE_CREATE and dispatches on_message to the cog's listener."""
    add_guild(bot)
    bot._connection.parse_message_create(message_payload(f"<@{BOT_ID}> help", mentions=[BOT_USER]))  # type: ignore[arg-type]
    for _ in range(200):
        if api.find("POST", f"/channels/{CHANNEL_ID}/messages"):
            break
        await asyncio.sleep(0.01)
    assert api.only("POST", f"/channels/{CHANNEL_ID}/messages").body["allowed_mentions"]["parse"] == []


def test_strip_mention() -> None:
    assert strip_mention(f"<@{BOT_ID}>  is Fiji an OSA recipient? ", BOT_ID) == "is Fiji an OSA recipient?"
    assert strip_mention(f"<@!{BOT_ID}> hi <@123>", BOT_ID) == "hi <@123>"


# --- settings, invite URL, command line, clients ---------------------------------------------------


def test_invite_url_has_exact_scopes_and_permissions() -> None:
    url = invite_url(APPLICATION_ID)
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).netloc == "discord.com"
    assert query["client_id"] == [str(APPLICATION_ID)]
    assert query["scope"] == ["bot applications.commands"]
    assert query["permissions"] == [str(EXPECTED_PERMISSIONS)]


def test_invite_url_command(capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(invite_url=True, sync=False, guild=None, sharded=False)

    def no_service() -> AnswerService:
        raise AssertionError("--invite-url needs no fact base")

    assert run_command(args, no_service, env={"DISCORD_APPLICATION_ID": str(APPLICATION_ID)}) == 0
    assert capsys.readouterr().out.strip() == invite_url(APPLICATION_ID)
    with pytest.raises(DiscordConfigError, match=r"^DISCORD_APPLICATION_ID is not set"):
        run_command(args, no_service, env={})


def test_missing_token_is_one_line_naming_it(service: AnswerService) -> None:
    args = argparse.Namespace(invite_url=False, sync=False, guild=None, sharded=False)
    with pytest.raises(DiscordConfigError) as error:
        run_command(args, lambda: service, env={})
    assert str(error.value).startswith("DISCORD_TOKEN is not set")
    assert "https://discord.com/developers/applications" in str(error.value)
    assert "\n" not in str(error.value)


def test_settings_never_show_the_token() -> None:
    settings = DiscordSettings.from_env({"DISCORD_TOKEN": "secret-token-value", "DISCORD_SHARDED": "yes"})
    assert settings.token == "secret-token-value" and settings.sharded
    assert "secret-token-value" not in repr(settings)
    with pytest.raises(DiscordConfigError, match="DISCORD_APPLICATION_ID must be a number"):
        DiscordSettings.from_env({"DISCORD_APPLICATION_ID": "abc"})


def test_client_classes_and_intents(service: AnswerService) -> None:
    plain, sharded = build_bot(lambda: service), build_bot(lambda: service, DiscordSettings(sharded=True))
    assert isinstance(plain, discord.Client) and not isinstance(plain, discord.AutoShardedClient)
    assert isinstance(sharded, ShardedDefenceBot) and isinstance(sharded, discord.AutoShardedClient)
    intents = plain.intents
    assert intents.guilds and intents.guild_messages and intents.dm_messages
    assert not (intents.message_content or intents.members or intents.presences)
    assert plain.allowed_mentions is not None and plain.allowed_mentions.to_dict() == NO_PINGS


async def test_sync_to_a_guild(api: FakeDiscordAPI, service: AnswerService, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", api.base_url)
    synced = await discord_app.sync_commands(build_bot(lambda: service), "fake-token", GUILD_ID)
    assert sorted(c.name for c in synced) == ["ask", "budget", "exports", "help", "osa", "sources"]
    request = api.only("PUT", f"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands")
    assert sorted(c["name"] for c in request.body) == ["ask", "budget", "exports", "help", "osa", "sources"]
    assert not api.find("PUT", f"/applications/{APPLICATION_ID}/commands")


def test_command_line_invite_url_needs_no_token_and_no_discord_network() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    env["DISCORD_APPLICATION_ID"] = str(APPLICATION_ID)
    done = subprocess.run([sys.executable, "-m", "bot", "discord", "--invite-url"], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == invite_url(APPLICATION_ID)


def test_command_line_missing_token_is_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    done = subprocess.run([sys.executable, "-m", "bot", "discord"], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("bot: error: DISCORD_TOKEN is not set") and done.stderr.count("\n") == 1


async def test_switches_to_sharded_client_when_discord_requires_it(service: AnswerService,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str] = []

    async def refuse(self: discord.Client, token: str, *, reconnect: bool = True) -> None:
        started.append(type(self).__name__)
        raise discord.ConnectionClosed(None, shard_id=None, code=discord_app.SHARDING_REQUIRED)  # type: ignore[arg-type]

    async def accept(self: discord.Client, token: str, *, reconnect: bool = True) -> None:
        started.append(type(self).__name__)

    monkeypatch.setattr(DefenceBot, "start", refuse)
    monkeypatch.setattr(ShardedDefenceBot, "start", accept)
    await discord_app.serve(lambda: service, DiscordSettings(token="fake-token"))
    assert started == ["DefenceBot", "ShardedDefenceBot"]


def test_every_quick_command_question_gets_an_answer(service: AnswerService) -> None:
    """The questions the quick commands ask are answered (not clarified or declined) by the core."""
    questions = ["defence budget", "what is OSA", "can Japan export weapons"]
    questions += [f"defence budget FY{f.fiscal_year}" for f in service.fact_base.series_members("defence-budget")]
    questions += [f"is {c.value} an OSA recipient" for c in country_choices(service, "")]
    unanswered = {q: service.ask(q).outcome for q in questions if service.ask(q).outcome != "answer"}
    assert unanswered == {}
