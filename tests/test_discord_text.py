"""Exact limits of the Discord text formatting (written after `make mutation` showed them loosely tested)."""

from __future__ import annotations

from dataclasses import replace
from typing import cast

import discord
import pytest

from bot.adapters.discord_embeds import (
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    SuggestionButton,
    SuggestionView,
    answer_embed,
    answer_title,
    escape_markdown,
    shorten,
    suggestion_view,
    text_embeds,
)
from bot.models import Answer, AnswerPart, Source

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


# --- answers as embeds, exactly -----------------------------------------------------------------------------


def src(n: int, *, url: str | None = None, date: str | None = "2025-12-26", title: str | None = None) -> Source:
    return Source(id=f"s{n}", title=title or f"Report {n}", publisher=f"Pub {n}", file="f.md", date=date, url=url)


def one_fact(*sources: Source, text: str = "It is 5.", title: str = "Budget") -> Answer:
    part = AnswerPart(fact_id="f", title=title, text=text, sources=sources, as_of="2025-12-26")
    return Answer(question="q", outcome="answer", body=text, citation="Sources: whatever.", confidence=1.0,
                  parts=(part,), sources=sources, as_of="2025-12-26", topic="budget")


def fields(embed: discord.Embed) -> list[tuple[str | None, str | None, bool | None]]:
    return [(f.name, f.value, f.inline) for f in embed.fields]


def test_shorten_drops_the_space_before_the_ellipsis() -> None:
    assert shorten("abc   defg", 7) == "abc…"



def test_answer_title() -> None:
    topics = {"budget": "Defence budget"}
    assert answer_title(one_fact(src(1)), topics) == "Budget"
    two = replace(one_fact(src(1)), parts=one_fact(src(1)).parts * 2)
    assert answer_title(two, topics) == "Defence budget"
    assert answer_title(two, {}) is None
    clarify = Answer(question="q", outcome="clarify", body="Which?", confidence=0.5)
    assert answer_title(clarify, topics) == "Which one did you mean?"
    assert answer_title(replace(clarify, topic="budget"), topics) == "Defence budget"
    decline = Answer(question="q", outcome="decline", body="No.", confidence=0.0, parts=one_fact(src(1)).parts)
    assert answer_title(decline, topics) is None


def test_answer_embed_exact() -> None:
    embed = answer_embed(one_fact(src(1), src(2, url="https://example.org/2"), src(3, url="https://example.org/3")),
                         topic_titles={})
    assert (embed.title, embed.url, embed.description) == ("Budget", "https://example.org/2", "It is 5.")
    assert embed.colour == discord.Colour.blurple() and embed.author.name is None
    assert embed.footer.text == "Sources: Pub 1 and 2 more · as of 2025-12-26"
    assert fields(embed) == [("Pub 1", "Report 1 (2025-12-26)", False),
                             ("Pub 2", "[Report 2](https://example.org/2) (2025-12-26)", False),
                             ("Pub 3", "[Report 3](https://example.org/3) (2025-12-26)", False)]


def test_a_declined_question_has_no_title_or_link_and_its_own_colour() -> None:
    answer = Answer(question="q", outcome="decline", body="I can't say.", confidence=0.0,
                    sources=(src(1, url="https://example.org/1"),))
    embed = answer_embed(answer, topic_titles={}, question="what is x?")
    assert (embed.title, embed.url, embed.description) == (None, None, "I can't say.")
    assert embed.colour == discord.Colour.light_grey() and embed.author.name == "Q: what is x?"
    assert embed.footer.text == "Source: Pub 1"
    clarify = Answer(question="q", outcome="clarify", body="Which?", confidence=0.5)
    embed = answer_embed(clarify, topic_titles={})
    assert embed.colour == discord.Colour.gold() and embed.title == "Which one did you mean?"
    assert embed.footer.text is None and embed.fields == []


def test_answer_embed_limits() -> None:
    answer = one_fact(src(1), text="x" * 5000, title="T" * 300)
    embed = answer_embed(answer, topic_titles={}, question="q" * 300)
    assert embed.title == "T" * 255 + "…"
    assert embed.description == "x" * 4095 + "…"
    assert embed.author.name == "Q: " + "q" * 252 + "…"
    long_publisher = replace(src(1), publisher="P" * 2100)
    embed = answer_embed(replace(answer, sources=(long_publisher,), as_of=None), topic_titles={})
    assert embed.footer.text == "Source: " + "P" * 2039 + "…"


@pytest.mark.parametrize(("source", "value"), [
    (src(1, title="A *bold* [x] _u_", url="https://e.org/a"),
     "[A \\*bold\\* (x) \\_u\\_](https://e.org/a) (2025-12-26)"),
    (src(1, url="http://e.org/a", date=None), "[Report 1](http://e.org/a) (date not shown)"),
    (src(1, url="ftp://e.org/a"), "Report 1 (2025-12-26)"),
    (src(1, url="https://e.org/a b"), "Report 1 (2025-12-26)"),
    (src(1, url="https://e.org/(a)"), "Report 1 (2025-12-26)"),
    (src(1, url="https://e.org/a>"), "Report 1 (2025-12-26)"),
])
def test_a_source_field_links_only_a_safe_web_address(source: Source, value: str) -> None:
    [(_, shown, _)] = fields(answer_embed(one_fact(source), topic_titles={}))
    assert shown == value


def test_a_source_field_fits_its_limit() -> None:
    url = "https://e.org/" + "u" * 100  # 114 characters: the title gets 1024 - 114 - 40 = 870
    [(_, linked, _)] = fields(answer_embed(one_fact(src(1, title="t" * 2000, url=url)), topic_titles={}))
    assert linked == f"[{'t' * 869}…]({url}) (2025-12-26)"
    [(_, plain, _)] = fields(answer_embed(one_fact(src(1, title="t" * 2000)), topic_titles={}))
    assert plain == "t" * 1023 + "…"
    [(name, _, _)] = fields(answer_embed(one_fact(replace(src(1), publisher="p" * 300)), topic_titles={}))
    assert name == "p" * 255 + "…"


def test_ten_sources_are_fields_and_the_rest_one_more_field() -> None:
    ten = answer_embed(one_fact(*(src(n) for n in range(10))), topic_titles={})
    assert [name for name, _, _ in fields(ten)] == [f"Pub {n}" for n in range(10)]
    twelve = answer_embed(one_fact(*(src(n) for n in range(12))), topic_titles={})
    assert fields(twelve)[-1] == ("More sources", "2 more; try /sources.", False) and len(twelve.fields) == 11


def test_source_fields_stop_before_the_embed_total_limit() -> None:
    sources = [src(n, title=f"{n}" + "t" * 1100) for n in range(8)]  # each field: 5 + 1024 characters
    embed = answer_embed(one_fact(*sources), topic_titles={})
    # 6000 - 200 leaves room for 5 fields after the title, description and footer
    assert [name for name, _, _ in fields(embed)] == [f"Pub {n}" for n in range(5)] + ["More sources"]
    assert fields(embed)[-1][1] == "3 more; try /sources."
    assert len(embed) <= EMBED_TOTAL_LIMIT


@pytest.mark.parametrize(("text", "escaped"), [
    ("a *b* _c_ ~d~ |e| `f` \\", "a \\*b\\* \\_c\\_ \\~d\\~ \\|e\\| \\`f\\` \\\\"),
    ("see https://x.org/a_b_c and <https://y.org/*>", "see https://x.org/a_b_c and <https://y.org/*>"),
    ("[label](https://x.org)", "\\[label](https://x.org)"),
    ("> quote\n# head\n - item\n>>> all", "\\> quote\n\\# head\n\\ - item\n\\>>> all"),
    ("a > b # c", "a > b # c"),
])
def test_escape_markdown(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


async def test_suggestion_buttons_exact() -> None:
    picked: list[tuple[object, str]] = []

    async def pick(interaction: discord.Interaction, question: str) -> None:
        picked.append((interaction, question))

    questions = ("A?", "w" * 100, "C?", "D?", "E?", "F?")
    view = suggestion_view(Answer(question="q", outcome="decline", body="No.", confidence=0.0, suggestions=questions),
                           on_pick=pick)
    assert view is not None and view.timeout == 15 * 60
    assert view.questions == list(questions[:5])
    buttons = [b for b in view.children if isinstance(b, SuggestionButton)]
    assert [(b.label, b.custom_id, b.style) for b in buttons[:2]] == [
        ("A?", "suggestion:0", discord.ButtonStyle.secondary),
        ("w" * 79 + "…", "suggestion:1", discord.ButtonStyle.secondary)]
    click = cast(discord.Interaction, object())
    await buttons[1].callback(click)
    assert picked == [(click, "w" * 100)]
    assert suggestion_view(Answer(question="q", outcome="decline", body="No.", confidence=0.0), on_pick=pick) is None
    assert SuggestionView(["A?"], on_pick=pick, timeout=None).timeout is None
    view.stop()


@pytest.mark.parametrize(("title_length", "names"), [
    (579, ["Pub 0", "Pub 1", "Pub 2", "Pub 3", "Pub 4", "Pub 5"]),  # the embed comes to 5,800 exactly
    (580, ["Pub 0", "Pub 1", "Pub 2", "Pub 3", "Pub 4", "More sources"]),
])
def test_source_fields_fill_the_embed_to_200_under_the_total_limit_exactly(title_length: int,
                                                                          names: list[str]) -> None:
    """58 characters of title, description and footer, five fields of 5 + 1,024, then one of 5 + 13 + the title."""
    sources = [src(n, title="t" * 1100) for n in range(5)] + [src(5, title="x" * title_length)]
    embed = answer_embed(one_fact(*sources), topic_titles={})
    assert [name for name, _, _ in fields(embed)] == names
    assert len(embed) == (5800 if names[-1] == "Pub 5" else 5203 + len("More sources") + len("1 more; try /sources."))


def test_a_url_with_capital_letters_is_linked() -> None:
    [(_, value, _)] = fields(answer_embed(one_fact(src(1, url="https://e.org/X/Y")), topic_titles={}))
    assert value == "[Report 1](https://e.org/X/Y) (2025-12-26)"


def test_each_message_of_text_embeds_holds_up_to_5900_characters() -> None:
    """Four lines too long to share a description: 1 + 3,000, then 2,950 + 2,950 (5,900 exactly), then 1,100."""
    lines = ["a" * 3000, "b" * 2950, "c" * 2950, "d" * 1100]
    assert descriptions(text_embeds("T", "\n".join(lines))) == [[lines[0]], [lines[1], lines[2]], [lines[3]]]


def test_the_embed_shows_the_body_and_never_the_plain_text_citation() -> None:
    """The citation line is for plain-text surfaces; the embed shows the sources as fields and a footer."""
    embed = answer_embed(one_fact(src(1), text="It is 5."), topic_titles={"budget": "Defence budget"})
    assert embed.description == "It is 5."
    assert "whatever" not in str(embed.to_dict())
