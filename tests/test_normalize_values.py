"""Normalisation, value by value: what a question reads as (its text, tokens, years and figures).

tests/test_normalize.py shows that the many ways of writing a question read the same; this file pins the exact
result of each form a user types (chat markup, year spans and their limits, scale words, small and large figures),
so that a question about "FY2023-FY2026" keeps asking about four years and "¥1,000bn" stays a trillion yen.
"""

from __future__ import annotations

import pytest

from bot.answers import AnswerService
from bot.normalize import bare_decimals, content_tokens, normalize, quantities, same_quantity, strip_markup


@pytest.fixture(autouse=True)
def _read_afresh() -> None:
    """Each test reads its questions anew, not from `normalize`'s cache of an earlier test (or process)."""
    normalize.cache_clear()

# --- chat markup ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "text"),
    [
        ("~~Indonesia~~ Sri Lanka OSA", "sri lanka osa"),  # Discord: the word taken back is not asked about
        ("~Indonesia~ Sri Lanka OSA", "sri lanka osa"),  # Slack's single tildes
        ("approx ~5 trillion yen", "approx 5 trillion yen"),  # a lone tilde is "about", not a strike
        ("<@U123> osa budget", "osa budget"),  # a mention alone, with no colon or at sign elsewhere
        ("<#C1|general> osa budget", "osa budget"),  # a channel link: no colon or at sign at all
        ("<!here> osa budget", "osa budget"),
        (":flag-jp: osa budget", "osa budget"),  # an emoji code alone
        ("@everyone osa budget", "osa budget"),  # a broadcast alone
        ("<https://mod.example/osa|the OSA page> budget", "the osa page budget"),  # a link's label is kept
        ("<https://mod.example/osa> budget", "budget"),  # a bare link says nothing
        ("see https://mod.example/osa?x=1 budget", "see budget"),
    ],
)
def test_chat_markup_leaves_only_what_the_user_wrote(message: str, text: str) -> None:
    assert normalize(message).text == text


def test_strip_markup_keeps_the_words_around_markup() -> None:
    assert strip_markup("~~Indonesia~~ Sri Lanka").split() == ["Sri", "Lanka"]
    assert strip_markup("<https://mod.example|OSA> grants").split() == ["OSA", "grants"]
    assert strip_markup("ask <@U123> about :flag-jp: @here OSA").split() == ["ask", "about", "OSA"]
    assert strip_markup("read https://mod.example/a now").split() == ["read", "now"]
    assert strip_markup("plain OSA question") == "plain OSA question"


# --- fiscal years ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("FY98 budget", (1998,)),
        ("FY26 budget", (2026,)),
        ("FY49 plan", (2049,)),  # two digits under 50 are this century
        ("FY50 plan", (1950,)),  # 50 and above the last
        ("the year before fiscal 2000", (1999,)),
        ("post-FY99 plan", (2000,)),
    ],
)
def test_two_digit_years_are_read_in_the_right_century(question: str, years: tuple[int, ...]) -> None:
    assert normalize(question).years == years


@pytest.mark.parametrize(
    ("question", "years"),
    [
        # spans of years, whatever joins them, are every year from the first to the last
        ("FY2023-FY2026 budgets", (2023, 2024, 2025, 2026)),
        ("budgets 2023-2025", (2023, 2024, 2025)),
        ("budgets 2023\u20132025", (2023, 2024, 2025)),
        ("budgets FY2023\u2014FY2026", (2023, 2024, 2025, 2026)),
        ("budgets 2023 -> 2025", (2023, 2024, 2025)),
        ("budgets FY23 => FY25", (2023, 2024, 2025)),
        ("budgets 2023 \u2192 2025", (2023, 2024, 2025)),
        ("budgets FY23 till FY25", (2023, 2024, 2025)),
        ("budgets FY23 until FY25", (2023, 2024, 2025)),
        ("budgets 2023 through 2025", (2023, 2024, 2025)),
        ("budgets from FY2026 to 27", (2026, 2027)),  # the last year in two digits
        ("budgets between FY2023 and FY2025", (2023, 2024, 2025)),
        ("budgets 1990 to 1992", (1990, 1991, 1992)),
        ("budgets 2020 to 2030", tuple(range(2020, 2031))),  # ten years on is still a span
        # two consecutive years joined by a dash are one fiscal year ("2023-24")
        ("budget 2023-2024", (2023,)),
        ("budget 2023\u20132024", (2023,)),
        ("budget 2023\u20142024", (2023,)),
        ("budget 2026\u201427", (2026,)),
        # two years that are not a span are just those two
        ("budgets fy2023 and fy2025", (2023, 2025)),
        ("budgets 2023 and 2025", (2023, 2025)),
        ("budgets 2020 to 2031", (2020, 2031)),  # over ten years apart: two years compared
        ("budgets 2026 to 2023", (2026, 2023)),  # backwards
        ("budgets 1989 to 1991", (1989, 1991)),  # before the fact base's time
        ("budgets fy89 to fy91", (1989, 1991)),
        ("budgets 2026 to 2026", (2026,)),
    ],
)
def test_year_spans(question: str, years: tuple[int, ...]) -> None:
    normalized = normalize(question)
    assert normalized.years == years
    assert normalized.tokens == ("budget",)  # no year is left behind as a word or a figure
    assert quantities(normalized.words) == ()


# --- figures ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "value"),
    [
        ("12k ships", "12 thousand ships", 12e3),
        ("0.5k yen", "500 yen", 500.0),  # under a thousand: no scale word
        ("999 thousand yen", "999 thousand yen", 999e3),
        ("1000 thousand yen", "1 million yen", 1e6),  # exactly a million
        ("1m yen", "1 million yen", 1e6),
        ("5,000 mln yen", "5 billion yen", 5e9),
        ("1,000bn yen", "1 trillion yen", 1e12),  # exactly a trillion
        ("0.5tn yen", "500 billion yen", 5e11),
        ("1.2 bln yen", "1.2 billion yen", 1.2e9),
        ("3 thosand troops", "3 thousand troops", 3e3),
        ("2 trn yen", "2 trillion yen", 2e12),
    ],
)
def test_figures_are_written_at_their_own_scale(text: str, expected: str, value: float) -> None:
    normalized = normalize(text)
    assert normalized.text == expected
    assert quantities(normalized.words) == pytest.approx((value,))


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("the budget of 20", (20.0,)),  # a figure as the last word
        ("10 destroyers", (10.0,)),  # ten and above is a figure
        ("9 destroyers", ()),  # a small bare number is not
        ("9 destroyers and 12 frigates", (12.0,)),  # nor does it hide the figures after it
        ("9 billion yen", (9e9,)),  # unless it has a scale
        ("5 pct rise", (5.0,)),
        ("2.2 fold rise", (2.2,)),
        ("3x more", (3.0,)),
        ("20 ships and 20 jets", (20.0,)),  # each figure once
        ("9.04 trillion yen, up 9.4 percent from 8.7 trillion", (9.04e12, 9.4, 8.7e12)),  # in order
        ("the budget for 2026", ()),  # a year is not a figure
    ],
)
def test_quantities_a_question_states(text: str, figures: tuple[float, ...]) -> None:
    assert quantities(normalize(text).words) == pytest.approx(figures)


@pytest.mark.parametrize(
    ("text", "decimals"),
    [
        ("the 9.04 on my slide", (9.04,)),
        ("is it 9.04", (9.04,)),  # the last word
        ("9.04 trillion or 2.2 times or 26.3 percent", ()),  # each has its unit
        ("20 ships", ()),  # no decimal point
        ("8.7 or 9.04", (8.7, 9.04)),
    ],
)
def test_bare_decimals(text: str, decimals: tuple[float, ...]) -> None:
    assert bare_decimals(normalize(text).words) == decimals


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (9e12, 9.04e12, True),
        (9.04e12, 9e12, True),
        (8.6e12, 8.7e12, False),
        (8.7e12, 8.6e12, False),
        (100.0, 99.0, True),  # exactly 1% apart still counts
        (99.0, 100.0, True),
        (-100.0, -99.0, True),  # a fall of 100 is a fall of 99, within 1%
        (-100.0, 100.0, False),
        (0.0, 0.0, True),
    ],
)
def test_same_quantity_is_within_one_percent(a: float, b: float, same: bool) -> None:
    assert same_quantity(a, b) is same


def test_content_tokens_are_stemmed_without_stop_words() -> None:
    assert content_tokens(("what", "is", "the", "budget", "for", "destroyers")) == ("budget", "destroy")
    assert content_tokens(["please", "tell", "me"]) == ()


@pytest.mark.parametrize(("typed", "spelt"), [
    ("adopted 05/04/2023 (dd/mm/yyyy), early April", "adopted 5 April 2023  , early April"),
    ("adopted 04/05/2023 (mm/dd/yyyy)", "adopted 5 April 2023  "),
    ("on 21/4/2026", "on 21 April 2026"),  # a day over 12 comes first
    ("on 4/21/2026", "on 21 April 2026"),
    ("on 2023-04-05", "on 5 April 2023"),
    ("on 25.12.23", "on 25 December 2023"),
    ("on 3/4/2024", "on 3/4/2024"),  # either way round: left unread
    ("ratio 9.04 to 2025", "ratio 9.04 to 2025"),
    ("on 31/13/2024", "on 31/13/2024"),  # no such month
    ("FY2023-24", "FY2023-24"),
])
def test_dates_in_digits_are_spelt_out_when_their_order_is_known(typed: str, spelt: str) -> None:
    from bot.normalize import spell_out_dates

    assert spell_out_dates(typed) == spelt


def test_a_year_and_month_is_no_span_of_years() -> None:
    assert normalize("OSA started 2023-04").years == (2023,)
    assert "april" in normalize("OSA started 2023-04").words
    assert normalize("the 2023-25 plan").years == (2023, 2024, 2025)


def test_a_claim_with_a_date_in_digits_is_checked_as_that_date(service: AnswerService) -> None:
    assert service.ask("OSA began on 05/04/2023 (dd/mm/yyyy), right?").verdict == "yes"
    assert service.ask("OSA began on 2023-04-06, right?").verdict == "no"
    answer = service.ask("OSA began on 05/04/2023 (dd/mm/yyyy), right?")
    assert answer.question == "OSA began on 05/04/2023 (dd/mm/yyyy), right?"  # what was typed, for the gap log


@pytest.mark.parametrize(("text", "years"), [
    ("more than 2000 million yen", ()),  # a figure
    ("2000 uniforms for Tonga", ()),  # a count
    ("japan military budget 2024 trillion yen", (2024,)),  # FY2024's budget, in trillions
    ("the Dec 2022 ¥43tn plan", (2022,)),
])
def test_a_year_is_not_a_figure_or_a_count(text: str, years: tuple[int, ...]) -> None:
    assert normalize(text).years == years
