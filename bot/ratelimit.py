"""Abuse limits: per-user and per-channel token buckets, with one "slow down" reply per burst.

A question costs one token from its user's bucket and one from its channel's; it goes through
only when both have one (so a user who is being refused does not drain the channel). A refused
question gets `Verdict.NOTIFY` the first time in that user's burst (the adapter sends the decision's
text: `SLOW_DOWN_TEXT`, or `CHANNEL_BUSY_TEXT` when it is the channel that is over its limit) and
`Verdict.DROP` after that, until that user is allowed through again. Whether to tell is decided per
user, not per channel: when a busy channel refuses 70 people, each of them is told once (it used to
tell the first and drop the other 69 silently).

The channel bucket is for what the channel sees: adapters pass no channel for an answer only the asker
sees (a Slack slash command or button answered ephemerally), so a busy channel never refuses those. And
where an adapter can answer privately instead (`private_ok`: a Slack mention, a Discord slash command),
a question the channel has no room for but its asker does gets `Verdict.PRIVATE`: answered, seen only by
the asker, costing only their token. So one busy channel starves none of its users.

The defaults are far above a conversation: a burst of 8 questions from one person, then one
every 5 seconds; 30 in one channel, then one a second. Set them in the environment:
`BOT_RATE_USER=8/5s`, `BOT_RATE_CHANNEL=30/1s` (burst / seconds per question), or `off`.
"""

from __future__ import annotations

import enum
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["CHANNEL_BUSY_TEXT", "PRIVATE_ANSWER_TEXT", "SLOW_DOWN_TEXT", "Bucket", "Decision", "RateLimitError",
           "RateLimiter", "Verdict"]

SLOW_DOWN_TEXT = ("You're asking faster than I can answer well. Please wait a few seconds, "
                  "then ask again, one question at a time.")
PRIVATE_ANSWER_TEXT = ("Only you can see this answer: lots of people are asking me questions in this channel "
                       "right now.")
CHANNEL_BUSY_TEXT = ("Lots of people are asking me questions in this channel right now. Please wait a few "
                     "seconds and ask again, or use a slash command or a direct message, which only you see.")
MAX_KEYS = 50_000
"""Buckets kept per kind (users, channels); the least recently used are forgotten first."""

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*s?\s*$")


class Verdict(enum.Enum):
    ALLOW = "allow"
    NOTIFY = "notify"
    """Refused, and the first refusal of this burst: tell the user to slow down."""
    DROP = "drop"
    """Refused again in the same burst: say nothing."""
    PRIVATE = "private"
    """The channel is over its limit, the user is not: answer so that only the asker sees it."""


@dataclass(frozen=True, slots=True)
class Decision:
    """A verdict and, for a refusal, the notice (`SLOW_DOWN_TEXT` or `CHANNEL_BUSY_TEXT`): to send on NOTIFY,
    and on DROP where the platform needs an answer anyway (a Discord interaction)."""

    verdict: Verdict
    text: str = ""


class RateLimitError(ValueError):
    """A malformed BOT_RATE_* setting, as one line."""


@dataclass(frozen=True, slots=True)
class Bucket:
    """`burst` questions at once, then one every `seconds`."""

    burst: int
    seconds: float

    @classmethod
    def parse(cls, name: str, value: str) -> Bucket | None:
        """`8/5s` -> Bucket(8, 5.0); `off` -> None."""
        if value.strip().lower() in {"off", "0", "none"}:
            return None
        match = _SPEC.match(value)
        if not match or int(match.group(1)) < 1 or float(match.group(2)) <= 0:
            raise RateLimitError(f"{name} must look like 8/5s (a burst of 8, then one every 5 seconds) or off, "
                                 f"not {value!r}")
        return cls(int(match.group(1)), float(match.group(2)))


@dataclass(slots=True)
class _State:
    tokens: float
    updated: float


class _Buckets:
    def __init__(self, bucket: Bucket) -> None:
        self.bucket = bucket
        self.states: OrderedDict[str, _State] = OrderedDict()

    def state(self, key: str, now: float) -> _State:
        state = self.states.get(key)
        if state is None:
            state = self.states[key] = _State(tokens=float(self.bucket.burst), updated=now)
            if len(self.states) > MAX_KEYS:
                self.states.popitem(last=False)
        else:
            self.states.move_to_end(key)
            refill = (now - state.updated) / self.bucket.seconds
            state.tokens = min(float(self.bucket.burst), state.tokens + refill)
            state.updated = now
        return state


class RateLimiter:
    """Decides, per question, whether to answer. Thread-safe; no I/O.

    Args:
        user: The per-user bucket, or None for no per-user limit.
        channel: The per-channel bucket, or None for no per-channel limit.
        clock: Seconds, monotonic (for tests).
    """

    DEFAULT_USER = Bucket(8, 5.0)
    DEFAULT_CHANNEL = Bucket(30, 1.0)

    def __init__(self, *, user: Bucket | None = DEFAULT_USER, channel: Bucket | None = DEFAULT_CHANNEL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._users = _Buckets(user) if user else None
        self._channels = _Buckets(channel) if channel else None
        self._clock = clock
        self._lock = threading.Lock()
        self._told: OrderedDict[tuple[str | None, str | None], None] = OrderedDict()
        """Askers (user, channel) refused and told in their current burst; forgotten once allowed again."""

    @property
    def user_bucket(self) -> Bucket | None:
        return self._users.bucket if self._users is not None else None

    @property
    def channel_bucket(self) -> Bucket | None:
        return self._channels.bucket if self._channels is not None else None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> RateLimiter:
        """`BOT_RATE_USER` and `BOT_RATE_CHANNEL` (`8/5s` or `off`); unset means the defaults."""
        env = os.environ if env is None else env
        user = env.get("BOT_RATE_USER", "").strip()
        channel = env.get("BOT_RATE_CHANNEL", "").strip()
        return cls(user=Bucket.parse("BOT_RATE_USER", user) if user else cls.DEFAULT_USER,
                   channel=Bucket.parse("BOT_RATE_CHANNEL", channel) if channel else cls.DEFAULT_CHANNEL)

    def check(self, user: str | None, channel: str | None) -> Verdict:
        """Take a token from the user's and the channel's bucket if both have one (see `decide`)."""
        return self.decide(user, channel).verdict

    def decide(self, user: str | None, channel: str | None, *, private_ok: bool = False) -> Decision:
        """Take a token from the user's and the channel's bucket if both have one.

        Args:
            user: The asker's platform id (None: not limited per user).
            channel: Where the answer will be seen (None: not limited per channel, e.g. an answer only the
                asker sees; a DM is its own channel).
            private_ok: The adapter can answer so that only the asker sees it.

        Returns:
            ALLOW; PRIVATE (with `private_ok`) when only the channel is over its limit; else NOTIFY, with the
            notice, the first time this user is refused in a burst, or DROP.
        """
        with self._lock:
            now = self._clock()
            user_state = self._users.state(user, now) if self._users is not None and user else None
            channel_state = self._channels.state(channel, now) if self._channels is not None and channel else None
            states = [s for s in (user_state, channel_state) if s is not None]
            asker = (user, channel) if user else (None, channel)
            if all(s.tokens >= 1.0 for s in states):
                for state in states:
                    state.tokens -= 1.0
                self._told.pop(asker, None)
                return Decision(Verdict.ALLOW)
            busy_channel = user_state is None or user_state.tokens >= 1.0
            if busy_channel and private_ok and user_state is not None:
                user_state.tokens -= 1.0
                self._told.pop(asker, None)
                return Decision(Verdict.PRIVATE, PRIVATE_ANSWER_TEXT)
            text = CHANNEL_BUSY_TEXT if busy_channel else SLOW_DOWN_TEXT
            if asker in self._told:
                self._told.move_to_end(asker)
                return Decision(Verdict.DROP, text)
            self._told[asker] = None
            if len(self._told) > MAX_KEYS:
                self._told.popitem(last=False)
            return Decision(Verdict.NOTIFY, text)
