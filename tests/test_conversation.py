"""Follow-up questions in a conversation: the scripted dialogues of tests/data/dialogues.yaml, run through
the core, the terminal chat, the Slack adapter (on a fake Slack API) and the Discord adapter (on a fake
Discord API), plus the context store's bounds and expiry.
"""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
import yaml

from bot.adapters import slack_app
from bot.adapters.console import PROMPT, SESSION, answer_lines, chat, render, to_json_line
from bot.adapters.discord_app import DefenceBot, conversation_key
from bot.adapters.slack_app import EVENTS_PATH, SlackSettings, build_app, start_http
from bot.adapters.slack_blocks import ASK_ACTION_PREFIX
from bot.answers import SCREEN_LENGTH, AnswerService
from bot.conversation import (
    DEFAULT_IDLE_SECONDS,
    ContextStore,
    Conversation,
    Conversations,
    ConversationSettings,
    FollowUp,
    resolve,
)
from bot.gaplog import GapLog, read_gaps
from bot.logs import ObservedService
from bot.models import Answer, FactBase
from tests import slack_payloads as p
from tests.conftest import DATA
from tests.fake_discord_api import BOT_ID, BOT_USER, FakeDiscordAPI
from tests.fake_slack_api import BOT_TOKEN, FakeSlackAPI
from tests.golden import assert_embed_shows, golden
from tests.test_discord_app import (
    CALLBACK,
    CHANNEL_ID,
    USER,
    add_guild,
    cog_of,
    command_interaction,
    logged_in,
    message_payload,
)

DIALOGUES: list[dict[str, Any]] = yaml.safe_load((DATA / "dialogues.yaml").read_text(encoding="utf-8"))["dialogues"]
USERS = {"a": {**USER}, "b": {**USER, "id": "53908232506183681", "username": "Bea"}}
SLACK_USERS = {"a": "W222", "b": "W333"}


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: float = 1_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Turn:
    say: str
    user: str
    wait: float
    expect: dict[str, Any] = field(default_factory=dict)


def turns(dialogue: dict[str, Any]) -> list[Turn]:
    out = []
    for raw in dialogue["turns"]:
        data = dict(raw)
        out.append(Turn(say=data.pop("say"), user=data.pop("user", "a"), wait=float(data.pop("wait", 0)), expect=data))
    return out


def check(answer: Answer, turn: Turn) -> None:
    """The answer to one turn is what the dialogue expects."""
    expect = turn.expect
    where = f"{turn.say!r}: got {answer.outcome} {answer.facts}\n{answer.text}"
    assert answer.answered == (answer.outcome == "answer"), f"--json's answered and outcome disagree: {where}"
    if "facts" in expect:
        assert list(answer.facts) == expect["facts"], where
        if expect["facts"]:
            assert answer.answered, where
    if "outcome" in expect:
        assert answer.outcome == expect["outcome"], where
        if expect["outcome"] == "decline":
            assert not answer.answered, where
    if "derived" in expect:
        assert answer.derived == expect["derived"], where
    if "follow_up" in expect:
        assert (answer.follow_up_of is not None) == expect["follow_up"], where
    for text in expect.get("contains", ()):
        assert text in answer.text, f"missing {text!r} in {where}"
    for text in expect.get("absent", ()):
        assert text not in answer.text, f"unexpected {text!r} in {where}"


def reference(service: AnswerService, dialogue: dict[str, Any]) -> list[Answer]:
    """The dialogue through the core: one context per user, as every adapter keeps them."""
    clock = Clock()
    conversations = Conversations(clock=clock)
    answers = []
    for turn in turns(dialogue):
        clock.now += turn.wait
        answers.append(conversations.ask(service, turn.user, turn.say))
    return answers


def names(dialogues: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(d, id=d["name"]) for d in dialogues]


SINGLE_USER = [d for d in DIALOGUES if {t.get("user", "a") for t in d["turns"]} == {"a"}]


def test_there_are_enough_dialogues() -> None:
    assert len(DIALOGUES) >= 30
    assert len(DIALOGUES) - len(SINGLE_USER) >= 3
    assert any(t.get("wait", 0) > DEFAULT_IDLE_SECONDS for d in DIALOGUES for t in d["turns"])


@pytest.mark.parametrize("dialogue", names(DIALOGUES))
def test_dialogue_through_the_core(service: AnswerService, dialogue: dict[str, Any]) -> None:
    for answer, turn in zip(reference(service, dialogue), turns(dialogue), strict=True):
        check(answer, turn)


# --- the terminal -------------------------------------------------------------------------------------


class Script(io.StringIO):
    """Stdin for `chat`: not a terminal; moves the clock before each line that waits."""

    def __init__(self, script: list[Turn], clock: Clock) -> None:
        super().__init__()
        self.script = script
        self.clock = clock

    def isatty(self) -> bool:
        return False

    def __iter__(self) -> Iterator[str]:
        for turn in self.script:
            self.clock.now += turn.wait
            yield turn.say + "\n"


@pytest.mark.parametrize("dialogue", names(SINGLE_USER))
def test_dialogue_through_the_terminal_chat(service: AnswerService, dialogue: dict[str, Any]) -> None:
    clock = Clock()
    out = io.StringIO()
    script = turns(dialogue)
    assert chat(service, as_json=True, stdin=Script(script, clock), stdout=out,
                conversations=Conversations(clock=clock)) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    expected = reference(service, dialogue)
    assert len(lines) == len(expected)
    for line, answer, turn in zip(lines, expected, script, strict=True):
        assert line == answer.to_json(), turn.say
        assert line["facts"] == list(answer.facts)


def test_explain_shows_the_earlier_question(service: AnswerService) -> None:
    conversations = Conversations()
    conversations.ask(service, "s", "how big is the defence budget?")
    answer = conversations.ask(service, "s", "what about FY2024?", explain=True)
    shown = render(answer, explain=True)
    assert "[explain] follow-up of: 'how big is the defence budget?'" in shown
    assert "[explain] answered as: 'defence budget FY2024'" in shown
    assert "follow-up" not in render(answer)


def test_ask_stays_stateless(service: AnswerService) -> None:
    service.ask("how big is the defence budget?")
    assert not service.ask("and 2024?").answered


def test_explain_lists_what_the_question_was_read_as(service: AnswerService) -> None:
    answer = service.ask("osa budget fy2024 for indonesia", explain=True)
    assert answer.explanation is not None
    e = answer.explanation
    shown = render(answer, explain=True)
    assert shown.startswith(answer.text + "\n\n[explain] outcome=")
    lines = shown.split("\n")
    assert f"[explain] outcome={answer.outcome} confidence={answer.confidence:.3f}" in lines
    assert f"[explain] normalised: {e.normalized!r}" in lines
    assert f"[explain] tokens: {' '.join(e.tokens)}  unknown: -" in lines
    assert f"[explain] years: {list(e.years)}  countries: {list(e.countries)}  other countries: -" in lines
    assert f"[explain] decision: {e.reason}" in lines
    assert e.tokens and e.years and e.countries and not e.unknown_tokens and not e.other_countries
    bare = replace(answer, suggestions=(), explanation=replace(e, tokens=(), unknown_tokens=("zork", "blah"), years=(),
                                                               countries=(), other_countries=("Fiji", "Tonga"),
                                                               candidates=()), derived="¥7 billion in all")
    assert render(bare, explain=True).removeprefix(answer.text + "\n").split("\n") == [
        "", f"[explain] outcome={answer.outcome} confidence={answer.confidence:.3f}",
        f"[explain] normalised: {e.normalized!r}", "[explain] tokens: -  unknown: zork blah",
        "[explain] years: -  countries: -  other countries: ['Fiji', 'Tonga']", f"[explain] decision: {e.reason}",
        "[explain] derived from the fact base's figures: ¥7 billion in all"]
    assert render(bare) == answer.text


def test_explain_without_a_reasoning_still_shows_the_earlier_question(service: AnswerService) -> None:
    answer = service.ask("osa budget fy2024")
    follow_up = replace(answer, suggestions=(), follow_up_of="how big is the osa?")
    assert render(follow_up, explain=True) == answer.text + "\n\n[explain] follow-up of: 'how big is the osa?'"
    assert render(follow_up) == answer.text
    assert render(replace(follow_up, follow_up_of=None), explain=True) == answer.text


def test_json_keeps_non_ascii_text(service: AnswerService) -> None:
    answer = service.ask("osa budget fy2024")
    assert "¥5 billion" in to_json_line(answer)
    assert json.loads(to_json_line(answer)) == answer.to_json()


class Piped(io.TextIOWrapper):
    """Piped stdin: text over a binary buffer, as `sys.stdin` is; not a terminal."""

    def __init__(self, data: bytes, encoding: str = "utf-8") -> None:
        super().__init__(io.BytesIO(data), encoding=encoding)

    def isatty(self) -> bool:
        return False


def answered(service: AnswerService, stdin: io.TextIOBase | list[str], **options: Any) -> list[dict[str, Any]]:
    out = io.StringIO()
    answer_lines(service, stdin, out, as_json=True, **options)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_line_with_invalid_bytes_gets_an_error_answer_and_the_next_line_is_answered(service: AnswerService) -> None:
    first, second = answered(service, Piped(b"ab\xffc\r\nosa budget fy2024\n"))
    assert first["outcome"] == "decline"
    assert first["confidence"] == 1.0
    assert first["text"] == ("That line is not valid utf-8 text (byte 0xff at position 3); "
                             "please send it again as plain text.")
    assert second == service.ask("osa budget fy2024").to_json()
    out = io.StringIO()
    answer_lines(service, Piped(b"ab\xffc\r\n"), out, as_json=False, echo=True)
    assert out.getvalue() == f"you> ab\ufffdc\n{first['text']}\n\n"


def test_lines_are_decoded_in_the_stream_s_encoding(service: AnswerService) -> None:
    (answer,) = answered(service, Piped("osa café\n".encode(), encoding="ascii"))
    assert answer["text"].startswith("That line is not valid ascii text (byte 0xc3 at position 8); ")

    class NoEncoding(Piped):
        encoding = None  # type: ignore[assignment]

    (answer,) = answered(service, NoEncoding(b"osa \xe9\n"))
    assert answer["text"].startswith("That line is not valid utf-8 text (byte 0xe9 at position 5); ")
    (last,) = answered(service, Piped(b"osa \xff"))  # the last line, without its newline, is checked too
    assert last["text"].startswith("That line is not valid utf-8 text (byte 0xff at position 5); ")
    out = io.StringIO()
    answer_lines(service, Piped("osa café\n".encode(), encoding="ascii"), out, as_json=False, echo=True)
    assert out.getvalue().startswith("you> osa caf\ufffd\ufffd\nThat line is not valid ascii text")
    assert answered(service, NoEncoding("osa budget fy2024 é\n".encode())) == [
        service.ask("osa budget fy2024 é").to_json()]


def test_a_stream_whose_buffer_cannot_read_lines_is_read_as_text(service: AnswerService) -> None:
    class Lines(list[str]):
        buffer = b"not a file"

    assert answered(service, Lines(["osa budget fy2024\n"])) == [service.ask("osa budget fy2024").to_json()]


def test_an_over_long_line_is_refused_and_its_rest_not_answered(service: AnswerService) -> None:
    ship = "\N{SHIP}"  # four bytes of UTF-8: the line is cut inside one
    line = ("a" + ship * (SCREEN_LENGTH + 1) + " osa budget fy2024 " * 3 + "\n").encode()
    refused, answer = answered(service, Piped(line + b"osa budget fy2024\n"))
    assert refused["text"].startswith(f"That message is over {SCREEN_LENGTH:,} characters long")
    assert answer == service.ask("osa budget fy2024").to_json()
    exact = answered(service, Piped((ship * (SCREEN_LENGTH + 1)).encode() + b"\nosa budget fy2024\n"))
    assert [a["text"].startswith("That message is over") for a in exact] == [True, False]
    fits = answered(service, Piped((ship * SCREEN_LENGTH).encode() + b"\n"))
    assert fits[0]["text"].startswith(f"That message is {SCREEN_LENGTH:,} characters long")
    # a bad byte just past the cut is in the part dropped: the line is refused as too long, not as bad text
    (late,) = answered(service, Piped(b"a" * (4 * (SCREEN_LENGTH + 1) + 2) + b"\xff\n"))
    assert late["text"].startswith("That message is over")
    # a line that fills the read exactly with its newline is whole: the next line is not taken for its rest
    whole = answered(service, Piped(b"a" * (4 * (SCREEN_LENGTH + 1) - 1) + b"\nosa budget fy2024\n"))
    assert [a["text"].startswith("That message is over") for a in whole] == [True, False]
    # the part kept is decoded in the stream's encoding
    out = io.StringIO()
    answer_lines(service, Piped(b"\xe9" * (5 * SCREEN_LENGTH) + b"\n", encoding="latin-1"), out, as_json=False,
                 echo=True)
    assert out.getvalue().startswith("you> " + "é" * SCREEN_LENGTH + "\nThat message is over")


def test_answer_lines_without_a_conversation(service: AnswerService) -> None:
    out = io.StringIO()
    answer_lines(service, ["osa   budget fy2024\n", "\n", "quit\n", "  \n"], out, as_json=False)
    assert out.getvalue() == (render(service.ask("osa   budget fy2024")) + "\n\n"
                              + render(service.ask("quit")) + "\n\n")
    assert len(answered(service, ["osa budget fy2024\n", "\n", "quit\n"])) == 3  # JSON keeps one line per line
    out = io.StringIO()
    answer_lines(service, ["osa budget FY2024 X\n"], out, as_json=False, explain=True, echo=True)
    assert out.getvalue() == ("you> osa budget FY2024 X\n"
                              + render(service.ask("osa budget FY2024 X", explain=True), explain=True) + "\n\n")
    (explained,) = answered(service, ["osa budget fy2024\n"], explain=True)
    assert explained == service.ask("osa budget fy2024", explain=True).to_json()


@pytest.mark.parametrize("word", ["quit", " Quit ", "EXIT", "bye", ":q"])
def test_quit_ends_a_piped_chat(service: AnswerService, word: str) -> None:
    out = io.StringIO()
    stdin = Piped(f"osa budget fy2024\n{word}\nhow big is the defence budget?\n".encode())
    assert chat(lambda: service, stdin=stdin, stdout=out, conversations=Conversations()) == 0
    assert out.getvalue() == "you> osa budget fy2024\n" + render(service.ask("osa budget fy2024")) + "\n\n"


def test_piped_chat_is_one_conversation_that_explains(service: AnswerService) -> None:
    conversations = Conversations()
    out = io.StringIO()
    stdin = Piped(b"how big is the defence budget?\nwhat about   FY2024?\n")
    assert chat(service, explain=True, stdin=stdin, stdout=out, conversations=conversations) == 0
    shown = out.getvalue()
    assert "you> what about FY2024?\n" in shown
    assert "[explain] follow-up of: 'how big is the defence budget?'" in shown
    assert "[explain] decision:" in shown
    assert conversations.store.peek(SESSION) is not None


class Terminal:
    """`input` at a terminal: hands out the lines (or raises what is given) and records the prompts."""

    def __init__(self, *lines: str | BaseException) -> None:
        self.lines = list(lines)
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        line = self.lines.pop(0)
        if isinstance(line, BaseException):
            raise line
        return line


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def at_terminal(service: AnswerService, monkeypatch: pytest.MonkeyPatch, *lines: str | BaseException,
                **options: Any) -> tuple[int, str, Terminal]:
    terminal = Terminal(*lines)
    monkeypatch.setattr("builtins.input", terminal)
    out = io.StringIO()
    code = chat(lambda: service, stdin=Tty(), stdout=out, conversations=Conversations(), **options)
    return code, out.getvalue(), terminal


def greeting(service: AnswerService) -> str:
    return (f"Ask about {', '.join(t.title.lower() for t in service.fact_base.topics)}. "
            "Type 'help' for examples, 'quit' to leave.\n")


@pytest.mark.parametrize("end", [EOFError(), KeyboardInterrupt()])
def test_terminal_chat_answers_each_line_until_end_of_input(service: AnswerService, monkeypatch: pytest.MonkeyPatch,
                                                            end: BaseException) -> None:
    code, shown, terminal = at_terminal(service, monkeypatch, "how big is the defence budget?", "   ",
                                        "what about FY2024?", end)
    assert code == 0
    conversations = Conversations()
    first = conversations.ask(service, "s", "how big is the defence budget?")
    second = conversations.ask(service, "s", "what about FY2024?")
    assert second.follow_up_of == "how big is the defence budget?"
    assert shown == greeting(service) + render(first) + "\n\n" + render(second) + "\n\n" + "\n"
    assert terminal.prompts == [PROMPT] * 4
    assert any(t.title != t.title.lower() for t in service.fact_base.topics)


@pytest.mark.parametrize("word", ["quit", " Exit ", "BYE"])
def test_quit_ends_the_terminal_chat(service: AnswerService, monkeypatch: pytest.MonkeyPatch, word: str) -> None:
    code, shown, terminal = at_terminal(service, monkeypatch, word, "osa budget fy2024")
    assert (code, shown, terminal.lines) == (0, greeting(service), ["osa budget fy2024"])


def test_terminal_chat_in_json_and_explained(service: AnswerService, monkeypatch: pytest.MonkeyPatch) -> None:
    _, shown, _ = at_terminal(service, monkeypatch, "osa budget fy2024", EOFError(), as_json=True)
    assert shown == greeting(service) + to_json_line(service.ask("osa budget fy2024")) + "\n\n\n"
    _, shown, _ = at_terminal(service, monkeypatch, "osa budget fy2024", EOFError(), explain=True)
    answer = service.ask("osa budget fy2024", explain=True)
    assert shown == greeting(service) + render(answer, explain=True) + "\n\n\n"


@pytest.mark.parametrize("as_json", [False, True])
def test_terminal_chat_answers_a_line_it_cannot_decode_and_goes_on(service: AnswerService,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   as_json: bool) -> None:
    error = UnicodeDecodeError("utf-8", b"ab\xffc", 2, 3, "invalid start byte")
    code, shown, _ = at_terminal(service, monkeypatch, error, "osa budget fy2024", EOFError(), as_json=as_json)
    assert code == 0
    said = ("That line is not valid utf-8 text (byte 0xff at position 3); please send it again as plain text.")
    answer = service.ask("osa budget fy2024")
    if as_json:
        first, second = (json.loads(line) for line in shown.splitlines()[1:] if line)
        assert (first["text"], first["outcome"]) == (said, "decline")
        assert second == answer.to_json()
    else:
        assert shown == greeting(service) + said + "\n\n" + render(answer) + "\n\n\n"


# --- Slack: one context per thread ----------------------------------------------------------------------


@dataclass
class SlackRun:
    api: FakeSlackAPI
    url: str
    http: aiohttp.ClientSession
    clock: Clock
    threads: dict[str, str] = field(default_factory=dict)
    count: int = 0

    async def mention(self, user: str, text: str) -> str:
        """`user` mentions the bot (first at the top level, then in the thread of the reply); the posted text."""
        self.count += 1
        body = p.app_mention(f"<@W111> {text}", event_id=f"EvDialogue{self.count}")
        ts = f"{1_600_000_000 + self.count}.000100"
        body["event"].update(user=SLACK_USERS[user], ts=ts, event_ts=ts)
        thread = self.threads.setdefault(user, ts)
        if thread != ts:
            body["event"]["thread_ts"] = thread
        raw = json.dumps(body)
        headers = p.signed_headers(raw, content_type="application/json")
        async with self.http.post(self.url + EVENTS_PATH, data=raw.encode(), headers=headers) as response:
            assert response.status == 200
        await self.api.wait_for(lambda: len(self.api.calls("/api/chat.postMessage")) == self.count)
        post = self.api.calls("/api/chat.postMessage")[-1]
        assert post.body["thread_ts"] == thread
        return str(post.body["text"])


@pytest.fixture()
async def slack(service: AnswerService) -> AsyncIterator[SlackRun]:
    clock = Clock()
    async with FakeSlackAPI() as api:
        settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=p.SIGNING_SECRET, api_url=api.base_url)
        app = build_app(settings, lambda: service, conversations=Conversations(clock=clock))
        runner, port = await start_http(app, host="127.0.0.1", port=0)
        try:
            async with aiohttp.ClientSession() as http:
                yield SlackRun(api=api, url=f"http://127.0.0.1:{port}", http=http, clock=clock)
        finally:
            await runner.cleanup()


def slack_text(text: str) -> str:
    """What Slack's `text` field must hold for an answer, written out here rather than taken from the formatter
    under test: the whole answer with &, < and > as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize("dialogue", names(DIALOGUES))
async def test_dialogue_through_slack_threads(slack: SlackRun, service: AnswerService,
                                              dialogue: dict[str, Any]) -> None:
    for turn, answer in zip(turns(dialogue), reference(service, dialogue), strict=True):
        slack.clock.now += turn.wait
        assert await slack.mention(turn.user, turn.say) == slack_text(answer.text), turn.say


def test_slack_conversation_key_is_the_thread() -> None:
    event = {"team": "T1", "channel": "C1", "ts": "2.0", "thread_ts": "1.0"}
    assert slack_app.conversation_key(event, "1.0") == ("slack", "T1", "C1", "1.0")
    assert slack_app.conversation_key({"channel": "D1"}, None) == ("slack", "", "D1", "")


async def test_slack_dm_keeps_a_context(slack: SlackRun, service: AnswerService) -> None:
    for count, text in enumerate(["how big is the defence budget?", "and 2024?"], start=1):
        body = p.direct_message(text, event_id=f"EvDm{count}")
        raw = json.dumps(body)
        async with slack.http.post(slack.url + EVENTS_PATH, data=raw.encode(),
                                   headers=p.signed_headers(raw, content_type="application/json")) as response:
            assert response.status == 200
        await slack.api.wait_for(lambda n=count: len(slack.api.calls("/api/chat.postMessage")) == n)
    posted = slack.api.calls("/api/chat.postMessage")[-1].body["text"]
    assert posted == slack_text(service.ask("defence budget FY2024").text)


# --- Discord: one context per channel and user ------------------------------------------------------------


@pytest.fixture()
async def discord_bot(service: AnswerService, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[
        tuple[DefenceBot, FakeDiscordAPI, Clock]]:
    async with logged_in(lambda: DefenceBot(lambda: service), monkeypatch) as (client, api):
        clock = Clock()
        cog_of(client).conversations = Conversations(clock=clock)
        yield client, api, clock


@pytest.mark.parametrize("dialogue", names(DIALOGUES))
async def test_dialogue_through_discord_mentions(discord_bot: tuple[DefenceBot, FakeDiscordAPI, Clock],
                                                 service: AnswerService, dialogue: dict[str, Any]) -> None:
    client, api, clock = discord_bot
    channel = add_guild(client).get_channel(CHANNEL_ID)
    assert isinstance(channel, discord.TextChannel)
    for count, (turn, answer) in enumerate(zip(turns(dialogue), reference(service, dialogue), strict=True), start=1):
        clock.now += turn.wait
        data = message_payload(f"<@{BOT_ID}> {turn.say}", mentions=[BOT_USER], author=USERS[turn.user])
        message = discord.Message(state=client._connection, channel=channel, data=data)  # type: ignore[arg-type]
        await cog_of(client).on_message(message)
        posts = api.find("POST", f"/channels/{CHANNEL_ID}/messages")
        assert len(posts) == count
        [embed] = posts[-1].body["embeds"]
        assert_embed_shows(embed, answer)


def test_discord_conversation_key() -> None:
    assert conversation_key(object(), 10, 1) != conversation_key(object(), 10, 2)
    assert conversation_key(object(), 10, 1) == ("discord", "10", "1")


# --- the context store ------------------------------------------------------------------------------------


def _context(service: AnswerService, question: str, now: float) -> Conversation:
    answer = service.ask(question)
    return Conversation.after(answer, service.fact_base, question=question, now=now)


def test_store_is_bounded_least_recently_used_first(service: AnswerService) -> None:
    clock = Clock()
    store = ContextStore(ConversationSettings(max_contexts=3), clock=clock)
    context = _context(service, "osa budget", clock.now)
    for key in "abc":
        store.put(key, context)
    assert store.get("a")[0] is not None  # a is now the most recently used
    store.put("d", context)
    assert len(store) == 3
    assert store.get("b") == (None, False)
    assert store.get("a")[0] is not None and store.get("d")[0] is not None


def test_store_expires_idle_contexts(service: AnswerService) -> None:
    clock = Clock()
    store = ContextStore(ConversationSettings(idle_seconds=60), clock=clock)
    store.put("a", _context(service, "osa budget", clock.now))
    clock.now += 60
    assert store.get("a")[0] is not None
    clock.now += 61
    assert store.get("a") == (None, True)
    assert store.get("a") == (None, False)
    store.put("b", _context(service, "osa budget", clock.now))
    clock.now += 100
    store.put("c", _context(service, "osa budget", clock.now))  # putting drops the expired ones
    assert len(store) == 1


def test_context_records_what_the_answer_was_about(service: AnswerService) -> None:
    context = _context(service, "OSA budget FY2025 in dollars", 5.0)
    assert context.series == "osa-budget" and context.years == (2025,) and context.topic == "osa"
    assert context.subject == "OSA budget" and context.currency == "USD" and context.updated == 5.0
    country = _context(service, "is Fiji an OSA recipient?", 0.0)
    assert country.countries == ("fiji",) and country.subject == "Fiji"


def test_settings_from_the_environment() -> None:
    assert ConversationSettings.from_env({}) == ConversationSettings()
    settings = ConversationSettings.from_env({"BOT_CONTEXT_IDLE_SECONDS": "90", "BOT_CONTEXT_MAX": "5"})
    assert settings.idle_seconds == 90 and settings.max_contexts == 5
    for bad in ("0", "-1", "soon"):
        with pytest.raises(ValueError, match="BOT_CONTEXT_IDLE_SECONDS"):
            ConversationSettings.from_env({"BOT_CONTEXT_IDLE_SECONDS": bad})


def test_off_topic_message_is_not_turned_into_a_follow_up(service: AnswerService) -> None:
    conversations = Conversations()
    conversations.ask(service, "s", "how big is the defence budget?")
    answer = conversations.ask(service, "s", "what's the weather like there?")
    assert not answer.answered and answer.follow_up_of is None


async def test_discord_slash_ask_follows_up_per_user(discord_bot: tuple[DefenceBot, FakeDiscordAPI, Clock],
                                                     service: AnswerService) -> None:
    client, api, _ = discord_bot
    for question in ("how big is the defence budget?", "and 2024?"):
        await client.tree._call(command_interaction(client, "ask", question=question))
    first, second = (r.body for r in api.find("POST", CALLBACK))
    assert second["data"]["embeds"] == [golden("discord", "defence budget FY2024")]
    assert first["data"]["embeds"] != second["data"]["embeds"]


@pytest.mark.parametrize(
    "message",
    ["", " \n\t ", "\x00" * 50, "\ufffd\ufffd", "🙂" * 300, "and " * 400, "<script>alert(1)</script>",
     "(" * 5000 + "and 2024?", "and \u202e2024\u200b?", "source? " * 100, "why" * 300],
)
def test_any_message_after_a_context_gets_a_reply(service: AnswerService, message: str) -> None:
    conversations = Conversations()
    conversations.ask(service, "s", "how big is the defence budget?")
    answer = conversations.ask(service, "s", message)
    assert answer.text


async def test_slack_suggestion_button_in_a_thread_joins_its_conversation(slack: SlackRun,
                                                                          service: AnswerService) -> None:
    await slack.mention("a", "how big is the defence budget?")
    thread = slack.threads["a"]
    payload = p.block_action(action_id=f"{ASK_ACTION_PREFIX}0", value="OSA budget FY2025",
                             response_url=slack.api.response_url("button"), ephemeral=False, thread_ts=thread)
    raw = p.action_body(payload)
    headers = p.signed_headers(raw, content_type="application/x-www-form-urlencoded")
    async with slack.http.post(slack.url + EVENTS_PATH, data=raw.encode(), headers=headers) as response:
        assert response.status == 200
    slack.count += 1
    await slack.api.wait_for(lambda: len(slack.api.calls("/api/chat.postMessage")) == 2)
    assert await slack.mention("a", "and 2024?") == slack_text(service.ask("OSA budget FY2024").text)


def test_a_follow_up_is_reported_to_observers_once(fact_base: FactBase) -> None:
    """The conversation tries a follow-up on its own before resolving it; only the answer given is logged."""
    seen: list[tuple[str, ...]] = []
    service = ObservedService(fact_base, observers=[lambda _s, answer, _t: seen.append(answer.facts)])
    conversations = Conversations()
    conversations.ask(service, "thread", "how big is the defence budget?")
    conversations.ask(service, "thread", "what about FY2024?")
    assert seen == [("budget-fy2026",), ("budget-fy2024",)]


def test_the_gap_log_records_the_words_typed_not_the_rewrite(tmp_path: Path, fact_base: FactBase) -> None:
    path = tmp_path / "gaps.sqlite3"
    with GapLog(path, platform="console", salt=None) as gaps:
        service = ObservedService(fact_base, observers=[gaps])
        conversations = Conversations()
        conversations.ask(service, "s", "how big is the defence budget?")
        answer = conversations.ask(service, "s", "and for 1990?")
        assert answer.asked == "defence budget FY1990" and not answer.answered
    assert [g.question for g in read_gaps(path)] == ["and for 1990"]


@pytest.mark.parametrize("message", ["what is the capital of france?", "who is the president of France?",
                                     "how many people live in South Korea?"])
def test_a_question_of_its_own_naming_a_country_is_not_rewritten(service: AnswerService, message: str) -> None:
    conversations = Conversations()
    conversations.ask(service, "s", "can japan export weapons?")
    answer = conversations.ask(service, "s", message)
    assert answer == service.ask(message)
    assert answer.follow_up_of is None and answer.asked is None and not answer.answered


def test_pronouns_that_point_back_at_the_country_or_year(service: AnswerService) -> None:
    country = _context(service, "is indonesia an osa recipient", 0.0)
    assert resolve(service, "when did they get patrol boats?", country) == FollowUp(
        kind="entity", question="when did they get patrol boats (Indonesia)")
    year = _context(service, "FY2024 defence budget", 0.0)
    assert resolve(service, "so was that budget passed by the diet?", year) == FollowUp(
        kind="entity", question="so was that budget passed by the diet (FY2024)",
        alternatives=("so was that budget passed by the diet (defence budget FY2024)",))
    assert resolve(service, "what about their defence budget?", country) == FollowUp(
        kind="entity", question="what about Indonesia's defence budget", firm=True)


@pytest.mark.parametrize("message", [
    "is there an OSA budget for drones?",  # existential "there"
    "is it true that the OSA budget doubled?",  # dummy "it", "that" as a conjunction
    "did they get OSA in FY2023?",  # names its own year
    "did the Philippines get OSA too?",  # names its own country
    "why do they give OSA?",  # the reasons are the programme's
])
def test_words_that_do_not_point_back(service: AnswerService, message: str) -> None:
    context = _context(service, "is indonesia an osa recipient", 0.0)
    follow_up = resolve(service, message, context)
    assert follow_up is None or follow_up.kind != "entity"


def test_source_after_an_answer_is_an_answer_in_json(service: AnswerService) -> None:
    """`chat --json`: "source?" is answered, with the cited answer's facts and its sources as data."""
    out = io.StringIO()
    script = [Turn(say=say, user="a", wait=0) for say in ("can japan export weapons?", "source?", "sources?")]
    assert chat(service, as_json=True, stdin=Script(script, Clock()), stdout=out, conversations=Conversations()) == 0
    first, source, again = (json.loads(line) for line in out.getvalue().splitlines())
    assert source["answered"] is True and source["outcome"] == "answer"
    assert source["facts"] == first["facts"] and source["sources"] == first["sources"] and source["sources"]
    assert source["as_of"] == first["as_of"] and source["follow_up_of"] == "can japan export weapons?"
    assert again == source | {"text": again["text"]}  # asking twice cites the same answer


def test_source_cites_the_answer_given_even_after_a_reload(service: AnswerService, minimal_facts: Path) -> None:
    """The context keeps the sources it cited, so a fact base reloaded without them cannot break "source?"."""
    conversations = Conversations()
    first = conversations.ask(service, "s", "can japan export weapons?")
    reloaded = AnswerService.from_path(minimal_facts)
    assert not {s.id for s in first.sources} & {s.id for s in reloaded.fact_base.sources}
    answer = conversations.ask(reloaded, "s", "source?")
    assert answer.answered and answer.sources == first.sources and answer.facts == first.facts


def test_every_message_in_a_conversation_is_reported_once(fact_base: FactBase) -> None:
    """Replies made from the context ("source?", a "why?" with no reason, "start over") are logged too."""
    seen: list[tuple[str, str, tuple[str, ...]]] = []
    service = ObservedService(fact_base, observers=[lambda _s, a, _t: seen.append((a.question, a.outcome, a.facts))])
    conversations = Conversations()
    for message in ("can japan export weapons?", "source?", "why?", "start over"):
        conversations.ask(service, "thread", message)
    assert seen == [("can japan export weapons?", "answer", ("exports-current-rules",)),
                    ("source?", "answer", ("exports-current-rules",)), ("why?", "decline", ()),
                    ("start over", "decline", ())]
