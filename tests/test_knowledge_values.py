"""What the fact-base loader accepts and what it makes of it: every optional field read, text tidied, the
boundaries of what is valid, and the exact message for each value it refuses (issue 13, knowledge.py)."""

from __future__ import annotations

import importlib.util
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot import knowledge
from bot.knowledge import FactBaseError, load_fact_base, locate, parse_fact_base
from bot.models import Country, Fact, FactBase, Figure, Grant, Source, Topic
from tests.conftest import MINIMAL_FACTS
from tests.test_knowledge import within

RICH_FACTS = """\
schema: 1
topics:
  - id: budget
    title: Defence   budget
    about: |
      annual
      budgets
    keywords: [budget, "  defence   spending "]
    command: /budget
    asks: defence budget
    asks_about: "defence budget {}"
    argument: fiscal year
  - id: osa
    title: OSA
    about: aid
    keywords: [osa, 2026, 3.5, 0123, 1.50]
sources:
  - id: src-a
    title: A report
    title_note: translated
    publisher: Someone
    date: 2025
    date_note: published
    url: http://example.org/a
    file: a.md
  - id: b2
    title: 2026
    publisher: " Ministry  of Defense "
    file: b.md
    title_note: "  "
    url: ""
facts:
  - id: budget-fy2025
    topic: budget
    title: FY2025 defence budget
    answer: "It is\\n  8.7   trillion yen."
    sources: [src-a, b2]
    as_of: 2025-03
    questions: [q one, q two, q three]
    keywords: [fy2025]
    series: defence-budget
    fiscal_year: 2025
    series_default: all
    years: [2025, 1900, 2100]
    countries: [ph]
    figures:
      - {label: budget, amount: 8, unit: trillion, currency: JPY}
      - {label: share, amount: 1.6, unit: percent, source: b2, fiscal_year: 2025}
      - {label: growth, amount: 2, unit: times}
    follow_ups: [budget-fy2026]
  - id: budget-fy2026
    topic: budget
    title: FY2026 defence budget
    answer: It is 9.04 trillion yen.
    sources: [b2]
    as_of: "2025-12-26"
    questions: [q one, q two, q three, q four]
    series: defence-budget
    fiscal_year: 2026
    series_default: latest
    follow_ups: [budget-fy2025]
  - id: osa-2026
    topic: osa
    title: OSA
    answer: Some.
    sources: [src-a]
    as_of: "2026"
    questions: [a, b, c]
    fiscal_year: 2026
countries:
  - id: ph
    name: The Philippines
    aliases: [Filipino, philippines, PH]
    status: priority-partner
    note: "  a   note "
    sources: [b2, src-a]
    received:
      - {what: radars, source: b2}
      - {what: boats, source: src-a, fiscal_year: 2024, amount: 2.5, unit: billion, currency: USD,
         date: 2024-12, date_note: notes exchanged}
      - {what: share, source: src-a, amount: 3, unit: percent}
  - id: tonga
    name: Tonga
    status: mentioned
    sources: [src-a]
out_of_scope:
  - "the   us budget"
  - 42
"""


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """A loader stuck in a loop (an alias cycle walked forever) fails its test rather than hanging the run."""
    with within(5):
        yield


def load(text: str) -> FactBase:
    return parse_fact_base(text, "facts.yaml")


def error_for(text: str) -> str:
    with pytest.raises(FactBaseError) as caught:
        parse_fact_base(text, "facts.yaml")
    return str(caught.value)


def test_every_field_is_read_and_its_text_tidied() -> None:
    base = load(RICH_FACTS)
    assert base.path == "facts.yaml"
    assert base.topics == (
        Topic(id="budget", title="Defence budget", about="annual budgets", keywords=("budget", "defence spending"),
              command="/budget", asks="defence budget", asks_about="defence budget {}", argument="fiscal year"),
        Topic(id="osa", title="OSA", about="aid", keywords=("osa", "2026", "3.5", "0123", "1.50")),
    )
    assert base.sources == (
        Source(id="src-a", title="A report", title_note="translated", publisher="Someone", date="2025",
               date_note="published", url="http://example.org/a", file="a.md"),
        Source(id="b2", title="2026", publisher="Ministry of Defense", file="b.md"),
    )
    assert base.facts[0] == Fact(
        id="budget-fy2025", topic="budget", title="FY2025 defence budget", answer="It is 8.7 trillion yen.",
        sources=("src-a", "b2"), as_of="2025-03", questions=("q one", "q two", "q three"), keywords=("fy2025",),
        series="defence-budget", fiscal_year=2025, series_default="all", years=(2025, 1900, 2100),
        countries=("ph",), follow_ups=("budget-fy2026",),
        figures=(
            Figure(label="budget", amount=8.0, unit="trillion", currency="JPY", source="src-a"),
            Figure(label="share", amount=1.6, unit="percent", source="b2", fiscal_year=2025),
            Figure(label="growth", amount=2.0, unit="times", source="src-a"),
        ),
    )
    assert isinstance(base.facts[0].figures[0].amount, float)
    assert base.facts[1].series_default == "latest" and base.facts[1].keywords == () and base.facts[1].figures == ()
    assert base.facts[2] == Fact(id="osa-2026", topic="osa", title="OSA", answer="Some.", sources=("src-a",),
                                 as_of="2026", questions=("a", "b", "c"), fiscal_year=2026)
    assert base.countries == (
        Country(id="ph", name="The Philippines", aliases=("filipino", "philippines", "ph"), status="priority-partner",
                note="a note", sources=("b2", "src-a"), received=(
                    Grant(what="radars", source="b2"),
                    Grant(what="boats", source="src-a", fiscal_year=2024, amount=2.5, unit="billion", currency="USD",
                          date="2024-12", date_note="notes exchanged"),
                    Grant(what="share", source="src-a", amount=3.0, unit="percent"),
                )),
        Country(id="tonga", name="Tonga", aliases=(), status="mentioned", sources=("src-a",)),
    )
    assert base.out_of_scope == ("the us budget", "42")


def test_the_optional_sections_may_be_left_out() -> None:
    countries = MINIMAL_FACTS.index("countries:\n")
    text = MINIMAL_FACTS[:countries].replace("schema: 1\n", "")
    base = load(text)
    assert (base.countries, base.out_of_scope) == ((), ())
    assert load(text + "countries:\nout_of_scope:\n").countries == ()
    assert load(text + "countries: []\n").countries == ()


@pytest.mark.parametrize("value", ["a", "0", "9-lives", "a-", "fy2026-budget"])
def test_ids_accepted(value: str) -> None:
    assert load(MINIMAL_FACTS.replace("id: budget-fy2026", f"id: '{value}'")).facts[0].id == value


@pytest.mark.parametrize("value", ["-a", "a_b", "a.b", "A", "a b", "é"])
def test_ids_refused(value: str) -> None:
    assert error_for(MINIMAL_FACTS.replace("id: budget-fy2026", f"id: '{value}'")) == (
        f"facts.yaml:19:9: facts[0].id: {value!r} must be lower-case letters, digits and dashes")


@pytest.mark.parametrize("value", ["/b", "/budget_2", "/a-b", "/" + "a" * 31])
def test_commands_accepted(value: str) -> None:
    assert load(MINIMAL_FACTS.replace("command: /budget", f"command: {value}")).topics[0].command == value


@pytest.mark.parametrize("value", ["/", "/2b", "//b", "/b c", "/" + "a" * 32, "budget/", "/budgét"])
def test_commands_refused(value: str) -> None:
    assert error_for(MINIMAL_FACTS.replace("command: /budget", f"command: '{value}'")) == (
        f"facts.yaml:7:14: topics[0].command: expected a slash command such as /budget, got {value!r}")


def test_a_topic_without_a_command_needs_no_question_to_ask() -> None:
    text = MINIMAL_FACTS.replace("    command: /budget\n    asks: defence budget\n", "")
    topic = load(text.replace('    asks_about: "defence budget {}"\n    argument: fiscal year\n', "")).topics[0]
    assert (topic.command, topic.asks, topic.asks_about, topic.argument) == (None, None, None, None)


@pytest.mark.parametrize(("field", "line"), [("asks_about", 7), ("argument", 7)])
def test_what_a_command_asks_is_refused_without_the_command(field: str, line: int) -> None:
    """It did nothing: the maintainer who wrote it expected a command to ask it."""
    text = MINIMAL_FACTS.replace("    command: /budget\n    asks: defence budget\n", "")
    if field == "argument":
        text = text.replace('    asks_about: "defence budget {}"\n', "")
    with pytest.raises(FactBaseError) as raised:
        load(text)
    assert str(raised.value).startswith(f"facts.yaml:{line}:")
    assert str(raised.value).endswith(f"topics[0].{field}: '{field}' only applies to a topic with a 'command'")
    with pytest.raises(FactBaseError, match=r"topics\[0\]\.asks: 'asks' only applies"):
        load(MINIMAL_FACTS.replace("    command: /budget\n", ""))


def test_a_command_needs_no_argument_hint_nor_a_question_with_an_argument() -> None:
    text = MINIMAL_FACTS.replace('    asks_about: "defence budget {}"\n    argument: fiscal year\n', "")
    topic = load(text).topics[0]
    assert (topic.command, topic.asks, topic.asks_about, topic.argument) == ("/budget", "defence budget", None, None)


@pytest.mark.parametrize("value", ["2025", "2025-02", "2024-02-29", "2025-12-31", "2000-01-01"])
def test_dates_accepted(value: str) -> None:
    assert load(MINIMAL_FACTS.replace('as_of: "2025-12-26"', f"as_of: {value}")).facts[0].as_of == value


@pytest.mark.parametrize(("value", "why"), [
    ("2025-00", "no such day"), ("2025-02-29", "no such day"), ("2025-04-31", "no such day"),
    ("0000", "no such day"), ("2025-1", "use YYYY-MM-DD, YYYY-MM or YYYY"),
    ("25", "use YYYY-MM-DD, YYYY-MM or YYYY"), ("2025-12-26x", "use YYYY-MM-DD, YYYY-MM or YYYY"),
    ("2025-12-26 10:00", "use YYYY-MM-DD, YYYY-MM or YYYY"), ("x2025", "use YYYY-MM-DD, YYYY-MM or YYYY"),
])
def test_dates_refused(value: str, why: str) -> None:
    assert error_for(MINIMAL_FACTS.replace('as_of: "2025-12-26"', f"as_of: '{value}'")) == (
        f"facts.yaml:24:12: facts[0].as_of: bad date {value!r}: {why}")


def test_a_date_that_is_a_list_is_refused() -> None:
    assert error_for(MINIMAL_FACTS.replace('as_of: "2025-12-26"', "as_of: [2025]")) == (
        "facts.yaml:24:12: facts[0].as_of: bad date '[2025]': use YYYY-MM-DD, YYYY-MM or YYYY")


@pytest.mark.parametrize(("value", "expected"), [("1900", 1900), ("2100", 2100), ("2026", 2026)])
def test_years_accepted(value: str, expected: int) -> None:
    assert load(MINIMAL_FACTS.replace("fiscal_year: 2026\n", f"fiscal_year: {value}\n")).facts[0].fiscal_year == (
        expected)


@pytest.mark.parametrize(("value", "shown"), [("1899", "1899"), ("2101", "2101"), ("2026.0", "2026.0"),
                                              ("false", "False"), ("[2026]", "a list"), ("'FY26'", "'FY26'")])
def test_years_refused(value: str, shown: str) -> None:
    assert error_for(MINIMAL_FACTS.replace("fiscal_year: 2026\n", f"fiscal_year: {value}\n")) == (
        f"facts.yaml:26:18: facts[0].fiscal_year: expected a four-digit year, got {shown}")


@pytest.mark.parametrize(("value", "expected"), [("1", 1.0), ("0.001", 0.001), ("1.0e+3", 1000.0),
                                                 ("12345678901234567890", 1.2345678901234567e19)])
def test_amounts_accepted(value: str, expected: float) -> None:
    amount = load(MINIMAL_FACTS.replace("amount: 9.04", f"amount: {value}")).facts[0].figures[0].amount
    assert amount == expected and isinstance(amount, float)


@pytest.mark.parametrize(("value", "expected"), [
    ("0", "a positive number, got 0"), ("-1", "a positive number, got -1"), (".nan", "a positive number, got nan"),
    (".inf", "a positive number, got inf"), ("1" + "0" * 400, "a positive number, got 1" + "0" * 59 + "..."),
    ("null", "a number, got None"), ("false", "a number, got False"), ("'9'", "a number, got '9'"),
    ("{a: 1}", "a number, got a mapping"),
])
def test_amounts_refused(value: str, expected: str) -> None:
    assert error_for(MINIMAL_FACTS.replace("amount: 9.04", f"amount: {value}")) == (
        f"facts.yaml:28:33: facts[0].figures[0].amount: expected {expected}")


# --- the exact message for each mistake, section by section ---------------------------------------------------

FIGURE = "      - {label: budget, amount: 9.04, unit: trillion, currency: JPY, fiscal_year: 2026}\n"
GRANT = "what: patrol boats, amount: 400, unit: million, currency: JPY, source: src-a}"
AFTER_ID = "  - id: budget-fy2026\n"


@pytest.mark.parametrize(("old", "new", "expected"), [
    # the file as a whole
    ("schema: 1\n", "schema: '1'\n", "1:9: schema: unsupported schema '1' (this bot reads 1)"),
    ("schema: 1\n", "schema: 1\n1: x\n",
     "2:4: 1: unknown field 1 (allowed: countries, facts, out_of_scope, schema, sources, topics)"),
    # topics
    ("topics:\n", "topics:\n  - budget\n", "3:5: topics[0]: expected a mapping of fields, got text"),
    ("    argument: fiscal year\n", "    argument: fiscal year\n    colour: red\n",
     "11:13: topics[0].colour: unknown field 'colour' "
     "(allowed: about, argument, asks, asks_about, command, id, keywords, title)"),
    ("  - id: budget\n    title", "  - title", "3:5: topics[0]: missing required field 'id'"),
    ("    title: Defence budget\n", "", "3:5: topics[0]: missing required field 'title'"),
    ("command: /budget", "command: [/budget]", "7:14: topics[0].command: expected text, got a list"),
    ("asks: defence budget", "asks: ''", "8:11: topics[0].asks: must not be empty"),
    ('asks_about: "defence budget {}"', "asks_about: {a: 1}",
     "9:17: topics[0].asks_about: expected text, got a mapping"),
    ('asks_about: "defence budget {}"', "asks_about: defence budget", "9:17: topics[0].asks_about: must contain {} "
     "once, where the argument goes"),
    ("argument: fiscal year", "argument: [x]", "10:15: topics[0].argument: expected text, got a list"),
    # sources
    ("sources:\n", "sources:\n  - src-b\n", "12:5: sources[0]: expected a mapping of fields, got text"),
    ("    file: news-facts.md\n", "    file: news-facts.md\n    isbn: 1\n", "18:11: sources[0].isbn: unknown field "
     "'isbn' (allowed: date, date_note, file, id, publisher, title, title_note, url)"),
    ("  - id: src-a\n    title: A report", "  - title: A report", "12:5: sources[0]: missing required field 'id'"),
    ("    title: A report\n", "", "12:5: sources[0]: missing required field 'title'"),
    ("    publisher: Someone\n", "", "12:5: sources[0]: missing required field 'publisher'"),
    ("    publisher: Someone\n", "    publisher: Someone\n    title_note: [x]\n",
     "15:17: sources[0].title_note: expected text, got a list"),
    ("    publisher: Someone\n", "    publisher: Someone\n    date_note: [x]\n",
     "15:16: sources[0].date_note: expected text, got a list"),
    ("url: https://example.org/a", "url: [x]", "16:10: sources[0].url: expected text, got a list"),
    ("url: https://example.org/a", "url: https//example.org/a",
     "16:10: sources[0].url: 'https//example.org/a' is not an http(s) address"),
    # facts
    ("facts:\n", "facts:\n  - budget\n", "19:5: facts[0]: expected a mapping of fields, got text"),
    ("    topic: budget\n", "", "19:5: facts[0]: missing required field 'topic'"),
    ("    title: FY2026 defence budget\n", "", "19:5: facts[0]: missing required field 'title'"),
    ("    questions:\n      - how big is the defence budget\n", "    questions:\n",
     "30:7: facts[0].questions: needs at least 3 entries, has 2"),
    ("series: defence-budget", "series: [x]", "25:13: facts[0].series: expected text, got a list"),
    ("    fiscal_year: 2026\n    figures", "    figures", "19:5: facts[0]: a fact in a series needs 'fiscal_year'"),
    (AFTER_ID, AFTER_ID + "    series_default: [latest]\n",
     "20:21: facts[0].series_default: expected text, got a list"),
    (AFTER_ID, AFTER_ID + "    keywords: [fy26, ' ']\n", "20:22: facts[0].keywords[1]: expected non-empty text"),
    (AFTER_ID, AFTER_ID + "    years: 2026\n", "20:12: facts[0].years: expected a list, got int"),
    (AFTER_ID, AFTER_ID + "    follow_ups: [budget-fy2026, nope]\n",
     "20:33: facts[0].follow_ups[1]: unknown fact 'nope'"),
    # figures
    (FIGURE, "      - 9.04\n", "28:9: facts[0].figures[0]: expected a mapping of fields, got float"),
    (FIGURE, FIGURE.replace("label: budget, ", ""), "28:9: facts[0].figures[0]: missing required field 'label'"),
    (FIGURE, FIGURE.replace(" currency: JPY,", ""),
     "28:9: facts[0].figures[0]: missing required field 'currency' for an amount in trillion"),
    (FIGURE, FIGURE.replace("currency: JPY", "currency: [JPY]"),
     "28:65: facts[0].figures[0].currency: expected text, got a list"),
    (FIGURE, FIGURE.replace("2026}", "26}"),
     "28:83: facts[0].figures[0].fiscal_year: expected a four-digit year, got 26"),
    # countries
    ("countries:\n", "countries:\n  - fiji\n", "34:5: countries[0]: expected a mapping of fields, got text"),
    ("    name: Fiji\n", "    name: Fiji\n    capital: Suva\n", "36:14: countries[0].capital: unknown field 'capital' "
     "(allowed: aliases, id, name, note, received, sources, status)"),
    ("  - id: fiji\n    name", "  - name", "34:5: countries[0]: missing required field 'id'"),
    ("  - id: fiji\n", "  - id: Fiji\n", "34:9: countries[0].id: 'Fiji' must be lower-case letters, digits and dashes"),
    ("    name: Fiji\n", "", "34:5: countries[0]: missing required field 'name'"),
    ("    status: recipient\n", "", "34:5: countries[0]: missing required field 'status'"),
    ("    name: Fiji\n", "    name: Fiji\n    note: [x]\n", "36:11: countries[0].note: expected text, got a list"),
    ("out_of_scope:\n", "  - {id: tonga, name: Tonga, aliases: [tongan, fijian], status: slated, sources: [src-a]}\n"
     "out_of_scope:\n", "41:48: countries[1].aliases[1]: country 'fijian' is already listed under 'fiji'"),
    # grants
    (GRANT, GRANT.replace("what: patrol boats, ", ""), "40:9: countries[0].received[0]: missing required field 'what'"),
    (GRANT, GRANT.replace(", source: src-a", ""), "40:9: countries[0].received[0]: missing required field 'source'"),
    (GRANT, GRANT.replace("currency: JPY", "currency: [JPY]"),
     "40:87: countries[0].received[0].currency: expected text, got a list"),
    (GRANT, GRANT.replace("source: src-a}", "date: 2024-13, source: src-a}"),
     "40:98: countries[0].received[0].date: bad date '2024-13': no such day"),
    (GRANT, GRANT.replace("source: src-a}", "date: 2024-12, date_note: [x], source: src-a}"),
     "40:118: countries[0].received[0].date_note: expected text, got a list"),
    (GRANT, GRANT.replace("source: src-a}", "date_note: signed, source: src-a}"),
     "40:103: countries[0].received[0].date_note: 'date_note' says what the 'date' is, but there is no 'date'"),
])
def test_each_mistake_is_reported_in_full(old: str, new: str, expected: str) -> None:
    assert old in MINIMAL_FACTS and old != new
    assert error_for(MINIMAL_FACTS.replace(old, new, 1)) == f"facts.yaml:{expected}"


def test_a_fact_base_with_no_facts_is_refused() -> None:
    start, end = MINIMAL_FACTS.index("facts:\n"), MINIMAL_FACTS.index("countries:\n")
    assert error_for(MINIMAL_FACTS[:start] + "facts: []\n" + MINIMAL_FACTS[end:]) == (
        "facts.yaml:18:8: facts: must not be empty")
    assert error_for(MINIMAL_FACTS[:start] + MINIMAL_FACTS[end:]) == (
        "facts.yaml:1:1: facts: expected a list, got nothing")


def _fact(fact_id: str, extra: str) -> str:
    return (f"  - {{id: {fact_id}, topic: budget, title: T, answer: A, sources: [src-a], as_of: '2025',"
            f" questions: [a, b, c]{extra}}}\n")


def test_a_series_has_one_fact_per_fiscal_year() -> None:
    countries = MINIMAL_FACTS.index("countries:\n")
    facts = MINIMAL_FACTS.index("  - id: budget-fy2026\n")
    loose = _fact("loose-a", ", fiscal_year: 2026") + _fact("loose-b", ", fiscal_year: 2026")
    text = MINIMAL_FACTS[:facts] + loose + MINIMAL_FACTS[facts:countries]
    assert [f.id for f in load(text + MINIMAL_FACTS[countries:]).facts] == ["loose-a", "loose-b", "budget-fy2026"]
    twin = _fact("budget-twin", ", series: defence-budget, fiscal_year: 2026")
    assert error_for(text + twin + MINIMAL_FACTS[countries:]) == (
        "facts.yaml:35:151: facts[3].fiscal_year: series 'defence-budget' already has FY2026 in 'budget-fy2026'")
    other_year = twin.replace("2026", "2027")
    assert load(text + other_year + MINIMAL_FACTS[countries:]).series_members("defence-budget")[1].id == "budget-twin"


def test_a_duplicate_fact_id_names_where_the_first_one_is() -> None:
    countries = MINIMAL_FACTS.index("countries:\n")
    text = MINIMAL_FACTS[:countries] + _fact("other", "") + _fact("budget-fy2026", "") + MINIMAL_FACTS[countries:]
    assert error_for(text) == "facts.yaml:34:10: facts[2].id: duplicate id 'budget-fy2026' (first at facts[0])"


def test_empty_lists_and_missing_optional_fields_are_accepted() -> None:
    text = (MINIMAL_FACTS.replace('    date: "2025-12-26"\n', "")
            .replace("  - id: budget-fy2026\n", "  - id: budget-fy2026\n    keywords: []\n    follow_ups: []\n"
                     "    years: []\n    countries: []\n    figures: []\n")
            .replace(FIGURE, "").replace("    figures:\n    questions", "    questions")
            .replace("    aliases: [fijian]\n", "    aliases: []\n").replace("    received:\n", "    received: []\n")
            .replace("      - {fiscal_year: 2023, " + GRANT + "\n", ""))
    base = load(text)
    assert base.sources[0].date is None
    fact = base.facts[0]
    assert (fact.keywords, fact.follow_ups, fact.years, fact.countries, fact.figures) == ((), (), (), (), ())
    assert (base.countries[0].aliases, base.countries[0].received) == ((), ())


def test_a_country_may_repeat_its_own_name_among_its_aliases() -> None:
    text = MINIMAL_FACTS.replace("name: Fiji\n    aliases: [fijian]",
                                 "name: The Fiji\n    aliases: [Fiji, FIJIAN, fijian]")
    assert load(text).countries[0].aliases == ("fiji", "fijian", "fijian")


# --- errors about the file as a whole: no field, and a position a maintainer can go to -------------------------


def fields(error: FactBaseError) -> tuple[str, int, int, str, str]:
    return error.file, error.line, error.column, error.field, error.message


def caught(text: str) -> FactBaseError:
    with pytest.raises(FactBaseError) as raised:
        parse_fact_base(text, "facts.yaml")
    return raised.value


@pytest.mark.parametrize(("text", "expected"), [
    ("\nabc \ud800", ("facts.yaml", 2, 5, "", "the text is not valid Unicode")),
    ("\ud800", ("facts.yaml", 1, 1, "", "the text is not valid Unicode")),
    ("\nschema: \x01", ("facts.yaml", 2, 9, "", "character U+0001 is not allowed in YAML")),
    ("\x7f", ("facts.yaml", 1, 1, "", "character U+007F is not allowed in YAML")),
    ("a: [b\n", ("facts.yaml", 2, 1, "", "YAML syntax: did not find expected ',' or ']'")),
    ("\n" + "k" * 100 + ": 1\n" + "k" * 100 + ": 2\n", ("facts.yaml", 3, 1, "k" * 60 + "...", "duplicate key")),
    ("a: !!float x", ("facts.yaml", 1, 4, "", "YAML syntax: cannot read 'x' as 'float' "
                                               "(could not convert string to float: 'x')")),
    ("a: !!int " + "x" * 300, ("facts.yaml", 1, 4, "", f"YAML syntax: cannot read '{'x' * 60}...' as 'int' "
                                                      f"(invalid literal for int() with base 10: '{'x' * 59})")),
])
def test_a_file_that_does_not_parse_is_located_without_a_field(text: str, expected: tuple[object, ...]) -> None:
    assert fields(caught(text)) == expected


def test_a_file_that_cannot_be_read_or_decoded_is_named_whole(tmp_path: Path) -> None:
    """Outside the current directory the file is named as given; the error has no field."""
    with pytest.raises(FactBaseError) as raised:
        load_fact_base(tmp_path / "absent.yaml")
    assert fields(raised.value) == (str(tmp_path / "absent.yaml"), 0, 0, "",
                                    "cannot read the fact base: No such file or directory")
    path = tmp_path / "facts.yaml"
    path.write_bytes(b"# caf\xe9\nschema: 1\n")
    with pytest.raises(FactBaseError) as raised:
        load_fact_base(path)
    assert fields(raised.value) == (str(path), 1, 6, "", "the file is not UTF-8 text (byte 0xE9)")
    path.write_bytes(b"schema: 1\n\n# caf\xe9\n")
    with pytest.raises(FactBaseError) as raised:
        load_fact_base(path)
    assert fields(raised.value)[1:3] == (3, 6), "the line and column of the byte, not of the file's start"


def test_a_value_of_sixty_characters_is_quoted_whole_and_a_longer_one_cut() -> None:
    def message(value: str) -> str:
        return error_for(MINIMAL_FACTS.replace("id: budget-fy2026", f"id: {value}"))

    assert message("B" * 60) == (
        f"facts.yaml:19:9: facts[0].id: '{'B' * 60}' must be lower-case letters, digits and dashes")
    assert message("B" * 61) == (
        f"facts.yaml:19:9: facts[0].id: '{'B' * 60}...' must be lower-case letters, digits and dashes")


def test_a_field_merged_in_with_yaml_merge_key_is_located_at_its_record() -> None:
    text = MINIMAL_FACTS.replace(FIGURE, "      - {<<: {label: b, amount: 1, unit: gazillion, currency: JPY}}\n")
    assert error_for(text) == ("facts.yaml:28:9: facts[0].figures[0].unit: 'gazillion' is not one of one, thousand, "
                               "million, billion, trillion, percent, times")


def test_an_alias_elsewhere_does_not_stop_errors_being_located() -> None:
    text = (MINIMAL_FACTS
            .replace("  - what is the us defence budget\n", "  - &q what is the us defence budget\n  - *q\n")
            .replace("topic: budget\n    title", "topic: sports\n    title"))
    assert error_for(text) == "facts.yaml:20:12: facts[0].topic: unknown topic 'sports'"


def test_a_self_referencing_alias_is_refused_promptly() -> None:
    """`&k [budget, *k]` is a list that contains itself: endless when expanded, so it is over the size limit."""
    text = MINIMAL_FACTS.replace("keywords: [budget, defence]", "keywords: &k [budget, *k]")
    assert error_for(text) == ("facts.yaml:1:1: the file expands to more than 2,000,000 values (YAML aliases "
                               "such as *a repeat a value each time they appear)")


def test_an_empty_or_comment_only_file_is_reported_at_its_start() -> None:
    for text in ("", "# nothing yet\n"):
        assert fields(caught(text)) == ("facts.yaml", 1, 1, "", "the fact base is empty")


def _values(data: object) -> int:
    """Every list, mapping, key and scalar, each alias use counted again."""
    if isinstance(data, dict):
        return 1 + len(data) + sum(_values(v) for v in data.values())
    if isinstance(data, list):
        return 1 + sum(_values(v) for v in data)
    return 1


def test_the_size_limit_counts_every_value_and_key(monkeypatch: pytest.MonkeyPatch) -> None:
    size = _values(yaml.safe_load(MINIMAL_FACTS))
    assert 100 < size < 1_000
    monkeypatch.setattr(knowledge, "MAX_VALUES", size)
    assert load(MINIMAL_FACTS).facts
    monkeypatch.setattr(knowledge, "MAX_VALUES", size - 1)
    assert error_for(MINIMAL_FACTS) == (f"facts.yaml:1:1: the file expands to more than {size - 1:,} values (YAML "
                                        "aliases such as *a repeat a value each time they appear)")


def test_an_installed_package_answers_from_its_own_copy_of_the_facts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout's knowledge/facts.yaml wins; a wheel has only bot/data/facts.yaml; with neither, the checkout's
    path is the one the error names."""
    monkeypatch.delenv("BOT_FACTS", raising=False)
    root = tmp_path.resolve()
    (root / "bot" / "data").mkdir(parents=True)
    monkeypatch.setattr(knowledge, "__file__", str(root / "bot" / "knowledge.py"))
    checkout, shipped = root / "knowledge" / "facts.yaml", root / "bot" / "data" / "facts.yaml"
    assert knowledge.default_facts_path() == checkout
    shipped.write_text(MINIMAL_FACTS, encoding="utf-8")
    assert knowledge.default_facts_path() == shipped
    checkout.parent.mkdir()
    checkout.write_text(MINIMAL_FACTS, encoding="utf-8")
    assert knowledge.default_facts_path() == checkout
    shipped.unlink()
    assert knowledge.default_facts_path() == checkout


@pytest.fixture()
def without_libyaml(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """bot.knowledge as it is on a PyYAML built without libyaml: a fresh copy of the module, made while PyYAML
    has no CSafeLoader, so it parses with the pure-Python loader."""
    monkeypatch.delattr(yaml, "CSafeLoader")
    spec = importlib.util.spec_from_file_location(knowledge.__name__, knowledge.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module._LOADER is yaml.SafeLoader
    return module


def test_without_libyaml_too_deep_a_file_is_an_error_not_a_crash(without_libyaml: types.ModuleType) -> None:
    """libyaml stops at 1,000 levels; PyYAML's own parser recurses until Python's recursion limit."""
    with pytest.raises(without_libyaml.FactBaseError) as raised:
        without_libyaml.parse_fact_base("[" * 5_000 + "]" * 5_000, "facts.yaml")
    assert fields(raised.value) == ("facts.yaml", 0, 0, "", "YAML nested too deeply")
    assert fields(caught("[" * 5_000 + "]" * 5_000)) == (
        "facts.yaml", 1, 1001, "", "YAML syntax: exceeded maximum nesting depth")


@pytest.mark.parametrize(("text", "expected"), [
    (MINIMAL_FACTS.replace("    title: A report", "\ttitle: A report"),
     "13:1: YAML syntax: found character '\\t' that cannot start any token (use spaces, not tabs, to indent)"),
    ("\nschema: \x01", "2:9: character U+0001 is not allowed in YAML"),
    (MINIMAL_FACTS.replace("- id: budget-fy2026\n", "- id: budget-fy2026\n    id: again\n"), "20:5: id: duplicate key"),
    (MINIMAL_FACTS.replace("amount: 9.04", "amount: !!int x"),
     "28:33: YAML syntax: cannot read 'x' as 'int' (invalid literal for int() with base 10: 'x')"),
    (MINIMAL_FACTS.replace('as_of: "2025-12-26"', "as_of: 2025-02-30"),
     "24:12: facts[0].as_of: bad date '2025-02-30': no such day"),
    (MINIMAL_FACTS.replace("sources: [src-a]\n    as_of", "sources: [src-z]\n    as_of"),
     "23:15: facts[0].sources[0]: unknown source 'src-z'"),
])
def test_without_libyaml_errors_are_still_one_located_line(
        without_libyaml: types.ModuleType, text: str, expected: str) -> None:
    assert without_libyaml.parse_fact_base(MINIMAL_FACTS, "facts.yaml").facts[0].id == "budget-fy2026"
    with pytest.raises(without_libyaml.FactBaseError) as raised:
        without_libyaml.parse_fact_base(text, "facts.yaml")
    assert str(raised.value) == f"facts.yaml:{expected}"


def test_the_linter_can_locate_every_field() -> None:
    marks = locate(MINIMAL_FACTS)
    assert marks[()] == (1, 1)
    assert marks[("facts", 0, "sources", 0)] == (23, 15)
    assert marks[("countries", 0, "received", 0, "source")] == (40, 100)
    assert locate("# nothing\n") == {}


@pytest.mark.parametrize("value", ["true", "yes", "True"])
def test_a_schema_of_true_is_not_schema_1(value: str) -> None:
    """Python counts True as 1; a schema is a number."""
    with pytest.raises(FactBaseError, match=r"^facts\.yaml:1:9: schema: unsupported schema True"):
        load(MINIMAL_FACTS.replace("schema: 1\n", f"schema: {value}\n"))


def test_a_tab_that_breaks_the_yaml_is_named_whichever_parser_reads_it() -> None:
    """libyaml's message does not say "tab" (PyYAML's does): the hint looks at the character itself."""
    with pytest.raises(FactBaseError) as raised:
        load(MINIMAL_FACTS.replace("\n  - id: budget", "\n\t- id: budget", 1))
    assert str(raised.value).startswith("facts.yaml:3:1: YAML syntax: ")
    assert str(raised.value).endswith(" (use spaces, not tabs, to indent)")
    with pytest.raises(FactBaseError) as raised:
        load(MINIMAL_FACTS.replace("schema: 1\n", "schema: 1\n%\n"))
    assert "tabs" not in str(raised.value)


def test_a_load_error_passes_through_a_with_block_unchanged() -> None:
    """Python sets `__traceback__` on an exception leaving a `with` block; a frozen dataclass refused it, and a
    TypeError replaced the located error."""
    import contextlib

    @contextlib.contextmanager
    def block() -> Iterator[None]:
        yield

    with pytest.raises(FactBaseError, match=r"^facts\.yaml:1:9: schema: unsupported schema 2"), block():
        load(MINIMAL_FACTS.replace("schema: 1\n", "schema: 2\n"))


def test_a_number_where_a_mapping_belongs_is_named_as_a_number() -> None:
    with pytest.raises(FactBaseError, match=r"topics\[0\]: expected a mapping of fields, got int$"):
        load(MINIMAL_FACTS.replace("  - id: budget\n", "  - 5\n  - id: budget\n", 1))
    with pytest.raises(FactBaseError, match=r"topics\[0\]: expected a mapping of fields, got float$"):
        load(MINIMAL_FACTS.replace("  - id: budget\n", "  - 5.5\n  - id: budget\n", 1))
