"""One bot process against three sharing Redis and PostgreSQL, all on 127.0.0.1; and Redis's cost per turn.

1. Replicas: `python -m bot slack --http` processes (1 with no server; 3 sharing one Redis and one PostgreSQL
   from the OS packages, started by tests/servers.py) take signed slash commands from concurrent clients,
   spread round-robin; the fake Slack API (tests/fake_slack_api.py) receives the answers. Reports the
   acknowledgement p50/p99 and whether every answer was delivered exactly once. Each client is its own user,
   and the user limit is set high enough for the load, so every command goes through the shared rate limit.
2. Per turn: the state work of one Slack mention in a thread (seen id, rate limit, context load and save)
   in process, with memory and with Redis, and the difference at p50/p99 (target: Redis adds <= 1 ms at p50).

    .venv/bin/python bench/replicas.py [--total 2000] [--clients 50] [--turns 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))] if ordered else 0.0


async def _replicas(count: int, *, total: int, clients: int, redis_url: str | None, postgres_url: str | None,
                    workdir: Path) -> str:
    import aiohttp

    from tests import slack_payloads as p
    from tests.fake_slack_api import BOT_TOKEN, FakeSlackAPI
    from tests.servers import free_port

    async with FakeSlackAPI() as api, aiohttp.ClientSession() as http:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "BOT_"))}
        env.update(PYTHONPATH=str(ROOT), BOT_ENV_FILE="off", BOT_RELOAD_SECONDS="0", SLACK_BOT_TOKEN=BOT_TOKEN,
                   SLACK_SIGNING_SECRET=p.SIGNING_SECRET, SLACK_API_URL=api.base_url,
                   BOT_RATE_USER=f"{total}/1s", BOT_RATE_CHANNEL="off", BOT_GAP_LOG=postgres_url or "off")
        if redis_url:
            env.update(BOT_REDIS_URL=redis_url, BOT_REDIS_PREFIX=f"bench-{uuid.uuid4().hex[:8]}:")
        ports = [free_port() for _ in range(count)]
        processes = [await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "slack", "--http", "--host", "127.0.0.1", "--port", str(port),
            cwd=workdir, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
            for port in ports]
        try:
            for port in ports:
                for _ in range(300):
                    try:
                        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                            if response.status == 200:
                                break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.1)
            acks: list[float] = []
            statuses: Counter[int] = Counter()
            queue: asyncio.Queue[int] = asyncio.Queue()
            for i in range(total):
                queue.put_nowait(i)

            async def client(number: int) -> None:
                async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=count)) as session:
                    while not queue.empty():
                        i = queue.get_nowait()
                        fields = p.slash_command("/budget", "2025" if i % 2 else "", api.response_url(f"b-{i}"))
                        fields["user_id"] = f"UBENCH{number}"
                        body = p.form_body(fields)
                        headers = p.signed_headers(body, content_type="application/x-www-form-urlencoded")
                        url = f"http://127.0.0.1:{ports[i % count]}/slack/events"
                        started = time.perf_counter()
                        async with session.post(url, data=body.encode(), headers=headers) as response:
                            await response.read()
                        acks.append(time.perf_counter() - started)
                        statuses[response.status] += 1

            started = time.perf_counter()
            await asyncio.gather(*(client(n) for n in range(clients)))
            await api.wait_for(lambda: len(api.answers()) >= total, timeout=120)
            wall = time.perf_counter() - started
            await api.settle(0.5)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                await process.wait()
    deliveries = Counter(r.path for r in api.answers())
    once = len(deliveries) == total and set(deliveries.values()) == {1}
    shared = "Redis + PostgreSQL" if redis_url else "no server"
    return (f"{count} replica(s), {shared}: {total} commands from {clients} clients in {wall:.2f} s; ack p50 "
            f"{_percentile(acks, 50) * 1000:.1f} ms, p99 {_percentile(acks, 99) * 1000:.1f} ms; statuses "
            f"{dict(statuses)}; every answer delivered exactly once: {'yes' if once else 'NO'}")


async def _per_turn(turns: int, redis_url: str) -> str:
    from bot.answers import AnswerService
    from bot.conversation import Conversations
    from bot.knowledge import default_facts_path, load_fact_base
    from bot.ratelimit import Bucket, RateLimiter
    from bot.state import build_state

    service = AnswerService(load_fact_base(default_facts_path()))
    limiter = RateLimiter(user=Bucket(10 * turns, 1.0), channel=Bucket(10 * turns, 1.0))
    questions = ("how big is the FY2026 defence budget?", "what about FY2024?", "and in dollars?")
    results: dict[str, list[float]] = {}
    for name, env in (("memory", {}), ("redis", {"BOT_REDIS_URL": redis_url,
                                                 "BOT_REDIS_PREFIX": f"bench-{uuid.uuid4().hex[:8]}:"})):
        state = build_state(env, limiter=limiter)
        conversations = Conversations()
        await state.start()
        timings: list[float] = []
        answering: list[float] = []
        for i in range(turns):
            key = ("slack", "T1", "C1", f"thread-{i // 3}")
            started = time.perf_counter()
            await state.seen.first_time(f"Ev{name}{i}")
            await state.decide(f"U{i % 50}", "C1")
            answer_started = time.perf_counter()
            await state.ask(conversations, service, key, questions[i % 3])
            answer_seconds = time.perf_counter() - answer_started
            total_seconds = time.perf_counter() - started
            timings.append(total_seconds)
            answering.append(answer_seconds)
        await state.close()
        results[name] = timings
        results[name + "-answer"] = answering
    memory, redis = results["memory"], results["redis"]
    added50 = (statistics.median(redis) - statistics.median(memory)) * 1000
    added99 = (_percentile(redis, 99) - _percentile(memory, 99)) * 1000
    return (f"per turn ({turns} mentions in threads: seen id, rate limit, context load + answer + save): memory "
            f"p50 {statistics.median(memory) * 1000:.3f} ms, p99 {_percentile(memory, 99) * 1000:.3f} ms; Redis "
            f"p50 {statistics.median(redis) * 1000:.3f} ms, p99 {_percentile(redis, 99) * 1000:.3f} ms; Redis adds "
            f"{added50:.3f} ms at p50 (target <= 1 ms: {'met' if added50 <= 1.0 else 'MISSED'}), {added99:.3f} ms "
            f"at p99")


async def _main(total: int, clients: int, turns: int) -> int:
    import tempfile

    from tests.servers import postgres_server, redis_server

    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server())
        postgres_url = stack.enter_context(postgres_server())
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-replicas-")))
        print(await _per_turn(turns, redis_url))
        print(await _replicas(1, total=total, clients=clients, redis_url=None, postgres_url=None, workdir=workdir))
        print(await _replicas(3, total=total, clients=clients, redis_url=redis_url, postgres_url=postgres_url,
                              workdir=workdir))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=2000, help="slash commands to send (default 2000)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--turns", type=int, default=2000, help="turns for the per-turn cost (default 2000)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    return asyncio.run(_main(args.total, args.clients, args.turns))


if __name__ == "__main__":
    sys.exit(main())
