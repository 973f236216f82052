"""Derived figures (bot.derived): every comparison and total checked against the figures in facts.yaml,
sources that differ giving every result, and missing years declined instead of guessed."""

from __future__ import annotations

import itertools
import re

import pytest

from bot.answers import AnswerService
from bot.derived import SCALES, intent_of
from bot.models import Fact, FactBase, Figure
from bot.normalize import normalize

SERIES = {"defence-budget": "defence budget", "osa-budget": "OSA budget"}


def headline(fact_base: FactBase, series: str, year: int, currency: str = "JPY") -> list[Figure]:
    """The test's own reading of the fact base: the year's figures labelled as the series' amount."""
    fact = next(f for f in fact_base.series_members(series) if f.fiscal_year == year)
    name = SERIES[series].lower()
    return [f for f in fact.figures if f.currency == currency and f.label.lower().startswith(name)
            and f.fiscal_year == year]


def member(fact_base: FactBase, series: str, year: int) -> Fact:
    return next(f for f in fact_base.series_members(series) if f.fiscal_year == year)


def value(figure: Figure) -> float:
    return figure.amount * SCALES[figure.unit]


def trimmed(number: float) -> str:
    text = f"{number:,.2f}"
    return text.rstrip("0").rstrip(".")


def scaled(amount: float) -> str:
    """An amount in units as "1.13 trillion" / "340 billion"."""
    for unit in ("trillion", "billion", "million"):
        if amount >= SCALES[unit]:
            return f"{trimmed(amount / SCALES[unit])} {unit}"
    return trimmed(amount)


def years_of(fact_base: FactBase, series: str) -> list[int]:
    return [f.fiscal_year for f in fact_base.series_members(series) if f.fiscal_year is not None]


def pairs() -> list[tuple[str, int, int]]:
    return [(series, a, b) for series in SERIES for a, b in itertools.combinations(range(2023, 2027), 2)]


def test_headline_figures_are_found_for_every_year(service: AnswerService, fact_base: FactBase) -> None:
    assert set(service.deriver.headlines) == set(SERIES)
    for series in SERIES:
        assert service.deriver.years(series) == tuple(years_of(fact_base, series)) == (2023, 2024, 2025, 2026)
        for year in years_of(fact_base, series):
            assert headline(fact_base, series, year), (series, year)


@pytest.mark.parametrize(("series", "first", "last"), pairs())
def test_change_between_two_years(service: AnswerService, fact_base: FactBase, series: str, first: int,
                                  last: int) -> None:
    answer = service.ask(f"how much did the {SERIES[series]} grow from FY{first} to FY{last}?")
    assert answer.answered and answer.derived == "change", answer.text
    assert answer.facts == (member(fact_base, series, last).id, member(fact_base, series, first).id)
    before, after = headline(fact_base, series, first), headline(fact_base, series, last)
    for old, new in itertools.product(before, after):
        difference = value(new) - value(old)
        assert f"by ¥{scaled(difference)}, or {difference / value(old) * 100:.1f}%" in answer.text
        assert old.display() in answer.text and new.display() in answer.text
    if len(before) * len(after) > 1:
        assert "Sources differ" in answer.text
    assert "How I worked it out" in answer.text
    for figure in before + after:
        assert fact_base.source(figure.source).citation() in answer.text


@pytest.mark.parametrize(("series", "first", "last"), pairs())
def test_ratio_between_two_years(service: AnswerService, fact_base: FactBase, series: str, first: int,
                                 last: int) -> None:
    answer = service.ask(f"how many times bigger is the FY{last} {SERIES[series]} than FY{first}?")
    assert answer.answered and answer.derived == "ratio", answer.text
    assert answer.facts[0] == member(fact_base, series, last).id
    for old, new in itertools.product(headline(fact_base, series, first), headline(fact_base, series, last)):
        assert f"{trimmed(value(new) / value(old))} times" in answer.text


def test_the_examples_of_the_issue(service: AnswerService) -> None:
    grow = service.ask("how much did the budget grow from FY2025 to FY2026?")
    assert grow.facts == ("budget-fy2026", "budget-fy2025")  # "the budget" is the defence budget
    assert "¥340 billion, or 3.9%" in grow.text and "¥440 billion, or 5.1%" in grow.text
    assert "¥8.7 trillion per Associated Press" in grow.text and "¥8.6 trillion per The Japan Times" in grow.text
    bigger = service.ask("how much bigger is the FY2026 OSA budget than FY2025?")
    assert bigger.derived == "ratio"
    assert "2.23 times" in bigger.text and "2.26 times" in bigger.text
    assert "The sources themselves state: 2.2 times" in bigger.text
    total = service.ask("total OSA budget since 2023?")
    assert total.derived == "total"
    assert "¥33.1 billion or ¥33.2 billion" in total.text
    assert "FY2023 ¥2 billion; FY2024 ¥5 billion; FY2025 ¥8.1 billion or ¥8 billion; FY2026 ¥18.1 billion" in total.text


@pytest.mark.parametrize("series", list(SERIES))
@pytest.mark.parametrize(("first", "last"), [(2023, 2024), (2023, 2026), (2024, 2026), (2025, 2026)])
def test_total_over_years(service: AnswerService, fact_base: FactBase, series: str, first: int, last: int) -> None:
    answer = service.ask(f"total {SERIES[series]} from FY{first} to FY{last}")
    assert answer.answered and answer.derived == "total", answer.text
    per_year = [headline(fact_base, series, y) for y in range(first, last + 1)]
    low = sum(min(value(f) for f in figures) for figures in per_year)
    high = sum(max(value(f) for f in figures) for figures in per_year)
    assert f"¥{scaled(low)}" in answer.text and f"¥{scaled(high)}" in answer.text
    assert f"{len(per_year)} fiscal years" in answer.text
    for year in range(first, last + 1):
        assert f"FY{year} " in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "how much did the budget grow from FY2020 to FY2026?",
        "how many times bigger is the FY2026 OSA budget than FY2021?",
        "total defence budget since 2020",
        "total OSA budget from FY2022 to FY2025",
        "how much will the defence budget grow from FY2026 to FY2027?",
    ],
)
def test_a_missing_year_is_declined_not_guessed(service: AnswerService, question: str) -> None:
    answer = service.ask(question)
    assert not answer.answered and answer.outcome == "decline", answer.text
    assert "my sources have no" in answer.text and "I don't estimate" in answer.text
    assert "trillion" not in answer.text and "billion" not in answer.text  # no figure, computed or not
    assert re.search(r"FY20(2[0-2]|27)", answer.text)


def test_change_from_a_missing_year_gives_what_the_sources_state(service: AnswerService) -> None:
    answer = service.ask("by what percentage did the FY2023 defence budget increase on the year before?")
    assert answer.answered and answer.derived == "stated" and answer.facts == ("budget-fy2023",)
    assert "no defence budget figure for FY2022" in answer.text and "+26.3%" in answer.text


def test_figures_in_dollars_only_where_the_sources_give_them(service: AnswerService) -> None:
    dollars = service.ask("FY2026 defence budget in dollars")
    assert dollars.derived == "currency" and "US$58 billion" in dollars.text
    both = service.ask("FY2025 defence budget in dollars")
    assert "US$55 billion per Associated Press" in both.text and "¥8.6 trillion with no US dollars figure" in both.text
    none = service.ask("FY2023 defence budget in dollars")
    assert none.facts == ("budget-fy2023",) and "US$" not in none.text.split("\nSource")[0]
    assert "don't convert currencies" in none.text
    change = service.ask("how much did the defence budget grow from FY2024 to FY2026 in dollars?")
    assert "no US dollars figure for FY2024" in change.text and "¥1.09 trillion" in change.text


def test_latest_answers_say_they_are_the_latest(service: AnswerService) -> None:
    answer = service.ask("what is the latest defence budget?")
    assert answer.facts == ("budget-fy2026",)
    assert "latest my sources have: FY2026, as of 2025-12-26" in answer.text


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("how much did the budget grow from FY2025 to FY2026?", "change"),
        ("fiscal 2024 defense budget - % increase on the year before?", "change"),
        ("osa money 2024 vs 2023", "change"),
        ("how many times bigger is the FY26 OSA budget than last year", "ratio"),
        ("how much bigger is the FY2026 OSA budget than FY2025?", "ratio"),
        ("total OSA budget since 2023?", "total"),
        ("osa budget so far in total", "total"),
        ("the FY2025 defence budget in dollars", "currency"),
        ("how long has the defense budget been rising year after year", None),
        ("is the osa budget going up", None),
        ("2024 osa funds total", None),
        ("how much is the osa budget", None),
    ],
)
def test_what_a_question_asks_to_compute(question: str, kind: str | None) -> None:
    intent = intent_of(normalize(question))
    assert (intent.kind if intent else None) == kind


def test_a_stated_change_that_differs_from_the_computed_one_is_flagged(service: AnswerService) -> None:
    answer = service.ask("how much did the defence budget grow from FY2024 to FY2025?")
    assert "+9.5%" in answer.text and "8.2%" in answer.text and "9.4%" in answer.text
    assert "differs from the change computed" in answer.text
    agreeing = service.ask("how much did the defence budget grow from FY2023 to FY2024?")
    assert "+16.5%" in agreeing.text and "differs" not in agreeing.text


def test_a_change_over_several_years_shows_the_years_in_between(service: AnswerService) -> None:
    answer = service.answer("how much did Japan's defence budget grow between fiscal 2023 and fiscal 2026?")
    assert answer.derived == "change"
    assert ("Year by year: FY2023 ¥6,821.9 billion; FY2024 ¥7.95 trillion; FY2025 ¥8.7 trillion or ¥8.6 trillion; "
            "FY2026 ¥9.04 trillion.") in answer.body, answer.body
    assert "The Japan Times" in " ".join(s.publisher for s in answer.sources)  # FY2024's and FY2025's sources too
    # two years next to each other: nothing in between
    assert "Year by year" not in service.answer("how much did the defence budget grow from FY2024 to FY2025?").body


def test_a_computed_change_says_first_that_the_sources_do_not_state_it(service: AnswerService) -> None:
    answer = service.ask("By what percentage did the FY2026 defence budget rise over FY2025?")
    assert answer.derived == "change"
    assert answer.body.startswith("My sources do not state that change; I worked it out from the figures they give.")
    # a change the sources state is given as theirs, with no such opening
    stated = service.ask("how much did the defence budget grow from FY2023 to FY2024?")
    assert not stated.body.startswith("My sources do not state"), stated.body
