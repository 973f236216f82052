"""Claims settled by a list or a limit the answer spells out (bot/quantified.py), and through the answer service."""

from __future__ import annotations

import pytest

from bot.answers import AnswerService
from bot.claims import is_claim
from bot.quantified import (
    actor_differs,
    member_of_list,
    named_as_replaced,
    only_said_alike,
    rate_differs,
    universal_against_limit,
)

LISTED = ("Before that, finished equipment could be exported only in five categories: rescue, transport, "
          "vigilance (warning), surveillance and minesweeping. The only finished product exported was a radar.")
LIMITED = "Japan allows lethal weapons to be exported, but only to the 17 countries that have agreements with it."


@pytest.mark.parametrize(("claim", "verdict"), [
    ("Transport was one of the five export categories, right?", "yes"),
    ("is it true warning is one of the 5 categories?", "yes"),
    ("I heard 'combat' was one of the five permitted categories.", "no"),
    ("Did the five categories include rescue and surveillance?", "yes"),
    ("the five categories covered rescue and artillery, yeah?", "no"),
    ("Fighter jets were among the five export categories?", "no"),
])
def test_membership_of_the_list_the_answer_gives(claim: str, verdict: str) -> None:
    assert member_of_list(claim, LISTED) == verdict


@pytest.mark.parametrize("claim", [
    "Minesweeping wasn't one of the five categories, right?",  # negated: left to the general checks
    "Transport was one of the six categories, right?",  # no list of six in the answer
    "Transport was one of the five principles, right?",  # a list of other things
    "What were the five categories?",
])
def test_membership_left_unsettled(claim: str) -> None:
    assert member_of_list(claim, LISTED) is None


def test_membership_partly_listed_is_not_settled() -> None:
    assert member_of_list("Air surveillance was one of the five categories, right?", LISTED) is None


@pytest.mark.parametrize(("claim", "limited"), [
    ("Japan can now export weapons to any country, right?", True),
    ("So Japan sells arms to anyone now?", True),
    ("Japan exports weapons without restrictions now, true?", True),
    ("Japan can't export weapons to any country it likes, right?", False),  # negated
    ("Japan may export non-lethal equipment to any country, right?", False),  # not weapons
    ("Japan can export weapons to 17 countries, right?", False),  # no universal
    ("Japan now lets all co-developed equipment go to third countries?", True),
    ("Every jointly developed weapon may be exported now?", True),
    ("Japan now allows any jointly developed weapon to go to third countries.", True),
    ("Has Japan exported any lethal weapons to the Philippines yet?", False),  # "any" asks whether there were some
])
def test_universal_claim_against_a_stated_limit(claim: str, limited: bool) -> None:
    assert universal_against_limit(claim, LIMITED) is limited


def test_universal_claim_without_a_limit_in_the_answer() -> None:
    assert not universal_against_limit("Japan can export to any country, right?", "Japan revised its rules.")


def test_only_is_compared_without_its_prepositions_and_at_the_end_of_a_clause() -> None:
    body = ("Japan allows lethal weapons, but only to the 17 countries that have defence-equipment agreements with "
            "Japan. In March 2024 exports were allowed for the time being only of the next-generation fighter jet.")
    assert only_said_alike("Weapons go only to the 17 countries with agreements?", body)  # "with" is no content
    assert only_said_alike("Exports were limited to the next-generation fighter jet only?", body)
    assert not only_said_alike("Exports were limited to the new destroyer only?", body)


def test_only_is_confirmed_when_said_of_the_same_thing() -> None:
    assert only_said_alike("weapons can only go to 17 countries, right?", LIMITED)
    assert only_said_alike("the only finished product exported was a radar?", LISTED)
    assert not only_said_alike("weapons can only go to the United States, right?", LIMITED)
    assert not only_said_alike("Japan exports weapons to 17 countries, right?", LIMITED)


@pytest.mark.parametrize(("claim", "opening"), [
    ("Minesweeping was one of the five export categories, right?", "Yes"),
    ("Was artillery one of the five export categories?", "No"),
    ("Since April 2026 Japan can export lethal weapons to any nation, correct?", "No"),
    ("Under the April 2026 revision lethal weapons can only go to 17 countries, right?", "Yes"),
    ("Japan hit its 2% of GDP goal two years early, right?", "Yes"),
    ("FY2023's defence budget was up 15% on FY2022?", "No"),
    # a claim about the day the answer opens with is about the change itself, not how things stood before it
    ("Japan adopted the Three Principles on Transfer of Defense Equipment and Technology on 1 April 2014?", "Yes"),
    ("The Japan Innovation Party co-submitted the March 2026 export proposal?", "Yes"),
    ("The ¥43 trillion plan covers fiscal 2023 to fiscal 2027?", "Yes"),
    ("The ¥43tn plan covers FY2022 to FY2026, doesn't it?", "No"),  # the answer's one span is FY2023 to FY2027
    ("It was Komeito that proposed scrapping the five categories in March 2026, right?", "No"),
])
def test_claims_get_their_verdict(service: AnswerService, claim: str, opening: str) -> None:
    answer = service.answer(claim)
    assert answer.body.startswith(f"{opening} —"), (claim, answer.body[:200])


REPLACED = ("On 1 April 2014 Japan adopted the Three Principles on Transfer of Defense Equipment and Technology, "
            "replacing the Three Principles on Arms Exports.")


def test_a_name_the_answer_gives_only_to_what_was_replaced() -> None:
    assert named_as_replaced("The 2014 rules were called the Three Principles on Arms Exports?", REPLACED)
    assert not named_as_replaced(
        "The 2014 rules were called the Three Principles on Transfer of Defense Equipment and Technology?", REPLACED)
    assert not named_as_replaced("The 2014 rules weren't called the Three Principles on Arms Exports?", REPLACED)
    assert not named_as_replaced("The 2014 rules replaced the Three Principles on Arms Exports?", REPLACED)


@pytest.mark.parametrize(("message", "claim"), [
    ("FY2024 defence: ¥7.1 trillion?", True),  # a figure after ':' is stated
    ("osa budget fy24 = 5bn yen?", True),
    ("The five-year plan covers fiscal 2023 to fiscal 2027?", True),  # a verb of covering
    ("The Yomiuri says Fiji got patrol boats?", True),
    ("defence budget +20% yoy in FY2024?", True),
    ("I was told OSA started in 2023.", True),
    ("Isn't Fiji an OSA recipient?", True),
    ("So 2% of GDP works out to about ¥11 trillion?", True),  # "so" opens a claim as often as anything
    ("Under the April 2026 rules, weapons can only go to the 17 countries?", True),  # a modal states it too
    ("The December 2023 change let Japan send PAC-3s to the US?", True),
    ("@bot Tonga got 2,000 drones?? :flushed:", True),  # chat after the question mark
    ("fy26 is the 10th yearly increase in a row? someone in standup said so", True),
    ("On deadline - is the FY2026 budget the biggest ever? Source pls", True),  # a yes/no question after a dash
    ("Was it Shinzo Abe who set the ¥43 trillion plan?", True),  # a cleft asks whether it was so
    ("True or false: FY2026 is the 12th straight rise.", True),
    ("1.8% -> 2% in FY25 via the supp, y/n", True),
    ("wait japan spends 9 trillion yen on its military?? is that real", True),
    ("Can you confirm Sri Lanka got ¥500m of UAVs", True),
    ("I keep hearing the supplementary budget got spending to 2% of GDP.", True),
    ("Fiji got boats? what else did they get", False),  # a question after the question mark
    ("Who was it that set the ¥43 trillion plan?", False),
    ("Kishida was the prime minister who set the ¥43 trillion plan?", True),  # a cleft after the name
    ("Who was the prime minister who set the plan?", False),
    ("FY26 budget?", False),  # a request, not a statement
    ("osa recipients fy2024?", False),
    ("FY2026 budget: how much?", False),
    ("Will Japan spend 3% of GDP on defence by 2030?", False),  # a question about the future, not a claim
])
def test_statements_asked_as_questions_are_claims(message: str, claim: bool) -> None:
    assert is_claim(message) is claim


def test_a_large_count_is_checked_against_what_the_answer_counts(service: AnswerService) -> None:
    # Tonga's entry: "eight drones ... and 2,000 military uniforms"
    assert service.answer("Tonga got 2,000 drones, right?").verdict == "no"
    assert service.answer("Tonga got 2,000 uniforms, right?").verdict == "yes"
    assert service.answer("Tonga got 2,000 helmets, right?").verdict is None  # 2,000 is said of something else


def test_a_leading_negative_asks_rather_than_negates(service: AnswerService) -> None:
    assert service.answer("Isn't Fiji one of the first four OSA recipients?").body.startswith("Yes —")
    assert service.answer("Wasn't FY2023 the first year of the ¥43 trillion plan?").body.startswith("Yes —")


@pytest.mark.parametrize(("claim", "differs"), [
    ("FY25 defence budget +15% yoy?", True),
    ("The FY2023 budget was up 20% on the year before?", True),
    ("OSA's FY2026 budget is 1.5 times FY2025's?", True),
    ("The FY2023 budget was up 26.3% on the year before?", False),  # the rate the answer states
    ("The FY2023 budget was up over 20% on the year before?", False),  # a bound: checked as a bound
    ("The FY2023 budget was ¥6.8 trillion?", False),  # no rate claimed
])
def test_a_rate_of_change_the_answer_states_otherwise(claim: str, differs: bool) -> None:
    body = "The FY2023 budget was ¥6,821.9 billion, up 26.3% year on year; OSA's FY2026 budget is 2.2 times FY2025's."
    assert rate_differs(claim, body) is differs


def test_a_low_confidence_claim_that_the_nearest_list_settles_is_answered(service: AnswerService) -> None:
    # words no example uses ("permitted", "combat aircraft") put it under the line; the list of five settles it
    answer = service.answer("Someone on a podcast claimed the five permitted export categories included combat "
                            "aircraft. That right?",
                            explain=True)
    assert answer.verdict == "no" and answer.explanation is not None
    assert "the nearest fact's list or limit settles" in answer.explanation.reason
    # a claim the list does not settle gets no verdict from it
    assert service.answer("I heard the five export categories were picked by a lottery. That right?").verdict is None


@pytest.mark.parametrize(("claim", "differs"), [
    ("The April 2026 revision was decided by the Diet?", True),
    ("Komeito co-signed the March 2026 proposal, right?", True),
    ("The Cabinet and the NSC decided the April 2026 revision, right?", False),  # the bodies the answer names
    ("The Diet passed the April 2026 revision, right?", False),  # passing: no source says who passed it
    ("The Diet didn't decide the April 2026 revision, right?", False),  # negated
    ("The April 2026 revision allows lethal weapons, right?", False),  # no one named
])
def test_who_decided_or_proposed(claim: str, differs: bool) -> None:
    body = "On 21 April 2026 the Cabinet and the National Security Council revised the export guidelines."
    assert actor_differs(claim, body) is differs
# --- the edges of each check (issue 13: each case below was a planted bug the tests above let through) -------


@pytest.mark.parametrize(("claim", "verdict"), [
    ("Artillery never was one of the five categories?", None),  # a negation inside the claimed member
    ("Didn't the five categories include artillery?", None),  # a negation before the list's count
    ("Equipment was one of the five categories, right?", None),  # only words that name the list: no member
    ("Transport was among the 5 categories?", "yes"),  # a count in digits
    ("the five categories included transport, rescue or minesweeping", "yes"),
    ("Transport and artillery were among the five categories?", "no"),  # one of the two is not listed
    ("Radar was one of the three finished categories?", None),  # the answer lists no three things
])
def test_membership_edges(claim: str, verdict: str | None) -> None:
    assert member_of_list(claim, LISTED) == verdict


def test_membership_is_checked_against_the_list_of_that_count_and_noun() -> None:
    body = ("Five categories: rescue, transport, vigilance, surveillance and minesweeping. Three principles: peace, "
            "trust and law. Three categories: rescue, transport and radar.")
    assert member_of_list("Radar was one of the three categories?", body) == "yes"  # after lists of others
    assert member_of_list("Minesweeping was one of the five categories?", body) == "yes"
    assert member_of_list("Radar was one of the five categories?", body) == "no"


def test_a_list_that_does_not_hold_its_count_is_passed_over() -> None:
    body = ("At first five categories: rescue and transport. Later five categories: rescue, transport, vigilance, "
            "surveillance and minesweeping.")
    assert member_of_list("Minesweeping was one of the five categories?", body) == "yes"
    assert member_of_list("Minesweeping was one of the five categories?", "Five categories: rescue and transport.") \
        is None


def test_membership_needs_the_lists_noun_among_the_claims() -> None:
    # the word before the answer's colon must be among the claim's ("export categories" holds "categories")
    assert member_of_list("Rescue was one of the five export categories?", "Five categories: a, b, c, d and rescue.") \
        == "yes"
    assert member_of_list("Rescue was one of the five export items?", "Five categories: a, b, c, d and rescue.") \
        is None


def test_a_universal_claim_is_not_against_an_answer_that_is_itself_universal() -> None:
    claim = "Japan can export weapons to any country, right?"
    assert universal_against_limit(claim, "Only to 17 countries, not to any country.") is False
    assert universal_against_limit(claim, "Japan exports to any country it likes.") is False  # no limit stated


def test_only_compares_up_to_three_words_before_the_clause_ends() -> None:
    assert only_said_alike("only 17 countries with agreements?", LIMITED) is True
    assert only_said_alike("only 17 countries with agreements, any kind?", LIMITED) is True  # "any": a fourth word
    assert only_said_alike("only 17 countries with agreements ratified by spring?", LIMITED) is True
    assert only_said_alike("only 17 countries, with no agreements?", LIMITED) is True  # the comma ends it
    assert only_said_alike("only the United States, with agreements?", LIMITED) is False


def test_only_followed_by_nothing_that_counts_confirms_nothing() -> None:
    assert only_said_alike("can it only be so?", LIMITED) is False
    # six words are read after "only"; all six here are left out, so "Fiji" is never reached
    assert only_said_alike("only to the a an be is Fiji?", "It goes only to Fiji.") is False
    assert only_said_alike("Is it only Fiji?", "The recipient is only Fiji") is True  # the whole window


def test_only_reads_eight_words_of_the_answer() -> None:
    body = "It goes only to the 17 countries that have agreements, and Fiji."
    assert only_said_alike("only agreements?", body) is True  # the eighth word
    assert only_said_alike("only Fiji?", body) is False  # the ninth


def test_only_compares_words_cut_to_five_letters() -> None:
    assert only_said_alike("only defense equipment?", "Japan exports only defence equipment.") is True
    assert only_said_alike("ONLY DEFENSE EQUIPMENT?", "Japan exports only defence equipment.") is True
    assert only_said_alike("only attack equipment?", "Japan exports only defence equipment.") is False


@pytest.mark.parametrize(("claim", "body", "differs"), [
    ("FY2023 budget up 27%?", "The FY2023 budget was up 26.3% year on year.", True),
    ("FY2023 budget +26.3% yoy?", "The FY2023 budget was up 26.3% year on year.", False),
    ("up 0.05%?", "It rose 0%.", True),  # apart by 0.05: not the same rate
    ("up 0.04%?", "It rose 0%.", False),
    ("up 15%?", "No rates here.", False),  # the answer states no rate
    ("3 times?", "It rose 20% yoy.", False),  # a multiple against a rise: no like to compare
    ("up 20%, 3 times FY2025?", "It rose 20% yoy, 2.2 times FY2025's.", True),  # the multiple differs
    ("FY2023 budget up 26.3%?", "The FY2023 budget was up 27%, then up 26.3%.", False),  # any stated rate
])
def test_rate_edges(claim: str, body: str, differs: bool) -> None:
    assert rate_differs(claim, body) is differs


def test_a_name_replaced_at_the_start_of_the_answer() -> None:
    body = "Replacing the Three Principles on Arms Exports, Japan adopted new rules in 2014."
    assert named_as_replaced("The old rules were called the Three Principles on Arms Exports?", body) is True


def test_a_name_also_used_for_what_is_current_is_not_only_for_what_was_replaced() -> None:
    body = "Japan kept the Three Principles on Arms Exports. It was formerly the Three Principles on Arms Exports."
    assert named_as_replaced("The rules were called the Three Principles on Arms Exports?", body) is False
    assert named_as_replaced("The rules were called the Xyzzy Rules of Trade?", "Nothing here.") is False
    assert named_as_replaced("Which rules?", REPLACED) is False
