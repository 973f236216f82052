"""Hostile input: any text up to 10,000 characters through the service and both adapters' text handling.

For every input: no exception, a valid outcome, time under a bound, and nothing in what the bot
sends can ping a channel (`<!channel>`, `<!here>`, `<!everyone>`, `@everyone`, `@here`).
"""

from __future__ import annotations

import json
import time

import discord
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.adapters.discord_app import strip_mention
from bot.adapters.discord_embeds import answer_embed
from bot.adapters.slack_app import command_question
from bot.adapters.slack_blocks import answer_blocks, fallback_text, plain_question
from bot.answers import AnswerService
from bot.quick import quick_commands
from tests.conftest import FACTS, TODAY

SERVICE = AnswerService.from_path(FACTS, clock=lambda: TODAY)
TOPICS = {t.id: t.title for t in SERVICE.fact_base.topics}
QUICK = quick_commands(SERVICE.fact_base)
BOT_ID = 1180000000000000001
OUTCOMES = {"answer", "clarify", "decline"}
SECONDS_PER_QUESTION = 0.5
"""Generous for a slow CI machine: a question takes well under 5 ms here."""

PINGS = ("<!channel>", "<!here>", "<!everyone>", "@everyone", "@here")
PIECES = (
    *PINGS, "<!channel|channel>", "<!subteam^S1>", "<@U123>", f"<@{BOT_ID}>", f"<@!{BOT_ID}>", "&lt;!here&gt;",
    "&amp;", "<https://evil.example|click>", "<#C1|general>", "@\u200beveryone", "＠everyone", "＜!here＞",
    "budget", "osa", "FY2026", "fy26", "Vietnam", "is", "an OSA recipient", "how big is the", "defence", "?",
    "2 billion yen", "1990", "\x00", "\u202e", "\ufeff", "\U0001f600", "e\u0301", "ß", "\n", "\t", "   ",
    "((((((((((", "a" * 300, "9" * 300, "-" * 300, " fy" * 100,
)

hostile = st.one_of(
    st.text(max_size=10_000),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=60).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
).map(lambda s: s[:10_000])

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_cannot_ping(sent: str) -> None:
    for ping in PINGS:
        assert ping not in sent, (ping, sent[:500])


@PROPERTY
@given(hostile)
def test_service_answers_anything(question: str) -> None:
    started = time.perf_counter()
    answer = SERVICE.ask(question)
    assert time.perf_counter() - started < SECONDS_PER_QUESTION
    assert answer.outcome in OUTCOMES and answer.text.strip() and 0.0 <= answer.confidence <= 1.0
    assert_cannot_ping(answer.text)
    assert all(isinstance(s, str) for s in answer.suggestions)


def rendered(value: object) -> list[str]:
    """Every string Slack renders from blocks (each "text"); a button's "value" is data sent back to the bot
    on a click, never shown or parsed for mentions."""
    if isinstance(value, list):
        return [s for item in value for s in rendered(item)]
    if isinstance(value, dict):
        out = [value["text"]] if isinstance(value.get("text"), str) else []
        return out + [s for k, v in value.items() if k != "value" for s in rendered(v)]
    return []


@PROPERTY
@given(hostile, st.sampled_from(["/defence", "/budget", "/osa", "/exports", "/other"]))
def test_slack_text_handling(text: str, command: str) -> None:
    started = time.perf_counter()
    for question in (plain_question(text), command_question(command, text, quick=QUICK)):
        answer = SERVICE.ask(question)
        assert answer.outcome in OUTCOMES
        blocks = answer_blocks(answer, post_button=True)
        assert_cannot_ping(fallback_text(answer) + "\n".join(rendered(blocks)))
    assert time.perf_counter() - started < 2 * SECONDS_PER_QUESTION


@PROPERTY
@given(hostile)
def test_discord_text_handling(text: str) -> None:
    started = time.perf_counter()
    question = strip_mention(text, BOT_ID)
    answer = SERVICE.ask(question)
    assert answer.outcome in OUTCOMES
    embed = answer_embed(answer, topic_titles=TOPICS)
    assert len(embed) <= 6000
    assert_cannot_ping(json.dumps(embed.to_dict(), ensure_ascii=False))
    for suggestion in answer.suggestions:  # a button click echoes its suggestion above the answer
        assert_cannot_ping(suggestion)
    assert time.perf_counter() - started < SECONDS_PER_QUESTION


def test_discord_sends_never_allow_mentions() -> None:
    from bot.adapters.discord_app import NO_MENTIONS

    assert NO_MENTIONS.to_dict() == discord.AllowedMentions.none().to_dict()
    assert NO_MENTIONS.to_dict()["parse"] == []


@PROPERTY
@given(hostile)
def test_matcher_time_is_bounded_whatever_the_input(text: str) -> None:
    """The matcher itself (the service caps questions at 500 characters before it): no pathological regex."""
    started = time.perf_counter()
    result = SERVICE.matcher.match(text, today=TODAY)
    assert time.perf_counter() - started < SECONDS_PER_QUESTION
    assert result.outcome in OUTCOMES
