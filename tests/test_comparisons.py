"""Claims that compare two amounts: two countries' grants, two years of a series, "more than double"."""

from __future__ import annotations

import pytest

from bot.answers import AnswerService
from bot.comparisons import (
    Comparison,
    comparison_in,
    fiscal_years,
    grant_amounts,
    settle,
    settle_countries,
    settle_years,
)
from bot.models import Country, FactBase, Grant


@pytest.mark.parametrize(
    ("claim", "verdict", "shown"),
    [
        ("Mongolia's OSA grant was bigger than Djibouti's, right?", "yes", ("1.3 billion", "1.1 billion")),
        ("Djibouti got more OSA money than Mongolia, right?", "no", ("1.3 billion", "1.1 billion")),
        ("Bangladesh got more than the Philippines in FY2023, right?", "no", ("575 million", "600 million")),
        ("Bangladesh got less than the Philippines in FY2023, right?", "yes", ("575 million", "600 million")),
        ("The FY2026 defence budget is bigger than FY2025's, right?", "yes", ("9.04",)),
        ("FY2024 defence budget was smaller than FY2023, right?", "no", ("7.95", "6,821.9")),
        ("Is it fair to say the FY2026 OSA budget is more than double the year before?", "yes", ("18.1",)),
        ("The FY2026 OSA budget is more than triple FY2025's, right?", "no", ("18.1",)),
    ],
)
def test_a_comparison_is_settled_by_both_sides_figures(service: AnswerService, claim: str, verdict: str,
                                                       shown: tuple[str, ...]) -> None:
    answer = service.ask(claim)
    assert answer.verdict == verdict, answer.text
    assert answer.body.startswith("Yes —" if verdict == "yes" else "No —")
    assert all(figure in answer.body for figure in shown), answer.body


@pytest.mark.parametrize(
    "claim",
    [
        # a comparison of increases, not of the budgets: the yearly budgets cannot settle it
        "The FY2023 defence increase was bigger in percentage terms than FY2024's, correct?",
        "FY2024's rise was larger than FY2026's, right?",
    ],
)
def test_a_comparison_of_changes_is_not_settled_by_the_amounts(service: AnswerService, claim: str) -> None:
    assert comparison_in(claim) is None
    assert service.ask(claim).verdict is None


def test_a_bound_against_a_figure_is_no_comparison_of_two_sides() -> None:
    assert comparison_in("Is the FY2026 budget more than ¥5 trillion?") is None
    assert comparison_in("security spending bigger than 2% of GDP?") is None


def test_the_claim_s_sides_and_multiple_are_read() -> None:
    found = comparison_in("the FY2026 OSA pot is more than double the year before?")
    assert found is not None and found.larger and found.factor == 2.0
    assert fiscal_years(found.first) == [2026] and "year before" in found.second
    smaller = comparison_in("FY24 was less than half of FY26")
    assert smaller is not None and not smaller.larger and smaller.factor == 0.5
    assert fiscal_years("FY24 and 2025, not 12025") == [2024, 2025]


def test_every_pairing_must_agree() -> None:
    more = Comparison(larger=True, factor=1.0, first="", second="")
    assert settle(more, (5.0, 6.0), (4.0,)) == "yes"
    assert settle(more, (3.0, 3.5), (4.0,)) == "no"
    assert settle(more, (3.0, 6.0), (4.0,)) is None  # one grant larger, one smaller: not settled
    assert settle(more, (4.0,), (4.0,)) == "no"  # the same is not more
    assert settle(more, (), (4.0,)) is None and settle(more, (4.0,), (0.0,)) is None
    less = Comparison(larger=False, factor=1.0, first="", second="")
    assert settle(less, (3.0,), (4.0,)) == "yes" and settle(less, (4.0,), (4.0,)) == "no"
    double = Comparison(larger=True, factor=2.0, first="", second="")
    assert settle(double, (8.1,), (4.0,)) == "yes" and settle(double, (8.0,), (4.0,)) == "no"


def test_sources_that_differ_must_all_point_the_same_way() -> None:
    claim = comparison_in("FY2026 was more than double FY2025")
    assert claim is not None
    heads = {2026: (18.1,), 2025: (8.1, 8.0)}
    assert settle_years(claim, lambda year: heads[year]) == "yes"
    heads = {2026: (16.1,), 2025: (8.1, 8.0)}  # 16.1 is more than double 8.0 but not 8.1
    assert settle_years(claim, lambda year: heads[year]) is None


def test_a_sum_said_of_one_country_is_settled_by_its_own_entry(service: AnswerService) -> None:
    # ¥300 million is Tonga's grant and ¥5 billion the FY2024 budget: neither is what Sri Lanka or Djibouti got
    wrong = service.ask("Sri Lanka's OSA deal was worth ¥300m?")
    assert wrong.verdict == "no" and wrong.facts == ("country:sri-lanka",) and "500 million" in wrong.body
    assert service.ask("Djibouti got ¥5 billion under OSA, right?").verdict == "no"
    right = service.ask("Djibouti got ¥1.1 billion, right?")
    assert right.verdict == "yes" and right.facts == ("country:djibouti",)


def test_about_means_the_figure_rounds_to_the_claim(service: AnswerService) -> None:
    assert service.ask("Japan's FY2026 defence budget is about 10 trillion yen, right?").verdict == "no"
    assert service.ask("Japan's FY2026 defence budget is about 9 trillion yen, right?").verdict == "yes"


def test_explain_says_why_a_claim_got_no_verdict(service: AnswerService) -> None:
    answer = service.ask("Is it true Japan hit the 2% target two years early thanks to new taxes?", explain=True)
    assert answer.verdict is None and answer.explanation is not None
    assert "no verdict (words the answer does not use: new, tax)" in answer.explanation.reason
    compared = service.ask("Mongolia's OSA grant was bigger than Djibouti's, right?", explain=True)
    assert compared.explanation is not None and "compared the two sides' figures" in compared.explanation.reason


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("FY26 OSA budget is triple FY25's, yes?", "no"),  # 2.2 times: far from three
        ("The FY2024 OSA budget was more than double FY2023's, right?", "yes"),  # ¥5bn against ¥2bn
    ],
)
def test_a_multiple_is_checked_against_the_ratio(service: AnswerService, claim: str, verdict: str) -> None:
    assert service.ask(claim).verdict == verdict


def test_a_multiple_as_such_is_right_within_a_tenth_and_wrong_beyond_a_fifth() -> None:
    found = comparison_in("FY26 is double FY25")
    assert found is not None and found.exact and found.factor == 2.0
    assert settle(found, (2.15,), (1.0,)) == "yes" and settle(found, (2.5,), (1.0,)) == "no"
    assert settle(found, (4.3,), (2.0,)) == "yes" and settle(found, (5.0,), (2.0,)) == "no"  # the ratio counts
    assert settle(found, (2.3,), (1.0,)) is None  # between the lines: not settled
    assert comparison_in("just double-checking: FY26 is ¥9tn?") is None


def test_an_ordinal_the_answer_gives_without_its_noun_is_not_contradicted(service: AnswerService) -> None:
    # "FY2023 was its first year, and the FY2026 budget ... is its fourth": "fourth year" is what it says
    answer = service.ask("FY2026 is the fourth year of the ¥43tn five-year plan, correct?")
    assert answer.verdict != "no", answer.body[:120]


def test_at_least_a_multiple_is_a_lower_bound(service: AnswerService) -> None:
    found = comparison_in("The FY2026 OSA budget is at least double FY2025's, right?")
    assert found is not None and found.larger and found.factor == 2.0 and not found.exact
    assert service.ask("The FY2026 OSA budget is at least double FY2025's, right?").verdict == "yes"  # ¥18.1bn
    assert service.ask("The FY2026 OSA budget is at least triple FY2025's, right?").verdict == "no"


def test_grants_in_millions_and_billions_are_compared_in_yen(service: AnswerService) -> None:
    # ¥1.1 billion against ¥500 million: the bare numbers (1.1 and 500) point the other way
    assert service.ask("Djibouti got more than Sri Lanka, right?").verdict == "yes"
    assert service.ask("Sri Lanka got more than Djibouti, right?").verdict == "no"


def test_countries_are_found_whatever_the_case(service: AnswerService) -> None:
    answer = service.ask("djibouti got more OSA money than sri lanka, right?")
    assert answer.verdict == "yes" and answer.body.startswith("Yes —")


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # the Philippines got ¥600 million in FY2023 and ¥1.6 billion in FY2024; Mongolia ¥1.3 billion in FY2024
        ("The Philippines got more than Mongolia in FY2024, right?", "yes"),
        ("Mongolia got less than the Philippines in FY2024, right?", "yes"),
    ],
)
def test_a_year_the_claim_names_picks_each_side_s_grants(service: AnswerService, claim: str, verdict: str) -> None:
    assert service.ask(claim).verdict == verdict
    # without the year, the Philippines' two grants fall on both sides of Mongolia's: not settled
    assert service.ask(claim.replace(" in FY2024", "")).verdict is None


@pytest.mark.parametrize(
    "claim",
    [
        "Mongolia got more than Djibouti and Tonga",  # two countries after "than"
        "Mongolia and Djibouti got more than Tonga",  # two before it
        "Mongolia's grant was bigger than Mongolia's",  # the same country on both sides
        "Mongolia got more than the year before",  # no country after "than"
    ],
)
def test_only_one_country_on_each_side_is_compared(fact_base: FactBase, claim: str) -> None:
    comparison = comparison_in(claim)
    assert comparison is not None
    assert settle_countries(comparison, fact_base.countries, None) is None


def _grant(fiscal_year: int, amount: float | None, unit: str | None = "million",
           currency: str | None = "JPY") -> Grant:
    return Grant(what="patrol boats", source="s", fiscal_year=fiscal_year, amount=amount, unit=unit,
                 currency=currency)


def test_a_country_s_yen_amounts_are_those_of_the_year_asked() -> None:
    country = Country(id="x", name="Xland", aliases=(), status="recipient", sources=("s",), received=(
        _grant(2023, 600.0), _grant(2024, 1.6, "billion"), _grant(2024, 2_000_000.0, "one"),
        _grant(2024, None, None, None), _grant(2024, 5.0, "million", "USD")))
    assert grant_amounts(country, 2024) == (1.6e9, 2_000_000.0)  # no amount and dollars are left out
    assert grant_amounts(country, 2023) == (600e6,)
    assert grant_amounts(country, None) == (600e6, 1.6e9, 2_000_000.0)
    assert grant_amounts(country, 2025) == ()


def test_each_side_is_one_year_of_the_series() -> None:
    heads = {2026: (18.1,), 2025: (10.0,), 2024: (5.0,)}
    claim = comparison_in("FY2026 was more than double the year before")
    assert claim is not None and settle_years(claim, lambda year: heads[year]) == "no"  # 18.1 against 10
    claim = comparison_in("FY2026 was more than double FY2024")  # the year named, not the year before it
    assert claim is not None and settle_years(claim, lambda year: heads[year]) == "yes"
    for unsettled in ("the OSA budget is more than double the year before",  # no year to count back from
                      "FY2026 was bigger than ever",  # no year after "than"
                      "FY2026 was bigger than FY2025 and FY2024",  # two after it
                      "FY2026 and FY2025 were bigger than FY2024",  # two before it
                      "FY2026 was bigger than FY2026"):  # the same year on both sides
        claim = comparison_in(unsettled)
        assert claim is not None and settle_years(claim, lambda year: heads[year]) is None, unsettled


def test_a_year_after_less_than_is_the_other_side(service: AnswerService) -> None:
    """'less than 2023' compares with FY2023's budget; 'less than ¥2023 billion' would be a bound."""
    assert service.ask("Japan's defence budget of 2024 was less than 2023, yes?").verdict == "no"
    assert service.ask("Japan's defence budget of 2024 was more than 2023, yes?").verdict == "yes"
    assert comparison_in("the budget was less than 2023 billion yen") is None
