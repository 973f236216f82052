"""Quick commands come from the fact base's topics, in one place: a topic with a command is a command on every
surface (the Slack table and manifest, the question each asks), and a topic without one is none."""

from __future__ import annotations

from dataclasses import replace

from bot.adapters.slack_app import command_question
from bot.adapters.slack_commands import manifest, slash_commands
from bot.knowledge import parse_fact_base
from bot.models import Topic
from bot.quick import find, quick_commands
from tests.conftest import MINIMAL_FACTS

WITH_EXPORTS = MINIMAL_FACTS.replace("sources:\n", """\
  - id: exports
    title: Export rules
    about: the rules
    keywords: [export]
    command: /rules
    asks: can Japan export weapons
sources:
""", 1)


def test_a_topic_with_a_command_is_a_command_everywhere() -> None:
    quick = quick_commands(parse_fact_base(WITH_EXPORTS, "facts.yaml"))
    assert [(c.name, c.topic, c.title) for c in quick] == [("budget", "budget", "Defence budget"),
                                                            ("rules", "exports", "Export rules")]
    assert [c.name for c in slash_commands(quick)] == ["defence", "budget", "rules", "defence-gaps"]
    listed = manifest(quick, prefix="x-")["features"]["slash_commands"]
    assert [(c["command"], c["description"], c.get("usage_hint")) for c in listed[1:3]] == [
        ("/x-budget", "Defence budget", "[fiscal year]"), ("/x-rules", "Export rules", None)]
    assert command_question("/x-rules", "", "x-", quick) == "can Japan export weapons"
    assert command_question("/x-rules", "to India", "x-", quick) == "can Japan export weapons to India"
    assert command_question("/x-budget", "fy25", "x-", quick) == "defence budget FY2025"
    assert command_question("/x-exports", "is it legal", "x-", quick) == "is it legal"  # no such topic command


def test_a_topic_without_a_command_is_none() -> None:
    base = parse_fact_base(WITH_EXPORTS.replace("    command: /rules\n    asks: can Japan export weapons\n", ""),
                           "facts.yaml")
    quick = quick_commands(base)
    assert [c.name for c in quick] == ["budget"]
    assert find(quick, "/RULES") is None and find(quick, "/Budget") is quick[0]


def test_the_question_of_each_command_on_the_real_fact_base(service) -> None:  # type: ignore[no-untyped-def]
    quick = quick_commands(service.fact_base)
    asked = {c.name: (c.question(), c.question("  Fiji \n"), c.question("2024")) for c in quick}
    assert asked == {
        "budget": ("defence budget", "defence budget Fiji", "defence budget FY2024"),
        "osa": ("what is OSA", "is Fiji an OSA recipient", "is 2024 an OSA recipient"),
        "exports": ("can Japan export weapons", "defence exports Fiji", "defence exports 2024"),
    }


def test_a_topic_needs_both_a_command_and_a_question_to_be_one() -> None:
    base = parse_fact_base(MINIMAL_FACTS, "facts.yaml")
    asks_only = Topic(id="osa", title="OSA", about="aid", keywords=("osa",), asks="what is OSA")
    command_only = Topic(id="exports", title="Exports", about="rules", keywords=("export",), command="/exports")
    built = replace(base, topics=(*base.topics, asks_only, command_only))
    assert [c.name for c in quick_commands(built)] == ["budget"]
