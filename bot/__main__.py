"""The command line, `python -m bot`: parses arguments, builds the service, runs a command.

This is the only place that wires objects together. Platform adapters are
imported inside their command handlers, so `ask`, `chat` and `check` never load
discord.py or slack-bolt.

Settings come from the environment; a `.env` file in the working directory (or the file
`BOT_ENV_FILE` names; `off` for none) fills in the variables the environment does not set,
as slack-bolt's and discord.py's starter projects do. Real environment variables always win.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import json
import logging
import os
import re
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from bot import __version__
from bot.answers import AnswerService
from bot.knowledge import FactBaseError, default_facts_path, default_sources_path, load_fact_base
from bot.logs import ObservedService, Observer, QuestionLog, configure
from bot.ratelimit import RateLimiter, RateLimitError
from bot.reload import FactWatcher, ServiceHolder, poll_interval, watching

if TYPE_CHECKING:
    from bot.adapters.slack_app import SlackSettings
    from bot.gaplog import GapLog
    from bot.state import SharedState

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


@dataclass(frozen=True, slots=True)
class WebhookPlatform:
    """A platform that calls the bot over HTTP. Its adapter module (imported only when its command runs) has
    `Settings.from_env()`, raising ValueError with one line, and
    `serve(settings, get_service, *, host, port, state, status) -> int`."""

    module: str
    setting: str
    """`run` starts this platform when this environment variable is set (and Slack's and Discord's are not)."""
    help: str


WEBHOOK_PLATFORMS = {  # a new webhook platform is one module pair in bot/adapters/ and one line here
    "teams": WebhookPlatform("bot.adapters.teams_app", "TEAMS_WEBHOOK_SECRET", "serve a Teams outgoing webhook"),
}


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


class CommandError(Exception):
    """A problem to report to the user as one line, with exit status 2."""


def _fact_base_error(exc: FactBaseError, path: str | os.PathLike[str]) -> CommandError:
    """The loader's one line, plus how to point the bot at a fact file when there is none at `path`."""
    if not Path(path).exists():
        return CommandError(f"{exc}: set BOT_FACTS (or pass --facts) to a fact file such as the "
                            f"repository's knowledge/facts.yaml")
    return CommandError(str(exc))


def _service(args: argparse.Namespace, observers: Sequence[Observer] = ()) -> AnswerService:
    try:
        base = load_fact_base(args.facts)
    except FactBaseError as exc:
        raise _fact_base_error(exc, args.facts) from None
    return ObservedService(base, observers=observers) if observers else AnswerService(base)


def _gap_log(stack: contextlib.ExitStack, platform: str, *, default: bool) -> GapLog | None:
    """The gap log ($BOT_GAP_LOG; gaps.sqlite3 when `default`), closed (its queue written) when `stack` exits."""
    from bot.gaplog import GapLog, gap_path

    path = gap_path(default=default)
    return stack.enter_context(GapLog(path, platform=platform)) if path is not None else None


def _holder(args: argparse.Namespace, platform: str, gaps: GapLog | None = None) -> ServiceHolder:
    """The fact base behind a swappable reference, for the long-running commands (live reload).

    Every question its services answer is logged (outcome, fact ids, confidence, latency; never the text),
    and every gap goes to the gap log.
    """
    observers: list[Observer] = [QuestionLog(platform)]
    if gaps is not None:
        observers.append(gaps)
    try:
        return ServiceHolder(args.facts, build=lambda base: ObservedService(base, observers=observers))
    except FactBaseError as exc:
        raise _fact_base_error(exc, args.facts) from None


def _start_logging(args: argparse.Namespace, *, level: int = logging.INFO) -> None:
    """Log records to stderr: JSON lines with --log-json (or BOT_LOG_JSON=1), else readable lines."""
    json_lines = bool(getattr(args, "log_json", False)) or os.environ.get("BOT_LOG_JSON", "") in {"1", "true", "yes"}
    configure(json_lines=json_lines, level=logging.INFO if json_lines else level)


def _limiter() -> RateLimiter:
    try:
        return RateLimiter.from_env()
    except RateLimitError as exc:
        raise CommandError(str(exc)) from None


def _shared_state(limiter: RateLimiter | None) -> SharedState:
    """Where rate buckets, seen event ids and conversation contexts live: the one place that chooses, from
    the environment (Redis when BOT_REDIS_URL is set, else this process's memory)."""
    from bot.state import build_state

    try:
        return build_state(limiter=limiter)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


class _Terminated(Exception):
    """SIGTERM arrived (platforms send it before stopping a process)."""


def _raise_terminated(_signum: int, _frame: object) -> None:
    raise _Terminated


def _check_settings() -> None:
    """Read every BOT_* setting a long-running command uses, before anything starts, so a bad value is one
    line and exit 2 rather than a traceback (or, worse, a watcher thread that dies later)."""
    from bot.conversation import ConversationSettings
    from bot.gaplog import retention_days

    try:
        ConversationSettings.from_env()
        poll_interval()
        retention_days()
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    _limiter()
    _shared_state(None)


def _watching(holder: ServiceHolder) -> contextlib.AbstractContextManager[FactWatcher]:
    """Reload the fact base when its file changes (every $BOT_RELOAD_SECONDS, default 2) or on SIGHUP."""
    try:
        interval = poll_interval()
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    return watching(holder, interval=interval)


# --- commands ---------------------------------------------------------------


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question (or, with `-`, one question per line of stdin)."""
    from bot.adapters.console import answer_lines, render, to_json_line

    with contextlib.ExitStack() as stack:
        gaps = _gap_log(stack, "ask", default=False)  # only when BOT_GAP_LOG is set
        service = _service(args, [gaps] if gaps is not None else [])
        if args.question == ["-"]:
            answer_lines(service, sys.stdin, sys.stdout, as_json=args.json, explain=args.explain)
            return EXIT_OK
        question = " ".join(args.question)
        answer = service.ask(question, explain=args.explain)
        print(to_json_line(answer) if args.json else render(answer, explain=args.explain))
        return EXIT_OK


def cmd_chat(args: argparse.Namespace) -> int:
    """An interactive session in the terminal."""
    from bot.adapters.console import chat

    _check_settings()
    _start_logging(args, level=logging.WARNING)  # the terminal is for answers: only problems, unless --log-json
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        with contextlib.ExitStack() as stack:
            holder = _holder(args, "console", _gap_log(stack, "console", default=True))
            stack.enter_context(_watching(holder))
            return chat(holder.get, as_json=args.json, explain=args.explain)
    except _Terminated:
        logging.getLogger(__name__).info("SIGTERM: chat stopped")
        return EXIT_OK
    finally:
        signal.signal(signal.SIGTERM, previous)


def cmd_run(args: argparse.Namespace) -> int:
    """Start the bot where its settings point: Slack, Discord, or else the terminal chat."""
    if os.environ.get("SLACK_BOT_TOKEN"):
        # Socket Mode when an app-level token is set, else HTTP mode on $PORT
        if not (os.environ.get("SLACK_APP_TOKEN") or os.environ.get("SLACK_SIGNING_SECRET")):
            raise CommandError("SLACK_BOT_TOKEN is set, but neither SLACK_APP_TOKEN (Socket Mode: an app-level "
                               "token, xapp-..., from Basic Information > App-Level Tokens) nor "
                               "SLACK_SIGNING_SECRET (HTTP mode: Basic Information > App Credentials) is; "
                               "set one (see docs/slack.md)")
        return cmd_slack(argparse.Namespace(facts=args.facts, http=not os.environ.get("SLACK_APP_TOKEN"),
                                            host="0.0.0.0", port=_default_port(), log_json=args.log_json,
                                            manifest=False))
    if os.environ.get("DISCORD_TOKEN") and not os.environ.get("SLACK_BOT_TOKEN"):
        return cmd_discord(argparse.Namespace(facts=args.facts, invite_url=False, sync=False, guild=None,
                                              sharded=False, log_json=args.log_json))
    for name, platform in WEBHOOK_PLATFORMS.items():
        if os.environ.get(platform.setting):
            return cmd_webhook(argparse.Namespace(command=name, facts=args.facts, host="0.0.0.0", port=None,
                                                  log_json=args.log_json))
    return cmd_chat(argparse.Namespace(facts=args.facts, json=False, explain=False, log_json=args.log_json))


def cmd_discord(args: argparse.Namespace) -> int:
    """Run the Discord bot (DISCORD_TOKEN), print its invite URL, or sync its slash commands."""
    from bot.adapters.discord_app import DiscordConfigError, run_command
    from bot.gaplog import gap_path, summary

    holders: list[ServiceHolder] = []
    serving = not (args.invite_url or args.sync)
    gap_file = gap_path(default=True)  # with a gap log, /gaps (Manage Server only) is registered too
    if serving:
        _check_settings()
        _start_logging(args)

    def get_service() -> AnswerService:
        if not holders:  # loaded on first use: --invite-url needs no fact base
            holders.append(_holder(args, "discord", _gap_log(stack, "discord", default=True) if serving else None))
            if serving:
                stack.enter_context(_watching(holders[0]))
        return holders[0].get()

    with contextlib.ExitStack() as stack:
        try:
            limiter = _limiter() if serving else None
            return run_command(args, get_service, limiter=limiter,
                               state=_shared_state(limiter) if serving else None,
                               gap_report=functools.partial(summary, gap_file) if gap_file is not None else None)
        except DiscordConfigError as exc:
            raise CommandError(str(exc)) from None


def cmd_slack(args: argparse.Namespace) -> int:
    """Run the Slack app: Socket Mode (SLACK_APP_TOKEN), or HTTP mode with --http (see docs/slack.md).

    With --manifest, print the app manifest for that mode instead (no tokens, no network).
    """
    if getattr(args, "manifest", False):
        return _print_manifest(args)
    from bot.adapters.slack_app import SlackSettings, SlackSettingsError, run

    try:
        settings = SlackSettings.from_env(mode="http" if args.http else "socket")
        _check_settings()
        if getattr(args, "command_prefix", ""):  # the flag wins over SLACK_COMMAND_PREFIX, as in --manifest
            settings = _with_prefix(settings, args.command_prefix)
        _start_logging(args)
        port = args.port if args.port is not None else _default_port()
        with contextlib.ExitStack() as stack:
            gaps = _gap_log(stack, "slack", default=True)
            holder = _holder(args, "slack", gaps)
            stack.enter_context(_watching(holder))

            state = _shared_state(_limiter())

            def status() -> dict[str, object]:
                return {**_public_status(holder.state.to_json(), gaps.state() if gaps is not None else None),
                        "shared_state": state.health()}

            from bot.gaplog import summary

            report = functools.partial(summary, gaps.path) if gaps is not None else None
            admins = frozenset(u.strip() for u in os.environ.get("BOT_GAP_ADMINS", "").split(",") if u.strip())
            return run(settings, holder.get, http=args.http, host=args.host, port=port, limiter=None,
                       status=status, gap_report=report, gap_admins=admins, state=state)
    except SlackSettingsError as exc:
        raise CommandError(str(exc)) from None


def cmd_webhook(args: argparse.Namespace) -> int:
    """Serve a platform of `WEBHOOK_PLATFORMS` (`args.command`) over HTTP on --port, with /healthz."""
    adapter = importlib.import_module(WEBHOOK_PLATFORMS[args.command].module)
    try:
        settings = adapter.Settings.from_env()
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    _check_settings()
    _start_logging(args)
    port = args.port if args.port is not None else _default_port()
    with contextlib.ExitStack() as stack:
        gaps = _gap_log(stack, args.command, default=True)
        holder = _holder(args, args.command, gaps)
        stack.enter_context(_watching(holder))
        state = _shared_state(_limiter())

        def status() -> dict[str, object]:
            return {**_public_status(holder.state.to_json(), gaps.state() if gaps is not None else None),
                    "shared_state": state.health()}

        return int(adapter.serve(settings, holder.get, host=args.host, port=port, state=state, status=status))


def _with_prefix(settings: SlackSettings, prefix: str) -> SlackSettings:
    import dataclasses

    from bot.adapters.slack_commands import check_prefix

    try:
        return dataclasses.replace(settings, command_prefix=check_prefix(prefix))
    except ValueError as exc:
        raise CommandError(f"--command-prefix: {exc}") from None


def _print_manifest(args: argparse.Namespace) -> int:
    """`slack --manifest [--url URL] [--command-prefix X]`: the Slack app manifest on stdout."""
    from bot.adapters.slack_commands import check_prefix, manifest_yaml
    from bot.quick import quick_commands

    url = getattr(args, "url", None)
    if url is not None and not url.startswith("https://"):
        raise CommandError(f"--url must be your public https:// base URL (Slack sends requests only over HTTPS), "
                           f"not {url!r}")
    try:
        prefix = check_prefix(args.command_prefix or os.environ.get("SLACK_COMMAND_PREFIX", "").strip())
    except ValueError as exc:
        raise CommandError(f"--command-prefix: {exc}") from None
    quick = quick_commands(_service(args).fact_base)
    sys.stdout.write(manifest_yaml(quick, url=url, prefix=prefix))
    return EXIT_OK


_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/(?:[^\s/:'\"]+/)+([^\s/:'\"]+)")
"""An absolute POSIX path in a message; /healthz shows only its last part."""


def _public_status(state: dict[str, object], gaps: dict[str, object] | None) -> dict[str, object]:
    """What /healthz shows about the fact base and the gap log: file names, never absolute paths."""
    fact_file = Path(str(state.pop("path", "")))
    error = state.get("last_error")
    if isinstance(error, str):
        state["last_error"] = _ABSOLUTE_PATH.sub(r"\1", error.replace(str(fact_file), fact_file.name))
    gap_log: dict[str, object] | str = "off"
    if gaps is not None:
        gap_log = {k: v for k, v in gaps.items() if k != "path"}
        if "path" in gaps:  # PostgreSQL: its URL, without the password
            gap_log["file"] = Path(str(gaps["path"])).name
    return {"fact_file": fact_file.name, **state, "gap_log": gap_log}


def _default_port() -> int:
    """$PORT (as platforms such as Heroku set it), else 3000."""
    try:
        return int(os.environ.get("PORT") or 3000)
    except ValueError:
        raise CommandError(f"PORT must be a number, not {os.environ['PORT']!r}") from None


def cmd_status(args: argparse.Namespace) -> int:
    """One line on the fact base a bot started now would serve: version hash, fact count, load time."""
    from bot.gaplog import describe, gap_path

    state = _holder(args, "status").state
    gaps = describe(gap_path(default=True))
    shared = _shared_state_now()
    if args.json:
        print(json.dumps({**state.to_json(), "gap_log": gaps, "shared_state": shared}))
    else:
        where = shared["backend"] if shared["backend"] == "memory" else (
            f"{shared['backend']} {shared.get('url')} ({'reachable' if shared.get('reachable') else 'unreachable'})")
        print(f"{state.path}: version {state.version}, {state.facts} facts, loaded in "
              f"{state.load_seconds * 1000:.0f} ms (validate + index); gap log: {gaps}; shared state: {where}")
    return EXIT_OK


def _shared_state_now() -> dict[str, object]:
    """Where a bot started now would keep its shared state, and whether that store answers (one ping)."""
    import asyncio

    state = _shared_state(None)

    async def probe() -> dict[str, object]:
        await state.start()
        await state.close()
        return state.health()

    quiet = logging.getLogger("bot.redis_state")
    was = quiet.disabled
    quiet.disabled = True  # status reports it in its line, not as a warning besides
    try:
        return asyncio.run(probe())
    finally:
        quiet.disabled = was


def cmd_healthcheck(args: argparse.Namespace) -> int:
    """For a container's HEALTHCHECK: exit 0 when the bot in this container is healthy, else 1.

    It asks GET /healthz on 127.0.0.1:$PORT (or --port), which Slack HTTP mode serves (200 only while the fact
    base is loaded and the last check of the Slack token passed), and so do the webhook platforms (Teams).
    Socket Mode, Discord and chat serve no HTTP: when nothing listens there and the settings are not those of an
    HTTP mode (`run` picks Slack HTTP mode when SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN, and a webhook
    platform when its setting is set), the container lives exactly as long as the bot's process, so there is
    nothing more to ask, and it exits 0.
    """
    import urllib.error
    import urllib.request

    http_mode = (bool(os.environ.get("SLACK_BOT_TOKEN")) and not os.environ.get("SLACK_APP_TOKEN")) or any(
        os.environ.get(p.setting) for p in WEBHOOK_PLATFORMS.values())
    url = f"http://127.0.0.1:{args.port or _default_port()}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=args.timeout) as response:
            body = json.loads(response.read())
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, ConnectionRefusedError) and not (http_mode or args.port):
            print("healthy: this mode serves no HTTP; the container runs as long as the bot does")
            return EXIT_OK
        print(f"unhealthy: {url}: {exc}")  # a 503 (HTTPError is a URLError), refused in HTTP mode, timed out
        return EXIT_FAILED
    except (OSError, ValueError) as exc:  # reset, timed out while reading, not JSON
        print(f"unhealthy: {url}: {exc}")
        return EXIT_FAILED
    healthy = isinstance(body, dict) and body.get("ok") is True
    print(f"{'healthy' if healthy else 'unhealthy'}: {url}")
    return EXIT_OK if healthy else EXIT_FAILED


def cmd_gaps(args: argparse.Namespace) -> int:
    """What people asked that the bot could not answer, grouped, with the nearest fact."""
    import sqlite3

    from bot.gaplog import (
        GapReadError,
        GapTarget,
        PostgresURL,
        gap_path,
        gap_report,
        is_postgres_url,
        parse_since,
        read_gaps,
        render_report,
    )

    named: GapTarget | None = None
    if args.db:
        named = PostgresURL(args.db) if is_postgres_url(args.db) else Path(args.db)
    path = named or gap_path(default=True)
    if path is None:
        raise CommandError("the gap log is off (BOT_GAP_LOG=off); pass --db PATH to read one")
    try:
        since = parse_since(args.since) if args.since else None
        gaps = read_gaps(path, since_seconds=since)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    except sqlite3.Error as exc:
        raise CommandError(f"{path} is not a readable gap log: {exc}") from None
    except GapReadError as exc:
        raise CommandError(str(exc)) from None
    print(render_report(gap_report(gaps, top=args.top), as_yaml=args.yaml))
    return EXIT_OK


def cmd_topics(args: argparse.Namespace) -> int:
    """What the bot can answer, grouped by topic."""
    service = _service(args)
    for title, command, facts in service.topics_overview():
        print(f"{title}" + (f"  ({command})" if command else ""))
        for fact in facts:
            print(f"  - {fact.title}: e.g. \"{fact.questions[0]}\"")
    partners = [c.name for c in service.fact_base.countries if c.status != "mentioned"]
    print(f"Countries (ask \"is <country> an OSA recipient?\"): {', '.join(partners)}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Validate a fact file, print what it holds, then lint it (bot/lint.py)."""
    from bot.lint import lint

    path = Path(args.path) if args.path else Path(args.facts)
    try:
        base = load_fact_base(path)
        text = path.read_text(encoding="utf-8")
    except FactBaseError as exc:
        raise CommandError(str(exc)) from None
    sources = Path(args.sources) if args.sources else default_sources_path()
    findings = lint(base, text, stale_days=args.stale_days, source_dir=sources)
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    for finding in findings:
        print(finding.render(base.path))
    verdict = "ok" if not errors else f"{errors} error{'s' * (errors != 1)}"
    if warnings:
        verdict += f", {warnings} warning{'s' * (warnings != 1)}" + (" (--strict)" if args.strict else "")
    print(
        f"{base.path}: {verdict}: {len(base.facts)} facts, {len(base.sources)} sources, "
        f"{len(base.countries)} countries, {base.example_count()} example questions, "
        f"{len(base.out_of_scope)} out-of-scope examples (version {base.version})"
    )
    return EXIT_USAGE if errors or (warnings and args.strict) else EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    """Score the bot on a labelled question file."""
    import yaml

    from bot.evaluate import (
        ContentReport,
        EvalReport,
        evaluate,
        evaluate_content,
        is_content_labelled,
        load_content_labelled,
        load_labelled,
    )

    service = _service(args)
    report: EvalReport | ContentReport
    try:
        if is_content_labelled(args.file):
            report = evaluate_content(service, load_content_labelled(args.file))
        else:
            report = evaluate(service, load_labelled(args.file))
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        scores: dict[str, object] = {"accuracy": report.accuracy, "correct": report.correct, "total": report.total}
        if isinstance(report, ContentReport):
            scores |= {"in_scope": report.rate("in"), "out_of_scope": report.rate("out")}
        else:
            scores["by_topic"] = {k: v[0] / v[1] for k, v in report.by_topic.items()}
        print(json.dumps(scores))
    else:
        print(report.render(show_misses=args.show))
    if args.min is not None and report.accuracy * 100 < args.min:
        print(f"accuracy {report.accuracy:.1%} is under --min {args.min}%", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


# --- parser -----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bot",
        description="Answers questions about Japan's defence budget, OSA and defence-export rules "
        "from a sourced fact base.",
    )
    parser.add_argument(
        "--facts", default=str(default_facts_path()), metavar="PATH",
        help="fact base to use (default: $BOT_FACTS or the repository's knowledge/facts.yaml)",
    )
    parser.add_argument("--version", action="version", version=f"defence-qa-bot {__version__}")
    parser.add_argument(
        "--log-json", action="store_true",
        help="chat, slack, discord, run: log one JSON object per line on stderr (also BOT_LOG_JSON=1)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        return command

    ask = add("ask", cmd_ask, "answer one question and show its source")
    ask.add_argument("question", nargs="+", help='the question, or "-" to read one question per line of stdin')
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.add_argument("--explain", action="store_true", help="show how the question was matched")

    chat = add("chat", cmd_chat, "talk to the bot in the terminal (reads lines when stdin is not a terminal)")
    chat.add_argument("--json", action="store_true", help="print one JSON object per answer")
    chat.add_argument("--explain", action="store_true", help="show how each question was matched")

    add("run", cmd_run, "start on Slack if SLACK_BOT_TOKEN is set, Discord if DISCORD_TOKEN is set, "
        + "".join(f"{name.title()} if {p.setting} is set, " for name, p in WEBHOOK_PLATFORMS.items()) + "else chat")

    slack = add("slack", cmd_slack, "run the Slack app: Socket Mode (SLACK_APP_TOKEN) or --http (see docs/slack.md)")
    slack.add_argument("--http", action="store_true",
                       help="serve POST /slack/events and GET /healthz, not Socket Mode (needs SLACK_SIGNING_SECRET)")
    slack.add_argument("--port", type=int, default=None, help="HTTP port (default: $PORT, else 3000)")
    slack.add_argument("--host", default="0.0.0.0", help="HTTP address to bind (default: 0.0.0.0)")
    slack.add_argument("--manifest", action="store_true",
                       help="print the Slack app manifest (Socket Mode; HTTP mode with --url) and exit")
    slack.add_argument("--url", metavar="https://HOST",
                       help="with --manifest: your public base URL; requests go to URL/slack/events (HTTP mode)")
    slack.add_argument("--command-prefix", default="", metavar="X",
                       help="the slash commands are /X<name>, e.g. jp- for /jp-budget, both in --manifest and when "
                       "running (default: $SLACK_COMMAND_PREFIX, else none)")

    discord_cmd = add("discord", cmd_discord, "run the Discord bot (needs DISCORD_TOKEN; see docs/discord.md)")
    discord_cmd.add_argument("--invite-url", action="store_true",
                             help="print the URL that adds the bot to a server (reads DISCORD_APPLICATION_ID) and exit")
    discord_cmd.add_argument("--sync", action="store_true", help="register the slash commands with Discord, then exit")
    discord_cmd.add_argument("--guild", type=int, metavar="ID",
                             help="with --sync: register in this server only (instant; global takes up to an hour)")
    discord_cmd.add_argument("--sharded", action="store_true",
                             help="use several gateway connections (AutoShardedClient); also DISCORD_SHARDED=1")

    for name, platform in WEBHOOK_PLATFORMS.items():
        webhook = add(name, cmd_webhook, platform.help)
        webhook.add_argument("--port", type=int, default=None, help="HTTP port (default: $PORT, else 3000)")
        webhook.add_argument("--host", default="0.0.0.0", help="HTTP address to bind (default: 0.0.0.0)")

    add("topics", cmd_topics, "list what the bot can answer, by topic")

    health = add("healthcheck", cmd_healthcheck,
                 "exit 0 if the bot running here is healthy (for a container HEALTHCHECK; see --help)")
    health.add_argument("--port", type=int, default=None,
                        help="ask GET /healthz on this local port (default: $PORT or 3000, in Slack HTTP mode)")
    health.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for /healthz (default 3)")

    status = add("status", cmd_status, "the fact base's version hash, fact count and load time")
    status.add_argument("--json", action="store_true", help="print one JSON object")

    gaps = add("gaps", cmd_gaps, "what people asked that the bot could not answer, grouped (the gap log)")
    gaps.add_argument("--since", metavar="AGE", help="only gaps newer than this: 30m, 12h, 7d, 2w")
    gaps.add_argument("--top", type=int, default=20, metavar="N", help="show the N biggest groups (default 20)")
    gaps.add_argument("--yaml", action="store_true", help="print questions: entries to paste into facts.yaml")
    gaps.add_argument("--db", metavar="PATH",
                      help="the gap log to read, a file or a postgresql:// URL (default: $BOT_GAP_LOG or gaps.sqlite3)")

    check = add("check", cmd_check, "validate and lint a fact file (exit 0 valid, 2 invalid or lint errors)")
    check.add_argument("path", nargs="?", help="fact file to check (default: the --facts file)")
    check.add_argument("--stale-days", type=int, metavar="N",
                       help="warn about facts whose as_of is more than N days old")
    check.add_argument("--strict", action="store_true", help="exit 2 on warnings too (for CI)")
    check.add_argument("--sources", metavar="DIR",
                       help="the source pack, to check countries are named in their sources "
                       "(default: $BOT_SOURCES, else ../shared/sources beside the repository, if present)")

    evaluate = add("eval", cmd_eval, "score the bot on a labelled question file")
    evaluate.add_argument("file", help="YAML file with questions: [{q: ..., expect: fact-id|decline}]")
    evaluate.add_argument("--min", type=float, metavar="PERCENT", help="exit 1 if accuracy is under this")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.add_argument("--show", type=int, default=50, metavar="N", help="show at most N misses")
    return parser


def load_env_file(env: os._Environ[str] | dict[str, str] | None = None) -> Path | None:
    """Fill unset variables from `.env` in the working directory, or from $BOT_ENV_FILE (`off`: none).

    Variables already in the environment are never overridden; values are never logged or printed.
    Returns the file read, if any.
    """
    env = os.environ if env is None else env
    configured = env.get("BOT_ENV_FILE", "").strip()
    if configured.lower() == "off":
        return None
    path = Path(configured or ".env")
    if not path.is_file():
        if configured:
            raise CommandError(f"BOT_ENV_FILE names {configured!r}, which is not a file")
        return None
    from dotenv import dotenv_values

    for name, value in dotenv_values(path).items():
        if value is not None and name not in env:
            env[name] = value
    return path


def main(argv: Sequence[str] | None = None) -> int:
    try:
        load_env_file()  # first: the parser's defaults read BOT_FACTS
    except CommandError as exc:
        print(f"bot: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except CommandError as exc:
        print(f"bot: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
