"""Loading and validating facts.yaml: precise errors, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import FactBaseError, load_fact_base, parse_fact_base
from tests.conftest import MINIMAL_FACTS


def error_for(text: str) -> FactBaseError:
    with pytest.raises(FactBaseError) as caught:
        parse_fact_base(text, "facts.yaml")
    return caught.value


def test_minimal_file_loads(minimal_facts: Path) -> None:
    base = load_fact_base(minimal_facts)
    assert [f.id for f in base.facts] == ["budget-fy2026"]
    assert base.facts[0].figures[0].source == "src-a"
    assert base.country("fiji").aliases == ("fijian",)
    assert len(base.version) == 12


def test_unknown_source_names_line_column_and_field() -> None:
    error = error_for(MINIMAL_FACTS.replace("sources: [src-a]\n    as_of", "sources: [mod-2025]\n    as_of"))
    assert str(error) == "facts.yaml:20:15: facts[0].sources[0]: unknown source 'mod-2025'"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("- id: budget-fy2026\n", "- id: budget-fy2026\n    id: again\n"), "duplicate key"),
        (("    answer: It is 9.04 trillion yen.\n", ""), "missing required field 'answer'"),
        (("    sources: [src-a]\n    as_of", "    as_of"), "missing required field 'sources'"),
        (('as_of: "2025-12-26"', 'as_of: "2025-13-40"'), "bad date"),
        (('as_of: "2025-12-26"', 'as_of: "last week"'), "bad date"),
        (("      - japan defence budget\n      - how much does japan spend on defence\n", ""),
         "needs at least 3 entries"),
        (("topic: budget\n    title", "topic: sports\n    title"), "unknown topic 'sports'"),
        (("unit: trillion", "unit: gazillion"), "'gazillion' is not one of"),
        (("status: recipient", "status: friend"), "'friend' is not one of"),
        (("    fiscal_year: 2026\n    figures", "    figures"), "needs 'fiscal_year'"),
        (("url: https://example.org/a", "url: example.org/a"), "not an http(s) address"),
        (("    title: FY2026", "    titel: x\n    title: FY2026"), "unknown field 'titel'"),
    ],
)
def test_each_kind_of_mistake_is_reported(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in MINIMAL_FACTS
    assert expected in str(error_for(MINIMAL_FACTS.replace(old, new, 1)))


def test_duplicate_fact_id() -> None:
    start = MINIMAL_FACTS.index("  - id: budget-fy2026")
    end = MINIMAL_FACTS.index("countries:")
    fact = MINIMAL_FACTS[start:end].replace("fiscal_year: 2026\n", "fiscal_year: 2025\n", 1)
    error = error_for(MINIMAL_FACTS[:end] + fact + MINIMAL_FACTS[end:])
    assert "facts[1].id: duplicate id 'budget-fy2026'" in str(error)


def test_country_listed_twice() -> None:
    extra = "  - id: fiji\n    name: Republic of Fiji\n    aliases: [rf]\n    status: recipient\n    sources: [src-a]\n"
    text = MINIMAL_FACTS.replace("out_of_scope:", extra + "out_of_scope:")
    assert "countries[1].id: country 'fiji' is listed twice" in str(error_for(text))


def test_country_alias_claimed_by_two_countries() -> None:
    extra = "  - id: tonga\n    name: Tonga\n    aliases: [fijian]\n    status: recipient\n    sources: [src-a]\n"
    text = MINIMAL_FACTS.replace("out_of_scope:", extra + "out_of_scope:")
    assert "countries[1].aliases[0]: country 'fijian' is already listed under 'fiji'" in str(error_for(text))


def test_tab_in_yaml_is_a_syntax_error_with_a_hint() -> None:
    error = error_for(MINIMAL_FACTS.replace("    title: A report", "\ttitle: A report"))
    assert error.line == 10
    assert "YAML syntax" in str(error) and "tab" in str(error)


def test_unclosed_bracket_is_a_syntax_error() -> None:
    error = error_for(MINIMAL_FACTS.replace("sources: [src-a]\n    as_of", "sources: [src-a\n    as_of"))
    assert str(error).startswith("facts.yaml:") and "YAML syntax" in str(error)


@pytest.mark.parametrize("text", ["", "just a string", "- a\n- list\n", "facts: 3\n"])
def test_wrong_shapes_are_reported(text: str) -> None:
    assert str(error_for(text)).startswith("facts.yaml:")


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(FactBaseError, match="cannot read"):
        load_fact_base(tmp_path / "nope.yaml")
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(FactBaseError, match="not UTF-8"):
        load_fact_base(binary)
