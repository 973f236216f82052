"""Claims about what something is or where it stands, settled by the answer's own wording (bot/stances.py)."""

from __future__ import annotations

import pytest

from bot.answers import AnswerService
from bot.stances import event_year_differs, identity_against_contrast, pending_against_decided

CONTRAST = ("The article contrasts OSA with traditional development aid, which focuses on infrastructure; officials "
            "say transfers are kept separate from bilateral defence sales.")


@pytest.mark.parametrize(("claim", "contradicted"), [
    ("OSA is basically ODA under another name, isn't it?", True),
    ("Isn't OSA just rebranded development aid for bridges?", True),
    ("So OSA is simply development aid with a new label?", True),
    ("The article treats OSA as just another form of bilateral defence sales?", True),
    ("OSA is not just development aid, right?", False),  # agrees with the contrast
    ("OSA is just for armed forces, right?", False),  # nothing the answer sets it apart from
    ("OSA is different from ODA, right?", False),  # no identity claimed
])
def test_an_identity_claimed_against_a_contrast_the_answer_draws(claim: str, contradicted: bool) -> None:
    assert identity_against_contrast(claim, CONTRAST) is contradicted


@pytest.mark.parametrize(("claim", "contradicted"), [
    ("Japan is still only considering changes to its export rules?", True),
    ("Nothing has been decided on the export rules yet, right?", True),
    ("The export changes are still being considered?", True),
    ("Japan revised its export rules in April 2026?", False),
])
def test_a_change_claimed_pending_against_an_answer_that_opens_with_its_day(claim: str, contradicted: bool) -> None:
    opening = "Latest: on 21 April 2026 Japan revised its export guidelines to allow lethal weapons."
    assert pending_against_decided(claim, opening) is contradicted
    assert not pending_against_decided(claim, "In late December 2025 changes were being considered.")


@pytest.mark.parametrize("claim", ["Isn't OSA just rebranded development aid?",
                                   "Is Japan still only considering changes to its defence-export rules?"])
def test_such_claims_get_no(service: AnswerService, claim: str) -> None:
    assert service.ask(claim).verdict == "no", service.ask(claim).text


@pytest.mark.parametrize(("claim", "differs"), [
    ("Japan reached the 2% goal in FY2027 as originally planned, right?", True),
    ("Japan only hit 2% of GDP in fiscal 2027?", True),
    ("The plan aimed to reach 2% of GDP by FY2027, right?", False),  # what was planned, not done
    ("Japan was supposed to have reached 2% in FY2027?", False),
    ("Japan reached 2% of GDP in FY2025, right?", False),
    ("Japan never reached 2% in FY2027?", False),
])
def test_a_year_claimed_for_what_was_done_against_the_year_the_answer_opens_with(claim: str, differs: bool) -> None:
    opening = "The government says it reached its goal of 2% of GDP in FY2025, two years ahead of schedule."
    assert (event_year_differs(claim, opening, {2025}) is not None) is differs
