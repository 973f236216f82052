"""The quality bar: accuracy on held-out labelled questions, and silence on off-topic chatter."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from bot.answers import AnswerService
from bot.evaluate import DECLINE, evaluate, load_labelled
from bot.models import FactBase
from bot.normalize import normalize
from tests import gates
from tests.conftest import DATA

QUESTIONS = DATA / "questions.yaml"
DEV_QUESTIONS = DATA / "questions_dev.yaml"
"""A second set by another author, written from the sources alone without seeing facts.yaml or questions.yaml."""
CLINC = DATA / "clinc150"


def test_labelled_set_is_large_and_varied(fact_base: FactBase) -> None:
    questions = load_labelled(QUESTIONS)
    assert len(questions) >= 200
    assert sum(q.expected == (DECLINE,) for q in questions) >= 60
    labels = {label for q in questions for label in q.expected}
    known = {f.id for f in fact_base.facts} | {f"country:{c.id}" for c in fact_base.countries} | {DECLINE}
    assert labels <= known, labels - known
    partners = {f"country:{c.id}" for c in fact_base.countries if c.status != "mentioned"}
    assert partners <= labels, partners - labels


@pytest.mark.parametrize("path", [QUESTIONS, DEV_QUESTIONS], ids=["questions", "dev"])
def test_labelled_questions_are_not_copies_of_the_examples(fact_base: FactBase, path: Path) -> None:
    examples = {normalize(q).text for f in fact_base.facts for q in f.questions}
    examples |= {normalize(q).text for q in fact_base.out_of_scope}
    copies = [q.question for q in load_labelled(path) if normalize(q.question).text in examples]
    assert not copies


LABELLED = {"questions.yaml": QUESTIONS, "questions_dev.yaml": DEV_QUESTIONS}
RIGHT_TODAY = gates.load()
"""Per labelled file, its questions answered right today (tests/data/right_today.yaml, `python -m tests.gates`)."""


@functools.cache
def _labels(name: str) -> dict[str, tuple[str, ...]]:
    return {q.question: q.expected for q in load_labelled(LABELLED[name])}


GATES = [(name, question) for name in LABELLED for question in RIGHT_TODAY[name]]


def _gate_id(name: str, question: str) -> str:
    """A test id in ASCII without backslashes ("U+1F914" for an emoji): mutmut re-runs tests by id, and finds
    neither an id with a character outside ASCII nor one with a backslash (pytest escapes it again)."""
    text = f"{name.removesuffix('.yaml')}: {question}"
    return "".join(c if c.isascii() and c != "\\" else f"U+{ord(c):04X}" for c in text)


@pytest.mark.parametrize(("name", "question"), GATES, ids=[_gate_id(n, q) for n, q in GATES])
def test_a_question_answered_right_today_stays_right(service: AnswerService, name: str, question: str) -> None:
    expected = _labels(name)[question]
    answer = service.ask(question)
    got = answer.facts[0] if answer.answered else DECLINE
    assert got in expected, (f"{name}: {question!r} regressed: expected {'|'.join(expected)}, got {got} "
                             f"({answer.confidence:.2f}): {answer.text[:160]!r}")


@pytest.mark.parametrize("name", LABELLED)
def test_every_gated_question_is_still_in_its_labelled_file(name: str) -> None:
    stale = [q for q in RIGHT_TODAY[name] if q not in _labels(name)]
    assert not stale, f"{name}: gates for questions no longer labelled (run `python -m tests.gates`): {stale}"


@pytest.mark.parametrize("name", LABELLED)
def test_accuracy_on_a_labelled_set_stays_at_todays_figure(service: AnswerService, name: str) -> None:
    """Today: questions.yaml 95.7% (335/350), questions_dev.yaml 96.3% (184/191): no fewer right than the gates."""
    report = evaluate(service, load_labelled(LABELLED[name]))
    assert report.correct >= len(RIGHT_TODAY[name]), report.render()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(("name", "today"), [("oos.txt", 5), ("indomain_sample.txt", 3)])
def test_off_topic_queries_written_by_others_are_declined(service: AnswerService, name: str, today: int) -> None:
    """Gated at today's counts: 6 of the 1,100 out-of-scope lines and 4 of the 450 in-domain sample lines are
    answered (listed in the failure message)."""
    lines = _lines(CLINC / name)
    answered = [line for line in lines if service.ask(line).answered]
    assert len(answered) <= today, answered


UNSEEN = DATA / "questions_unseen.yaml"
"""Frozen: written from the sources alone before the understanding work (issue 9); never tuned on."""
UNSEEN_2 = DATA / "questions_unseen_2.yaml"
"""Frozen: written the same way by a third author during that work, sealed, and scored once after it."""
UNSEEN_3 = DATA / "questions_unseen_3.yaml"
"""Frozen: written the same way by a fourth author later in that work, sealed, and scored after it."""
TUNING = DATA / "questions_tuning.yaml"
"""The set the understanding work was tuned on (written the same way, by another author)."""
UNSEEN_4 = DATA / "questions_unseen_4.yaml"
"""Frozen: written the same way by a fifth author in a later session, sealed, scored before and after it."""
DEV_5 = DATA / "questions_dev_5.yaml"
"""The second tuning set, written beside unseen set 4 by another author; tuned on."""
UNSEEN_6 = DATA / "questions_unseen_6.yaml"
"""Frozen: written the same way by a seventh author, sealed until the end of that session's work."""
UNSEEN_7 = DATA / "questions_unseen_7.yaml"
"""Frozen: written the same way by an eighth author, sealed until the end of the next session's work."""
UNSEEN_9 = DATA / "questions_unseen_9.yaml"
"""Frozen: written the same way by a ninth author after that session's work, and scored once at its end."""
DEV_8 = DATA / "questions_dev_8.yaml"
"""The third tuning set, written beside unseen set 7 by another author; tuned on."""
UNSEEN_12 = DATA / "questions_unseen_12.yaml"
"""Frozen: written the same way by a tenth author at the start of a later session, sealed until its end."""
DEV_13 = DATA / "questions_dev_13.yaml"
"""The fourth tuning set, written beside unseen set 12 by another author; tuned on."""
UNSEEN_14 = DATA / "questions_unseen_14.yaml"
"""Frozen: written the same way by an eleventh author at the start of a later session, sealed until its end."""
DEV_15 = DATA / "questions_dev_15.yaml"
"""The fifth tuning set, written beside unseen set 14 by the same author; tuned on."""
UNSEEN_16 = DATA / "questions_unseen_16.yaml"
"""Frozen: written the same way by a twelfth author after that session's work, and scored once at its end."""
UNSEEN_18 = DATA / "questions_unseen_18.yaml"
"""Frozen: written the same way by a thirteenth author at the start of the eighth session, sealed until its end."""
DEV_19 = DATA / "questions_dev_19.yaml"
"""The sixth tuning set, written beside unseen set 18 by another author; tuned on."""
UNSEEN_20 = DATA / "questions_unseen_20.yaml"
"""Frozen: written the same way by a fourteenth author once set 18 had been read, sealed until that session's end."""
UNSEEN_21 = DATA / "questions_unseen_21.yaml"
"""Frozen: written the same way by a fifteenth author at the start of the ninth session, sealed until its end."""
DEV_22 = DATA / "questions_dev_22.yaml"
"""The seventh tuning set, written beside unseen set 21 by another author; tuned on."""
CLAIMS_23 = DATA / "questions_claims_23.yaml"
"""Hard claims to check, written from the sources by another author to find wrong verdicts; tuned on."""
UNSEEN_24 = DATA / "questions_unseen_24.yaml"
"""Frozen: written the same way by a sixteenth author at the start of the tenth session, sealed until its end."""
DEV_25 = DATA / "questions_dev_25.yaml"
"""The eighth tuning set, written beside unseen set 24 by the same author; tuned on."""
UNSEEN_26 = DATA / "questions_unseen_26.yaml"
"""Frozen: written the same way by a seventeenth author mid-way through the tenth session; scored once at its end."""


@pytest.mark.parametrize(
    ("path", "in_scope", "out_of_scope"),
    [(UNSEEN, 0.906, 0.945), (UNSEEN_2, 0.834, 0.886), (UNSEEN_3, 0.784, 0.903), (TUNING, 0.923, 0.972),
     (UNSEEN_4, 0.864, 0.886), (DEV_5, 0.873, 0.969), (UNSEEN_6, 0.791, 0.887), (UNSEEN_7, 0.825, 0.857),
     (DEV_8, 0.82, 0.955), (UNSEEN_9, 0.809, 0.931), (UNSEEN_12, 0.887, 0.952), (DEV_13, 0.94, 0.929),
     (UNSEEN_14, 0.852, 0.925), (DEV_15, 0.86, 0.95), (UNSEEN_16, 0.883, 0.963), (UNSEEN_18, 0.94, 0.971),
     (DEV_19, 0.908, 0.961), (UNSEEN_20, 0.93, 0.928), (UNSEEN_21, 0.903, 0.971), (DEV_22, 0.937, 1.0),
     (CLAIMS_23, 0.526, 0.0), (UNSEEN_24, 0.869, 0.957), (DEV_25, 0.856, 0.984), (UNSEEN_26, 0.898, 0.961)],
    ids=["unseen", "unseen_2", "unseen_3", "tuning", "unseen_4", "dev_5", "unseen_6", "unseen_7", "dev_8",
         "unseen_9", "unseen_12", "dev_13", "unseen_14", "dev_15", "unseen_16", "unseen_18", "dev_19", "unseen_20",
         "unseen_21", "dev_22", "claims_23", "unseen_24", "dev_25", "unseen_26"],
)
def test_content_labelled_sets_stay_at_todays_figures(service: AnswerService, path: Path, in_scope: float,
                                                      out_of_scope: float) -> None:
    """Gates at today's figures (in scope / out of scope): unseen set 1 90.6% / 94.6%, unseen set 2 83.5% / 88.6%,
    unseen set 3 78.4% / 90.4%, tuning 92.4% / 97.2%, unseen set 4 86.4% / 88.6%, dev set 5 87.4% / 97.0%, unseen
    set 6 79.2% / 88.8%, unseen set 7 82.6% / 85.7%, dev set 8 82.1% / 95.6%, unseen set 9 81.0% / 93.1%, unseen set
    12 88.7% / 95.3%, dev set 13 94.1% / 92.9%, unseen set 14 85.2% / 92.6%, dev set 15 86.1% / 95.1%, unseen set 16
    88.4% / 96.3%, unseen set 18 94.1% / 97.1%, dev set 19 90.9% / 96.2%, unseen set 20 93.1% / 92.9%, unseen set 21
    90.4% / 97.1%, dev set 22 93.8% / 100%, claims set 23 52.7% (all in scope), unseen set 24 86.9% / 95.7%, dev set
    25 85.7% / 98.4%, unseen set 26 89.9% / 96.2%: a regression fails."""
    from bot.evaluate import evaluate_content, load_content_labelled

    report = evaluate_content(service, load_content_labelled(path))
    assert report.rate("in") >= in_scope and report.rate("out") >= out_of_scope, report.render()


@pytest.mark.parametrize("path", [UNSEEN, UNSEEN_2, UNSEEN_3, TUNING, UNSEEN_4, DEV_5, UNSEEN_6, UNSEEN_7, DEV_8,
                                  UNSEEN_9, UNSEEN_12, DEV_13, UNSEEN_14, DEV_15, UNSEEN_16, UNSEEN_18, DEV_19,
                                  UNSEEN_20, UNSEEN_21, DEV_22, CLAIMS_23, UNSEEN_24, DEV_25, UNSEEN_26],
                         ids=["unseen", "unseen_2", "unseen_3", "tuning", "unseen_4", "dev_5", "unseen_6", "unseen_7",
                              "dev_8", "unseen_9", "unseen_12", "dev_13", "unseen_14", "dev_15", "unseen_16",
                              "unseen_18", "dev_19", "unseen_20", "unseen_21", "dev_22", "claims_23", "unseen_24",
                              "dev_25", "unseen_26"])
def test_no_claim_gets_the_wrong_verdict(service: AnswerService, path: Path) -> None:
    """A wrong confident answer is the worst outcome: no claim labelled No gets "Yes", nor the reverse."""
    from bot.evaluate import load_content_labelled

    wrong = []
    for case in load_content_labelled(path):
        if case.verdict in ("yes", "no"):
            answer = service.answer(case.question)
            if answer.verdict is not None and answer.verdict != case.verdict:
                wrong.append((case.question, answer.text[:120]))
    assert not wrong, wrong
