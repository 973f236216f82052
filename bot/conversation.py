"""Conversations: a short follow-up is answered against the previous answer in the same place.

People ask "how big is the defence budget?", then "and in dollars?", "what about
FY2024?", "how much more is that than last year?", "and Vietnam?", "why?",
"source?". Each place a conversation happens (a Slack thread or DM, a Discord
channel and user or thread, a terminal session) has a key; `Conversations` keeps
one `Conversation` per key: what the last answer was about (its question, facts,
topic, series, years, countries and sources).

A message is a follow-up when it only makes sense after the previous answer: it
starts with "and", "what about", "how about" ... and names no topic, or it does not
match a fact on its own. It is rewritten into a self-contained question (the same
series for another year, the same question for another country, the topic's
"why" fact, the same figures in another currency, a comparison with another year)
and asked through the stateless `AnswerService.ask`; the answer records which
earlier question it was resolved against (`Answer.follow_up_of`, shown by
`--explain`). A message that is answered well on its own starts a new context. "Why?"
is a digression: the context keeps its subject, years and countries (so "and in
dollars?" after it is still about the budget), and takes only the reason's sources.
"Source?" is answered from the context itself: an answer (`answered`, outcome "answer")
whose facts, sources and "as of" are those of the answer it cites, kept as values so a
reload that drops a source cannot break it.

Pronouns keep the previous answer's country and year: after "is Indonesia an OSA
recipient?", "when did they get patrol boats?" is asked as "... (Indonesia)"; after
"FY2024 defence budget", "was that budget passed?" keeps FY2024. That reading is kept
only when it answers about the same country or year (and not worse than the message
alone about another topic); "is there ...", "is it true that ...", a message naming its
own country or year, and "why do they ..." (Japan's reasons) are not read that way.

A message that stands on its own is answered as typed, never rewritten: one naming a
country is a follow-up only when it says nothing else ("and Vietnam?", "did Laos get
any too?"), so "what is the capital of France?" is declined as asked. Observers (the
question log, the gap log) are told the words typed; `Answer.asked` holds the rewrite.

Contexts live in memory, in a bounded LRU (`max_contexts`), and expire after
`idle_seconds` without a message (default 10 minutes), by the wall clock, so that a context another process
wrote (`bot.state`, Redis) expires at the same moment everywhere. The clock is injectable for
tests. Settings come from `BOT_CONTEXT_IDLE_SECONDS` and `BOT_CONTEXT_MAX`.
"""

from __future__ import annotations

import math
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from bot.answers import SCREEN_LENGTH, AnswerService
from bot.derived import intent_of
from bot.entities import COUNTRY_PREFIX, OTHER_PREFIX
from bot.models import Answer, AnswerPart, Fact, FactBase, Source
from bot.normalize import STOP_WORDS, normalize

DEFAULT_IDLE_SECONDS = 600.0
"""A context is forgotten after this long without a message (10 minutes)."""
DEFAULT_MAX_CONTEXTS = 10_000
"""At most this many contexts are kept; the least recently used is forgotten first."""

FollowUpKind = Literal["reset", "why", "source", "currency", "compare", "year", "country", "that", "entity"]

_OPENERS = frozenset({"and", "or", "also", "then", "but", "so", "ok", "okay", "now", "plus"})
_OPENER_PAIRS = frozenset({("what", "about"), ("how", "about"), ("what", "of"), ("same", "for"), ("now", "for"),
                           ("and", "what"), ("and", "how"), ("what", "if")})
_INTERJECTIONS = frozenset({"hmm", "hm", "um", "uh", "well", "right", "great", "cool", "nice", "interesting", "ok",
                            "okay", "oh", "ah", "thanks", "thank", "got", "it", "i", "see", "sure", "alright"})
_FILLER = frozenset({"and", "or", "also", "then", "but", "so", "that", "this", "it", "exactly", "about", "what", "how",
                     "same", "for", "now", "one", "please", "again", "plus"}) | _INTERJECTIONS
_RESET_PHRASES = frozenset({"reset", "start over", "start again", "new topic", "new question", "forget it",
                            "forget that", "clear context", "never mind", "nevermind", "change of topic"})
_SOURCE_WORDS = frozenset({"source", "sources", "src", "reference", "references", "citation", "citations", "link",
                           "links", "cite", "cited", "proof", "evidence"})
_SOURCE_PHRASES = ("where is that from", "where's that from", "where did you get that", "where does that come from",
                   "where did that come from", "says who", "who says", "where is this from", "how do you know")
_WHY_EXTRA = frozenset({"increase", "size", "much", "how_much", "high", "big", "spending", "give", "need", "reason"})
_CURRENCY_WORDS = frozenset({"dollar", "yen"})
_CURRENCY_EXTRA = frozenset({"usd", "jpy", "currency", "convert", "converted", "terms", "how_much", "size", "us",
                             "express", "expressed", "money"})
_ANAPHORA = frozenset({"that", "it", "this", "those", "these", "they", "them", "their", "there", "its"})
_REFERRING = frozenset({"they", "them", "their", "theirs", "there", "it", "its", "that", "this", "those", "these"})
"""Words that point back at the previous answer's country or year: "when did they get patrol boats?"."""
_EXISTENTIAL = frozenset({"is", "are", "was", "were", "s", "any"})
"""Before "there", these make it existential ("is there a budget for drones?"), not a place."""
_REPORTING = frozenset({"true", "say", "says", "said", "heard", "think", "mean", "so"})
"""Before "that", these make it a conjunction ("is it true that ..."), not a pointer."""
_POSSESSIVE = re.compile(r"\b(?:their|its)\b", re.IGNORECASE)
_DUMMY_IT = frozenset({"true", "correct", "right", "possible", "likely", "fair", "false"})
"""After "it", these make it a dummy subject ("is it true ..."), not the previous answer."""
_YEAR_WORDS = frozenset({"year", "years", "fy", "fiscal", "last", "previous", "next", "before", "after", "prior",
                         "earlier", "later", "following", "preceding"})
_ELLIPSIS_WORDS = frozenset({"get", "got", "receive", "received", "recipient", "any", "too", "either", "instead",
                             "as", "well", "then", "same", "question", "case"}) | _YEAR_WORDS
"""Words a message naming a country may have and still be a follow-up: "did Laos get any too?"."""
_COUNTRY_TERMS = (COUNTRY_PREFIX, OTHER_PREFIX)
_YEAR_BEFORE = (" year before ", " previous year ", " prior year ", " year earlier ", " preceding year ")
_YEAR_AFTER = (" year after ", " following year ", " year later ")
_CURRENCY_PHRASE = re.compile(r"\s*\b(?:in\s+)?(?:us\s*)?(?:dollars?|usd|yen|jpy)\b", re.IGNORECASE)
_YEAR_PHRASE = re.compile(r"\s*\b(?:in\s+|for\s+)?(?:fy\s*|fiscal(?:\s+year)?\s*)?'?(?:19|20)\d\d(?:-\d\d)?\b",
                          re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Conversation:
    """What the last answer in one place was about: enough to resolve the next message against it."""

    question: str
    """The self-contained question last answered (after any rewriting)."""
    facts: tuple[str, ...]
    topic: str | None
    series: str | None
    subject: str
    """How to name what the answer was about in a rewritten question: "defence budget", "Fiji"."""
    years: tuple[int, ...]
    countries: tuple[str, ...]
    currency: str | None
    parts: tuple[AnswerPart, ...]
    """The last answer's parts and sources, as given (a reload that drops a source does not change them)."""
    sources: tuple[Source, ...]
    as_of: str | None
    derived: str | None
    updated: float
    """The clock's reading when this context was last used."""

    @classmethod
    def after(cls, answer: Answer, fact_base: FactBase, *, question: str, now: float) -> Conversation:
        """The context an answered question leaves behind."""
        facts = [fact_base.fact(f) for f in answer.facts if fact_base.has_fact(f)]
        countries = tuple(f.removeprefix("country:") for f in answer.facts if f.startswith("country:"))
        series = next((f.series for f in facts if f.series), None)
        years = tuple(sorted({f.fiscal_year for f in facts if f.series == series and f.fiscal_year is not None}))
        if series is not None:
            subject = next(f for f in facts if f.series == series).series_subject
        elif countries:
            subject = fact_base.country(countries[0]).name
        else:
            subject = facts[0].title if facts else question
        words = set(normalize(question).words)
        currency = "USD" if words & {"dollar", "usd"} else None
        return cls(question=question, facts=answer.facts, topic=answer.topic, series=series, subject=subject,
                   years=years, countries=countries, currency=currency, parts=answer.parts, sources=answer.sources,
                   as_of=answer.as_of, derived=answer.derived, updated=now)


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUp:
    """How a message follows on from a context: its kind and, for most kinds, the question it stands for."""

    kind: FollowUpKind
    question: str | None = None
    alternatives: tuple[str, ...] = ()
    """Further readings to try, in order, when `question` does not answer about the same country or year."""
    firm: bool = False
    """The reading is certain ("their budget" after a country is that country's budget): no need to try the
    message alone."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConversationSettings:
    """How long and how many contexts are kept."""

    idle_seconds: float = DEFAULT_IDLE_SECONDS
    max_contexts: int = DEFAULT_MAX_CONTEXTS

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ConversationSettings:
        """`BOT_CONTEXT_IDLE_SECONDS` and `BOT_CONTEXT_MAX` from `env` (default: os.environ).

        Raises:
            ValueError: A value is not a positive number; the message names the variable.
        """
        env = os.environ if env is None else env
        idle = _positive(env, "BOT_CONTEXT_IDLE_SECONDS", DEFAULT_IDLE_SECONDS, float)
        limit = _positive(env, "BOT_CONTEXT_MAX", DEFAULT_MAX_CONTEXTS, int)
        return cls(idle_seconds=idle, max_contexts=int(limit))


class ContextStore:
    """Conversations by key: a bounded LRU whose entries expire after a time without use. Thread-safe."""

    def __init__(self, settings: ConversationSettings | None = None, *,
                 clock: Callable[[], float] = time.time) -> None:
        self.settings = settings or ConversationSettings()
        self.clock = clock
        self._items: OrderedDict[Hashable, Conversation] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[Conversation | None, bool]:
        """The live context for `key`, and whether one had expired (and was dropped) instead."""
        now = self.clock()
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None, False
            if now - found.updated > self.settings.idle_seconds:
                del self._items[key]
                return None, True
            self._items.move_to_end(key)
            return found, False

    def put(self, key: Hashable, conversation: Conversation) -> None:
        with self._lock:
            self._items[key] = conversation
            self._items.move_to_end(key)
            now = self.clock()
            while self._items:  # expired contexts sit at the least recently used end
                oldest = next(iter(self._items.values()))
                if now - oldest.updated <= self.settings.idle_seconds:
                    break
                self._items.popitem(last=False)
            while len(self._items) > self.settings.max_contexts:
                self._items.popitem(last=False)

    def touch(self, key: Hashable) -> None:
        """Mark a context as used now, without changing it."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items[key] = replace(found, updated=self.clock())
                self._items.move_to_end(key)

    def clear(self, key: Hashable) -> None:
        with self._lock:
            self._items.pop(key, None)

    def peek(self, key: Hashable) -> Conversation | None:
        """The context held for `key`, live or expired, without using it (to copy it to a shared store)."""
        with self._lock:
            return self._items.get(key)

    def replace(self, key: Hashable, conversation: Conversation | None) -> None:
        """Hold `conversation` for `key` as it is (None: none), as loaded from a shared store."""
        if conversation is None:
            self.clear(key)
            return
        with self._lock:
            self._items[key] = conversation
            self._items.move_to_end(key)
            while len(self._items) > self.settings.max_contexts:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


class Conversations:
    """Answers messages in their conversation: follow-ups are resolved against the context of their key.

    Share one instance per adapter; pass the service to each call, so a reloaded fact base is used
    at once while the contexts carry on.
    """

    def __init__(self, settings: ConversationSettings | None = None, *,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = ContextStore(settings, clock=clock)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Conversations:
        return cls(ConversationSettings.from_env(env))

    @property
    def idle_minutes(self) -> str:
        minutes = self.store.settings.idle_seconds / 60
        return f"{minutes:g} minute{'s' if minutes != 1 else ''}"

    def ask(self, service: AnswerService, key: Hashable, question: str, *, explain: bool = False) -> Answer:
        """Answer `question` as the next message in the conversation `key`. Never raises for any string."""
        if len(question) > SCREEN_LENGTH:  # refused as too long before anything reads it (issue 11, D11)
            return service.ask(question, explain=explain)
        context, expired = self.store.get(key)
        if context is None:
            answer = service.ask(question, explain=explain)
            if expired and not answer.answered and _looks_like_follow_up(service, question):
                answer = replace(answer, body=(
                    f"I no longer have our earlier conversation (I keep it for {self.idle_minutes} without a "
                    f"message), so I can't tell what this follows on from. Please ask the whole question. "
                    + answer.body))
            self._remember(service, key, answer, question, None)
            return answer
        started = time.perf_counter()
        follow_up = resolve(service, question, context)
        reply = self._from_context(service, key, question, follow_up, context)
        if reply is not None:  # reported like any other answer: one record per message
            service.notify(reply, time.perf_counter() - started)
            return reply
        if follow_up is None or (follow_up.kind not in ("why", "currency") and not follow_up.firm):
            alone = service.answer(question, explain=explain)  # a reading to try: reported only if chosen
            if follow_up is not None and follow_up.kind == "entity":
                assert follow_up.question is not None
                for reading in (follow_up.question, *follow_up.alternatives):
                    kept = service.answer(reading, explain=explain)
                    # a pronoun's reading wins only if it answers about the same country or year, and the message
                    # alone is not a better answer about another topic ("how does that compare with OSA?")
                    if _about_the_same(kept, context, service.fact_base) and (
                            not alone.answered or alone.topic == kept.topic or kept.confidence >= alone.confidence):
                        return self._follow_up(service, key, question, replace(follow_up, question=reading),
                                               context, kept, started)
                follow_up = None
            if follow_up is None or (alone.answered and not (_opens_follow_up(question)
                                                             and not _names_topic(service, question))):
                service.notify(alone, time.perf_counter() - started)
                self._remember(service, key, alone, question, context)
                return alone
        assert follow_up is not None and follow_up.question is not None
        answer = service.answer(follow_up.question, explain=explain)
        return self._follow_up(service, key, question, follow_up, context, answer, started)

    def _from_context(self, service: AnswerService, key: Hashable, question: str, follow_up: FollowUp | None,
                      context: Conversation) -> Answer | None:
        """The reply to "start over", "source?" or a "why?" with no reason to give; None for other messages."""
        if follow_up is None:
            return None
        if follow_up.kind == "reset":
            self.store.clear(key)
            return Answer(question=question, outcome="decline", confidence=1.0,
                          body="OK, starting afresh: ask me anything about the defence budget, OSA or export rules.")
        if follow_up.kind == "source":
            self.store.touch(key)
            return _sources_answer(question, context)
        if follow_up.kind == "why" and follow_up.question is None:
            self.store.touch(key)
            return Answer(question=question, outcome="decline", confidence=1.0, follow_up_of=context.question,
                          body=f"My sources give no reasons for that beyond the last answer ({context.subject}).",
                          suggestions=tuple(f.title for f in service.fact_base.facts
                                            if f.title.lower().startswith("why ")))
        return None

    def _follow_up(self, service: AnswerService, key: Hashable, question: str, follow_up: FollowUp,
                   context: Conversation, answer: Answer, started: float) -> Answer:
        """Give the answer to a follow-up's rewrite as the answer to the words typed, report it and remember it."""
        assert follow_up.question is not None
        # reported as typed: the logs and the gap log see the user's words, `asked` says how it was read
        answer = replace(answer, question=question, follow_up_of=context.question, asked=follow_up.question)
        service.notify(answer, time.perf_counter() - started)
        self._remember(service, key, answer, follow_up.question, context, keep_subject=follow_up.kind == "why")
        return answer

    def _remember(self, service: AnswerService, key: Hashable, answer: Answer, question: str,
                  context: Conversation | None, *, keep_subject: bool = False) -> None:
        if answer.answered and keep_subject and context is not None:
            # "why?" is a digression: "and in dollars?" or "what about FY2024?" after it still mean the budget
            # (or country) the conversation is about; only "source?" refers to the reason just given
            self.store.put(key, replace(context, facts=answer.facts, parts=answer.parts, sources=answer.sources,
                                        as_of=answer.as_of, updated=self.store.clock()))
        elif answer.answered:
            self.store.put(key, Conversation.after(answer, service.fact_base, question=question,
                                                   now=self.store.clock()))
        elif context is not None:
            self.store.touch(key)


# --- resolving a follow-up ----------------------------------------------------------


def resolve(service: AnswerService, message: str, context: Conversation) -> FollowUp | None:
    """How `message` follows on from `context`, or None when it does not read as a follow-up.

    The question it stands for is self-contained: asked alone, it reaches the intended fact.
    """
    raw = _plain(message)
    if raw in _RESET_PHRASES:
        return FollowUp(kind="reset")
    normalized = normalize(message)
    words = normalized.words
    core = [w for w in words if w not in STOP_WORDS and w not in _FILLER]
    raw_words = set(raw.split())
    has_topic = _names_topic(service, message)
    if not has_topic and "your" not in raw_words and len(raw_words) <= 7 and (
            raw_words & _SOURCE_WORDS or any(p in raw for p in _SOURCE_PHRASES)):
        return FollowUp(kind="source")
    if "reason" in core and set(core) <= _WHY_EXTRA and not has_topic:
        rationale = _rationale(service.fact_base, context.topic)
        return FollowUp(kind="why", question=rationale.title if rationale else None)
    if core and set(core) & _CURRENCY_WORDS and set(core) <= _CURRENCY_WORDS | _CURRENCY_EXTRA:
        currency = "dollars" if "dollar" in core else "yen"
        base = _CURRENCY_PHRASE.sub("", _without_mark(context.question)).strip()
        return FollowUp(kind="currency", question=f"{base} in {currency}")
    entities = service.matcher.index.gazetteer.scan(normalized, today=service.today(),
                                                    known_words=service.matcher.index.known_words)
    if has_topic:
        return _keeping_entity(service, message, context, entities.years or normalized.years or entities.countries
                               or entities.other_countries or entities.foreign_subject)
    intent = intent_of(normalized)
    dollars = " in dollars" if {"dollar", "usd"} & set(words) or context.currency == "USD" else ""
    if intent is not None and intent.kind in ("change", "ratio", "total") and context.series:
        question = _comparison(service, context, normalized.years, entities.years, intent.kind,
                               since="since" in words)
        # "how many times bigger is that than FY2025?": "that" is the answer just given, however the message
        # would read alone
        firm = bool(raw_words & _ANAPHORA)
        return FollowUp(kind="compare", question=question + dollars, firm=firm) if question else None
    names = [service.fact_base.country(c).name for c in entities.countries] + list(entities.other_countries)
    if entities.foreign_subject and entities.foreign_subject not in names:
        names.append(entities.foreign_subject)
    if names:
        if not _elliptical(entities.terms):  # "what is the capital of France?" stands on its own
            return None
        return FollowUp(kind="country", question=_for_countries(context, names))
    years = entities.years
    padded = f" {raw} "
    if not normalized.years and context.years and any(p in padded for p in _YEAR_BEFORE + _YEAR_AFTER):
        # "the year before" is the year before the one just answered, not before today
        years = (max(context.years) + (-1 if any(p in padded for p in _YEAR_BEFORE) else 1),)
    if years and set(core) <= _YEAR_WORDS | {"budget"}:
        return FollowUp(kind="year", question=_for_years(context, years, keep_currency=context.derived == "currency"))
    _, unknown = service.matcher.index.query_tokens(entities.terms)
    if core and not unknown and (_opens_follow_up(message) or (raw_words & _ANAPHORA and len(core) <= 6)):
        return FollowUp(kind="that", question=f"{_without_mark(message)} ({_label(context)})")
    return None


def _keeping_entity(service: AnswerService, message: str, context: Conversation,
                    names_its_own: object) -> FollowUp | None:
    """A message with its own topic words and a pronoun for the previous answer's country or year.

    After "is Indonesia an OSA recipient?", "when did they get patrol boats?" is about Indonesia; after
    "FY2024 defence budget", "is that a record budget?" is about FY2024. The message is asked with the
    country, or the year (then the series and year), added; `Conversations.ask` keeps a reading only if it
    answers about the same country or year. "Their"/"its" before a budget word after a country is that
    country's budget, which the sources do not cover: a firm reading, declined as such. A message naming its
    own country or year, or asking "why" (the reasons are the topic's, and "they" there is usually Japan),
    is left alone.
    """
    words = _plain(message).split()
    while len(words) > 1 and words[0] in _INTERJECTIONS | _OPENERS:
        words = words[1:]
    if (names_its_own or not (context.countries or context.years) or not words or words[0] == "why"
            or words[:2] == ["how", "come"]):
        return None
    before = ["", *words]
    after = [*words[1:], ""]
    referring = [w for i, w in enumerate(words)
                 if w in _REFERRING and not (w == "there" and before[i] in _EXISTENTIAL)
                 and not (w == "that" and before[i] in _REPORTING)
                 and not (w == "it" and after[i] in _DUMMY_IT)]
    if not referring:
        return None
    text = _without_mark(message)
    if context.countries:
        name = context.subject
        if {"their", "its"} & set(referring):
            owned = _POSSESSIVE.sub(lambda _: f"{name}'s", text)  # a name is text, never a pattern
            index = service.matcher.index
            if index.gazetteer.scan(normalize(owned), today=service.today(), known_words=index.known_words
                                    ).foreign_subject:
                return FollowUp(kind="entity", question=owned, firm=True)
        return FollowUp(kind="entity", question=f"{text} ({name})")
    years = " ".join(f"FY{y}" for y in context.years)
    return FollowUp(kind="entity", question=f"{text} ({years})", alternatives=(f"{text} ({_label(context)})",))


def _label(context: Conversation) -> str:
    """What the previous answer was about, to add to a message that refers to it: "Indonesia", "defence budget
    FY2024"."""
    return " ".join([context.subject, *(f"FY{y}" for y in context.years)])


def _about_the_same(answer: Answer, context: Conversation, fact_base: FactBase) -> bool:
    """True when an answer states a fact about the context's country, or one of its fiscal years."""
    if not answer.answered:
        return False
    for fact_id in answer.facts:
        if fact_id.removeprefix("country:") in context.countries:
            return True
        if fact_base.has_fact(fact_id) and fact_base.fact(fact_id).fiscal_year in context.years:
            return True
    return False


def _comparison(service: AnswerService, context: Conversation, explicit: tuple[int, ...], relative: tuple[int, ...],
                kind: str, *, since: bool) -> str | None:
    assert context.series is not None
    held = service.deriver.years(context.series)
    if not held:
        return None
    current = max(context.years) if context.years else held[-1]
    subject = context.subject
    if kind == "total":
        if len(explicit) >= 2:
            return f"total {subject} from FY{min(explicit)} to FY{max(explicit)}"
        if explicit:
            return f"total {subject} since FY{explicit[0]}"
        return f"total {subject} so far"
    if len(explicit) >= 2:
        first, last = min(explicit), max(explicit)
    elif explicit:
        first, last = sorted((explicit[0], current))
        if first == last:
            first -= 1
    elif relative and not since:
        first, last = current - 1, current  # "than last year": the year before the one just answered
    else:
        first, last = current - 1, current
    if kind == "ratio":
        return f"how many times bigger is the FY{last} {subject} than FY{first}"
    return f"how much did the {subject} increase from FY{first} to FY{last}"


def _for_years(context: Conversation, years: tuple[int, ...], *, keep_currency: bool) -> str:
    label = " and ".join(f"FY{y}" for y in years)
    suffix = " in dollars" if keep_currency and context.currency == "USD" else ""
    if context.series:
        return f"{context.subject} {label}{suffix}"
    if context.countries:
        return f"what did {context.subject} receive under OSA in {label}"
    base = _YEAR_PHRASE.sub("", _without_mark(context.question)).strip()
    return f"{base} in {label}"


def _for_countries(context: Conversation, names: list[str]) -> str:
    joined = " and ".join(names)
    if context.topic == "osa" or context.countries:
        return f"is {joined} an OSA recipient"
    if context.topic == "budget":
        return f"{joined}'s defence budget"
    if context.topic == "exports":
        return f"can Japan export weapons to {joined}"
    return f"{_without_mark(context.question)} ({joined})"


def _sources_answer(question: str, context: Conversation) -> Answer:
    """"source?": the sources of the last answer, as an answer about the same facts.

    It is `answered` with the outcome "answer", like the answer it cites: `facts` are that answer's facts and
    `sources` its sources, so `--json` readers see the two fields agree and get the citations as data.
    """
    titles = "; ".join(dict.fromkeys(p.title for p in context.parts)) or context.subject
    lines = [f"The last answer ({titles}) comes from:"]
    for source in context.sources:
        url = f" {source.url}" if source.url else ""
        lines.append(f"• {source.citation()}{url}")
    return Answer(question=question, outcome="answer", body="\n".join(lines), confidence=1.0, parts=context.parts,
                  sources=context.sources, as_of=context.as_of, topic=context.topic, follow_up_of=context.question,
                  asked="source?")


def _rationale(fact_base: FactBase, topic: str | None) -> Fact | None:
    """A topic's "why" fact: the first of its facts whose title starts with "Why"."""
    return next((f for f in fact_base.facts if f.topic == topic and f.title.lower().startswith("why ")), None)


def _names_topic(service: AnswerService, message: str) -> bool:
    """True when the message contains a topic keyword (so it can stand on its own)."""
    index = service.matcher.index
    normalized = normalize(message)
    entities = index.gazetteer.scan(normalized, today=service.today(), known_words=index.known_words)
    tokens, _ = index.query_tokens(entities.terms)
    token_set = set(tokens)
    return any(anchor <= token_set for anchor in index.anchors)


def _elliptical(terms: tuple[str, ...]) -> bool:
    """True when a message naming a country says nothing else of its own: "and Vietnam?", "did Laos get any too?".

    A message with words of its own ("what is the capital of France?") is a question in its own right and is
    answered as typed, never rewritten into one about the previous answer's topic.
    """
    own = {t for t in terms if not t.startswith(_COUNTRY_TERMS) and t not in STOP_WORDS and t not in _FILLER}
    return own <= _ELLIPSIS_WORDS


def _opens_follow_up(message: str) -> bool:
    words = _plain(message).split()
    while len(words) > 1 and words[0] in _INTERJECTIONS:  # "hmm, and in 2024?"
        words = words[1:]
    return bool(words) and (words[0] in _OPENERS or tuple(words[:2]) in _OPENER_PAIRS)


def _looks_like_follow_up(service: AnswerService, message: str) -> bool:
    if _names_topic(service, message):
        return False
    raw = _plain(message)
    words = set(raw.split())
    return (_opens_follow_up(message) or bool(words & (_SOURCE_WORDS | _ANAPHORA | {"why", "dollars", "yen"}))
            or bool(normalize(message).years))


def _plain(message: str) -> str:
    """Lower-case words only: "And in 2024??" -> "and in 2024"."""
    return " ".join(re.findall(r"[a-z0-9']+", message.lower()))


def _without_mark(question: str) -> str:
    return question.strip().rstrip("?!. ")



def _positive(env: Mapping[str, str], name: str, default: float, kind: type[float] | type[int]) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"{name} must be a positive number, not {raw[:40]!r}") from None
    if not math.isfinite(value) or value <= 0:  # nan and inf parse as floats but mean nothing here
        raise ValueError(f"{name} must be a positive number, not {raw[:40]!r}")
    return value


__all__ = [
    "DEFAULT_IDLE_SECONDS",
    "DEFAULT_MAX_CONTEXTS",
    "ContextStore",
    "Conversation",
    "ConversationSettings",
    "Conversations",
    "FollowUp",
    "resolve",
]
