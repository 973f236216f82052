"""Scoring a labelled set (bot/evaluate.py) on a stand-in service whose answers are fixed in advance, so every
count, rate and line of a report is known before the code runs: fact-id labels and content labels, the judge of
one answer, the loaders' checks and the rendered reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluate import (
    ContentCase,
    ContentReport,
    EvalReport,
    LabelledQuestion,
    evaluate,
    evaluate_content,
    is_content_labelled,
    judge,
    load_content_labelled,
    load_labelled,
)
from bot.knowledge import load_fact_base
from bot.models import Answer, AnswerPart, FactBase


def answered(body: str, *fact_ids: str, confidence: float = 0.9) -> Answer:
    parts = tuple(AnswerPart(fact_id=f, title=f, text=body, sources=(), as_of="2025-12-26") for f in fact_ids)
    return Answer(question="q", outcome="answer", body=body, confidence=confidence, parts=parts or (
        AnswerPart(fact_id="budget-fy2026", title="t", text=body, sources=(), as_of="2025-12-26"),))


def declined(body: str = "I don't have that.", *, outcome: str = "decline", confidence: float = 0.12) -> Answer:
    return Answer(question="q", outcome=outcome, body=body, confidence=confidence)  # type: ignore[arg-type]


class FixedService:
    """Answers each question with the answer given for it; `ask` and `answer` alike."""

    def __init__(self, fact_base: FactBase, answers: dict[str, Answer]) -> None:
        self.fact_base = fact_base
        self.answers = answers

    def ask(self, question: str) -> Answer:
        return self.answers[question]

    answer = ask


@pytest.fixture()
def small_base(minimal_facts: Path) -> FactBase:
    return load_fact_base(minimal_facts)  # one fact, budget-fy2026 (topic "budget"), and the country fiji


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "set.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- fact-id labels ------------------------------------------------------------------------------------------


def test_load_labelled_reads_one_label_or_a_list(tmp_path: Path) -> None:
    path = write(tmp_path, "questions:\n"
                           "  - {q: 'defence budget?', expect: budget-fy2026}\n"
                           "  - {q: 2023, expect: [country:fiji, decline]}\n")
    assert load_labelled(path) == [
        LabelledQuestion(question="defence budget?", expected=("budget-fy2026",)),
        LabelledQuestion(question="2023", expected=("country:fiji", "decline")),
    ]
    assert load_labelled(path)[1].group == "country:fiji"


@pytest.mark.parametrize("text", [
    "- {q: a, expect: b}\n",  # a list, not a mapping
    "questions: {q: a, expect: b}\n",  # `questions:` not a list
    "other: []\n",
])
def test_a_file_without_a_questions_list_is_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(ValueError, match=r"set\.yaml: expected a top-level 'questions:' list$"):
        load_labelled(write(tmp_path, text))


@pytest.mark.parametrize("item", ["{q: a}", "{expect: b}", "just text"])
def test_a_question_without_q_or_expect_is_refused(tmp_path: Path, item: str) -> None:
    path = write(tmp_path, f"questions:\n  - {{q: fine, expect: decline}}\n  - {item}\n")
    with pytest.raises(ValueError, match=r"set\.yaml: questions\[1\] needs 'q' and 'expect'$"):
        load_labelled(path)


def test_evaluate_counts_right_and_wrong_per_topic(small_base: FactBase) -> None:
    service = FixedService(small_base, {
        "budget right": answered("It is 9.04 trillion yen.", "budget-fy2026"),
        "budget wrong": answered("Fiji got patrol boats.", "country:fiji", confidence=0.61),
        "fiji right": answered("Fiji got patrol boats.", "country:fiji", "budget-fy2026"),
        "declined right": declined(),
        "clarified right": declined("Which year?", outcome="clarify"),
        "unknown label": declined(confidence=0.3),
    })
    questions = [
        LabelledQuestion(question="budget right", expected=("budget-fy2026",)),
        LabelledQuestion(question="budget wrong", expected=("budget-fy2026", "budget-fy2025")),
        LabelledQuestion(question="fiji right", expected=("country:fiji",)),
        LabelledQuestion(question="declined right", expected=("decline",)),
        LabelledQuestion(question="clarified right", expected=("decline",)),
        LabelledQuestion(question="unknown label", expected=("no-such-fact", "decline-not")),
    ]
    report = evaluate(service, questions)  # type: ignore[arg-type]
    assert (report.total, report.correct) == (6, 4)
    assert report.by_topic == {"budget": [1, 2], "osa": [1, 1], "decline": [2, 2], "unknown": [0, 1]}
    assert dict(report.confusions) == {("budget-fy2026", "country:fiji"): 1, ("no-such-fact", "decline"): 1}
    assert [(m.question, m.expected, m.got, m.confidence) for m in report.misses] == [
        ("budget wrong", ("budget-fy2026", "budget-fy2025"), "country:fiji", 0.61),
        ("unknown label", ("no-such-fact", "decline-not"), "decline", 0.3),
    ]
    assert report.accuracy == pytest.approx(4 / 6)
    assert report.render() == (
        "accuracy: 66.7% (4/6)\n"
        "per topic:\n"
        "  budget      50.0%  (1/2)\n"
        "  decline    100.0%  (2/2)\n"
        "  osa        100.0%  (1/1)\n"
        "  unknown      0.0%  (0/1)\n"
        "confusions (expected -> got: count):\n"
        "  budget-fy2026 -> country:fiji: 1\n"
        "  no-such-fact -> decline: 1\n"
        "misses (2):\n"
        "  'budget wrong': expected budget-fy2026|budget-fy2025, got country:fiji (0.61)\n"
        "  'unknown label': expected no-such-fact|decline-not, got decline (0.30)"
    )
    assert report.render(show_misses=1).endswith("misses (2):\n"
                                                  "  'budget wrong': expected budget-fy2026|budget-fy2025, "
                                                  "got country:fiji (0.61)")


def test_an_empty_report_has_no_accuracy() -> None:
    assert EvalReport().accuracy == 0.0
    assert EvalReport().render() == "accuracy: 0.0% (0/0)\nper topic:"
    assert ContentReport().accuracy == 0.0
    assert ContentReport().rate("in") == 0.0


def test_a_long_report_shows_the_15_commonest_confusions_and_50_misses(small_base: FactBase) -> None:
    questions = [LabelledQuestion(question=f"q{i}", expected=(f"fact-{i:02}",)) for i in range(52)]
    questions += [LabelledQuestion(question="q0", expected=("fact-00",))]  # fact-00 -> decline twice: first
    service = FixedService(small_base, {f"q{i}": declined() for i in range(52)})
    report = evaluate(service, questions)  # type: ignore[arg-type]
    lines = report.render().splitlines()
    start = lines.index("confusions (expected -> got: count):")
    assert lines[start + 1] == "  fact-00 -> decline: 2"
    assert lines[start + 2] == "  fact-01 -> decline: 1"
    assert lines[start + 15] == "  fact-14 -> decline: 1"
    assert lines[start + 16] == "misses (53):"
    assert len(lines) == start + 17 + 50
    assert lines[-1] == "  'q49': expected fact-49, got decline (0.12)"


# --- content labels ------------------------------------------------------------------------------------------

IN = ContentCase(question="q", scope="in", must=(("9.04 trillion", "9,040 billion"), ("fy2026",)))
OUT = ContentCase(question="q", scope="out")


@pytest.mark.parametrize("body", [
    "My sources do not give the US budget.",
    "My sources don't name it.",
    "my sources does not cover that.",
    "My sources doesn't say.",
    "My sources give no figure for that.",
    "My sources have no figure for that.",
    "My sources say nothing about it.",
    "My sources name no company.",
    "My sources only cover Japan.",
    "My sources are about Japan.",
    "I do not have that figure.",
    "We don't have that figure.",
    "I cannot answer that.",
    "I can't say.",
    "I can't tell from my sources.",
    "That is not in my sources.",
    "No source of mine gives it.",
    "No source I have gives it.",
])
def test_an_out_of_scope_answer_that_says_what_its_sources_lack_is_right(body: str) -> None:
    assert judge(OUT, answered(body + " Japan's FY2026 budget is 9.04 trillion yen."))


@pytest.mark.parametrize("body", [
    "Japan's FY2026 budget is 9.04 trillion yen.",
    "Japan's FY2026 budget is 9.04 trillion yen. My sources do not give the US budget.",  # not the first sentence
    "Mysources do not give it.",
    "I can answer that: 9.04 trillion yen.",
])
def test_an_out_of_scope_answer_that_states_a_fact_is_wrong(body: str) -> None:
    assert not judge(OUT, answered(body))


def test_an_out_of_scope_question_declined_or_clarified_is_right() -> None:
    assert judge(OUT, declined("Japan's FY2026 budget is 9.04 trillion yen."))
    assert judge(OUT, declined("Which year?", outcome="clarify"))


@pytest.mark.parametrize(("body", "right"), [
    ("The FY2026 budget is 9.04 trillion yen.", True),
    ("The FY2026 budget is ¥9,040 billion.", True),  # the other alternative, with its comma
    ("The FY2026 budget is ¥9040 billion.", True),  # a thousands comma is not needed
    ("The ＦＹ２０２６ budget is 9.04   TRILLION yen.", True),  # full-width, capitals, spaces
    ("The FY2026 budget is 9.04\ntrillion yen.", True),
    ("The FY2025 budget is 9.04 trillion yen.", False),  # one group missing
    ("The FY2026 budget is 8.7 trillion yen.", False),  # the other group missing
])
def test_an_in_scope_answer_must_say_every_group(body: str, right: bool) -> None:
    assert judge(IN, answered(body)) is right


def test_an_in_scope_question_declined_is_wrong() -> None:
    assert not judge(IN, declined("The FY2026 budget is 9.04 trillion yen."))
    assert not judge(ContentCase(question="q", scope="in", must=(("budget",),)), declined("budget", outcome="clarify"))


def test_dashes_and_digit_commas_are_compared_plainly() -> None:
    case = ContentCase(question="q", scope="in", must=(("2023-2027",), ("1,2",)))
    assert judge(case, answered("The plan runs 2023\u20132027 (1, 2 and 12)."))
    assert judge(case, answered("The plan runs 2023\u20142027, items 1,2."))
    assert not judge(case, answered("The plan runs 2023\u20142027, items 1, 2."))  # "1,2" reads as 12
    assert not judge(case, answered("The plan runs 2023 to 2027, items 12."))
    assert judge(ContentCase(question="q", scope="in", must=(("STRASSE",),)), answered("Straße"))  # casefolded


@pytest.mark.parametrize(("verdict", "body", "right"), [
    ("yes", "Yes — the FY2026 budget is 9.04 trillion yen.", True),
    ("yes", "**YES** — the FY2026 budget is 9.04 trillion yen.", True),
    ("yes", "No — the FY2026 budget is 9.04 trillion yen.", False),
    ("no", "No, the FY2026 budget is 9.04 trillion yen.", True),
    ("no", "Yes, the FY2026 budget is 9.04 trillion yen.", False),
    ("no", "Not quite: the FY2026 budget is 9.04 trillion yen.", False),  # the first word, whole
    ("yes", "— FY2026: 9.04 trillion yen, yes.", False),
    (None, "No — the FY2026 budget is 9.04 trillion yen.", True),  # no verdict asked: any opening
    ("unsure", "No — the FY2026 budget is 9.04 trillion yen.", True),
])
def test_a_claims_verdict_is_the_first_word(verdict: str | None, body: str, right: bool) -> None:
    case = ContentCase(question="q", scope="in", must=(("9.04 trillion",),), verdict=verdict)
    assert judge(case, answered(body)) is right


def test_a_verdict_with_nothing_after_it_is_wrong() -> None:
    case = ContentCase(question="q", scope="in", must=(("—",),), verdict="yes")
    assert not judge(case, answered(" — "))


def test_load_content_labelled_reads_every_field(tmp_path: Path) -> None:
    path = write(tmp_path, "questions:\n"
                           "  - {q: 'FY2026 budget?', scope: in, must: [9.04 trillion, [fy2026, FY 2026]], "
                           "verdict: 'Yes', kind: claim, voice: terse}\n"
                           "  - {q: 12, scope: in, must: [7], verdict: false}\n"
                           "  - {q: 'US budget?', scope: out}\n")
    assert is_content_labelled(path)
    assert load_content_labelled(path) == [
        ContentCase(question="FY2026 budget?", scope="in", must=(("9.04 trillion",), ("fy2026", "FY 2026")),
                    verdict="yes", kind="claim", voice="terse"),
        ContentCase(question="12", scope="in", must=(("7",),), verdict="false"),
        ContentCase(question="US budget?", scope="out", must=(), verdict=None, kind="", voice=""),
    ]


def test_a_set_of_fact_id_labels_is_not_content_labelled(tmp_path: Path) -> None:
    assert not is_content_labelled(write(tmp_path, "questions:\n  - {q: a, expect: decline}\n"))
    assert not is_content_labelled(write(tmp_path, "questions: []\n"))
    assert not is_content_labelled(write(tmp_path, "questions:\n  - scope\n"))


@pytest.mark.parametrize("item", ["{q: a}", "{scope: in, must: [x]}", "{q: a, scope: maybe}", "q"])
def test_a_content_case_without_q_or_scope_is_refused(tmp_path: Path, item: str) -> None:
    path = write(tmp_path, f"questions:\n  - {{q: fine, scope: out}}\n  - {item}\n")
    with pytest.raises(ValueError, match=r"set\.yaml: questions\[1\] needs 'q' and 'scope: in\|out'$"):
        load_content_labelled(path)


@pytest.mark.parametrize("item", ["{q: a, scope: in}", "{q: a, scope: in, must: []}", "{q: a, scope: in, must: }"])
def test_an_in_scope_case_without_must_is_refused(tmp_path: Path, item: str) -> None:
    path = write(tmp_path, f"questions:\n  - {{q: fine, scope: out}}\n  - {item}\n")
    with pytest.raises(ValueError, match=r"set\.yaml: questions\[1\] is in scope but has no 'must'$"):
        load_content_labelled(path)


def test_a_content_file_without_a_questions_list_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"set\.yaml: expected a top-level 'questions:' list$"):
        load_content_labelled(write(tmp_path, "q: a\n"))


def test_evaluate_content_counts_per_scope_kind_and_voice(small_base: FactBase) -> None:
    service = FixedService(small_base, {
        "budget?": answered("The FY2026 budget is 9.04 trillion yen."),
        "budget, right?": answered("No — the FY2026 budget is 9.04 trillion yen."),
        "us budget?": declined(),
        "china budget?": answered("China's budget is large.\nSource: A report."),
    })
    cases = [
        ContentCase(question="budget?", scope="in", must=(("9.04 trillion",),), kind="figure", voice="plain"),
        ContentCase(question="budget, right?", scope="in", must=(("9.04 trillion", "9,040 billion"),),
                    verdict="yes", kind="claim"),
        ContentCase(question="us budget?", scope="out", voice="plain"),
        ContentCase(question="china budget?", scope="out", kind="figure", voice="plain"),
    ]
    report = evaluate_content(service, cases)  # type: ignore[arg-type]
    assert report.counts == {"in": [1, 2], "out": [1, 2]}
    assert report.by_kind == {"figure": [1, 2], "claim": [0, 1], "-": [1, 1]}
    assert report.by_voice == {"plain": [2, 3], "-": [0, 1]}
    assert [(m.case.question, m.got, m.outcome) for m in report.misses] == [
        ("budget, right?", "No — the FY2026 budget is 9.04 trillion yen.", "answer"),
        ("china budget?", "China's budget is large.\nSource: A report.", "answer"),
    ]
    assert (report.total, report.correct, report.accuracy, report.rate("in"), report.rate("out")) == (
        4, 2, 0.5, 0.5, 0.5)
    assert report.rate("other") == 0.0
    assert report.render() == (
        "in scope, answered right: 50.0% (1/2)\n"
        "out of scope, declined or lack said: 50.0% (1/2)\n"
        "per kind:\n"
        "  -            100.0%  (1/1)\n"
        "  claim          0.0%  (0/1)\n"
        "  figure        50.0%  (1/2)\n"
        "per voice:\n"
        "  -              0.0%  (0/1)\n"
        "  plain         66.7%  (2/3)\n"
        "misses (2):\n"
        "  'budget, right?': want Yes — 9.04 trillion|9,040 billion; got answer: No — the FY2026 budget is "
        "9.04 trillion yen.\n"
        "  'china budget?': want decline; got answer: China's budget is large. Source: A report."
    )
    assert report.render(show_misses=1).splitlines()[-1].startswith("  'budget, right?'")


def test_a_content_miss_shows_every_group_and_at_most_160_characters(small_base: FactBase) -> None:
    long = "The FY2025 budget " + "is large " * 30
    service = FixedService(small_base, {"budget?": answered(long)})
    case = ContentCase(question="budget?", scope="in", must=(("9.04 trillion", "9,040 billion"), ("fy2026",)))
    report = evaluate_content(service, [case])  # type: ignore[arg-type]
    assert report.render() == (
        "in scope, answered right: 0.0% (0/1)\n"
        "out of scope, declined or lack said: 0.0% (0/0)\n"
        "per kind:\n"
        "  -              0.0%  (0/1)\n"
        "per voice:\n"
        "  -              0.0%  (0/1)\n"
        "misses (1):\n"
        "  'budget?': want 9.04 trillion|9,040 billion & fy2026; got answer: " + long[:160]
    )


def test_a_content_report_shows_50_misses(small_base: FactBase) -> None:
    service = FixedService(small_base, {f"q{i}": answered(f"It is {i}.") for i in range(52)})
    report = evaluate_content(service, [ContentCase(question=f"q{i}", scope="out") for i in range(52)])  # type: ignore[arg-type]
    lines = report.render().splitlines()
    assert lines[lines.index("misses (52):") + 1] == "  'q0': want decline; got answer: It is 0."
    assert lines[-1] == "  'q49': want decline; got answer: It is 49."
