"""The command line, `python -m bot`: parses arguments, builds the service, runs a command.

This is the only place that wires objects together. Platform adapters are
imported inside their command handlers, so `ask`, `chat` and `check` never load
discord.py or slack-bolt.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from bot.answers import AnswerService
from bot.knowledge import FactBaseError, default_facts_path, load_fact_base

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


class CommandError(Exception):
    """A problem to report to the user as one line, with exit status 2."""


def _service(args: argparse.Namespace) -> AnswerService:
    try:
        return AnswerService(load_fact_base(args.facts))
    except FactBaseError as exc:
        raise CommandError(str(exc)) from None


# --- commands ---------------------------------------------------------------


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question (or, with `-`, one question per line of stdin)."""
    from bot.adapters.console import answer_lines, render, to_json_line

    service = _service(args)
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

    return chat(_service(args), as_json=args.json, explain=args.explain)


def cmd_run(args: argparse.Namespace) -> int:
    """Start the bot where its settings point: Slack, Discord, or else the terminal chat."""
    if os.environ.get("SLACK_BOT_TOKEN"):
        # Socket Mode when an app-level token is set, else HTTP mode on $PORT
        return cmd_slack(argparse.Namespace(facts=args.facts, http=not os.environ.get("SLACK_APP_TOKEN"),
                                            host="0.0.0.0", port=_default_port()))
    if os.environ.get("DISCORD_TOKEN") and not os.environ.get("SLACK_BOT_TOKEN"):
        return cmd_discord(argparse.Namespace(facts=args.facts, invite_url=False, sync=False, guild=None,
                                              sharded=False))
    return cmd_chat(argparse.Namespace(facts=args.facts, json=False, explain=False))


def cmd_discord(args: argparse.Namespace) -> int:
    """Run the Discord bot (DISCORD_TOKEN), print its invite URL, or sync its slash commands."""
    from bot.adapters.discord_app import DiscordConfigError, run_command

    service: list[AnswerService] = []

    def get_service() -> AnswerService:
        if not service:
            service.append(_service(args))
        return service[0]

    try:
        return run_command(args, get_service)
    except DiscordConfigError as exc:
        raise CommandError(str(exc)) from None


def cmd_slack(args: argparse.Namespace) -> int:
    """Run the Slack app: Socket Mode (SLACK_APP_TOKEN), or HTTP mode with --http (see docs/slack.md)."""
    from bot.adapters.slack_app import SlackSettings, SlackSettingsError, run

    try:
        settings = SlackSettings.from_env(mode="http" if args.http else "socket")
        service = _service(args)
        port = args.port if args.port is not None else _default_port()
        return run(settings, lambda: service, http=args.http, host=args.host, port=port)
    except SlackSettingsError as exc:
        raise CommandError(str(exc)) from None


def _default_port() -> int:
    """$PORT (as platforms such as Heroku set it), else 3000."""
    try:
        return int(os.environ.get("PORT") or 3000)
    except ValueError:
        raise CommandError(f"PORT must be a number, not {os.environ['PORT']!r}") from None


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
    """Validate a fact file and print what it holds."""
    path = Path(args.path) if args.path else Path(args.facts)
    try:
        base = load_fact_base(path)
    except FactBaseError as exc:
        raise CommandError(str(exc)) from None
    print(
        f"{base.path}: ok: {len(base.facts)} facts, {len(base.sources)} sources, "
        f"{len(base.countries)} countries, {base.example_count()} example questions, "
        f"{len(base.out_of_scope)} out-of-scope examples (version {base.version})"
    )
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    """Score the bot on a labelled question file."""
    from bot.evaluate import evaluate, load_labelled

    service = _service(args)
    try:
        questions = load_labelled(args.file)
    except (OSError, ValueError) as exc:
        raise CommandError(str(exc)) from None
    report = evaluate(service, questions)
    if args.json:
        print(json.dumps({"accuracy": report.accuracy, "correct": report.correct, "total": report.total,
                          "by_topic": {k: v[0] / v[1] for k, v in report.by_topic.items()}}))
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

    add("run", cmd_run, "start on Slack if SLACK_BOT_TOKEN is set, Discord if DISCORD_TOKEN is set, else chat")

    slack = add("slack", cmd_slack, "run the Slack app: Socket Mode (SLACK_APP_TOKEN) or --http (see docs/slack.md)")
    slack.add_argument("--http", action="store_true",
                       help="serve POST /slack/events and GET /healthz, not Socket Mode (needs SLACK_SIGNING_SECRET)")
    slack.add_argument("--port", type=int, default=None, help="HTTP port (default: $PORT, else 3000)")
    slack.add_argument("--host", default="0.0.0.0", help="HTTP address to bind (default: 0.0.0.0)")

    discord_cmd = add("discord", cmd_discord, "run the Discord bot (needs DISCORD_TOKEN; see docs/discord.md)")
    discord_cmd.add_argument("--invite-url", action="store_true",
                             help="print the URL that adds the bot to a server (reads DISCORD_APPLICATION_ID) and exit")
    discord_cmd.add_argument("--sync", action="store_true", help="register the slash commands with Discord, then exit")
    discord_cmd.add_argument("--guild", type=int, metavar="ID",
                             help="with --sync: register in this server only (instant; global takes up to an hour)")
    discord_cmd.add_argument("--sharded", action="store_true",
                             help="use several gateway connections (AutoShardedClient); also DISCORD_SHARDED=1")

    add("topics", cmd_topics, "list what the bot can answer, by topic")

    check = add("check", cmd_check, "validate a fact file (exit 0 valid, 2 invalid)")
    check.add_argument("path", nargs="?", help="fact file to check (default: the --facts file)")

    evaluate = add("eval", cmd_eval, "score the bot on a labelled question file")
    evaluate.add_argument("file", help="YAML file with questions: [{q: ..., expect: fact-id|decline}]")
    evaluate.add_argument("--min", type=float, metavar="PERCENT", help="exit 1 if accuracy is under this")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.add_argument("--show", type=int, default=50, metavar="N", help="show at most N misses")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
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
