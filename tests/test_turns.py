"""The application layer (bot/turns.py): one Turn in, one Reply out, the same on every platform."""

from __future__ import annotations

import threading
from pathlib import Path

from bot.answers import MAX_QUESTION_LENGTH, AnswerService
from bot.conversation import Conversations
from bot.gaplog import GapLog, asker_hash, read_gaps
from bot.logs import ObservedService
from bot.models import FactBase
from bot.ratelimit import CHANNEL_BUSY_TEXT, PRIVATE_ANSWER_TEXT, SLOW_DOWN_TEXT, Bucket, RateLimiter
from bot.state import build_state
from bot.turns import ReplyKind, Turn, Turns, too_long_text
from tests.conftest import TODAY


def _turns(service: AnswerService, limiter: RateLimiter | None = None) -> Turns:
    return Turns(lambda: service, state=build_state({}, limiter=limiter), conversations=Conversations())


async def test_a_turn_in_a_conversation_is_answered_against_the_last_answer(service: AnswerService) -> None:
    turns = _turns(service)
    first = await turns.handle(Turn(platform="test", text="how big is the FY2026 defence budget?", user="U1",
                                    conversation=("test", "1")))
    second = await turns.handle(Turn(platform="test", text="what about FY2024?", user="U1",
                                     conversation=("test", "1")))
    assert first.kind is ReplyKind.ANSWER and first.answer is not None and first.answer.answered
    assert second.answer is not None and second.answer.follow_up_of is not None
    alone = await turns.handle(Turn(platform="test", text="what about FY2024?", user="U1"))
    assert alone.answer is not None and alone.answer.follow_up_of is None


async def test_refusals_notice_once_then_silence_and_a_busy_channel_answers_privately(service: AnswerService) -> None:
    turns = _turns(service, RateLimiter(user=Bucket(1, 60.0), channel=Bucket(1, 60.0)))
    kinds = [(await turns.handle(Turn(platform="test", text="osa budget", user="U1", channel="C1"))).kind
             for _ in range(3)]
    assert kinds == [ReplyKind.ANSWER, ReplyKind.NOTICE, ReplyKind.SILENT]
    refused = await turns.handle(Turn(platform="test", text="osa budget", user="U1", channel="C1"))
    assert refused.notice == SLOW_DOWN_TEXT
    busy = await turns.handle(Turn(platform="test", text="osa budget", user="U2", channel="C1", private_ok=True))
    assert busy.kind is ReplyKind.PRIVATE and busy.notice == PRIVATE_ANSWER_TEXT and busy.answer is not None
    told = await turns.handle(Turn(platform="test", text="osa budget", user="U3", channel="C1"))
    assert told.kind is ReplyKind.NOTICE and told.notice == CHANNEL_BUSY_TEXT


async def test_an_over_long_message_is_refused_unread_on_every_platform(service: AnswerService) -> None:
    long = "budget " * (MAX_QUESTION_LENGTH // 5)
    reply = await _turns(service).handle(Turn(platform="slack", text=long, user="U1"))
    assert reply.kind is ReplyKind.NOTICE and reply.notice == too_long_text(len(long.strip()))
    served = await _turns(service).handle(Turn(platform="slack", text=long, user="U1", limit_length=False))
    assert served.answer is not None  # the service's own reply to an over-long question


# --- exact behaviour (written after `make mutation` showed it loosely tested) --------------------------------


def test_too_long_text() -> None:
    assert too_long_text(1234) == ("Sorry, that's 1,234 characters. Please ask in under 500 characters, "
                                   "one question at a time.")


async def test_the_length_limit_counts_the_stripped_text_exactly(service: AnswerService) -> None:
    turns = _turns(service)
    fits = await turns.handle(Turn(platform="test", text="  " + "a" * MAX_QUESTION_LENGTH + "\n", user="U1"))
    assert fits.kind is ReplyKind.ANSWER and fits.notice == "" and fits.answer is not None
    over = await turns.handle(Turn(platform="test", text="a" * (MAX_QUESTION_LENGTH + 1), user="U1"))
    assert over.kind is ReplyKind.NOTICE and over.answer is None and over.notice == too_long_text(501)


async def test_the_rate_limit_comes_before_the_length_limit(service: AnswerService) -> None:
    turns = _turns(service, RateLimiter(user=Bucket(1, 60.0), channel=None))
    await turns.handle(Turn(platform="test", text="osa budget", user="U1"))
    refused = await turns.handle(Turn(platform="test", text="a" * 600, user="U1"))
    assert refused.kind is ReplyKind.NOTICE and refused.notice == SLOW_DOWN_TEXT
    again = await turns.handle(Turn(platform="test", text="a" * 600, user="U1"))
    assert again.kind is ReplyKind.SILENT and again.notice == SLOW_DOWN_TEXT and again.answer is None


async def test_the_asker_is_named_for_the_gap_log(tmp_path: Path, fact_base: FactBase) -> None:
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="test", salt=b"salt", retention=None) as gaps:
        observed = ObservedService(fact_base, observers=[gaps], clock=lambda: TODAY)
        turns = Turns(lambda: observed, state=build_state({}, limiter=None), conversations=Conversations())
        await turns.handle(Turn(platform="test", text="weather in tokyo", user="U1"))
        await turns.handle(Turn(platform="test", text="weather in tokyo", user="U2", conversation=("test", "1")))
    assert [g.asker for g in read_gaps(path)] == [asker_hash("U1", b"salt"), asker_hash("U2", b"salt")]


async def test_only_offload_answers_on_a_worker_thread(fact_base: FactBase) -> None:
    threads: list[threading.Thread] = []
    observed = ObservedService(fact_base, observers=[lambda *_: threads.append(threading.current_thread())],
                               clock=lambda: TODAY)
    by_default = Turns(lambda: observed, state=build_state({}, limiter=None), conversations=Conversations())
    offloaded = Turns(lambda: observed, state=build_state({}, limiter=None), conversations=Conversations(),
                      offload=True)
    for turns in (by_default, offloaded):
        await turns.handle(Turn(platform="test", text="osa budget", user="U1", conversation=("test", "1")))
    assert threads[0] is threading.main_thread() and threads[1] is not threading.main_thread()
