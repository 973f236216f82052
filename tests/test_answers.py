"""The answer value: sources on every answer, the JSON shape, and polite replies to bad input."""

from __future__ import annotations

import json

import pytest

from bot.adapters.console import to_json_line
from bot.answers import MAX_QUESTION_LENGTH, AnswerService
from bot.models import FactBase


def test_every_fact_answer_names_its_sources(service: AnswerService, fact_base: FactBase) -> None:
    for fact in fact_base.facts:
        answer = service.ask(fact.questions[0])
        assert answer.answered and answer.facts[0] == fact.id, (fact.id, fact.questions[0], answer.text[:120])
        assert answer.sources
        for source in answer.sources:
            assert source.title in answer.text
        assert answer.as_of and f"As of {answer.as_of}" in answer.text


def test_country_answers_come_from_the_table(service: AnswerService, fact_base: FactBase) -> None:
    for country in fact_base.countries:
        if country.status == "mentioned":
            continue
        answer = service.ask(f"is {country.name} an OSA recipient?")
        assert answer.facts == (f"country:{country.id}",), country.id
        assert answer.sources
        for grant in country.received:
            amount = grant.amount_display()
            if amount:
                assert amount in answer.text


def test_sources_that_differ_are_both_given(service: AnswerService) -> None:
    answer = service.ask("defence budget FY2025")
    assert answer.facts == ("budget-fy2025",)
    assert "8.7" in answer.text and "8.6" in answer.text
    assert len(answer.sources) >= 2


def test_list_question_gets_every_year(service: AnswerService) -> None:
    answer = service.ask("which countries received OSA?")
    assert len(answer.parts) >= 3
    assert "Fiji" in answer.text and "Mongolia" in answer.text and "Tonga" in answer.text


def test_json_shape(service: AnswerService) -> None:
    data = json.loads(to_json_line(service.ask("osa budget fy2024")))
    assert set(data) >= {"answered", "outcome", "text", "facts", "sources", "confidence", "suggestions"}
    assert data["answered"] is True and data["outcome"] == "answer"
    assert data["facts"] == ["osa-budget-fy2024"]
    assert {"title", "date", "url"} <= set(data["sources"][0])
    assert 0 <= data["confidence"] <= 1


def test_decline_points_to_what_the_bot_covers(service: AnswerService) -> None:
    answer = service.ask("who won the football last night")
    assert answer.outcome == "decline"
    assert "I can't answer that from my sources" in answer.text
    assert "I can tell you about: Defence budget" in answer.text  # the topics, not "Try `help`" (issue 11)
    assert answer.suggestions


@pytest.mark.parametrize(
    "question",
    ["", " \n\t ", "\x00" * 50, "\ufffd\ufffd", "🙂" * 300, "a" * (MAX_QUESTION_LENGTH + 1),
     "<script>alert(1)</script>", "'; DROP TABLE facts; --", "(" * 5000 + "budget"],
)
def test_bad_input_gets_a_polite_reply(service: AnswerService, question: str) -> None:
    answer = service.ask(question)
    assert answer.text
    assert not answer.answered


def test_invisible_control_characters_do_not_change_the_answer(service: AnswerService) -> None:
    assert service.ask("\u202eosa\u200b budget\x07").facts == service.ask("osa budget").facts


def test_over_long_question_is_refused_politely(service: AnswerService) -> None:
    answer = service.ask("osa budget " * 100)
    assert "under 500 characters" in answer.text


@pytest.mark.parametrize("question", ["help", "hi", "hello there", "what can you do?"])
def test_help_and_greetings_list_the_topics(service: AnswerService, question: str) -> None:
    answer = service.ask(question)
    assert "Defence budget" in answer.text and "/osa" in answer.text
    assert not answer.answered


def test_thanks(service: AnswerService) -> None:
    assert service.ask("thanks!").text.startswith("You're welcome")


def test_sources_question_lists_every_source(service: AnswerService, fact_base: FactBase) -> None:
    answer = service.ask("what are your sources?")
    for source in fact_base.sources:
        assert source.title in answer.text
    assert "cited by" in answer.text


# --- issue 11: D11, D12 ---------------------------------------------------------------------------


@pytest.mark.parametrize("wrapped", [
    "\x1b[31mhow big is the defence budget?\x1b[0m",
    "\x1b[1;31;48;5;196mhow big is the defence budget?\x1b[0m",
    "\x9b31mhow big is the defence budget?",
    "\x1b]0;window title 2024\x07how big is the defence budget?",
    "\x1b]8;;https://example.org/99\x1b\\how big is the defence budget?\x1b]8;;\x1b\\",
    "\x1bchow big is the defence budget?",
])
def test_terminal_escapes_are_removed_whole(service: AnswerService, wrapped: str) -> None:
    """D12: `\\x1b[31m` lost only its escape character, and "31" was read as a figure."""
    plain = service.ask("how big is the defence budget?", explain=True)
    answer = service.ask(wrapped, explain=True)
    assert answer.explanation is not None and plain.explanation is not None
    assert answer.explanation.normalized == plain.explanation.normalized
    assert answer.text == plain.text


def test_a_huge_message_is_refused_before_it_is_cleaned(service: AnswerService,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """D11: the length is checked before the per-character cleaning, so a 50 MB message is quick."""
    from bot import answers

    cleaned: list[int] = []
    real = answers._printable

    def spy(text: str) -> str:
        cleaned.append(len(text))
        return real(text)

    monkeypatch.setattr(answers, "_printable", spy)
    answer = service.ask("\x01budget " * 6_000_000)
    assert cleaned == [], "a message over the screening length was cleaned character by character"
    assert "over 10,000 characters long" in answer.text and len(answer.question) <= 10_000
    padded = service.ask("\x01" * 5_000 + "how big is the defence budget?")  # under the cap: cleaned, answered
    assert padded.outcome == "answer"
