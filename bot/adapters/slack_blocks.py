"""Slack formatting for answers: mrkdwn escaping, Slack-markup decoding and Block Kit messages.

Pure functions over `bot.models.Answer`; nothing here talks to Slack or imports slack-bolt,
so the message shapes can be tested (and reused by both Slack modes) without a network.

Slack encodes user text in events: `&`, `<` and `>` arrive as `&amp;`, `&lt;` and `&gt;`,
and mentions, channels and links arrive as `<@U123>`, `<#C123|general>`, `<https://x|label>`.
`plain_question` turns that into the plain question the answer service expects;
`escape` does the reverse for everything the bot sends, so no answer can ping
`@channel`/`@here`, mention a user or forge a link.
"""

from __future__ import annotations

import re
from typing import Any

from bot.models import Answer, Source

Block = dict[str, Any]

ASK_ACTION_PREFIX = "ask:"
"""action_id prefix of suggestion buttons: `ask:0`, `ask:1`, ... (their value is the question)."""
POST_ACTION_ID = "post_to_channel"
"""action_id of the button under an ephemeral answer; its value is the question."""

SECTION_LIMIT = 3000
BUTTON_LABEL_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
CONTEXT_ELEMENT_LIMIT = 10
MAX_SUGGESTIONS = 5

_MARKUP = re.compile(r"<([^<>]*)>")


def escape(text: str) -> str:
    """Escape text for Slack mrkdwn and `text` fields: `&`, `<` and `>` become entities.

    Without `<` no mention (`<!here>`, `<@U1>`) or link (`<url|label>`) can be formed,
    and escaping `&` first keeps an already escaped entity from being read back as markup.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_question(text: str) -> str:
    """A message or slash-command text from Slack as the plain question a person typed.

    Mentions are dropped (the bot's own included), channel links keep their name,
    links keep their label (or URL), and the `&amp;`/`&lt;`/`&gt;` entities are decoded.
    """

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith(("@", "!")):
            return ""
        if target.startswith("#"):
            return "#" + (label or target[1:])
        return label or target

    decoded = _MARKUP.sub(replace, text)
    decoded = decoded.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(decoded.split())


def source_link(source: Source) -> str:
    """A source as mrkdwn: the linked title (when it has a URL), publisher and date."""
    title = escape(source.title)
    if source.url:
        url = escape(source.url).replace("|", "%7C")
        title = f"<{url}|{title.replace('|', '¦')}>"
    return f"{title} ({escape(source.publisher)}, {escape(source.date or 'date not shown')})"


def answer_blocks(answer: Answer, *, post_button: bool = False) -> list[Block]:
    """Block Kit for one answer: sections, a source context line, and buttons.

    Args:
        answer: What the answer service said.
        post_button: Add a "Post to channel" button (for ephemeral replies).

    Returns:
        The `blocks` of a chat message; pair them with `fallback_text(answer)`.
    """
    blocks: list[Block] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for chunk in _chunks(escape(answer.body), SECTION_LIMIT)
    ]
    if answer.parts and answer.sources:
        blocks.append({"type": "context", "elements": _context_elements(answer)})
    buttons: list[Block] = []
    if answer.outcome != "answer" or not answer.parts:
        for index, suggestion in enumerate(answer.suggestions[:MAX_SUGGESTIONS]):
            buttons.append(_button(f"{ASK_ACTION_PREFIX}{index}", suggestion, suggestion))
    if post_button:
        buttons.append(_button(POST_ACTION_ID, "Post to channel", answer.question, style="primary"))
    if buttons:
        blocks.append({"type": "actions", "block_id": "answer_actions", "elements": buttons})
    return blocks


def fallback_text(answer: Answer) -> str:
    """The plain `text` of a message (notifications, screen readers): the whole answer, escaped."""
    return escape(answer.text)


def _context_elements(answer: Answer) -> list[Block]:
    label = "Source" if len(answer.sources) == 1 else "Sources"
    room = CONTEXT_ELEMENT_LIMIT - 1
    shown = answer.sources if len(answer.sources) <= room else answer.sources[: room - 1]
    elements = [
        {"type": "mrkdwn", "text": (f"{label}: " if i == 0 else "") + source_link(s)} for i, s in enumerate(shown)
    ]
    if len(shown) < len(answer.sources):
        elements.append({"type": "mrkdwn", "text": f"and {len(answer.sources) - len(shown)} more"})
    if answer.as_of:
        elements.append({"type": "mrkdwn", "text": f"As of {escape(answer.as_of)}"})
    return elements


def _button(action_id: str, label: str, value: str, *, style: str | None = None) -> Block:
    if len(label) > BUTTON_LABEL_LIMIT:
        label = label[: BUTTON_LABEL_LIMIT - 1] + "…"
    button: Block = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": label, "emoji": False},
        "value": value[:BUTTON_VALUE_LIMIT],
    }
    if style:
        button["style"] = style
    return button


def _chunks(text: str, limit: int) -> list[str]:
    """Split text into pieces of at most `limit` characters, at line ends or spaces where possible."""
    chunks: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        # never cut an entity such as &amp; in half
        amp = text.rfind("&", max(0, cut - 4), cut)
        if amp != -1 and ";" not in text[amp:cut]:
            cut = amp
        chunks.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    chunks.append(text)
    return [c for c in chunks if c] or [" "]
