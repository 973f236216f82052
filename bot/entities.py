"""Find what a question names: countries (known to the fact base or not), years and cues.

Countries are data: the fact base's countries table (with aliases and
misspellings) plus a list of the world's countries in `bot/data/countries.txt`,
used only to recognise a question about a country the fact base does not cover.
A country name in a question is replaced by one canonical term (`country_<id>`),
so "Phillipines", "the Philippines" and "Manila" all read the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.models import Country
from bot.normalize import Normalized, normalize

LATEST_CUES = frozenset({"latest", "current", "newest", "recent", "nowadays", "now", "currently", "today"})
FIRST_CUES = frozenset({"first", "earliest", "inaugural", "initial"})
"""'The first four OSA recipients', 'the first OSA budget': the earliest year of a series."""
ALL_CUES = frozenset(
    {"all", "every", "each", "list", "history", "historical", "trend", "ever", "cumulative", "total",
     "altogether", "overall"}
)
RELATIVE_YEARS = (("this year", 0), ("last year", -1), ("previous year", -1), ("next year", 1))
COUNTRY_PREFIX = "country_"
OTHER_PREFIX = "other_"


def fiscal_year_of(day: dt.date) -> int:
    """Japan's fiscal year runs April to March: 2026-11-27 and 2027-02-01 are both in FY2026."""
    return day.year if day.month >= 4 else day.year - 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Entities:
    """What a question names."""

    terms: tuple[str, ...] = ()
    """The question's words with each country name replaced by one canonical term."""
    years: tuple[int, ...] = ()
    countries: tuple[str, ...] = ()
    """Ids of countries in the fact base's countries table."""
    other_countries: tuple[str, ...] = ()
    """Names of countries the fact base does not cover."""
    wants_all: bool = False
    wants_latest: bool = False
    wants_first: bool = False
    foreign_subject: str = ""
    """A country named as the owner of a budget, forces or rules ("China's defence budget",
    "US arms export rules"): the question is about that country, not Japan."""


OWN_AFFAIRS = frozenset({"defense", "budget", "spending", "arms", "export", "rule"})
"""Words that, right after a country's name, make the country the subject of the question."""


ACTOR_WORDS = frozenset({"budget", "spending", "give", "gives", "gave", "provide", "provides", "provided", "send",
                         "sends", "sale", "export"})
"""Words that, right after any country's name, make it the one acting ("China gives aid", "US arms sales")."""


def _listed_with_japan(before: list[str]) -> bool:
    """Is a country named right after a list of countries that holds Japan ("japan, the uk and italy")?"""
    listed = []
    for term in reversed(before):
        if term in ("and", "the", "&"):
            continue
        if term in ("japan", "japanese") or term.startswith((COUNTRY_PREFIX, OTHER_PREFIX)):
            listed.append(term)
            continue
        break
    return "japan" in listed or "japanese" in listed


class Gazetteer:
    """Recognises country names in word sequences, longest name first."""

    def __init__(self, countries: Iterable[Country], *, typo_cutoff: float = 85.0) -> None:
        countries = tuple(countries)
        self.names: dict[tuple[str, ...], str] = {}
        self._fuzzy_names: list[str] = []
        self._fuzzy_ids: list[str] = []
        for country in countries:
            for alias in (country.name.lower().removeprefix("the "), *country.aliases):
                words = normalize(alias).words
                if not words:
                    continue
                self.names[words] = COUNTRY_PREFIX + country.id
                if len(words) == 1 and len(words[0]) >= 5 and words[0].isalpha():
                    self._fuzzy_names.append(words[0])
                    self._fuzzy_ids.append(COUNTRY_PREFIX + country.id)
        for words, display in _world_names().items():
            self.names.setdefault(words, OTHER_PREFIX + display)
        self._mentioned = frozenset(COUNTRY_PREFIX + c.id for c in countries if c.status == "mentioned")
        self.display: dict[str, str] = {}
        for country in countries:
            self.display[COUNTRY_PREFIX + country.id] = country.name
        self._by_first_word: dict[str, list[tuple[str, ...]]] = {}
        for words in sorted(self.names, key=len, reverse=True):
            self._by_first_word.setdefault(words[0], []).append(words)
        self.typo_cutoff = typo_cutoff

    def scan(self, normalized: Normalized, *, today: dt.date, known_words: frozenset[str] = frozenset()
             ) -> Entities:
        """Entities of one normalised question. Misspelt countries are found only among words
        that are not in `known_words` (the fact base's vocabulary), so no real word becomes a country."""
        words = normalized.words
        terms: list[str] = []
        countries: list[str] = []
        others: list[str] = []
        position = 0
        while position < len(words):
            term = self._name_at(words, position)
            if term is not None:
                size, name = term
                terms.append(name)
                position += size
            else:
                word = words[position]
                position += 1
                misspelt = self._misspelt(word, known_words) if known_words else None
                terms.append(misspelt or word)
                if misspelt is None:
                    continue
                name = misspelt
            if name.startswith(COUNTRY_PREFIX):
                _add(countries, name.removeprefix(COUNTRY_PREFIX))
            else:
                _add(others, name.removeprefix(OTHER_PREFIX))
        foreign_subject = ""
        for position, candidate in enumerate(terms):
            if not candidate.startswith((COUNTRY_PREFIX, OTHER_PREFIX)):
                continue
            if _listed_with_japan(terms[max(0, position - 4):position]):
                continue  # "japan uk italy export ...": Japan is among those acting
            following = [w for w in terms[position + 1:position + 3] if w not in ("own", "total", "annual")]
            mentioned = candidate in self._mentioned
            # A country the sources only mention (the US, China) owns a budget only when the words say so:
            # "China's defence budget", not "China's export controls" or "the US military presence".
            owned = (bool(following) and following[0] in ACTOR_WORDS) or following[:2] in (
                ["defense", "budget"], ["defense", "spending"])
            if owned or (not mentioned and following and following[0] in OWN_AFFAIRS):
                foreign_subject = self.display.get(candidate, candidate.removeprefix(OTHER_PREFIX))
                break
        joined = f" {' '.join(words)} "
        years = list(normalized.years)
        current = fiscal_year_of(today)
        # With a year named, "last year" is relative to it, not to today (comparisons are not answered here).
        for phrase, offset in RELATIVE_YEARS if not years else ():
            if f" {phrase} " in joined:
                _add(years, current + offset)
        word_set = set(words)
        return Entities(
            terms=tuple(terms),
            years=tuple(years),
            countries=tuple(countries),
            other_countries=tuple(others),
            wants_all=bool(word_set & ALL_CUES) or " so far " in joined or " over the years " in joined,
            wants_latest=bool(word_set & LATEST_CUES),
            wants_first=bool(word_set & FIRST_CUES),
            foreign_subject=foreign_subject,
        )

    def without_others(self, normalized: Normalized) -> str:
        """The question's words with the names of countries the fact base does not know left out ("the fighter is
        co-developed with the US and Australia" -> "... with the us and"), to see what the rest of it is about."""
        words = normalized.words
        kept: list[str] = []
        position = 0
        while position < len(words):
            term = self._name_at(words, position)
            if term is not None and term[1].startswith(OTHER_PREFIX):
                position += term[0]
                continue
            size = term[0] if term is not None else 1
            kept.extend(words[position:position + size])
            position += size
        return " ".join(kept)

    def _name_at(self, words: tuple[str, ...], position: int) -> tuple[int, str] | None:
        """The longest country name starting at `position`, as (number of words, canonical term)."""
        names = self._by_first_word.get(words[position], ())
        for name in names:
            if words[position:position + len(name)] == name:
                return len(name), self.names[name]
        for name in names:  # the first word exact, the rest misspelt: "sri lnaka", "east timur"
            rest = words[position + 1:position + len(name)]
            if len(name) < 2 or len(rest) != len(name) - 1:
                continue
            pairs = zip(rest, name[1:], strict=True)
            if all(len(typed) >= 4 and fuzz.ratio(typed, known) >= 75 for typed, known in pairs):
                return len(name), self.names[name]
        return None

    def _misspelt(self, word: str, known_words: frozenset[str]) -> str | None:
        if len(word) < 5 or not word.isalpha() or word in known_words or not self._fuzzy_names:
            return None
        found = process.extractOne(word, self._fuzzy_names, scorer=fuzz.ratio, score_cutoff=self.typo_cutoff)
        if found is not None:
            return self._fuzzy_ids[found[2]]
        for name, country_id in zip(self._fuzzy_names, self._fuzzy_ids, strict=True):
            # two neighbouring letters swapped ("tonag"), which the ratio scores as two changes; the same letters
            # ("timer" is no "timor")
            if sorted(word) == sorted(name) and OSA.distance(word, name) == 1:
                return country_id
        return None


def _add(items: list[str] | list[int], value: object) -> None:
    if value not in items:
        items.append(value)  # type: ignore[arg-type]


def _world_names() -> dict[tuple[str, ...], str]:
    names: dict[tuple[str, ...], str] = {}
    text = resources.files("bot").joinpath("data/countries.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        variants = line.split("|")
        display = variants[0].title().replace(" And ", " and ").replace(" Of ", " of ")
        for variant in variants:
            words = normalize(variant).words
            if words:
                names[words] = display
    return names
