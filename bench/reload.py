"""Benchmark live reload and the gap log.

1. Reload time: `ServiceHolder.reload(force=True)` (read, validate, build the matcher index, swap) on the
   real fact base and generated ones of 1,000 and 10,000 facts (`bench/matcher.py`'s generator).
2. Answering during reloads: one thread reloads in a loop while the main thread answers the labelled
   questions; reports answer latency p50/p99/max with and without the reload loop. Python threads share
   the GIL, so a reload slows answers down; it never blocks them or shows a half-built index.
3. Gap-log overhead: time per question through `ObservedService` with a `GapLog` observer (all
   questions are gaps, the worst case) against the plain service.

    python bench/reload.py            # everything (about a minute and a half)
    python bench/reload.py --quick    # real fact base and 1,000 facts only
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from matcher import FACTS, TODAY, generated_fact_base, percentile, real_questions  # noqa: E402

from bot.answers import AnswerService  # noqa: E402
from bot.gaplog import GapLog  # noqa: E402
from bot.logs import ObservedService  # noqa: E402
from bot.reload import ServiceHolder  # noqa: E402


def build(base: object) -> AnswerService:
    return AnswerService(base, clock=lambda: TODAY)  # type: ignore[arg-type]


def reload_times(holder: ServiceHolder, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        holder.reload(force=True)
        times.append(time.perf_counter() - started)
    return times


def answer_latencies(holder: ServiceHolder, questions: list[str], seconds: float) -> list[float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for question in questions:
            started = time.perf_counter()
            holder.get().ask(question)
            latencies.append(time.perf_counter() - started)
    return latencies


def during_reloads(holder: ServiceHolder, questions: list[str], seconds: float) -> tuple[list[float], int]:
    stop = threading.Event()
    reloads = 0

    def reload_loop() -> None:
        nonlocal reloads
        while not stop.is_set():
            holder.reload(force=True)
            reloads += 1

    thread = threading.Thread(target=reload_loop)
    thread.start()
    try:
        latencies = answer_latencies(holder, questions, seconds)
    finally:
        stop.set()
        thread.join()
    return latencies, reloads


def ms(value: float) -> str:
    return f"{value * 1000:.3f}"


def reload_row(label: str, path: Path, questions: list[str], runs: int, seconds: float) -> str:
    holder = ServiceHolder(path, build=build)
    times = reload_times(holder, runs)
    quiet = answer_latencies(holder, questions, seconds)
    busy, reloads = during_reloads(holder, questions, seconds)
    return (f"| {label} | {holder.state.facts:,} | {statistics.median(times) * 1000:.0f} | "
            f"{ms(percentile(quiet, 0.5))} / {ms(percentile(quiet, 0.99))} | "
            f"{ms(percentile(busy, 0.5))} / {ms(percentile(busy, 0.99))} / {ms(max(busy))} | {reloads} |")


def gap_overhead(questions: list[str], rounds: int) -> str:
    plain = AnswerService.from_path(FACTS, clock=lambda: TODAY)
    gap_questions = [q for q in questions if plain.ask(q).outcome != "answer"] or questions
    with tempfile.TemporaryDirectory() as directory, GapLog(Path(directory) / "gaps.sqlite3",
                                                             platform="bench") as gaps:
        logged = ObservedService(plain.fact_base, observers=[gaps], clock=lambda: TODAY)
        results = {}
        for label, service in (("plain", plain), ("gap log", logged)):
            times = []
            for _ in range(rounds):
                for question in gap_questions:
                    started = time.perf_counter()
                    service.ask(question)
                    times.append(time.perf_counter() - started)
            results[label] = times
        started = time.perf_counter()
        gaps.close(timeout=60)
        drain = time.perf_counter() - started
        written = gaps.written
    extra = statistics.mean(results["gap log"]) - statistics.mean(results["plain"])
    return (f"gap log: {len(gap_questions)} declined questions x {rounds}: mean "
            f"{ms(statistics.mean(results['plain']))} ms plain, {ms(statistics.mean(results['gap log']))} ms with "
            f"the gap log (+{extra * 1e6:.1f} µs per question on the answering thread); {written:,} rows written, "
            f"queue drained {drain * 1000:.0f} ms after the last answer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="real fact base and 1,000 facts only")
    args = parser.parse_args()
    questions = real_questions()
    print("| fact base | facts | reload ms (median) | answer ms p50 / p99, no reloads "
          "| answer ms p50 / p99 / max, reloading in a loop | reloads in that time |")
    print("|---|---:|---:|---:|---:|---:|")
    print(reload_row("real", FACTS, questions, runs=10, seconds=3), flush=True)
    with tempfile.TemporaryDirectory() as directory:
        sizes = [1_000] if args.quick else [1_000, 10_000]
        for size in sizes:
            path, _names = generated_fact_base(size, Path(directory))
            runs = 5 if size <= 1_000 else 3
            print(reload_row(f"generated {size:,}", path, questions, runs=runs, seconds=5 if size > 1000 else 3),
                  flush=True)
    print()
    print(gap_overhead(questions, rounds=5))
    return 0


if __name__ == "__main__":
    sys.exit(main())
