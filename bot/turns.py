"""The application layer: one `Turn` (a message on some platform) in, one `Reply` out.

Adapters translate a platform event into a `Turn` (platform, conversation key, user, channel, text) and a
`Reply` into Block Kit, embeds or terminal text; everything between is here, once for every platform:

1. the input limit (a message over `MAX_QUESTION_LENGTH` characters gets `too_long_text`, unread);
2. the rate limit (`bot.ratelimit` through `bot.state.SharedState`: per user and per channel, shared across
   processes with Redis): a refused turn is a `NOTICE` (tell the asker, once per burst) or `SILENT`, and a
   turn the channel has no room for but its asker does is answered `PRIVATE` when the platform can;
3. conversation resolution and answering (`bot.conversation`, with the context loaded from and saved to the
   shared store), or a plain `AnswerService.ask` for a turn outside any conversation;
4. the observers: the question log and gap log are notified by the service, with the asker named for the
   gap log's count of distinct askers (`bot.gaplog.asked_by`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from bot.answers import MAX_QUESTION_LENGTH, AnswerService
from bot.conversation import Conversations
from bot.gaplog import asked_by
from bot.models import Answer
from bot.ratelimit import Verdict
from bot.state import SharedState

__all__ = ["Reply", "ReplyKind", "Turn", "Turns", "too_long_text"]


class ReplyKind(enum.Enum):
    ANSWER = "answer"
    """Answer where the turn was asked."""
    PRIVATE = "private"
    """Answer so that only the asker sees it (the channel is over its limit; `Reply.notice` says so)."""
    NOTICE = "notice"
    """Refused (rate limit, or over the length limit): send `Reply.notice` to the asker."""
    SILENT = "silent"
    """Refused again in the same burst: send nothing (a platform that must answer sends `Reply.notice`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Turn:
    """One message to answer, as any platform delivers it."""

    platform: str
    text: str
    user: object = None
    """The asker's platform id (None: not limited per user)."""
    channel: object = None
    """Where the answer will be seen by others (None: only the asker sees it, so no channel limit)."""
    conversation: Hashable | None = None
    """The conversation the turn belongs to (a thread, a DM, a channel and user), or None for none."""
    private_ok: bool = False
    """The platform can answer so that only the asker sees it."""
    limit_length: bool = True
    """Refuse a message over `MAX_QUESTION_LENGTH` characters before anything reads it (False: the service
    answers it with its own reply, as for a slash command Slack already capped)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    """What to send for a turn."""

    kind: ReplyKind
    answer: Answer | None = None
    notice: str = ""


def too_long_text(length: int) -> str:
    return (f"Sorry, that's {length:,} characters. Please ask in under {MAX_QUESTION_LENGTH} characters, "
            f"one question at a time.")


class Turns:
    """Answers turns for one bot process.

    Args:
        get_service: The answer service now (the fact base behind it can be reloaded between turns).
        state: Rate limits, seen ids and shared contexts (`bot.state.build_state`).
        conversations: This process's conversation logic and contexts.
        offload: Answer on a worker thread (Discord), not on the event loop (Slack: answers take well under
            a millisecond).
    """

    def __init__(self, get_service: Callable[[], AnswerService], *, state: SharedState,
                 conversations: Conversations, offload: bool = False) -> None:
        self.get_service = get_service
        self.state = state
        self.conversations = conversations
        self.offload = offload

    async def handle(self, turn: Turn) -> Reply:
        """The reply to one turn. Never raises for any text."""
        admitted = await self.admit(turn)
        if admitted.kind in (ReplyKind.NOTICE, ReplyKind.SILENT):
            return admitted
        return Reply(kind=admitted.kind, answer=await self.answer(turn), notice=admitted.notice)

    async def admit(self, turn: Turn) -> Reply:
        """The first half of `handle`, for a platform that must act before the answer is ready (Discord defers
        a slow interaction, privately or not): ANSWER or PRIVATE (with the notice) to go on, else the refusal."""
        decision = await self.state.decide(turn.user, turn.channel, private_ok=turn.private_ok and bool(turn.user))
        if decision is not None and decision.verdict is Verdict.NOTIFY:
            return Reply(kind=ReplyKind.NOTICE, notice=decision.text)
        if decision is not None and decision.verdict is Verdict.DROP:
            return Reply(kind=ReplyKind.SILENT, notice=decision.text)
        if turn.limit_length and len(turn.text.strip()) > MAX_QUESTION_LENGTH:
            return Reply(kind=ReplyKind.NOTICE, notice=too_long_text(len(turn.text.strip())))
        if decision is not None and decision.verdict is Verdict.PRIVATE:
            return Reply(kind=ReplyKind.PRIVATE, notice=decision.text)
        return Reply(kind=ReplyKind.ANSWER)

    async def answer(self, turn: Turn) -> Answer:
        """The answer to a turn already admitted: in its conversation, if it has one."""
        service = self.get_service()
        with asked_by(turn.user):  # for the gap log's count of distinct askers (a salted hash, if turned on)
            if turn.conversation is None:
                return service.ask(turn.text)
            return await self.state.ask(self.conversations, service, turn.conversation, turn.text,
                                        offload=self.offload)
