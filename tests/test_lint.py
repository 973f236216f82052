"""`python -m bot check`'s linter: collisions, unit mismatches, uncited sources, stale facts, unsourced countries."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from bot.knowledge import load_fact_base, parse_fact_base
from bot.lint import Finding, lint
from tests.conftest import FACTS, MINIMAL_FACTS, TODAY
from tests.test_cli import bot

SECOND_FACT = """\
  - id: budget-fy2025
    topic: budget
    title: FY2025 defence budget
    answer: {answer}
    sources: [src-a]
    as_of: "2025-03-31"
    series: defence-budget
    fiscal_year: 2025
    figures:
      - {{label: budget, amount: {amount}, unit: {unit}, currency: JPY, fiscal_year: {year}}}
    questions:
{questions}
"""


def with_second_fact(*, questions: tuple[str, ...] = ("last year's budget", "the older budget", "fy2025 total"),
                     answer: str = "It was 8.7 trillion yen.", amount: float = 8.7, unit: str = "trillion",
                     year: int = 2025) -> str:
    fact = SECOND_FACT.format(answer=answer, amount=amount, unit=unit, year=year,
                              questions="".join(f"      - {q}\n" for q in questions))
    return MINIMAL_FACTS.replace("countries:\n", fact + "countries:\n", 1)


def findings(text: str, **kwargs: object) -> list[Finding]:
    base = parse_fact_base(text, "facts.yaml")
    return lint(base, text, today=TODAY, **kwargs)  # type: ignore[arg-type]


def codes(found: list[Finding]) -> list[tuple[str, str]]:
    return [(f.level, f.code) for f in found]


def test_minimal_and_real_fact_bases_are_clean() -> None:
    assert findings(MINIMAL_FACTS) == []
    assert findings(with_second_fact()) == []
    text = FACTS.read_text(encoding="utf-8")
    assert [f for f in lint(load_fact_base(FACTS), text) if f.level == "error"] == []


def test_the_same_example_in_two_facts_is_an_error_naming_both() -> None:
    text = with_second_fact(questions=("How big is the defence budget?", "the older budget", "fy2025 total"))
    [found] = findings(text)
    assert (found.level, found.code) == ("error", "example-duplicate")
    assert "'budget-fy2026'" in found.message and "'budget-fy2025'" in found.message
    assert found.line == text.splitlines().index("      - how big is the defence budget") + 1


def test_near_identical_examples_are_a_warning() -> None:
    text = with_second_fact(questions=("how big is this defence budget", "the older budget", "fy2025 total"))
    assert codes(findings(text)) == [("warning", "example-collision")]


def test_examples_told_apart_by_year_or_amount_are_not_collisions() -> None:
    text = with_second_fact(questions=("how big is the defence budget fy2025", "the older budget", "fy2025 total"))
    text = text.replace("      - how big is the defence budget\n", "      - how big is the defence budget fy2026\n")
    assert findings(text) == []


def test_an_example_close_to_an_out_of_scope_one_is_a_warning() -> None:
    text = MINIMAL_FACTS.replace("- japan defence budget", "- what is the us defence budgets")
    [found] = findings(text)
    assert (found.level, found.code) == ("warning", "example-collision") and "out-of-scope" in found.message


def test_answer_and_figure_in_different_units_is_an_error() -> None:
    text = MINIMAL_FACTS.replace("It is 9.04 trillion yen.", "It is 9.04 billion yen.")
    [found] = findings(text)
    assert (found.level, found.code) == ("error", "unit-mismatch")
    assert "9.04 billion" in found.message and "9.04 trillion" in found.message


def test_two_facts_giving_one_amount_1000_times_apart_is_an_error() -> None:
    text = with_second_fact(answer="It was 9,040 billion yen.", amount=9040, unit="billion", year=2026)
    assert codes(findings(text)) == []  # the same amount, written in another unit: consistent
    text = with_second_fact(answer="It was 9.04 billion yen.", amount=9.04, unit="billion", year=2026)
    found = findings(text)
    assert codes(found) == [("error", "unit-mismatch")]
    assert "'budget-fy2025'" in found[0].message and "'budget-fy2026'" in found[0].message


def test_uncited_source_is_a_warning() -> None:
    extra = "  - id: src-b\n    title: B\n    publisher: Someone\n    file: b.md\nfacts:\n"
    [found] = findings(MINIMAL_FACTS.replace("facts:\n", extra, 1))
    assert (found.level, found.code) == ("warning", "uncited-source") and "'src-b'" in found.message


def test_stale_facts_only_with_stale_days() -> None:
    assert findings(MINIMAL_FACTS) == []
    assert findings(MINIMAL_FACTS, stale_days=400) == []
    [found] = findings(MINIMAL_FACTS, stale_days=300)
    assert (found.level, found.code) == ("warning", "stale") and "336 days ago" in found.message


def test_country_its_sources_never_name(tmp_path: Path) -> None:
    assert findings(MINIMAL_FACTS, source_dir=tmp_path / "absent") == []
    (tmp_path / "news-facts.md").write_text("Japan gave Fiji a patrol boat.", encoding="utf-8")
    assert findings(MINIMAL_FACTS, source_dir=tmp_path) == []
    (tmp_path / "news-facts.md").write_text("Japan gave the Philippines radars.", encoding="utf-8")
    assert codes(findings(MINIMAL_FACTS, source_dir=tmp_path)) == [("warning", "country-unsourced")]
    (tmp_path / "news-facts.md").unlink()
    [found] = findings(MINIMAL_FACTS, source_dir=tmp_path)
    assert found.code == "country-unsourced" and "not in" in found.message


def test_check_command_exit_codes(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text(MINIMAL_FACTS, encoding="utf-8")
    run = bot("check", str(facts))
    assert run.returncode == 0 and ": ok: 1 facts" in run.stdout
    stale = dt.date.today() - dt.date(2025, 12, 26)
    run = bot("check", str(facts), "--stale-days", str(stale.days - 10))
    assert run.returncode == 0 and "ok, 1 warning:" in run.stdout and "[stale]" in run.stdout
    run = bot("check", str(facts), "--stale-days", str(stale.days - 10), "--strict")
    assert run.returncode == 2 and "(--strict)" in run.stdout
    facts.write_text(MINIMAL_FACTS.replace("It is 9.04 trillion yen.", "It is 9.04 billion yen."), encoding="utf-8")
    run = bot("check", str(facts))
    assert run.returncode == 2 and "1 error:" in run.stdout and "error: " in run.stdout
    assert "Traceback" not in run.stderr


# --- issue 12: the audit's classes of mistake -----------------------------------------------------------------

LATER_FACT = """\
  - id: {id}
    topic: budget
    title: {title}
    answer: {answer}
    sources: [src-a]
    as_of: "{as_of}"
    questions:
      - {id} one
      - {id} two
      - {id} three
"""


def with_fact(text: str, *, id: str, answer: str, as_of: str, title: str = "Another fact") -> str:
    fact = LATER_FACT.format(id=id, title=title, answer=json.dumps(answer), as_of=as_of)
    return text.replace("countries:\n", fact + "countries:\n", 1)


def with_answer(answer: str, as_of: str = "2025-12-26") -> str:
    return (MINIMAL_FACTS.replace("answer: It is 9.04 trillion yen.", f"answer: {json.dumps(answer)}")
            .replace('as_of: "2025-12-26"', f'as_of: "{as_of}"'))


def test_as_of_earlier_than_a_date_in_the_answer_is_an_error() -> None:
    assert findings(with_answer("It is 9.04 trillion yen, approved on 26 December 2025.")) == []
    text = with_answer("It is 9.04 trillion yen; a deal was signed on 15 January 2026.")
    [found] = findings(text)
    assert (found.level, found.code) == ("error", "as-of-before-answer")
    assert "as of 2025-12-26" in found.message and '"15 January 2026"' in found.message
    assert found.line == text.splitlines().index('    as_of: "2025-12-26"') + 1
    # a day without a year takes the year of the date before it: "15 March 2024, ... 26 March"
    [found] = findings(with_answer("Agreed on 15 March 2024, approved on 26 March.", as_of="2024-03-15"))
    assert found.code == "as-of-before-answer" and "2024-03-26" in found.message
    # a month is the month's first day: "March 2024" is not later than 15 March 2024
    assert findings(with_answer("Decided in March 2024; 9.04 trillion yen.", as_of="2024-03-15")) == []


def test_deadlines_and_source_dates_are_not_events() -> None:
    for answer in ("Slated to join by March 2026; 9.04 trillion yen.",
                   "For the fiscal year from April 2026: 9.04 trillion yen.",
                   "The late-December 2025 article says 9.04 trillion yen.",
                   "It may rise in march; 9.04 trillion yen."):
        assert findings(with_answer(answer, as_of="2025-12-01")) == [], answer


def with_grant(grant: str, status: str = "recipient") -> str:
    text = MINIMAL_FACTS.replace("    status: recipient\n", f"    status: {status}\n")
    return text.replace("      - {fiscal_year: 2023, what: patrol boats",
                        f"      - {grant}\n      - {{fiscal_year: 2023, what: patrol boats")


def test_a_grant_with_no_amount_and_no_equipment_is_an_error() -> None:
    text = with_grant("{fiscal_year: 2025, what: named among the eight FY2025 recipients "
                      "(no amount or equipment in the sources), source: src-a}")
    [found] = findings(text)
    assert (found.level, found.code) == ("error", "empty-grant") and "'fiji'" in found.message
    assert "note" in found.message
    assert found.line == next(i for i, line in enumerate(text.splitlines(), 1) if "named among" in line)
    other = with_grant("{fiscal_year: 2025, what: 'listed for FY2025 (no FY2025 amount or equipment)', source: src-a}")
    assert codes(findings(other)) == [("error", "empty-grant")]
    # equipment without an amount, or an amount for something, is a grant
    assert findings(with_grant("{fiscal_year: 2025, what: boathouses and slipways (no amount in the sources), "
                               "source: src-a}")) == []
    assert findings(with_grant("{what: patrol vessels, amount: 1.9, unit: billion, currency: JPY, "
                               "source: src-a}")) == []


NO_GRANT = MINIMAL_FACTS.replace(
    "    received:\n      - {fiscal_year: 2023, what: patrol boats, amount: 400, unit: million, currency: JPY, "
    "source: src-a}\n", "")


def test_a_recipient_with_no_grant_is_an_error() -> None:
    text = NO_GRANT
    [found] = findings(text)
    assert (found.level, found.code) == ("error", "recipient-without-grant") and "'fiji'" in found.message
    assert findings(text.replace("status: recipient", "status: slated")) == []


def earlier(answer: str, as_of: str = "2024-03-15") -> str:
    """MINIMAL_FACTS with a second fact, outside any series, dated as_of."""
    return with_fact(MINIMAL_FACTS, id="exports-2024", answer=answer, as_of=as_of, title="Fighter exports")


def test_a_fact_a_later_one_takes_further_is_a_warning() -> None:
    later = ("Latest: on 21 April 2026 the export rules were revised (9.04 trillion yen). Before that, in March "
             "2024, exports of the fighter were allowed.")
    old = "In March 2024 Japan allowed fighter exports for the time being."
    text = with_fact(earlier(old), id="exports-later", answer=later, as_of="2026-04-21")
    [found] = findings(text)
    assert (found.level, found.code) == ("warning", "superseded")
    assert "'exports-2024'" in found.message and "'exports-later'" in found.message
    assert '"21 April 2026"' in found.message
    assert found.line == text.splitlines().index("  - id: exports-2024") + 4  # its answer
    # the earlier answer reaching the later state is fine
    reaching = earlier("Since 21 April 2026 new rules apply; in March 2024 fighter exports were allowed.",
                       as_of="2026-04-21")
    assert findings(with_fact(reaching, id="exports-later", answer=later, as_of="2026-04-22")) == []
    # a later fact that does not lead with its latest state, or is about other events, takes nothing further
    unordered = "In March 2024 fighter exports were allowed; on 21 April 2026 the rules were revised."
    assert findings(with_fact(earlier(old), id="exports-later", answer=unordered, as_of="2026-04-21")) == []
    unrelated = "Latest: on 21 April 2026 the export rules were revised."
    assert findings(with_fact(earlier(old), id="exports-later", answer=unrelated, as_of="2026-04-21")) == []


def test_a_series_member_is_not_superseded_by_other_years() -> None:
    old = "In March 2024 the Cabinet set 9.04 trillion yen."
    later = "Latest: on 21 April 2026 something else happened; in March 2024 the Cabinet set the budget."
    text = with_fact(with_answer(old, as_of="2024-03-31"), id="budget-later", answer=later, as_of="2026-04-21")
    assert findings(text) == []  # budget-fy2026 is the FY2026 member of defence-budget


# The real fact base with each audited mistake put back (pattern, replacement): each must fail `check --strict`.
PUT_BACK = {
    "as-of-before-answer": [
        (r'as_of: "2026-01-15"(\n    countries: \[thailand, philippines, sri-lanka)', r'as_of: "2025-12-27"\1'),
    ],
    "recipient-without-grant": [
        (r"(  - id: east-timor\n(?:    .*\n)*?)    status: slated\n", r"\1    status: recipient\n"),
    ],
    "empty-grant": [
        (r"(        source: mofa-2023-12-16\n)(\n  - id: bangladesh)",
         r"\1      - fiscal_year: 2025\n        what: named among the eight FY2025 recipients (no amount or equipment "
         r"in the sources)\n        source: jiji-2025-06-27\n\2"),
    ],
    "superseded": [  # the fighter-jet answer as it was: the March 2024 decision alone
        (r"(  - id: exports-2024-fighter-jet\n(?:    .*\n)*?    answer: >-\n)(?:      .*\n)+?(    sources: )"
         r'\[defensenews-2026-04-21, jiji-2024-03-15\]\n    as_of: "2026-04-21"',
         r"\1      In March 2024 Japan allowed exports to third countries, for the time being only of the\n"
         r"      next-generation fighter jet being developed with the UK and Italy, agreed by the ruling bloc on\n"
         r'      15 March 2024.\n\2[jiji-2024-03-15]\n    as_of: "2024-03-15"'),
    ],
}


@pytest.mark.parametrize("code", list(PUT_BACK))
def test_the_real_fact_base_with_a_mistake_put_back_fails(code: str) -> None:
    text = FACTS.read_text(encoding="utf-8")
    assert lint(parse_fact_base(text, str(FACTS)), text, today=TODAY) == []
    for pattern, replacement in PUT_BACK[code]:
        text, count = re.subn(pattern, replacement, text)
        assert count == 1, pattern
    found = lint(parse_fact_base(text, str(FACTS)), text, today=TODAY)
    assert [f.code for f in found] == [code], [f.render("facts.yaml") for f in found]


def test_check_strict_passes_on_the_fact_base_and_fails_on_each_mistake(tmp_path: Path) -> None:
    run = bot("check", "--strict")
    assert run.returncode == 0 and "facts.yaml: ok:" in run.stdout, run.stdout
    facts = tmp_path / "facts.yaml"
    mistakes = {
        "as-of-before-answer": with_answer("It is 9.04 trillion yen; signed on 15 January 2026."),
        "empty-grant": with_grant("{fiscal_year: 2025, what: named among the FY2025 recipients, source: src-a}"),
        "recipient-without-grant": NO_GRANT,
        "superseded": with_fact(earlier("In March 2024 fighter exports were allowed."),
                                id="exports-later", as_of="2026-04-21",
                                answer="Latest: on 21 April 2026 the rules were revised. In March 2024 fighter "
                                       "exports were allowed."),
    }
    for code, text in mistakes.items():
        facts.write_text(text, encoding="utf-8")
        run = bot("check", str(facts), "--strict")
        assert run.returncode == 2 and f"[{code}]" in run.stdout, (code, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr
    run = bot("check", str(facts))  # a warning alone passes without --strict
    assert run.returncode == 0 and "[superseded]" in run.stdout


# --- issue 13: what `check` prints, line by line (the mutation run's survivors) -------------------------------


def rendered(text: str, **kwargs: object) -> list[str]:
    return [f.render("facts.yaml") for f in findings(text, **kwargs)]


def test_each_finding_is_printed_at_the_value_it_is_about() -> None:
    """file:line:column of the value to fix (the figure's unit, the example, the as_of ...), and the whole message."""
    assert rendered(with_second_fact(answer="It was 9.04 billion yen.", amount=9.04, unit="billion", year=2026)) == [
        "facts.yaml:42:45: error: facts 'budget-fy2025' gives 'budget' FY2026 as 9.04 billion, but 'budget-fy2026' "
        "gives 'budget' as 9.04 trillion: 1,000 times apart [unit-mismatch]"]
    assert rendered(with_second_fact(questions=("How big is the defence budget?", "the older budget", "x y z"))) == [
        "facts.yaml:30:9: error: facts 'budget-fy2026' and 'budget-fy2025' both have the example \"how big is the "
        "defence budget\" (the second as \"How big is the defence budget?\", line 44): a question like it cannot "
        "tell them apart [example-duplicate]"]
    assert rendered(MINIMAL_FACTS.replace("- japan defence budget", "- what is the us defence budgets")) == [
        "facts.yaml:31:9: warning: facts 'budget-fy2026' example \"what is the us defence budgets\" is close to the "
        "out-of-scope example \"what is the us defence budget\" (score 100) [example-collision]"]
    assert rendered(with_answer("It is 9.04 trillion yen; a deal was signed on 15 January 2026.")) == [
        "facts.yaml:24:12: error: facts 'budget-fy2026' is as of 2025-12-26, but its answer states \"15 January 2026\" "
        "(2026-01-15): as_of is the date the answer is true as of, so it cannot be earlier than an event it reports "
        "[as-of-before-answer]"]
    grant = "{fiscal_year: 2025, what: named among the eight FY2025 recipients, source: src-a}"
    assert rendered(with_grant(grant)) == [
        "facts.yaml:40:35: error: countries 'fiji': grant \"named among the eight FY2025 recipients\" gives no amount "
        "and no equipment; say it in the country's note instead [empty-grant]"]
    assert rendered(NO_GRANT) == [
        "facts.yaml:37:13: error: countries 'fiji' has status recipient but no grant under received; a country only "
        "named for a coming year is slated [recipient-without-grant]"]
    later = "Latest: on 21 April 2026 the rules were revised. Before that, in March 2024, exports were allowed."
    assert rendered(with_fact(earlier("In March 2024 Japan allowed fighter exports."), id="exports-later",
                              answer=later, as_of="2026-04-21")) == [
        "facts.yaml:36:13: warning: facts 'exports-2024' (as of 2024-03-15) reports events that 'exports-later' takes "
        "further, to \"21 April 2026\"; its answer does not mention that: give the latest state first, then the "
        "history [superseded]"]
    assert rendered(MINIMAL_FACTS, stale_days=300) == [
        "facts.yaml:24:12: warning: facts 'budget-fy2026' is as of 2025-12-26, 336 days ago (over --stale-days 300) "
        "[stale]"]


def test_errors_come_first_then_warnings_each_in_file_order() -> None:
    extra = "  - id: src-b\n    title: B\n    publisher: Someone\n    file: b.md\nfacts:\n"
    text = with_second_fact(questions=("how big is this defence budget", "the older budget", "fy2025 total"),
                            answer="It was 9,040 million yen.", amount=9.04).replace("facts:\n", extra, 1)
    assert rendered(text) == [
        "facts.yaml:46:45: error: facts 'budget-fy2025': the answer says 9,040 million where figure 'budget' is 9.04 "
        "trillion [unit-mismatch]",
        "facts.yaml:18:9: warning: sources 'src-b' is never cited by a fact, figure, country or grant [uncited-source]",
        "facts.yaml:34:9: warning: facts 'budget-fy2026' and 'budget-fy2025' have near-identical examples \"how big is "
        "the defence budget\" and \"how big is this defence budget\" (line 48, score 95) [example-collision]"]


def test_a_field_from_a_yaml_merge_key_is_reported_at_its_fact() -> None:
    text = with_answer("It is 9.04 trillion yen; signed on 15 January 2026.").replace(
        '    as_of: "2025-12-26"\n', '    <<: {as_of: "2025-12-26"}\n')
    [found] = findings(text)
    assert (found.code, found.line, found.column) == ("as-of-before-answer", 19, 5)  # "id:" of "  - id: budget-fy2026"
    # without the file's text (a fact base built in code) findings still come, at line 0
    [found] = lint(parse_fact_base(text, "facts.yaml"), "", today=TODAY)
    assert (found.code, found.line, found.column) == ("as-of-before-answer", 0, 0)


@pytest.mark.parametrize(("as_of", "age"), [("2025-11", 362), ("2025-12", 331), ("2025", 331), ("2024-02", 1002)])
def test_an_as_of_of_a_month_or_a_year_is_as_of_its_last_day(as_of: str, age: int) -> None:
    [found] = findings(with_answer("It is 9.04 trillion yen.", as_of=as_of), stale_days=0)
    assert f"is as of {as_of}, {age} days ago" in found.message


def test_a_fact_exactly_stale_days_old_is_not_stale() -> None:
    assert findings(MINIMAL_FACTS, stale_days=336) == []  # as of 2025-12-26, TODAY is 336 days later
    assert codes(findings(MINIMAL_FACTS, stale_days=335)) == [("warning", "stale")]


def test_dates_without_a_year_or_that_do_not_exist_do_not_hide_the_dates_after_them() -> None:
    for answer in ("Approved on 26 March; a deal was signed on 15 January 2026.",
                   "It may rise; a deal was signed on 15 January 2026.",
                   "Signed on 31 April 2025 (as the source misprints it) and ratified on 15 January 2026."):
        [found] = findings(with_answer(answer))
        assert found.code == "as-of-before-answer" and '"15 January 2026"' in found.message, answer
    # a month stands for its first day: "March 2024" is after an as_of of February 2024, and says so
    [found] = findings(with_answer("Decided in March 2024; 9.04 trillion yen.", as_of="2024-02"))
    assert '"March 2024" (2024-03-01)' in found.message
    assert findings(with_answer("Decided in March 2024; 9.04 trillion yen.", as_of="2024-03-01")) == []


def test_an_answer_amount_a_thousand_fold_off_in_other_digits_is_an_error() -> None:
    for answer, said in (("It is 9,040 million yen.", "9,040 million"),    # 9.04 trillion: 1,000 times more
                         ("It is 9,040 thousand yen.", "9,040 thousand"),  # a million times more
                         ("It is 9.13 billion yen.", "9.13 billion")):     # 990 times: within 1%
        [found] = findings(MINIMAL_FACTS.replace("It is 9.04 trillion yen.", answer))
        assert found.message == (f"facts 'budget-fy2026': the answer says {said} where figure 'budget' is 9.04 "
                                 "trillion"), answer
    assert findings(MINIMAL_FACTS.replace("It is 9.04 trillion yen.", "It is 9,040 billion yen.")) == []
    # nothing of a unit is no amount to compare (and no division by zero)
    assert findings(MINIMAL_FACTS.replace("It is 9.04 trillion yen.", "It is 9.04 trillion yen, 0 billion more.")) == []


def test_a_percent_figure_before_an_amount_does_not_hide_the_amount() -> None:
    text = MINIMAL_FACTS.replace(
        "      - {label: budget,",
        "      - {label: growth, amount: 9.4, unit: percent, fiscal_year: 2026}\n      - {label: budget,")
    assert codes(findings(text.replace("It is 9.04 trillion yen.", "It is 9.04 billion yen."))) == [
        ("error", "unit-mismatch")]


@pytest.mark.parametrize(("amount", "unit"), [(9040, "one"), (9.04, "one")])
def test_an_amount_a_billion_or_trillion_times_off_in_another_fact_is_an_error(amount: float, unit: str) -> None:
    """`amount: 9040, unit: one` where 9,040 billion was meant: a thousand to the power 3 (or 4) apart."""
    text = with_second_fact(answer="It was the same.", amount=amount, unit=unit, year=2026)
    assert codes(findings(text)) == [("error", "unit-mismatch")]


def test_other_figures_of_the_same_year_do_not_hide_a_thousand_fold_one() -> None:
    """The FY2026 figures before the wrong one: another quantity (not 1,000-fold), and one 1,000-fold but named
    otherwise; the one after them, 'budget', is the one reported."""
    text = MINIMAL_FACTS.replace(
        "      - {label: budget,",
        "      - {label: personnel, amount: 2.21, unit: trillion, currency: JPY, fiscal_year: 2026}\n"
        "      - {label: equipment purchases, amount: 9.1, unit: trillion, currency: JPY, fiscal_year: 2026}\n"
        "      - {label: budget,")
    second = SECOND_FACT.format(answer="It was 9.04 billion yen.", amount=9.04, unit="billion", year=2026,
                                questions="      - q one\n      - q two\n      - q three\n")
    text = text.replace("countries:\n", second + "countries:\n", 1)
    [found] = findings(text)
    assert found.code == "unit-mismatch" and "'budget' as 9.04 trillion" in found.message


def test_one_collision_per_pair_of_facts_and_every_pair_reported() -> None:
    # budget-fy2026 and budget-fy2025 collide twice (its 1st and 3rd examples): one finding; their FY2021 and
    # FY2020 examples, told apart by the year, come first and do not stop the search
    text = with_second_fact(questions=("how big is the defence budget in fy2020",
                                       "how much does japan spend for defence",
                                       "how big is this defence budget in fy2021"))
    text = text.replace("      - how big is the defence budget\n", "      - how big is the defence budget in fy2021\n")
    assert codes(findings(text)) == [("warning", "example-collision")]
    third = LATER_FACT.format(id="spending", title="Spending", answer='"It is 9.04 trillion yen."', as_of="2025-12-26")
    third = third.replace("      - spending one\n      - spending two\n",
                          "      - how big is that defence budget in fy2021\n"
                          "      - how much does japan spend in defence\n")
    found = findings(text.replace("countries:\n", third + "countries:\n", 1))
    assert codes(found) == [("warning", "example-collision")] * 3
    assert {tuple(re.findall(r"facts '([a-z0-9-]+)' and '([a-z0-9-]+)'", f.message)[0]) for f in found} == {
        ("budget-fy2026", "budget-fy2025"), ("budget-fy2026", "spending"), ("budget-fy2025", "spending")}


def test_examples_with_no_words_are_not_duplicates() -> None:
    assert findings(with_second_fact(questions=("???", "the older budget", "fy2025 total")).replace(
        "      - japan defence budget\n", "      - '...'\n")) == []


def test_a_later_fact_with_the_same_as_of_takes_nothing_further() -> None:
    later = "Latest: on 21 April 2026 the rules were revised. Before that, in March 2024, exports were allowed."
    text = with_fact(earlier("In March 2024 Japan allowed fighter exports.", as_of="2026-04-21"), id="exports-later",
                     answer=later, as_of="2026-04-21")
    assert findings(text) == []


def test_the_latest_of_several_later_facts_is_named_and_an_unordered_one_skipped() -> None:
    old = "In March 2024 Japan allowed fighter exports."
    unordered = "In March 2024 exports were allowed; on 21 April 2026 the rules were revised."
    april = "Latest: on 21 April 2026 the rules were revised. Before that, in March 2024, exports were allowed."
    june = "Latest: on 2 June 2026 a first sale was agreed. In March 2024 exports were allowed."
    text = with_fact(earlier(old), id="exports-unordered", answer=unordered, as_of="2026-04-21")
    text = with_fact(text, id="exports-april", answer=april, as_of="2026-04-21")
    [found] = findings(text)
    assert "'exports-april' takes further, to \"21 April 2026\"" in found.message
    found = findings(with_fact(text, id="exports-june", answer=june, as_of="2026-06-02"))
    [first] = [f for f in found if "'exports-2024'" in f.message]  # (june takes the other two further too)
    assert "'exports-june' takes further, to \"2 June 2026\"" in first.message


def test_a_series_member_can_overtake_a_fact_outside_any_series() -> None:
    later = "Latest: on 21 April 2026 the rules were revised (9.04 trillion yen). In March 2024 exports were allowed."
    text = earlier("In March 2024 Japan allowed fighter exports.").replace(
        "answer: It is 9.04 trillion yen.", f"answer: {json.dumps(later)}").replace(
        'as_of: "2025-12-26"', 'as_of: "2026-04-21"')
    [found] = findings(text)
    assert found.code == "superseded" and "'exports-2024'" in found.message and "'budget-fy2026'" in found.message


def test_source_documents_located_read_leniently_and_listed(tmp_path: Path) -> None:
    # a stray byte that is not UTF-8 does not stop the pack being read
    (tmp_path / "news-facts.md").write_bytes(b"Japan gave Fiji a patrol boat \xe9 and radars.")
    assert findings(MINIMAL_FACTS, source_dir=tmp_path) == []
    (tmp_path / "news-facts.md").unlink()
    assert rendered(MINIMAL_FACTS, source_dir=tmp_path) == [
        f"facts.yaml:17:11: warning: sources 'src-a': file 'news-facts.md' is not in {tmp_path} [country-unsourced]"]
    # a country whose sources are all outside the pack is skipped, and the next country is still checked
    extra = ("  - id: src-b\n    title: B\n    publisher: Someone\n    file: b.md\n"
             "  - id: src-c\n    title: C\n    publisher: Someone\n    file: c.md\nfacts:\n")
    tonga = "  - id: tonga\n    name: Tonga\n    status: mentioned\n    sources: [src-b, src-c, src-b]\nout_of_scope:\n"
    text = MINIMAL_FACTS.replace("facts:\n", extra, 1).replace("out_of_scope:\n", tonga, 1)
    (tmp_path / "b.md").write_text("Japan gave the Philippines radars.", encoding="utf-8")
    (tmp_path / "c.md").write_text("Japan gave Palau a boat.", encoding="utf-8")
    line = text.splitlines().index("    sources: [src-b, src-c, src-b]") + 1
    assert [f for f in rendered(text, source_dir=tmp_path) if "tonga" in f] == [
        f"facts.yaml:{line}:14: warning: countries 'tonga': none of its sources (src-b, src-c) names Tonga or its "
        "aliases [country-unsourced]"]
