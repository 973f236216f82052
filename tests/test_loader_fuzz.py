"""A fuzz run of the fact-file loader: a mutated file is either valid or a located FactBaseError, never a traceback."""

from __future__ import annotations

import math
import re
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.knowledge import FactBaseError, load_fact_base, parse_fact_base
from bot.lint import lint
from bot.models import FactBase
from tests.conftest import FACTS, MINIMAL_FACTS, TODAY

REAL_LINES = FACTS.read_text(encoding="utf-8").splitlines()  # whole: a cut file fails on its first follow-up
NASTY_VALUES = (
    "", "~", "null", "[]", "{}", "[[]]", "{a: {b: c}}", "1e999", "-.inf", ".nan", "0x1F", "0o17",
    "99999999999999999999",
    "-1", "yes", "no", "on", "2025-02-30", "2025-13-01", "2025-12-26 10:00:00", "2025-12-26T10:00:00Z", "1900-01-01",
    "!!binary aGk=", "!!python/object/apply:os.system ['true']", "!!set {a, b}", "!!omap [a: 1]", "!!str", "!!int x",
    "&a [*a]", "*undefined", "&x 1", "'unterminated", '"unterminated', '"\\x00"', '"\\ud800"', "|", ">-", "? [a]",
    "{? [a]: 1}", "[a, b", "a: b: c", "- - -", "<<: {id: x}", "\t", "%YAML 1.1", "---", "...", "#", "@", "`",
    "2025", "2025-12", "3.5", "true", "[2025, 2026]", "{label: x, amount: 1, unit: trillion}",
)


def mutate(lines: list[str], operations: list[tuple[int, int, int, str]]) -> str:
    lines = list(lines)
    for kind, position, other, text in operations:
        if not lines:
            break
        i, j = position % len(lines), other % len(lines)
        if kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[j])
        elif kind == 2:
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 3:
            lines[i] = " " * (other % 7) + lines[i].lstrip()
        elif kind == 4 and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {NASTY_VALUES[other % len(NASTY_VALUES)]}"
        elif kind == 5:
            cut = other % (len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + text + lines[i][cut:]
        elif kind == 6:
            lines = lines[: i + 1]
        elif kind == 7:
            lines[i] = lines[i].replace("  ", "\t", 1)
    return "\n".join(lines) + "\n"


operations = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 10_000), st.integers(0, 10_000), st.text(max_size=8)),
    min_size=1, max_size=6,
)
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def assert_consistent(base: FactBase) -> None:
    """What the loader promises of any file it accepts: every reference resolves, ids are unique, dates have
    one of the three shapes, amounts are positive and finite, and every fact can be asked and cited."""
    topics = {t.id for t in base.topics}
    sources = {s.id for s in base.sources}
    assert len(topics) == len(base.topics) and len(sources) == len(base.sources)
    assert len({f.id for f in base.facts}) == len(base.facts)
    assert base.facts, "a fact base with no fact loaded"
    for source in base.sources:
        assert source.title and source.publisher and (source.date is None or DATE.fullmatch(source.date)), source
    for fact in base.facts:
        assert fact.topic in topics and fact.answer.strip() and fact.questions and fact.sources, fact.id
        assert set(fact.sources) <= sources, fact.id
        assert DATE.fullmatch(fact.as_of), (fact.id, fact.as_of)
        for figure in fact.figures:
            assert figure.source in sources and math.isfinite(figure.amount) and figure.amount > 0, figure
    for country in base.countries:
        assert set(country.sources) <= sources, country.id
        for grant in country.received:
            assert grant.source in sources, grant
            assert grant.amount is None or (math.isfinite(grant.amount) and grant.amount > 0), grant


def load_or_error(text: str) -> None:
    try:
        base = parse_fact_base(text, "facts.yaml")
    except FactBaseError as exc:
        message = str(exc)
        assert message.startswith("facts.yaml:") and "\n" not in message and "Traceback" not in message
        assert exc.line >= 0 and exc.column >= 0
        return
    assert_consistent(base)
    lint(base, text, today=TODAY, stale_days=30)  # a file that loads can be linted, whatever it holds


@FUZZ
@given(operations)
@example([(4, 17, 17, "")])  # as_of: 2025-02-30, a date YAML itself rejects
def test_mutated_minimal_fact_file(ops: list[tuple[int, int, int, str]]) -> None:
    load_or_error(mutate(MINIMAL_FACTS.splitlines(), ops))


def test_the_unmutated_files_load_and_are_consistent() -> None:
    """Else the fuzz tests below would only ever see errors."""
    assert_consistent(parse_fact_base(MINIMAL_FACTS, "facts.yaml"))
    assert_consistent(parse_fact_base("\n".join(REAL_LINES) + "\n", "facts.yaml"))


def _line(prefix: str) -> int:
    return next(i for i, line in enumerate(REAL_LINES) if line.strip().startswith(prefix))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
@example([(4, _line("amount:"), NASTY_VALUES.index("-1"), "")])  # a negative amount must not load
@example([(4, _line("amount:"), NASTY_VALUES.index(".nan"), "")])
@example([(4, _line("as_of:"), NASTY_VALUES.index("2025-13-01"), "")])
def test_mutated_real_fact_file(ops: list[tuple[int, int, int, str]]) -> None:
    load_or_error(mutate(REAL_LINES, ops))


@FUZZ
@given(st.text(max_size=2000))
def test_any_text_at_all(text: str) -> None:
    load_or_error(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_through_the_file_loader(tmp_path_factory: object, data: bytes) -> None:
    path = Path(str(tmp_path_factory.mktemp("fuzz"))) / "facts.yaml"  # type: ignore[attr-defined]
    path.write_bytes(MINIMAL_FACTS.encode()[:200] + data)
    try:
        load_fact_base(path)
    except FactBaseError as exc:
        assert "\n" not in str(exc)


def test_every_nasty_value_in_every_field() -> None:
    lines = MINIMAL_FACTS.splitlines()
    for index, line in enumerate(lines):
        if ":" not in line:
            continue
        for value in NASTY_VALUES:
            mutated = list(lines)
            mutated[index] = f"{line.split(':', 1)[0]}: {value}"
            load_or_error("\n".join(mutated) + "\n")
