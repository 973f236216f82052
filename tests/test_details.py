"""Exact behaviour of bot/details.py: the details table, which details a question asks for and the answer lacks,
and the details no answer holds (written after `make mutation` showed them tested only through answers)."""

from __future__ import annotations

import pytest

from bot.answers import AnswerService
from bot.details import Missing, declined_detail, load_details, missing_details

COMPANY = "My sources don't name the companies that make or supply the equipment."


def found(question: str, *, topic: str | None = "osa", text: str = "Patrol boats for Indonesia.",
          subject: str = "Indonesia in 2024") -> list[tuple[str, str]]:
    return [(m.detail.id, m.sentence) for m in missing_details(question, topic=topic, text=text, subject=subject)]


def test_the_details_table() -> None:
    details = load_details()
    assert [d.id for d in details] == ["company", "procurement", "location", "signing", "gdp-share", "gdp-size",
                                       "survey-figures", "model", "breakdown", "specs", "pm-then", "future-plans",
                                       "unit-price", "exchange-rate", "delivery", "people", "personnel", "votes",
                                       "positions", "negotiations", "contact", "margins", "ranking", "opinion", "role",
                                       "coast-guard", "enactment", "amount", "equipment", "dollars", "names",
                                       "grant-breakdown", "purpose", "total", "authors", "date"]
    by_id = {d.id: d for d in details}
    assert by_id["breakdown"].topics == frozenset({"budget"}) and by_id["company"].topics == frozenset()
    assert [d.id for d in details if d.decline] == ["contact", "margins", "role", "coast-guard"]
    assert by_id["company"].held_if is None and by_id["company"].missing == COMPANY
    assert by_id["delivery"].held_if is not None and by_id["delivery"].held_if.pattern.startswith(r"\bdeliver")
    assert len(by_id["company"].asks) == 10
    assert load_details() is details  # read once


def test_the_details_asked_for_and_not_held_in_table_order() -> None:
    assert found("Which COMPANY builds the boats and when were they delivered?") == [
        ("company", COMPANY),
        ("delivery", "My sources don't say when or whether the equipment has been delivered."),
        ("date", "My sources give no date for Indonesia in 2024.")]


def test_a_detail_the_answer_holds_is_not_missing() -> None:
    assert found("Which company builds the boats and when were they delivered?",
                 text="Patrol boats for Indonesia, delivered in March 2024.") == [("company", COMPANY)]
    assert found("how much is it worth?", text="¥2 billion for radars.") == []
    assert found("how much is it worth?") == [("amount", "My sources give no amount for Indonesia in 2024.")]


def test_a_detail_for_some_topics_only_is_asked_only_on_them() -> None:
    question = "how much of the budget goes to drones?"
    assert [i for i, _ in found(question, topic="budget")] == ["breakdown"]
    assert [i for i, _ in found(question, topic="osa")] == ["amount", "grant-breakdown"]
    assert found(question, topic=None) == []
    assert found("which company makes them", topic=None) == [("company", COMPANY)]


def test_nothing_asked_is_nothing_missing() -> None:
    assert found("is Indonesia an OSA recipient?") == []


def test_a_detail_no_answer_holds_is_declined() -> None:
    declined = declined_detail("Who is the DEFENCE minister?")
    assert isinstance(declined, Missing)
    assert (declined.detail.id, declined.sentence) == ("role", "My sources don't say who holds that office.")
    coast_guard = declined_detail("how big is the coast guard budget")
    assert coast_guard is not None and coast_guard.detail.id == "coast-guard"
    assert declined_detail("which company builds the boats?") is None  # asked, but not a decline
    assert declined_detail("how big is the defence budget?") is None


def test_asking_words_with_a_typo_ask_for_the_detail() -> None:
    assert [i for i, _ in found("how mcuh did they get")] == ["amount"]
    assert [i for i, _ in found("how mny patrol boats did they get")] == ["count"]
    assert [i for i, _ in found("wen was it announced")] == ["date"]
    assert found("how much did they get", text="¥2 billion for radars.") == []
    # a word after "how" more than one letter off "much" is left as it is
    assert found("how come they got them") == []


def test_the_size_of_gdp_and_survey_figures_are_details_no_answer_holds() -> None:
    assert [i for i, _ in found("what is japan's gdp in yen?", topic="budget",
                                text="2% of GDP in FY2025.")] == ["gdp-size"]
    surveyed = found("what percentage of japanese people back it in those surveys?", topic="policy",
                     text="A majority supports stronger defence.")
    assert surveyed == [("survey-figures", "My sources give no survey figures, and do not name the surveys.")]
    assert found("what percentage of japanese people back it?", topic="policy", text="61% support it.") == []
    # a share of GDP is not a breakdown of the budget
    assert found("what share of gdp did japan reach?", topic="budget", text="2% of GDP in FY2025.") == []


@pytest.mark.parametrize(("question", "opening"), [
    ("How much is in the FY2026 budget for long-range missiles?", "My sources give no breakdown"),
    ("How much does the FY2026 budget give the navy?", "My sources give no breakdown"),
    ("Where does Japan rank among the world's biggest defence spenders?", "My sources don't rank"),
    ("What yen-dollar rate turns the ¥9.04 trillion budget into US$58 billion?",
     "My sources don't say which exchange rate"),
    ("Who is the leader of the Japan Innovation Party?", "My sources don't say who holds that office."),
    ("Who heads the OSA office?", "My sources don't say who holds that office."),
    # the fiscal years whose recipients no source names get neither a Yes nor a No
    ("Is Fiji an OSA recipient in FY2026?", "My sources do not name the FY2026 OSA recipients."),
    ("How much cyber defence money is in the FY2026 budget?", "My sources give no breakdown"),
    ("What's the top speed of the Bangladesh patrol boats?", "My sources give no specifications"),
    ("What are the model names of the drones Sri Lanka got?", "My sources don't give the model"),
    ("Who won the contract to build Fiji's patrol boats?", "My sources don't name the companies"),
    ("How does the tender work for firms that want to supply OSA kit?", "My sources don't describe how suppliers"),
    ("Which prime minister was in office when the 2014 principles were adopted?",
     "My sources don't say who was prime minister then."),
    ("What will Japan spend on defence after the ¥43 trillion plan ends?", "My sources give no plans beyond"),
    ("Will Japan raise its target above 2% of GDP?", "My sources give no plans beyond"),
    ("How many dollars was Fiji's FY2023 OSA grant in US dollars?", "My sources give no dollar figure for Fiji"),
    ("What are Bangladesh's OSA patrol boats called?", "My sources don't give the names of the boats"),
    ("How much OSA money has Malaysia had in total across all years?", "My sources give no total across years"),
    ("Which reporter wrote the Kyodo story on the ¥43 trillion plan?", "My sources don't name the reporters"),
    ("How much of Mongolia's ¥1.3 billion went to the radar's training package alone?",
     "My sources don't break the grant down by item."),
    ("Which Bangladeshi naval base will the patrol boats use?", "My sources don't say where the equipment"),
    ("Which NSC members were at the meeting that adopted OSA's guidelines?",
     "My sources don't name the officials involved."),
    ("What will Fiji's navy use the patrol boats for?", "My sources don't say what the equipment will be used for."),
    ("How big is the slice of the FY2026 budget just for drones?", "My sources give no breakdown"),
    ("How many PAC-2 missiles went to the US?", "My sources don't give the number of missiles."),
])
def test_what_the_sources_lack_comes_first(service: AnswerService, question: str, opening: str) -> None:
    assert service.answer(question).body.startswith(opening), question


@pytest.mark.parametrize("question", [
    "How much is the budget for FY2026?",  # the whole budget, not a part of it
    "how much is japan's budget for defence",
    "Who is the leader of Japan?",  # the prime minister, whom the sources name
    "Which prime minister set the ¥43 trillion plan?",  # the answer names him
    "How long are Indonesia's OSA patrol boats?",  # its entry gives their length
    "Was the April 2026 revision made by the cabinet?",  # made by a government body, not a company
])
def test_whole_figures_and_named_offices_are_not_said_to_be_missing(service: AnswerService, question: str) -> None:
    assert not service.answer(question).body.startswith("My sources"), question


def test_a_figure_someone_asked_for_is_not_contradicted(service: AnswerService) -> None:
    # no source says what the US asked for: the 2% facts neither confirm nor deny it
    assert service.answer("Did the US ask Japan to spend 3.5% of GDP on defence?").verdict is None
    assert service.answer("Japan's FY2026 defence budget is ¥12 trillion, right?").verdict == "no"


def test_a_country_named_in_a_list_has_only_what_the_list_says_of_it(service: AnswerService) -> None:
    # the FY2025 list names Malaysia; the year's total beside it is not Malaysia's amount
    answer = service.answer("Malaysia's FY2025 OSA allocation: amount?")
    assert answer.body.startswith("My sources give no amount for Malaysia in FY2025."), answer.body[:120]
    assert service.answer("How much did Mongolia get in FY2024?").body.startswith("Mongolia")


def test_the_initial_fy2025_security_total_is_no_missing_breakdown(service: AnswerService) -> None:
    answer = service.answer("How much did the initial FY2025 budget allocate for security-related spending?")
    assert not answer.body.startswith("My sources") and "9.9 trillion" in answer.body, answer.body[:200]


@pytest.mark.parametrize("question", [
    "is japan's defence buildup a good idea? what's ur take",
    "Should Japan spend 2% of GDP on defence?",
])
def test_an_opinion_asked_for_is_said_to_be_beyond_the_sources(service: AnswerService, question: str) -> None:
    assert service.answer(question).body.startswith("My sources don't weigh in"), question


def test_what_several_named_countries_got(service: AnswerService) -> None:
    body = service.answer("What did Sri Lanka and Papua New Guinea get from Japan?").body
    assert "Sri Lanka" in body and "Papua New Guinea" in body and "machinery" in body, body


@pytest.mark.parametrize("question", ["How big is the FY2026 defence budget in dollars?",
                                      "What was Mongolia's OSA radar worth in dollars?",
                                      "What's the total OSA budget across all years?",
                                      "Mongolia's OSA radar cost about $8.7 million in total, right?"])
def test_a_dollar_figure_or_a_total_the_answer_gives_is_not_missing(service: AnswerService, question: str) -> None:
    assert not service.answer(question).body.startswith("My sources give no"), service.answer(question).body[:120]


def test_what_an_entry_says_equipment_is_for_holds_its_purpose(service: AnswerService) -> None:
    answer = service.answer("What will Papua New Guinea use the heavy machinery for?")  # "for disaster relief"
    assert answer.answered and not answer.body.startswith("My sources don't say what"), answer.body[:120]
