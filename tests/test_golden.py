"""What users see, against fixed expectations written out in tests/data/golden/ (see tests/golden.py).

Each surface's reply to a handful of real questions must equal the file, and the files themselves must pass
the independent rules (a source field per source, the link, the date, the as-of footer), so a golden file
regenerated from a broken formatter fails too.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.adapters.console import render
from bot.adapters.discord_embeds import answer_embed
from bot.adapters.slack_blocks import answer_blocks, fallback_text
from bot.answers import AnswerService
from tests.golden import QUESTIONS, assert_blocks_show, assert_embed_shows, golden, load


def test_every_question_has_a_golden_reply_on_every_surface() -> None:
    for surface in ("terminal", "slack", "discord"):
        assert sorted(load(surface)) == sorted(QUESTIONS), f"{surface}: run `make goldens` deliberately"


@pytest.mark.parametrize("question", QUESTIONS)
def test_terminal_reply_is_the_golden_one(service: AnswerService, question: str) -> None:
    assert render(service.ask(question)) == golden("terminal", question), question


@pytest.mark.parametrize("question", QUESTIONS)
def test_slack_message_is_the_golden_one(service: AnswerService, question: str) -> None:
    answer = service.ask(question)
    expected: dict[str, Any] = golden("slack", question)
    assert fallback_text(answer) == expected["text"], question
    assert answer_blocks(answer) == expected["blocks"], question
    assert_blocks_show(expected["text"], expected["blocks"], answer)


@pytest.mark.parametrize("question", QUESTIONS)
def test_discord_embed_is_the_golden_one(service: AnswerService, question: str) -> None:
    answer = service.ask(question)
    topics = {t.id: t.title for t in service.fact_base.topics}
    sent = json.loads(json.dumps(answer_embed(answer, topic_titles=topics).to_dict()))
    expected = golden("discord", question)
    assert sent == expected, question
    assert_embed_shows(expected, answer)


def test_golden_discord_budget_answer_names_its_sources_literally() -> None:
    """Written by hand from facts.yaml: what a person must see under the FY2026 budget answer on Discord."""
    embed = golden("discord", "how big is the FY2026 defence budget?")
    assert embed["title"] == "FY2026 defence budget"
    assert embed["url"] == "https://news.az/news/japan-sets-largest-ever-defense-budget-for-2026"
    assert embed["footer"]["text"] == "Sources: News.az (citing Japanese media) and 2 more · as of 2025-12-26"
    first = embed["fields"][0]
    assert first["name"] == "News.az (citing Japanese media)"
    assert first["value"] == ("[Japan sets largest ever defense budget for 2026]"
                              "(https://news.az/news/japan-sets-largest-ever-defense-budget-for-2026) (2025-12-26)")
    assert "¥9.04 trillion" in embed["description"] and "Sources:" not in embed["description"]
