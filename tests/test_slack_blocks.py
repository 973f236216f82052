"""Slack formatting and settings without a server: escaping, decoding, Block Kit shapes, commands, environment."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.adapters.slack_app import SlackSettings, SlackSettingsError, command_question
from bot.adapters.slack_blocks import (
    CONTEXT_ELEMENT_LIMIT,
    SECTION_LIMIT,
    answer_blocks,
    escape,
    fallback_text,
    plain_question,
    source_link,
)
from bot.answers import AnswerService
from bot.models import Answer, AnswerPart, Source
from bot.quick import quick_commands
from tests.conftest import FACTS, ROOT

QUICK = quick_commands(AnswerService.from_path(FACTS).fact_base)


def source(n: int, *, url: str | None = "https://example.org/a?x=1&y=2") -> Source:
    return Source(id=f"s{n}", title=f"Report <{n}> | part", publisher="Pub & Co", file="f.md", date="2025-12-26",
                  url=url)


def answered(text: str, sources: tuple[Source, ...]) -> Answer:
    part = AnswerPart(fact_id="f", title="T", text=text, sources=sources, as_of="2025-12-26")
    return Answer(question="q", outcome="answer", body=text, citation="Sources: whatever. As of 2025-12-26.",
                  confidence=1.0, parts=(part,), sources=sources, as_of="2025-12-26", suggestions=("More?",))


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("<!channel> hi", "&lt;!channel&gt; hi"), ("<!here>", "&lt;!here&gt;"), ("<@U123>", "&lt;@U123&gt;"),
     ("<https://evil|click>", "&lt;https://evil|click&gt;"), ("a &lt; b & c", "a &amp;lt; b &amp; c")],
)
def test_escape_makes_mentions_and_links_inert(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


@pytest.mark.parametrize(
    ("slack_text", "question"),
    [
        ("<@W111> how big is the FY26 budget?", "how big is the FY26 budget?"),
        ("<@W111|bot>   is Fiji an OSA recipient?", "is Fiji an OSA recipient?"),
        ("<!here> budget &amp; OSA &lt;2025&gt;", "budget & OSA <2025>"),
        ("see <https://example.org|this> in <#C1|general>", "see this in #general"),
        ("<https://example.org/x>", "https://example.org/x"),
        ("&amp;lt;!channel&amp;gt;", "&lt;!channel&gt;"),
        ("", ""),
    ],
)
def test_plain_question_decodes_slack_markup(slack_text: str, question: str) -> None:
    assert plain_question(slack_text) == question


def test_echoed_user_text_is_escaped_everywhere() -> None:
    hostile = "<!channel> <@U1> <https://evil.example|login>"
    answer = Answer(question=hostile, outcome="decline", body=f"My sources don't cover {hostile}.",
                    confidence=0.0, suggestions=(hostile,))
    blocks = answer_blocks(answer, post_button=True)
    # Slack parses markup in `text` and mrkdwn objects; plain_text labels and button values are shown as typed
    parsed = [fallback_text(answer)] + [t["text"] for t in _text_objects(blocks) if t["type"] == "mrkdwn"]
    for forbidden in ("<!channel>", "<@U1>", "<https://evil"):
        assert not any(forbidden in text for text in parsed)
    assert {t["type"] for t in _text_objects(blocks)} == {"mrkdwn", "plain_text"}


def _text_objects(node: object) -> list[dict[str, str]]:
    if isinstance(node, list):
        return [t for item in node for t in _text_objects(item)]
    if isinstance(node, dict):
        found = [node] if node.get("type") in ("mrkdwn", "plain_text") else []
        return found + [t for value in node.values() for t in _text_objects(value)]
    return []


def test_answer_blocks_have_section_context_and_no_buttons_for_a_plain_answer() -> None:
    answer = answered("It is ¥9.04 trillion.", (source(1), source(2, url=None)))
    blocks = answer_blocks(answer)
    assert [b["type"] for b in blocks] == ["section", "context"]
    assert blocks[0]["text"]["text"] == "It is ¥9.04 trillion."
    first, second, as_of = (e["text"] for e in blocks[1]["elements"])
    assert first == "Sources: <https://example.org/a?x=1&amp;y=2|Report &lt;1&gt; ¦ part> (Pub &amp; Co, 2025-12-26)"
    assert second == "Report &lt;2&gt; | part (Pub &amp; Co, 2025-12-26)"
    assert as_of == "As of 2025-12-26"
    assert "whatever" not in str(blocks)  # the plain-text citation line is not repeated in the blocks


def test_post_button_carries_the_question() -> None:
    blocks = answer_blocks(answered("x", (source(1),)), post_button=True)
    [button] = blocks[-1]["elements"]
    assert (button["action_id"], button["value"], button["text"]["text"]) == ("post_to_channel", "q", "Post to channel")


def test_many_sources_fit_one_context_block() -> None:
    blocks = answer_blocks(answered("x", tuple(source(i) for i in range(15))))
    elements = blocks[1]["elements"]
    assert len(elements) == CONTEXT_ELEMENT_LIMIT
    assert elements[-2]["text"] == "and 7 more"


def test_long_answers_are_split_into_sections_without_breaking_entities() -> None:
    text = ("word & " * 1200).strip()
    blocks = answer_blocks(Answer(question="q", outcome="decline", body=text, confidence=1.0))
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert len(sections) > 1
    assert all(len(s) <= SECTION_LIMIT for s in sections)
    assert all(not s.endswith("&") and not s.startswith("amp;") for s in sections)
    assert " ".join(sections) == escape(text)


def test_real_answers_render(service: AnswerService) -> None:
    for question in ("is the Philippines an OSA recipient", "what is OSA", "what are your sources", "help"):
        answer = service.ask(question)
        blocks = answer_blocks(answer, post_button=True)
        assert all(len(b["text"]["text"]) <= SECTION_LIMIT for b in blocks if b["type"] == "section")
        assert all(len(b.get("elements", ())) <= CONTEXT_ELEMENT_LIMIT for b in blocks if b["type"] == "context")
        assert fallback_text(answer)


@pytest.mark.parametrize(
    ("command", "text", "question"),
    [
        ("/defence", "", "help"),
        ("/defence", "<@W111> how big is the budget?", "how big is the budget?"),
        ("/budget", "", "defence budget"),
        ("/budget", "2025", "defence budget FY2025"),
        ("/budget", "FY26", "defence budget FY2026"),
        ("/budget", "fy 2024", "defence budget FY2024"),
        ("/osa", "2024", "is 2024 an OSA recipient"),  # only a year argument is read as a fiscal year
        ("/exports", "to India", "defence exports to India"),
        ("/budget", "next year", "defence budget next year"),
        ("/osa", "", "what is OSA"),
        ("/osa", "Fiji", "is Fiji an OSA recipient"),
        ("/exports", "", "can Japan export weapons"),
        ("/renamed-by-admin", "is Fiji an OSA recipient", "is Fiji an OSA recipient"),
    ],
)
def test_command_question(command: str, text: str, question: str) -> None:
    assert command_question(command, text, quick=QUICK) == question
    assert command_question("/jp-" + command[1:], text, "jp-", QUICK) == question


FULL_ENV = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "sig", "SLACK_APP_TOKEN": "xapp-1"}


def test_settings_from_env() -> None:
    settings = SlackSettings.from_env(FULL_ENV | {"SLACK_API_URL": "http://127.0.0.1:9/api"}, mode="http")
    assert settings.api_url == "http://127.0.0.1:9/api/"
    assert settings.socket_mode
    assert "xoxb-1" not in repr(settings) and "sig" not in repr(settings) and "xapp-1" not in repr(settings)
    assert SlackSettings.from_env(FULL_ENV, mode="socket").api_url == "https://slack.com/api/"


@pytest.mark.parametrize(
    ("missing", "mode"),
    [("SLACK_BOT_TOKEN", "http"), ("SLACK_SIGNING_SECRET", "http"), ("SLACK_APP_TOKEN", "socket"),
     ("SLACK_BOT_TOKEN", "socket")],
)
def test_a_missing_setting_is_named_on_one_line(missing: str, mode: str) -> None:
    env = {k: v for k, v in FULL_ENV.items() if k != missing}
    with pytest.raises(SlackSettingsError) as caught:
        SlackSettings.from_env(env, mode=mode)  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith(f"{missing} is not set") and "\n" not in message
    assert "api.slack.com/apps" in message


def test_socket_mode_does_not_need_the_signing_secret() -> None:
    env = {k: v for k, v in FULL_ENV.items() if k != "SLACK_SIGNING_SECRET"}
    assert SlackSettings.from_env(env, mode="socket").signing_secret is None


def test_ask_never_imports_slack() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from bot.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['ask', 'osa budget'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('slack_bolt', 'slack_sdk')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_missing_token_is_a_one_line_cli_error() -> None:
    env = {"PATH": "", "PYTHONPATH": str(ROOT), "BOT_ENV_FILE": "off"}
    result = subprocess.run([sys.executable, "-m", "bot", "slack", "--http"], cwd=ROOT, capture_output=True,
                            text=True, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("bot: error: SLACK_BOT_TOKEN is not set") and result.stderr.count("\n") == 1


# --- exact shapes (written after `make mutation` showed them loosely tested) ---------------------------------


def declined(text: str = "I can't say.", suggestions: tuple[str, ...] = ()) -> Answer:
    return Answer(question="the question", outcome="decline", body=text, confidence=0.0, suggestions=suggestions)


@pytest.mark.parametrize(
    ("slack_text", "question"),
    [
        ("<!here|here> <!subteam^S1|@team> hi", "hi"),
        ("in <#C123>", "in #C123"),
        ("<mailto:a@example.org|a@example.org>", "a@example.org"),
        ("a &amp;amp; b", "a &amp; b"),
        ("  spaced \n out\t ", "spaced out"),
    ],
)
def test_plain_question_exact(slack_text: str, question: str) -> None:
    assert plain_question(slack_text) == question



def test_source_link_exact() -> None:
    assert source_link(Source(id="s", title="A|B <c>", publisher="P&Q", file="f", date=None,
                              url="https://x.example/a|b?c=<d>")) == \
        "<https://x.example/a%7Cb?c=&lt;d&gt;|A¦B &lt;c&gt;> (P&amp;Q, date not shown)"
    assert source_link(Source(id="s", title="A|B", publisher="P", file="f", date="2025-01-02")) == "A|B (P, 2025-01-02)"


def test_one_source_is_labelled_in_the_singular() -> None:
    elements = answer_blocks(answered("x", (source(1, url=None),)))[1]["elements"]
    assert elements == [{"type": "mrkdwn", "text": "Source: Report &lt;1&gt; | part (Pub &amp; Co, 2025-12-26)"},
                        {"type": "mrkdwn", "text": "As of 2025-12-26"}]


@pytest.mark.parametrize(("count", "texts"), [
    (9, [f"Report {n}" for n in range(9)]),
    (10, [f"Report {n}" for n in range(8)] + ["and 2 more"]),
])
def test_up_to_nine_sources_are_listed_then_eight_and_a_count(count: int, texts: list[str]) -> None:
    sources = tuple(Source(id=f"s{n}", title=f"Report {n}", publisher="P", file="f", date="2025") for n in range(count))
    part = AnswerPart(fact_id="f", title="T", text="x", sources=sources, as_of="2025")
    answer = Answer(question="q", outcome="answer", body="x", confidence=1.0, parts=(part,), sources=sources)
    elements = [e["text"] for e in answer_blocks(answer)[1]["elements"]]
    assert [text.removeprefix("Sources: ").removesuffix(" (P, 2025)") for text in elements] == texts
    assert elements[0].startswith("Sources: Report 0") and not elements[1].startswith("Sources")


def test_no_context_line_without_sources_or_without_parts() -> None:
    part = AnswerPart(fact_id="f", title="T", text="x", sources=(), as_of="2025")
    assert [b["type"] for b in answer_blocks(Answer(question="q", outcome="answer", body="x", confidence=1.0,
                                                    parts=(part,), as_of="2025"))] == ["section"]
    assert [b["type"] for b in answer_blocks(Answer(question="q", outcome="decline", body="x", confidence=0.0,
                                                    sources=(source(1),)))] == ["section"]


def test_suggestion_buttons_exact() -> None:
    long = "why " * 30
    blocks = answer_blocks(declined(suggestions=("A?", long, "C?", "D?", "E?", "F?")), post_button=True)
    assert blocks[0] == {"type": "section", "text": {"type": "mrkdwn", "text": "I can't say."}}
    actions = blocks[-1]
    assert (actions["type"], actions["block_id"]) == ("actions", "answer_actions")
    assert actions["elements"][0] == {"type": "button", "action_id": "ask:0", "value": "A?",
                                      "text": {"type": "plain_text", "text": "A?", "emoji": False}}
    assert actions["elements"][1]["text"]["text"] == long[:74] + "…" and actions["elements"][1]["value"] == long
    assert [e["action_id"] for e in actions["elements"]] == ["ask:0", "ask:1", "ask:2", "ask:3", "ask:4",
                                                             "post_to_channel"]
    assert actions["elements"][-1] == {"type": "button", "action_id": "post_to_channel", "value": "the question",
                                       "text": {"type": "plain_text", "text": "Post to channel", "emoji": False},
                                       "style": "primary"}


def test_a_button_label_of_75_characters_is_kept_and_a_value_is_cut_at_2000() -> None:
    blocks = answer_blocks(declined(suggestions=("x" * 75, "y" * 2100)))
    first, second = blocks[-1]["elements"]
    assert first["text"]["text"] == "x" * 75 and "style" not in first
    assert second["text"]["text"] == "y" * 74 + "…" and second["value"] == "y" * 2000


def test_an_answer_with_parts_has_no_suggestion_buttons_but_a_clarify_has() -> None:
    assert [b["type"] for b in answer_blocks(answered("x", (source(1),)))] == ["section", "context"]
    clarify = Answer(question="q", outcome="clarify", body="Which?", confidence=0.5, suggestions=("A?",))
    assert answer_blocks(clarify)[-1]["elements"][0]["value"] == "A?"
    no_parts = Answer(question="q", outcome="answer", body="Hello.", confidence=1.0, suggestions=("A?",))
    assert answer_blocks(no_parts)[-1]["elements"][0]["value"] == "A?"


def sections(text: str) -> list[str]:
    return [b["text"]["text"] for b in answer_blocks(declined(text)) if b["type"] == "section"]


def test_sections_are_cut_at_a_line_end_then_a_space_then_anywhere() -> None:
    assert sections("a" * 2000 + " x\n" + "b" * 2000) == ["a" * 2000 + " x", "b" * 2000]
    assert sections("a" * 2990 + " " + "b" * 100) == ["a" * 2990, "b" * 100]
    assert sections("a" * 3500) == ["a" * 3000, "a" * 500]
    assert sections("a" * 3000) == ["a" * 3000]
    assert sections("\n" + "a" * 3500) == ["\n" + "a" * 2999, "a" * 501]  # a line end at 0 is no place to cut


def test_a_section_cut_moves_back_before_an_entity() -> None:
    assert sections("a" * 2998 + "&b") == ["a" * 2998, "&amp;b"]
    assert sections("a" * 2995 + "&" + "b" * 10) == ["a" * 2995 + "&amp;", "b" * 10]
    assert sections("a" * 2996 + "<" + "b" * 10) == ["a" * 2996 + "&lt;", "b" * 10]  # a whole entity stays


def test_an_empty_answer_is_one_blank_section() -> None:
    assert answer_blocks(declined("")) == [{"type": "section", "text": {"type": "mrkdwn", "text": " "}}]


def test_sections_are_cut_at_the_last_line_end_or_space_that_fits() -> None:
    assert sections("a" * 100 + "\n" + "b" * 2000 + "\n" + "c" * 2000) == ["a" * 100 + "\n" + "b" * 2000, "c" * 2000]
    assert sections("a" * 100 + " " + "b" * 2000 + " " + "c" * 2000) == ["a" * 100 + " " + "b" * 2000, "c" * 2000]
    assert sections("a" * 1500 + " " + "b" * 1499) == ["a" * 1500 + " " + "b" * 1499]  # 3,000: one section


def test_a_line_end_at_the_start_is_passed_over_for_a_space_but_one_after_a_character_is_used() -> None:
    assert sections("\n" + "a" * 1000 + " " + "b" * 2500) == ["\n" + "a" * 1000, "b" * 2500]
    assert sections("a\n" + "b" * 1000 + " " + "c" * 2500) == ["a", "b" * 1000, "c" * 2500]
    assert sections(" " + "a" * 3500) == [" " + "a" * 2999, "a" * 501]  # nor is a space at the start
    assert sections("a " + "b" * 3500) == ["a", "b" * 3000, "b" * 500]
