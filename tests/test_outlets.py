"""The outlets a source is published by, under the names people use for them, and how a question names one."""

from __future__ import annotations

import pytest

from bot.answers import AnswerService
from bot.models import Source
from bot.outlets import name_pattern, outlet_names


def source(publisher: str) -> Source:
    return Source(id="s", title="t", publisher=publisher, file="f.md")


@pytest.mark.parametrize(("publisher", "names"), [
    ("Jiji Press via nippon.com", ["Jiji Press", "Jiji"]),
    ("Associated Press (via KEYT)", ["Associated Press", "AP", "KEYT"]),
    ("Ministry of Foreign Affairs of Japan", ["Ministry of Foreign Affairs of Japan", "MOFA", "Foreign Ministry"]),
    ("The Japan Times", ["Japan Times"]),
    ("Bernama-Kyodo / The Star", ["Bernama-Kyodo", "Star"]),
    ("Japanese media", []),
    ("tbh.center", []),
])
def test_an_outlet_is_known_by_every_name_people_use(publisher: str, names: list[str]) -> None:
    assert outlet_names([source(publisher)]) == names


def test_names_are_listed_once_across_sources() -> None:
    assert outlet_names([source("Jiji Press"), source("Jiji Press via OANA")]) == ["Jiji Press", "Jiji", "OANA"]


def test_a_question_names_an_outlet_in_any_case_but_an_abbreviation_only_in_capitals() -> None:
    pattern = name_pattern("Japan Times")
    assert pattern is not None and pattern.search("per the japan times?") and not pattern.search("japan timesheet")
    abbreviation = name_pattern("AP")
    assert abbreviation is not None and abbreviation.search("the AP number") and not abbreviation.search("an ap")
    assert name_pattern("Star") is None and name_pattern("Manila") is None  # a word, a city


def test_a_fact_citing_the_outlet_named_answers(service: AnswerService) -> None:
    # the Japan Times gives FY2025's rise (9.5%); AP gives another figure for that year
    answer = service.ask("What rise did the Japan Times report for FY2025 defence spending?")
    assert answer.answered and "9.5%" in answer.text, answer.text
    assert service.ask("Per the Asahi Shimbun, how many countries had OSA reached by late 2025?").facts[0] in (
        "osa-recipients-fy2025", "osa-eleventh-recipient")
    assert not service.ask("What did the Japan Times say about the weather?").answered
