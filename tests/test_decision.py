"""The answer-or-decline model's arithmetic, file format and fitting, with every expected value written out."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bot.decision import SIGNAL_NAMES, DecisionModel, Signals, fit_logistic

SIGNALS = Signals(score=0.5, coverage=1.0, anchor=1.0, figure=0.0, country=0.0, year=1.0, margin=0.25,
                  out_of_scope=0.123456)
MODEL = DecisionModel(weights=(1.0, 2.0, -1.0, 0.5, 3.0, 0.25, 4.0, -2.0), bias=-1.5, threshold=0.54,
                      trained_on="abc123")


def test_signal_names_and_vector_order() -> None:
    assert SIGNAL_NAMES == ("score", "coverage", "anchor", "figure", "country", "year", "margin", "out_of_scope")
    assert SIGNALS.vector() == [0.5, 1.0, 1.0, 0.0, 0.0, 1.0, 0.25, 0.123456]


def test_signals_as_dict_rounds_to_four_places() -> None:
    assert SIGNALS.as_dict() == {"score": 0.5, "coverage": 1.0, "anchor": 1.0, "figure": 0.0, "country": 0.0,
                                 "year": 1.0, "margin": 0.25, "out_of_scope": 0.1235}


def test_probability_is_the_logistic_of_bias_plus_weights_times_signals() -> None:
    # z = -1.5 + 0.5 + 2 - 1 + 0 + 0 + 0.25 + 1 - 0.246912 = 1.003088
    z = 1.003088
    assert MODEL.probability(SIGNALS) == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-12)
    assert MODEL.probability(SIGNALS) == pytest.approx(0.7316, abs=1e-4)


def test_probability_is_bounded_for_huge_scores() -> None:
    huge = DecisionModel(weights=(1000.0,) + (0.0,) * 7, bias=0.0)
    assert huge.probability(SIGNALS) == pytest.approx(1 / (1 + math.exp(-60)), abs=0)
    tiny = DecisionModel(weights=(-1000.0,) + (0.0,) * 7, bias=0.0)
    assert tiny.probability(SIGNALS) == pytest.approx(1 / (1 + math.exp(60)), rel=1e-9)


def test_contributions_are_each_weight_times_its_signal_rounded() -> None:
    assert MODEL.contributions(SIGNALS) == {"score": 0.5, "coverage": 2.0, "anchor": -1.0, "figure": 0.0,
                                            "country": 0.0, "year": 0.25, "margin": 1.0, "out_of_scope": -0.247}


def test_to_json_is_the_exact_file_format(tmp_path: Path) -> None:
    text = MODEL.to_json(samples=3)
    assert text.endswith("}\n")
    assert json.loads(text) == {"signals": list(SIGNAL_NAMES), "weights": [1.0, 2.0, -1.0, 0.5, 3.0, 0.25, 4.0, -2.0],
                                "bias": -1.5, "threshold": 0.54, "trained_on": "abc123", "samples": 3}
    assert text.startswith('{\n  "signals": [\n    "score",')
    path = tmp_path / "model.json"
    path.write_text(text, encoding="utf-8")
    assert DecisionModel.load(path) == MODEL


def test_load_defaults_and_rounding(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"signals": list(SIGNAL_NAMES), "weights": ["1"] * 8, "bias": "2"}), encoding="utf-8")
    assert DecisionModel.load(str(path)) == DecisionModel(weights=(1.0,) * 8, bias=2.0, threshold=0.5, trained_on="")
    rounded = DecisionModel(weights=(0.1234567,) * 8, bias=0.9876543)
    assert json.loads(rounded.to_json())["weights"] == [0.123457] * 8
    assert json.loads(rounded.to_json())["bias"] == 0.987654


def test_load_refuses_a_model_trained_on_other_signals(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"signals": ["score"], "weights": [1.0], "bias": 0.0}), encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        DecisionModel.load(path)
    assert str(caught.value) == (
        f"data/decision.json: trained on signals ('score',), the matcher has {SIGNAL_NAMES}: retrain with "
        "`python -m bot.train_decision`")


def test_the_shipped_model_loads_with_its_threshold() -> None:
    shipped = DecisionModel.load()
    assert len(shipped.weights) == len(SIGNAL_NAMES) and 0.3 <= shipped.threshold < 0.8
    assert len(shipped.trained_on) == 12


def test_fit_logistic_separates_and_weighs_the_rarer_class() -> None:
    """Newton's method to convergence on a small separable set; the values are this fit's, to 1e-6."""
    rows = [[0.0], [0.1], [0.2], [0.8], [0.9], [1.0], [0.95], [0.85]]
    labels = [0, 0, 0, 1, 1, 1, 1, 1]
    weights, bias = fit_logistic(rows, labels, l2=0.1)
    assert weights == pytest.approx((4.646991,), abs=1e-6) and bias == pytest.approx(-2.179086, abs=1e-6)
    model = DecisionModel(weights=weights + (0.0,) * 7, bias=bias)
    low = Signals(score=0.1, coverage=0, anchor=0, figure=0, country=0, year=0, margin=0, out_of_scope=0)
    high = Signals(score=0.9, coverage=0, anchor=0, figure=0, country=0, year=0, margin=0, out_of_scope=0)
    assert model.probability(low) < 0.2 < 0.8 < model.probability(high)
    # a stronger penalty shrinks the weight but not the bias; one step is not yet converged
    (shrunk,), shrunk_bias = fit_logistic(rows, labels, l2=100.0)
    assert (shrunk, shrunk_bias) == pytest.approx((0.017398, 0.245833), abs=1e-6)
    (first,), first_bias = fit_logistic(rows, labels, l2=0.1, steps=1)
    assert (first, first_bias) == pytest.approx((3.779981, -1.828005), abs=1e-6)
