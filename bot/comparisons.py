"""Settle a claim that compares two amounts from the figures the fact base holds for each side.

"Mongolia's OSA grant was bigger than Djibouti's, right?", "Bangladesh got more than the
Philippines in FY2023?", "the FY2026 OSA budget is more than double the year before":
each side of "than" is a country (its grants, in the year the claim names if it names
one) or a fiscal year of a series (its headline figures in yen). The claim is settled
only when every pairing of the two sides' figures agrees (sources that differ, or a
country with several grants, must all point the same way); otherwise it is not settled
here. Nothing is compared across currencies, and no figure is ever estimated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.models import Country

Verdict = Literal["yes", "no"]

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_MULTIPLE = {"double": 2.0, "twice": 2.0, "triple": 3.0, "three times": 3.0, "half": 0.5}
_LARGER = frozenset({"more", "bigger", "larger", "greater", "higher", "over", "above"})
_COMPARED = re.compile(
    r"\b(?:(?P<bound>more|over|above|at least|less|under|below)\s+(?:than\s+)?(?P<multiple>double|twice|triple"
    r"|three times|half)\b"
    r"|(?P<word>more|bigger|larger|greater|higher|less|smaller|lower)(?:\s+(?!than\b)[\w-]+){0,3}?\s+than\b"
    r"|(?P<exact>doubled|double(?![- ]?check)|twice|tripled|triple|three times|halved|half)\b)",
    re.IGNORECASE)
_EXACT = {"doubled": 2.0, "double": 2.0, "twice": 2.0, "tripled": 3.0, "triple": 3.0, "three times": 3.0,
          "halved": 0.5, "half": 0.5}
_CHANGE = re.compile(r"\b(?:increase|increases|rise|rises|growth|grew|jump|hike|gain|percent|percentage|share"
                     r"|terms|rate|per ?cent|%)", re.IGNORECASE)
"""A comparison of changes or shares ("the FY2023 increase was bigger in percentage terms"), not of amounts."""
_FISCAL_YEAR = re.compile(r"\b(?:FY\s?'?(\d{4}|\d{2})|(?<![\d.,])(20\d\d)(?!\d|[.,]\d))", re.IGNORECASE)
_YEAR_BEFORE = re.compile(r"\b(?:the (?:year|one) before|the previous year|the prior year|a year earlier"
                          r"|last year's|the year earlier)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """What a claim says of its two sides: the first is larger (or smaller), by more than `factor` times."""

    larger: bool
    factor: float
    exact: bool = False
    """A multiple as such ("FY26 is triple FY25"), not a bound ("more than double"): right within 10%, wrong
    beyond 20%."""
    first: str
    """The words before the comparison ("Mongolia's OSA grant was")."""
    second: str
    """The words after it ("Djibouti's, right?")."""


_YEAR_SIDE = re.compile(r"\W*(?:19|20)\d\d\b(?!\s*(?:[%.,]\d|%|percent|yen|bn|billion|trillion|tn|mn|million)\b)",
                        re.IGNORECASE)
"""A year after "less than" ("was less than 2023") is the other side of the comparison, not a figure."""


def comparison_in(question: str) -> Comparison | None:
    """The comparison a claim makes, or None ("more than ¥5 billion" compares with a figure, not a side)."""
    found = _COMPARED.search(question)
    if found is None or _CHANGE.search(question):
        return None
    after = question[found.end():]
    if found.group("exact"):
        return Comparison(larger=True, factor=_EXACT[found.group("exact").lower()], exact=True,
                          first=question[:found.start()], second=after)
    word = (found.group("bound") or found.group("word")).lower()
    factor = _MULTIPLE[found.group("multiple").lower()] if found.group("multiple") else 1.0
    if re.match(r"\W*(?:[¥$€£]|\d)", after) and not _YEAR_SIDE.match(after):
        return None  # "more than ¥5 billion", "bigger than 2%": a bound, which the figure check settles
    return Comparison(larger=word in _LARGER or word == "at least", factor=factor,
                      first=question[:found.start()], second=after)


def fiscal_years(text: str) -> list[int]:
    """The fiscal years a side names, in order ("FY26", "2025")."""
    years = []
    for match in _FISCAL_YEAR.finditer(text):
        digits = match.group(1) or match.group(2)
        years.append(int(digits) + 2000 if len(digits) == 2 else int(digits))
    return years


def countries_named(text: str, countries: Sequence[Country]) -> list[Country]:
    """The countries of the fact base a side names, by name or alias."""
    named = []
    for country in countries:
        names = "|".join(re.escape(n) for n in (country.name, *country.aliases) if n)
        if names and re.search(rf"\b(?:{names})\b", text, re.IGNORECASE):
            named.append(country)
    return named


def grant_amounts(country: Country, year: int | None) -> tuple[float, ...]:
    """The yen amounts a country received (in one fiscal year, when given)."""
    return tuple(g.amount * _SCALES.get(g.unit or "", 1.0) for g in country.received
                 if g.amount is not None and g.currency in (None, "JPY")
                 and (year is None or g.fiscal_year == year))


def settle(comparison: Comparison, first: Sequence[float], second: Sequence[float]) -> Verdict | None:
    """Yes or No when every pairing of the two sides' figures agrees; None when there is nothing to compare or
    they disagree."""
    if not first or not second or any(b <= 0 for b in second):
        return None
    if comparison.exact:
        off = [abs(a / b - comparison.factor) / comparison.factor for a in first for b in second]
        return "yes" if all(o <= 0.1 for o in off) else "no" if all(o > 0.2 for o in off) else None
    if comparison.larger:
        holds = [a > comparison.factor * b for a in first for b in second]
    else:
        holds = [a < comparison.factor * b for a in first for b in second]
    if all(holds):
        return "yes"
    if not any(holds):
        return "no"
    return None


def settle_countries(comparison: Comparison, countries: Sequence[Country], year: int | None) -> Verdict | None:
    """Two countries' grants compared: one country on each side of "than"."""
    before = countries_named(comparison.first, countries)
    after = countries_named(comparison.second, countries)
    if len(before) != 1 or len(after) != 1 or before[0].id == after[0].id:
        return None
    return settle(comparison, grant_amounts(before[0], year), grant_amounts(after[0], year))


def settle_years(comparison: Comparison, heads: Callable[[int], tuple[float, ...]]) -> Verdict | None:
    """Two fiscal years of one series compared: a year on each side ("the year before" is the one before)."""
    before = fiscal_years(comparison.first)
    after = fiscal_years(comparison.second)
    if len(before) == 1 and not after and _YEAR_BEFORE.search(comparison.second):
        after = [before[0] - 1]
    if len(before) != 1 or len(after) != 1 or before == after:
        return None
    return settle(comparison, heads(before[0]), heads(after[0]))
