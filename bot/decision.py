"""Answer or decline: a small logistic model over the matcher's signals, learned from the fact base.

The matcher finds the best target for a question; whether that target answers it is
decided here, from `Signals` (how well the words match, how much of the question the
target covers, a topic word, a quoted figure, a known country, a year the target
covers, the lead over the runner-up, and the closest out-of-scope example). The
weights are not set by hand: `bot.train_decision` fits them on data the project owns
(the fact base's example questions, each scored with itself left out and again with
made-up words added, as "answer"; its `out_of_scope` list and the CLINC150 in-domain
sample in `tests/data/clinc150` as "decline") and writes `bot/data/decision.json`.
No evaluation set is used. Retrain after changing the fact base:
`python -m bot.train_decision` (a test checks the shipped file is current).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields
from importlib import resources
from pathlib import Path

MODEL_FILE = "data/decision.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class Signals:
    """What the decision is made from, for one question and its best target."""

    score: float
    coverage: float
    anchor: float
    figure: float
    country: float
    year: float
    margin: float
    out_of_scope: float

    def vector(self) -> list[float]:
        return [float(getattr(self, f.name)) for f in fields(self)]

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in asdict(self).items()}


SIGNAL_NAMES = tuple(f.name for f in fields(Signals))


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionModel:
    """P(the best target answers the question) = sigmoid(bias + weights · signals)."""

    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5
    trained_on: str = ""
    """The fact base version the weights were fitted on."""

    def probability(self, signals: Signals) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, signals.vector(), strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def contributions(self, signals: Signals) -> dict[str, float]:
        """Each signal's push towards answering (+) or declining (-), for --explain."""
        return {n: round(w * x, 3) for n, w, x in zip(SIGNAL_NAMES, self.weights, signals.vector(), strict=True)}

    @classmethod
    def load(cls, path: str | Path | None = None) -> DecisionModel:
        """The model shipped with the package (or another file)."""
        if path is None:
            text = resources.files("bot").joinpath(MODEL_FILE).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text)
        names = tuple(data["signals"])
        if names != SIGNAL_NAMES:
            raise ValueError(f"{MODEL_FILE}: trained on signals {names}, the matcher has {SIGNAL_NAMES}: retrain "
                             "with `python -m bot.train_decision`")
        return cls(weights=tuple(float(w) for w in data["weights"]), bias=float(data["bias"]),
                   threshold=float(data.get("threshold", 0.5)), trained_on=str(data.get("trained_on", "")))

    def to_json(self, **extra: object) -> str:
        return json.dumps({"signals": list(SIGNAL_NAMES), "weights": [round(w, 6) for w in self.weights],
                           "bias": round(self.bias, 6), "threshold": self.threshold, "trained_on": self.trained_on,
                           **extra}, indent=2) + "\n"


def fit_logistic(rows: list[list[float]], labels: list[int], *, l2: float = 1.0, steps: int = 50
                 ) -> tuple[tuple[float, ...], float]:
    """Weights and bias of an L2-regularised, class-weighted logistic regression, by Newton's method (numpy)."""
    import numpy as np

    x = np.asarray(rows, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    design = np.hstack([x, np.ones((x.shape[0], 1))])
    beta = np.zeros(design.shape[1])
    penalty = np.eye(design.shape[1]) * l2
    penalty[-1, -1] = 0.0  # the bias is not shrunk
    # The rarer class weighs more, by the square root of the imbalance: fully balanced classes would
    # let a few hundred off-topic lines outvote a thousand real questions.
    positives = max(1.0, float(y.sum()))
    negatives = max(1.0, float(len(y) - y.sum()))
    weight = np.where(y > 0, 1.0, math.sqrt(positives / negatives))
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -60, 60)))
        gradient = design.T @ (weight * (p - y)) + penalty @ beta
        hessian = (design * (weight * p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if float(np.abs(step).max()) < 1e-9:
            break
    return tuple(float(b) for b in beta[:-1]), float(beta[-1])
