"""Normalisation: the same question written many ways reads the same."""

from __future__ import annotations

import pytest

from bot.normalize import normalize, strip_markup


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("FY26 budget", (2026,)),
        ("fy 2026 budget", (2026,)),
        ("fiscal 2026 budget", (2026,)),
        ("fiscal year 2025", (2025,)),
        ("budget 2026-27", (2026,)),
        ("budget 2025/26", (2025,)),
        ("budget 2026–2027", (2026,)),
        ("from 2023 to 2027", (2023, 2024, 2025, 2026, 2027)),
        ("FY23 thru FY26", (2023, 2024, 2025, 2026)),
        ("fy2023 and fy2025", (2023, 2025)),
        ("the budget in 1990", (1990,)),
        ("ｆｙ２０２６ budget", (2026,)),
        ("budget in the 90s", ()),
    ],
)
def test_fiscal_year_forms_become_entities(question: str, years: tuple[int, ...]) -> None:
    normalized = normalize(question)
    assert normalized.years == years
    assert not any(ch.isdigit() for ch in normalized.text.replace("90", "")), normalized.text


def test_uk_and_us_spellings_and_synonyms_match() -> None:
    assert normalize("Japan's defence programme").tokens == normalize("japan defense program").tokens
    # plurals too: "18 metres" is the answer's "18-metre"
    assert normalize("18 metres, aluminium hulls").tokens == normalize("18 meters, aluminum hulls").tokens
    assert "meter" in normalize("18 metres").tokens
    assert normalize("Tokyo's military spending").tokens == normalize("japanese defense spend").tokens
    assert normalize("official security assistance").tokens == ("osa",)


def test_full_width_and_case_are_folded() -> None:
    assert normalize("ＯＳＡ ＢＵＤＧＥＴ").tokens == normalize("osa budget").tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9.04tn yen", "9.04 trillion yen"), ("9,040 billion yen", "9.04 trillion yen"),
     ("¥18.1bn", "yen 18.1 billion"), ("600m yen", "600 million yen"),
     ("9.04 trilion", "9.04 trillion"), ("300 milion yen", "300 million yen"), ("1.6 bilion", "1.6 billion"),
     ("575 millon", "575 million"), ("2 thousnd", "2 thousand"), ("8 trillon", "8 trillion")],
)
def test_number_forms_are_unified(text: str, expected: str) -> None:
    assert normalize(text).text == expected


def test_chat_markup_is_removed() -> None:
    text = "<@U123> <#C1|general> what's the <https://x.example|OSA> budget :flag-jp: <!here> @everyone"
    assert normalize(text).text == "what the osa budget"
    assert "<" not in strip_markup("<@!123> <@&456> <:emoji:789> hi")


def test_us_abbreviation_is_a_country_but_us_dollars_are_a_currency() -> None:
    assert "usa" in normalize("What is the US defence budget?").words
    assert "usa" in normalize("what is the us defense budget").words
    assert "usa" not in normalize("the budget in US dollars").words
    assert "usa" not in normalize("tell us about osa").words


def test_stop_words_are_dropped_but_words_kept() -> None:
    normalized = normalize("Hey bot, could you tell me what the OSA budget is?")
    assert normalized.tokens == ("osa", "budget")
    assert "could" in normalized.words


def test_long_and_hostile_input_is_bounded() -> None:
    normalized = normalize("a" * 100_000 + " budget")
    assert len(normalized.text) <= 2000
    assert normalize("\x00\x01\x02 budget \u202e").tokens == ("budget",)


def test_lower_case_us_before_a_defence_word_is_the_country() -> None:
    assert "usa" in normalize("us defense budget please").words
    assert "usa" in normalize("what's the us military spending").words
    assert "usa" not in normalize("tell us the defense budget").words


def test_words_that_frame_a_question_are_not_matched() -> None:
    """Who the answer is for, or where it was read, never says which fact answers it."""
    assert normalize("Give me a single sentence on what OSA is, for my boss").tokens == normalize(
        "give me a single what OSA is").tokens
    assert normalize("for my class presentation: who is the PM in the article?").tokens == normalize(
        "who is the PM?").tokens


def test_chat_shorthand_for_asking_words_is_framing() -> None:
    from bot.normalize import normalize

    assert normalize("whch countries co-develop the nxt gen fighter w japan").tokens == (
        "countri", "develop", "next", "generat", "fighter", "japan")
    assert "year" in normalize("prevous 5yr plan size").tokens


def test_a_month_s_year_beside_a_fiscal_year_is_a_date_not_a_fiscal_year() -> None:
    assert normalize("what does the fiscal 2026 budget pay for, per the December 2025 article?").years == (2026,)
    assert normalize("FY2024 grant signed on Dec 5, 2024").years == (2024,)
    assert normalize("OSA launched in April 2023").years == (2023,)  # alone, a month's year is all there is


def test_the_month_a_source_was_written_is_neither_a_year_nor_a_topic() -> None:
    assert normalize("Which threats does the December 2025 article cite?").text == "which threats does the article cite"
    assert normalize("what did the late-December 2025 report say").years == ()
    assert normalize("approved in December 2024").years == (2024,)  # not a source's date


@pytest.mark.parametrize(
    ("text", "dropped", "kept"),
    [
        ("Kyodo put the FY2026 budget at 9.04 trillion yen", "put", "budget"),
        ("Nikkei puts the OSA budget at about $58bn", "put", "osa"),
        ("OSA started back in 2022", "back", "launch"),
    ],
)
def test_words_that_only_frame_a_figure_or_a_date_are_not_matched(text: str, dropped: str, kept: str) -> None:
    tokens = normalize(text).tokens
    assert dropped not in tokens and kept in tokens, tokens


@pytest.mark.parametrize(("text", "kept"), [("How much did Japan put into OSA?", "put"),
                                            ("is japan bringing back military service", "back")])
def test_the_same_words_with_a_meaning_stay(text: str, kept: str) -> None:
    assert kept in normalize(text).tokens


def test_a_multiple_is_a_figure_and_a_bare_decimal_is_kept_apart() -> None:
    from bot.normalize import bare_decimals, quantities

    assert quantities(normalize("2.2 times the FY2025 amount, or 2.2x").words) == (2.2,)
    assert quantities(normalize("the number 9.04").words) == ()
    assert bare_decimals(normalize("the number 9.04, not 1.9 billion").words) == (9.04,)


def test_post_a_fiscal_year_is_the_year_after() -> None:
    assert normalize("post-FY27 plan size?").years == (2028,)
    assert normalize("post fiscal 2026").years == (2027,)


def test_the_2014_principles_are_the_three_principles() -> None:
    assert {"3", "principl"} <= set(normalize("What did the 2014 principles replace?").tokens)
    assert normalize("What did the 2014 principles replace?").years == (2014,)
    assert "3" not in normalize("principles of investing").tokens


@pytest.mark.parametrize(("text", "years", "left"), [
    ("FY23-24 budget", (2023,), "budget"),  # one fiscal year, named by the two calendar years it spans
    ("fy2023/24 budget", (2023,), "budget"),
    ("FY23-26 budgets", (2023, 2024, 2025, 2026), "budget"),
])
def test_a_fiscal_year_named_by_its_two_calendar_years_leaves_no_stray_number(text: str, years: tuple[int, ...],
                                                                                left: str) -> None:
    normalized = normalize(text)
    assert normalized.years == years and normalized.text.split() == [left], normalized


def test_us_with_dots_is_the_usa() -> None:
    assert "usa" in normalize("U.S. defense budget").words
