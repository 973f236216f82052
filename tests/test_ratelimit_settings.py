"""Exact values of the rate limit's settings (written after `make mutation` showed them loosely tested)."""

from __future__ import annotations

import pytest

from bot.ratelimit import Bucket, RateLimiter, RateLimitError


def buckets(limiter: RateLimiter) -> tuple[Bucket | None, Bucket | None]:
    return (limiter._users.bucket if limiter._users else None,
            limiter._channels.bucket if limiter._channels else None)


def test_defaults() -> None:
    assert (Bucket(8, 5.0), Bucket(30, 1.0)) == (RateLimiter.DEFAULT_USER, RateLimiter.DEFAULT_CHANNEL)
    assert buckets(RateLimiter.from_env({})) == (Bucket(8, 5.0), Bucket(30, 1.0))
    assert buckets(RateLimiter.from_env({"BOT_RATE_USER": "  ", "BOT_RATE_CHANNEL": ""})) == (Bucket(8, 5.0),
                                                                                              Bucket(30, 1.0))


def test_each_variable_sets_its_own_bucket(monkeypatch: pytest.MonkeyPatch) -> None:
    assert buckets(RateLimiter.from_env({"BOT_RATE_USER": " 3/2s "})) == (Bucket(3, 2.0), Bucket(30, 1.0))
    assert buckets(RateLimiter.from_env({"BOT_RATE_CHANNEL": "12/0.5s"})) == (Bucket(8, 5.0), Bucket(12, 0.5))
    assert buckets(RateLimiter.from_env({"BOT_RATE_USER": "off", "BOT_RATE_CHANNEL": "NONE"})) == (None, None)
    monkeypatch.setenv("BOT_RATE_USER", "4/4s")
    monkeypatch.setenv("BOT_RATE_CHANNEL", "0")
    assert buckets(RateLimiter.from_env()) == (Bucket(4, 4.0), None)


@pytest.mark.parametrize(("text", "bucket"), [
    ("8/5s", Bucket(8, 5.0)), ("8/5", Bucket(8, 5.0)), (" 8 / 5.5 s ", Bucket(8, 5.5)), ("1/0.1s", Bucket(1, 0.1)),
    ("off", None), ("Off", None), ("0", None), ("none", None),
])
def test_bucket_parse_values(text: str, bucket: Bucket | None) -> None:
    assert Bucket.parse("X", text) == bucket


@pytest.mark.parametrize("bad", ["fast", "0/5s", "8/0s", "8/0.0s", "8", "/5s", "8/5m", "-1/5s"])
def test_bucket_parse_refuses_with_the_variable_named(bad: str) -> None:
    with pytest.raises(RateLimitError) as raised:
        Bucket.parse("BOT_RATE_USER", bad)
    assert str(raised.value) == ("BOT_RATE_USER must look like 8/5s (a burst of 8, then one every 5 seconds) or off, "
                                 f"not {bad!r}")


def test_a_bad_variable_is_named_in_the_error() -> None:
    with pytest.raises(RateLimitError, match=r"^BOT_RATE_CHANNEL must look like"):
        RateLimiter.from_env({"BOT_RATE_CHANNEL": "lots"})
    with pytest.raises(RateLimitError, match=r"^BOT_RATE_USER must look like"):
        RateLimiter.from_env({"BOT_RATE_USER": "lots"})
