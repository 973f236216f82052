"""Benchmark the answer path: time per question, questions per second, start-up time and memory.

Runs on the real fact base and on generated fact bases of 1,000 and 10,000 facts
(copies of the real facts, each copy with its own made-up project name in its
examples, so the vocabulary grows as a real fact base would). Reports medians
and p99s; nothing here is a pass/fail test.

    python bench/matcher.py            # the full table (about a minute)
    python bench/matcher.py --quick    # real fact base only
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answers import AnswerService  # noqa: E402
from bot.knowledge import load_fact_base  # noqa: E402
from bot.normalize import normalize  # noqa: E402

FACTS = ROOT / "knowledge" / "facts.yaml"
SYLLABLES = ["ka", "ri", "to", "me", "su", "no", "ha", "ze", "lo", "vi", "qu", "da", "fe", "gu", "mi", "ro"]
TODAY = dt.date(2026, 11, 27)


def made_up_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4)))


def generated_fact_base(count: int, directory: Path, seed: int = 7) -> tuple[Path, list[str]]:
    """A facts.yaml with `count` facts, and questions that reach some of the generated ones."""
    rng = random.Random(seed)
    data = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    originals = [f for f in data["facts"] if not f.get("series")]
    facts = []
    questions: list[str] = []
    for number in range(count):
        original = originals[number % len(originals)]
        name = f"{made_up_word(rng)} {made_up_word(rng)}"
        fact = {key: value for key, value in original.items() if key not in ("follow_ups", "countries", "years")}
        fact["id"] = f"{original['id']}-{number}"
        fact["title"] = f"{original['title']} ({name})"
        fact["questions"] = [f"{q} {name}" for q in original["questions"]]
        fact["keywords"] = [name]
        facts.append(fact)
        if number % 50 == 0:
            questions.append(f"{rng.choice(original['questions'])} for {name}?")
    data["facts"] = facts
    path = directory / f"facts-{count}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, questions


def real_questions() -> list[str]:
    labelled = yaml.safe_load((ROOT / "tests" / "data" / "questions.yaml").read_text(encoding="utf-8"))
    clinc = (ROOT / "tests" / "data" / "clinc150" / "oos.txt").read_text(encoding="utf-8").splitlines()
    return [str(item["q"]) for item in labelled["questions"]] + clinc[:300]


def time_questions(service: AnswerService, questions: list[str], rounds: int) -> list[float]:
    for question in questions:  # warm caches, as a running bot has
        service.ask(question)
    timings = []
    for _ in range(rounds):
        for question in questions:
            normalize.cache_clear()  # each message is new to a running bot: time its reading too
            start = time.perf_counter()
            service.ask(question)
            timings.append(time.perf_counter() - start)
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def startup(path: Path, runs: int) -> tuple[float, int]:
    """Median wall time of `python -m bot ask` (interpreter + import + load + index + answer), and peak RSS."""
    code = (
        "import resource, sys; from bot.__main__ import main; "
        f"main(['--facts', {str(path)!r}, 'ask', 'osa budget']); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    walls = []
    peak = 0
    for _ in range(runs):
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        walls.append(time.perf_counter() - start)
        peak = max(peak, int(run.stderr.strip().splitlines()[-1]))
    return statistics.median(walls), peak // 1024


def measure(label: str, path: Path, questions: list[str], rounds: int, runs: int) -> str:
    start = time.perf_counter()
    base = load_fact_base(path)
    loaded = time.perf_counter()
    service = AnswerService(base, clock=lambda: TODAY)
    indexed = time.perf_counter()
    timings = time_questions(service, questions, rounds)
    wall, peak_mb = startup(path, runs)
    median_ms = statistics.median(timings) * 1e3
    p99_ms = percentile(timings, 0.99) * 1e3
    per_second = len(timings) / sum(timings)
    return (f"| {label} | {len(base.facts):,} | {median_ms:.3f} | {p99_ms:.3f} | {per_second:,.0f} | "
            f"{(loaded - start) * 1e3:.0f} + {(indexed - loaded) * 1e3:.0f} | {wall:.2f} | {peak_mb} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the real fact base only")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the questions (default 3)")
    parser.add_argument("--runs", type=int, default=5, help="start-up runs (default 5)")
    args = parser.parse_args()
    questions = real_questions()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {len(questions)} questions "
          f"(labelled set + 300 CLINC off-topic lines), {args.rounds} rounds\n")
    print("| fact base | facts | median ms/question | p99 ms/question | questions/s | load + index ms "
          "| `bot ask` start-up s | `bot ask` peak MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(measure("real", FACTS, questions, args.rounds, args.runs), flush=True)
    if not args.quick:
        with tempfile.TemporaryDirectory() as directory:
            for count in (1_000, 10_000):
                path, extra = generated_fact_base(count, Path(directory))
                print(measure(f"generated {count:,}", path, questions + extra, 1, max(1, args.runs // 2)),
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
