"""Logs for a running bot: one line per question, JSON or readable, and never a secret.

`configure(json_lines=...)` sets up the root logger on stderr. With `json_lines` every record is
one JSON object per line (`time`, `level`, `logger`, `message` and the record's fields, e.g. a
question's `outcome`, `facts`, `confidence`, `latency_ms`); otherwise readable lines.

Both formatters pass their output through `redact`, which replaces the values of the secret
settings (`SLACK_BOT_TOKEN`, `SLACK_SIGNING_SECRET`, `SLACK_APP_TOKEN`, `DISCORD_TOKEN`) and
anything shaped like a Slack or Discord token with `[redacted]`, tracebacks included.

`ObservedService` is the answer service that logs each question it answers (never its text:
the outcome, fact ids, confidence, latency and platform).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TextIO

from bot.answers import AnswerService
from bot.models import Answer, FactBase

__all__ = ["SECRET_SETTINGS", "JsonFormatter", "ObservedService", "QuestionLog", "ReadableFormatter",
           "configure", "redact"]

SECRET_SETTINGS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "BOT_GAP_SALT")
REDACTED = "[redacted]"
_TOKEN_SHAPES = re.compile(
    r"xox[a-z]-[A-Za-z0-9-]{6,}"  # Slack bot/user tokens
    r"|xapp-[A-Za-z0-9-]{6,}"  # Slack app-level tokens
    r"|[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"  # Discord bot tokens
)
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

QUESTION_LOGGER = "bot.questions"


def redact(text: str, env: Mapping[str, str] | None = None) -> str:
    """`text` with every secret setting's value and every token-shaped string replaced by [redacted]."""
    env = os.environ if env is None else env
    for name in SECRET_SETTINGS:
        value = env.get(name, "").strip()
        if len(value) >= 6 and value in text:
            text = text.replace(value, REDACTED)
    return _TOKEN_SHAPES.sub(REDACTED, text) if ("x" in text or "." in text) else text


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _RECORD_FIELDS and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info)
        return redact(json.dumps(data, ensure_ascii=False, default=str))


class ReadableFormatter(logging.Formatter):
    """`2026-11-27 18:00:00,123 INFO bot.questions: answer facts=... confidence=...`."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure(*, json_lines: bool, level: int = logging.INFO, stream: TextIO | None = None) -> logging.Handler:
    """Send every log record to stderr (or `stream`), as JSON lines or readable lines; returns the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines else ReadableFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler


Observer = Callable[[AnswerService, Answer, float], None]
"""Called after each answer with the service that answered, the answer and the seconds it took."""


class QuestionLog:
    """Logs one record per question on `bot.questions`: outcome, fact ids, confidence, latency, platform."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self._log = logging.getLogger(QUESTION_LOGGER)

    def __call__(self, service: AnswerService, answer: Answer, seconds: float) -> None:
        if not self._log.isEnabledFor(logging.INFO):
            return
        facts = [part.fact_id for part in answer.parts]
        latency_ms = round(seconds * 1000, 3)
        self._log.info(
            "%s facts=%s confidence=%.2f latency_ms=%.3f platform=%s", answer.outcome, ",".join(facts) or "-",
            answer.confidence, latency_ms, self.platform,
            extra={"event": "question", "outcome": answer.outcome, "facts": facts,
                   "confidence": round(answer.confidence, 4), "latency_ms": latency_ms, "platform": self.platform},
        )


class ObservedService(AnswerService):
    """An AnswerService that tells its observers about every answer (for the logs and the gap log)."""

    def __init__(self, fact_base: FactBase, *, observers: Iterable[Observer] = (), **kwargs: Any) -> None:
        super().__init__(fact_base, **kwargs)
        self.observers = tuple(observers)

    def notify(self, answer: Answer, seconds: float) -> None:
        for observer in self.observers:
            try:
                observer(self, answer, seconds)
            except Exception:  # an observer must never cost the user their answer
                logging.getLogger(__name__).exception("answer observer failed")
