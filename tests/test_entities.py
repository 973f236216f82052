"""What the gazetteer finds in a question: fiscal years, country names (exact, misspelt, from the fact base or the
world list) and the cues for "latest" and "all", on small hand-made country tables so each case is plain."""

from __future__ import annotations

import datetime as dt

from bot.entities import Entities, Gazetteer, fiscal_year_of
from bot.models import Country
from bot.normalize import normalize

TODAY = dt.date(2026, 11, 27)


def country(country_id: str, name: str, *aliases: str, status: str = "recipient") -> Country:
    return Country(id=country_id, name=name, aliases=aliases, status=status, sources=("s",))  # type: ignore[arg-type]


def scan(gazetteer: Gazetteer, question: str, known: tuple[str, ...] = ("osa",), today: dt.date = TODAY
         ) -> Entities:
    return gazetteer.scan(normalize(question), today=today, known_words=frozenset(known))


# --- fiscal years --------------------------------------------------------------


def test_the_fiscal_year_starts_in_april() -> None:
    assert fiscal_year_of(dt.date(2026, 1, 1)) == 2025
    assert fiscal_year_of(dt.date(2026, 3, 31)) == 2025
    assert fiscal_year_of(dt.date(2026, 4, 1)) == 2026
    assert fiscal_year_of(dt.date(2026, 11, 27)) == 2026
    assert fiscal_year_of(dt.date(2027, 2, 1)) == 2026


# --- country names ---------------------------------------------------------------


def test_a_name_starting_with_the_is_found_without_it() -> None:
    gazetteer = Gazetteer([country("philippines", "the Philippines")])
    assert scan(gazetteer, "is philippines an osa recipient").countries == ("philippines",)
    assert scan(gazetteer, "the philippines osa").terms == ("the", "country_philippines", "osa")


def test_an_alias_with_no_words_does_not_hide_the_next_alias() -> None:
    gazetteer = Gazetteer([country("philippines", "the Philippines", "!!", "manila")])
    assert scan(gazetteer, "osa for manila").countries == ("philippines",)


def test_a_misspelt_name_is_read_when_close_enough() -> None:
    gazetteer = Gazetteer([country("vietnam", "Vietnam"), country("palau", "Palau"), country("brunei", "Brunei")])
    assert scan(gazetteer, "vietnum osa").countries == ("vietnam",)  # one letter of seven wrong: 85.7% alike
    assert scan(gazetteer, "pallau osa").countries == ("palau",)  # a five-letter name can be misspelt
    assert scan(gazetteer, "brune osa").countries == ("brunei",)  # a five-letter word can be a misspelling
    assert scan(gazetteer, "vietnum osa").terms == ("country_vietnam", "osa")


def test_a_short_or_known_word_is_never_a_misspelt_country() -> None:
    gazetteer = Gazetteer([country("palau", "Palau")])
    assert scan(gazetteer, "palu osa").countries == ()  # four letters: too short to guess from
    assert scan(gazetteer, "pallau osa", known=("osa", "pallau")).countries == ()  # a word of the fact base
    assert scan(gazetteer, "pallau osa", known=()).countries == ()  # no vocabulary given: no guessing


def test_a_two_word_name_with_its_second_word_misspelt() -> None:
    gazetteer = Gazetteer([country("uk", "the United Kingdom", "uk")])
    # "united arab emirates" (world list) is tried first and does not fit at the end of the question.
    assert scan(gazetteer, "osa for the united kingdm").countries == ("uk",)
    assert scan(gazetteer, "costa rika defence budget").other_countries == ("Costa Rica",)  # 75% alike: enough
    assert scan(gazetteer, "costa rca defence budget").other_countries == ()  # three letters: too short


def test_world_names_are_shown_as_written() -> None:
    gazetteer = Gazetteer([])
    found = scan(gazetteer, "trinidad and tobago defence budget")
    assert found.other_countries == ("Trinidad and Tobago",)
    assert found.foreign_subject == "Trinidad and Tobago"
    assert scan(gazetteer, "antigua and barbuda osa").other_countries == ("Antigua and Barbuda",)


def test_the_comments_of_the_world_list_are_not_country_names() -> None:
    # The list's first line: "# Countries of the world, one a line: name|alias|alias...  (lower case)".
    assert scan(Gazetteer([]), "what is the alias of osa").other_countries == ()
