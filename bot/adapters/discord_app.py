"""The Discord adapter (discord.py): slash commands, mentions and DMs in, embeds with sources out.

A translation layer only: every reply comes from `AnswerService.ask` (or its help and
source texts); this module turns Discord events into those calls and the results into
embeds and buttons (see `discord_embeds`). Entry point: `run_command`, called by
`python -m bot discord`.

Intents: `guilds`, `guild_messages` and `dm_messages`, none of them privileged. Without the
privileged message-content intent Discord still delivers the content of messages that
mention the bot, of DMs and of the bot's own messages (discord.py, `Intents.message_content`),
which is all the mention handler reads. Slash commands arrive as interactions whatever the intents.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import logging
import os
import re
import signal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands
from rapidfuzz import fuzz, process, utils

from bot.adapters.discord_embeds import answer_embed, suggestion_view, text_embeds
from bot.answers import MAX_QUESTION_LENGTH, AnswerService
from bot.conversation import Conversations
from bot.models import Answer
from bot.quick import find, quick_commands
from bot.ratelimit import RateLimiter
from bot.state import LocalLimits, SharedState
from bot.turns import ReplyKind, Turn, Turns

__all__ = [
    "AnswersCog",
    "DefenceBot",
    "DiscordConfigError",
    "DiscordSettings",
    "GapsCog",
    "ShardedDefenceBot",
    "build_bot",
    "invite_url",
    "run_command",
]

log = logging.getLogger(__name__)

ServiceFactory = Callable[[], AnswerService]
"""Returns the service to ask; called per request, so the fact base can be swapped while running."""
GapReport = Callable[[str], str]
"""The gap log's grouped questions for a period such as "7d", as text (`bot.gaplog.summary`)."""

AnyBot = commands.Bot | commands.AutoShardedBot

NO_MENTIONS = discord.AllowedMentions.none()
"""Passed on every send: no answer can ping @everyone, a role or a user."""

SCOPES = ("bot", "applications.commands")

DEFER_AFTER_SECONDS = 2.0
"""Discord wants an interaction answered within 3 s; a slower answer is deferred, then sent as a follow-up."""

AUTOCOMPLETE_LIMIT = 25
"""Discord shows at most 25 autocomplete choices."""
AUTOCOMPLETE_CUTOFF = 70.0
"""rapidfuzz WRatio (0-100) a name or alias needs to be offered; what the user typed as a prefix always is."""

SHARDING_REQUIRED = 4011
"""Gateway close code: the bot is in too many guilds (2,500) for one connection."""

TOKEN_HELP = (
    "DISCORD_TOKEN is not set: create an application at https://discord.com/developers/applications, "
    "open Bot > Reset Token, and export DISCORD_TOKEN=<token>"
)
APPLICATION_ID_HELP = (
    "DISCORD_APPLICATION_ID is not set: copy the Application ID from "
    "https://discord.com/developers/applications > your application > General Information, "
    "and export DISCORD_APPLICATION_ID=<id>"
)


class DiscordConfigError(Exception):
    """A missing or malformed setting, reported as one line."""


def required_permissions() -> discord.Permissions:
    """Exactly what the bot uses in a channel.

    View Channel (see the mentions), Send Messages and Send Messages in Threads (reply),
    Embed Links (answers are embeds), Read Message History (a reply references the question).
    Slash-command responses are webhooks and need no channel permission.
    """
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        read_message_history=True,
    )


def required_intents() -> discord.Intents:
    """Guild and DM message events, guild cache; no privileged intent."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    return intents


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscordSettings:
    """Settings read from the environment. The token is kept out of repr, so it cannot reach a log."""

    token: str | None = field(default=None, repr=False)
    application_id: int | None = None
    sharded: bool = False
    shard_count: int | None = None
    """`DISCORD_SHARD_COUNT`: the shards of the whole bot, across every process."""
    shard_ids: tuple[int, ...] | None = None
    """`DISCORD_SHARD_IDS` (`0-3` or `0,2`): the shards this process runs; the others run elsewhere and share
    contexts and limits through Redis (`BOT_REDIS_URL`)."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, sharded: bool = False) -> DiscordSettings:
        """DISCORD_TOKEN, DISCORD_APPLICATION_ID and DISCORD_SHARDED (1/true/yes) from `env` (default os.environ)."""
        env = os.environ if env is None else env
        raw_id = env.get("DISCORD_APPLICATION_ID", "").strip()
        if raw_id and not raw_id.isdigit():
            raise DiscordConfigError(f"DISCORD_APPLICATION_ID must be a number (the Application ID), got {raw_id!r}")
        count, ids = shard_range(env.get("DISCORD_SHARD_COUNT", ""), env.get("DISCORD_SHARD_IDS", ""))
        return cls(
            token=env.get("DISCORD_TOKEN", "").strip() or None,
            application_id=int(raw_id) if raw_id else None,
            sharded=sharded or count is not None
            or env.get("DISCORD_SHARDED", "").strip().lower() in {"1", "true", "yes"},
            shard_count=count,
            shard_ids=ids,
        )

    def require_token(self) -> str:
        if not self.token:
            raise DiscordConfigError(TOKEN_HELP)
        return self.token


def shard_range(count_text: str, ids_text: str) -> tuple[int | None, tuple[int, ...] | None]:
    """`DISCORD_SHARD_COUNT` and `DISCORD_SHARD_IDS` ("0-3", "4,5", "" for all): (count, ids), or (None, None).

    Raises:
        DiscordConfigError: A count that is not a positive number, ids without a count, or an id out of range.
    """
    count_text, ids_text = count_text.strip(), ids_text.strip()
    if not count_text:
        if ids_text:
            raise DiscordConfigError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the shards of the whole bot)")
        return None, None
    if not count_text.isdigit() or int(count_text) < 1:
        raise DiscordConfigError(f"DISCORD_SHARD_COUNT must be a positive number, not {count_text[:20]!r}")
    count = int(count_text)
    if not ids_text:
        return count, tuple(range(count))
    ids: list[int] = []
    for part in ids_text.split(","):
        first, _, last = part.strip().partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise DiscordConfigError(f"DISCORD_SHARD_IDS must look like 0-3 or 0,2,5, not {ids_text[:40]!r}")
        ids.extend(range(int(first), int(last or first) + 1))
    if not ids or any(i >= count for i in ids):
        raise DiscordConfigError(f"DISCORD_SHARD_IDS must be shard numbers from 0 to {count - 1} "
                                 f"(DISCORD_SHARD_COUNT is {count}), not {ids_text[:40]!r}")
    return count, tuple(sorted(set(ids)))


def invite_url(application_id: int | None) -> str:
    """The OAuth2 URL that adds the bot to a server with its scopes and permissions (no network)."""
    if application_id is None:
        raise DiscordConfigError(APPLICATION_ID_HELP)
    return discord.utils.oauth_url(application_id, permissions=required_permissions(), scopes=SCOPES)


# --- the cog ----------------------------------------------------------------


class AnswersCog(commands.Cog, name="Answers"):
    """Slash commands and mentions, answered by the answer service."""

    def __init__(self, bot: discord.Client, get_service: ServiceFactory, *,
                 limiter: RateLimiter | None = None, state: SharedState | None = None) -> None:
        self.bot = bot
        self.get_service = get_service
        self.limiter = limiter
        self.state = state or SharedState(limits=LocalLimits(limiter) if limiter is not None else None)
        """Rate buckets and (with Redis) contexts shared with the bot's other processes (`bot.state`)."""
        self.conversations = Conversations.from_env()
        """Follow-up contexts: one per channel and user, or per thread."""
        years = [f.fiscal_year for f in get_service().fact_base.series_members("defence-budget") if f.fiscal_year]
        choices = [app_commands.Choice(name=f"FY{year}", value=year) for year in sorted(set(years), reverse=True)]
        # Cog.__new__ made `self.budget` a copy of the class's command, but its parameters are shared:
        # copy them before setting this fact base's years as the choices.
        self.budget._params = {name: copy.copy(p) for name, p in self.budget._params.items()}
        app_commands.choices(fiscal_year=choices[:AUTOCOMPLETE_LIMIT])(self.budget)

    # --- slash commands ---

    @app_commands.command(name="ask")
    @app_commands.describe(question="Your question, e.g. 'Is Vietnam an OSA recipient?'")
    async def ask(self, interaction: discord.Interaction,
                  question: app_commands.Range[str, 1, MAX_QUESTION_LENGTH]) -> None:
        """Ask about Japan's defence budget, OSA or defence-export rules."""
        await self.respond(interaction, question)

    @app_commands.command(name="budget")
    @app_commands.describe(fiscal_year="Fiscal year (Japan's runs April to March); the latest if left out")
    async def budget(self, interaction: discord.Interaction, fiscal_year: int | None = None) -> None:
        """Japan's defence budget, for the latest or a chosen fiscal year."""
        year = "" if fiscal_year is None else f"FY{fiscal_year}"
        await self.respond(interaction, self.quick_question("budget", year))

    @app_commands.command(name="osa")
    @app_commands.describe(country="A partner country; leave out to hear what OSA is")
    async def osa(self, interaction: discord.Interaction,
                  country: app_commands.Range[str, 1, 100] | None = None) -> None:
        """Official Security Assistance (OSA): what it is, or what a country received."""
        await self.respond(interaction, self.quick_question("osa", country or ""))

    @osa.autocomplete("country")
    async def osa_country(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Countries the fact base names as OSA recipients or partners, typo-tolerant, at most 25."""
        return country_choices(self.get_service(), current)

    @app_commands.command(name="exports")
    async def exports(self, interaction: discord.Interaction) -> None:
        """Japan's current rules on exporting defence equipment."""
        await self.respond(interaction, self.quick_question("exports"))

    @app_commands.command(name="sources")
    async def sources(self, interaction: discord.Interaction) -> None:
        """The documents the answers come from, with their dates."""
        await send_text(interaction, "Sources", self.get_service().sources_text(), ephemeral=True)

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What the bot can answer, by topic, with examples."""
        await send_text(interaction, "What I can answer", self.get_service().help_text(), ephemeral=True)

    # --- answering ---

    def quick_question(self, name: str, argument: str = "") -> str:
        """The question of the fact base's quick command `name` (`bot.quick`) with `argument`, else `argument`."""
        command = find(quick_commands(self.get_service().fact_base), name)
        return command.question(argument) if command is not None else argument or "help"

    async def respond(self, interaction: discord.Interaction, question: str, *, echo: bool = False) -> None:
        """Answer `question` to an interaction within Discord's 3-second window (deferring only if slow).

        Args:
            interaction: a slash command or a button click.
            question: what to ask the service.
            echo: show the question in the embed (a button click does not show it otherwise).
        """
        turn = Turn(platform="discord", text=question, user=interaction.user.id, channel=interaction.channel_id,
                    conversation=conversation_key(interaction.channel, interaction.channel_id, interaction.user.id),
                    private_ok=True)
        admitted = await self.turns().admit(turn)
        if admitted.kind in (ReplyKind.NOTICE, ReplyKind.SILENT):
            # Discord shows an error unless an interaction is answered, so each refused one gets the
            # notice; it is ephemeral, seen only by the asker, so it adds nothing to the channel.
            await interaction.response.send_message(admitted.notice, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        private = admitted.kind is ReplyKind.PRIVATE
        task = asyncio.ensure_future(self.turns().answer(turn))
        done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER_SECONDS)
        if not done:
            await interaction.response.defer(thinking=True, ephemeral=private)
        answer = await task
        kwargs = self._message(answer, question if echo else None)
        if private:  # the channel is busy, the asker is not: only they see it
            kwargs.update(content=admitted.notice, ephemeral=True)
        if interaction.response.is_done():
            await interaction.followup.send(**kwargs)
        else:
            await interaction.response.send_message(**kwargs)

    def turns(self) -> Turns:
        """The application layer over this cog's state and conversations (which tests may replace)."""
        return Turns(self.get_service, state=self.state, conversations=self.conversations, offload=True)

    async def on_pick(self, interaction: discord.Interaction, question: str) -> None:
        """A suggestion button was clicked: ask its question."""
        await self.respond(interaction, question, echo=True)

    def _message(self, answer: Answer, question: str | None) -> dict[str, Any]:
        topics = {t.id: t.title for t in self.get_service().fact_base.topics}
        kwargs: dict[str, Any] = {
            "embed": answer_embed(answer, topic_titles=topics, question=question),
            "allowed_mentions": NO_MENTIONS,
        }
        view = suggestion_view(answer, on_pick=self.on_pick)
        if view is not None:
            kwargs["view"] = view
        return kwargs

    # --- mentions and DMs ---

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a DM, or a guild message that mentions the bot, with a reply; ignore bots."""
        me = self.bot.user
        if me is None or message.author.bot or message.author.id == me.id:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return  # joins, pins and other system messages
        is_dm = message.guild is None
        if is_dm and not message.content.strip():
            # Nothing to answer: an attachment, or a message from a server not in the cache yet,
            # whose content Discord withholds (no message-content intent). Never reply to those.
            return
        if not is_dm and not any(user.id == me.id for user in message.mentions):
            return
        question = strip_mention(message.content, me.id)
        turned = await self.turns().handle(Turn(
            platform="discord", text=question, user=message.author.id, channel=message.channel.id,
            conversation=conversation_key(message.channel, message.channel.id, message.author.id)))
        if turned.kind is ReplyKind.SILENT:
            return  # this user was told once in this burst already
        if turned.answer is None:
            reply: dict[str, Any] = {"content": turned.notice, "allowed_mentions": NO_MENTIONS}
        else:
            reply = self._message(turned.answer, None)
        try:
            if is_dm:
                await message.channel.send(**reply)
            else:
                await message.reply(mention_author=False, **reply)
        except discord.HTTPException as exc:
            log.warning("could not answer message %s in channel %s: %s", message.id, message.channel.id, exc)


# --- the client ---------------------------------------------------------------


class GapsCog(commands.Cog, name="Gaps"):
    """`/gaps`: the gap log, for members with Manage Server. Added only when the bot keeps a gap log."""

    def __init__(self, report: GapReport) -> None:
        self.report = report

    @app_commands.command(name="gaps")
    @app_commands.describe(since="How far back: 30m, 12h, 7d (the default) or 2w")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def gaps(self, interaction: discord.Interaction, since: app_commands.Range[str, 2, 8] = "7d") -> None:
        """Questions the bot could not answer lately, grouped (Manage Server only)."""
        # default_permissions only hides the command; a server can change that, so check here too
        if not interaction.permissions.manage_guild:
            await interaction.response.send_message("Only members with Manage Server can see the gap log.",
                                                    ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        text = await asyncio.to_thread(self.report, since)
        await send_text(interaction, "Questions I could not answer", text, ephemeral=True)


class _DefenceBotMixin(commands.bot.BotBase):
    """What both client classes share: the cogs, and no prefix commands."""

    get_service: ServiceFactory
    limiter: RateLimiter | None = None
    gap_report: GapReport | None = None
    state: SharedState | None = None

    def __init__(self, get_service: ServiceFactory, *, application_id: int | None = None,
                 limiter: RateLimiter | None = None, gap_report: GapReport | None = None,
                 state: SharedState | None = None, **options: Any) -> None:
        self.get_service = get_service
        self.limiter = limiter
        self.gap_report = gap_report
        self.state = state
        super().__init__(**_bot_options(application_id), **options)

    async def setup_hook(self) -> None:
        if self.state is not None:
            await self.state.start()  # an unreachable Redis is reported now, once
        await self.add_cog(AnswersCog(self, self.get_service, limiter=self.limiter,  # type: ignore[arg-type]
                                      state=self.state))
        if self.gap_report is not None:
            await self.add_cog(GapsCog(self.gap_report))

    async def on_message(self, message: discord.Message, /) -> None:
        """The cog answers mentions; there are no prefix commands to process."""


class DefenceBot(_DefenceBotMixin, commands.Bot):
    """One gateway connection: enough for up to 2,500 servers."""


class ShardedDefenceBot(_DefenceBotMixin, commands.AutoShardedBot):
    """Several gateway connections in one process; discord.py asks Discord how many (GET /gateway/bot)."""


def _bot_options(application_id: int | None) -> dict[str, Any]:
    return {
        "command_prefix": commands.when_mentioned,
        "help_command": None,
        "intents": required_intents(),
        "allowed_mentions": NO_MENTIONS,
        "application_id": application_id,
    }


def build_bot(get_service: ServiceFactory, settings: DiscordSettings | None = None, *,
              limiter: RateLimiter | None = None, gap_report: GapReport | None = None,
              state: SharedState | None = None) -> AnyBot:
    """The client the settings ask for (sharded or not; a shard range with `DISCORD_SHARD_COUNT` and
    `DISCORD_SHARD_IDS`), with the cogs added when it logs in (`setup_hook`)."""
    settings = settings or DiscordSettings()
    if settings.shard_count is not None:
        return ShardedDefenceBot(get_service, application_id=settings.application_id, limiter=limiter,
                                 gap_report=gap_report, state=state, shard_count=settings.shard_count,
                                 shard_ids=list(settings.shard_ids or range(settings.shard_count)))
    cls = ShardedDefenceBot if settings.sharded else DefenceBot
    return cls(get_service, application_id=settings.application_id, limiter=limiter, gap_report=gap_report,
               state=state)


# --- helpers --------------------------------------------------------------------


def conversation_key(channel: object, channel_id: int | None, user_id: int) -> tuple[str, ...]:
    """One conversation per thread, else per channel (or DM) and user: people in one channel don't share one."""
    if isinstance(channel, discord.Thread):
        return ("discord", str(channel_id))
    return ("discord", str(channel_id), str(user_id))


def strip_mention(content: str, user_id: int) -> str:
    """The message without mentions of the bot (`<@id>`, `<@!id>`), spaces collapsed."""
    return " ".join(re.sub(rf"<@!?{user_id}>", " ", content).split())


def country_choices(service: AnswerService, current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete for /osa: partner countries by name or alias, best match first, typo-tolerant."""
    countries = [c for c in service.fact_base.countries if c.status != "mentioned"]
    query = utils.default_process(current)
    if not query:
        picked = countries
    else:
        keys: dict[tuple[int, str], str] = {}
        for index, country in enumerate(countries):
            for name in (country.name, *country.aliases):
                keys[(index, name)] = utils.default_process(name)
        matches = process.extract(query, keys, scorer=fuzz.WRatio, processor=None, limit=None,
                                  score_cutoff=AUTOCOMPLETE_CUTOFF)
        order: dict[int, float] = {}
        for _, score, (index, _name) in matches:
            order[index] = max(order.get(index, 0.0), score)
        for (index, name), key in keys.items():
            if f" {query}" in f" {key}":  # a prefix of the name, an alias, or one of their words; names first
                order[index] = max(order.get(index, 0.0), 101.0 if name == countries[index].name else 100.0)
        picked = [countries[i] for i in sorted(order, key=lambda i: (-order[i], i))]
    return [app_commands.Choice(name=c.display_name, value=c.name) for c in picked[:AUTOCOMPLETE_LIMIT]]


async def send_text(interaction: discord.Interaction, title: str, text: str, *, ephemeral: bool) -> None:
    """Long text as embeds: the first message as the response, the rest as follow-ups."""
    messages = text_embeds(title, text)
    await interaction.response.send_message(embeds=messages[0], ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)
    for embeds in messages[1:]:
        await interaction.followup.send(embeds=embeds, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)


# --- command line ---------------------------------------------------------------


async def sync_commands(bot: AnyBot, token: str, guild_id: int | None) -> list[app_commands.AppCommand]:
    """Register the slash commands with Discord (HTTP only, no gateway), then log out."""
    async with bot:
        await bot.login(token)
        if guild_id is None:
            return await bot.tree.sync()
        guild = discord.Object(id=guild_id)
        bot.tree.copy_global_to(guild=guild)
        return await bot.tree.sync(guild=guild)


async def serve(get_service: ServiceFactory, settings: DiscordSettings, *,
                limiter: RateLimiter | None = None, gap_report: GapReport | None = None,
                state: SharedState | None = None) -> None:
    """Run until stopped (SIGTERM stops it gracefully); switch to the sharded client if Discord says the bot
    needs shards."""
    token = settings.require_token()
    try:
        async with build_bot(get_service, settings, limiter=limiter, gap_report=gap_report, state=state) as bot:
            await start_until_sigterm(bot, token)
    except discord.ConnectionClosed as exc:
        if settings.sharded or exc.code != SHARDING_REQUIRED:
            raise
        log.warning("Discord requires sharding for this bot (close code %s); restarting sharded", exc.code)
        async with build_bot(get_service, replace(settings, sharded=True), limiter=limiter,
                             gap_report=gap_report, state=state) as sharded_bot:
            await start_until_sigterm(sharded_bot, token)


IN_FLIGHT_TASKS = ("discord.py: on_message", "CommandTree-invoker", "discord-ui-view-dispatch-")
"""Names discord.py gives the tasks that answer a message, a slash command or a button click."""
DRAIN_SECONDS = 5.0


async def start_until_sigterm(bot: AnyBot, token: str) -> None:
    """`bot.start(token)`; on SIGTERM, let the answers in flight finish (up to 5 s), then close."""
    loop = asyncio.get_running_loop()
    stopping: list[asyncio.Task[None]] = []

    async def stop() -> None:
        log.info("SIGTERM: finishing answers in flight, then disconnecting")
        await drain_tasks(IN_FLIGHT_TASKS, timeout=DRAIN_SECONDS)
        await bot.close()

    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows event loops
        loop.add_signal_handler(signal.SIGTERM, lambda: stopping.append(asyncio.ensure_future(stop())))
    try:
        await bot.start(token)
    finally:
        with contextlib.suppress(NotImplementedError):
            loop.remove_signal_handler(signal.SIGTERM)
        if stopping:
            await stopping[0]
        log.info("Discord bot stopped")


async def drain_tasks(prefixes: tuple[str, ...], *, timeout: float) -> None:
    """Wait up to `timeout` seconds for the running tasks whose names start with one of `prefixes`."""
    current = asyncio.current_task()
    pending = {t for t in asyncio.all_tasks() if t is not current and t.get_name().startswith(prefixes)}
    if pending:
        await asyncio.wait(pending, timeout=timeout)


def run_command(args: argparse.Namespace, get_service: ServiceFactory,
                env: Mapping[str, str] | None = None, *, limiter: RateLimiter | None = None,
                gap_report: GapReport | None = None, state: SharedState | None = None) -> int:
    """`python -m bot discord [--invite-url | --sync [--guild ID]] [--sharded]`.

    `limiter` applies when serving; with `gap_report` (the gap log's summary for a period) the bot also has
    `/gaps`, registered by `--sync` too.
    """
    settings = DiscordSettings.from_env(env, sharded=bool(getattr(args, "sharded", False)))
    if args.invite_url:
        print(invite_url(settings.application_id))
        return 0
    if args.guild is not None and not args.sync:
        raise DiscordConfigError("--guild only applies with --sync")
    token = settings.require_token()
    get_service()  # load the fact base now: fail before connecting, not on the first question
    if not logging.getLogger().handlers:  # `python -m bot` sets up logging (--log-json) before this
        discord.utils.setup_logging(level=logging.INFO)
    try:
        if args.sync:
            synced = asyncio.run(sync_commands(build_bot(get_service, settings, gap_report=gap_report), token,
                                               args.guild))
            where = f"to guild {args.guild} (available now)" if args.guild else "globally (may take up to an hour)"
            print(f"synced {len(synced)} commands {where}: {', '.join('/' + c.name for c in synced)}")
        else:
            asyncio.run(serve(get_service, settings, limiter=limiter, gap_report=gap_report, state=state))
    except discord.LoginFailure:
        raise DiscordConfigError("Discord rejected DISCORD_TOKEN (401): reset it under Bot > Reset Token") from None
    except discord.ConnectionClosed as exc:  # the gateway closed for good (a bad intent, shard count, ...)
        raise DiscordConfigError(f"Discord closed the gateway connection (code {exc.code}: "
                                 f"{_one_line(exc.reason or 'no reason given')})") from None
    except (discord.GatewayNotFound, discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as exc:
        # login (an HTTPS call) or the gateway failed: no network, DNS, a proxy, or Discord is down
        raise DiscordConfigError(f"could not reach Discord ({_one_line(str(exc) or type(exc).__name__)}): "
                                 f"check the network or proxy, and https://discordstatus.com") from None
    except discord.PrivilegedIntentsRequired:  # pragma: no cover - the bot asks for none
        raise DiscordConfigError("Discord refused an intent; this bot needs no privileged intent") from None
    return 0


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
