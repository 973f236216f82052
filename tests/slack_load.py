"""Load check for HTTP mode: many signed slash commands from concurrent clients, timed to the acknowledgement.

Used by the slow test in tests/test_slack_http.py and by bench/slack_http.py. Everything runs on
127.0.0.1: the real app server on a free port, and `FakeSlackAPI` receiving the answers.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp

from bot.adapters.slack_app import EVENTS_PATH, SlackSettings, build_app, start_http
from bot.adapters.slack_blocks import fallback_text
from bot.answers import AnswerService
from tests import slack_payloads as p
from tests.fake_slack_api import BOT_TOKEN, FakeSlackAPI

COMMANDS = (
    ("/budget", "", "defence budget"),
    ("/budget", "2025", "defence budget FY2025"),
    ("/osa", "Fiji", "is Fiji an OSA recipient"),
    ("/exports", "", "can Japan export weapons"),
    ("/defence", "how big is the FY26 budget?", "how big is the FY26 budget?"),
)
ACK_LIMIT = 3.0
"""Slack's limit for acknowledging a request, in seconds."""


@dataclass
class LoadResult:
    """What a load run measured."""

    ack_times: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    deliveries: Counter[str] = field(default_factory=Counter)
    wrong_answers: int = 0
    total: int = 0
    wall: float = 0.0

    @property
    def max_ack(self) -> float:
        return max(self.ack_times, default=0.0)

    def percentile(self, q: float) -> float:
        """The q-th percentile (0..100) of acknowledgement times, in seconds (nearest-rank method)."""
        ordered = sorted(self.ack_times)
        if not ordered:
            return 0.0
        index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))  # nearest rank
        return ordered[index]

    @property
    def delivered_once(self) -> bool:
        return len(self.deliveries) == self.total and set(self.deliveries.values()) == {1}

    def summary(self) -> str:
        return (
            f"{self.total} commands in {self.wall:.2f}s: ack p50 {self.percentile(50) * 1000:.1f} ms, "
            f"p99 {self.percentile(99) * 1000:.1f} ms, max {self.max_ack * 1000:.1f} ms, "
            f"mean {statistics.fmean(self.ack_times or [0]) * 1000:.1f} ms; statuses {dict(self.statuses)}; "
            f"answers delivered {sum(self.deliveries.values())} to {len(self.deliveries)} response_urls, "
            f"wrong {self.wrong_answers}"
        )


async def run_load(api: FakeSlackAPI, get_service: Callable[[], AnswerService], *, total: int = 500,
                   clients: int = 20, timeout: float = 30.0) -> LoadResult:
    """Send `total` signed slash commands from `clients` concurrent connections; wait for every answer.

    Each command has its own response_url on the fake API, so an answer delivered twice (or to the
    wrong command) shows up. Returns the acknowledgement times and delivery counts.
    """
    settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=p.SIGNING_SECRET, api_url=api.base_url)
    runner, port = await start_http(build_app(settings, get_service), host="127.0.0.1", port=0)
    url = f"http://127.0.0.1:{port}{EVENTS_PATH}"
    service = get_service()
    expected = {question: fallback_text(service.ask(question)) for _, _, question in COMMANDS}
    result = LoadResult(total=total)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(i)

    async def client() -> None:
        connector = aiohttp.TCPConnector(limit=1)
        async with aiohttp.ClientSession(connector=connector) as http:
            while True:
                try:
                    i = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                command, text, _ = COMMANDS[i % len(COMMANDS)]
                body = p.form_body(p.slash_command(command, text, api.response_url(f"load-{i}")))
                headers = p.signed_headers(body, content_type="application/x-www-form-urlencoded")
                started = time.perf_counter()
                async with http.post(url, data=body.encode(), headers=headers) as response:
                    await response.read()
                    result.ack_times.append(time.perf_counter() - started)
                    result.statuses[response.status] += 1

    started = time.perf_counter()
    try:
        await asyncio.gather(*(client() for _ in range(clients)))
        await api.wait_for(lambda: len(api.answers()) >= total, timeout=timeout)
        result.wall = time.perf_counter() - started
        await api.settle(0.5)
    finally:
        await runner.cleanup()
    for recorded in api.answers():
        name = recorded.path.removeprefix("/response/")
        result.deliveries[name] += 1
        i = int(name.removeprefix("load-"))
        if recorded.body.get("text") != expected[COMMANDS[i % len(COMMANDS)][2]]:
            result.wrong_answers += 1
    return result
