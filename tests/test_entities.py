"""What the gazetteer finds in a question: fiscal years, country names (exact, misspelt, from the fact base or the
world list) and the cues for "latest" and "all", on small hand-made country tables so each case is plain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot import entities
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


# --- what each part of a scan decides (issue 13: each case below was a planted bug the tests above let through) ---


def test_a_name_of_the_fact_base_wins_over_the_world_list() -> None:
    found = scan(Gazetteer([country("chad", "Chad")]), "chad osa")
    assert (found.countries, found.other_countries, found.terms) == (("chad",), (), ("country_chad", "osa"))
    found = scan(Gazetteer([]), "chad osa")
    assert (found.countries, found.other_countries, found.terms) == ((), ("Chad",), ("other_Chad", "osa"))


def test_the_longest_name_is_read_first() -> None:
    gazetteer = Gazetteer([country("guinea", "Guinea")])
    found = scan(gazetteer, "guinea-bissau defence budget")
    assert (found.countries, found.other_countries, found.terms[0]) == ((), ("Guinea-Bissau",), "other_Guinea-Bissau")
    assert scan(gazetteer, "guinea defence budget").countries == ("guinea",)


def test_only_a_one_word_name_of_letters_is_guessed_from_a_misspelling() -> None:
    gazetteer = Gazetteer([country("korea", "South Korea"), country("gb", "Guinea-Bissau"), country("r2", "R2land")])
    assert scan(gazetteer, "souths osa").countries == ()  # "south" is only the first word of a name
    assert scan(gazetteer, "guineas osa").countries == ()  # nor is "guinea"
    assert scan(gazetteer, "rzland osa").countries == ()  # a name with a digit is never guessed


def test_an_unknown_word_far_from_every_name_is_no_country() -> None:
    gazetteer = Gazetteer([country("palau", "Palau"), country("vietnam", "Vietnam")])
    found = scan(gazetteer, "hello there, osa budget", known=("osa", "budget"))
    assert (found.countries, found.terms) == ((), ("hello", "there", "osa", "budget"))
    assert scan(gazetteer, "palauan osa").countries == ()  # contains the name but is not one letter off it
    assert scan(gazetteer, "palauans osa").countries == ()  # alike letter by letter, not as a part of the word
    assert scan(gazetteer, "osa for vietnum and pallau").countries == ("vietnam", "palau")


def test_the_scan_goes_on_after_the_whole_name() -> None:
    found = scan(Gazetteer([]), "osa costa rica")
    assert (found.terms, found.other_countries) == (("osa", "other_Costa Rica"), ("Costa Rica",))


def test_a_country_named_twice_is_listed_once() -> None:
    gazetteer = Gazetteer([country("fiji", "Fiji", "fijian")])
    assert scan(gazetteer, "fiji osa and fijian boats for fiji").countries == ("fiji",)
    assert scan(Gazetteer([]), "chad and chad osa").other_countries == ("Chad",)


def test_a_typo_cutoff_can_be_given() -> None:
    gazetteer = Gazetteer([country("vietnam", "Vietnam")], typo_cutoff=90.0)
    assert gazetteer.typo_cutoff == 90.0
    assert scan(gazetteer, "vietnum osa").countries == ()  # 85.7% alike: under 90


# --- the owner of a budget, forces or rules --------------------------------------------------------------


def owners() -> Gazetteer:
    return Gazetteer([country("china", "China", status="mentioned"), country("fiji", "Fiji"),
                      country("philippines", "the Philippines")])


@pytest.mark.parametrize(("question", "subject"), [
    ("China's defence budget", "China"),
    ("china defense spending", "China"),
    ("china gives aid to fiji", "China"),  # a word of acting, right after the name
    ("China's own budget", "China"),  # "own", "total" and "annual" are passed over
    ("china total spending", "China"),
    ("china annual budget", "China"),
    ("china arms exports", ""),  # a country the sources only mention owns a budget only when the words say so
    ("china defense presence", ""),
    ("fiji arms", "Fiji"),  # a partner's own affairs
    ("fiji export rules", "Fiji"),
    ("the philippines defense budget", "the Philippines"),  # shown as the fact base writes it
    ("fiji osa budget", ""),  # the word after the name decides, not the one after that
    ("osa to fiji", ""),  # nothing after the name
    ("china", ""),
    ("osa to fiji; china defense budget", "China"),  # the first country that owns something
    ("chad defense budget", "Chad"),  # a country of the world list
    ("chad osa", ""),
])
def test_the_country_that_owns_the_budget_is_the_subject(question: str, subject: str) -> None:
    assert scan(owners(), question).foreign_subject == subject


# --- years and cues ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "years"), [
    ("osa this year", (2026,)),
    ("osa last year", (2025,)),
    ("osa in the previous year", (2025,)),
    ("osa next year", (2027,)),
    ("osa last year and this year", (2026, 2025)),  # in the order of RELATIVE_YEARS
    ("osa in fy2023 and last year", (2023,)),  # with a year named, "last year" is not today's
    ("osa yearly", ()),
])
def test_relative_years_count_from_todays_fiscal_year(question: str, years: tuple[int, ...]) -> None:
    assert scan(Gazetteer([]), question).years == years


def test_relative_years_before_april_belong_to_the_fiscal_year_before() -> None:
    assert scan(Gazetteer([]), "osa this year", today=dt.date(2027, 2, 1)).years == (2026,)


@pytest.mark.parametrize(("question", "wants_all", "wants_latest"), [
    ("osa recipients", False, False),
    ("all osa recipients", True, False),
    ("osa recipients so far", True, False),
    ("osa recipients over the years", True, False),
    ("osa over years", False, False),
    ("latest osa recipients", False, True),
    ("osa recipients now", False, True),
    ("every osa recipient today", True, True),
])
def test_cues_for_all_and_for_the_latest(question: str, wants_all: bool, wants_latest: bool) -> None:
    found = scan(Gazetteer([]), question)
    assert (found.wants_all, found.wants_latest) == (wants_all, wants_latest)


# --- the world list --------------------------------------------------------------------------------------


def test_a_misspelling_as_near_to_a_fact_base_name_as_to_a_world_name_is_the_fact_bases(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "countries.txt").write_text("west zland\n", encoding="utf-8")
    monkeypatch.setattr(entities.resources, "files", lambda package: tmp_path)
    gazetteer = Gazetteer([country("yland", "West Yland")])
    found = scan(gazetteer, "osa for west xland")  # "xland" is 80% like both "yland" and "zland"
    assert (found.countries, found.other_countries) == (("yland",), ())


def test_the_world_list_is_read_line_by_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "countries.txt").write_text(
        "# a comment|commentland\n"
        "\n"
        "   \n"
        "republic of nowhere|nowhereland|!!\n"
        "saint kitts and nevis|st kitts\n"
        "côte d'ivoire|ivory coast\n", encoding="utf-8")
    monkeypatch.setattr(entities.resources, "files", lambda package: tmp_path)
    gazetteer = Gazetteer([])
    assert scan(gazetteer, "nowhereland osa").other_countries == ("Republic of Nowhere",)
    assert scan(gazetteer, "republic of nowhere osa").other_countries == ("Republic of Nowhere",)
    assert scan(gazetteer, "st kitts osa").other_countries == ("Saint Kitts and Nevis",)
    assert scan(gazetteer, "ivory coast osa").other_countries == ("Côte D'Ivoire",)
    assert scan(gazetteer, "commentland osa").other_countries == ()
    assert len(gazetteer.names) == 6



def test_two_swapped_letters_in_a_country_name_still_name_it() -> None:
    """The ratio scores a swap as two changes: "tonag" is 80% like "tonga"."""
    gazetteer = Gazetteer([country("tonga", "Tonga"), country("timor", "East Timor", "timor")])
    assert scan(gazetteer, "tonag osa").countries == ("tonga",)
    assert scan(gazetteer, "tinoga osa").countries == ()  # two changes
    assert scan(gazetteer, "timer osa").countries == ()  # other letters: a timer is no Timor
    assert scan(gazetteer, "tonag osa", known=()).countries == ()  # no vocabulary given: no guessing


def test_a_country_listed_after_japan_is_not_the_one_acting() -> None:
    gazetteer = Gazetteer([country("italy", "Italy", status="mentioned"), country("uk", "the United Kingdom", "uk",
                                                                                   status="mentioned")])
    assert scan(gazetteer, "can japan, the uk and italy export the fighter").foreign_subject == ""
    assert scan(gazetteer, "japan uk italy export rules").foreign_subject == ""
    assert scan(gazetteer, "what are italy export rules").foreign_subject == "Italy"
