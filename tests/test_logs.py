"""Structured logs: one JSON object a line, a record per question, and never a token or signing secret."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest

from bot.answers import AnswerService
from bot.knowledge import load_fact_base
from bot.logs import JsonFormatter, ObservedService, QuestionLog, ReadableFormatter, configure, redact
from bot.models import Answer
from tests.conftest import ADAPTER_TEST_MODULES, SecretsGuard, adapter_secrets
from tests.fake_slack_api import BOT_TOKEN

DISCORD_TEST_TOKEN = "fake-token"
"""What tests/test_discord_app.py logs in with."""


def test_redact_secret_settings_and_token_shapes() -> None:
    env = {"SLACK_SIGNING_SECRET": "abcdef123456", "DISCORD_TOKEN": "short"}
    text = "sig abcdef123456 bot xoxb-123-456-abcdef app xapp-1-A1-2-abcdef discord " \
           "MTA4NjQ2NzY1NDMyMTA5ODc2NQ.GhYkLm.abcdefghijklmnopqrstuvwxyz012345 keep short"
    out = redact(text, env)
    assert out == ("sig [redacted] bot [redacted] app [redacted] discord [redacted] keep short")


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    made = logging.getLogger("bot.test").makeRecord("bot.test", logging.INFO, __file__, 1, message, args, None,
                                                   extra=extra)
    return made


def test_json_formatter_is_one_object_per_line_with_the_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-in-the-env-1234")
    line = JsonFormatter().format(record("token is %s\nsecond line", "xoxb-in-the-env-1234", outcome="answer",
                                         facts=["a"]))
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == "token is [redacted]\nsecond line"
    assert data["outcome"] == "answer" and data["facts"] == ["a"] and data["level"] == "info"
    assert "xoxb-in-the-env" not in ReadableFormatter().format(record("%s", "xoxb-in-the-env-1234"))


def test_every_answer_is_logged_without_its_text(minimal_facts: Path) -> None:
    stream = io.StringIO()
    handler = configure(json_lines=True, stream=stream)
    try:
        service = ObservedService(load_fact_base(minimal_facts), observers=[QuestionLog("slack")])
        service.ask("how big is the defence budget")
        service.ask("what's the weather like")
    finally:
        logging.getLogger().removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(x["outcome"], x["facts"], x["platform"]) for x in lines] == [
        ("answer", ["budget-fy2026"], "slack"), ("decline", [], "slack")]
    assert all(x["event"] == "question" and 0 <= x["latency_ms"] < 1000 and 0 <= x["confidence"] <= 1
               for x in lines)
    assert "weather" not in stream.getvalue() and "how big" not in stream.getvalue()


def test_a_failing_observer_never_costs_the_answer(minimal_facts: Path) -> None:
    def broken(service: AnswerService, answer: Answer, seconds: float) -> None:
        raise RuntimeError("disk full")

    service = ObservedService(load_fact_base(minimal_facts), observers=[broken])
    assert service.ask("how big is the defence budget").outcome == "answer"


def test_adapter_tests_are_checked_for_secrets_at_debug() -> None:
    """The adapter tests run under conftest's SecretsGuard (all loggers at DEBUG, then a search for their
    secrets); this checks the guard itself: it sees a library's DEBUG record and names the leaked secret."""
    assert {"test_slack_http", "test_slack_socket", "test_discord_app", "test_ops"} <= ADAPTER_TEST_MODULES
    level = logging.getLogger().level
    with SecretsGuard(adapter_secrets()) as guard:
        logging.getLogger("slack_sdk.web.async_base_client").debug("Sending a request - headers: %s",
                                                                   {"Authorization": f"Bearer {BOT_TOKEN}"})
        logging.getLogger("discord.http").debug("token %s", DISCORD_TEST_TOKEN)
        logging.getLogger("bot.adapters.slack_app").debug("nothing secret here")
    assert guard.leaks() == [BOT_TOKEN, DISCORD_TEST_TOKEN]
    assert len(guard.lines) == 3
    assert logging.getLogger().level == level  # put back
