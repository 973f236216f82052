"""The fact-base linter behind `python -m bot check`: what a valid file can still get wrong.

Loading (`bot.knowledge`) rejects a file that breaks the schema. These checks look at a valid
file for what a maintainer would want to know before publishing it:

errors (exit 2):
    - `example-duplicate`: the same example question (after normalisation) reaches two facts.
    - `unit-mismatch`: one amount in two units: a fact's answer says "9.04 billion" where its
      figure is 9.04 trillion, or two facts give the same fiscal year's amount 1,000 times apart.
    - `as-of-before-answer`: a fact's `as_of` is earlier than a date its answer states as past
      ("signed 15 January 2026" with `as_of: "2025-12-27"`). Dates after "by", "from", "until" and
      the like are deadlines or starts, not events, and are not counted.
    - `empty-grant`: a country's grant entry with no amount and no equipment, such as "named among
      the eight FY2025 recipients": that belongs in the country's note, not under "Received:".
    - `recipient-without-grant`: a country whose status is `recipient` with no grant entry; being
      named for a coming year is `slated`.
warnings (exit 2 only with `--strict`):
    - `example-collision`: near-identical example questions (rapidfuzz ratio >= 95) in two facts,
      or a fact's example close to an out-of-scope example.
    - `uncited-source`: a source no fact, figure, country or grant cites.
    - `stale`: a fact whose `as_of` is more than `--stale-days` days old (only with that option).
    - `country-unsourced`: a country its cited source documents never name (when the source pack
      is available), or a source whose file is not in the pack.
    - `superseded`: a fact whose answer is overtaken by a later fact of the same topic: the later
      fact (a later `as_of`, its answer giving its latest state first) restates an event the
      earlier answer dates (same month and year) and leads with a later one, which the earlier
      answer never reaches. A member of a `series` is about its own fiscal year and is only
      compared with facts for the same series and year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process

from bot.knowledge import PathKey, locate
from bot.models import FactBase, Figure
from bot.normalize import MONTH_NUMBERS, normalize

__all__ = ["COLLISION_SCORE", "Finding", "Level", "lint"]

Level = Literal["error", "warning"]

COLLISION_SCORE = 95.0
"""rapidfuzz ratio (0-100) at which two normalised example questions count as near-identical."""

_SCALE = {"one": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_WORDS = {"thousand": "thousand", "million": "million", "mn": "million", "billion": "billion",
                "bn": "billion", "trillion": "trillion", "tn": "trillion", "tril": "trillion"}
_AMOUNT_IN_TEXT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|mn|billion|bn|trillion|tn|tril)\b", re.I)
_CHUNK = 2_000
"""Example questions compared per block, so a 10k-fact base never builds one huge score matrix."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    level: Level
    code: str
    message: str
    line: int = 0
    column: int = 0

    def render(self, file: str) -> str:
        return f"{file}:{self.line}:{self.column}: {self.level}: {self.message} [{self.code}]"


def lint(base: FactBase, text: str, *, today: dt.date | None = None, stale_days: int | None = None,
         source_dir: Path | None = None) -> list[Finding]:
    """Every finding for a loaded fact base, errors first, each in file order.

    Args:
        base: The validated fact base.
        text: The file's text (for line numbers).
        today: For `stale` (default: today).
        stale_days: Report facts whose `as_of` is older than this many days; None to skip.
        source_dir: The source pack (the documents sources' `file` names); None or missing to skip
            the checks that read it.
    """
    marks = locate(text)
    linter = _Linter(base, marks)
    findings = [
        *linter.examples(),
        *linter.units(),
        *linter.as_of_dates(),
        *linter.grants(),
        *linter.superseded(),
        *linter.uncited_sources(),
        *linter.stale(today or dt.date.today(), stale_days),
        *linter.source_documents(source_dir),
    ]
    return sorted(findings, key=lambda f: (f.level != "error", f.line, f.column, f.code))


class _Linter:
    def __init__(self, base: FactBase, marks: dict[PathKey, tuple[int, int]]) -> None:
        self.base = base
        self.marks = marks

    def at(self, path: PathKey) -> tuple[int, int]:
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (0, 0))

    def finding(self, level: Level, code: str, message: str, path: PathKey) -> Finding:
        line, column = self.at(path)
        return Finding(level=level, code=code, message=message, line=line, column=column)

    # --- example questions ---

    def examples(self) -> Iterator[Finding]:
        keys: list[str] = []
        owners: list[tuple[int, int]] = []  # (fact index, question index); fact index -1: out_of_scope
        for f_index, fact in enumerate(self.base.facts):
            for q_index, question in enumerate(fact.questions):
                keys.append(_example_key(question))
                owners.append((f_index, q_index))
        for q_index, question in enumerate(self.base.out_of_scope):
            keys.append(_example_key(question))
            owners.append((-1, q_index))
        reported: set[tuple[int, int]] = set()
        for start in range(0, len(keys), _CHUNK):
            block = keys[start:start + _CHUNK]
            scores = process.cdist(block, keys, scorer=fuzz.ratio, score_cutoff=COLLISION_SCORE, workers=-1)
            for row, col in zip(*scores.nonzero(), strict=True):
                i, j = start + int(row), int(col)
                if j <= i or not keys[i] or owners[i][0] == owners[j][0] or (owners[i][0] < 0 and owners[j][0] < 0):
                    continue
                if _numbers(keys[i]) != _numbers(keys[j]):
                    continue  # "FY25 ..." and "FY26 ...", "2 billion yen ..." and "5 billion yen ...": told apart
                pair = (min(owners[i][0], owners[j][0]), max(owners[i][0], owners[j][0]))
                if pair in reported:
                    continue  # one finding per pair of facts is enough to act on
                reported.add(pair)
                yield self._collision(i, j, owners, float(scores[row, col]), keys[i] == keys[j])

    def _collision(self, i: int, j: int, owners: list[tuple[int, int]], score: float, same: bool) -> Finding:
        (fi, qi), (fj, qj) = owners[i], owners[j]
        if fi < 0:
            (fi, qi), (fj, qj) = (fj, qj), (fi, qi)
        first = self.base.facts[fi]
        here = ("facts", fi, "questions", qi)
        if fj < 0:
            other = self.base.out_of_scope[qj]
            return self.finding("warning", "example-collision",
                                f"facts '{first.id}' example \"{first.questions[qi]}\" is close to the out-of-scope "
                                f"example \"{other}\" (score {score:.0f})", here)
        second = self.base.facts[fj]
        where = f"line {self.at(('facts', fj, 'questions', qj))[0]}"
        if same:
            return self.finding("error", "example-duplicate",
                                f"facts '{first.id}' and '{second.id}' both have the example \"{first.questions[qi]}\" "
                                f"(the second as \"{second.questions[qj]}\", {where}): a question like it cannot "
                                "tell them apart", here)
        return self.finding("warning", "example-collision",
                            f"facts '{first.id}' and '{second.id}' have near-identical examples "
                            f"\"{first.questions[qi]}\" and \"{second.questions[qj]}\" ({where}, score {score:.0f})",
                            here)

    # --- units ---

    def units(self) -> Iterator[Finding]:
        for f_index, fact in enumerate(self.base.facts):
            for g_index, figure in enumerate(fact.figures):
                if figure.unit not in _SCALE:
                    continue
                for number, unit in _amounts_in(fact.answer):
                    same_digits = _same_digits(number, figure.amount) and unit != figure.unit
                    if same_digits or _thousandfold(number * _SCALE[unit], _value(figure)):
                        yield self.finding(
                            "error", "unit-mismatch",
                            f"facts '{fact.id}': the answer says {_plain(number)} {unit} where figure "
                            f"'{figure.label}' is {_plain(figure.amount)} {figure.unit}",
                            ("facts", f_index, "figures", g_index, "unit"))
        by_year: dict[tuple[str | None, int | None], list[tuple[int, int, Figure]]] = defaultdict(list)
        for f_index, fact in enumerate(self.base.facts):
            for g_index, figure in enumerate(fact.figures):
                if figure.unit in _SCALE and figure.fiscal_year is not None:
                    by_year[(figure.currency, figure.fiscal_year)].append((f_index, g_index, figure))
        for group in by_year.values():
            for index, (fi, gi, figure) in enumerate(group):
                for fj, _gj, other in group[:index]:
                    if fi == fj or not _thousandfold(_value(figure), _value(other)):
                        continue
                    if fuzz.token_set_ratio(figure.label.lower(), other.label.lower()) < 60:
                        continue  # different quantities of the same year
                    first, second = self.base.facts[fj], self.base.facts[fi]
                    yield self.finding(
                        "error", "unit-mismatch",
                        f"facts '{second.id}' gives '{figure.label}' FY{figure.fiscal_year} as "
                        f"{_plain(figure.amount)} {figure.unit}, but '{first.id}' gives '{other.label}' as "
                        f"{_plain(other.amount)} {other.unit}: 1,000 times apart",
                        ("facts", fi, "figures", gi, "unit"))

    # --- dates ---

    def as_of_dates(self) -> Iterator[Finding]:
        for index, fact in enumerate(self.base.facts):
            stated = [d for d in _answer_dates(fact.answer) if d.past]
            if not stated:
                continue
            latest = max(stated, key=lambda d: d.day)
            if latest.day > _period_end(fact.as_of):
                yield self.finding("error", "as-of-before-answer",
                                   f"facts '{fact.id}' is as of {fact.as_of}, but its answer states "
                                   f"\"{latest.text}\" ({latest.day.isoformat()}): as_of is the date the answer is "
                                   "true as of, so it cannot be earlier than an event it reports",
                                   ("facts", index, "as_of"))

    def superseded(self) -> Iterator[Finding]:
        dated = [(index, fact, [d for d in _answer_dates(fact.answer) if d.past])
                 for index, fact in enumerate(self.base.facts)]
        for index, fact, dates in dated:
            if not dates:
                continue
            months = {d.month for d in dates}
            newest = max(d.month for d in dates)
            later: list[tuple[_Date, str]] = []
            for _, other, other_dates in dated:
                if (other.id == fact.id or other.topic != fact.topic or not other_dates
                        or _period_end(other.as_of) <= _period_end(fact.as_of)):
                    continue
                if other_dates[0].month != max(d.month for d in other_dates):
                    continue  # only a fact that gives its latest state first, then the history, takes one further
                if fact.series and (other.series, other.fiscal_year) != (fact.series, fact.fiscal_year):
                    continue  # a fiscal year's fact is not overtaken by facts about other years
                if not months & {d.month for d in other_dates}:
                    continue  # not about the same event
                beyond = [d for d in other_dates if d.month > newest]
                if beyond:
                    later.append((max(beyond, key=lambda d: d.day), other.id))
            if later:
                step, other_id = max(later, key=lambda pair: pair[0].day)
                yield self.finding("warning", "superseded",
                                   f"facts '{fact.id}' (as of {fact.as_of}) reports events that '{other_id}' takes "
                                   f"further, to \"{step.text}\"; its answer does not mention that: give the "
                                   "latest state first, then the history", ("facts", index, "answer"))

    # --- countries ---

    def grants(self) -> Iterator[Finding]:
        for c_index, country in enumerate(self.base.countries):
            for g_index, grant in enumerate(country.received):
                if grant.amount is None and _no_equipment(grant.what):
                    yield self.finding("error", "empty-grant",
                                       f"countries '{country.id}': grant \"{grant.what}\" gives no amount and no "
                                       "equipment; say it in the country's note instead",
                                       ("countries", c_index, "received", g_index, "what"))
            if country.status == "recipient" and not country.received:
                yield self.finding("error", "recipient-without-grant",
                                   f"countries '{country.id}' has status recipient but no grant under received; "
                                   "a country only named for a coming year is slated",
                                   ("countries", c_index, "status"))

    # --- sources ---

    def uncited_sources(self) -> Iterator[Finding]:
        cited: set[str] = set()
        for fact in self.base.facts:
            cited.update(fact.sources)
            cited.update(f.source for f in fact.figures)
        for country in self.base.countries:
            cited.update(country.sources)
            cited.update(g.source for g in country.received)
        for index, source in enumerate(self.base.sources):
            if source.id not in cited:
                yield self.finding("warning", "uncited-source",
                                   f"sources '{source.id}' is never cited by a fact, figure, country or grant",
                                   ("sources", index, "id"))

    def stale(self, today: dt.date, stale_days: int | None) -> Iterator[Finding]:
        if stale_days is None:
            return
        cutoff = today - dt.timedelta(days=stale_days)
        for index, fact in enumerate(self.base.facts):
            if _period_end(fact.as_of) < cutoff:
                age = (today - _period_end(fact.as_of)).days
                yield self.finding("warning", "stale",
                                   f"facts '{fact.id}' is as of {fact.as_of}, {age} days ago "
                                   f"(over --stale-days {stale_days})", ("facts", index, "as_of"))

    def source_documents(self, source_dir: Path | None) -> Iterator[Finding]:
        if source_dir is None or not source_dir.is_dir():
            return
        texts: dict[str, str] = {}
        for index, source in enumerate(self.base.sources):
            document = source_dir / source.file
            try:
                texts[source.id] = document.read_text(encoding="utf-8", errors="replace").casefold()
            except OSError:
                yield self.finding("warning", "country-unsourced",
                                   f"sources '{source.id}': file '{source.file}' is not in {source_dir}",
                                   ("sources", index, "file"))
        for index, country in enumerate(self.base.countries):
            cited = [s for s in dict.fromkeys((*country.sources, *(g.source for g in country.received)))
                     if s in texts]
            if not cited:
                continue
            names = [n.casefold() for n in (country.name, *country.aliases)]
            if not any(_names(texts[s], names) for s in cited):
                yield self.finding("warning", "country-unsourced",
                                   f"countries '{country.id}': none of its sources ({', '.join(cited)}) names "
                                   f"{country.name} or its aliases", ("countries", index, "sources"))


_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_DATE_IN_TEXT = re.compile(rf"\b(?:(\d{{1,2}})\s+)?({_MONTH})\.?(?:\s+(\d{{4}}))?\b", re.I)
_PROSPECTIVE = re.compile(r"\b(by|from|until|till|before|through|starting|expected|due|planned for|"
                          r"scheduled for)\s+(?:(?:early|mid|late|the end of)[-\s]+)?$", re.I)
_SOURCE_NOUN = re.compile(r"^\s+(?:article|report|survey|piece|story)s?\b", re.I)
_NOT_AN_ITEM = re.compile(r"^\s*$|\bno (?:\w+ )?(?:amount (?:or|and) )?equipment\b|^\s*(?:named|listed|selected|chosen|"
                          r"picked|included)\b|\bamong the \w+ (?:fy\s?\d{4} )?(?:recipients|countries)\b", re.I)


@dataclass(frozen=True, slots=True)
class _Date:
    """A date an answer states: its text, the earliest day it can mean, and whether it dates a past event (not a
    deadline such as "by March 2026", nor a source such as "the late-December 2025 article")."""

    text: str
    day: dt.date
    past: bool

    @property
    def month(self) -> tuple[int, int]:
        return (self.day.year, self.day.month)


def _answer_dates(text: str) -> list[_Date]:
    """The dates in an answer: "15 January 2026", "March 2024", and "26 March" after a date with its year.

    A month without a year takes the year of the date before it; one with no year before it is skipped.
    """
    found: list[_Date] = []
    year: int | None = None
    for match in _DATE_IN_TEXT.finditer(text):
        day_text, month_text, year_text = match.groups()
        if day_text is None and year_text is None:
            continue  # "may" the verb, "march" the noun: too loose on its own
        if year_text is not None:
            year = int(year_text)
        if year is None:
            continue
        try:
            day = dt.date(year, MONTH_NUMBERS[month_text.lower()], int(day_text) if day_text else 1)
        except ValueError:
            continue
        past = not _PROSPECTIVE.search(text[:match.start()]) and not _SOURCE_NOUN.match(text[match.end():])
        found.append(_Date(text=match.group(0), day=day, past=past))
    return found


def _no_equipment(what: str) -> bool:
    """True when a grant's `what` names no item: blank, "no ... equipment", "named among the eight ..."."""
    return bool(_NOT_AN_ITEM.search(what))


def _example_key(question: str) -> str:
    """What the matcher sees of an example: normalised words, and its years (they pick a series member)."""
    normalized = normalize(question)
    years = " ".join(f"fy{y}" for y in normalized.years)
    return f"{normalized.text} {years}".strip()


def _numbers(key: str) -> list[str]:
    return re.findall(r"\d+", key)


def _amounts_in(text: str) -> Iterable[tuple[float, str]]:
    for match in _AMOUNT_IN_TEXT.finditer(text):
        try:
            number = float(match.group(1).replace(",", ""))
        except ValueError:
            continue
        yield number, _SCALE_WORDS[match.group(2).lower()]


def _value(figure: Figure) -> float:
    return figure.amount * _SCALE[figure.unit]


def _same_digits(number: float, amount: float) -> bool:
    return abs(number - amount) <= 1e-9 * max(1.0, abs(amount))


def _thousandfold(a: float, b: float) -> bool:
    """True when a and b are the same digits 1,000, 1,000,000 ... times apart (within 1%)."""
    if a <= 0 or b <= 0:
        return False
    ratio = max(a, b) / min(a, b)
    return any(abs(ratio / 1000 ** k - 1) <= 0.01 for k in (1, 2, 3, 4))


def _plain(number: float) -> str:
    return f"{number:,.4f}".rstrip("0").rstrip(".")


def _period_end(as_of: str) -> dt.date:
    """The last day an `as_of` of YYYY, YYYY-MM or YYYY-MM-DD covers."""
    parts = [int(p) for p in as_of.split("-")]
    if len(parts) == 3:
        return dt.date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        first_of_next = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first_of_next - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


def _names(text: str, names: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) for name in names)
