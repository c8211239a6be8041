"""Verdict thresholds: repeated-game sustainability against closed forms and brute force."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from gametheory.exceptions import ParameterError
from gametheory.games.symbolic import SymbolicGame
from gametheory.repeated import critical_discount
from gametheory.sensitivity.verdicts import discount_thresholds, verdict_thresholds


def _pd() -> SymbolicGame:
    T, R = sympy.symbols("T R", real=True)
    return SymbolicGame([[[R, 0], [T, 1]], [[R, T], [0, 1]]], strategies=[["C", "D"], ["C", "D"]],
                        parameters=["T", "R"])


@pytest.mark.parametrize("delta", [0.5, 0.75, 0.9])
def test_grim_trigger_threshold_is_the_closed_form(delta):
    # delta >= (T - R)/(T - P) with P = 1  <=>  T <= (R - delta) / (1 - delta).
    res = discount_thresholds(_pd(), ["C", "C"], delta, "T", {"R": 3}, 3.5, 60, punishment=["D", "D"])
    (t,) = res.thresholds
    assert t.value == pytest.approx((3 - delta) / (1 - delta), rel=1e-12)
    assert t.method == "symbolic" and t.exact is not None
    assert t.condition.startswith(f"grim trigger sustains (C, C) at delta = {delta:g} when T <")


def test_numerical_path_agrees_and_matches_a_brute_force_scan():
    delta = 0.8
    res = discount_thresholds(_pd(), ["C", "C"], delta, "R", {"T": 5}, 1.5, 4.9)
    (t,) = res.thresholds
    assert t.method == "numerical"
    assert t.value == pytest.approx(5 - 4 * delta, abs=1e-9)   # (T - R)/(T - 1) <= delta
    g = _pd()
    xs = np.linspace(1.5, 4.9, 341)
    verdicts = [critical_discount(g.substitute({"T": 5, "R": float(x)}, exact=False), ["C", "C"]).grim_overall <= delta
                for x in xs]
    flips = [0.5 * (xs[k] + xs[k + 1]) for k in range(len(xs) - 1) if verdicts[k] != verdicts[k + 1]]
    assert len(flips) == 1 and abs(flips[0] - t.value) <= xs[1] - xs[0]
    assert [r[2] for r in res.regimes] == ["not: grim trigger sustains (C, C) at delta = 0.8",
                                           "grim trigger sustains (C, C) at delta = 0.8"]


def test_verdict_thresholds_finds_every_flip_by_bisection():
    res = verdict_thresholds(lambda x: np.sin(x) > 0, "x", 0.5, 10, statement="sin is positive")
    assert [round(t.value, 8) for t in res.thresholds] == [round(np.pi, 8), round(2 * np.pi, 8), round(3 * np.pi, 8)]


def test_errors():
    with pytest.raises(ParameterError):
        discount_thresholds(_pd(), ["C", "C"], 1.5, "T", {"R": 3}, 3.5, 60)
    with pytest.raises(ParameterError):
        discount_thresholds(_pd(), ["C", "C"], 0.5, "Q", {"R": 3}, 3.5, 60)
    with pytest.raises(ParameterError):
        verdict_thresholds(lambda x: True, "x", 1, 1, statement="s")


def test_discount_sweep_equals_per_point_critical_discount():
    from gametheory.sensitivity.verdicts import discount_sweep

    g = _pd()
    grid = {"T": np.linspace(2.5, 12, 14), "R": np.linspace(0.5, 4.5, 9)}
    res = discount_sweep(g, ["C", "C"], ["D", "D"], 0.7, grid)
    for i, t in enumerate(grid["T"]):
        for j, r in enumerate(grid["R"]):
            stage = g.substitute({"T": float(t), "R": float(r)}, exact=False)
            if not stage.is_nash(stage.pure_profile(["D", "D"])):
                continue   # (D, D) is no punishment here: critical_discount refuses it
            cd = critical_discount(stage, ["C", "C"], punishment=["D", "D"])
            expected = np.inf if cd.grim_overall is None else float(cd.grim_overall)
            assert res.value[i, j] == pytest.approx(expected), (t, r)
            assert res.verdict[i, j] == (expected <= 0.7)
    data = res.to_json()
    assert len(data["points"]) == 14 * 9 and 0 < data["share_true"] < 1


def test_truce_renewal_model_grim_threshold_is_bagwell_staiger():
    import gametheory.models as models
    from gametheory.sensitivity._thresholds import model_thresholds

    if "truce_renewal" not in models.available():
        pytest.skip("truce_renewal model not bundled")
    model = models.load("truce_renewal")
    res = model_thresholds(model, "delta")
    (t,) = res.thresholds
    # delta >= gain / (gain + |war|) = 1 / 3.9 = 10/39 (models/truce_renewal.toml, calibration section 5).
    assert t.exact == "10/39" and t.condition == "grim trigger sustains (truce, truce) when delta > 0.25641"
    # Brute force: the verdict on a grid flips within one step of it.
    from gametheory.sensitivity.verdicts import discount_sweep

    rg = model.symbolic()
    xs = np.linspace(0.01, 0.99, 99)
    swept = discount_sweep(rg.stage, rg.target, rg.punishment, rg.delta, {"delta": xs}, model.values())
    flips = [0.5 * (xs[k] + xs[k + 1]) for k in range(98) if swept.verdict[k] != swept.verdict[k + 1]]
    assert len(flips) == 1 and abs(flips[0] - t.value) <= xs[1] - xs[0]
    # Sustainability at the default delta = 0.98 breaks only when the war costs almost nothing.
    (w,) = model_thresholds(model, "war").thresholds
    assert w.value == pytest.approx(-1 * (1 - 0.98) / 0.98, rel=1e-9)   # |war| = gain (1 - delta) / delta
