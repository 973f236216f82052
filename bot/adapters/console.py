"""The terminal adapter: `ask` prints one answer, `chat` runs a conversation on stdin/stdout.

`ask` is stateless. `chat` keeps one conversation context for the session, so a
follow-up ("and in dollars?", "what about FY2024?") is answered against the
previous answer (see `bot.conversation`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import TextIO

from bot.answers import AnswerService
from bot.conversation import Conversations
from bot.models import Answer

PROMPT = "you> "
SESSION = "console"
"""The conversation key of the terminal session: one context per `chat`."""
QUIT_WORDS = frozenset({"quit", "exit", "bye", ":q"})


def render(answer: Answer, *, explain: bool = False) -> str:
    """An answer as readable terminal text, with suggestions and (optionally) the reasoning."""
    lines = [answer.text]
    if answer.suggestions and answer.outcome != "answer":
        lines.append("Try: " + " | ".join(answer.suggestions))
    if explain and answer.explanation is not None:
        e = answer.explanation
        lines.append("")
        if answer.follow_up_of is not None:
            lines.append(f"[explain] follow-up of: {answer.follow_up_of!r}")
            lines.append(f"[explain] answered as: {answer.asked!r}")
        lines.append(f"[explain] outcome={answer.outcome} confidence={answer.confidence:.3f}")
        lines.append(f"[explain] normalised: {e.normalized!r}")
        lines.append(f"[explain] tokens: {' '.join(e.tokens) or '-'}  unknown: {' '.join(e.unknown_tokens) or '-'}")
        lines.append(
            f"[explain] years: {list(e.years) or '-'}  countries: {list(e.countries) or '-'}"
            f"  other countries: {list(e.other_countries) or '-'}"
        )
        for c in e.candidates:
            lines.append(
                f"[explain]   {c.score:.3f}  {c.fact_id:<32} coverage={c.coverage:.2f} fuzzy={c.fuzzy:.0f}"
            )
        lines.append(f"[explain] decision: {e.reason}")
        if answer.derived:
            lines.append(f"[explain] derived from the fact base's figures: {answer.derived}")
    elif explain and answer.follow_up_of is not None:
        lines.append("")
        lines.append(f"[explain] follow-up of: {answer.follow_up_of!r}")
    return "\n".join(lines)


def to_json_line(answer: Answer) -> str:
    return json.dumps(answer.to_json(), ensure_ascii=False)


ServiceSource = AnswerService | Callable[[], AnswerService]
"""A service, or a function returning the current one (a live-reloading holder's `get`)."""


def _current(service: ServiceSource) -> AnswerService:
    return service() if callable(service) else service


def answer_lines(service: ServiceSource, lines: Iterable[str], out: TextIO, *, as_json: bool,
                 explain: bool = False, conversations: Conversations | None = None) -> None:
    """Answer one question per input line, in order, flushing after each.

    Args:
        conversations: With it, the lines are one conversation (follow-ups resolved against earlier
            answers); without it, each line stands alone (`ask -`).
    """
    for line in lines:
        question = line.rstrip("\r\n")
        if not as_json and not question.strip():
            continue
        answer = _ask(_current(service), conversations, question, explain=explain)
        out.write((to_json_line(answer) if as_json else render(answer, explain=explain) + "\n") + "\n")
        out.flush()


def _ask(service: AnswerService, conversations: Conversations | None, question: str, *, explain: bool) -> Answer:
    if conversations is None:
        return service.ask(question, explain=explain)
    return conversations.ask(service, SESSION, question, explain=explain)


def chat(service: ServiceSource, *, as_json: bool = False, explain: bool = False,
         stdin: TextIO | None = None, stdout: TextIO | None = None,
         conversations: Conversations | None = None) -> int:
    """Interactive when stdin is a terminal; otherwise one question per line. One conversation either way.

    Args:
        conversations: The context store (default: settings from the environment, see `bot.conversation`).
    """
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    conversations = conversations or Conversations.from_env()
    if not stdin.isatty():
        answer_lines(service, stdin, stdout, as_json=as_json, explain=explain, conversations=conversations)
        return 0
    stdout.write(f"Ask about {', '.join(t.title.lower() for t in _current(service).fact_base.topics)}. "
                 "Type 'help' for examples, 'quit' to leave.\n")
    while True:
        try:
            question = input(PROMPT)
        except (EOFError, KeyboardInterrupt):
            stdout.write("\n")
            return 0
        if question.strip().lower() in QUIT_WORDS:
            return 0
        if not question.strip():
            continue
        answer = _ask(_current(service), conversations, question, explain=explain)
        stdout.write((to_json_line(answer) if as_json else render(answer, explain=explain)) + "\n\n")
