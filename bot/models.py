"""Values passed between the layers: the fact base and the answers built from it.

Every value is a frozen dataclass, so a loaded fact base or an answer can be shared
between threads and tasks without copying, and nothing downstream can change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["answer", "clarify", "decline"]
CountryStatus = Literal["recipient", "slated", "priority-partner", "mentioned"]
SeriesDefault = Literal["latest", "all"]

UNITS = ("one", "thousand", "million", "billion", "trillion", "percent", "times")
CURRENCIES = ("JPY", "USD")
COUNTRY_STATUSES: tuple[CountryStatus, ...] = ("recipient", "slated", "priority-partner", "mentioned")


@dataclass(frozen=True, slots=True, kw_only=True)
class Topic:
    """A subject the bot can talk about (budget, OSA, exports, ...)."""

    id: str
    title: str
    about: str
    keywords: tuple[str, ...]
    """Words that make a question about this topic; a question with none of them is declined."""
    command: str | None = None
    """The topic's quick command as users type it ("/budget"), or None."""
    asks: str | None = None
    """The question the quick command asks with nothing after it ("defence budget")."""
    asks_about: str | None = None
    """The question it asks with an argument, `{}` standing for what was typed ("defence budget {}")."""
    argument: str | None = None
    """What the argument is, as a hint for the command's users ("fiscal year, e.g. 2025")."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A document facts are taken from."""

    id: str
    title: str
    publisher: str
    file: str
    date: str | None = None
    date_note: str | None = None
    title_note: str | None = None
    url: str | None = None

    def citation(self) -> str:
        """One line naming the source: title, publisher and date."""
        when = self.date or "date not shown"
        return f"{self.title} ({self.publisher}, {when})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """A number a fact states, in a form that can be compared and computed with."""

    label: str
    amount: float
    unit: str
    source: str
    currency: str | None = None
    fiscal_year: int | None = None

    def display(self) -> str:
        """The figure as a person writes it: ¥9.04 trillion, US$58 billion, 2%."""
        amount = f"{self.amount:,.2f}".rstrip("0").rstrip(".")
        if self.unit == "percent":
            return f"{amount}%"
        if self.unit == "times":
            return f"{amount}x"
        scale = "" if self.unit == "one" else f" {self.unit}"
        symbol = {"JPY": "¥", "USD": "US$"}.get(self.currency or "", "")
        return f"{symbol}{amount}{scale}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """One answer in the fact base, with where it comes from and what reaches it."""

    id: str
    topic: str
    title: str
    answer: str
    sources: tuple[str, ...]
    as_of: str
    questions: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    series: str | None = None
    fiscal_year: int | None = None
    series_default: SeriesDefault | None = None
    years: tuple[int, ...] = ()
    countries: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    follow_ups: tuple[str, ...] = ()

    @property
    def series_subject(self) -> str:
        """How an answer names this fact's series: its title without the year, "defence budget", "OSA budget"."""
        title = self.title.replace(f"FY{self.fiscal_year}", "").strip() if self.fiscal_year else self.title
        return title if title[:3].isupper() else title[:1].lower() + title[1:]


@dataclass(frozen=True, slots=True, kw_only=True)
class Grant:
    """Something a country received under OSA."""

    what: str
    source: str
    fiscal_year: int | None = None
    amount: float | None = None
    unit: str | None = None
    currency: str | None = None
    date: str | None = None
    date_note: str | None = None
    """What the date is, when a source says: "notes exchanged", "agreement signed", "announced"."""

    def amount_display(self) -> str | None:
        """The grant's amount as text, or None when no source gives one."""
        if self.amount is None or self.unit is None:
            return None
        figure = Figure(
            label=self.what,
            amount=self.amount,
            unit=self.unit,
            currency=self.currency,
            source=self.source,
        )
        return figure.display()


@dataclass(frozen=True, slots=True, kw_only=True)
class Country:
    """A country the sources name, with its place in the OSA programme."""

    id: str
    name: str
    aliases: tuple[str, ...]
    status: CountryStatus
    sources: tuple[str, ...]
    note: str | None = None
    received: tuple[Grant, ...] = ()

    @property
    def display_name(self) -> str:
        """The name with a capital first letter, for the start of a sentence."""
        return self.name[:1].upper() + self.name[1:]


@dataclass(frozen=True, slots=True, kw_only=True)
class FactBase:
    """Everything loaded from one facts.yaml, validated."""

    path: str
    version: str
    topics: tuple[Topic, ...]
    sources: tuple[Source, ...]
    facts: tuple[Fact, ...]
    countries: tuple[Country, ...]
    out_of_scope: tuple[str, ...]
    _sources_by_id: dict[str, Source] = field(default_factory=dict, repr=False, compare=False)
    _facts_by_id: dict[str, Fact] = field(default_factory=dict, repr=False, compare=False)
    _countries_by_id: dict[str, Country] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._sources_by_id.update({s.id: s for s in self.sources})
        self._facts_by_id.update({f.id: f for f in self.facts})
        self._countries_by_id.update({c.id: c for c in self.countries})

    def source(self, source_id: str) -> Source:
        return self._sources_by_id[source_id]

    def fact(self, fact_id: str) -> Fact:
        return self._facts_by_id[fact_id]

    def has_fact(self, fact_id: str) -> bool:
        return fact_id in self._facts_by_id

    def country(self, country_id: str) -> Country:
        return self._countries_by_id[country_id]

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)

    def series_members(self, series: str) -> tuple[Fact, ...]:
        """The facts of one series, oldest fiscal year first."""
        members = [f for f in self.facts if f.series == series]
        return tuple(sorted(members, key=lambda f: f.fiscal_year or 0))

    def example_count(self) -> int:
        return sum(len(f.questions) for f in self.facts)


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerPart:
    """One fact's contribution to an answer."""

    fact_id: str
    title: str
    text: str
    sources: tuple[Source, ...]
    as_of: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A fact the matcher considered, with its score (0..1)."""

    fact_id: str
    title: str
    score: float
    coverage: float
    fuzzy: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Explanation:
    """Why the matcher decided what it decided (for --explain)."""

    normalized: str
    tokens: tuple[str, ...]
    unknown_tokens: tuple[str, ...]
    years: tuple[int, ...]
    countries: tuple[str, ...]
    other_countries: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    """What the bot says to one question, independent of any chat platform."""

    question: str
    outcome: Outcome
    body: str
    """What the bot says, without the citation line: what an adapter puts in a message, block or embed."""
    confidence: float
    parts: tuple[AnswerPart, ...] = ()
    sources: tuple[Source, ...] = ()
    suggestions: tuple[str, ...] = ()
    topic: str | None = None
    as_of: str | None = None
    explanation: Explanation | None = None
    derived: str | None = None
    """The computation behind a derived answer ("change", "ratio", "total", "currency", "stated"), else None."""
    follow_up_of: str | None = None
    """For a follow-up ("and in 2024?"): the earlier question it was resolved against."""
    asked: str | None = None
    """For a follow-up: the self-contained question it was rewritten to and answered as."""
    nearest: Candidate | None = None
    """The matcher's top candidate for the question (what the gap log records as the nearest fact)."""
    missing: tuple[str, ...] = ()
    """Details the question asked for that the sources do not give ("company", "amount"): said first."""
    verdict: str | None = None
    """For a claim to check ("X, right?"): "yes" or "no" when the sources settle it, else None."""
    citation: str | None = None
    """The closing "Source(s): ... As of ..." line of a sourced answer, for plain-text surfaces; the sources
    themselves are in `sources` (adapters that show them as blocks or fields read those instead)."""

    @property
    def text(self) -> str:
        """The whole plain-text reply: the body, then the citation line when there is one."""
        return f"{self.body}\n{self.citation}" if self.citation else self.body

    @property
    def answered(self) -> bool:
        """True when the bot stated a sourced fact."""
        return self.outcome == "answer" and bool(self.parts)

    @property
    def facts(self) -> tuple[str, ...]:
        return tuple(p.fact_id for p in self.parts)

    def to_json(self) -> dict[str, object]:
        """The `ask --json` shape."""
        return {
            "answered": self.answered,
            "outcome": self.outcome,
            "text": self.text,
            "facts": list(self.facts),
            "sources": [
                {"id": s.id, "title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url}
                for s in self.sources
            ],
            "as_of": self.as_of,
            "confidence": round(self.confidence, 3),
            "suggestions": list(self.suggestions),
            **({"derived": self.derived} if self.derived else {}),
            **({"verdict": self.verdict} if self.verdict else {}),
            **({"missing": list(self.missing)} if self.missing else {}),
            **({"follow_up_of": self.follow_up_of, "asked": self.asked} if self.follow_up_of else {}),
        }
