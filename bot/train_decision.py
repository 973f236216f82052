"""Fit the answer-or-decline model (`bot/data/decision.json`) on data the project owns.

    python -m bot.train_decision [--facts knowledge/facts.yaml] [--clinc tests/data/clinc150/indomain_sample.txt]

"Answer" samples are the fact base's example questions, each matched with its own
example left out, and again with two made-up words added (so words the fact base
never uses do not count against a question); an example whose best target is not its
own fact is a "decline" sample (answering it would be wrong). "Decline" samples are
also the `out_of_scope` list (each with itself left out) and the CLINC150 in-domain
sample. The answer/decline line is the one with the best F1 on those samples. Evaluation sets
are never read. Run it after a large change to the fact base
or to the matcher's signals; `tests/test_decision.py` checks the shipped file is current.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.decision import SIGNAL_NAMES, DecisionModel, fit_logistic
from bot.knowledge import default_facts_path, load_fact_base
from bot.matcher import Matcher
from bot.models import FactBase
from bot.normalize import content_tokens, normalize

TODAY = dt.date(2026, 12, 1)
"""A fixed day, so relative years in examples read the same on every run."""
SEED = 20261201
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CLINC = ROOT / "tests" / "data" / "clinc150" / "indomain_sample.txt"


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    signals: list[float]
    label: int


def _made_up_words(rng: random.Random) -> str:
    letters = "bcdfghjklmnpqrstvwxz"
    vowels = "aeiou"
    return " ".join("".join(rng.choice(letters) + rng.choice(vowels) for _ in range(3)) for _ in range(2))


def samples(fact_base: FactBase, clinc_lines: list[str]) -> list[Sample]:
    """Signals and labels for every training question."""
    neutral = DecisionModel(weights=(0.0,) * len(SIGNAL_NAMES), bias=0.0)
    matcher = Matcher(fact_base, decision=neutral)
    index = matcher.index
    rng = random.Random(SEED)
    out: list[Sample] = []

    def example_number(target: int, text: str) -> int | None:
        entities = index.gazetteer.scan(normalize(text), today=dt.date(2000, 1, 1))
        key = " ".join(dict.fromkeys(content_tokens(entities.terms)))
        return next((e for e in index.target_examples[target] if index.example_text[e] == key), None)

    def add(text: str, label: int, *, own: int | None = None, exclude: int | None = None) -> None:
        result = matcher.match(text, today=TODAY, exclude_example=exclude)
        if result.signals is None:
            return  # declined before any decision (no topic word, another country): nothing to learn
        if own is not None:
            best = result.candidates[0].fact_id if result.candidates else ""
            own_group = index.targets[own].group
            label = int(best in index.target_by_id and index.targets[index.target_by_id[best]].group == own_group)
        out.append(Sample(text, result.signals.vector(), label))

    for number, target in enumerate(index.targets):
        if target.fact is not None:
            for text in target.fact.questions:
                exclude = example_number(number, text)
                add(text, 1, own=number, exclude=exclude)
                add(f"{text} {_made_up_words(rng)}", 1, own=number, exclude=exclude)
        elif target.kind == "out-of-scope":
            add(target.title, 0, exclude=example_number(number, target.title))
    for line in clinc_lines:
        add(line, 0)
    return out


def train(fact_base: FactBase, clinc_lines: list[str]) -> tuple[DecisionModel, dict[str, object]]:
    data = samples(fact_base, clinc_lines)
    weights, bias = fit_logistic([s.signals for s in data], [s.label for s in data], l2=10.0)
    fitted = DecisionModel(weights=weights, bias=bias, trained_on=fact_base.version)
    model = DecisionModel(weights=weights, bias=bias, trained_on=fact_base.version,
                          threshold=best_threshold(fitted, data))
    right = sum((model_probability(model, s) >= model.threshold) == bool(s.label) for s in data)
    stats: dict[str, object] = {
        "samples": len(data), "answer_samples": sum(s.label for s in data),
        "training_accuracy": round(right / len(data), 4),
    }
    return model, stats


def best_threshold(model: DecisionModel, data: list[Sample]) -> float:
    """The line between answer and decline that gives the best F1 on the training samples (0.30 to 0.79).

    Chosen on the training data alone, like the weights: never on an evaluation set."""
    probabilities = [(model_probability(model, s), bool(s.label)) for s in data]
    best = (-1.0, 0.5)
    for step in range(30, 80):
        line = step / 100
        hits = sum(p >= line and label for p, label in probabilities)
        false = sum(p >= line and not label for p, label in probabilities)
        missed = sum(p < line and label for p, label in probabilities)
        score = 2 * hits / (2 * hits + false + missed) if hits else 0.0
        if score > best[0]:
            best = (score, line)
    return best[1]


def model_probability(model: DecisionModel, sample: Sample) -> float:
    import math

    z = model.bias + sum(w * x for w, x in zip(model.weights, sample.signals, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.train_decision", description=__doc__.split("\n")[0])
    parser.add_argument("--facts", default=str(default_facts_path()))
    parser.add_argument("--clinc", default=str(DEFAULT_CLINC))
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "data" / "decision.json"))
    args = parser.parse_args(argv)
    fact_base = load_fact_base(args.facts)
    clinc = [line for line in Path(args.clinc).read_text(encoding="utf-8").splitlines() if line.strip()]
    model, stats = train(fact_base, clinc)
    Path(args.out).write_text(model.to_json(**stats), encoding="utf-8")
    print(f"wrote {args.out}: {stats}")
    for name, weight in zip(SIGNAL_NAMES, model.weights, strict=True):
        print(f"  {name:<13} {weight:+.3f}")
    print(f"  {'bias':<13} {model.bias:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
