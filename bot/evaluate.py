"""Score the answer service on a labelled question file (`python -m bot eval FILE`).

A label is a fact id, a list of fact ids (any one is right), "country:<id>", or
"decline". An answer is right when its first fact is one of the expected ids;
a decline label is right when the bot states no fact (decline or clarify).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.answers import AnswerService

DECLINE = "decline"


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelledQuestion:
    question: str
    expected: tuple[str, ...]

    @property
    def group(self) -> str:
        """The label's topic for per-topic accuracy: a fact's topic, 'osa' for countries, or 'decline'."""
        return self.expected[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class Miss:
    question: str
    expected: tuple[str, ...]
    got: str
    confidence: float


@dataclass(slots=True, kw_only=True)
class EvalReport:
    total: int = 0
    correct: int = 0
    by_topic: dict[str, list[int]] = field(default_factory=dict)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def render(self, *, show_misses: int = 50) -> str:
        lines = [f"accuracy: {self.accuracy:.1%} ({self.correct}/{self.total})", "per topic:"]
        for topic, (right, count) in sorted(self.by_topic.items()):
            lines.append(f"  {topic:<10} {right / count:6.1%}  ({right}/{count})")
        if self.confusions:
            lines.append("confusions (expected -> got: count):")
            for (expected, got), count in self.confusions.most_common(15):
                lines.append(f"  {expected} -> {got}: {count}")
        if self.misses:
            lines.append(f"misses ({len(self.misses)}):")
            for miss in self.misses[:show_misses]:
                lines.append(f"  {miss.question!r}: expected {'|'.join(miss.expected)}, "
                             f"got {miss.got} ({miss.confidence:.2f})")
        return "\n".join(lines)


def load_labelled(path: str | Path) -> list[LabelledQuestion]:
    """Read `questions: [{q: ..., expect: ...}]` from a YAML file."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    items = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValueError(f"{path}: expected a top-level 'questions:' list")
    out = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or "q" not in item or "expect" not in item:
            raise ValueError(f"{path}: questions[{index}] needs 'q' and 'expect'")
        expect = item["expect"]
        expected = tuple(str(e) for e in expect) if isinstance(expect, list) else (str(expect),)
        out.append(LabelledQuestion(question=str(item["q"]), expected=expected))
    return out


def evaluate(service: AnswerService, questions: list[LabelledQuestion]) -> EvalReport:
    report = EvalReport()
    for item in questions:
        answer = service.ask(item.question)
        got = answer.facts[0] if answer.answered else DECLINE
        right = got in item.expected
        topic = _topic(service, item.expected[0])
        bucket = report.by_topic.setdefault(topic, [0, 0])
        bucket[1] += 1
        report.total += 1
        if right:
            bucket[0] += 1
            report.correct += 1
        else:
            report.confusions[(item.expected[0], got)] += 1
            report.misses.append(Miss(question=item.question, expected=item.expected, got=got,
                                      confidence=answer.confidence))
    return report


def _topic(service: AnswerService, label: str) -> str:
    if label == DECLINE:
        return DECLINE
    if label.startswith("country:"):
        return "osa"
    if service.fact_base.has_fact(label):
        return service.fact_base.fact(label).topic
    return "unknown"
