"""Structured logs: one JSON object a line, a record per question, and never a token or signing secret."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.answers import AnswerService
from bot.knowledge import load_fact_base
from bot.logs import JsonFormatter, ObservedService, QuestionLog, ReadableFormatter, configure, redact
from bot.models import Answer, AnswerPart, Outcome
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


def test_a_secret_setting_of_six_characters_is_redacted() -> None:
    env = {"DISCORD_TOKEN": "s3cr3t", "SLACK_SIGNING_SECRET": "tiny"}
    assert redact("token s3cr3t and tiny", env) == "token [redacted] and tiny"  # shorter ones would hit words


def test_each_token_shape_is_redacted_on_its_own() -> None:
    assert redact("bot xoxb-123-456-abcdef, no period", {}) == "bot [redacted], no period"
    # a Discord token with no letter x in the text around it
    assert redact("discord MTA4NjQ2NzY1NDMyMTA5ODc2NQ.GhYkLm.abcdefghijklmnopqrstuvw012345 logged in", {}) \
        == "discord [redacted] logged in"


def test_a_json_line_holds_the_time_in_utc_the_logger_and_only_the_record_s_own_fields() -> None:
    made = record("budget %s", "¥9.04 trillion", outcome="answer", _private="internal")
    made.created = 1795802400.123  # 2026-11-27 18:00:00.123 UTC
    data = json.loads(JsonFormatter().format(made))
    assert data == {"time": "2026-11-27T18:00:00.123+00:00", "level": "info", "logger": "bot.test",
                    "message": "budget ¥9.04 trillion", "outcome": "answer"}


def test_a_json_line_keeps_text_readable_and_writes_other_values_as_text() -> None:
    line = JsonFormatter().format(record("¥%s", "9.04 trillion", path=Path("knowledge/facts.yaml")))
    assert "¥9.04 trillion" in line  # not \u00a5
    assert json.loads(line)["path"] == "knowledge/facts.yaml"


def test_a_json_line_carries_the_traceback_of_an_error() -> None:
    try:
        raise ValueError("facts.yaml is broken")
    except ValueError:
        made = logging.getLogger("bot.test").makeRecord("bot.test", logging.ERROR, __file__, 1, "reload failed",
                                                       (), sys.exc_info())
    data = json.loads(JsonFormatter().format(made))
    assert data["message"] == "reload failed" and data["level"] == "error"
    assert data["error"].startswith("Traceback") and "ValueError: facts.yaml is broken" in data["error"]


READABLE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO bot\.test: hello")


def test_a_readable_line_has_the_time_level_logger_and_message() -> None:
    assert READABLE.fullmatch(ReadableFormatter().format(record("hello")))


@pytest.fixture()
def root_logger() -> Iterator[logging.Logger]:
    """The root logger, its handlers and level put back afterwards (configure replaces them)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    root.handlers[:] = handlers
    root.setLevel(level)


def test_configure_replaces_the_handlers_and_writes_readable_lines_unless_asked_for_json(
        root_logger: logging.Logger) -> None:
    first, second = io.StringIO(), io.StringIO()
    configure(json_lines=True, stream=first)
    handler = configure(json_lines=False, stream=second)
    logging.getLogger("bot.test").info("hello")
    assert root_logger.handlers == [handler]
    assert first.getvalue() == ""  # the first handler no longer writes
    assert READABLE.fullmatch(second.getvalue().rstrip("\n"))


def answer_with(outcome: Outcome, facts: tuple[str, ...], confidence: float) -> Answer:
    return Answer(question="q", outcome=outcome, body="b", confidence=confidence,
                  parts=tuple(AnswerPart(fact_id=f, title=f, text=f, sources=(), as_of="2026-01-01") for f in facts))


def test_a_question_s_record_on_bot_questions(minimal_facts: Path, root_logger: logging.Logger) -> None:
    stream = io.StringIO()
    configure(json_lines=True, stream=stream)
    service = AnswerService(load_fact_base(minimal_facts))
    log = QuestionLog("discord")
    log(service, answer_with("answer", ("budget-fy2026", "osa-fy2026"), 0.876543), 0.0123456)
    log(service, answer_with("decline", (), 0.0), 2.5)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["logger"] == "bot.questions"
    assert first["message"] == \
        "answer facts=budget-fy2026,osa-fy2026 confidence=0.88 latency_ms=12.346 platform=discord"
    assert (first["facts"], first["confidence"], first["latency_ms"]) == (["budget-fy2026", "osa-fy2026"], 0.8765,
                                                                          12.346)
    assert second["message"] == "decline facts=- confidence=0.00 latency_ms=2500.000 platform=discord"
    assert (second["facts"], second["latency_ms"]) == ([], 2500.0)


def test_observers_get_the_service_and_a_failing_one_is_logged(minimal_facts: Path,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    seen: list[AnswerService] = []

    def broken(service: AnswerService, answer: Answer, seconds: float) -> None:
        raise RuntimeError("disk full")

    service = ObservedService(load_fact_base(minimal_facts), observers=[broken, lambda s, _a, _t: seen.append(s)],
                              clock=lambda: dt.date(2024, 4, 1))
    with caplog.at_level(logging.ERROR, logger="bot.logs"):
        assert service.ask("how big is the defence budget").outcome == "answer"
    assert seen == [service]  # the next observer still runs
    assert [(r.name, r.getMessage()) for r in caplog.records] == [("bot.logs", "answer observer failed")]
    assert caplog.records[0].exc_info is not None and "disk full" in caplog.text
    assert service.today() == dt.date(2024, 4, 1)  # the service's own settings are kept
