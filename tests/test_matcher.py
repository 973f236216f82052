"""The matcher's decisions on questions whose right outcome is known from the issue and the sources."""

from __future__ import annotations

import pytest

from bot.answers import AnswerService
from bot.knowledge import parse_fact_base
from tests.conftest import MINIMAL_FACTS


def facts(service: AnswerService, question: str) -> tuple[str, ...]:
    return service.ask(question).facts


@pytest.mark.parametrize(
    "question",
    [
        "What is the US defence budget?",
        "Japan's defence budget in 1990?",
        "Japan's healthcare budget?",
        "how much does Germany spend on defence",
        "FY2030 defence budget",
        "is Brazil an OSA recipient?",
        "what's for lunch",
        "what time is it",
        "",
        "   ",
        "\x00\x01\x02",
        "<@U123> <!channel>",
    ],
)
def test_out_of_scope_questions_are_declined(service: AnswerService, question: str) -> None:
    answer = service.ask(question)
    assert answer.outcome == "decline", answer.text
    assert not answer.answered
    assert "9.04" not in answer.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how big is the FY26 defence budget?", ("budget-fy2026",)),
        ("defense budget fiscal 2024", ("budget-fy2024",)),
        ("budget 2025-26", ("budget-fy2025",)),
        ("Tokyo's military spending", ("budget-fy2026",)),
        ("osa budget fy 2023", ("osa-budget-fy2023",)),
        ("is Vietnam an OSA recipient?", ("country:vietnam",)),
        ("is Viet Nam an osa recipient", ("country:vietnam",)),
        ("what did the Phillipines get under OSA", ("country:philippines",)),
        ("can Japan export weapons?", ("exports-current-rules",)),
        ("which countries received OSA?",
         ("osa-recipients-fy2023", "osa-recipients-fy2024", "osa-recipients-fy2025", "osa-recipients-fy2026")),
    ],
)
def test_in_scope_questions_reach_their_facts(
    service: AnswerService, question: str, expected: tuple[str, ...]
) -> None:
    assert facts(service, question) == expected


def test_year_not_held_is_declined_with_the_years_held(service: AnswerService) -> None:
    answer = service.ask("Japan's defence budget in 1990?")
    assert answer.outcome == "decline"
    assert "FY1990" in answer.text and "FY2023" in answer.text and "FY2026" in answer.text


def test_unknown_country_is_named_in_the_decline(service: AnswerService) -> None:
    answer = service.ask("What is Germany's defence budget?")
    assert "Germany" in answer.text


def test_country_not_a_partner_is_not_called_a_recipient(service: AnswerService) -> None:
    answer = service.ask("is china an osa recipient")
    assert not answer.answered
    assert "don't name China" in answer.text


def test_series_with_several_years_answers_each(service: AnswerService) -> None:
    assert facts(service, "defence budget FY2023 and FY2026") == ("budget-fy2023", "budget-fy2026")


def test_relative_year_uses_the_clock(service: AnswerService) -> None:
    # The test clock is 2026-11-27, in FY2026: "last year" is FY2025.
    assert facts(service, "what was last year's defence budget") == ("budget-fy2025",)


def test_same_question_same_result(service: AnswerService) -> None:
    question = "how much is japan spending on osa"
    first = service.ask(question, explain=True)
    for _ in range(5):
        again = service.ask(question, explain=True)
        assert again == first


def test_explain_shows_normalised_text_entities_and_candidates(service: AnswerService) -> None:
    answer = service.ask("Is Viet Nam an OSA recipient in FY25?", explain=True)
    assert answer.explanation is not None
    assert answer.explanation.years == (2025,)
    assert answer.explanation.countries == ("vietnam",)
    assert answer.explanation.candidates
    assert answer.explanation.candidates[0].fact_id == "country:vietnam"


def test_two_facts_that_match_alike_get_a_clarifying_question() -> None:
    two_facts = MINIMAL_FACTS.replace(
        "countries:",
        """  - id: budget-plan
    topic: budget
    title: The five-year plan
    answer: A plan.
    sources: [src-a]
    as_of: "2025-12-26"
    questions:
      - how big is the defence budget
      - japan defence budget
      - how much does japan spend on defence
countries:""",
    )
    service = AnswerService(parse_fact_base(two_facts, "facts.yaml"))
    answer = service.ask("how big is the defence budget")
    assert answer.outcome == "clarify"
    assert answer.text.startswith("Did you mean")
    assert "FY2026 defence budget" in answer.text and "The five-year plan" in answer.text
    assert len(answer.suggestions) == 2
    assert not answer.answered


def test_several_years_asked_of_a_series_that_holds_them_all_are_answered_from_it(service: AnswerService) -> None:
    """Another fact's words may match a little better ("line" is in the eleventh recipient's text); the years decide."""
    answer = service.ask("OSA line by FY, 23 thru 26")
    assert answer.facts == ("osa-budget-fy2023", "osa-budget-fy2024", "osa-budget-fy2025", "osa-budget-fy2026")


@pytest.mark.parametrize("question", ["How has OSA money grown since it launched?",
                                      "how has the OSA budget changed since its launch?"])
def test_since_it_launched_asks_for_every_year(service: AnswerService, question: str) -> None:
    assert service.ask(question).facts == ("osa-budget-fy2023", "osa-budget-fy2024", "osa-budget-fy2025",
                                           "osa-budget-fy2026")


def test_a_day_in_january_to_march_is_in_the_fiscal_year_before_its_calendar_year(service: AnswerService) -> None:
    """15 January 2026 is in FY2025: the fact naming that day answers, not the FY2026 member of its series."""
    assert service.ask("What happened on 15 January 2026 related to OSA?").facts == ("osa-recipients-fy2025",)
    assert service.ask("1 april 2014 export rule change").facts == ("exports-three-principles-2014",)
