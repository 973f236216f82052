"""Issue 12: the audit's corrections, each checked by asking what a user would ask."""

from __future__ import annotations

import json

from bot.answers import AnswerService
from bot.models import FactBase
from tests.test_cli import bot


def body(text: str) -> str:
    """An answer without its source line (always the last line)."""
    return text.rsplit("\n", 1)[0]


def test_fighter_jet_exports_lead_with_the_april_2026_rules(service: AnswerService) -> None:
    answer = service.ask("can japan sell fighter jets to third countries")
    assert answer.facts == ("exports-2024-fighter-jet",)
    text = body(answer.text)
    assert text.startswith("Under the export guidelines as revised on 21 April 2026")
    assert "only to the 17 countries" in text
    assert "do not say how that revision treats the next-generation fighter jet" in text
    assert text.index("21 April 2026") < text.index("15 March 2024")  # latest first, then the history
    assert answer.as_of == "2026-04-21"


def test_fighter_jet_dates_agree_with_their_source(service: AnswerService, fact_base: FactBase) -> None:
    answer = service.ask("when did the cabinet approve fighter exports")
    assert answer.facts == ("exports-2024-fighter-jet",)
    assert "26 March" not in answer.text  # only the pack's summary line gives it; the 15 March report cannot
    assert "does not give the date of the Cabinet's approval" in answer.text
    fact = fact_base.fact("exports-2024-fighter-jet")
    assert fact.as_of == max(fact_base.source(s).date or "" for s in fact.sources)


def test_fy2025_recipients_are_as_of_the_philippine_signing(service: AnswerService) -> None:
    answer = service.ask("what did the fy2025 osa recipients receive")
    assert answer.facts == ("osa-recipients-fy2025",)
    assert "signed 15 January 2026" in answer.text
    assert answer.as_of == "2026-01-15" and answer.text.endswith("As of 2026-01-15.")


def test_east_timor_and_thailand_have_the_same_status_on_the_same_evidence(service: AnswerService,
                                                                          fact_base: FactBase) -> None:
    assert fact_base.country("east-timor").status == fact_base.country("thailand").status == "slated"
    answer = service.ask("is east timor an osa recipient")
    assert answer.facts == ("country:east-timor",)
    text = body(answer.text)
    assert "named among the eight FY2025 OSA countries (June 2025)" in text
    assert "no amount or equipment" in text and "do not say that a grant has been made" in text
    assert "Received:" not in text
    recipients = service.ask("is china an osa recipient")  # the decline lists the recipients
    assert "East Timor" not in recipients.text and "Fiji" in recipients.text


def test_thailand_is_titled_slated_not_the_11th_recipient(service: AnswerService) -> None:
    answer = service.ask("who will be the eleventh osa country")
    assert answer.facts == ("osa-eleventh-recipient",)
    assert answer.parts[0].title == "Thailand, slated to become the 11th OSA recipient"
    assert "slated to become OSA's 11th recipient by March 2026" in answer.text
    suggested = service.ask("Which countries got Japanese security assistance in fiscal year 2025?")
    assert "Thailand, slated to become the 11th OSA recipient" in suggested.suggestions  # "Did you mean" and follow-ups


def test_the_foip_link_is_attributed_to_the_article(service: AnswerService) -> None:
    answer = service.ask("how does osa fit into the indo-pacific strategy")
    assert answer.facts == ("foip",)
    text = body(answer.text)
    assert text.startswith("The late-December 2025 article describes")
    assert "the article's own description" in text and "Japan presents" not in text
    purpose = service.ask("What is the purpose of Japan's Official Security Assistance?")
    assert purpose.facts == ("osa-purpose",)
    assert body(purpose.text).startswith("According to the late-December 2025 article")


def test_being_named_for_fy2025_is_in_the_note_not_under_received(service: AnswerService,
                                                                 fact_base: FactBase) -> None:
    for country_id, name in (("malaysia", "malaysia"), ("indonesia", "indonesia"), ("east-timor", "east timor")):
        country = fact_base.country(country_id)
        assert all(g.fiscal_year != 2025 for g in country.received), country_id
        text = body(service.ask(f"what did {name} receive under osa").text)
        assert "eight FY2025" in text
        received = text.partition("Received:")[2]
        assert "FY2025" not in received and "named among" not in received, text
    malaysia = body(service.ask("what did malaysia receive under osa").text)
    assert malaysia.endswith("Received: FY2023: ¥400 million for equipment such as rescue boats.")


def test_the_philippine_radar_export_is_not_said_to_differ_from_the_osa_radar(service: AnswerService) -> None:
    text = body(service.ask("is the Philippines an OSA recipient?").text)
    assert "Separately" not in text
    assert "do not say whether it is the FY2023 OSA coastal radar or a different one" in text


def test_osa_versus_oda_mentions_osa_infrastructure(service: AnswerService) -> None:
    answer = service.ask("How is OSA different from Japan's development aid (ODA)?")
    assert answer.facts == ("osa-vs-oda",)
    text = body(answer.text)
    assert "Unlike traditional development aid" not in text
    assert "first infrastructure project, signed on 15 January 2026" in text
    assert "boathouses and slipways" in text and "Djibouti" in text and "related infrastructure" in text
    assert answer.as_of == "2026-01-15"


def test_export_answers_cite_what_they_state(service: AnswerService) -> None:
    rules = service.ask("what are the current rules on japanese defense exports")
    assert rules.facts == ("exports-current-rules",)
    assert "five non-offensive categories" in rules.text
    assert "article-2025-12" in {s.id for s in rules.sources}  # the article is the source that says "non-offensive"
    principles = service.ask("what did the 2014 three principles do")
    assert principles.facts == ("exports-three-principles-2014",)
    assert "in December 2023 for arms made under foreign licence, in March 2024 for the next-generation fighter" \
        in principles.text
    assert {"jiji-2023-12-22", "jiji-2024-03-15", "defensenews-2026-04-21"} <= {s.id for s in principles.sources}


def test_a_change_asked_in_dollars_is_computed_in_yen_from_every_source(service: AnswerService) -> None:
    answer = service.ask("how much did the defence budget grow from FY2025 to FY2026 in dollars?")
    assert answer.derived == "change"
    text = body(answer.text)
    assert text.startswith("This is in yen: I compute changes and totals in yen only.")
    assert "US$55 billion per Associated Press" in text and "US$58 billion per News.az" in text
    assert "each converted at its own exchange rate" in text
    assert "5.5%" not in text  # US$55bn -> US$58bn would mix two sources' exchange rates
    assert "or 3.9%, from ¥8.7 trillion" in text and "or 5.1%, from ¥8.6 trillion" in text  # the Japan Times too
    ratio = service.ask("how many times bigger is the FY2026 defence budget than FY2025 in dollars")
    assert ratio.derived == "ratio" and "in yen only" in ratio.text and "¥8.6 trillion" in ratio.text


def test_a_comparison_across_budget_stages_says_so(service: AnswerService) -> None:
    answer = service.ask("how much did the defence budget grow from FY2023 to FY2026?")
    assert answer.derived == "change"
    assert ("different budget stages (FY2023 as put to the Diet; FY2026 Cabinet draft)") in answer.text
    total = service.ask("total defence budget from FY2023 to FY2026")
    assert "(FY2023 as put to the Diet; FY2024 enacted; FY2025 Cabinet draft; FY2026 Cabinet draft)" in total.text
    same_stage = service.ask("how much did the defence budget grow from FY2025 to FY2026?")
    assert "budget stages" not in same_stage.text  # both Cabinet drafts
    osa = service.ask("how much did the osa budget grow from FY2023 to FY2026?")
    assert "budget stages" not in osa.text  # the OSA figures name no stage


def test_licence_built_arms_lead_with_the_april_2026_rules(service: AnswerService) -> None:
    answer = service.ask("can japan export patriot missiles to the united states")
    assert answer.facts == ("exports-2023-licensed-arms",)
    text = body(answer.text)
    assert text.startswith("Japan's export rules were most recently revised on 21 April 2026")
    assert "do not list those countries or say how the revision treats licence-built arms" in text
    assert "22 December 2023" in text and answer.as_of == "2026-04-21"


def test_the_command_line_gives_the_corrected_answers() -> None:
    questions = "can japan sell fighter jets to third countries\nis east timor an osa recipient\n"
    run = bot("ask", "--json", "-", stdin=questions)
    fighter, timor = (json.loads(line) for line in run.stdout.splitlines())
    assert fighter["facts"] == ["exports-2024-fighter-jet"] and fighter["as_of"] == "2026-04-21"
    assert fighter["text"].startswith("Under the export guidelines as revised on 21 April 2026")
    assert timor["facts"] == ["country:east-timor"] and "Received:" not in timor["text"]
