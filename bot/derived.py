"""Figures worked out from the fact base's structured figures: changes, ratios, totals and currencies.

Only the `figures` of facts are used, never an answer's text. A series (facts that
answer one question for several fiscal years, such as `defence-budget`) has a
headline figure per year: a figure of the member for its own fiscal year whose
label starts with the series name, dashes read as spaces ("defence budget, Cabinet
draft (AP)" in the series `defence-budget`). A member can have several headline
figures: one per currency, and one per source where sources differ.

`Deriver.derive` recognises four questions about such a series:

- a change between two years: "how much did the budget grow from FY2025 to FY2026?"
  (the difference and the percentage);
- a ratio: "how many times bigger is the FY2026 OSA budget than FY2025?";
- a total: "total OSA budget since 2023?" (the sum, naming every year it covers);
- a currency: "the FY2025 defence budget in dollars?" (only figures the sources give:
  no exchange rate is ever applied).

Every result says how it was computed and from which figures and sources; where
sources differ it gives every result; where a year is missing it says so instead of
guessing.

Changes, ratios and totals are computed in yen only. The sources' dollar figures are
their own conversions, each at its own exchange rate, so a change between two of them
would mix a movement in the rate into the change in the budget; asked in dollars, the
answer says so, gives the stated dollar figures, and computes in yen.

A headline figure's label may name its budget stage after the series name and a
comma ("defence budget, Cabinet draft (AP)", "defence budget, enacted"); where a
comparison or total spans figures of different stages, the answer says which.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product
from typing import Literal

from bot.entities import Entities
from bot.models import Fact, FactBase, Figure, Source
from bot.normalize import Normalized, content_tokens, normalize

DerivedKind = Literal["change", "ratio", "total", "currency", "stated"]

SCALES = {"one": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
CURRENCY_NAMES = {"JPY": "yen", "USD": "US dollars"}

_CHANGE_WORDS = frozenset({
    "increase", "change", "changed", "changes", "difference", "differ", "compare", "compared", "comparison",
    "vs", "versus", "more", "less", "decrease", "decreased", "fell", "fall", "drop", "dropped", "up", "down",
    "higher", "lower", "size", "gain", "climb", "climbed",
})
_QUANTITY_WORDS = frozenset({"how_much", "percent", "percentage", "difference", "vs", "versus", "compared",
                             "compare", "comparison"})
_RATIO_WORDS = frozenset({"times", "ratio", "double", "doubled", "triple", "tripled", "multiple", "fold"})
_TOTAL_WORDS = frozenset({"total", "sum", "altogether", "combined", "cumulative", "cumulatively", "overall"})
_ALL_YEARS_PHRASES = (" so far ", " to date ", " ever ", " over the years ", " all years ", " every year ",
                      " in all ", " altogether ", " combined ", " cumulative ", " since launch ",
                      " since it launch ", " since the launch ")
_DOLLAR_WORDS = frozenset({"dollar", "usd"})
_YEN_WORDS = frozenset({"yen", "jpy"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Headline:
    """One headline figure of a series member, with the fact it belongs to."""

    fact: Fact
    figure: Figure

    @property
    def year(self) -> int:
        assert self.fact.fiscal_year is not None
        return self.fact.fiscal_year

    @property
    def value(self) -> float:
        """The amount in units of its currency (¥9.04 trillion -> 9.04e12)."""
        return self.figure.amount * SCALES.get(self.figure.unit, 1.0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Derivation:
    """A derived answer, before the answer service adds its source line."""

    kind: DerivedKind
    answered: bool
    """False when the figures needed are missing (the text says which)."""
    text: str
    facts: tuple[str, ...]
    """The facts whose figures were used, the one the question is mainly about first."""
    sources: tuple[str, ...]
    """Ids of the sources of the figures used."""
    series: str
    years: tuple[int, ...]
    currency: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Intent:
    """What a question asks to compute; found from its words alone."""

    kind: DerivedKind
    currency: str | None
    all_years: bool
    since: bool


def _asked_currencies(words: tuple[str, ...]) -> list[str]:
    """Currency words not part of a quoted figure ("yen 43 trillion", "43 trillion yen", "usd 58 billion")."""
    scale = {"thousand", "million", "billion", "trillion"}
    asked = []
    for position, word in enumerate(words):
        after = words[position + 1] if position + 1 < len(words) else ""
        before = words[position - 1] if position else ""
        if after[:1].isdigit() or before in scale or before[:1].isdigit():
            continue
        asked.append(word)
    return asked


def intent_of(normalized: Normalized) -> Intent | None:
    """The computation a question asks for, or None for an ordinary question."""
    words = set(normalized.words)
    joined = f" {' '.join(normalized.words)} "
    # a currency asked for ("in dollars"), not one of a figure quoted ("the ¥43tn plan": "yen 43 trillion")
    asked = set(_asked_currencies(normalized.words))
    currency = "USD" if asked & _DOLLAR_WORDS else "JPY" if asked & _YEN_WORDS else None
    since = "since" in words or (" from " in joined and len(normalized.years) == 1)
    all_years = any(phrase in joined for phrase in _ALL_YEARS_PHRASES)
    bigger = "size" in words and "than" in words and "increase" not in words  # "how much bigger than"
    if bigger or words & _RATIO_WORDS:
        return Intent(kind="ratio", currency=currency, all_years=False, since=since)
    if words & _TOTAL_WORDS and (len(normalized.years) >= 2 or since or all_years):
        return Intent(kind="total", currency=currency, all_years=all_years, since=since)
    moved = words & {"increase", "change", "changed", "difference", "more", "less", "up", "down"}
    if words & _CHANGE_WORDS and (words & _QUANTITY_WORDS or (len(normalized.years) >= 2 and moved)):
        return Intent(kind="change", currency=currency, all_years=False, since=since)
    both = bool(asked & _DOLLAR_WORDS and asked & _YEN_WORDS) or bool(words & {"also", "too", "plus"})
    if currency is not None and not both:
        # "in yen and in dollars", "and in dollars too" ask for both: the fact itself states both, where the
        # sources give both
        return Intent(kind="currency", currency=currency, all_years=False, since=False)
    return None


class Deriver:
    """Computes derived figures from one fact base. Immutable after construction."""

    def __init__(self, fact_base: FactBase) -> None:
        self.fact_base = fact_base
        self.headlines: dict[str, dict[int, tuple[Headline, ...]]] = {}
        self.stated: dict[str, tuple[Figure, ...]] = {}
        self.series_topic: dict[str, str] = {}
        for fact in fact_base.facts:
            if not fact.series or fact.fiscal_year is None:
                continue
            name = fact.series.replace("-", " ").lower()
            heads = tuple(
                Headline(fact=fact, figure=f) for f in fact.figures
                if f.fiscal_year in (None, fact.fiscal_year) and f.unit in SCALES and f.currency
                and _lead(f.label) == name
            )
            if heads:
                self.headlines.setdefault(fact.series, {})[fact.fiscal_year] = heads
                self.series_topic[fact.series] = fact.topic
            self.stated[fact.id] = tuple(
                f for f in fact.figures if f.unit in ("percent", "times") and f.label.lower().startswith("increase on")
            )
        self.anchors: dict[str, tuple[frozenset[str], ...]] = {
            topic.id: tuple(a for a in (frozenset(content_tokens(normalize(k).words)) for k in topic.keywords) if a)
            for topic in fact_base.topics
        }

    # --- entry point -----------------------------------------------------------

    def derive(self, normalized: Normalized, entities: Entities, matched: Iterable[Fact],
               tokens: Iterable[str]) -> Derivation | None:
        """The derived answer to a question, or None when it asks for no computation.

        Args:
            normalized: The normalised question.
            entities: Its entities (years include "last year" and the like).
            matched: The facts the matcher chose (or the nearest, when it declined for a missing year).
            tokens: The question's tokens as the matcher scored them (for topic keywords).
        """
        intent = intent_of(normalized)
        if intent is None:
            return None
        series = self._series(list(matched), set(tokens))
        if series is None:
            return None
        years = self.years(series)
        explicit = tuple(sorted(set(normalized.years)))
        asked = explicit or tuple(sorted(set(entities.years)))
        relative_only = not explicit and bool(entities.years)
        if intent.kind == "currency":
            wanted = asked or (years[-1],)
            if len(wanted) > 4:
                return None
            return self._currency(series, wanted, intent.currency or "JPY")
        if intent.kind == "total":
            if intent.since and asked:
                span = tuple(range(asked[0], max(years[-1], asked[0]) + 1))
            elif len(asked) >= 2:
                span = tuple(range(asked[0], asked[-1] + 1))
            elif intent.all_years and not asked:
                span = years
            else:
                return None
            return self._total(series, span, intent.currency or "JPY")
        # change or ratio between two years
        if len(asked) >= 2:
            first, last = asked[0], asked[-1]
        elif len(asked) == 1 and relative_only:
            first, last = asked[0], asked[0] + 1  # "than last year": this year against last year
        elif len(asked) == 1 and intent.since:
            first, last = asked[0], years[-1]
        elif len(asked) == 1:
            first, last = asked[0] - 1, asked[0]
        else:
            first, last = years[-1] - 1, years[-1]
        if first == last:
            return None
        return self._compare(series, first, last, intent.kind, intent.currency)

    def years(self, series: str) -> tuple[int, ...]:
        """The fiscal years a series has headline figures for, oldest first."""
        return tuple(sorted(self.headlines.get(series, {})))

    def subject(self, series: str) -> str:
        """How an answer names a series: "defence budget", "OSA budget"."""
        members = self.headlines.get(series, {})
        for heads in members.values():
            return heads[0].fact.series_subject
        return series.replace("-", " ")

    # --- choosing the series -----------------------------------------------------

    def _series(self, matched: list[Fact], tokens: set[str]) -> str | None:
        picked = next((f.series for f in matched if f.series in self.headlines), None)
        if picked is None:
            return None
        if self._names_topic(self.series_topic[picked], tokens):
            return picked
        # "the budget" alone is the defence budget, even if OSA budget examples matched better
        others = [s for s in self.headlines if s != picked and self._names_topic(self.series_topic[s], tokens)]
        return others[0] if len(others) == 1 else picked

    def _names_topic(self, topic: str, tokens: set[str]) -> bool:
        return any(anchor <= tokens for anchor in self.anchors.get(topic, ()))

    # --- the computations --------------------------------------------------------

    def heads(self, series: str, year: int, currency: str) -> tuple[Headline, ...]:
        """The headline figures of one year of a series in one currency (one per source)."""
        return tuple(h for h in self.headlines[series].get(year, ()) if h.figure.currency == currency)

    def _missing(self, series: str, wanted: Iterable[int], kind: DerivedKind, currency: str,
                 what: str) -> Derivation | None:
        years = self.years(series)
        missing = [y for y in wanted if y not in years]
        if not missing:
            return None
        subject = self.subject(series)
        text = (f"I can't work out {what}: my sources have no {subject} figure for {_years_text(missing)}. "
                f"I have {_years_text(years)}, and I don't estimate the years in between or beyond.")
        facts = tuple(self.headlines[series][y][0].fact.id for y in wanted if y in years)
        return Derivation(kind=kind, answered=False, text=text, facts=facts[::-1], sources=(), series=series,
                          years=tuple(wanted), currency=currency)

    def _compare(self, series: str, first: int, last: int, kind: DerivedKind, asked_currency: str | None
                 ) -> Derivation:
        subject = self.subject(series)
        what = (f"how the {subject} changed from FY{first} to FY{last}" if kind == "change"
                else f"how many times bigger the FY{last} {subject} is than FY{first}'s")
        missing = self._missing(series, (first, last), kind, asked_currency or "JPY", what)
        if missing is not None:
            from_sources = self._stated_answer(series, first, last, missing) if last in self.years(series) else None
            return from_sources or missing
        currency, note = self._currency_for(series, (first, last), asked_currency)
        before, after = self.heads(series, first, currency), self.heads(series, last, currency)
        results: list[str] = []
        for old, new in product(before, after):
            if kind == "ratio":
                results.append(_ratio(old, new))
            else:
                results.append(_change(old, new))
        if kind == "ratio":
            how = "the later figure divided by the earlier one, and the later minus the earlier"
            lead = (f"The FY{last} {subject} is {_number(after[0].value / before[0].value)} times the FY{first} "
                    f"one: {results[0]}." if len(results) == 1 else "")
        else:
            how = "the later figure minus the earlier one, and that difference as a percentage of the earlier one"
            lead = f"From FY{first} to FY{last} the {subject} {results[0]}." if len(results) == 1 else ""
        lines = [lead] if lead else [
            f"{_differ_note(series, self, (first, last), currency)} so there are {len(results)} results for "
            f"FY{first} to FY{last}:",
            *(f"• {r}" for r in results),
        ]
        between = tuple(range(first + 1, last))
        if kind == "change" and between and all(self.heads(series, y, currency) for y in between):
            # "grow between FY2023 and FY2026": the years in between, so the path is there, not only its ends
            per_year = [(y, self.heads(series, y, currency)) for y in (first, *between, last)]
            lines.append("Year by year: " + "; ".join(
                f"FY{y} " + " or ".join(_amount(h) for h in heads) for y, heads in per_year) + ".")
            shown = tuple(h for _, heads in per_year for h in heads)
        else:
            shown = before + after
        used = before + after
        stages = _stage_note(used)
        if stages:
            lines.append(stages)
        lines.append(f"How I worked it out: {how}, from the fact base's figures: {_figure_list(used, self)}.")
        stated = self._stated_text(series, first, last)
        if stated:
            lines.append(stated)
            if kind == "change" and self._differs_from_stated(before, after):
                lines.append("That differs from the change computed from these figures; my sources do not say "
                             "which earlier figure they compared with, so both are given.")
        if not stated:
            # the sources give the two figures, not the change between them: say so before working it out
            change = "that change" if kind == "change" else "that ratio"
            lines.insert(0, f"My sources do not state {change}; I worked it out from the figures they give.")
        if note:
            lines.insert(0, note)
        return Derivation(kind=kind, answered=True, text="\n".join(lines),
                          facts=_unique([after[0].fact.id, before[0].fact.id]),
                          sources=_unique(h.figure.source for h in shown), series=series, years=(first, last),
                          currency=currency)

    def _total(self, series: str, span: tuple[int, ...], asked_currency: str) -> Derivation:
        subject = self.subject(series)
        what = f"a total {subject} for {_years_text(span)}"
        missing = self._missing(series, span, "total", asked_currency, what)
        if missing is not None:
            return missing
        currency, note = self._currency_for(series, span, asked_currency)
        per_year = [self.heads(series, y, currency) for y in span]
        low = sum(min(h.value for h in heads) for heads in per_year)
        high = sum(max(h.value for h in heads) for heads in per_year)
        listing = "; ".join(f"FY{y} " + " or ".join(_amount(h) for h in heads) for y, heads in zip(span, per_year,
                                                                                                      strict=True))
        label = f"FY{span[0]} to FY{span[-1]}" if len(span) > 1 else f"FY{span[0]}"
        if low == high:
            lines = [f"The {subject} for {label} adds up to {_money(low, currency)} ({len(span)} fiscal years: "
                     f"{listing})."]
        else:
            differing = [y for y, heads in zip(span, per_year, strict=True) if len(heads) > 1]
            lines = [f"The {subject} for {label} adds up to {_money(low, currency)} or {_money(high, currency)}, "
                     f"depending on which source's figure is used for {_years_text(differing)} "
                     f"({len(span)} fiscal years: {listing})."]
            lines.append(_differ_note(series, self, span, currency).rstrip(",") + ".")
        used = tuple(h for heads in per_year for h in heads)
        stages = _stage_note(used)
        if stages:
            lines.append(stages)
        figures = _figure_list(used, self)
        lines.append(f"How I worked it out: the sum of the yearly figures in the fact base: {figures}.")
        if note:
            lines.insert(0, note)
        return Derivation(kind="total", answered=True, text="\n".join(lines),
                          facts=_unique(heads[0].fact.id for heads in reversed(per_year)),
                          sources=_unique(h.figure.source for h in used), series=series, years=span,
                          currency=currency)

    def _currency(self, series: str, wanted: tuple[int, ...], currency: str) -> Derivation:
        subject = self.subject(series)
        missing = self._missing(series, wanted, "currency", currency, f"the {subject} in {CURRENCY_NAMES[currency]}")
        if missing is not None:
            return missing
        lines: list[str] = []
        used: list[Headline] = []
        for year in wanted:
            heads = self.headlines[series][year]
            given = [h for h in heads if h.figure.currency == currency]
            other = [h for h in heads if h.figure.currency != currency]
            used.extend(given or other)
            if given:
                text = "; ".join(f"{_amount(h)} per {self._source(h).publisher}" for h in given)
                without = [h for h in other if h.figure.source not in {g.figure.source for g in given}]
                extra = ("; " + "; ".join(f"{self._source(h).publisher} gives {_amount(h)} with no "
                                          f"{CURRENCY_NAMES[currency]} figure" for h in without)) if without else ""
                lines.append(f"The FY{year} {subject} in {CURRENCY_NAMES[currency]}: {text}{extra}.")
            else:
                text = "; ".join(f"{_amount(h)} per {self._source(h).publisher}" for h in other)
                lines.append(f"My sources give no figure in {CURRENCY_NAMES[currency]} for the FY{year} {subject}, "
                             f"only {text}, and I don't convert currencies myself.")
        lines.append(f"These are the figures the sources state, from the fact base: {_figure_list(tuple(used), self)}.")
        return Derivation(kind="currency", answered=True, text="\n".join(lines),
                          facts=_unique(self.headlines[series][y][0].fact.id for y in reversed(wanted)),
                          sources=_unique(h.figure.source for h in used), series=series, years=wanted,
                          currency=currency)

    # --- what the sources themselves say about a change ----------------------------

    def _stated_text(self, series: str, first: int, last: int) -> str:
        if last != first + 1:
            return ""
        fact = self.headlines[series][last][0].fact
        stated = self.stated.get(fact.id, ())
        if not stated:
            return ""
        said = "; ".join(f"{_stated(f)} ('{f.label}', {_short(self.fact_base.source(f.source))})" for f in stated)
        return f"The sources themselves state: {said}."

    def _differs_from_stated(self, before: tuple[Headline, ...], after: tuple[Headline, ...]) -> bool:
        """True when a stated percentage is more than 0.15 points from the change computed from the same source's
        figure (or from every computed change, when no figure shares its source)."""
        computed = [(new, (new.value - old.value) / old.value * 100) for old, new in product(before, after)]
        for figure in self.stated.get(after[0].fact.id, ()):
            if figure.unit != "percent":
                continue
            same = [c for new, c in computed if new.figure.source == figure.source] or [c for _, c in computed]
            if min(abs(c - figure.amount) for c in same) > 0.15:
                return True
        return False

    def _stated_answer(self, series: str, first: int, last: int, missing: Derivation) -> Derivation | None:
        """With the earlier year missing, what the later year's sources say about the change, if anything."""
        text = self._stated_text(series, first, last)
        if not text:
            return None
        fact = self.headlines[series][last][0].fact
        subject = self.subject(series)
        heads = self.headlines[series][last]
        amounts = "; ".join(f"{_amount(h)} per {self._source(h).publisher}" for h in heads)
        body = (f"My sources have no {subject} figure for FY{first}, so I can't compute the change myself. "
                f"{text.replace('The sources themselves state', f'For FY{last} they state')}\n"
                f"The FY{last} {subject} itself: {amounts}.")
        return Derivation(kind="stated", answered=True, text=body, facts=(fact.id,),
                          sources=_unique([*(f.source for f in self.stated[fact.id]),
                                           *(h.figure.source for h in heads)]),
                          series=series,
                          years=(first, last), currency=missing.currency)

    # --- helpers -------------------------------------------------------------------

    def _currency_for(self, series: str, years: Iterable[int], asked: str | None) -> tuple[str, str]:
        """The currency to compute in, always yen, with a note when another currency was asked for.

        The sources' dollar figures are each converted at the source's own exchange rate: a change or total
        computed from two of them would mix movements in the rate with movements in the budget."""
        years = tuple(years)
        if asked is None or asked == "JPY":
            return "JPY", ""
        name = CURRENCY_NAMES[asked]
        lacking = [y for y in years if not self.heads(series, y, asked)]
        if lacking:
            return "JPY", (f"My sources give no {name} figure for {_years_text(lacking)}, so this is in yen; I don't "
                           f"convert currencies myself.")
        stated = [h for y in years for h in self.heads(series, y, asked)]
        given = "; ".join(f"FY{h.year} {_amount(h)} per {_short(self._source(h))}" for h in stated)
        rates = ("come from different sources, each converted at its own exchange rate"
                 if len({h.figure.source for h in stated}) > 1 else "were each converted at the rate of their day")
        return "JPY", (f"This is in yen: I compute changes and totals in yen only. The figures in {name} that my "
                       f"sources give ({given}) {rates}, so a change computed from them would mix exchange-rate "
                       f"movements into it.")

    def _source(self, head: Headline) -> Source:
        return self.fact_base.source(head.figure.source)


# --- formatting ---------------------------------------------------------------------


def _lead(label: str) -> str:
    """A figure label's first part: "defence budget, Cabinet draft (AP)" -> "defence budget"."""
    return label.split(",")[0].split("(")[0].strip().lower()


def _number(value: float, decimals: int = 2) -> str:
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _money(value: float, currency: str) -> str:
    """An amount in units as a person writes it: 2.2181e12 JPY -> ¥2.22 trillion."""
    symbol = {"JPY": "¥", "USD": "US$"}.get(currency, "")
    sign = "-" if value < 0 else ""
    size = abs(value)
    for name in ("trillion", "billion", "million"):
        if size >= SCALES[name]:
            return f"{sign}{symbol}{_number(size / SCALES[name])} {name}"
    return f"{sign}{symbol}{_number(size)}"


def _amount(head: Headline) -> str:
    return head.figure.display()


def _ratio(old: Headline, new: Headline) -> str:
    difference = new.value - old.value
    more = "more" if difference >= 0 else "less"
    return (f"{_amount(new)} against {_amount(old)}, {_number(new.value / old.value)} times as much "
            f"({_money(abs(difference), new.figure.currency or '')} {more})")


def _change(old: Headline, new: Headline) -> str:
    difference = new.value - old.value
    percent = difference / old.value * 100
    verb = "rose" if difference > 0 else "fell" if difference < 0 else "stayed the same"
    size = _money(abs(difference), new.figure.currency or "")
    moved = "" if difference == 0 else f" by {size}, or {abs(percent):.1f}%,"
    return f"{verb}{moved} from {_amount(old)} to {_amount(new)}"


def _stated(figure: Figure) -> str:
    if figure.unit == "times":
        return f"{figure.display().removesuffix('x')} times as much"
    return f"+{figure.display()}"


def _short(source: Source) -> str:
    """A source in a few words: publisher and date."""
    return f"{source.publisher}, {source.date or 'date not shown'}"


def _figure_list(heads: tuple[Headline, ...], deriver: Deriver) -> str:
    parts = []
    for head in heads:
        source = deriver.fact_base.source(head.figure.source)
        parts.append(f"FY{head.year} {_amount(head)} ('{head.figure.label}', fact {head.fact.id}, "
                     f"{_short(source)})")
    return "; ".join(parts)


def _stage(figure: Figure) -> str | None:
    """The budget stage a headline label names after its first comma ("Cabinet draft", "enacted"), if any."""
    _, comma, rest = figure.label.partition(",")
    if not comma:
        return None
    stage = re.sub(r"\([^)]*\)", "", rest)
    stage = re.sub(r",?\s*in (dollars|yen)\s*$", "", stage.strip())
    return " ".join(stage.split()) or None


def _stage_note(heads: Iterable[Headline]) -> str:
    """A sentence naming each year's budget stage when the figures used are not all of one stage, else ""."""
    stages: dict[int, list[str]] = {}
    for head in heads:
        stage = _stage(head.figure)
        if stage is not None and stage not in stages.setdefault(head.year, []):
            stages[head.year].append(stage)
    if len({s for found in stages.values() for s in found}) < 2:
        return ""
    listing = "; ".join(f"FY{year} {' / '.join(found)}" for year, found in sorted(stages.items()))
    return f"Note: these figures are of different budget stages ({listing}), not of one stage for every year."


def _differ_note(series: str, deriver: Deriver, years: Iterable[int], currency: str) -> str:
    notes = []
    for year in years:
        heads = deriver.heads(series, year, currency)
        if len(heads) > 1:
            given = " and ".join(f"{_amount(h)} per {deriver.fact_base.source(h.figure.source).publisher}"
                                 for h in heads)
            notes.append(f"FY{year} ({given})")
    return "Sources differ on " + "; ".join(notes) + ","


def _years_text(years: Iterable[int]) -> str:
    labels = [f"FY{y}" for y in years]
    if not labels:
        return "no year"
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


__all__ = ["Derivation", "Deriver", "Headline", "Intent", "intent_of"]
