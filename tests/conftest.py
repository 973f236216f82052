"""Shared fixtures: the real fact base and service, and a small valid fact file to mutate."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from bot.answers import AnswerService
from bot.knowledge import load_fact_base
from bot.models import FactBase

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "knowledge" / "facts.yaml"
DATA = Path(__file__).resolve().parent / "data"
TODAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _no_gap_log_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """`chat`, `slack` and `discord` record gaps in ./gaps.sqlite3 by default; tests (and the commands they
    start) must not, unless a test sets BOT_GAP_LOG itself. Nor do they read a `.env` file."""
    monkeypatch.setenv("BOT_GAP_LOG", "off")
    monkeypatch.setenv("BOT_ENV_FILE", "off")  # a developer's .env must not change what the tests start


ADAPTER_TEST_MODULES = frozenset({"test_slack_http", "test_slack_socket", "test_discord_app", "test_ops",
                                  "test_slack_hardening", "test_survivors", "test_teams"})
"""Test modules that run the adapters with their (fake) secrets; their logs are checked at DEBUG."""


def adapter_secrets() -> tuple[str, ...]:
    from tests import slack_payloads
    from tests.fake_slack_api import APP_TOKEN, BOT_TOKEN
    from tests.test_teams import SECRET as TEAMS_SECRET

    return (BOT_TOKEN, APP_TOKEN, slack_payloads.SIGNING_SECRET, "fake-token",  # test_discord_app's token
            "xoxb-1111-2222-known-fake-bot-token", "known-fake-signing-secret-5f3a", TEAMS_SECRET,
            "known-fake-teams-webhook-token")


class SecretsGuard(logging.Handler):
    """A root handler at DEBUG that keeps every formatted record, to look for secrets in afterwards."""

    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__(logging.DEBUG)
        self.secrets = secrets
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a record whose arguments do not fit its message: keep both raw
            self.lines.append(f"{record.msg!r} {record.args!r}")

    def leaks(self) -> list[str]:
        return [secret for secret in self.secrets if any(secret in line for line in self.lines)]

    def __enter__(self) -> SecretsGuard:
        root = logging.getLogger()
        self._level = root.level
        root.addHandler(self)
        root.setLevel(logging.DEBUG)
        return self

    def __exit__(self, *exc: object) -> None:
        root = logging.getLogger()
        root.removeHandler(self)
        root.setLevel(self._level)


@pytest.fixture(autouse=True)
def _adapter_logs_never_hold_secrets(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every adapter test runs with all loggers at DEBUG; afterwards no token or signing secret may be in what
    they logged (this replaced a 20-second re-run of the adapter tests in a subprocess)."""
    if request.module.__name__.rsplit(".", 1)[-1] not in ADAPTER_TEST_MODULES:
        yield
        return
    with SecretsGuard(adapter_secrets()) as guard:
        yield
    assert not guard.leaks(), f"{request.node.nodeid} logged a secret: {guard.leaks()}"


@pytest.fixture(scope="session")
def fact_base() -> FactBase:
    return load_fact_base(FACTS)


@pytest.fixture(scope="session")
def service(fact_base: FactBase) -> AnswerService:
    return AnswerService(fact_base, clock=lambda: TODAY)


MINIMAL_FACTS = """\
schema: 1
topics:
  - id: budget
    title: Defence budget
    about: annual budgets
    keywords: [budget, defence]
    command: /budget
    asks: defence budget
    asks_about: "defence budget {}"
    argument: fiscal year
sources:
  - id: src-a
    title: A report
    publisher: Someone
    date: "2025-12-26"
    url: https://example.org/a
    file: news-facts.md
facts:
  - id: budget-fy2026
    topic: budget
    title: FY2026 defence budget
    answer: It is 9.04 trillion yen.
    sources: [src-a]
    as_of: "2025-12-26"
    series: defence-budget
    fiscal_year: 2026
    figures:
      - {label: budget, amount: 9.04, unit: trillion, currency: JPY, fiscal_year: 2026}
    questions:
      - how big is the defence budget
      - japan defence budget
      - how much does japan spend on defence
countries:
  - id: fiji
    name: Fiji
    aliases: [fijian]
    status: recipient
    sources: [src-a]
    received:
      - {fiscal_year: 2023, what: patrol boats, amount: 400, unit: million, currency: JPY, source: src-a}
out_of_scope:
  - what is the us defence budget
"""


@pytest.fixture()
def minimal_facts(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(MINIMAL_FACTS, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real redis-server for the session (tests/servers.py); each test uses its own key prefix or flushes."""
    from tests.servers import redis_server

    with redis_server() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for the session (tests/servers.py)."""
    from tests.servers import postgres_server

    with postgres_server() as url:
        yield url


@dataclass
class Counted:
    """A get_service that counts how often the adapter asked for the service."""

    service: AnswerService
    calls: int = 0

    def __call__(self) -> AnswerService:
        self.calls += 1
        return self.service


async def health_when_up(url: str, *, seconds: float = 20.0) -> str:
    """The body of the first answer `url` gives, polling every 0.1 s until a server listens (at most `seconds`)."""
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as http:
        while True:
            try:
                async with http.get(url) as response:
                    return await response.text()
            except aiohttp.ClientConnectionError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.1)
