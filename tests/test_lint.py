"""`python -m bot check`'s linter: collisions, unit mismatches, uncited sources, stale facts, unsourced countries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
