"""Quick commands (/budget, /osa, /exports): which exist and what question each asks, made from the fact base.

A topic in `knowledge/facts.yaml` with a `command` has a quick command: `asks` is the question it asks alone,
`asks_about` the question with what the user typed after it (`{}`), `argument` a hint for that argument.
This is the one place the adapters take them from: Slack registers and lists them in its manifest, Discord
answers its commands with their questions, and `help` names them. Adding a topic with a command adds the
command everywhere; no adapter spells out a quick command's question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.models import FactBase, Topic

__all__ = ["QuickCommand", "find", "quick_commands"]

_YEAR = re.compile(r"(?i)(?:fy\s*)?(\d{2}|\d{4})")
"""A bare fiscal year as an argument: "2025", "FY25", "fy 2025"."""


@dataclass(frozen=True, slots=True, kw_only=True)
class QuickCommand:
    """One topic's quick command."""

    name: str
    """The command without its slash ("budget")."""
    topic: str
    title: str
    """What the command gives, for command menus (the topic's title)."""
    asks: str
    asks_about: str | None = None
    argument: str | None = None

    def question(self, argument: str = "") -> str:
        """The question to answer for the command with `argument` typed after it ("" for none).

        `/budget 25` -> "defence budget FY2025" (for a command whose argument is a year, a bare year is a fiscal
        year), `/osa Fiji` -> "is Fiji an
        OSA recipient", `/exports` -> "can Japan export weapons".
        """
        argument = " ".join(argument.split())
        if not argument:
            return self.asks
        year = _YEAR.fullmatch(argument) if self.argument and "year" in self.argument else None
        if year is not None:
            digits = year.group(1)
            argument = f"FY{digits if len(digits) == 4 else '20' + digits}"
        if self.asks_about is None:
            return f"{self.asks} {argument}"
        return self.asks_about.replace("{}", argument)


def _from_topic(topic: Topic) -> QuickCommand | None:
    if topic.command is None or topic.asks is None:
        return None
    return QuickCommand(name=topic.command.removeprefix("/"), topic=topic.id, title=topic.title,
                        asks=topic.asks, asks_about=topic.asks_about, argument=topic.argument)


def quick_commands(fact_base: FactBase) -> tuple[QuickCommand, ...]:
    """Every topic's quick command, in the fact base's topic order."""
    return tuple(command for topic in fact_base.topics if (command := _from_topic(topic)) is not None)


def find(commands: tuple[QuickCommand, ...], name: str) -> QuickCommand | None:
    """The command called `name` (with or without its slash, any case), or None."""
    wanted = name.removeprefix("/").lower()
    return next((c for c in commands if c.name == wanted), None)
