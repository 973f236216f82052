"""The values passed between the layers: how a figure, a grant and a source read, the fact base's look-ups and the
`ask --json` shape of an answer."""

from __future__ import annotations

import pytest

from bot.models import Answer, AnswerPart, Fact, FactBase, Figure, Grant, Source, Topic

SOURCE = Source(id="src-a", title="A report", publisher="Someone", file="a.md", date="2025-12-26",
                url="https://example.org/a")


def test_a_citation_names_title_publisher_and_date() -> None:
    assert SOURCE.citation() == "A report (Someone, 2025-12-26)"
    undated = Source(id="src-b", title="A speech", publisher="A minister", file="b.md")
    assert undated.citation() == "A speech (A minister, date not shown)"


@pytest.mark.parametrize(
    ("amount", "unit", "currency", "shown"),
    [
        (9.04, "trillion", "JPY", "¥9.04 trillion"),
        (58.0, "billion", "USD", "US$58 billion"),
        (10.0, "billion", "JPY", "¥10 billion"),  # whole numbers without ".00", and the zero of 10 kept
        (0.5, "million", "JPY", "¥0.5 million"),  # the leading zero kept
        (1_234_567.0, "one", "JPY", "¥1,234,567"),  # plain yen: no scale word
        (100.0, "one", None, "100"),  # no currency: no symbol
        (2.0, "percent", None, "2%"),
        (1.25, "percent", None, "1.25%"),
        (1.5, "times", None, "1.5x"),
    ],
)
def test_a_figure_reads_as_a_person_writes_it(amount: float, unit: str, currency: str | None, shown: str) -> None:
    assert Figure(label="budget", amount=amount, unit=unit, currency=currency, source="src-a").display() == shown


def test_a_grant_s_amount_is_shown_only_when_a_source_gives_one() -> None:
    grant = Grant(what="radar", source="src-a", fiscal_year=2024, amount=1.3, unit="billion", currency="JPY")
    assert grant.amount_display() == "¥1.3 billion"
    assert Grant(what="radar", source="src-a", fiscal_year=2024).amount_display() is None
    assert Grant(what="radar", source="src-a", amount=1.3, currency="JPY").amount_display() is None  # no unit


def _fact(fact_id: str, fiscal_year: int | None, questions: tuple[str, ...] = ("q",)) -> Fact:
    return Fact(id=fact_id, topic="budget", title=f"FY{fiscal_year} budget", answer="a", sources=("src-a",),
                as_of="2025-12-26", questions=questions, series="budget", fiscal_year=fiscal_year)


BASE = FactBase(
    path="facts.yaml", version="v", sources=(SOURCE,), countries=(), out_of_scope=(),
    topics=(Topic(id="budget", title="Defence budget", about="budgets", keywords=("budget",)),
            Topic(id="osa", title="OSA", about="aid", keywords=("osa",))),
    facts=(_fact("fy2026", 2026, ("q1", "q2", "q3")), _fact("fy2024", 2024), _fact("fy2025", 2025, ("q1", "q2"))),
)


def test_the_fact_base_s_look_ups() -> None:
    assert BASE.topic("osa").title == "OSA" and BASE.topic("budget").title == "Defence budget"
    assert [f.fiscal_year for f in BASE.series_members("budget")] == [2024, 2025, 2026]  # oldest first
    assert BASE.series_members("osa") == ()
    assert BASE.example_count() == 6


def test_an_answer_as_json_has_every_field_a_script_reads() -> None:
    part = AnswerPart(fact_id="fy2024", title="FY2024 budget", text="t", sources=(SOURCE,), as_of="2025-12-26")
    answer = Answer(question="and in 2024?", outcome="answer", body="It was ¥7.95 trillion.", confidence=0.87654,
                    parts=(part,), sources=(SOURCE,), suggestions=("FY2025?",), as_of="2025-12-26",
                    derived="change", verdict="no", missing=("company",), follow_up_of="defence budget?",
                    asked="defence budget in 2024", citation="Source: A report")
    assert answer.to_json() == {
        "answered": True, "outcome": "answer", "text": "It was ¥7.95 trillion.\nSource: A report",
        "facts": ["fy2024"],
        "sources": [{"id": "src-a", "title": "A report", "publisher": "Someone", "date": "2025-12-26",
                     "url": "https://example.org/a"}],
        "as_of": "2025-12-26", "confidence": 0.877, "suggestions": ["FY2025?"], "derived": "change",
        "verdict": "no", "missing": ["company"], "follow_up_of": "defence budget?", "asked": "defence budget in 2024",
    }
    plain = Answer(question="weather?", outcome="decline", body="I can't say.", confidence=0.0)
    assert plain.to_json() == {"answered": False, "outcome": "decline", "text": "I can't say.", "facts": [],
                               "sources": [], "as_of": None, "confidence": 0.0, "suggestions": []}
