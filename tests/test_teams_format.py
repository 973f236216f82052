"""Teams formatting without a server: the message text for answers and notices, written out by hand.

The source headings and the count of sources past the tenth, the suggestions after a clarify, the placeholder
for an empty reply, which URLs become links, and how a reply over `TEXT_LIMIT` characters is cut (at the last
paragraph break that fits, else just under the limit, never leaving half an entity or a dangling backslash).
"""

from __future__ import annotations

from bot.adapters.teams_format import MAX_SOURCES, TEXT_LIMIT, answer_message, reply_message, source_line
from bot.models import Answer, AnswerPart, Source
from bot.turns import Reply, ReplyKind


def src(n: int, *, url: str | None = None) -> Source:
    return Source(id=f"s{n}", title=f"Report {n}", publisher="Pub", file="f.md", date="2025-12-26", url=url)


def answered(body: str, sources: tuple[Source, ...] = ()) -> Answer:
    part = AnswerPart(fact_id="f", title="T", text=body, sources=sources, as_of="2025-12-26")
    return Answer(question="q", outcome="answer", body=body, confidence=1.0, parts=(part,), sources=sources,
                  as_of="2025-12-26")


def text_of(body: str) -> str:
    return answer_message(Answer(question="q", outcome="answer", body=body, confidence=1.0))["text"]


def test_the_limits_are_teams_own() -> None:
    assert (TEXT_LIMIT, MAX_SOURCES) == (20_000, 10)


# --- sources ---------------------------------------------------------------------


def test_one_source_has_the_singular_heading() -> None:
    assert answer_message(answered("Yes.", (src(1),)))["text"] == (
        "Yes.\n\n**Source:**\n\n- Report 1, Pub, 2025-12-26\n\n_As of 2025-12-26_")


def test_two_sources_have_the_plural_heading() -> None:
    assert answer_message(answered("Yes.", (src(1), src(2))))["text"] == (
        "Yes.\n\n**Sources:**\n\n- Report 1, Pub, 2025-12-26\n- Report 2, Pub, 2025-12-26\n\n_As of 2025-12-26_")


def test_ten_sources_are_all_listed_and_more_are_counted() -> None:
    ten = answer_message(answered("Yes.", tuple(src(n) for n in range(1, 11))))["text"]
    assert ten.count("\n- Report ") == 10 and "more" not in ten
    assert "- Report 10, Pub, 2025-12-26\n\n_As of" in ten
    eleven = answer_message(answered("Yes.", tuple(src(n) for n in range(1, 12))))["text"]
    assert "- Report 10, Pub, 2025-12-26\n- and 1 more\n\n_As of 2025-12-26_" in eleven
    assert "Report 11" not in eleven
    thirteen = answer_message(answered("Yes.", tuple(src(n) for n in range(1, 14))))["text"]
    assert "\n- and 3 more\n" in thirteen


def test_http_and_https_urls_are_links_and_other_schemes_are_not() -> None:
    assert source_line(src(1, url="http://example.org/a")) == "- [Report 1](http://example.org/a), Pub, 2025-12-26"
    assert source_line(src(1, url="https://example.org/a")) == (
        "- [Report 1](https://example.org/a), Pub, 2025-12-26")
    assert source_line(src(1, url="ftp://example.org/a")) == "- Report 1, Pub, 2025-12-26"
    assert source_line(src(1, url="javascript:alert(1)")) == "- Report 1, Pub, 2025-12-26"
    assert source_line(Source(id="s", title="T", publisher="P", file="f.md")) == "- T, P, date not shown"


# --- suggestions and empty replies ---------------------------------------------------


def test_a_clarify_lists_its_suggestions_one_a_line() -> None:
    clarify = Answer(question="osa", outcome="clarify", body="Which one?", confidence=0.5,
                     suggestions=("what is OSA", "OSA *budget*"))
    assert answer_message(clarify) == {"type": "message", "textFormat": "markdown",
                                       "text": "Which one?\n\n**Try asking:**\n\n- what is OSA\n- OSA \\*budget\\*"}


def test_an_answer_does_not_list_suggestions() -> None:
    answer = Answer(question="q", outcome="answer", body="Yes.", confidence=1.0, suggestions=("More?",))
    assert answer_message(answer)["text"] == "Yes."


def test_an_empty_reply_is_an_ellipsis_not_an_empty_message() -> None:
    assert text_of(" \n ") == "…"
    assert reply_message(Reply(kind=ReplyKind.SILENT, notice="")) == {
        "type": "message", "textFormat": "markdown", "text": "…"}
    assert reply_message(Reply(kind=ReplyKind.NOTICE, notice="Slow down.\nTry later."))["text"] == (
        "Slow down.\n\nTry later.")


# --- the length limit --------------------------------------------------------------


def test_a_reply_of_exactly_the_limit_is_sent_whole() -> None:
    assert text_of("a" * 20_000) == "a" * 20_000


def test_one_long_paragraph_is_cut_just_under_the_limit() -> None:
    assert text_of("a" * 20_001) == "a" * 19_999 + "…"
    assert text_of("a" * 20_000 + "\nb") == "a" * 19_999 + "…"  # the break after the limit does not count


def test_a_long_reply_is_cut_at_the_last_paragraph_break_that_fits() -> None:
    # Teams text: "a"*10, blank line, "b"*19_986 (ending at 19_997), blank line at 19_998-19_999, "c"*100.
    assert text_of("a" * 10 + "\n" + "b" * 19_986 + "\n" + "c" * 100) == "a" * 10 + "\n\n" + "b" * 19_986 + "…"
    # The second break comes after the limit: the cut is at the first.
    assert text_of("a" * 19_000 + "\n" + "b" * 1_500 + "\n" + "c" * 100) == "a" * 19_000 + "…"
    # Even a break right after the first paragraph: the message never ends in the middle of a paragraph.
    assert text_of("a\n" + "b" * 20_000) == "a…"


def test_a_cut_leaves_no_half_entity_backslash_or_trailing_space() -> None:
    # "&" is sent as "&amp;"; a cut at 19_999 characters would leave "&a".
    assert text_of("a" * 19_997 + "& co" + "b" * 10) == "a" * 19_997 + "…"
    # "*" is sent as "\*"; a cut would leave the backslash to escape the ellipsis.
    assert text_of("a" * 19_998 + "*" + "b" * 10) == "a" * 19_998 + "…"
    assert text_of("a" * 19_997 + "X*" + "b" * 10) == "a" * 19_997 + "X…"  # only the backslash goes
    assert text_of("a" * 19_990 + " " * 20 + "b") == "a" * 19_990 + "…"
    for text in (text_of("a" * 30_000), text_of("a" * 19_997 + "& co" + "b" * 10)):
        assert len(text) <= TEXT_LIMIT
