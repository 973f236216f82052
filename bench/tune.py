"""Tune the matcher on the fact base's own examples, never on tests/data/questions.yaml.

Leave-one-out: each example question of each fact is removed from the fact base
and asked; it should reach its own fact (or its series). Each out-of-scope
example is removed and asked; it should be declined. The CLINC150 off-topic
lines must be declined. Prints one line per settings tried:

    python bench/tune.py                 # current settings
    python bench/tune.py --grid          # a small grid around them
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answers import AnswerService  # noqa: E402
from bot.knowledge import load_fact_base  # noqa: E402
from bot.matcher import MatcherSettings  # noqa: E402
from bot.models import FactBase  # noqa: E402

TODAY = dt.date(2026, 11, 27)


def group_of(base: FactBase, fact_id: str) -> str:
    if not base.has_fact(fact_id):
        return fact_id
    fact = base.fact(fact_id)
    return f"series:{fact.series}" if fact.series else fact.id


def leave_one_out(base: FactBase, settings: MatcherSettings) -> tuple[float, float, list[str]]:
    right = total = 0
    misses: list[str] = []
    for index, fact in enumerate(base.facts):
        for position, question in enumerate(fact.questions):
            others = fact.questions[:position] + fact.questions[position + 1:]
            facts = list(base.facts)
            facts[index] = dataclasses.replace(fact, questions=others)
            reduced = dataclasses.replace(base, facts=tuple(facts), _sources_by_id={}, _facts_by_id={},
                                          _countries_by_id={})
            service = AnswerService(reduced, settings=settings, clock=lambda: TODAY)
            answer = service.ask(question)
            total += 1
            got = answer.facts[0] if answer.answered else "decline"
            if group_of(base, got) == group_of(base, fact.id):
                right += 1
            else:
                misses.append(f"{question!r}: {fact.id} -> {got}")
    declined = 0
    for position, question in enumerate(base.out_of_scope):
        kept = base.out_of_scope[:position] + base.out_of_scope[position + 1:]
        reduced = dataclasses.replace(base, out_of_scope=kept, _sources_by_id={}, _facts_by_id={},
                                      _countries_by_id={})
        answer = AnswerService(reduced, settings=settings, clock=lambda: TODAY).ask(question)
        if not answer.answered:
            declined += 1
        else:
            misses.append(f"{question!r}: out-of-scope -> {answer.facts[0]}")
    return right / total, declined / max(1, len(base.out_of_scope)), misses


def clinc_answered(base: FactBase, settings: MatcherSettings) -> float:
    service = AnswerService(base, settings=settings, clock=lambda: TODAY)
    lines: list[str] = []
    for name in ("oos.txt", "indomain_sample.txt"):
        lines += (ROOT / "tests" / "data" / "clinc150" / name).read_text(encoding="utf-8").splitlines()
    return sum(service.ask(line).answered for line in lines) / len(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    base = load_fact_base(ROOT / "knowledge" / "facts.yaml")
    grid: list[MatcherSettings] = [MatcherSettings()]
    if args.grid:
        grid = [
            MatcherSettings(answer_threshold=t, unknown_word_weight=u, second_example_weight=w)
            for t, u, w in itertools.product((0.5, 0.55), (0.5, 0.7, 0.9), (0.25, 0.5, 1.0))
        ]
    for settings in grid:
        examples, oos, misses = leave_one_out(base, settings)
        clinc = clinc_answered(base, settings)
        print(f"examples {examples:.1%}  out-of-scope declined {oos:.1%}  clinc answered {clinc:.2%}  "
              f"threshold={settings.answer_threshold} coverage={settings.min_coverage} "
              f"unknown={settings.unknown_word_weight} second={settings.second_example_weight}", flush=True)
        if args.misses:
            print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
