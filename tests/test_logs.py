"""Structured logs: one JSON object a line, a record per question, and never a token or signing secret."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answers import AnswerService
from bot.knowledge import load_fact_base
from bot.logs import JsonFormatter, ObservedService, QuestionLog, ReadableFormatter, configure, redact
from bot.models import Answer
from tests import slack_payloads
from tests.conftest import ROOT
from tests.fake_slack_api import APP_TOKEN, BOT_TOKEN

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


def test_adapter_test_runs_never_log_their_secrets(tmp_path: Path) -> None:
    """Run the Slack and Discord tests with every logger at DEBUG and grep the log for their secrets."""
    log_file = tmp_path / "debug.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "not slow", "-p", "no:cacheprovider",
         "tests/test_slack_http.py", "tests/test_slack_socket.py", "tests/test_discord_app.py",
         "tests/test_ops.py", f"--log-file={log_file}", "--log-file-level=DEBUG", "-o", "log_level=DEBUG"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-2000:]
    logged = log_file.read_text(encoding="utf-8")
    assert len(logged.splitlines()) > 100  # DEBUG logging really was on
    for secret in (BOT_TOKEN, APP_TOKEN, slack_payloads.SIGNING_SECRET, DISCORD_TEST_TOKEN,
                   "xoxb-1111-2222-known-fake-bot-token", "known-fake-signing-secret-5f3a"):
        assert secret not in logged, secret
