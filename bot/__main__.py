"""The command line, `python -m bot`: parses arguments, builds the service, runs a command.

This is the only place that wires objects together. Platform adapters are
imported inside their command handlers, so `ask`, `chat` and `check` never load
discord.py or slack-bolt.
"""

from __future__ import annotations

import argparse
import json
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
