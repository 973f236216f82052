"""The terminal adapter: `ask` prints one answer, `chat` runs a conversation on stdin/stdout.

`ask` is stateless. `chat` keeps one conversation context for the session, so a
follow-up ("and in dollars?", "what about FY2024?") is answered against the
previous answer (see `bot.conversation`).

Reading lines (`ask -`, and `chat` when stdin is not a terminal): each line is decoded on its own, so
a line that is not valid text gets an error answer and the lines after it are answered; a line is
read at most `SCREEN_LENGTH` characters at a time (the rest is skipped, and the line refused as too
long), so one huge line costs no more memory than that. Piped `chat` echoes each question after the
prompt before its answer, so a transcript reads as a conversation, and `quit` or `exit` ends it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from bot.answers import SCREEN_LENGTH, AnswerService
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


@dataclass(frozen=True, slots=True)
class _Undecodable:
    """An input line that is not valid text in the stream's encoding."""

    text: str
    """The line with the bad bytes replaced, for the answer's `question` field."""
    error: UnicodeDecodeError


def read_lines(stream: Iterable[str] | TextIO) -> Iterator[str | _Undecodable]:
    """The lines of `stream`, each decoded on its own when it is a real text file with a binary buffer
    (stdin): a bad line comes out as `_Undecodable`, a line over SCREEN_LENGTH characters cut just past it
    (the rest read and dropped) so the service refuses it as too long. Other iterables are read as they are."""
    binary = getattr(stream, "buffer", None)
    if binary is None or not hasattr(binary, "readline"):
        yield from stream
        return
    encoding = getattr(stream, "encoding", None) or "utf-8"
    limit = 4 * (SCREEN_LENGTH + 1)  # bytes: enough for SCREEN_LENGTH + 1 characters of UTF-8
    while True:
        raw: bytes = binary.readline(limit)
        if not raw:
            return
        if len(raw) == limit and not raw.endswith(b"\n"):
            while (more := binary.readline(1 << 20)) and not more.endswith(b"\n"):
                pass  # the rest of an over-long line: read and dropped
            yield raw.decode(encoding, errors="replace")
            continue
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError as exc:
            yield _Undecodable(raw.decode(encoding, errors="replace"), exc)


def _undecodable_answer(line: _Undecodable) -> Answer:
    error = line.error
    bad = error.object[error.start:error.start + 1].hex()
    return Answer(question=line.text.rstrip("\r\n")[:SCREEN_LENGTH], outcome="decline", confidence=1.0,
                  body=f"That line is not valid {error.encoding} text (byte 0x{bad} at position {error.start + 1}); "
                       "please send it again as plain text.")


def answer_lines(service: ServiceSource, lines: Iterable[str] | TextIO, out: TextIO, *, as_json: bool,
                 explain: bool = False, conversations: Conversations | None = None, echo: bool = False) -> None:
    """Answer one question per input line, in order, flushing after each.

    Args:
        conversations: With it, the lines are one conversation (follow-ups resolved against earlier
            answers; `quit` or `exit` ends it, unanswered); without it, each line stands alone (`ask -`).
        echo: Write each question after the prompt before its answer (piped `chat`, not JSON).
    """
    for line in read_lines(lines):
        if isinstance(line, _Undecodable):
            answer = _undecodable_answer(line)
            question = answer.question
        else:
            question = line.rstrip("\r\n")
            if not as_json and not question.strip():
                continue
            if conversations is not None and question.strip().lower() in QUIT_WORDS:
                return  # the session ends here, as it does at a terminal: not a question, not a gap
            answer = _ask(_current(service), conversations, question, explain=explain)
        if echo:
            out.write(f"{PROMPT}{' '.join(question.split())[:SCREEN_LENGTH]}\n")
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
        answer_lines(service, stdin, stdout, as_json=as_json, explain=explain, conversations=conversations,
                     echo=not as_json)
        return 0
    stdout.write(f"Ask about {', '.join(t.title.lower() for t in _current(service).fact_base.topics)}. "
                 "Type 'help' for examples, 'quit' to leave.\n")
    while True:
        try:
            question = input(PROMPT)
        except (EOFError, KeyboardInterrupt):
            stdout.write("\n")
            return 0
        except UnicodeDecodeError as exc:  # a line the terminal's encoding cannot read: say so, go on
            answer = _undecodable_answer(_Undecodable("", exc))
            stdout.write((to_json_line(answer) if as_json else render(answer)) + "\n\n")
            continue
        if question.strip().lower() in QUIT_WORDS:
            return 0
        if not question.strip():
            continue
        answer = _ask(_current(service), conversations, question, explain=explain)
        stdout.write((to_json_line(answer) if as_json else render(answer, explain=explain)) + "\n\n")
