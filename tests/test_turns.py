"""The application layer (bot/turns.py): one Turn in, one Reply out, the same on every platform."""

from __future__ import annotations

from bot.answers import MAX_QUESTION_LENGTH, AnswerService
from bot.conversation import Conversations
from bot.ratelimit import CHANNEL_BUSY_TEXT, PRIVATE_ANSWER_TEXT, SLOW_DOWN_TEXT, Bucket, RateLimiter
from bot.state import build_state
from bot.turns import ReplyKind, Turn, Turns, too_long_text


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
