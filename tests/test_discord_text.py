"""Exact limits of the Discord text formatting (written after `make mutation` showed them loosely tested)."""

from __future__ import annotations

import discord

from bot.adapters.discord_embeds import DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT, shorten, text_embeds

ROOM = DESCRIPTION_LIMIT - 100
"""What text_embeds puts in one description at most."""


def descriptions(messages: list[list[discord.Embed]]) -> list[list[str | None]]:
    return [[embed.description for embed in message] for message in messages]


def test_shorten_is_exact() -> None:
    assert shorten("abc", 3) == "abc"
    assert shorten("abcd", 3) == "ab…"
    assert shorten("ab cd", 4) == "ab…"  # cut, trailing space dropped, ellipsis added
    assert len(shorten("x" * 100, 10)) == 10


def test_lines_fill_a_description_up_to_its_room_exactly() -> None:
    first, second = "a" * 2000, "b" * (ROOM - 2001)
    [[embed]] = text_embeds("Title", f"{first}\n{second}")
    assert embed.description == f"{first}\n{second}" and len(embed.description) == ROOM
    assert embed.title == "Title" and embed.colour == discord.Colour.blurple()
    assert descriptions(text_embeds("Title", f"{first}\n{second}b")) == [[first, second + "b"]]
    assert [e.title for e in text_embeds("Title", f"{first}\n{second}b")[0]] == ["Title", None]


def test_a_line_longer_than_the_room_is_shortened() -> None:
    [[embed]] = text_embeds("T", "x" * 5000)
    assert embed.description == "x" * (ROOM - 1) + "…"


def test_empty_text_is_one_dash_and_the_colour_is_kept() -> None:
    [[embed]] = text_embeds("T", "", colour=discord.Colour.gold())
    assert embed.description == "-" and embed.colour == discord.Colour.gold()


def test_messages_split_at_the_total_size_exactly() -> None:
    first = "a" * 2949  # with the 1-character title: 2,950
    fits = "b" * (EMBED_TOTAL_LIMIT - 100 - 2950)
    assert descriptions(text_embeds("T", f"{first}\n{fits}")) == [[first, fits]]
    assert descriptions(text_embeds("T", f"{first}\n{fits}b")) == [[first], [fits + "b"]]
