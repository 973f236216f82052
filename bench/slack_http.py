"""Acknowledgement times of the Slack app in HTTP mode under load, all on 127.0.0.1.

Starts the real app server (slack-bolt behind aiohttp) on a free loopback port with its Web API
and response_urls pointed at the test suite's fake Slack API, sends signed slash commands from
concurrent clients, and reports p50/p99 acknowledgement times and whether every answer arrived
exactly once. Slack's limit for an acknowledgement is 3 seconds.

    .venv/bin/python bench/slack_http.py [--total 500] [--clients 20] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


async def _run(total: int, clients: int, runs: int) -> int:
    from bot.answers import AnswerService
    from bot.knowledge import default_facts_path, load_fact_base
    from tests.fake_slack_api import FakeSlackAPI
    from tests.slack_load import ACK_LIMIT, run_load

    service = AnswerService(load_fact_base(default_facts_path()))
    print(f"Python {platform.python_version()} on {platform.machine()}, {total} signed slash commands "
          f"from {clients} concurrent clients, {runs} run(s)")
    failed = False
    for run in range(1, runs + 1):
        async with FakeSlackAPI() as api:
            result = await run_load(api, lambda: service, total=total, clients=clients)
        ok = (result.statuses == {200: total} and result.max_ack < ACK_LIMIT and result.delivered_once
              and result.wrong_answers == 0)
        failed = failed or not ok
        print(f"run {run}: {result.summary()} -> {'ok' if ok else 'FAILED'}")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--total", type=int, default=500, help="slash commands per run (default 500)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--runs", type=int, default=3, help="repetitions (default 3)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    return asyncio.run(_run(args.total, args.clients, args.runs))


if __name__ == "__main__":
    sys.exit(main())
