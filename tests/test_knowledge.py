"""Loading and validating facts.yaml: precise errors, never a traceback."""

from __future__ import annotations

import itertools
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
    assert str(error) == "facts.yaml:23:15: facts[0].sources[0]: unknown source 'mod-2025'"


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
        (("    asks: defence budget\n", ""), "missing required field 'asks'"),
        (("command: /budget", "command: budget"), "expected a slash command such as /budget"),
        (('asks_about: "defence budget {}"', 'asks_about: "defence budget"'), "must contain {} once"),
        (("currency: JPY, source: src-a}", "currency: JPY, date_note: signed, source: src-a}"),
         "'date_note' says what the 'date' is, but there is no 'date'"),
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
    assert error.line == 13
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


# --- issue 11: D2, D3 ---------------------------------------------------------------------------


def _alias_bomb(levels: int = 8) -> str:
    parts = ["&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    names = "abcdefghij"
    parts += [f"&{n} [" + ", ".join([f"*{p}"] * 9) + "]" for p, n in itertools.pairwise(names[:levels])]
    return "[" + ", ".join(parts) + "]"


def test_an_alias_bomb_gives_a_short_error_quickly() -> None:
    """D2: a few hundred bytes of nested aliases in a numeric field built a 350 MB error message."""
    import time

    text = MINIMAL_FACTS.replace("amount: 9.04", "amount: " + _alias_bomb())
    assert len(text) < 1_500
    started = time.perf_counter()
    with pytest.raises(FactBaseError) as caught:
        parse_fact_base(text, "facts.yaml")
    assert time.perf_counter() - started < 3.0
    assert len(str(caught.value)) < 200 and "expands to more than" in str(caught.value)


def test_a_small_list_where_a_number_belongs_is_named_not_printed() -> None:
    text = MINIMAL_FACTS.replace("amount: 9.04", "amount: [" + ", ".join(["x" * 100] * 50) + "]")
    with pytest.raises(FactBaseError, match=r"amount: expected a number, got a list$"):
        parse_fact_base(text, "facts.yaml")


@pytest.mark.parametrize("field,value", [
    ("id: budget-fy2026", "id: " + "Q" * 100_000),
    ("unit: trillion", "unit: " + "z" * 100_000),
    ("status: recipient", "status: " + "s" * 100_000),
    ("as_of: \"2025-12-26\"", "as_of: \"" + "9" * 100_000 + "\""),
    ("sources: [src-a]\n    as_of", "sources: [" + "n" * 100_000 + "]\n    as_of"),
])
def test_error_messages_cut_long_values(field: str, value: str) -> None:
    """D2: a message quotes at most 60 characters of a value, however long the value."""
    assert field in MINIMAL_FACTS
    with pytest.raises(FactBaseError) as caught:
        parse_fact_base(MINIMAL_FACTS.replace(field, value, 1), "facts.yaml")
    message = str(caught.value)
    assert len(message) < 250 and "..." in message, message


def test_a_long_unknown_field_name_is_cut() -> None:
    text = MINIMAL_FACTS.replace("    answer:", "    " + "k" * 1_000 + ": 1\n    answer:", 1)
    with pytest.raises(FactBaseError) as caught:
        parse_fact_base(text, "facts.yaml")
    assert len(str(caught.value)) < 400 and "unknown field" in str(caught.value)


@pytest.mark.parametrize("amount", ["0", "-9.04", ".nan", ".inf", "-.inf", "0.0", "1" + "0" * 400])
def test_figures_must_be_positive_finite_numbers(amount: str) -> None:
    """D3: `amount: 0`, `.nan` or a negative amount passed check, then a growth question divided by zero."""
    with pytest.raises(FactBaseError, match=r"figures\[0\]\.amount: expected a positive number"):
        parse_fact_base(MINIMAL_FACTS.replace("amount: 9.04", f"amount: {amount}"), "facts.yaml")


def test_grant_amounts_must_be_positive_too() -> None:
    text = MINIMAL_FACTS.replace("amount: 400, unit: million", "amount: -2, unit: million")
    assert text != MINIMAL_FACTS
    with pytest.raises(FactBaseError, match=r"received\[0\]\.amount: expected a positive number"):
        parse_fact_base(text, "facts.yaml")
