"""Exact output of the gap report: grouping, the nearest fact, the text and YAML renderings and `summary`.

Written after `make mutation` showed them loosely tested: each expected value is written out here.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from bot.gaplog import Gap, GapCluster, GapLog, gap_report, render_report, summary
from bot.models import Answer


def gaps(*questions: str, platform: str = "slack", top_fact: str | None = None) -> list[Gap]:
    return [Gap(0.0, platform, q, "decline", top_fact) for q in questions]


def grouped(*questions: str) -> list[tuple[str, ...]]:
    return [c.examples for c in gap_report(gaps(*questions), top=10_000)]


def nonsense(rng: random.Random, count: int) -> str:
    """`count` made-up seven-letter words: phrasings that share no word stem with each other by chance."""
    return " ".join("".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(7)) for _ in range(count))


# --- grouping ---------------------------------------------------------------------------------------------


def test_spellings_sharing_the_first_four_letters_of_their_words_are_grouped() -> None:
    assert grouped("favourite colour", "favorite color") == [("favourite colour", "favorite color")]


def test_phrasings_sharing_only_function_words_are_not_grouped() -> None:
    """"what is the" is in both (token_set_ratio 87.5), but no word stem is shared."""
    assert grouped("what is the date", "what is the time") == [("what is the date",), ("what is the time",)]


def test_a_three_letter_word_is_a_stem() -> None:
    assert grouped("why osa aid", "why osa help") == [("why osa aid", "why osa help")]


def test_phrasings_of_short_words_meet_on_their_first_four_characters() -> None:
    assert grouped("can you", "can i") == [("can you", "can i")]
    assert grouped("can you", "how do i") == [("can you",), ("how do i",)]


def test_a_shared_stem_is_not_enough_below_the_score() -> None:
    """They share "defe" but score 52 with token_set_ratio (85 with rapidfuzz's default WRatio)."""
    assert grouped("defence budget total", "defence exports to the philippines radar") == [
        ("defence budget total",), ("defence exports to the philippines radar",)]


def test_a_phrasing_is_compared_with_exactly_the_candidate_limit() -> None:
    """32 groups share "budg" with the last phrasing: all 32 are candidates (none is similar enough)."""
    rng = random.Random(7)
    heads = [f"budget {nonsense(rng, 3)}" for _ in range(32)]
    clusters = grouped(*heads, f"budget {nonsense(rng, 2)}")
    assert len(clusters) == 33 and all(len(c) == 1 for c in clusters)


def test_the_candidates_are_the_groups_sharing_the_most_stems() -> None:
    """Of 40 groups sharing "budg", the one sharing five stems is among the 32 compared, and joined."""
    rng = random.Random(7)
    heads = [f"budget {nonsense(rng, 3)}" for _ in range(39)] + ["budget japan defence spending total"]
    clusters = grouped(*heads, "budget japan defence spending totals")
    assert len(clusters) == 40
    assert ("budget japan defence spending total", "budget japan defence spending totals") in clusters


def test_a_stem_common_to_over_2000_groups_is_used_when_the_phrasing_has_no_other() -> None:
    """"defe" heads 2,001 groups: it says little, but "defence" alone has nothing else to find its group by."""
    rng = random.Random(7)
    heads = [f"defence {nonsense(rng, 3)}" for _ in range(2001)]
    clusters = grouped(*heads, "defence")
    assert len(clusters) == 2001 and sum(len(c) for c in clusters) == 2002


def test_the_biggest_twenty_groups_are_reported_by_default() -> None:
    questions = [f"{letter * 5} {letter * 6}" for letter in "abcdefghijklmnopqrstuvwxy"]  # 25 unrelated
    report = gap_report(gaps(*questions, *questions[:3]))
    assert len(report) == 20
    assert [c.examples[0] for c in report[:4]] == ["aaaaa aaaaaa", "bbbbb bbbbbb", "ccccc cccccc", "ddddd dddddd"]
    assert [c.count for c in report[:4]] == [2, 2, 2, 1]


# --- the nearest fact -------------------------------------------------------------------------------------


def test_the_nearest_fact_is_the_one_most_often_top() -> None:
    recorded = [*gaps("who is the defence minister", top_fact="people:pm"),
                *gaps("who is the defence minister", "who is the defence minister", top_fact="people:minister"),
                *gaps("defence minister who is"),
                *gaps("weather in tokyo")]
    report = gap_report(recorded)
    assert [(c.count, c.nearest_fact) for c in report] == [(4, "people:minister"), (1, None)]


def test_the_nearest_fact_counts_every_question_of_the_group() -> None:
    recorded = [*gaps("who is the defence minister", top_fact="people:minister"),
                *gaps("defence minister who is", "defence minister who is", top_fact="people:pm")]
    (cluster,) = gap_report(recorded)
    assert cluster.examples == ("defence minister who is", "who is the defence minister")
    assert cluster.nearest_fact == "people:pm"


# --- rendering --------------------------------------------------------------------------------------------

CLUSTERS = [
    GapCluster(count=3, askers=2, examples=("who is the defence minister", "japan defence minister name"),
               nearest_fact="people:minister", platforms=("discord", "slack")),
    GapCluster(count=1, askers=1, examples=("weather in tokyo",), nearest_fact=None, platforms=("console",)),
    GapCluster(count=1, askers=0, examples=("price of rice",), nearest_fact=None, platforms=("slack",)),
]


def test_the_text_report() -> None:
    assert render_report(CLUSTERS, as_yaml=False) == (
        "    3  who is the defence minister\n"
        "       japan defence minister name\n"
        "       nearest fact: people:minister; asked by 2 askers on discord, slack\n"
        "    1  weather in tokyo\n"
        "       nearest fact: -; asked by 1 asker on console\n"
        "    1  price of rice\n"
        "       nearest fact: -; asked on slack")


def test_the_yaml_report() -> None:
    assert render_report(CLUSTERS[:2], as_yaml=True) == (
        "# 3 asked; nearest fact: people:minister\n"
        "questions:\n"
        '  - "who is the defence minister"\n'
        '  - "japan defence minister name"\n'
        "\n"
        "# 1 asked; nearest fact: a new fact\n"
        "questions:\n"
        '  - "weather in tokyo"')


def test_the_yaml_report_quotes_backslashes_and_quotes() -> None:
    question = 'what does "osa" mean in c:\\docs'
    cluster = GapCluster(count=1, askers=0, examples=(question,), nearest_fact=None, platforms=("slack",))
    text = render_report([cluster], as_yaml=True)
    assert text.splitlines()[2] == '  - "what does \\"osa\\" mean in c:\\\\docs"'
    assert yaml.safe_load(text) == {"questions": [question]}


@pytest.mark.parametrize(("as_yaml", "text"), [(True, "# no gaps recorded"), (False, "No gaps recorded.")])
def test_an_empty_report(as_yaml: bool, text: str) -> None:
    assert render_report([], as_yaml=as_yaml) == text


def test_at_most_five_examples_by_default() -> None:
    examples = tuple(f"question {n}" for n in range(7))
    cluster = GapCluster(count=7, askers=0, examples=examples, nearest_fact="f", platforms=("slack",))
    assert render_report([cluster], as_yaml=False).splitlines()[:6] == [
        "    7  question 0", "       question 1", "       question 2", "       question 3", "       question 4",
        "       nearest fact: f; asked on slack"]
    assert render_report([cluster], as_yaml=True).count("  - ") == 5
    assert render_report([cluster], as_yaml=True, examples=2).count("  - ") == 2


# --- summary, for the chat platforms' admin commands -------------------------------------------------------


def record(path: Path | str, questions: list[str]) -> GapLog:
    with GapLog(path, platform="slack", salt=None, retention=None) as gaps:
        for question in questions:
            gaps.record(Answer(question=question, outcome="decline", body="t", confidence=0.1))
    return gaps


def test_summary_text(tmp_path: Path) -> None:
    path = tmp_path / "gaps.sqlite3"
    record(path, ["who is the defence minister", "who is the defence minister", "japan defence minister name",
                  "weather in tokyo", "Who is the Defence Minister?", "defence minister who is",
                  "minister of defence who is it"])
    assert summary(path, "1h") == (
        "7 questions I could not answer well in the last 1h:\n"
        "    6  who is the defence minister\n"
        "       japan defence minister name\n"
        "       defence minister who is\n"
        "       nearest fact: -; asked on slack\n"
        "    1  weather in tokyo\n"
        "       nearest fact: -; asked on slack")


@pytest.mark.parametrize(("count", "head"), [(1, "1 question"), (2, "2 questions")])
def test_summary_counts_questions(tmp_path: Path, count: int, head: str) -> None:
    path = tmp_path / "gaps.sqlite3"
    record(path, ["weather in tokyo"] * count)
    assert summary(path).startswith(f"{head} I could not answer well in the last 7d:\n")


def test_summary_shows_the_ten_biggest_groups(tmp_path: Path) -> None:
    path = tmp_path / "gaps.sqlite3"
    record(path, [f"{letter * 5} {letter * 6}" for letter in "abcdefghijkl"])
    text = summary(path)
    assert text.startswith("12 questions I could not answer well in the last 7d:\n")
    assert text.count("nearest fact: -") == 10 and "jjjjj jjjjjj" in text and "kkkkk" not in text


def test_summary_of_the_gap_log_a_bot_writes(tmp_path: Path) -> None:
    """`python -m bot` hands the GapLog's own path (given as text) to `summary` for the admin command."""
    gaps = record(str(tmp_path / "gaps.sqlite3"), ["weather in tokyo"])
    assert gaps.path == tmp_path / "gaps.sqlite3"
    assert summary(gaps.path) == ("1 question I could not answer well in the last 7d:\n"
                                  "    1  weather in tokyo\n"
                                  "       nearest fact: -; asked on slack")
