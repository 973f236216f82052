"""Understanding what people type: claims to check, spans of years, misspellings, the decision."""

from __future__ import annotations

import pytest

from bot.answers import AnswerService
from bot.claims import is_claim
from bot.decision import DecisionModel
from bot.models import FactBase
from bot.train_decision import train
from tests.conftest import DATA


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("the FY2026 budget is ¥9.04tn, right?", True),
        ("is it true that OSA started in 2023", True),
        ("I heard Fiji got patrol boats", True),
        ("how big is the FY2026 budget?", False),
        ("which countries got OSA in FY2024", False),
    ],
)
def test_claims_are_recognised(text: str, claim: bool) -> None:
    assert is_claim(text) is claim


def test_a_true_claim_is_confirmed_with_the_sourced_figure(service: AnswerService) -> None:
    answer = service.ask("the FY2026 defence budget is 9.04 trillion yen, right?")
    assert answer.answered and answer.text.startswith("Yes —") and "9.04" in answer.text, answer.text


@pytest.mark.parametrize(
    "claim",
    [
        "I heard the FY2026 defence budget is 12 trillion yen, right?",
        "the FY2024 defence budget was ¥9.04 trillion, correct?",
    ],
)
def test_a_wrong_figure_is_never_confirmed(service: AnswerService, claim: str) -> None:
    answer = service.ask(claim)
    assert not answer.text.startswith("Yes"), answer.text
    if answer.answered:
        assert answer.text.startswith("No —"), answer.text


def test_a_priority_partner_claimed_as_a_recipient_gets_no(service: AnswerService) -> None:
    answer = service.ask("Laos received OSA equipment, right?")
    assert answer.text.startswith("No —") and "priority partner" in answer.text, answer.text


def test_a_span_of_years_lists_every_year(service: AnswerService) -> None:
    answer = service.ask("defence budgets FY23 thru FY26 please")
    assert answer.answered
    assert answer.facts == ("budget-fy2023", "budget-fy2024", "budget-fy2025", "budget-fy2026")


def test_a_misspelling_of_a_word_people_spell_two_ways_is_corrected(service: AnswerService) -> None:
    answer = service.ask("wich contries got osa in fy2024")
    assert answer.answered and answer.facts == ("osa-recipients-fy2024",), answer.text


def test_the_shipped_decision_model_is_the_one_the_trainer_makes(fact_base: FactBase) -> None:
    """Retraining on the fact base gives the shipped weights: the file is reproducible and current."""
    clinc = [line for line in (DATA / "clinc150" / "indomain_sample.txt").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    trained, _stats = train(fact_base, clinc)
    shipped = DecisionModel.load()
    assert shipped.trained_on == fact_base.version, "retrain: python -m bot.train_decision"
    assert trained.weights == pytest.approx(shipped.weights, abs=1e-4)
    assert trained.bias == pytest.approx(shipped.bias, abs=1e-4)


def test_explain_shows_the_decision_signals(service: AnswerService) -> None:
    answer = service.ask("how big is the FY26 defence budget?", explain=True)
    assert answer.explanation is not None
    assert "P(answerable)" in answer.explanation.reason and "coverage" in answer.explanation.reason


def test_several_questions_in_one_message_are_each_answered(service: AnswerService) -> None:
    answer = service.ask("two bullets please: FY26 defence budget and FY26 OSA budget")
    assert answer.answered
    assert {"budget-fy2026", "osa-budget-fy2026"} <= set(answer.facts), answer.text
    assert "9.04" in answer.text and "18.1" in answer.text


def test_a_plain_and_between_names_does_not_split_a_question(service: AnswerService) -> None:
    from bot.answers import split_questions

    words = service.matcher.index.anchor_tokens
    assert split_questions("which fighter is Japan building with the UK and Italy", words) == [
        "which fighter is Japan building with the UK and Italy"]
    assert len(split_questions("how big is the defence budget? and which countries got OSA?", words)) == 2


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("which company builds the patrol boats for Indonesia?", "company"),
        ("how much did Thailand get under OSA in FY2025?", "amount"),
        ("how much of the FY2026 defence budget goes to drones?", "breakdown"),
    ],
)
def test_a_detail_the_sources_lack_is_said_first(service: AnswerService, question: str, missing: str) -> None:
    answer = service.ask(question)
    assert missing in answer.missing, answer.text
    assert answer.text.startswith("My sources"), answer.text


def test_an_office_the_sources_do_not_cover_is_declined_not_answered_with_a_neighbour(
        service: AnswerService) -> None:
    answer = service.ask("who is Japan's defence minister right now?")
    assert not answer.answered and answer.text.startswith("My sources don't say who holds that office")


@pytest.mark.parametrize("question", ["what is Brazil's OSA status?", "did the giants win last night"])
def test_declines_are_short(service: AnswerService, question: str) -> None:
    """One sentence of why, then the topics: no list of partner countries, no 'Try help' (a slash command
    has no help to try)."""
    answer = service.ask(question)
    assert not answer.answered
    assert "Try `help`" not in answer.text and "Philippines" not in answer.text, answer.text
    assert answer.text.count(". ") <= 2 and len(answer.text) < 240, answer.text


def test_a_claim_naming_equipment_a_country_did_not_get_gets_no(service: AnswerService) -> None:
    answer = service.ask("Fiji got drones under OSA, right?")
    assert answer.text.startswith("No —") and "patrol boats" in answer.text, answer.text


def test_a_claim_with_a_word_the_sources_never_use_gets_no_yes(service: AnswerService) -> None:
    answer = service.ask("Fiji got submarines under OSA, right?")
    assert not answer.text.startswith("Yes"), answer.text


def test_a_claim_dating_an_event_to_the_wrong_year_gets_no(service: AnswerService) -> None:
    answer = service.ask("OSA was launched back in 2021, right?")
    assert answer.text.startswith("No —") and "2023" in answer.text, answer.text


def test_grant_dates_read_as_people_write_them(service: AnswerService) -> None:
    answer = service.ask("is Sri Lanka an OSA recipient?")
    assert "29 September 2025" in answer.text and "2025-09-29" not in answer.text.split("Source")[0], answer.text


def test_a_hyphenated_span_of_fiscal_years_lists_each(service: AnswerService) -> None:
    answer = service.ask("defence budgets FY23-FY26")
    assert answer.facts == ("budget-fy2023", "budget-fy2024", "budget-fy2025", "budget-fy2026"), answer.text


def test_a_named_country_with_the_figure_its_entry_states_is_answered(service: AnswerService) -> None:
    answer = service.ask("what's the ¥400 million linked to PNG?")
    assert answer.answered and answer.facts == ("country:papua-new-guinea",), answer.text


def test_one_named_country_prefers_its_own_entry_to_a_yearly_list(service: AnswerService) -> None:
    answer = service.ask("Mongolia's air traffic control radar, how much was it?")
    assert answer.facts == ("country:mongolia",) and "1.3 billion" in answer.text, answer.text


def test_who_reported_it_opens_with_the_publishers(service: AnswerService) -> None:
    answer = service.ask("which outlet reported the FY2026 OSA budget?")
    assert answer.answered and answer.text.startswith("Reported by Jiji Press"), answer.text


def test_and_opening_a_question_of_its_own_splits(service: AnswerService) -> None:
    from bot.answers import split_questions

    assert split_questions("how big is the FY2026 budget and who reported it?",
                           service.matcher.index.anchor_tokens) == ["how big is the FY2026 budget", "who reported it?"]


@pytest.mark.parametrize("claim", [
    "Fiji got seven patrol boats, right?",            # a small number the entry contradicts
    "Fiji got 400 million yen worth of submarines, right?",  # a word the sources never use
    "the whole FY2026 OSA budget went to Tonga, right?",     # a quantifier
    "the FY2024 defence budget was lower than FY2023, right?",  # a comparison
])
def test_no_yes_to_a_claim_the_sources_do_not_fully_support(service: AnswerService, claim: str) -> None:
    answer = service.ask(claim)
    assert answer.verdict != "yes", answer.text


def test_a_figure_another_fact_states_is_a_reference_not_a_contradiction(service: AnswerService) -> None:
    answer = service.ask("FY2023 was the first year of the ¥43 trillion plan, right?")
    assert answer.verdict != "no", answer.text


def test_a_yes_no_question_gets_its_verdict_first(service: AnswerService) -> None:
    """A plain yes/no question is a claim to check as well: "No —" for a partner that is not a recipient,
    "Yes —" where the sources settle it, and nothing for a choice ("is it X or Y?")."""
    assert service.ask("Is Vietnam an OSA recipient?").text.startswith("No — Vietnam: named as a priority partner")
    assert service.ask("Did Fiji get OSA in FY2023?").text.startswith("Yes — Fiji:")
    assert service.ask("Did Mongolia receive patrol boats?").text.startswith("No — Mongolia:")
    assert service.ask("Is the FY2026 budget 9.04 trillion yen or 9.4?").verdict is None


def test_a_day_of_the_month_is_not_a_count(service: AnswerService) -> None:
    answer = service.ask("is it right that Jiji reported the FY2026 OSA budget on 24 Dec 2025?")
    assert answer.verdict != "no", answer.text


def test_one_overlooked_word_must_belong_to_the_answer_s_topic(service: AnswerService) -> None:
    """'under OSA' and 'just double-checking' no longer block a Yes; 'submarines', which only export and policy
    facts mention, may not go unconfirmed in a claim about Fiji's grants: Fiji's entry lists what it received, and
    a warship is not on it."""
    assert service.ask("Tonga got 2,000 uniforms under OSA, right?").text.startswith("Yes — Tonga:")
    assert service.ask("Bangladesh's OSA project was four patrol boats? just double-checking").verdict == "yes"
    assert service.ask("Fiji got submarines under OSA, right?").verdict == "no"


def test_a_bound_is_checked_as_a_bound(service: AnswerService) -> None:
    assert service.ask("I heard the FY2026 defence budget is over ¥10 trillion. True?").text.startswith("No —")
    assert service.ask("Was the FY2023 increase really over 25%?").verdict != "no"


def test_a_fiscal_year_claim_is_checked_against_the_fiscal_years_said(service: AnswerService) -> None:
    """The plan was set in December 2022 for FY2023 to FY2027: 'started in FY2022' is not so."""
    answer = service.ask("The 43tn plan started in FY2022, yes?")
    assert answer.text.startswith("No —") and "FY2023 to FY2027" in answer.text, answer.text


def test_a_sum_claimed_for_a_country_is_checked_against_its_grants(service: AnswerService) -> None:
    answer = service.ask("Tonga got ¥3bn under OSA, right?")
    assert answer.text.startswith("No —") and "¥300 million" in answer.text, answer.text


def test_a_statement_asked_as_a_question_is_a_claim(service: AnswerService) -> None:
    assert service.ask("Mongolia got an air-traffic-control radar worth ¥1.3bn?").text.startswith("Yes — Mongolia")
    assert service.ask("Tonga got ¥3bn under OSA? seems way too high to me").text.startswith("No —")
    assert service.ask("was thailnd the frist osa recpient??").verdict != "yes"
    assert service.ask("how big is the FY26 budget?").verdict is None


def test_both_currencies_asked_gets_the_fact_with_both(service: AnswerService) -> None:
    answer = service.ask("FY26 def budget topline? need ¥ and $")
    assert "¥9.04 trillion" in answer.text and "US$58 billion" in answer.text, answer.text


def test_struck_through_words_are_taken_back(service: AnswerService) -> None:
    answer = service.ask("@bot ~~Indonesia~~ wait no — *Sri Lanka* OSA: what equipment?")
    assert answer.facts == ("country:sri-lanka",), answer.text


def test_a_figure_quoted_in_pesos_finds_its_grant(service: AnswerService) -> None:
    answer = service.ask("P235 million??")
    assert answer.facts == ("country:philippines",) and "¥600 million" in answer.text, answer.text


@pytest.mark.parametrize(("question", "first"), [
    ("JSDF headcount funded under FY26?", "My sources give no personnel numbers."),
    ("How many members voted for the FY2025 supplementary budget?", "My sources don't report how anyone voted."),
    ("What is the status of Cambodia's OSA negotiations?", "My sources don't report the state of any negotiations"),
    ("Who's the procurement contact at the Djibouti navy?", "My sources name no contacts"),
    ("What margins do suppliers make on OSA equipment deals?", "My sources say nothing about suppliers' prices"),
    ("HNS amt inside the FY26 ¥9.04tn?", "My sources give no breakdown of the budget"),
])
def test_details_the_sources_lack_are_said_first(service: AnswerService, question: str, first: str) -> None:
    assert service.ask(question).text.startswith(first), service.ask(question).text


def test_the_grant_asked_about_holds_its_details(service: AnswerService) -> None:
    """A country's answer lists all its grants: the one asked about (by year or by what it is) must hold the
    detail, not another grant beside it."""
    assert service.ask("how much do the Philippine Navy boathouses cost?").text.startswith(
        "My sources give no amount for the Philippines' FY2025 grant.")
    assert service.ask("did Indonesia get OSA money in FY2024 - how much?").text.startswith(
        "My sources give no amount for Indonesia in FY2024.")
    assert service.ask("philippines boathouses and slipways - when was that signed").missing == ()


def test_a_quoted_day_points_at_what_happened_that_day(service: AnswerService) -> None:
    """Issue 9 item 3: a date in the question that a fact or grant names is an entity, like a figure."""
    answer = service.ask("A colleague cited '5 December 2024' in connection with OSA. What was agreed on that date?")
    assert "¥1.6 billion" in answer.text and "5 December 2024" in answer.text, answer.text
    assert "3 November 2023" in service.ask("what happened on 2023-11-03?").text
    assert not service.ask("what happened on 4 July 2019").answered


def test_a_year_asked_with_a_topic_word_finds_the_fact_for_that_year(service: AnswerService) -> None:
    """'FY26 OSA': what OSA is holds no year; the FY2026 OSA budget does."""
    assert service.ask("FY26 OSA").facts == ("osa-budget-fy2026",)
    both = service.ask("Two bullets for the deck: FY26 defence topline and FY26 OSA.")
    assert "¥9.04 trillion" in both.text and "¥18.1 billion" in both.text, both.text


@pytest.mark.parametrize(("question", "opening"), [
    ("Quick yes/no for my boss: is the FY26 defence budget the biggest ever?", "Yes —"),
    ("Is it correct that Sri Lanka's UAVs went to its air force?", "No —"),
    ("Is Vietnam actually getting OSA money? Want to confirm before I write it.", "No —"),
    ("I heard the FY2026 defence budget is over ¥10 trillion. True?", "No —"),
])
def test_more_claims_settled(service: AnswerService, question: str, opening: str) -> None:
    assert service.ask(question).text.startswith(opening), service.ask(question).text


@pytest.mark.parametrize(("question", "verdict"), [
    # a count the answer states makes a claim checkable; another count is not so
    ("Bangladesh got four patrol boats under OSA, right?", "yes"),
    ("Is it true minesweeping is one of the six export categories?", "no"),
    # membership of the list is a property of the list, whether or not the limit is still in force
    ("Is it true minesweeping is one of the five export categories?", "yes"),
    # ... but an answer that opens with the rule removed confirms no claim about how things stand now
    ("Japan's export rules limit exports to five categories, right?", None),
    ("Does Japan limit finished-product exports to the five categories now?", None),
    # a prime minister the answer does not name, where it names another, is not so
    ("Takaichi set the ¥43tn plan in December 2022, right?", "no"),
    ("Kishida set the ¥43tn plan in December 2022, right?", "yes"),
    # a bound's number is checked as a figure; "one line", "the first time", "runs" claim nothing
    ("I read that FY2023 was a huge jump for the defence budget. Was the increase really over 25%?", "yes"),
    ("Was the FY2023 defence budget increase really over 30%?", "no"),
    ("Is FY2026 the fourth year of the ¥43tn plan? One line.", "yes"),
    ("The ¥43 trillion plan runs FY2023 to FY2027, right?", "yes"),
    ("The ¥43 trillion plan runs FY2022 to FY2026, right?", "no"),
    # a count the answer does not give for that thing is not settled; another count of the same thing is No
    ("OSA had four recipients in FY2024 as well, right?", None),
    ("Fiji got 6 patrol boats under OSA, right?", None),
    ("Bangladesh got six patrol boats, right?", "no"),
    ("FY26 is the 12th straight year of higher defence spending, correct?", "no"),
    # a sum no fact states gets no verdict
    ("Is the FY2026 OSA budget bigger than FY2023, FY2024 and FY2025 put together?", None),
    # a country's entry is its grants by year: "batch" or "round" asks about them
    ("Fiji was in OSA's first batch of recipients, right?", "yes"),
    # a claim about how things stood before the change is held by the answer's history
    ("Minesweeping was one of the five export categories, right?", "yes"),
    ("Submarines were one of the five export categories, right?", "no"),  # not on the list the answer gives
    # who said it is not part of the claim; words of the present state are never confirmed
    ("Someone on the podcast said the FY2026 defence budget is the biggest Japan has had since the war. True?",
     "yes"),
    ("Does Japan still limit finished-product exports to the five categories today?", None),
    # a month the answer dates in another year contradicts the claim
    ("OSA was launched in April 2024, right?", "no"),
    ("OSA was launched in April 2023, right?", "yes"),
    # a day of the month the answer gives with the same month confirms; another full date in the year of the
    # date the answer opens with contradicts it
    ("The export rules were revised on 21 April 2026, right?", "yes"),
    ("The export rules were revised on 22 April 2026, right?", "no"),
    # "get any boats" asks whether boats were received; the entry's list settles it for the year asked
    ("Did the Philippines get any boats from OSA in FY2024?", "yes"),
    ("Did the Philippines get any patrol boats from OSA in FY2023?", "no"),
    ("Since 21 April 2026 Japan can export weapons to any country, right?", "no"),  # "only to the 17 countries"
    # words of emphasis the fact base never uses do not block a Yes; words of time and size do
    ("Is it really the 14th straight annual rise?", "yes"),
    ("Japan formally allows lethal weapon exports since April 2026, right?", "yes"),
    ("Initial FY25 security spending was already at 2% of GDP, wasn't it?", None),
])
def test_claim_words_that_cannot_change_a_claim_do_not_block_its_verdict(
        service: AnswerService, question: str, verdict: str | None) -> None:
    assert service.ask(question).verdict == verdict, service.ask(question).text


def test_a_sum_claimed_for_a_country_needs_its_own_entry_for_a_yes(service: AnswerService) -> None:
    """The FY2024 OSA budget (¥5 billion) funded Djibouti among others: that is not Djibouti getting ¥5 billion."""
    assert service.ask("Djibouti got ¥5 billion under OSA, right?").verdict != "yes"


def test_a_quoted_yen_figure_is_not_a_request_for_yen(service: AnswerService) -> None:
    answer = service.ask("Is FY2026 the fourth year of the ¥43tn plan? One line.")
    assert answer.derived is None and "fourth year" in answer.text, answer.text


def test_a_country_few_facts_are_about_tells_close_facts_apart(service: AnswerService) -> None:
    """Italy is only in the fighter-jet facts: no 'did you mean' between them and the current rules. The US,
    which many facts mention in passing, does not decide ('the US arms export rules' are not Japan's)."""
    assert service.ask("whats italy's role in the export rules").outcome == "answer"
    assert not service.ask("what are the US arms export rules").answered


def test_a_country_named_with_what_it_got_is_pinned_to_its_entry(service: AnswerService) -> None:
    """'PNG heavy machinery': a partner and a thing its grants are of decide, whatever the other words."""
    assert "¥400 million" in service.ask("papua new guniea heavy machinary value?").text
    assert service.ask("PH RHIB boathouse/slipway agreemnt signed wehn?").facts == ("country:philippines",)
    assert service.ask("Itemised prices for the PNG machinery?").text.startswith("My sources give no price per unit")


def test_misspelt_topic_words_are_read(service: AnswerService) -> None:
    assert "¥8.7 trillion" in service.ask("fy25 budjet draft numbr?").text
    assert service.ask("japan coast gaurd budjet fy26?").text.startswith("My sources give no budget for the Japan")


def test_a_misspelt_word_of_a_two_word_country_name_is_read(service: AnswerService) -> None:
    assert service.ask("sri lnaka osa amout?").facts == ("country:sri-lanka",)
    assert service.ask("did east timur get osa?").facts == ("country:east-timor",)


def test_counted_things_are_read_from_normalised_words() -> None:
    from bot.matcher import counted_things

    assert counted_things(("2000", "defense", "uniforms")) == [("2000", "defens"), ("2000", "uniform")]
    assert counted_things(("the", "17", "country", "that")) == [("17", "countri")]
    # sums of money, percentages, ordinals and dates are not counts
    assert counted_things(("300", "million", "yen", "for", "8", "drone")) == [("8", "drone")]
    assert counted_things(("16.5", "percent", "14", "th", "increase", "21", "april")) == []


def test_a_quoted_count_of_a_thing_finds_what_holds_it(service: AnswerService) -> None:
    """Issue 9 item 3: '2,000 uniforms' has no topic word, but only Tonga's grant (and the lists naming it) count
    2,000 uniforms. A count many facts state ('17 countries') or no fact states points at nothing by itself."""
    answer = service.ask("@bot 2,000 uniforms?? :shirt:")
    assert answer.answered and "Tonga" in answer.body, answer.text
    assert not service.ask("10 tanks for sale?").answered
    # with a topic word the words decide, as before: the proposal to scrap the rule, not the rule
    assert service.ask("who proposed scrapping the five category limit").facts == ("exports-2026-proposal",)


def test_a_quoted_number_is_not_an_abbreviated_year() -> None:
    """'24 is 2024, but "the '17 countries'" and "the '16.5% jump'" quote a count and a figure."""
    from bot.normalize import normalize

    assert normalize("OSA budget in '24?").years == (2024,)
    assert normalize("The '17 countries' in the new export rules").years == ()
    assert normalize("The ‘17 countries’ rule").years == ()
    assert normalize("The '16.5% jump' in the FY2024 budget").years == (2024,)


def test_two_partner_countries_named_get_both_entries(service: AnswerService) -> None:
    answer = service.ask("How much did Malaysia and Bangladesh each get in the first OSA round?")
    assert answer.facts == ("country:malaysia", "country:bangladesh"), answer.text
    assert "¥400 million" in answer.body and "¥575 million" in answer.body, answer.text


def test_with_no_year_asked_one_year_s_figure_is_no_rival_to_what_the_topic_is(service: AnswerService) -> None:
    """'What does OSA stand for?' asked whether it meant what OSA is or the FY2024 OSA budget."""
    assert service.ask("What does OSA stand for?").facts == ("osa-overview",)
    assert service.ask("how much is the OSA budget?").facts == ("osa-budget-fy2026",)


@pytest.mark.parametrize("question", [
    "src for sri lanka uavs", "fy25 osa recipients list — src?", "What's the source for OSA's 5 April 2023 start date?",
    "link for the fy26 osa budget?", "Which ministry issued the press release on Fiji's OSA grant?",
    "Which website ran the story on Tonga's drones and uniforms?",
])
def test_a_request_for_the_source_opens_with_who_reported_it(service: AnswerService, question: str) -> None:
    answer = service.ask(question)
    assert answer.answered and answer.body.startswith("Reported by "), answer.text


def test_a_word_source_elsewhere_is_not_a_request_for_the_source(service: AnswerService) -> None:
    assert not service.ask("what is the FY26 budget").body.startswith("Reported by")


def test_a_part_with_no_year_of_its_own_takes_the_message_s_years(service: AnswerService) -> None:
    answer = service.ask("For FY2023, what were the defence budget and the OSA budget?")
    assert "¥6,821.9 billion" in answer.body and "¥2 billion" in answer.body, answer.text
    assert "18.1" not in answer.body, answer.text


def test_an_arrow_joins_two_years_into_a_span() -> None:
    from bot.normalize import normalize

    assert normalize("OSA budgets FY23 -> FY26").years == (2023, 2024, 2025, 2026)
    assert normalize("budget 2023 → 2025").years == (2023, 2024, 2025)


@pytest.mark.parametrize(("question", "first"), [
    ("How many patrol boats exactly is Fiji getting?", "My sources don't give the number of boats."),
    ("how many drones total is sri lanka getting", "My sources don't give the number of drones."),
    ("When did Thailand sign its OSA exchange of notes?", "My sources give no signing date for Thailand."),
    ("Where in the Philippines is the OSA coastal radar installed?", "My sources don't say where the equipment"),
    ("What's the name of the Japanese company building the Philippine boathouses?",
     "My sources don't name the companies"),
    ("What percentage of GDP is the FY2026 defence budget on its own?", "My sources give no share of GDP"),
    ("What's the exact amount for hosting US forces inside the FY2026 defence budget?",
     "My sources give no breakdown of the budget"),
    ("@defbot what's the FY2026 budget line for space capabilities?", "My sources give no breakdown of the budget"),
    # the grant that names most of the things asked about holds the detail, not another grant beside it
    ("What did Indonesia's two 18-metre patrol boats cost?", "My sources give no amount for Indonesia's FY2024 grant."),
])
def test_more_details_the_sources_lack_are_said_first(service: AnswerService, question: str, first: str) -> None:
    assert service.ask(question).body.startswith(first), service.ask(question).text


@pytest.mark.parametrize("question", [
    "how many patrol boats did bangladesh get", "how many countries got OSA in FY2025?",
    "how many times has the budget risen in a row", "When did Sri Lanka sign the UAV deal?",
])
def test_a_count_or_date_the_answer_gives_is_not_called_missing(service: AnswerService, question: str) -> None:
    assert service.ask(question).missing == (), service.ask(question).text


def test_the_fighter_and_the_categories_are_export_topic_words(service: AnswerService) -> None:
    """'next-generation fighter' and 'vigilance category' name the export rules without 'jet' or 'five'."""
    assert service.ask("Which countries is Japan co-developing the next-generation fighter with?").facts == (
        "exports-2024-fighter-jet",)
    assert service.ask("wat did the ldp/ishin proposal ask for exactly").facts == ("exports-2026-proposal",)


def test_a_country_s_entry_and_a_list_naming_it_are_no_choice_to_offer(service: AnswerService) -> None:
    answer = service.ask("'four patrol boats' — which OSA recipient?")
    assert answer.outcome == "answer" and answer.body.startswith("Bangladesh:"), answer.text


def test_who_reported_it_and_when_is_answered_by_the_reports_dates(service: AnswerService) -> None:
    answer = service.ask("Who reported the Bangladesh patrol-boat grant, and on what date?")
    assert answer.body.startswith(
        "Reported by Yomiuri Shimbun (25 June 2023) and Jiji Press via nippon.com (15 November 2023)."), answer.text
    assert answer.missing == (), answer.text


def test_a_quoted_headline_points_at_what_its_source_gives(service: AnswerService) -> None:
    """Issue 9 item 3: a source's title quoted in the question is an entity, like a figure or a day."""
    answer = service.ask("Kyodo's headline says 'Thailand, 7 other nations' — what's that about?")
    assert answer.answered and answer.body.startswith("Thailand:"), answer.text
    from bot.matcher import QUOTED

    assert QUOTED.findall("Kyodo's headline says 'Thailand, 7 other nations' now") == ["Thailand, 7 other nations"]


def test_framing_words_and_the_proposal(service: AnswerService) -> None:
    """'a single sentence' says how to answer, not what; 'the proposal' is the March 2026 export proposal."""
    assert service.ask("Give me a single sentence on what OSA is.").facts == ("osa-overview",)
    assert service.ask("@bot tl;dr of the March 2026 proposal pls :memo:").facts == ("exports-2026-proposal",)
    official = service.ask("Which Japanese official made the Taiwan Strait comments that Beijing singled out?")
    assert official.body.startswith("My sources don't name the officials involved."), official.text


def test_explain_names_what_pinned_the_decision(service: AnswerService) -> None:
    """Issue 9 item 8: --explain says which entity decided when the word signals alone would have declined."""
    counted = service.ask("@bot 2,000 uniforms?? :shirt:", explain=True).explanation
    assert counted is not None and "pinned by the count it names" in counted.reason, counted
    headline = service.ask("Kyodo's headline says 'Thailand, 7 other nations' — what's that about?", explain=True)
    assert headline.explanation is not None and "pinned by the headline it names" in headline.explanation.reason


def test_an_ordinal_of_the_same_thing_the_answer_gives_otherwise_is_no(service: AnswerService) -> None:
    answer = service.ask("FY2026 is the third year of the ¥43tn plan, correct?")
    assert answer.verdict == "no" and "fourth" in answer.body  # the plan's "FY2026 ... is its fourth"
    # "14th year in a row": the answer's 14 is of yearly increases, so the ordinal is not contradicted
    assert service.ask("Is it true that FY2026 is the 14th year in a row of rises?").verdict != "no"


def test_a_full_date_against_the_one_the_answer_opens_with(service: AnswerService) -> None:
    wrong = service.ask("Japan revised its defence export guidelines on 21 March 2026?")
    assert wrong.verdict == "no" and "21 April 2026" in wrong.body
    assert service.ask("Japan revised its defence export guidelines on April 21, 2026?").verdict == "yes"


def test_whom_a_claim_is_addressed_to_and_how_it_asks_are_not_claimed(service: AnswerService) -> None:
    answer = service.ask("@budgetbot quick check 🙏 Takaichi moved the 2% target forward to FY2025, yes?")
    assert answer.verdict == "yes", answer.text
    around = service.ask("Japan's December 2022 plan was around ¥43 trillion over five years, correct?")
    assert around.verdict == "yes", around.text


def test_countries_on_one_year_s_list_are_confirmed_together(service: AnswerService) -> None:
    assert service.ask("Mongolia and Djibouti were both FY2024 OSA recipients, yes?").verdict == "yes"
    assert service.ask("Mongolia and Tonga were both FY2024 OSA recipients, yes?").verdict != "yes"
    # more is claimed than being on the list
    assert service.ask("Mongolia and Djibouti both got patrol boats in FY2024, right?").verdict != "yes"


def test_a_percentage_claimed_for_a_change_is_checked_against_that_change(service: AnswerService) -> None:
    """FY2023's own "up 26.3%" is not the rise from FY2023 to FY2024 (16.5%)."""
    wrong = service.ask("Defence spending rose 26.3% from FY2023 to FY2024, right?")
    assert wrong.verdict == "no" and "16.5%" in wrong.body, wrong.text
    assert service.ask("Defence spending rose 16.5% from FY2023 to FY2024, right?").verdict == "yes"


def test_a_claim_about_the_earlier_plan_is_checked_against_the_earlier_figure(service: AnswerService) -> None:
    wrong = service.ask("Was the plan before the current one also worth ¥43 trillion?")
    assert wrong.verdict == "no" and "27.47" in wrong.body, wrong.text
    assert service.ask("The previous five-year plan came to about ¥27.47 trillion, right?").verdict == "yes"
    # a hedge ("I believe") is not part of what is claimed
    assert service.ask("I believe the ¥43tn plan was set in December 2022, correct?").verdict == "yes"


def test_asking_words_typed_with_a_typo_still_ask_for_a_detail(service: AnswerService) -> None:
    answer = service.ask("how mcuh has east timor got from osa")
    assert answer.body.startswith("My sources give no amount for East Timor."), answer.text
    sent = service.ask("What did Tokyo send Cambodia under OSA?")
    assert sent.body.startswith("My sources don't say what equipment Cambodia received."), sent.text


def test_a_grant_without_a_date_of_its_own_gives_the_date_of_its_report(service: AnswerService) -> None:
    answer = service.ask("wen was tonga's osa grant announced?")
    assert answer.body.startswith("My sources give no date for Tonga."), answer.text
    assert "reported its FY2025 grant on 5 December 2025" in answer.body.split("\n")[0]


def test_an_ordinal_no_source_gives_is_said_to_be_missing(service: AnswerService) -> None:
    answer = service.ask("Which country is OSA's 12th recipient?")
    assert answer.body.startswith("My sources name no twelfth recipient."), answer.text
    assert service.ask("Which country is OSA's 11th recipient?").body.startswith("Thailand")


def test_a_note_about_a_grant_is_not_something_received(service: AnswerService) -> None:
    """Indonesia's grant is '(announced 11 January 2025 ...)': 'announced' is not a thing Tonga lacks."""
    assert service.ask("was tonga's osa grant announced?").verdict != "no"
    assert service.ask("Tonga got patrol boats under OSA, right?").verdict == "no"


def test_an_ordinal_the_answer_gives_of_another_word_is_not_missing(service: AnswerService) -> None:
    """'the 14th straight year' is the answer's 14th yearly increase: nothing is missing."""
    answer = service.ask("So this is the 14th straight year the defence budget went up?")
    assert not answer.body.startswith("My sources name no"), answer.text
    assert "14th" in answer.body


def test_ahead_of_schedule_does_not_ask_about_delivery(service: AnswerService) -> None:
    answer = service.ask("Japan reached its 2% goal two years ahead of schedule — correct?")
    assert answer.verdict == "yes" and "delivered" not in answer.body, answer.text


def test_a_rank_said_of_one_country_is_checked_against_its_entry(service: AnswerService) -> None:
    """'the 11th recipient' is a rank, not a sum of money the country's grants must hold."""
    assert service.ask("Thailand is slated to be the 11th OSA recipient, per the article, rite?").verdict == "yes"
    assert service.ask("Thailand will be OSA's 12th recipient, correct?").verdict == "no"


def test_a_fiscal_year_the_answer_opens_on_otherwise_gets_no_yes(service: AnswerService) -> None:
    """FY2027 is in the answer (the plan's original date), but the goal was reached in FY2025, its first words."""
    answer = service.ask("So Japan got to 2% of GDP in FY2027, as the plan said?")
    assert answer.verdict != "yes" and "FY2025" in answer.body, answer.text


def test_framing_before_the_questions_is_not_a_question(service: AnswerService) -> None:
    from bot.answers import split_questions

    words = service._topic_words
    names = service._country_names
    assert split_questions("Three things for the deck: what is OSA, who gets it, and how big is it?", words, names
                           ) == ["what is OSA", "who gets it", "how big is it?"]
    # a name or a year before the colon is part of the question
    assert split_questions("Fiji: what did it get, and when?", words, names)[0].startswith("Fiji")
    assert split_questions("In FY2024, how much was the OSA budget?", words, names) == [
        "In FY2024, how much was the OSA budget?"]
    # a sentence before the questions that asks nothing and names no topic is left out
    pieces = split_questions("Sorry, new here. What is OSA, and when did it start?", words, names)
    assert pieces == ["What is OSA", "when did it start?"]


def test_a_pronoun_in_a_later_part_is_what_the_earlier_part_asked_about(service: AnswerService) -> None:
    answer = service.answer("What is OSA, and when did it start?")
    assert "Official Security Assistance" in answer.body and "5 April 2023" in answer.body, answer.body
    # one bullet per part, even when a part's answer is itself a list
    listed = service.answer("What is OSA and who gets it?")
    assert "• •" not in listed.body and listed.body.count("• ") >= 2


@pytest.mark.parametrize(("question", "fact"), [
    ("What does the 26.3% figure refer to?", "budget-fy2023"),
    ("The '16.5% jump' in the FY2024 defence reporting - up from what?", "budget-fy2024"),
])
def test_a_quoted_rate_points_at_the_fact_that_states_it_not_at_a_computation(
        service: AnswerService, question: str, fact: str) -> None:
    answer = service.ask(question)
    assert answer.derived is None and answer.facts[:1] == (fact,), (answer.facts, answer.body[:120])


def test_a_quoted_sum_asked_in_dollars_is_still_converted(service: AnswerService) -> None:
    assert service.ask("FY2026 OSA ¥18.1bn in US dollars?").derived == "currency"



@pytest.mark.parametrize(("claim", "opening"), [
    # a figure the answer gives only of another fiscal year ("up from ¥2 billion in FY2023") is not this year's
    ("The FY2024 OSA budget was ¥2 billion, right?", "No —"),
    ("The FY2024 OSA budget was ¥5 billion, right?", "Yes —"),
    # the whole list claimed, each member checked
    ("The five categories were rescue, transport, vigilance, surveillance and air defence, right?", "No —"),
    ("The five categories were rescue, transport, vigilance, surveillance and minesweeping, right?", "Yes —"),
    # the sum the answer gives national security as a whole, claimed for the Defense Ministry
    ("The Defense Ministry got ¥1.1 trillion in the FY2025 supplementary budget, right?", "No —"),
])
def test_claims_checked_clause_by_clause(service: AnswerService, claim: str, opening: str) -> None:
    assert service.answer(claim).body.startswith(opening), service.answer(claim).body[:300]


def test_a_count_given_of_another_fiscal_year_confirms_nothing(service: AnswerService) -> None:
    # the answer's "(FY2025 covered eight)" is no count of FY2026's countries
    answer = service.answer("OSA covers eight countries in FY2026, right?")
    assert answer.verdict != "yes", answer.body[:300]

def test_a_list_ending_in_and_is_one_question(service: AnswerService) -> None:
    from bot.answers import split_questions

    words = service.matcher.index.anchor_tokens
    listed = "the five categories were rescue, transport, vigilance, surveillance and minesweeping?"
    assert split_questions(listed, words) == [listed]
    assert split_questions("how big is the FY2026 budget and which countries got OSA", words) == [
        "how big is the FY2026 budget", "which countries got OSA"]

@pytest.mark.parametrize(("text", "claim"), [
    ("The FY2024 defence budget was ¥7.95 trillion.", True),  # typed to the bot, a statement asks to be checked
    ("OSA was launched in April 2023", True),
    ("@bot Fiji received patrol boats", True),
    ("The ¥43 trillion plan runs from FY2023 to FY2027.", True),  # any verb of stating a fact, not a fixed few
    ("Takaichi brought the 2% target forward", True),
    ("I need the FY2024 defence budget.", False),  # a request
    ("Give me the OSA budget for FY2025.", False),
    ("A paper cites 3.5% of GDP, what is that figure.", False),  # a question word after a decimal point
    ("The FY2026 budget is ¥9.04tn or ¥9.4tn.", False),  # a choice
])
def test_a_plain_statement_is_a_claim_to_check(text: str, claim: bool) -> None:
    assert is_claim(text) is claim
    assert not is_claim(text, statements=False)  # a piece cut from a longer message is no statement to check


def test_a_piece_of_a_question_is_not_a_statement_to_check(service: AnswerService) -> None:
    # the first piece is context for the question after it, not a claim to check
    answer = service.answer("FY2024's defence budget was ¥8 trillion; what was the OSA budget in FY2024?")
    assert "¥5 billion" in answer.body and "Yes —" not in answer.body and "No —" not in answer.body, answer.body



@pytest.mark.parametrize(("claim", "opening"), [
    ("The FY2024 defence budget was ¥7.95 trillion.", "Yes —"),
    ("The FY2024 defence budget was ¥8.5 trillion.", "No —"),
    ("The five categories were rescue, transport, vigilance, surveillance and air defence.", "No —"),
])
def test_a_plain_statement_gets_its_verdict(service: AnswerService, claim: str, opening: str) -> None:
    assert service.answer(claim).body.startswith(opening), service.answer(claim).body[:300]


def test_a_month_with_its_year_is_read_as_one() -> None:
    from bot.matcher import quoted_months

    assert quoted_months("What changed in December 2023, and on 26 March 2024 or Dec. 5, 2024?") == [
        "2024-03", "2024-12", "2023-12"]
    assert quoted_months("in FY2024, in December, in 2023") == []


@pytest.mark.parametrize(("question", "fact"), [
    # no topic word: the one month named points at the fact about it
    ("What changed in December 2023?", "exports-2023-licensed-arms"),
    ("What did the March 2024 decision allow?", "exports-2024-fighter-jet"),
    # a day no fact names: the fact about its month, although it spans more years than the budget it beats
    ("What did the cabinet approve on 26 March 2024?", "exports-2024-fighter-jet"),
    # a fact that holds the question's words better keeps it: this is about OSA grants, not the April rules
    ("would the April 2026 export revision affect OSA grants?", "exports-osa-link"),
])
def test_the_month_asked_about_points_at_the_fact_about_it(service: AnswerService, question: str, fact: str) -> None:
    answer = service.answer(question)
    assert answer.answered and answer.facts == (fact,), (answer.facts, answer.body[:200])


def test_a_month_does_not_make_an_off_topic_question_answerable(service: AnswerService) -> None:
    assert not service.answer("what was the weather like in December 2023?").answered
    # two months: compared or listed, which a fact about both answers, not the first month's fact
    assert service.matcher.index.month_targets("December 2023 versus March 2024")  # each month alone is known
    answer = service.answer("What is the difference between the December 2023 change and the March 2024 change?")
    assert answer.facts != ("exports-2023-licensed-arms",), answer.facts


def test_what_a_grant_was_is_confirmed_in_either_spelling(service: AnswerService) -> None:
    answer = service.answer("Indonesia's first OSA patrol boats are 18 metres long with aluminium hulls, right?")
    assert answer.verdict == "yes", answer.body[:200]


@pytest.mark.parametrize(("claim", "verdict"), [
    # a country's entry answers "on the list", "one of the countries" by being what it is
    ("Is East Timor on the FY2025 OSA recipient list?", "yes"),
    ("Is Fiji on the FY2025 OSA recipient list?", "no"),
    ("Mongolia is one of the countries on the FY2024 list, right?", "yes"),
    # "who" in a cleft names no one
    ("Was it Kishida who set the ¥43 trillion plan?", "yes"),
    ("Was it Shinzo Abe who set the ¥43 trillion plan?", "no"),  # the sources say Kishida set it
])
def test_words_that_only_frame_a_claim_do_not_block_its_verdict(
        service: AnswerService, claim: str, verdict: str | None) -> None:
    assert service.answer(claim).verdict == verdict, service.answer(claim).body[:200]


def test_a_grant_s_date_says_what_happened_that_day(service: AnswerService) -> None:
    # the sources say what each day is: notes exchanged (Sri Lanka), an announcement (Indonesia)
    assert "(notes exchanged 29 September 2025)" in service.answer("what did Sri Lanka get under OSA?").body
    indonesia = service.answer("what did Indonesia get under OSA?").body
    assert "(announced 11 January 2025)" in indonesia, indonesia
    claim = service.answer("Sri Lanka exchanged notes with Japan on 29 September 2025, right?")
    assert claim.verdict == "yes", claim.body[:200]


@pytest.mark.parametrize(("claim", "verdict"), [
    # the answer names the fighter's partners: other partners, known to the sources or not, are not so
    ("Japan's new fighter jet is co-developed with the US and Australia, right?", "no"),
    ("The next-generation fighter is being developed with the UK and France, isn't it?", "no"),
    ("Is the next-generation fighter being developed with the UK and Italy?", "yes"),
])
def test_a_partner_the_answer_does_not_name_is_not_so(service: AnswerService, claim: str, verdict: str) -> None:
    answer = service.answer(claim)
    assert answer.verdict == verdict, answer.body[:200]
    assert "UK and Italy" in answer.body


def test_a_country_the_sources_never_mention_stays_declined_unless_a_partner_list_settles_it(
        service: AnswerService) -> None:
    assert not service.answer("Japan gave OSA to Australia, right?").answered
    assert not service.answer("The next-gen fighter is being built with France and Germany, right?").answered
    assert not service.answer("What is Australia's defence budget?").answered


@pytest.mark.parametrize(("claim", "verdict"), [
    # a country's package, deal or grant is what it received: equipment its entry does not list is not so
    ("Sri Lanka's OSA package is patrol boats, isn't it?", "no"),
    ("Fiji's OSA package was for drones, right?", "no"),
    ("Bangladesh's OSA package was four patrol boats, right?", "yes"),
])
def test_a_country_s_package_is_what_it_received(service: AnswerService, claim: str, verdict: str) -> None:
    assert service.answer(claim).verdict == verdict, service.answer(claim).body[:200]


def test_a_short_part_naming_nothing_asks_about_the_part_before_it(service: AnswerService) -> None:
    answer = service.answer("FY26 budget: yen total + USD equiv?")
    assert "¥9.04 trillion" in answer.body and "US$58 billion" in answer.body, answer.body
    # after a part about a country, the topic words alone would lose the country: left as asked
    laos = service.answer("Is Laos getting coastal radar under OSA, and what's the yen amount?")
    assert "18.1" not in laos.body, laos.body


def test_a_claim_that_one_country_got_something_is_settled_by_its_own_entry(service: AnswerService) -> None:
    # the air-traffic-control radar was Mongolia's; the recipients' lists name both countries
    answer = service.answer("Djibouti got an air traffic control radar?")
    assert answer.verdict == "no" and answer.facts == ("country:djibouti",), (answer.facts, answer.body[:200])
    # "recipient" is no verb of receiving: the fact about the 11th recipient answers
    assert service.answer("Thailand was slated to become the 11th OSA recipient by March 2026?").verdict == "yes"


@pytest.mark.parametrize(("claim", "verdict", "opening"), [
    # a year whose recipients the sources list: a country left off it is not so
    ("The FY2024 OSA recipients were the Philippines, Indonesia, Mongolia and Sri Lanka?", "no", "No —"),
    ("Mongolia and Djibouti were both FY2024 recipients, right?", "yes", "Yes —"),
    # a year whose recipients no source names: neither, for several countries as for one
    ("Fiji and Tonga were FY2026 recipients, right?", None, "My sources do not name the FY2026 OSA recipients."),
])
def test_several_countries_claimed_for_one_year_are_checked_against_its_list(
        service: AnswerService, claim: str, verdict: str | None, opening: str) -> None:
    answer = service.answer(claim)
    assert answer.verdict == verdict and answer.body.startswith(opening), answer.body[:200]


def test_with_a_topic_word_the_month_leads_despite_a_word_the_fact_base_does_not_know(service: AnswerService) -> None:
    # "classed" is unknown; "April 2026" and "weapons" still point at the April 2026 rules, not 1 April 2014
    answer = service.answer("Under the April 2026 rules, how many countries can receive items classed as weapons?")
    assert answer.facts == ("exports-current-rules",) and "17" in answer.body, (answer.facts, answer.body[:200])


@pytest.mark.parametrize(("claim", "verdict"), [
    # years a country's entry lists one by one
    ("Malaysia was an OSA recipient in both FY2023 and FY2025?", "yes"),
    ("The Philippines has received OSA in FY2023, FY2024 and FY2025.", "yes"),
    ("Malaysia was an OSA recipient in both FY2023 and FY2024?", None),  # FY2024 is not among them
])
def test_several_years_claimed_for_one_country_are_checked_against_its_entry(
        service: AnswerService, claim: str, verdict: str | None) -> None:
    assert service.answer(claim).verdict == verdict, service.answer(claim).body[:200]


@pytest.mark.parametrize(("claim", "verdict"), [
    ("Kishida was the prime minister who set the 43 trillion yen figure?", "yes"),
    # the answer names Takaichi as today's prime minister, but Kishida in the sentence with the ¥43 trillion
    ("Takaichi was the prime minister who set the 43 trillion yen figure?", "no"),
])
def test_the_leader_a_figure_is_said_of_is_the_one_in_its_sentence(
        service: AnswerService, claim: str, verdict: str) -> None:
    assert service.answer(claim).verdict == verdict, service.answer(claim).body[:200]


def test_a_country_claimed_for_a_year_it_was_no_recipient_in_gets_that_year_s_list(service: AnswerService) -> None:
    answer = service.answer("Indonesia received ¥600 million for a coastal radar in FY2023.")
    assert answer.verdict == "no" and answer.facts == ("country:indonesia", "osa-recipients-fy2023"), answer.facts
    assert "the Philippines got ¥600 million for a coastal radar system" in answer.body
    # a recipient that year: its own entry says what it got, nothing added
    assert service.answer("Bangladesh got ¥600 million in FY2023, right?").facts == ("country:bangladesh",)


def test_what_a_named_country_got_is_pinned_to_its_entry(service: AnswerService) -> None:
    answer = service.answer("ok, what did Indonesia's navy get?", explain=True)
    assert answer.facts == ("country:indonesia",) and answer.explanation is not None
    assert answer.explanation.reason.startswith("pinned by the country it names"), answer.explanation.reason


@pytest.mark.parametrize(("claim", "verdict"), [
    ("Kyodo put the FY2025 OSA budget at ¥8.1 billion?", "yes"),
    ("The Mongolian air-traffic-control radar costs about $8.7 million, right?", "yes"),
    ("Initial FY2025 security spending equalled 1.8% of GDP, is that right?", "yes"),
    # "works out to" ties two figures: the answer's ¥9.9 trillion is the initial spending (1.8%), not 2% of GDP
    ("So 2% of GDP works out to about ¥9.9 trillion for Japan?", "no"),
])
def test_verbs_that_only_put_a_figure_to_a_claim_do_not_block_it(
        service: AnswerService, claim: str, verdict: str | None) -> None:
    assert service.answer(claim).verdict == verdict, service.answer(claim).body[:200]


@pytest.mark.parametrize(
    ("claim", "framed"),
    [
        ("Is it true that OSA started back in 2022?", "that OSA started back in 2022?"),
        ("My boss thinks OSA launched in 2025. Correct?", "My boss thinks OSA launched in 2025"),
        ("Heard Tonga got uniforms. legit?", "Tonga got uniforms"),
        # what is left is about the speaker, not the facts: kept whole
        ("i heard i can transfer my 401k, do you", "i heard i can transfer my 401k, do you"),
        ("right?", "right?"),
    ],
)
def test_the_words_asking_for_a_check_are_left_out_of_matching(claim: str, framed: str) -> None:
    from bot.claims import without_framing

    assert without_framing(claim) == framed


@pytest.mark.parametrize(
    ("claim", "fact", "verdict"),
    [
        # "true" and "back" used to outweigh the one topic word, and the claim was declined
        ("Is it true OSA started back in 2022?", "osa-launch", "no"),
        ("OSA launched in 2023, yeah?", "osa-launch", "yes"),
    ],
)
def test_a_claim_is_matched_on_what_it_claims(service: AnswerService, claim: str, fact: str, verdict: str) -> None:
    answer = service.ask(claim)
    assert answer.facts == (fact,) and answer.verdict == verdict, answer.text


def test_a_comparison_with_a_country_the_sources_give_no_figures_for_says_so(service: AnswerService) -> None:
    answer = service.ask("Is it true Japan now spends more on defence than China?")
    assert answer.verdict is None
    assert answer.body.startswith("My sources give no figures for China to compare with."), answer.body


def test_two_swapped_letters_in_a_short_word_are_corrected(service: AnswerService) -> None:
    answer = service.ask("wen did osa strat")
    assert answer.facts == ("osa-launch",), answer.text
    assert service.matcher.index.correct("strat") == "launch"  # "start", read as its synonym
    assert service.matcher.index.correct("giants") is None  # a replaced letter is no slip in a short word


@pytest.mark.parametrize(
    ("claim", "verdict", "said"),
    [
        # someone named in full as the one who did it, where the answer names another leader
        ("It was Taro Aso who set the ¥43 trillion defence plan, wasn't it?", "no", "Kishida"),
        # a known leader's given name and "laid out" for the answer's "set"
        ("Wasn't it Fumio Kishida who laid out the ¥43 trillion plan in December 2022?", "yes", "Kishida"),
        # the length of a run of rises against the answer's "14th yearly increase in a row"
        ("The defence budget has risen 9 years in a row as of FY2026, right?", "no", "14th"),
        ("The defence budget has risen fourteen years in a row as of FY2026, right?", "yes", "14th"),
        # the speaker's framing and "works out to" say nothing about the facts
        ("I've got in my notes that FY2026 is the 14th straight rise in the defence budget. OK?", "yes", "14th"),
        ("colleague insists the FY2026 defence budget is ¥9.04 trillion. right?", "yes", "9.04"),
        ("the FY2026 defence budget works out to about $58bn, yeah?", "yes", "58"),
    ],
)
def test_claims_about_who_how_long_and_how_much(service: AnswerService, claim: str, verdict: str, said: str) -> None:
    answer = service.ask(claim)
    assert answer.verdict == verdict and said in answer.body, answer.text


def test_a_single_name_that_is_not_a_leader_is_not_contradicted(service: AnswerService) -> None:
    # "Kyodo" is one word: not a person named in full, so not taken for another leader
    assert service.ask("Wasn't it Kyodo that reported the ¥43 trillion plan?").verdict != "no"


@pytest.mark.parametrize(
    ("claim", "verdict", "said"),
    [
        # plain statements with verbs the statement pattern missed ("grew", "can", "may", "let")
        ("Japan's FY2023 defence budget grew by 26.3%.", "yes", "26.3"),
        ("After April 2026, Japan can export weapons to 27 countries with defence-equipment agreements.", "no", "17"),
        # a word whose opposite the answer uses
        ("Indonesia's parliament rejected the ¥1.9 billion OSA patrol-vessel grant.", "no", "accept"),
        ("Is it true China welcomed Japan's bigger defence budget?", "no", "criticised"),
        # "OK'd" states something
        ("Indonesia's parliament OK'd a ¥19 billion OSA patrol-vessel grant?", "no", "1.9 billion"),
    ],
)
def test_statements_and_opposites_get_their_verdict(service: AnswerService, claim: str, verdict: str,
                                                    said: str) -> None:
    answer = service.ask(claim)
    assert answer.verdict == verdict and said in answer.body, answer.text


def test_a_country_claimed_on_a_list_it_is_not_on_gets_that_list(service: AnswerService) -> None:
    answer = service.ask("Vietnam was one of the first four OSA recipients, wasn't it?")
    assert answer.verdict == "no"
    assert answer.facts == ("country:vietnam", "osa-recipients-fy2023"), answer.facts
    assert "Bangladesh" in answer.body and "Fiji" in answer.body


@pytest.mark.parametrize(("question", "fact"), [("who were the first four OSA recipients", "osa-recipients-fy2023"),
                                                ("what was the first OSA budget?", "osa-budget-fy2023"),
                                                ("what is the latest OSA budget?", "osa-budget-fy2026")])
def test_first_asks_for_the_earliest_year_of_a_series(service: AnswerService, question: str, fact: str) -> None:
    assert service.ask(question).facts == (fact,)


@pytest.mark.parametrize(
    "claim",
    ["is Kyodo the source for the Dec 2022 ¥43tn plan?", "Jiji is the source for FY2023's +26.3%, yes?",
     "The source for ¥8.7tn for FY2025 is the Associated Press, correct?",
     "The April 2026 export revision was made by the cabinet together with the National Security Council."],
)
def test_an_outlet_the_answer_cites_and_together_with_are_confirmed(service: AnswerService, claim: str) -> None:
    assert service.ask(claim).verdict == "yes"


def test_an_outlet_the_answer_does_not_cite_is_not_confirmed(service: AnswerService) -> None:
    # the ¥43tn plan is Kyodo's report; Asahi is a source of other facts only
    assert service.ask("is Asahi the source for the Dec 2022 ¥43tn plan?").verdict is None


def test_a_designation_the_answer_does_not_give_is_never_overlooked(service: AnswerService) -> None:
    # answered from the fighter-jet fact; PAC-2/PAC-3 are another decision's (December 2023)
    answer = service.ask("Japan's PAC-2/PAC-3 export decision came in March 2024, together with the fighter jet rule?")
    assert answer.verdict != "yes", answer.text


@pytest.mark.parametrize(("question", "fact"), [("2.2x — of what?", "osa-budget-fy2026"),
                                                ("What's the '2.2 times' figure?", "osa-budget-fy2026"),
                                                ("What's the 9.04 on my slide?", "budget-fy2026")])
def test_a_quoted_multiple_or_bare_decimal_points_at_the_fact_stating_it(service: AnswerService, question: str,
                                                                          fact: str) -> None:
    assert service.ask(question).facts == (fact,)


@pytest.mark.parametrize(("question", "fact"), [("fy23 yoy increase %?", "budget-fy2023"),
                                                ("quick: FY24 budgit number for my boss", "budget-fy2024"),
                                                ("Hello, in an article I saw the number 9.04. What does it mean?",
                                                 "budget-fy2026")])
def test_a_fiscal_year_or_a_quoted_decimal_is_enough_to_go_on(service: AnswerService, question: str,
                                                              fact: str) -> None:
    assert service.ask(question).facts == (fact,)


def test_a_fiscal_year_alone_does_not_answer_off_topic_words(service: AnswerService) -> None:
    assert not service.ask("what's the weather forecast for FY26?").answered
    assert not service.ask("post-FY27 plan size? anything decided for FY28-32?").answered


def test_the_parts_of_a_message_about_one_fact_and_a_computation_from_it_are_both_answered(
        service: AnswerService) -> None:
    answer = service.ask("What's the FY2026 defence budget in dollars, and how many consecutive increases does it "
                         "make?")
    assert "58" in answer.body and "14th" in answer.body, answer.body


def test_the_march_2024_one_is_the_fact_about_march_2024(service: AnswerService) -> None:
    answer = service.ask("What did the December 2023 export revision allow, and what did the March 2024 one allow?")
    assert answer.facts == ("exports-2023-licensed-arms", "exports-2024-fighter-jet"), answer.facts
    # a claim's month is checked, not used to find the fact: PAC missiles are the December 2023 change's
    claim = service.ask("PAC missiles were cleared for export to the US in March 2024, correct?")
    assert claim.facts == ("exports-2023-licensed-arms",) and claim.verdict == "no", claim.text


@pytest.mark.parametrize(
    "claim",
    [
        "They hit 2% one year ahead of schedule.",  # two years
        "Jiji says the FY2026 OSA budget covers 12 countries.",  # 10 per Jiji, at least 12 per the Japan Times
        "Bangladesh got the biggest single OSA grant in FY2023.",  # the Philippines' ¥600 million was bigger
        "Bangladesh was the very first OSA project.",  # one of the first four
        "phillipines fy2024 osa signed dec 15 2024",  # 5 December 2024
        "sri lanka uav notes exchanged 29 oct 2025",  # 29 September 2025
        "In 2014 the Three Principles on Arms Exports replaced the Three Principles on Transfer of Defense "
        "Equipment and Technology.",  # the other way round
        "The cabinet approved the fighter-jet export rule on 15 March 2024.",  # the ruling bloc agreed that day
        "The '17 countries' under the new rules are the countries with OSA agreements.",  # defence-equipment ones
    ],
)
def test_a_false_claim_is_never_confirmed(service: AnswerService, claim: str) -> None:
    assert service.ask(claim).verdict != "yes", service.ask(claim).text


@pytest.mark.parametrize(
    "claim",
    [
        "Checking my copy before it goes out: Kishida set roughly ¥43 trillion for defence across FY2023–FY2027, "
        "announced in December 2022. Correct?",
        "Initial FY2025 security-related spending was about ¥9.9tn, while 2% of GDP works out to about ¥11tn.",
        "The Kyodo/Japan Today headline was 'Japan to provide defense equipment to Thailand, 7 other nations', yes?",
        "The ruling bloc's export proposal was handed to Takaichi on 6 March 2026?",
    ],
)
def test_a_true_claim_is_never_contradicted(service: AnswerService, claim: str) -> None:
    assert service.ask(claim).verdict != "no", service.ask(claim).text


@pytest.mark.parametrize(("claim", "verdict"), [
    ("OSA budgets: ¥2bn in FY2023, ¥5bn in FY2024. Right?", "yes"),
    ("The OSA budget went from ¥2bn in FY2023 to ¥5bn in FY2024.", "yes"),
    ("The defence budget was ¥6,821.9 billion in FY2023 and ¥7.95 trillion in FY2024, right?", "yes"),
    ("OSA budgets: ¥5bn in FY2023, ¥2bn in FY2024. Right?", None),  # each figure given to the other year
])
def test_each_year_s_figure_of_a_series_is_checked_against_that_year(service: AnswerService, claim: str,
                                                                     verdict: str | None) -> None:
    assert service.ask(claim).verdict == verdict


@pytest.mark.parametrize(("note", "verdict"), [("fy2024 defense = 7.59 tn yen", "no"),
                                               ("FY26 OSA: 18.1 billion yen", "yes"),
                                               ("philippines fy24 osa = 1.1bn yen", None)])
def test_a_figure_set_down_as_a_note_is_checked(service: AnswerService, note: str, verdict: str | None) -> None:
    # (the Philippines' FY2024 grant was ¥1.6 billion; ¥1.1 billion in the FY2024 list is another country's)
    assert service.ask(note).verdict == verdict, service.ask(note).text


def test_a_question_with_a_colon_is_no_note(service: AnswerService) -> None:
    from bot.claims import is_claim

    assert not is_claim("FY26 budget: how much in yen?")
    assert not is_claim("Quick one: what is the FY2026 OSA budget, ¥18.1bn or ¥8.1bn")


def test_a_rank_among_countries_is_a_rank_among_recipients(service: AnswerService) -> None:
    # the article has Thailand slated to become the 11th recipient
    assert service.ask("Thailand will become the 8th country receiving the OSA, is it right?").verdict == "no"


def test_a_computation_from_other_figures_settles_no_claim(service: AnswerService) -> None:
    claim = ("Context for the deck: the five-year plan before the ¥43tn one was only about ¥27.5tn, so it's a ~57% "
             "step-up in the envelope. I think that's right?")
    assert service.ask(claim).verdict is None


def test_the_premier_league_is_no_prime_minister(service: AnswerService) -> None:
    assert not service.ask("Who won the Premier League last year?").answered


@pytest.mark.parametrize(("claim", "verdict"), [
    ("2% of GDP comes to roughly ¥9.9 trillion, doesn't it?", "no"),  # ¥9.9tn is 1.8%; 2% is about ¥11tn
    ("Initial FY2025 security spending was ¥9.9tn, or 2% of GDP, right?", "no"),
    ("Initial FY2025 security spending was ¥9.9tn, 1.8% of GDP, right?", "yes"),
    ("2% of GDP is roughly ¥11 trillion, right?", "yes"),
])
def test_a_percentage_and_a_sum_claimed_together_must_be_said_together(service: AnswerService, claim: str,
                                                                        verdict: str) -> None:
    assert service.ask(claim).verdict == verdict, service.ask(claim).text


def test_a_rise_measured_from_another_year_is_of_the_year_that_rose(service: AnswerService) -> None:
    # "16.5% above FY2023's record" is FY2024's rise; the ¥6.8 trillion beside it is still FY2023's
    assert service.ask("FY2024 defence budget ¥7.95tn, up 16.5%, right?").verdict == "yes"
    assert service.ask("So the FY2024 defence budget was ¥6.8 trillion?").verdict == "no"
    assert service.ask("The FY2023 defence budget rose 16.5%, right?").verdict == "no"


@pytest.mark.parametrize(("claim", "verdict"), [
    ("Indonesia's OSA patrol boats are roughly 59 feet long, correct?", "yes"),  # 18 metres
    ("Indonesia's OSA patrol boats are about 120 feet long, correct?", None),
])
def test_a_length_in_feet_is_compared_in_metres(service: AnswerService, claim: str, verdict: str | None) -> None:
    assert service.ask(claim).verdict == verdict, service.ask(claim).text


@pytest.mark.parametrize(("claim", "verdict"), [
    # an acronym the answer spells out
    ("The Philippines' FY2024 OSA package had AIS for its C-90 aircraft, right?", "yes"),
    ("The Philippines' FY2024 OSA package had XYZ for its C-90 aircraft, right?", None),
    # a count past a measure: the boats are counted, not the metres
    ("Indonesia's first OSA project was three 18-metre patrol boats, right?", "no"),
    ("Indonesia's first OSA project was two 18-metre patrol boats, right?", "yes"),
    # a word the answer says another way
    ("So the ¥9.04tn for FY2026 covers what it costs to host US forces, yes?", "yes"),
    ("Japan swapped in its equipment-transfer principles on 1 April 2014, right?", "yes"),
    # several countries on one year's list
    ("East Timor and Papua New Guinea were both on the FY2025 list of OSA recipients?", "yes"),
    ("Fiji and Tonga were both on the FY2023 list of OSA recipients?", "no"),
    # a sum said of a country is settled by its own entry
    ("Djibouti's OSA was ¥1.6 billion, right?", "no"),
])
def test_claims_settled_by_what_the_answer_says_another_way(service: AnswerService, claim: str,
                                                            verdict: str | None) -> None:
    assert service.ask(claim).verdict == verdict, service.ask(claim).text


@pytest.mark.parametrize(("claim", "verdict"), [
    ("The radar Mongolia got under OSA in FY2024 went to its army, right?", "no"),  # its air force
    ("Indonesia's two OSA patrol boats have steel hulls?", "no"),  # aluminium-hulled
    ("Indonesia's two OSA patrol boats have aluminium hulls?", "yes"),
    ("Papua New Guinea was given frigates under OSA?", "no"),  # its entry lists disaster-relief machinery
    ("FY2023's OSA went to five countries, right?", "no"),  # four
    ("FY2024's OSA went to four countries, right?", "yes"),
    ("Fiji was one of the original four OSA recipients, right?", "yes"),
])
def test_claims_contradicted_by_what_the_entry_lists(service: AnswerService, claim: str,
                                                     verdict: str | None) -> None:
    assert service.ask(claim).verdict == verdict, service.ask(claim).text


@pytest.mark.parametrize(("claim", "verdict"), [
    ("For my pub quiz: Fiji was one of the first four OSA recipients. True or false?", "yes"),
    ("On deadline - was the FY2024 defence budget enacted in March 2024?", "yes"),
    ("Were Indonesia's OSA patrol boats aluminium-hulled? Need it for my spreadsheet.", "yes"),
    ("Was the FY2024 defence budget enacted in March 2024? Yes/no is fine for the exec summary.", "yes"),
    # a last sentence that adds to the claim is part of it
    ("Fiji got patrol boats under OSA, right? They also got rifles, I heard.", "no"),
    ("@bot :thinking_face: the FY2024 defence budget was a record ¥7.95tn - true?", "yes"),
])
def test_a_lead_in_or_an_aside_that_names_nothing_is_not_claimed(service: AnswerService, claim: str,
                                                                 verdict: str) -> None:
    assert service.ask(claim).verdict == verdict, service.ask(claim).text


def test_an_aside_that_asks_something_of_its_own_is_kept() -> None:
    from bot.claims import without_framing

    def holds(text: str) -> bool:
        return any(w in text.lower() for w in ("japan", "osa", "budget", "fiji"))

    assert without_framing("Is Japan's budget a good idea? whats ur take", holds).endswith("whats ur take")
    assert without_framing("For a quiz: Fiji got OSA, right?", holds) == "Fiji got OSA"
    assert without_framing("For a quiz: Fiji got OSA, right?") == "For a quiz: Fiji got OSA"


@pytest.mark.parametrize("claim", [
    "Since the December 2023 change, Japan can send licence-built PAC-3s back to the US - true?",
    "Since December 2023 Japan may ship PAC-3s made under licence to the US, right?",
])
def test_since_says_when_a_claim_holds_from(service: AnswerService, claim: str) -> None:
    assert service.ask(claim).verdict == "yes", service.ask(claim).text
