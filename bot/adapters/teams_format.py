"""Microsoft Teams formatting: a `Reply` as the message activity an outgoing webhook answers with.

Pure functions over `bot.turns.Reply` and `bot.models.Answer`; nothing here reads a request or imports aiohttp.
The reply is `{"type": "message", "textFormat": "markdown", "text": ...}`, the shape of the example response in
https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-outgoing-webhook
(text-only messages render a subset of Markdown and HTML: bold, italic, links, lists; no tables; see
https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/format-your-bot-messages).

Everything that comes from a user or a source (the answer body, titles, publishers, suggestions) goes through
`escape`: `&`, `<` and `>` become entities, so no `<at>` mention, HTML tag or entity can be formed (Teams pings
only for a mention listed in the activity's `entities`, which a reply from here never has), and Markdown's
special characters get a backslash, so a title cannot forge a link or turn the text bold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from bot.models import Answer, Source
from bot.turns import Reply

__all__ = ["MAX_SOURCES", "TEXT_LIMIT", "answer_message", "escape", "reply_message", "source_line"]

TEXT_LIMIT = 20_000
"""Characters of text in one reply; Teams refuses a message over about 28 KB, counted in UTF-16."""
MAX_SOURCES = 10
"""Sources listed; more are counted in one last line."""

_INLINE = re.compile(r"([\\`*_~\[\]{}|])")
_LINE_START = re.compile(r"^(\s*)([#+=-])", re.MULTILINE)
_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
_PARTIAL_ENTITY = re.compile(r"&[a-z]*$")
"""An entity such as `&amp;` that a cut would leave half written."""
_URL_SAFE = ":/?#@!$&'*+,;=%~-._"
"""Left as they are in a link's URL; anything else (spaces, brackets, parentheses, quotes) is percent-encoded."""


def escape(text: str) -> str:
    """`text` shown as typed: HTML-escaped, Markdown's inline marks and line-start marks backslashed."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _NUMBERED.sub(r"\1\\\2", text)


def _paragraphs(text: str) -> str:
    """Each line of `text` as its own paragraph: Teams joins lines separated by a single newline."""
    return "\n\n".join(line for line in (line.strip() for line in text.splitlines()) if line)


def _link(url: str | None) -> str | None:
    if not url or not url.startswith(("https://", "http://")):
        return None
    return quote(url, safe=_URL_SAFE)


def source_line(source: Source) -> str:
    """One source as a list item: the title (linked when it has a URL), the publisher and the date."""
    title = escape(source.title)
    url = _link(source.url)
    linked = f"[{title}]({url})" if url else title
    return f"- {linked}, {escape(source.publisher)}, {escape(source.date or 'date not shown')}"


def _sources(sources: Sequence[Source], as_of: str | None) -> list[str]:
    if not sources:
        return []
    lines = [source_line(s) for s in sources[:MAX_SOURCES]]
    if len(sources) > MAX_SOURCES:
        lines.append(f"- and {len(sources) - MAX_SOURCES} more")
    block = ["**Source:**" if len(sources) == 1 else "**Sources:**", "\n".join(lines)]
    if as_of:
        block.append(f"_As of {escape(as_of)}_")
    return block


def answer_message(answer: Answer) -> dict[str, str]:
    """The message for an answer: its body, then its sources as a list and the as-of date; suggestions after a
    clarify or decline reply (outgoing webhooks cannot send buttons that ask them)."""
    blocks = [_paragraphs(escape(answer.body)) or "…"]
    if answer.parts:
        blocks.extend(_sources(answer.sources, answer.as_of))
    if answer.suggestions and answer.outcome != "answer":
        blocks.append("**Try asking:**")
        blocks.append("\n".join(f"- {escape(s)}" for s in answer.suggestions))
    return _message("\n\n".join(blocks))


def reply_message(reply: Reply) -> dict[str, str]:
    """The message for any reply: the answer, or (refused, or over the length limit) the notice alone.

    A refusal repeated within a burst (`ReplyKind.SILENT`) still gets its notice: an outgoing webhook must
    answer every request, and an empty reply shows as an error in the channel.
    """
    if reply.answer is not None:
        return answer_message(reply.answer)
    return _message(_paragraphs(escape(reply.notice)) or "…")


def _message(text: str) -> dict[str, str]:
    if len(text) > TEXT_LIMIT:
        cut = text.rfind("\n", 0, TEXT_LIMIT - 1)
        text = _PARTIAL_ENTITY.sub("", text[: cut if cut > 0 else TEXT_LIMIT - 1]).rstrip().rstrip("\\") + "…"
    return {"type": "message", "textFormat": "markdown", "text": text}
