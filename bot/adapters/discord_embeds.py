"""Discord presentation: an Answer as an embed, suggestions as buttons, long text as several embeds.

Pure formatting over the platform-neutral `Answer`: nothing here asks questions or
knows facts. Every size limit Discord enforces on embeds and buttons is respected
here, so a long answer is shortened rather than rejected by the API.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence

import discord

from bot.models import Answer, Source

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
BUTTON_LABEL_LIMIT = 80
BUTTONS_PER_VIEW = 25

MAX_SOURCE_FIELDS = 10
"""Sources listed as embed fields; more are summarised in one last field."""
MAX_SUGGESTION_BUTTONS = 5

_MARKDOWN = re.compile(
    r"(?P<url><[^: >]+:/[^ >]+>|(?:https?|steam)://[^\s<]+[^<.,:;\"'\]\s])"
    r"|[_\\~|*`]|^>(?:>>)?\s|\[.+\]\(.+\)|^#{1,3}|^\s*-",
    re.MULTILINE,
)
"""What `discord.utils.escape_markdown` escapes; a URL is left as it is."""
SUGGESTION_TIMEOUT_SECONDS = 15 * 60
"""Suggestion buttons stop working after this; the answer itself stays."""

COLOURS: Mapping[str, discord.Colour] = {
    "answer": discord.Colour.blurple(),
    "clarify": discord.Colour.gold(),
    "decline": discord.Colour.light_grey(),
}

PickHandler = Callable[[discord.Interaction, str], Awaitable[None]]
"""What a suggestion button does when clicked: given the click and the suggested question."""


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def answer_title(answer: Answer, topic_titles: Mapping[str, str]) -> str | None:
    """The fact's title for a one-fact answer, else the topic's title, else a heading for the outcome."""
    if answer.outcome == "answer" and len(answer.parts) == 1:
        return answer.parts[0].title
    if answer.topic is not None and answer.topic in topic_titles:
        return topic_titles[answer.topic]
    if answer.outcome == "clarify":
        return "Which one did you mean?"
    return None


def answer_embed(answer: Answer, *, topic_titles: Mapping[str, str], question: str | None = None) -> discord.Embed:
    """One embed: title, answer, a field per source (linked), footer with the source and "as of" date.

    Args:
        answer: what the answer service returned.
        topic_titles: topic id -> title, for the embed's title.
        question: shown above the title when the question is not visible otherwise (a button click).
    """
    title = answer_title(answer, topic_titles)
    main_url = next((s.url for s in answer.sources if s.url), None)
    embed = discord.Embed(
        title=shorten(title, TITLE_LIMIT) if title else None,
        url=main_url if title else None,
        description=shorten(answer.body, DESCRIPTION_LIMIT),
        colour=COLOURS[answer.outcome],
    )
    if question:
        embed.set_author(name=shorten(f"Q: {question}", AUTHOR_LIMIT))
    footer = _footer(answer.sources, answer.as_of)
    if footer:
        embed.set_footer(text=shorten(footer, FOOTER_LIMIT))
    _add_source_fields(embed, answer.sources)
    return embed


def text_embeds(title: str, text: str, *, colour: discord.Colour | None = None) -> list[list[discord.Embed]]:
    """Plain text (help, the source list) as embeds split at line ends, grouped into messages.

    Returns:
        One list of embeds per message to send; each message stays within Discord's 6,000-character
        and 10-embed limits, each description within 4,096 characters.
    """
    chunks: list[str] = []
    current = ""
    for line in text.splitlines():
        line = shorten(line, DESCRIPTION_LIMIT - 100)
        if current and len(current) + 1 + len(line) > DESCRIPTION_LIMIT - 100:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current or not chunks:
        chunks.append(current or "-")
    messages: list[list[discord.Embed]] = [[]]
    used = 0
    for index, chunk in enumerate(chunks):
        embed = discord.Embed(
            title=shorten(title, TITLE_LIMIT) if index == 0 else None,
            description=chunk,
            colour=colour or discord.Colour.blurple(),
        )
        size = len(embed)
        if messages[-1] and (used + size > EMBED_TOTAL_LIMIT - 100 or len(messages[-1]) >= EMBEDS_PER_MESSAGE):
            messages.append([])
            used = 0
        messages[-1].append(embed)
        used += size
    return messages


class SuggestionButton(discord.ui.Button["SuggestionView"]):
    """A button that asks one suggested question when clicked."""

    def __init__(self, question: str, *, index: int, on_pick: PickHandler) -> None:
        super().__init__(
            label=shorten(question, BUTTON_LABEL_LIMIT),
            style=discord.ButtonStyle.secondary,
            custom_id=f"suggestion:{index}",
        )
        self.question = question
        self._on_pick = on_pick

    async def callback(self, interaction: discord.Interaction) -> None:
        await self._on_pick(interaction, self.question)


class SuggestionView(discord.ui.View):
    """Buttons for an answer's suggestions (clarify and decline outcomes)."""

    def __init__(self, suggestions: Sequence[str], *, on_pick: PickHandler,
                 timeout: float | None = SUGGESTION_TIMEOUT_SECONDS) -> None:
        super().__init__(timeout=timeout)
        for index, question in enumerate(suggestions[: min(MAX_SUGGESTION_BUTTONS, BUTTONS_PER_VIEW)]):
            self.add_item(SuggestionButton(question, index=index, on_pick=on_pick))

    @property
    def questions(self) -> list[str]:
        """The suggested questions, in button order."""
        return [item.question for item in self.children if isinstance(item, SuggestionButton)]


def suggestion_view(answer: Answer, *, on_pick: PickHandler) -> SuggestionView | None:
    """Buttons for a clarify or decline answer with suggestions; None for answers (they need none)."""
    if answer.outcome == "answer" or not answer.suggestions:
        return None
    return SuggestionView(answer.suggestions, on_pick=on_pick)


def _footer(sources: Sequence[Source], as_of: str | None) -> str:
    parts: list[str] = []
    if len(sources) == 1:
        parts.append(f"Source: {sources[0].publisher}")
    elif sources:
        parts.append(f"Sources: {sources[0].publisher} and {len(sources) - 1} more")
    if as_of:
        parts.append(f"as of {as_of}")
    return " · ".join(parts)


def escape_markdown(text: str) -> str:
    """Discord markdown characters in `text` escaped with a backslash.

    The same as `discord.utils.escape_markdown(text)`, which passes `re.sub` its count positionally and so
    raises a DeprecationWarning on Python 3.13.
    """
    return _MARKDOWN.sub(lambda match: match.group("url") or "\\" + match.group(0), text)


def _source_value(source: Source) -> str:
    title = escape_markdown(source.title).replace("[", "(").replace("]", ")")
    when = source.date or "date not shown"
    url = source.url or ""
    safe_url = url.startswith(("https://", "http://")) and not any(ch in url for ch in " ()<>")
    linked = f"[{shorten(title, FIELD_VALUE_LIMIT - len(url) - 40)}]({url})" if safe_url else title
    return shorten(f"{linked} ({when})", FIELD_VALUE_LIMIT)


def _add_source_fields(embed: discord.Embed, sources: Sequence[Source]) -> None:
    listed = 0
    for source in sources[:MAX_SOURCE_FIELDS]:
        name = shorten(source.publisher, FIELD_NAME_LIMIT)
        value = _source_value(source)
        if len(embed) + len(name) + len(value) > EMBED_TOTAL_LIMIT - 200:
            break
        embed.add_field(name=name, value=value, inline=False)
        listed += 1
    if listed < len(sources):
        embed.add_field(name="More sources", value=f"{len(sources) - listed} more; try /sources.", inline=False)
