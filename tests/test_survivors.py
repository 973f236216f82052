"""Negative tests for the bugs that once survived the whole suite when planted (issue 13).

Each test names the bug it catches; each was checked by planting that bug by hand and seeing it fail.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.adapters.slack_app import SlackSettings, build_app, start_http
from bot.answers import MAX_QUESTION_LENGTH, AnswerService
from bot.gaplog import LOW_CONFIDENCE, GapLog, is_gap, read_gaps
from bot.logs import ObservedService
from bot.models import Answer, FactBase
from bot.state import LocalSeenIds
from tests import slack_payloads as p
from tests.conftest import TODAY
from tests.fake_slack_api import ADMIN_USER_ID, BOT_TOKEN, FakeSlackAPI
from tests.test_ops import post

# --- an OSA country does not cover every year --------------------------------------------------------------


@pytest.mark.parametrize("question", [
    "is Fiji an OSA recipient in 2019?",
    "did the Philippines get OSA in FY2015?",
    "OSA to Vietnam in 2030",
])
def test_a_known_country_in_a_year_no_source_covers_is_declined(service: AnswerService, question: str) -> None:
    answer = service.ask(question)
    assert not answer.answered, f"{question!r} answered as if the year were covered: {answer.text[:120]!r}"
    assert answer.text.startswith("I don't have OSA information on"), answer.text
    assert "I have FY2023" in answer.text, answer.text


def test_the_same_country_in_a_covered_year_is_answered(service: AnswerService) -> None:
    answer = service.ask("is Fiji an OSA recipient in 2023?")
    assert answer.answered and answer.facts == ("country:fiji",), answer.text


# --- /defence-gaps when Slack cannot say who is an admin ----------------------------------------------------


@pytest.mark.parametrize("failure", [
    (200, {"ok": False, "error": "missing_scope", "needed": "users:read"}),
    (200, {"ok": False, "error": "user_not_found"}),
    (500, {"ok": False, "error": "internal_error"}),
    (500, "Internal Server Error"),
    (0, "disconnect"),
], ids=["missing-scope", "user-not-found", "http-500-json", "http-500-text", "disconnected"])
async def test_gaps_command_is_refused_when_users_info_fails(service: AnswerService,
                                                             failure: tuple[int, dict[str, Any] | str],
                                                             caplog: pytest.LogCaptureFixture) -> None:
    """A failed users.info must not make anyone an admin: even the workspace admin is refused, and no report
    is made."""
    asked: list[str] = []

    def report(since: str) -> str:
        asked.append(since)
        return "1 question I could not answer well"

    async with FakeSlackAPI() as api:
        api.users_info_failure = failure
        settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=p.SIGNING_SECRET, api_url=api.base_url)
        runner, port = await start_http(build_app(settings, lambda: service, gap_report=report),
                                        host="127.0.0.1", port=0)
        try:
            async with aiohttp.ClientSession() as http:
                fields = p.slash_command("/defence-gaps", "2w", api.response_url("gaps"))
                fields["user_id"] = ADMIN_USER_ID
                with caplog.at_level(logging.WARNING):
                    assert await post(http, f"http://127.0.0.1:{port}", p.form_body(fields),
                                      "application/x-www-form-urlencoded") == 200
                    await api.wait_for(lambda: bool(api.calls("/response/gaps")))
        finally:
            await runner.cleanup()
    assert api.calls("/api/users.info"), "users.info was never asked"
    [reply] = api.calls("/response/gaps")
    assert reply.body["text"].startswith("Only workspace admins"), reply.body["text"]
    assert asked == [], "the gap report was made for a user Slack could not vouch for"
    assert "users.info failed" in caplog.text


# --- low-confidence answers are gaps ------------------------------------------------------------------------


def _answer(confidence: float, **fields: Any) -> Answer:
    return Answer(question="q", outcome="answer", body="t", confidence=confidence, **fields)


def test_an_answer_below_the_low_confidence_line_is_a_gap() -> None:
    assert is_gap(_answer(LOW_CONFIDENCE - 0.01)), "a low-confidence answer is not treated as a gap"
    assert is_gap(_answer(0.0))
    assert not is_gap(_answer(LOW_CONFIDENCE))
    assert not is_gap(_answer(1.0))
    assert is_gap(_answer(1.0, missing=("detail",)))


LOW_CONFIDENCE_CANDIDATES = (
    "does the 9.04tn include the US base hosting costs",
    "philippines boathouses and slipways - when was that signed",
    "boathouses for the philippine navy - what's that deal",
    "strategic implications of japan's defense and osa expansion",
)
"""Labelled questions answered with a confidence under LOW_CONFIDENCE today."""


def test_low_confidence_answers_are_written_to_the_gap_log(tmp_path: Path, fact_base: FactBase) -> None:
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="slack") as gaps:
        service = ObservedService(fact_base, observers=[gaps], clock=lambda: TODAY)
        low = [q for q in LOW_CONFIDENCE_CANDIDATES
               if (a := service.ask(q)).answered and a.confidence < LOW_CONFIDENCE and not a.missing]
        service.ask("how big is the FY2026 defence budget?")
    assert low, "none of the candidates is a low-confidence answer any more: pick one with `ask --explain`"
    recorded = [(g.question, g.outcome) for g in read_gaps(path)]  # stored lower-cased, punctuation dropped
    assert [outcome for _, outcome in recorded] == ["answer"] * len(low), \
        f"low-confidence answers to {low} not all in the gap log: {recorded}"
    assert recorded[0][0] == low[0].lower().replace(" - ", " ")


# --- Slack retries: the newest event id is remembered -------------------------------------------------------


def test_seen_event_ids_forget_the_oldest_and_keep_the_newest() -> None:
    seen = LocalSeenIds(2)
    assert seen.add("Ev1") and seen.add("Ev2") and seen.add("Ev3")
    assert not seen.add("Ev3"), "the newest id was forgotten: a retry of it would be answered twice"
    assert not seen.add("Ev2")
    assert seen.add("Ev1"), "the oldest id should have been forgotten"


# --- the exact length limit ---------------------------------------------------------------------------------


def _of_length(length: int) -> str:
    text = ("defence budget " * (length // 10 + 1))[:length]
    return text if not text.endswith(" ") else text[:-1] + "?"


def test_the_length_limit_is_exact(service: AnswerService) -> None:
    at_limit = _of_length(MAX_QUESTION_LENGTH)
    over = _of_length(MAX_QUESTION_LENGTH + 1)
    assert (len(at_limit), len(over)) == (MAX_QUESTION_LENGTH, MAX_QUESTION_LENGTH + 1)
    assert "characters long" not in service.ask(at_limit).text, f"{MAX_QUESTION_LENGTH} characters refused"
    refused = service.ask(over).text
    assert refused.startswith(f"That message is {MAX_QUESTION_LENGTH + 1} characters long"), refused
