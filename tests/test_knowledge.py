"""Loading and validating facts.yaml: precise errors, never a traceback."""

from __future__ import annotations

import contextlib
import itertools
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge import FactBaseError, load_fact_base, parse_fact_base
from tests.conftest import MINIMAL_FACTS


@contextlib.contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail, rather than hang, when the body takes longer than `seconds` (SIGALRM: the main thread only)."""
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """Every file here loads or fails in milliseconds: a loader stuck in a loop fails its test, not the run."""
    with within(5):
        yield


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


# --- issue 13: the whole message, where it points (the mutation run's survivors) ------------------------------

COUNTRIES_AT = MINIMAL_FACTS.index("countries:\n")
SECOND_SOURCE = "  - id: src-a\n    title: B\n    publisher: P\n    file: b.md\nfacts:\n"
FIGURE = "      - {label: budget, amount: 9.04, unit: trillion, currency: JPY, fiscal_year: 2026}\n"
GRANT = "what: patrol boats, amount: 400, unit: million, currency: JPY, source: src-a}"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("schema: 1\n", "schema: 2\n", "1:9: schema: unsupported schema 2 (this bot reads 1)"),
    ("schema: 1\n", "schema: 1\nextra: x\n",
     "2:8: extra: unknown field 'extra' (allowed: countries, facts, out_of_scope, schema, sources, topics)"),
    ("  - id: budget\n", "  - id: Budget\n",
     "3:9: topics[0].id: 'Budget' must be lower-case letters, digits and dashes"),
    ("topics:\n", "topics:\n  - {id: budget, title: T, about: a, keywords: [b]}\n",
     "4:9: topics[1].id: duplicate topic id 'budget'"),
    ("[budget, defence]", "[]", "6:15: topics[0].keywords: must not be empty"),
    ("[budget, defence]", "[budget, '']", "6:24: topics[0].keywords[1]: expected non-empty text"),
    ("[budget, defence]", "[budget, [x]]", "6:24: topics[0].keywords[1]: expected non-empty text"),
    ("[budget, defence]", "budget", "6:15: topics[0].keywords: expected a list, got text"),
    ("    keywords: [budget, defence]\n", "", "3:5: topics[0]: missing required field 'keywords'"),
    ("about: annual budgets", "about: ' '", "5:12: topics[0].about: must not be empty"),
    ("about: annual budgets", "about: [a]", "5:12: topics[0].about: expected text, got a list"),
    ("about: annual budgets", "about: true", "5:12: topics[0].about: expected text, got true/false: "
     "YAML reads unquoted yes, no, on, off, true and false that way; put the text in quotes"),
    ("command: /budget", "command: /Budget",
     "7:14: topics[0].command: expected a slash command such as /budget, got '/Budget'"),
    ('"defence budget {}"', '"defence {} budget {}"',
     "9:17: topics[0].asks_about: must contain {} once, where the argument goes"),
    ("facts:\n", SECOND_SOURCE, "18:9: sources[1].id: duplicate source id 'src-a'"),
    ('date: "2025-12-26"\n    url', 'date: "2025-02-30"\n    url',
     "15:11: sources[0].date: bad date '2025-02-30': no such day"),
    ('date: "2025-12-26"\n    url', 'date: "2025-13"\n    url',
     "15:11: sources[0].date: bad date '2025-13': no such day"),
    ('date: "2025-12-26"\n    url', 'date: "26/12/2025"\n    url',
     "15:11: sources[0].date: bad date '26/12/2025': use YYYY-MM-DD, YYYY-MM or YYYY"),
    ("url: https://example.org/a", "url: ftp://example.org/a",
     "16:10: sources[0].url: 'ftp://example.org/a' is not an http(s) address"),
    ("    file: news-facts.md\n", "", "12:5: sources[0]: missing required field 'file'"),
    ("status: recipient", "status: 3",
     "37:13: countries[0].status: '3' is not one of recipient, slated, priority-partner, mentioned"),
    ("out_of_scope:\n", "  - {id: tonga, name: The Fijian, status: slated, sources: [src-a]}\nout_of_scope:\n",
     "41:23: countries[1].name: country 'fijian' is already listed under 'fiji'"),
    ("    sources: [src-a]\n    received", "    sources: []\n    received",
     "38:14: countries[0].sources: must not be empty"),
    ("    sources: [src-a]\n    received", "    received", "34:5: countries[0]: missing required field 'sources'"),
    ("    sources: [src-a]\n    received", "    sources: [src-z]\n    received",
     "38:15: countries[0].sources[0]: unknown source 'src-z'"),
    (GRANT, GRANT.replace("JPY", "EUR"), "40:87: countries[0].received[0].currency: 'EUR' is not one of JPY, USD"),
    (GRANT, GRANT.replace(" currency: JPY,", ""),
     "40:9: countries[0].received[0]: missing required field 'currency' for an amount in million"),
    (GRANT, GRANT.replace(" unit: million,", ""), "40:9: countries[0].received[0]: missing required field 'unit'"),
    (GRANT, GRANT.replace("src-a", "src-z"), "40:100: countries[0].received[0].source: unknown source 'src-z'"),
    (GRANT, GRANT.replace("}", ", colour: red}"), "40:115: countries[0].received[0].colour: unknown field 'colour' "
     "(allowed: amount, currency, date, date_note, fiscal_year, source, unit, what)"),
    ("fiscal_year: 2023", "fiscal_year: 1899",
     "40:23: countries[0].received[0].fiscal_year: expected a four-digit year, got 1899"),
    ("fiscal_year: 2023", "fiscal_year: 2101",
     "40:23: countries[0].received[0].fiscal_year: expected a four-digit year, got 2101"),
    ("fiscal_year: 2023", "fiscal_year: true",
     "40:23: countries[0].received[0].fiscal_year: expected a four-digit year, got True"),
    ("fiscal_year: 2023", "fiscal_year: '2023'",
     "40:23: countries[0].received[0].fiscal_year: expected a four-digit year, got '2023'"),
    ("    received:\n", "    received:\n      - 3\n",
     "40:9: countries[0].received[0]: expected a mapping of fields, got int"),
    ("  - id: budget-fy2026\n", "  - id: budget-fy2026\n    follow_ups: [nope]\n",
     "20:18: facts[0].follow_ups[0]: unknown fact 'nope'"),
    ("  - id: budget-fy2026\n", "  - id: budget-fy2026\n    series_default: newest\n",
     "20:21: facts[0].series_default: 'newest' is not 'latest' or 'all'"),
    ("  - id: budget-fy2026\n", "  - id: budget-fy2026\n    years: [2025, 3000]\n",
     "20:19: facts[0].years[1]: expected a four-digit year, got 3000"),
    ("  - id: budget-fy2026\n", "  - id: budget-fy2026\n    countries: [tonga]\n",
     "20:17: facts[0].countries[0]: unknown country 'tonga'"),
    ('    as_of: "2025-12-26"\n', "", "19:5: facts[0]: missing required field 'as_of'"),
    ("topic: budget\n    title", "topic: sports\n    title", "20:12: facts[0].topic: unknown topic 'sports'"),
    (FIGURE, "      - {label: budget, unit: trillion, currency: JPY}\n",
     "28:9: facts[0].figures[0]: missing required field 'amount'"),
    (FIGURE, FIGURE.replace("fiscal_year: 2026", "source: src-z"),
     "28:78: facts[0].figures[0].source: unknown source 'src-z'"),
    (FIGURE, FIGURE.replace("}", ", size: 3}"), "28:95: facts[0].figures[0].size: unknown field 'size' "
     "(allowed: amount, currency, fiscal_year, label, source, unit)"),
    (FIGURE, FIGURE.replace("9.04", "'9.04'"), "28:33: facts[0].figures[0].amount: expected a number, got '9.04'"),
    (FIGURE, FIGURE.replace("9.04", "true"), "28:33: facts[0].figures[0].amount: expected a number, got True"),
    (FIGURE, FIGURE.replace("unit: trillion", "unit: gazillion"), "28:45: facts[0].figures[0].unit: 'gazillion' "
     "is not one of one, thousand, million, billion, trillion, percent, times"),
    ("  - what is the us defence budget\n", "  - what is the us defence budget\n  - ''\n",
     "43:5: out_of_scope[1]: expected non-empty text"),
])
def test_each_mistake_is_reported_in_full_at_its_place(old: str, new: str, expected: str) -> None:
    assert old in MINIMAL_FACTS
    assert str(error_for(MINIMAL_FACTS.replace(old, new, 1))) == f"facts.yaml:{expected}"


@pytest.mark.parametrize(("text", "expected"), [
    (MINIMAL_FACTS.replace("title: A report", "title: A re\ud800port"), "13:16: the text is not valid Unicode"),
    (MINIMAL_FACTS.replace("    title: A report", "\ttitle: A report"),
     "13:1: YAML syntax: found a tab character that violates indentation (use spaces, not tabs, to indent)"),
    (MINIMAL_FACTS.replace("sources: [src-a]\n    as_of", "sources: [src-a\n    as_of"),
     "24:10: YAML syntax: did not find expected ',' or ']'"),
    (MINIMAL_FACTS.replace("title: A report", "title: A \x01report"), "13:14: character U+0001 is not allowed in YAML"),
    (MINIMAL_FACTS.replace("- id: budget-fy2026\n", "- id: budget-fy2026\n    id: again\n"), "20:5: id: duplicate key"),
    (MINIMAL_FACTS.replace("amount: 9.04", "amount: !!int x"),
     "28:33: YAML syntax: cannot read 'x' as 'int' (invalid literal for int() with base 10: 'x')"),
    ("a: *x", "1:4: YAML syntax: found undefined alias"),
    ("", "1:1: the fact base is empty"),
    ("- a\n", "1:1: expected a mapping of fields, got a list"),
    ("schema: 1\n", "1:1: topics: expected a list, got nothing"),
    (MINIMAL_FACTS[:COUNTRIES_AT] + "countries: 3\n", "33:12: countries: expected a list, got int"),
])
def test_a_file_that_is_not_a_fact_base_is_reported_in_full(text: str, expected: str) -> None:
    assert str(error_for(text)) == f"facts.yaml:{expected}"


def test_a_month_or_a_year_is_a_date_and_an_unquoted_date_stays_as_written() -> None:
    for date in ("2025", "2025-12", "2025-12-26"):
        base = parse_fact_base(MINIMAL_FACTS.replace('date: "2025-12-26"', f"date: {date}"), "facts.yaml")
        assert base.sources[0].date == date


def test_the_version_is_the_hash_of_the_bytes_read(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "facts.yaml"
    path.write_text(MINIMAL_FACTS, encoding="utf-8")
    expected = hashlib.sha256(MINIMAL_FACTS.encode()).hexdigest()[:12]
    assert load_fact_base(path).version == expected == parse_fact_base(MINIMAL_FACTS, "facts.yaml").version
    assert parse_fact_base(MINIMAL_FACTS, "facts.yaml", version="v1").version == "v1"
    path.write_bytes(MINIMAL_FACTS.encode() + b"# caf\xe9\n")
    with pytest.raises(FactBaseError) as caught:
        load_fact_base(path)
    line = MINIMAL_FACTS.count("\n") + 1
    assert str(caught.value).endswith(f":{line}:6: the file is not UTF-8 text (byte 0xE9)")


def test_errors_name_a_file_in_the_current_directory_by_its_relative_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "facts.yaml").write_text("schema: 2\n", encoding="utf-8")
    with pytest.raises(FactBaseError) as caught:
        load_fact_base(tmp_path / "kb" / "facts.yaml")
    assert str(caught.value) == "kb/facts.yaml:1:9: schema: unsupported schema 2 (this bot reads 1)"
    with pytest.raises(FactBaseError) as caught:
        load_fact_base(tmp_path / "kb" / "absent.yaml")
    assert str(caught.value) == "kb/absent.yaml:0:0: cannot read the fact base: No such file or directory"


def test_the_fact_base_used_is_bot_facts_else_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.knowledge import default_facts_path, default_sources_path
    from tests.conftest import FACTS

    monkeypatch.setenv("BOT_FACTS", "/somewhere/facts.yaml")
    monkeypatch.setenv("BOT_SOURCES", "/somewhere/sources")
    assert (default_facts_path(), default_sources_path()) == (Path("/somewhere/facts.yaml"), Path("/somewhere/sources"))
    monkeypatch.delenv("BOT_FACTS")
    monkeypatch.delenv("BOT_SOURCES")
    assert default_facts_path() == FACTS
    assert default_sources_path() == FACTS.parent.parent.parent / "shared" / "sources"
