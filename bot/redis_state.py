"""The shared state of `bot.state` in Redis (redis-py, asyncio), for several bot processes behaving as one.

- Contexts: one string per conversation key, `SET key json EX ttl` (the idle time plus a grace period).
- Rate buckets: one Lua script takes the user's and the channel's tokens, or neither, atomically, on the
  Redis server's clock (`TIME`), so every process and host sees the same buckets; it also keeps the
  "already told to slow down" mark, so each refused user is told once per burst across all processes.
- Seen event ids: `SET id 1 NX EX 3600`: only the first process to see a delivery answers it.

Every call goes through one `RedisLink`: when Redis cannot be reached (or answers an error), the call falls
back to this process's own state, one warning is logged (and one line when Redis is back), `/healthz` shows
`"reachable": false`, and Redis is tried again after `RETRY_SECONDS`. Answering never stops.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from bot.conversation import Conversation
from bot.ratelimit import CHANNEL_BUSY_TEXT, PRIVATE_ANSWER_TEXT, SLOW_DOWN_TEXT, Decision, RateLimiter, Verdict
from bot.state import UNKNOWN, LocalSeenIds, decode_conversation, encode_conversation

__all__ = ["RETRY_SECONDS", "RedisContexts", "RedisLimits", "RedisLink", "RedisSeenIds", "check_url",
           "redis_contexts", "safe_url"]

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 0.5
"""How long one Redis call may take before this process uses its own state instead."""
RETRY_SECONDS = 5.0
"""After a failure, Redis is not asked again for this long (answers do not each wait for a timeout)."""

T = TypeVar("T")


def check_url(url: str) -> None:
    """Raises ValueError unless `url` is a redis://, rediss:// or unix:// URL."""
    if urlsplit(url).scheme not in {"redis", "rediss", "unix"}:
        raise ValueError("BOT_REDIS_URL must be a redis:// (or rediss://, unix://) URL, such as "
                         "redis://localhost:6379/0")


def safe_url(url: str) -> str:
    """The URL without its password, for logs and /healthz."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


class RedisLink:
    """One Redis client, and whether Redis is reachable now."""

    def __init__(self, url: str, *, prefix: str = "defence-qa-bot:", clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.url = safe_url(url)
        self.prefix = prefix
        self.client: aioredis.Redis = aioredis.from_url(
            url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS, retry_on_timeout=False)
        self._clock = clock
        self.failing = False
        self.last_error: str | None = None
        self._retry_at = 0.0

    def key(self, kind: str, name: str) -> str:
        return f"{self.prefix}{kind}:{name}"

    async def call(self, operation: Callable[[aioredis.Redis], Awaitable[T]], fallback: Callable[[], T]) -> T:
        """`operation` on Redis, or `fallback()` while Redis cannot be reached."""
        if self.failing and self._clock() < self._retry_at:
            return fallback()
        try:
            result = await operation(self.client)
        except (RedisError, OSError, TimeoutError) as exc:
            self._retry_at = self._clock() + RETRY_SECONDS
            self.last_error = f"{type(exc).__name__}: {exc}"[:200]
            if not self.failing:
                self.failing = True
                log.warning("Redis at %s cannot be reached (%s): this process keeps its own conversation "
                            "contexts, rate limits and seen event ids until it can", self.url, self.last_error)
            return fallback()
        if self.failing:
            self.failing = False
            log.warning("Redis at %s is reachable again: state is shared again", self.url)
        return result

    async def ping(self) -> bool:
        """Ask Redis once (at start-up, so an unreachable Redis is reported before the first question)."""
        return await self.call(lambda r: _ping(r), lambda: False)

    def health(self) -> dict[str, object]:
        return {"url": self.url, "reachable": not self.failing,
                **({"last_error": self.last_error} if self.failing else {})}

    async def close(self) -> None:
        with contextlib.suppress(RedisError, OSError):
            await self.client.aclose()


async def _ping(client: aioredis.Redis) -> bool:
    return bool(await client.ping())  # type: ignore[misc]


class RedisContexts:
    """Conversation contexts as JSON strings with a TTL."""

    def __init__(self, link: RedisLink) -> None:
        self.link = link

    async def load(self, key: str) -> object:
        async def get(client: aioredis.Redis) -> Conversation | None:
            raw = await client.get(self.link.key("ctx", key))
            return decode_conversation(raw) if raw is not None else None

        return await self.link.call(get, lambda: UNKNOWN)

    async def save(self, key: str, conversation: Conversation | None, ttl_seconds: float) -> None:
        name = self.link.key("ctx", key)

        async def put(client: aioredis.Redis) -> None:
            if conversation is None:
                await client.delete(name)
            else:
                await client.set(name, encode_conversation(conversation), ex=max(1, int(ttl_seconds)))

        await self.link.call(put, lambda: None)


def redis_contexts(link: RedisLink) -> RedisContexts:
    return RedisContexts(link)


class RedisSeenIds:
    """Event ids with `SET NX EX`; this process's own set while Redis cannot be reached."""

    def __init__(self, link: RedisLink, fallback: LocalSeenIds, ttl: int = 3_600) -> None:
        self.link = link
        self.fallback = fallback
        self.ttl = ttl

    async def first_time(self, item: str) -> bool:
        async def claim(client: aioredis.Redis) -> bool:
            return bool(await client.set(self.link.key("seen", item), "1", nx=True, ex=self.ttl))

        return await self.link.call(claim, lambda: self.fallback.add(item))


_DECIDE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local has_user = ARGV[1] == '1'
local has_channel = ARGV[2] == '1'
local private_ok = ARGV[3] == '1'
local function level(key, burst, seconds)
  local v = redis.call('HMGET', key, 'tokens', 'updated')
  local tokens = tonumber(v[1])
  if tokens == nil then return burst end
  return math.min(burst, tokens + (now - tonumber(v[2])) / seconds)
end
local function keep(key, tokens, burst, seconds)
  redis.call('HSET', key, 'tokens', tostring(tokens), 'updated', tostring(now))
  redis.call('PEXPIRE', key, math.ceil(burst * seconds * 1000) + 1000)
end
local ub, us, cb, cs = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local ut, ct
if has_user then ut = level(KEYS[1], ub, us) end
if has_channel then ct = level(KEYS[2], cb, cs) end
if (not has_user or ut >= 1) and (not has_channel or ct >= 1) then
  if has_user then keep(KEYS[1], ut - 1, ub, us) end
  if has_channel then keep(KEYS[2], ct - 1, cb, cs) end
  redis.call('DEL', KEYS[3])
  return 'allow'
end
local busy_channel = (not has_user) or ut >= 1
if has_user then keep(KEYS[1], ut, ub, us) end
if has_channel then keep(KEYS[2], ct, cb, cs) end
if busy_channel and private_ok and has_user then
  keep(KEYS[1], ut - 1, ub, us)
  redis.call('DEL', KEYS[3])
  return 'private'
end
local kind = busy_channel and 'channel' or 'user'
if redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[8]) then
  return 'notify:' .. kind
end
return 'drop:' .. kind
"""


class RedisLimits:
    """The rate limits of `limiter` (its buckets), kept in Redis; `limiter` itself while Redis is down."""

    def __init__(self, link: RedisLink, limiter: RateLimiter) -> None:
        self.link = link
        self.limiter = limiter
        self._script: Any = link.client.register_script(_DECIDE)

    async def decide(self, user: str | None, channel: str | None, *, private_ok: bool = False) -> Decision:
        user_bucket = self.limiter.user_bucket if user else None
        channel_bucket = self.limiter.channel_bucket if channel else None
        if user_bucket is None and channel_bucket is None:
            return Decision(Verdict.ALLOW)
        told_for = max(60, int((user_bucket or channel_bucket or RateLimiter.DEFAULT_USER).seconds * 4))
        keys = [self.link.key("rate:user", user or "-"), self.link.key("rate:channel", channel or "-"),
                self.link.key("rate:told", f"{user or '-'}|{channel or '-'}")]
        args = ["1" if user_bucket else "0", "1" if channel_bucket else "0", "1" if private_ok else "0",
                user_bucket.burst if user_bucket else 1, user_bucket.seconds if user_bucket else 1,
                channel_bucket.burst if channel_bucket else 1, channel_bucket.seconds if channel_bucket else 1,
                told_for]

        async def run(_: aioredis.Redis) -> Decision:
            raw = await self._script(keys=keys, args=args)
            return _decision(raw.decode() if isinstance(raw, bytes) else str(raw))

        return await self.link.call(run, lambda: self.limiter.decide(user, channel, private_ok=private_ok))


def _decision(raw: str) -> Decision:
    if raw == "allow":
        return Decision(Verdict.ALLOW)
    if raw == "private":
        return Decision(Verdict.PRIVATE, PRIVATE_ANSWER_TEXT)
    verdict, _, kind = raw.partition(":")
    text = CHANNEL_BUSY_TEXT if kind == "channel" else SLOW_DOWN_TEXT
    return Decision(Verdict.NOTIFY if verdict == "notify" else Verdict.DROP, text)
