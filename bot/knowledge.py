"""Load knowledge/facts.yaml into a validated FactBase, or explain exactly what is wrong.

Errors name the file, line, column and field path, e.g.
``knowledge/facts.yaml:42:7: facts[3].sources[0]: unknown source 'mod-2025'``,
so a maintainer can fix the file without reading a traceback.
"""

from __future__ import annotations

import binascii
import datetime as dt
import hashlib
import math
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml

from bot.models import (
    COUNTRY_STATUSES,
    CURRENCIES,
    UNITS,
    Country,
    Fact,
    FactBase,
    Figure,
    Grant,
    SeriesDefault,
    Source,
    Topic,
)

PathKey = tuple[str | int, ...]
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COMMAND = re.compile(r"/[a-z][a-z0-9_-]{0,30}")
"""A quick command as users type it: a slash and a name Slack and Discord both accept."""
MIN_EXAMPLE_QUESTIONS = 3
SUPPORTED_SCHEMA = 1
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it (its wheels do): about ten times faster on a large fact base."""


@dataclass
class FactBaseError(Exception):
    """A problem in a fact file, located precisely. Not frozen: Python sets an exception's `__traceback__` as it
    passes through a `with` block, which a frozen dataclass refuses (a TypeError then replaced the error)."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def default_facts_path() -> Path:
    """The fact base to use: $BOT_FACTS, else the checkout's knowledge/facts.yaml, else the installed package's copy.

    A checkout (or an editable install) answers from the file maintainers edit; a wheel carries a copy of it as
    bot/data/facts.yaml (setup.py). When neither exists this returns the checkout's path, and the command line
    says to set BOT_FACTS.
    """
    configured = os.environ.get("BOT_FACTS")
    if configured:
        return Path(configured)
    package = Path(__file__).resolve().parent
    checkout = package.parent / "knowledge" / "facts.yaml"
    shipped = package / "data" / "facts.yaml"
    return checkout if checkout.is_file() or not shipped.is_file() else shipped


def default_sources_path() -> Path:
    """The source pack sources' `file` fields name: $BOT_SOURCES, else ../shared/sources beside the repository."""
    configured = os.environ.get("BOT_SOURCES")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent.parent.parent / "shared" / "sources"


def load_fact_base(path: str | os.PathLike[str]) -> FactBase:
    """Read, parse and validate a fact file.

    Raises:
        FactBaseError: for anything from a missing file to an unknown source id.
    """
    shown = _display_path(Path(path))
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise FactBaseError(shown, 0, 0, "", f"cannot read the fact base: {exc.strerror}") from None
    return load_fact_bytes(raw, path)


def load_fact_bytes(raw: bytes, path: str | os.PathLike[str]) -> FactBase:
    """Validate a fact file's bytes, already read (so its version hash and its content are the same read);
    `path` names it in errors.

    Raises:
        FactBaseError: for anything from bytes that are not UTF-8 to an unknown source id.
    """
    shown = _display_path(Path(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X})"
        raise FactBaseError(shown, line, column, "", message) from None
    return parse_fact_base(text, shown, version=hashlib.sha256(raw).hexdigest()[:12])


def parse_fact_base(text: str, file: str, *, version: str = "") -> FactBase:
    """Validate fact-base YAML given as text; `file` is the name used in errors."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: only possible in text not read from a file
        line = text.count("\n", 0, exc.start) + 1
        column = exc.start - (text.rfind("\n", 0, exc.start) + 1) + 1
        raise FactBaseError(file, line, column, "", "the text is not valid Unicode") from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a safe loader: see _StrictLoader
    except _DuplicateKey as exc:
        raise FactBaseError(file, exc.line, exc.column, exc.key, "duplicate key") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        if "\\t" in problem or "tab" in problem or _character_at(text, line, column) == "\t":
            problem += " (use spaces, not tabs, to indent)"
        raise FactBaseError(file, line, column, "", f"YAML syntax: {' '.join(problem.split())}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a control character
        position = max(0, min(int(exc.position), len(text)))
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise FactBaseError(file, line, column, "", f"character U+{code:04X} is not allowed in YAML") from None
    except yaml.YAMLError as exc:
        raise FactBaseError(file, 0, 0, "", f"YAML syntax: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise FactBaseError(file, 0, 0, "", "YAML nested too deeply") from None
    validator = _Validator(file, lambda: _marks(text))
    return validator.fact_base(data, version or hashlib.sha256(text.encode()).hexdigest()[:12])


def _character_at(text: str, line: int, column: int) -> str:
    """The character at a 1-based line and column of `text`, or "" past its end."""
    lines = text.split("\n", line)
    if not 1 <= line <= len(lines) or column < 1:
        return ""
    return lines[line - 1][column - 1:column]


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, column: int) -> None:
        super().__init__(key)
        self.key, self.line, self.column = key, line, column


class _StrictLoader(_LOADER):  # type: ignore[valid-type,misc]
    """The safe loader (libyaml's when available), refusing a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _value in node.value:
            key = str(key_node.value)
            if key in seen:
                raise _DuplicateKey(_cut(key), key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            seen.add(key)
        return cast(dict[Any, Any], super().construct_mapping(node, deep=deep))

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's, but a value its constructor cannot read (`!!int x`, `!!binary %`) is a located
        YAML error rather than a bare ValueError."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError, UnicodeError, binascii.Error) as exc:
            problem = (f"cannot read {_shown(str(node.value)[:200])} as {_shown(node.tag.rsplit(':', 1)[-1])} "
                       f"({str(exc)[:100]})")
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None

    def construct_timestamp_as_text(self, node: yaml.ScalarNode) -> str:
        """Unquoted dates stay text, so the validator checks them (and locates `2025-02-30`); PyYAML's own
        date constructor raises a bare ValueError for a day that does not exist."""
        return str(self.construct_scalar(node))


    def construct_number_as_written(self, node: yaml.ScalarNode) -> int | float:
        """An unquoted number that also remembers how it was written: where text belongs, `title: 0123` is the
        text "0123" (not 83, as YAML 1.1 reads it) and `1.50` stays "1.50"."""
        value = (self.construct_yaml_int if node.tag.endswith(":int") else self.construct_yaml_float)(node)
        written = _WrittenInt(value) if isinstance(value, int) else _WrittenFloat(value)
        written.written = str(node.value)
        return written


class _WrittenInt(int):
    written: str


class _WrittenFloat(float):
    written: str


def _as_written(value: str | int | float) -> str:
    return cast(str, getattr(value, "written", str(value)))


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_timestamp_as_text)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_number_as_written)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _StrictLoader.construct_number_as_written)


def locate(text: str) -> dict[PathKey, tuple[int, int]]:
    """Line and column (1-based) of every field of a fact file's text, by path such as
    `("facts", 3, "sources", 0)`; for reports about a file that loaded (the linter)."""
    return _marks(text)


def _marks(text: str) -> dict[PathKey, tuple[int, int]]:
    """Line and column of every field, by path. Only computed when there is an error to locate."""
    marks: dict[PathKey, tuple[int, int]] = {}
    node = yaml.compose(text, Loader=_LOADER)
    if node is not None:
        _record_marks(node, (), marks)
    return marks


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _record_marks(root: yaml.Node, path: PathKey, marks: dict[PathKey, tuple[int, int]]) -> None:
    """Walk the node graph without recursion, each node once: an alias can make it deep or cyclic (`&a [*a]`)."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, PathKey]] = [(root, path)]
    while stack:
        node, at = stack.pop()
        marks.setdefault(at, (node.start_mark.line + 1, node.start_mark.column + 1))
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend((value_node, (*at, str(key_node.value))) for key_node, value_node in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*at, index)) for index, item in enumerate(node.value))


def _format_path(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{_cut(part)}" if out else _cut(part))
    return out


MAX_VALUES = 2_000_000
"""The most values (lists, mappings, scalars, counting each alias use again) a fact file may expand to.
A generated 10,000-fact file (15 MB) has a few hundred thousand; a few hundred bytes of nested aliases
(an "alias bomb") have billions."""


def _within_size(data: Any, limit: int) -> bool:
    """True when `data`, with every alias expanded, has at most `limit` values; stops counting at the limit,
    so the walk costs at most `limit` steps whatever the aliases."""
    count = 0
    stack = [data]
    while stack:
        value = stack.pop()
        count += 1
        if count > limit:
            return False
        if isinstance(value, dict):
            stack.extend(value.values())
            count += len(value)  # the keys
        elif isinstance(value, list):
            stack.extend(value)
    return True


SHOWN_LIMIT = 60
"""How much of a value an error message quotes: a message never grows with the file's values."""


def _cut(text: str, limit: int = SHOWN_LIMIT) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _shown(value: Any) -> str:
    """A value for an error message, in quotes and at most SHOWN_LIMIT characters; a list or a mapping is
    named, not printed (an alias bomb's repr ran to hundreds of megabytes)."""
    if isinstance(value, str):
        return repr(_cut(value))  # repr: a value's newlines stay on the error's one line
    if value is None or isinstance(value, bool | int | float):
        return _cut(repr(value))
    return _kind(value)


class _Validator:
    """Turns parsed YAML into model values, raising FactBaseError at the first problem."""

    def __init__(self, file: str, marks: Callable[[], dict[PathKey, tuple[int, int]]]) -> None:
        self.file = file
        self.marks = marks

    def error(self, path: PathKey, message: str) -> FactBaseError:
        marks = self.marks()
        probe = path
        while probe not in marks and probe:
            probe = probe[:-1]
        line, column = marks.get(probe, (1, 1))
        return FactBaseError(self.file, line, column, _format_path(path), message)

    # --- primitive readers -------------------------------------------------

    def mapping(self, value: Any, path: PathKey) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(path, f"expected a mapping of fields, got {_kind(value)}")
        return cast(dict[str, Any], value)

    def items(self, value: Any, path: PathKey, *, required: bool = True) -> Iterator[tuple[PathKey, Any]]:
        if value is None and not required:
            return
        if not isinstance(value, list):
            raise self.error(path, f"expected a list, got {_kind(value)}")
        if required and not value:
            raise self.error(path, "must not be empty")
        for index, item in enumerate(value):
            yield (*path, index), item

    def text(self, record: dict[str, Any], key: str, path: PathKey, *, required: bool = True) -> str | None:
        value = record.get(key)
        if value is None:
            if required:
                raise self.error(path, f"missing required field '{key}'")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error((*path, key), _not_text(value))
        cleaned = " ".join(_as_written(value).split())
        if required and not cleaned:
            raise self.error((*path, key), "must not be empty")
        return cleaned or None

    def required_text(self, record: dict[str, Any], key: str, path: PathKey) -> str:
        value = self.text(record, key, path)
        assert value is not None
        return value

    def identifier(self, record: dict[str, Any], path: PathKey) -> str:
        value = self.required_text(record, "id", path)
        if not ID_PATTERN.match(value):
            raise self.error((*path, "id"), f"{_shown(value)} must be lower-case letters, digits and dashes")
        return value

    def date(self, record: dict[str, Any], key: str, path: PathKey, *, required: bool) -> str | None:
        value = record.get(key)
        if value is None:
            if required:
                raise self.error(path, f"missing required field '{key}'")
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value).strip()
        if not DATE_PATTERN.match(text):
            raise self.error((*path, key), f"bad date {_shown(text)}: use YYYY-MM-DD, YYYY-MM or YYYY")
        try:
            dt.date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
        except ValueError:
            raise self.error((*path, key), f"bad date {_shown(text)}: no such day") from None
        return text

    def year(self, value: Any, path: PathKey) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
            raise self.error(path, f"expected a four-digit year, got {_shown(value)}")
        return int(value)

    def number(self, value: Any, path: PathKey) -> float:
        """A positive, finite amount: 0, a negative or `.nan` passed once and then divided a growth question
        by zero."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(path, f"expected a number, got {_shown(value)}")
        try:
            amount = float(value)
        except OverflowError:  # an integer too big for a float
            amount = math.inf
        if not math.isfinite(amount) or amount <= 0:
            raise self.error(path, f"expected a positive number, got {_shown(value)}")
        return amount

    def strings(self, record: dict[str, Any], key: str, path: PathKey, *, minimum: int = 0) -> tuple[str, ...]:
        raw = record.get(key)
        if raw is None:
            if minimum:
                raise self.error(path, f"missing required field '{key}'")
            return ()
        out: list[str] = []
        for item_path, item in self.items(raw, (*path, key), required=minimum > 0):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                raise self.error(item_path, _not_text(item) if isinstance(item, bool) else "expected non-empty text")
            if not _as_written(item).strip():
                raise self.error(item_path, "expected non-empty text")
            out.append(" ".join(_as_written(item).split()))
        if len(out) < minimum:
            raise self.error((*path, key), f"needs at least {minimum} entries, has {len(out)}")
        return tuple(out)

    def refs(self, record: dict[str, Any], key: str, path: PathKey, known: set[str], what: str,
             *, minimum: int = 0) -> tuple[str, ...]:
        values = self.strings(record, key, path, minimum=minimum)
        for index, value in enumerate(values):
            if value not in known:
                raise self.error((*path, key, index), f"unknown {what} {_shown(value)}")
        return values

    def check_fields(self, record: dict[str, Any], allowed: set[str], path: PathKey) -> None:
        for key in record:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                raise self.error((*path, str(key)), f"unknown field {_shown(key)} (allowed: {hint})")

    # --- sections ----------------------------------------------------------

    def fact_base(self, data: Any, version: str) -> FactBase:
        if data is None:
            raise self.error((), "the fact base is empty")
        if not _within_size(data, MAX_VALUES):
            raise self.error((), f"the file expands to more than {MAX_VALUES:,} values (YAML aliases such as "
                             "*a repeat a value each time they appear)")
        top = self.mapping(data, ())
        self.check_fields(top, {"schema", "topics", "sources", "facts", "countries", "out_of_scope"}, ())
        schema = top.get("schema", SUPPORTED_SCHEMA)
        if isinstance(schema, bool) or schema != SUPPORTED_SCHEMA:
            raise self.error(("schema",), f"unsupported schema {_shown(schema)} (this bot reads {SUPPORTED_SCHEMA})")
        topics = self.topics(top.get("topics"))
        sources = self.sources(top.get("sources"))
        source_ids = {s.id for s in sources}
        countries = self.countries(top.get("countries"), source_ids)
        facts = self.facts(top.get("facts"), {t.id for t in topics}, source_ids, {c.id for c in countries})
        out_of_scope = self.strings(top, "out_of_scope", ())
        return FactBase(
            path=self.file,
            version=version,
            topics=topics,
            sources=sources,
            facts=facts,
            countries=countries,
            out_of_scope=out_of_scope,
        )

    def topics(self, raw: Any) -> tuple[Topic, ...]:
        topics: list[Topic] = []
        for path, item in self.items(raw, ("topics",)):
            record = self.mapping(item, path)
            self.check_fields(record, {"id", "title", "about", "command", "asks", "asks_about", "argument",
                                       "keywords"}, path)
            command = self.text(record, "command", path, required=False)
            if command is None:
                for key in ("asks", "asks_about", "argument"):
                    if key in record:
                        raise self.error((*path, key), f"'{key}' only applies to a topic with a 'command'")
            if command is not None and not _COMMAND.fullmatch(command):
                raise self.error((*path, "command"), f"expected a slash command such as /budget, got "
                                 f"{_shown(command)}")
            asks = self.text(record, "asks", path, required=command is not None)
            asks_about = self.text(record, "asks_about", path, required=False)
            if asks_about is not None and asks_about.count("{}") != 1:
                raise self.error((*path, "asks_about"), "must contain {} once, where the argument goes")
            topic = Topic(
                id=self.identifier(record, path),
                title=self.required_text(record, "title", path),
                about=self.required_text(record, "about", path),
                keywords=self.strings(record, "keywords", path, minimum=1),
                command=command, asks=asks if command else None, asks_about=asks_about if command else None,
                argument=self.text(record, "argument", path, required=False) if command else None,
            )
            if any(t.id == topic.id for t in topics):
                raise self.error((*path, "id"), f"duplicate topic id {_shown(topic.id)}")
            topics.append(topic)
        return tuple(topics)

    def sources(self, raw: Any) -> tuple[Source, ...]:
        sources: list[Source] = []
        allowed = {"id", "title", "title_note", "publisher", "date", "date_note", "url", "file"}
        for path, item in self.items(raw, ("sources",)):
            record = self.mapping(item, path)
            self.check_fields(record, allowed, path)
            source = Source(
                id=self.identifier(record, path),
                title=self.required_text(record, "title", path),
                publisher=self.required_text(record, "publisher", path),
                file=self.required_text(record, "file", path),
                date=self.date(record, "date", path, required=False),
                date_note=self.text(record, "date_note", path, required=False),
                title_note=self.text(record, "title_note", path, required=False),
                url=self.text(record, "url", path, required=False),
            )
            if source.url and not source.url.startswith(("http://", "https://")):
                raise self.error((*path, "url"), f"{_shown(source.url)} is not an http(s) address")
            if any(s.id == source.id for s in sources):
                raise self.error((*path, "id"), f"duplicate source id {_shown(source.id)}")
            sources.append(source)
        return tuple(sources)

    def countries(self, raw: Any, source_ids: set[str]) -> tuple[Country, ...]:
        countries: list[Country] = []
        names: dict[str, str] = {}
        allowed = {"id", "name", "aliases", "status", "note", "sources", "received"}
        for path, item in self.items(raw, ("countries",), required=False):
            record = self.mapping(item, path)
            self.check_fields(record, allowed, path)
            country_id = self.identifier(record, path)
            status = self.required_text(record, "status", path)
            if status not in COUNTRY_STATUSES:
                raise self.error((*path, "status"), f"{_shown(status)} is not one of {', '.join(COUNTRY_STATUSES)}")
            name = self.required_text(record, "name", path)
            aliases = tuple(a.lower() for a in self.strings(record, "aliases", path))
            for index, alias in enumerate((name.lower().removeprefix("the "), *aliases)):
                owner = names.get(alias)
                if owner is not None and owner != country_id:
                    where = (*path, "aliases", index - 1) if index else (*path, "name")
                    raise self.error(where, f"country {_shown(alias)} is already listed under {_shown(owner)}")
                names[alias] = country_id
            if any(c.id == country_id for c in countries):
                raise self.error((*path, "id"), f"country {_shown(country_id)} is listed twice")
            countries.append(
                Country(
                    id=country_id,
                    name=name,
                    aliases=aliases,
                    status=status,
                    note=self.text(record, "note", path, required=False),
                    sources=self.refs(record, "sources", path, source_ids, "source", minimum=1),
                    received=self.grants(record.get("received"), (*path, "received"), source_ids),
                )
            )
        return tuple(countries)

    def grants(self, raw: Any, path: PathKey, source_ids: set[str]) -> tuple[Grant, ...]:
        grants: list[Grant] = []
        allowed = {"fiscal_year", "what", "amount", "unit", "currency", "date", "date_note", "source"}
        for item_path, item in self.items(raw, path, required=False):
            record = self.mapping(item, item_path)
            self.check_fields(record, allowed, item_path)
            amount, unit, currency = self.amount(record, item_path, required=False)
            grants.append(
                Grant(
                    what=self.required_text(record, "what", item_path),
                    source=self.source_ref(record, item_path, source_ids),
                    fiscal_year=self.optional_year(record, item_path),
                    amount=amount,
                    unit=unit,
                    currency=currency,
                    date=self.date(record, "date", item_path, required=False),
                    date_note=self.text(record, "date_note", item_path, required=False),
                )
            )
            if grants[-1].date_note and not grants[-1].date:
                raise self.error((*item_path, "date_note"),
                                 "'date_note' says what the 'date' is, but there is no 'date'")
        return tuple(grants)

    def amount(self, record: dict[str, Any], path: PathKey, *, required: bool
               ) -> tuple[float | None, str | None, str | None]:
        if "amount" not in record:
            if required:
                raise self.error(path, "missing required field 'amount'")
            return None, None, None
        amount = self.number(record["amount"], (*path, "amount"))
        unit = self.required_text(record, "unit", path)
        if unit not in UNITS:
            raise self.error((*path, "unit"), f"{_shown(unit)} is not one of {', '.join(UNITS)}")
        currency = self.text(record, "currency", path, required=False)
        if currency is not None and currency not in CURRENCIES:
            raise self.error((*path, "currency"), f"{_shown(currency)} is not one of {', '.join(CURRENCIES)}")
        if currency is None and unit not in ("percent", "times"):
            raise self.error(path, f"missing required field 'currency' for an amount in {unit}")
        return amount, unit, currency

    def source_ref(self, record: dict[str, Any], path: PathKey, source_ids: set[str]) -> str:
        source = self.required_text(record, "source", path)
        if source not in source_ids:
            raise self.error((*path, "source"), f"unknown source {_shown(source)}")
        return source

    def optional_year(self, record: dict[str, Any], path: PathKey) -> int | None:
        if record.get("fiscal_year") is None:
            return None
        return self.year(record["fiscal_year"], (*path, "fiscal_year"))

    def facts(self, raw: Any, topic_ids: set[str], source_ids: set[str], country_ids: set[str]
              ) -> tuple[Fact, ...]:
        facts: list[Fact] = []
        paths: dict[str, PathKey] = {}
        allowed = {
            "id", "topic", "title", "answer", "sources", "as_of", "questions", "keywords", "series",
            "fiscal_year", "series_default", "years", "countries", "figures", "follow_ups",
        }
        for path, item in self.items(raw, ("facts",)):
            record = self.mapping(item, path)
            self.check_fields(record, allowed, path)
            fact_id = self.identifier(record, path)
            if fact_id in paths:
                raise self.error((*path, "id"),
                                 f"duplicate id {_shown(fact_id)} (first at {_format_path(paths[fact_id])})")
            paths[fact_id] = path
            topic = self.required_text(record, "topic", path)
            if topic not in topic_ids:
                raise self.error((*path, "topic"), f"unknown topic {_shown(topic)}")
            sources = self.refs(record, "sources", path, source_ids, "source", minimum=1)
            facts.append(
                Fact(
                    id=fact_id,
                    topic=topic,
                    title=self.required_text(record, "title", path),
                    answer=self.required_text(record, "answer", path),
                    sources=sources,
                    as_of=cast(str, self.date(record, "as_of", path, required=True)),
                    questions=self.strings(record, "questions", path, minimum=MIN_EXAMPLE_QUESTIONS),
                    keywords=self.strings(record, "keywords", path),
                    series=self.text(record, "series", path, required=False),
                    fiscal_year=self.optional_year(record, path),
                    series_default=self.series_default(record, path),
                    years=tuple(self.year(v, p) for p, v in self.items(record.get("years"), (*path, "years"),
                                                                           required=False)),
                    countries=self.refs(record, "countries", path, country_ids, "country"),
                    figures=self.figures(record.get("figures"), (*path, "figures"), sources[0], source_ids),
                    follow_ups=self.strings(record, "follow_ups", path),
                )
            )
            if facts[-1].series and facts[-1].fiscal_year is None:
                raise self.error(path, "a fact in a series needs 'fiscal_year'")
        known = set(paths)
        for fact in facts:
            for index, follow_up in enumerate(fact.follow_ups):
                if follow_up not in known:
                    raise self.error((*paths[fact.id], "follow_ups", index), f"unknown fact {_shown(follow_up)}")
        self.check_series(facts, paths)
        return tuple(facts)

    def series_default(self, record: dict[str, Any], path: PathKey) -> SeriesDefault | None:
        value = self.text(record, "series_default", path, required=False)
        if value is not None and value not in ("latest", "all"):
            raise self.error((*path, "series_default"), f"{_shown(value)} is not 'latest' or 'all'")
        return cast(SeriesDefault | None, value)

    def check_series(self, facts: list[Fact], paths: dict[str, PathKey]) -> None:
        seen: dict[tuple[str, int], str] = {}
        for fact in facts:
            if fact.series is None or fact.fiscal_year is None:
                continue
            key = (fact.series, fact.fiscal_year)
            if key in seen:
                raise self.error((*paths[fact.id], "fiscal_year"),
                                 f"series {_shown(fact.series)} already has FY{fact.fiscal_year} "
                                 f"in {_shown(seen[key])}")
            seen[key] = fact.id

    def figures(self, raw: Any, path: PathKey, default_source: str, source_ids: set[str]
                ) -> tuple[Figure, ...]:
        figures: list[Figure] = []
        allowed = {"label", "amount", "unit", "currency", "fiscal_year", "source"}
        for item_path, item in self.items(raw, path, required=False):
            record = self.mapping(item, item_path)
            self.check_fields(record, allowed, item_path)
            amount, unit, currency = self.amount(record, item_path, required=True)
            source = default_source
            if "source" in record:
                source = self.source_ref(record, item_path, source_ids)
            figures.append(
                Figure(
                    label=self.required_text(record, "label", item_path),
                    amount=cast(float, amount),
                    unit=cast(str, unit),
                    currency=currency,
                    fiscal_year=self.optional_year(record, item_path),
                    source=source,
                )
            )
        return tuple(figures)


def _not_text(value: Any) -> str:
    """Why a value where text belongs is refused: YAML reads unquoted yes, no, on and off as true/false."""
    if isinstance(value, bool):
        return ("expected text, got true/false: YAML reads unquoted yes, no, on, off, true and false that way; "
                "put the text in quotes")
    return f"expected text, got {_kind(value)}"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    kinds = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", _WrittenInt: "int",
             _WrittenFloat: "float"}
    return kinds.get(type(value), _cut(type(value).__name__))
