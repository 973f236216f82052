"""Claims settled by a list or a limit the answer spells out (bot/quantified.py), and through the answer service."""

from __future__ import annotations

import pytest

from bot.answers import AnswerService
from bot.quantified import member_of_list, only_said_alike, universal_against_limit

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
])
def test_universal_claim_against_a_stated_limit(claim: str, limited: bool) -> None:
    assert universal_against_limit(claim, LIMITED) is limited


def test_universal_claim_without_a_limit_in_the_answer() -> None:
    assert not universal_against_limit("Japan can export to any country, right?", "Japan revised its rules.")


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
])
def test_claims_get_their_verdict(service: AnswerService, claim: str, opening: str) -> None:
    answer = service.answer(claim)
    assert answer.body.startswith(f"{opening} —"), (claim, answer.body[:200])
