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
