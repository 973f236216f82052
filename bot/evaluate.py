"""Score the answer service on a labelled question file (`python -m bot eval FILE`).

A label is a fact id, a list of fact ids (any one is right), "country:<id>", or
"decline". An answer is right when its first fact is one of the expected ids;
a decline label is right when the bot states no fact (decline or clarify).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.answers import AnswerService
from bot.claims import first_sentence
from bot.models import Answer

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


def _question_items(path: str | Path) -> list[object]:
    """The `questions:` list of a labelled file (ValueError when there is none)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    items = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValueError(f"{path}: expected a top-level 'questions:' list")
    return items


def load_labelled(path: str | Path) -> list[LabelledQuestion]:
    """Read `questions: [{q: ..., expect: ...}]` from a YAML file."""
    items = _question_items(path)
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


# --- content labels: what a right answer must say -----------------------------------------------------------
#
# Sets written from the sources alone (their authors never see the fact base) cannot name fact ids. Each case
# says instead what a right answer contains: `scope: in` with `must:` (every item must appear in the answer's
# body; an item may be a list of alternatives) and, for a claim, `verdict: yes|no` (the body's first word);
# `scope: out` is right when the bot declines, or answers with a first sentence that says what its sources lack.

LACK_PATTERN = re.compile(
    r"\b(?:my sources (?:do not|don't|does not|doesn't|give no|have no|say nothing|name no|only|are about)"
    r"|(?:i|we) (?:do not|don't) have|i can(?:no|')t (?:answer|say|tell)|not in my sources"
    r"|no source (?:of mine|i have))",
    re.IGNORECASE,
)
"""A first sentence that says what the sources lack."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentCase:
    """One question of a content-labelled set."""

    question: str
    scope: str
    must: tuple[tuple[str, ...], ...] = ()
    verdict: str | None = None
    kind: str = ""
    voice: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentMiss:
    case: ContentCase
    got: str
    outcome: str


@dataclass(slots=True, kw_only=True)
class ContentReport:
    """In-scope and out-of-scope accuracy, per kind and voice, with the misses."""

    counts: dict[str, list[int]] = field(default_factory=dict)
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    by_voice: dict[str, list[int]] = field(default_factory=dict)
    misses: list[ContentMiss] = field(default_factory=list)

    def rate(self, scope: str) -> float:
        right, total = self.counts.get(scope, [0, 0])
        return right / total if total else 0.0

    @property
    def total(self) -> int:
        return sum(total for _right, total in self.counts.values())

    @property
    def correct(self) -> int:
        return sum(right for right, _total in self.counts.values())

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def render(self, *, show_misses: int = 50) -> str:
        lines = []
        for scope, label in (("in", "in scope, answered right"), ("out", "out of scope, declined or lack said")):
            right, total = self.counts.get(scope, [0, 0])
            lines.append(f"{label}: {self.rate(scope):.1%} ({right}/{total})")
        for title, table in (("per kind", self.by_kind), ("per voice", self.by_voice)):
            lines.append(f"{title}:")
            for key, (right, total) in sorted(table.items()):
                lines.append(f"  {key:<12} {right / total:6.1%}  ({right}/{total})")
        if self.misses:
            lines.append(f"misses ({len(self.misses)}):")
            for miss in self.misses[:show_misses]:
                want = "decline" if miss.case.scope == "out" else " & ".join("|".join(m) for m in miss.case.must)
                if miss.case.verdict:
                    want = f"{miss.case.verdict.capitalize()} — {want}"
                got = " ".join(miss.got.split())[:160]
                lines.append(f"  {miss.case.question!r}: want {want}; got {miss.outcome}: {got}")
        return "\n".join(lines)


def is_content_labelled(path: str | Path) -> bool:
    """True for a set whose cases have `scope:` rather than `expect:`."""
    items = _question_items(path)
    return bool(items) and isinstance(items[0], dict) and "scope" in items[0]


def load_content_labelled(path: str | Path) -> list[ContentCase]:
    """Read `questions: [{q, scope, must?, verdict?, kind?, voice?}]`."""
    items = _question_items(path)
    cases = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or "q" not in item or item.get("scope") not in ("in", "out"):
            raise ValueError(f"{path}: questions[{index}] needs 'q' and 'scope: in|out'")
        must = item.get("must") or []
        if item["scope"] == "in" and not must:
            raise ValueError(f"{path}: questions[{index}] is in scope but has no 'must'")
        groups = tuple(tuple(str(a) for a in m) if isinstance(m, list) else (str(m),) for m in must)
        verdict = item.get("verdict")
        cases.append(ContentCase(
            question=str(item["q"]), scope=item["scope"], must=groups,
            verdict=str(verdict).lower() if verdict is not None else None,
            kind=str(item.get("kind", "")), voice=str(item.get("voice", "")),
        ))
    return cases


def _comparable(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"(?<=\d),(?=\d)", "", text)
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split())


def judge(case: ContentCase, answer: Answer) -> bool:
    """Is `answer` right for `case`?"""
    body = answer.body
    if case.scope == "out":
        return not answer.answered or bool(LACK_PATTERN.search(first_sentence(body)))
    if not answer.answered:
        return False
    comparable = _comparable(body)
    if not all(any(_comparable(alt) in comparable for alt in group) for group in case.must):
        return False
    if case.verdict in ("yes", "no"):
        opening = re.match(r"\W*(\w+)", body)
        return opening is not None and opening.group(1).lower() == case.verdict
    return True


def evaluate_content(service: AnswerService, cases: list[ContentCase]) -> ContentReport:
    report = ContentReport()
    for case in cases:
        answer = service.answer(case.question)
        right = judge(case, answer)
        for table, key in ((report.counts, case.scope), (report.by_kind, case.kind or "-"),
                           (report.by_voice, case.voice or "-")):
            bucket = table.setdefault(key, [0, 0])
            bucket[0] += right
            bucket[1] += 1
        if not right:
            report.misses.append(ContentMiss(case=case, got=answer.text, outcome=answer.outcome))
    return report
