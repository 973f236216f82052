"""Token buckets per user and per channel; one "slow down" per burst."""

from __future__ import annotations

import pytest

from bot.ratelimit import (
    CHANNEL_BUSY_TEXT,
    PRIVATE_ANSWER_TEXT,
    SLOW_DOWN_TEXT,
    Bucket,
    RateLimiter,
    RateLimitError,
    Verdict,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_normal_conversation_never_hits_the_defaults() -> None:
    clock = Clock()
    limiter = RateLimiter(clock=clock)
    for _ in range(8):  # a quick burst of follow-ups and suggestion clicks
        assert limiter.check("U1", "C1") is Verdict.ALLOW
    for _ in range(100):  # then a question every 10 seconds
        clock.now += 10
        assert limiter.check("U1", "C1") is Verdict.ALLOW


def test_one_slow_down_per_burst_then_allowed_again() -> None:
    clock = Clock()
    limiter = RateLimiter(user=Bucket(3, 5.0), channel=None, clock=clock)
    verdicts = [limiter.check("U1", "C1") for _ in range(10)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.NOTIFY] + [Verdict.DROP] * 6
    assert limiter.check("U2", "C1") is Verdict.ALLOW  # others are not affected
    clock.now += 5
    assert limiter.check("U1", "C1") is Verdict.ALLOW
    assert limiter.check("U1", "C1") is Verdict.NOTIFY  # a new burst gets one notice again


def test_channel_limit_and_refused_users_do_not_drain_it() -> None:
    clock = Clock()
    limiter = RateLimiter(user=Bucket(2, 60.0), channel=Bucket(5, 1.0), clock=clock)
    for _ in range(20):
        limiter.check("spammer", "C1")
    decisions = [limiter.decide(f"U{i}", "C1") for i in range(6)]
    assert [d.verdict for d in decisions] == [Verdict.ALLOW] * 3 + [Verdict.NOTIFY] * 3  # each refused user told
    assert decisions[-1].text == CHANNEL_BUSY_TEXT
    assert limiter.check("spammer", "C1") is Verdict.DROP  # told once in this burst already


def test_settings_from_the_environment() -> None:
    limiter = RateLimiter.from_env({"BOT_RATE_USER": "2/10s", "BOT_RATE_CHANNEL": "off"})
    assert [limiter.check("U", "C") for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.NOTIFY]
    assert Bucket.parse("X", "8/0.5") == Bucket(8, 0.5)
    for bad in ("fast", "0/5s", "8/0s", "8"):
        with pytest.raises(RateLimitError, match="X must look like 8/5s"):
            Bucket.parse("X", bad)


def test_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.ratelimit as ratelimit

    monkeypatch.setattr(ratelimit, "MAX_KEYS", 100)
    limiter = RateLimiter()
    for index in range(1000):
        limiter.check(f"U{index}", f"C{index}")
    assert limiter._users is not None and len(limiter._users.states) == 100


def test_a_busy_channel_tells_every_refused_user_once() -> None:
    """D10: 100 users, one question each, in one channel: 30 were answered, 1 told, 69 got nothing."""
    limiter = RateLimiter(clock=Clock())
    decisions = [limiter.decide(f"U{i}", "C1") for i in range(100)]
    assert [d.verdict for d in decisions].count(Verdict.ALLOW) == 30
    assert all(d.verdict is Verdict.NOTIFY and d.text == CHANNEL_BUSY_TEXT for d in decisions[30:])
    assert [limiter.decide(f"U{i}", None).verdict for i in range(100)] == [Verdict.ALLOW] * 100  # seen by them only


def test_a_user_over_their_own_limit_is_told_to_slow_down() -> None:
    limiter = RateLimiter(user=Bucket(1, 60.0), channel=Bucket(30, 1.0), clock=Clock())
    assert limiter.decide("U1", "C1").verdict is Verdict.ALLOW
    assert limiter.decide("U1", "C1").text == SLOW_DOWN_TEXT


def test_where_an_answer_can_be_private_a_busy_channel_refuses_no_one() -> None:
    limiter = RateLimiter(user=Bucket(1, 60.0), channel=Bucket(1, 60.0), clock=Clock())
    assert limiter.decide("U1", "C1", private_ok=True).verdict is Verdict.ALLOW
    private = limiter.decide("U2", "C1", private_ok=True)
    assert private.verdict is Verdict.PRIVATE and private.text == PRIVATE_ANSWER_TEXT
    assert limiter.decide("U2", "C1", private_ok=True).text == SLOW_DOWN_TEXT  # their own token was spent
    assert limiter.decide("U3", "C1").verdict is Verdict.NOTIFY  # no private answer possible: told
