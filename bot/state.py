"""State that several bot processes can share: conversation contexts, rate buckets, seen event ids.

Each kind of state sits behind a small interface with wall-clock expiry, so a value written on one host
expires on another at the same moment:

- `RemoteContexts`: the conversation context of a key (`load`, `save`; a context is kept for
  `BOT_CONTEXT_IDLE_SECONDS` after its last message, plus `EXPIRED_GRACE_SECONDS` so that a late follow-up
  is told the conversation was forgotten rather than answered as a new question).
- `Limits`: one rate-limit decision for a question (`decide`), the buckets updated atomically.
- `SeenIds`: whether an event id is new (`first_time`), remembered for `SEEN_TTL_SECONDS`.

The gap log is the fourth kind (`bot.gaplog`: SQLite, or PostgreSQL when `BOT_GAP_LOG` is a
`postgresql://` URL).

`build_state(env)` is the one place that picks the implementations: in memory by default (no server
needed, as before), Redis when `BOT_REDIS_URL` is set (`bot.redis_state`). Conversation logic stays in
`bot.conversation`, which is synchronous and keeps its contexts in its own `ContextStore`; `SharedState.ask`
loads the key's shared context into that store before a message and saves what the message left after it.
When Redis cannot be reached, every operation falls back to this process's own state (one warning, and
`health()` says so) and answering goes on.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from bot.answers import AnswerService
from bot.conversation import Conversation, Conversations, ConversationSettings
from bot.models import Answer, AnswerPart, Source
from bot.ratelimit import Decision, RateLimiter

__all__ = ["EXPIRED_GRACE_SECONDS", "SEEN_TTL_SECONDS", "Limits", "LocalLimits", "LocalSeenIds", "RemoteContexts",
           "SeenIds", "SharedState", "build_state", "decode_conversation", "encode_conversation", "key_text"]

SEEN_TTL_SECONDS = 3_600
"""How long an event id is remembered (Slack retries within minutes)."""
SEEN_LOCAL_LIMIT = 10_000
EXPIRED_GRACE_SECONDS = 3_600
"""A context is kept this long after it expired, so that a late follow-up is told it was forgotten."""


class Limits(Protocol):
    """A rate-limit decision per question (see `bot.ratelimit.RateLimiter.decide`)."""

    async def decide(self, user: str | None, channel: str | None, *, private_ok: bool = False) -> Decision: ...


class SeenIds(Protocol):
    """Event ids already handled (a Slack retry reaching any process is dropped)."""

    async def first_time(self, item: str) -> bool: ...


class RemoteContexts(Protocol):
    """Conversation contexts kept outside this process. `load` returns `UNKNOWN` when it cannot tell."""

    async def load(self, key: str) -> object: ...

    async def save(self, key: str, conversation: Conversation | None, ttl_seconds: float) -> None: ...


UNKNOWN = object()
"""`RemoteContexts.load` could not reach its store: keep what this process has."""


@dataclass(frozen=True, slots=True)
class LocalLimits:
    """The process's own `RateLimiter`, as `Limits`."""

    limiter: RateLimiter

    async def decide(self, user: str | None, channel: str | None, *, private_ok: bool = False) -> Decision:
        return self.limiter.decide(user, channel, private_ok=private_ok)


class LocalSeenIds:
    """A bounded set of ids with wall-clock expiry, oldest forgotten first."""

    def __init__(self, limit: int = SEEN_LOCAL_LIMIT, ttl: float = SEEN_TTL_SECONDS) -> None:
        self._ids: OrderedDict[str, float] = OrderedDict()
        self._limit = limit
        self._ttl = ttl

    async def first_time(self, item: str) -> bool:
        return self.add(item)

    def add(self, item: str) -> bool:
        """Remember an id; False when it was already there (and not expired)."""
        now = time.time()
        seen = self._ids.get(item)
        if seen is not None and now - seen < self._ttl:
            return False
        self._ids[item] = now
        self._ids.move_to_end(item)
        while len(self._ids) > self._limit:
            self._ids.popitem(last=False)
        return True


def key_text(key: Hashable) -> str:
    """A conversation key as text for a shared store: ("slack", "T1", "C1", "1.2") -> '["slack","T1","C1","1.2"]'."""
    parts = list(key) if isinstance(key, tuple) else [key]
    return json.dumps([str(p) for p in parts], separators=(",", ":"))


def encode_conversation(conversation: Conversation) -> str:
    """A context as JSON (values only: no code is ever loaded from a shared store)."""
    return json.dumps(asdict(conversation), separators=(",", ":"))


def decode_conversation(text: str | bytes) -> Conversation | None:
    """The context `encode_conversation` wrote, or None for anything else."""
    try:
        data: dict[str, Any] = json.loads(text)
        parts = tuple(AnswerPart(fact_id=p["fact_id"], title=p["title"], text=p["text"], as_of=p["as_of"],
                                 sources=tuple(Source(**s) for s in p["sources"])) for p in data.pop("parts"))
        sources = tuple(Source(**s) for s in data.pop("sources"))
        for name in ("facts", "years", "countries"):
            data[name] = tuple(data[name])
        return Conversation(parts=parts, sources=sources, **data)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


@dataclass(frozen=True, slots=True)
class SharedState:
    """What the adapters use: limits, seen ids and (optionally) shared contexts, plus their health."""

    limits: Limits | None
    seen: SeenIds = field(default_factory=LocalSeenIds)
    contexts: RemoteContexts | None = None
    backend: str = "memory"
    health_source: Any = None
    """An object with `health() -> dict` (the Redis link), or None."""

    async def ask(self, conversations: Conversations, service: AnswerService, key: Hashable,
                  question: str, *, offload: bool = False) -> Answer:
        """`conversations.ask` (on a worker thread with `offload`), with the key's context loaded from and saved
        to the shared store."""
        def answer_it() -> Answer:
            return conversations.ask(service, key, question)

        if self.contexts is None:
            return await asyncio.to_thread(answer_it) if offload else answer_it()
        text = key_text(key)
        loaded = await self.contexts.load(text)
        store = conversations.store
        if loaded is not UNKNOWN:
            store.replace(key, loaded if isinstance(loaded, Conversation) else None)
        before = store.peek(key)
        answer = await asyncio.to_thread(answer_it) if offload else answer_it()
        after = store.peek(key)
        if after is not before or loaded is UNKNOWN:
            ttl = store.settings.idle_seconds + EXPIRED_GRACE_SECONDS
            await self.contexts.save(text, after, ttl)
        return answer

    async def decide(self, user: object, channel: object, *, private_ok: bool = False) -> Decision | None:
        """The rate-limit decision, or None when there are no limits."""
        if self.limits is None:
            return None
        return await self.limits.decide(str(user) if user else None, str(channel) if channel else None,
                                        private_ok=private_ok)

    def health(self) -> dict[str, object]:
        """For /healthz and status: which backend holds the state, and whether it is reachable."""
        if self.health_source is None:
            return {"backend": self.backend}
        return {"backend": self.backend, **self.health_source.health()}

    async def start(self) -> None:
        """Reach the shared store once, so that an unreachable one is reported before the first question."""
        ping = getattr(self.health_source, "ping", None)
        if ping is not None:
            await ping()

    async def close(self) -> None:
        closer = getattr(self.health_source, "close", None)
        if closer is not None:
            await closer()


def build_state(env: Mapping[str, str] | None = None, *, limiter: RateLimiter | None) -> SharedState:
    """The state the environment asks for: Redis when `BOT_REDIS_URL` is set, else this process's memory.

    Raises:
        ValueError: `BOT_REDIS_URL` is not a redis:// URL (one line naming it).
    """
    env = os.environ if env is None else env
    url = env.get("BOT_REDIS_URL", "").strip()
    local_limits = LocalLimits(limiter) if limiter is not None else None
    if not url:
        return SharedState(limits=local_limits)
    from bot.redis_state import RedisLimits, RedisLink, RedisSeenIds, check_url, redis_contexts

    check_url(url)
    link = RedisLink(url, prefix=env.get("BOT_REDIS_PREFIX", "").strip() or "defence-qa-bot:")
    limits = RedisLimits(link, limiter) if limiter is not None else None
    ConversationSettings.from_env(env)  # a bad setting is reported before anything starts
    return SharedState(limits=limits, seen=RedisSeenIds(link, LocalSeenIds()), contexts=redis_contexts(link),
                       backend="redis", health_source=link)
