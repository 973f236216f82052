"""Fixed expectations: what users see for a handful of real questions, written out in tests/data/golden/.

The files hold the literal reply of each surface (terminal text, Slack `text` + `blocks`, Discord embed), so
a test compares what the formatter produced with what a person checked once, never with the formatter's own
output. They change only deliberately:

    python -m tests.golden --write     # or: make goldens

rewrites every file from the code as it is now; read the diff (`git diff tests/data/golden`) before committing
it. The tests never write them.

Besides the files, `assert_embed_shows` and `assert_blocks_show` check any reply against the `Answer` it came
from with rules written here (the body, every source's title, publisher, link and date, the as-of date), for
tests whose questions are too many to keep a file for (the dialogues).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.models import Answer

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"

QUESTIONS = (
    "how big is the FY2026 defence budget?",
    "how big is the FY26 budget?",
    "defence budget FY2024",
    "defence budget FY2025",
    "is Vietnam an OSA recipient?",
    "is Fiji an OSA recipient",
    "when was OSA launched?",
    "Can Japan export weapons?",
    "When Slack was released?",
    # the questions the Discord adapter tests send
    "Is Vietnam an OSA recipient?",
    "what is the weather like",
    "defence budget",
    "what is OSA",
    "can Japan export weapons",
    "hey can Japan export weapons",
    "what is the OSA budget?",
    # and the Slack adapter tests
    "help",
    "Which countries have received OSA?",
)
"""Plain fact answers (and one decline), one file per surface."""

SURFACES = ("terminal", "slack", "discord")


def load(surface: str) -> dict[str, Any]:
    """question -> the literal reply of one surface."""
    data: dict[str, Any] = json.loads((GOLDEN / f"{surface}.json").read_text(encoding="utf-8"))
    return data


def golden(surface: str, question: str) -> Any:
    replies = load(surface)
    assert question in replies, f"no golden {surface} reply for {question!r}; add it to tests.golden.QUESTIONS"
    return replies[question]


def slack(question: str) -> dict[str, Any]:
    """The golden Slack message for `question`: {"text": ..., "blocks": [...]}."""
    message: dict[str, Any] = golden("slack", question)
    return message


# --- independent rules ------------------------------------------------------------------------------------


def body_of(answer: Answer) -> str:
    """The answer text without its closing "Source(s): ... As of ..." line."""
    head, _, last = answer.text.rpartition("\n")
    return head if head and last.startswith(("Source: ", "Sources: ")) else answer.text


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def assert_embed_shows(embed: dict[str, Any], answer: Answer) -> None:
    """A Discord embed (as sent) shows the answer's body, each source's publisher, link and date, and as-of."""
    said = answer.question
    body = body_of(answer)
    description = embed.get("description") or ""
    assert description == body if len(body) <= 4096 else description[:-1] == body[:len(description) - 1], \
        f"{said!r}: the embed does not show the answer: {description[:200]!r}"
    if not answer.sources:
        return
    fields = embed.get("fields") or []
    assert fields, f"{said!r}: the embed lists no source"
    for source in answer.sources[:9]:
        values = [f["value"] for f in fields if f["name"] == source.publisher]
        assert values, f"{said!r}: no source field for {source.publisher!r}"
        url = source.url or ""
        linkable = url.startswith(("https://", "http://")) and not any(ch in url for ch in " ()<>")
        assert any((source.date or "date not shown") in v and (not linkable or f"]({url})" in v) for v in values), \
            f"{said!r}: no field for {source.id} shows its link and date: {values}"
    footer = (embed.get("footer") or {}).get("text", "")
    assert answer.as_of and footer.endswith(f"as of {answer.as_of}"), f"{said!r}: footer {footer!r} has no as-of"
    assert answer.sources[0].publisher in footer, f"{said!r}: footer {footer!r} does not name the source"


def assert_blocks_show(text: str, blocks: list[dict[str, Any]], answer: Answer) -> None:
    """A Slack message (text + blocks, as sent) shows the answer, each source (title, link, publisher, date)
    and the as-of date, all escaped."""
    said = answer.question
    assert text == _slack_escape(answer.text), f"{said!r}: the fallback text is not the escaped answer"
    sections = "".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert sections == _slack_escape(body_of(answer)), f"{said!r}: the sections are not the answer's body"
    if not (answer.parts and answer.sources):
        return
    [context] = [b for b in blocks if b["type"] == "context"]
    shown = " ".join(e["text"] for e in context["elements"])
    for source in answer.sources[:8]:
        for part in (source.publisher, source.date or "date not shown", source.url or ""):
            assert _slack_escape(part) in shown, f"{said!r}: {part!r} of {source.id} not in the context line"
    assert context["elements"][-1]["text"] == f"As of {answer.as_of}", f"{said!r}: no as-of date"


# --- regeneration (deliberate, never from a test) ---------------------------------------------------------


def render_all() -> dict[str, dict[str, Any]]:
    """Every surface's reply to every question, from the code as it is now."""
    from bot.adapters.console import render
    from bot.adapters.discord_embeds import answer_embed
    from bot.adapters.slack_blocks import answer_blocks, fallback_text
    from bot.answers import AnswerService
    from bot.knowledge import load_fact_base
    from tests.conftest import FACTS, TODAY

    service = AnswerService(load_fact_base(FACTS), clock=lambda: TODAY)
    topics = {t.id: t.title for t in service.fact_base.topics}
    out: dict[str, dict[str, Any]] = {surface: {} for surface in SURFACES}
    for question in QUESTIONS:
        answer = service.ask(question)
        out["terminal"][question] = render(answer)
        out["slack"][question] = {"text": fallback_text(answer), "blocks": answer_blocks(answer)}
        out["discord"][question] = json.loads(json.dumps(answer_embed(answer, topic_titles=topics).to_dict()))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.golden", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="rewrite tests/data/golden/*.json")
    args = parser.parse_args(argv)
    rendered = render_all()
    changed = []
    for surface, replies in rendered.items():
        path = GOLDEN / f"{surface}.json"
        text = json.dumps(replies, ensure_ascii=False, indent=2) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            changed.append(path.name)
            if args.write:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    verb = "rewrote" if args.write else "would change (run with --write)"
    print(f"{verb}: {', '.join(changed)}" if changed else "golden files are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
