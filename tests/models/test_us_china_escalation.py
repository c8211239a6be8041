"""us_china_escalation: the April 2025 ladder priced on the payoff framework.

Hand arithmetic at the defaults ($bn PV over 3 years at 4%: annuity 2.77509; elasticity 2.53;
incidence_china 0, incidence_us 0.5; a US tariff t on the $438.9bn base, China's tariff c on $143.5bn):
  US tariff gain at incidence 0 = -deadweight loss = -(438.9 ((1+t)^-1.53 - 1)/(-1.53) - t 438.9 (1+t)^-2.53)
  status quo (t = 0.20, c = 0): US -40.199, China 0
  Geneva (t = 0.30, c = 0.10): US -92.720, China 13.631; pause -102.720; forced pause -107.143
  (stress cost 0.005 * 3000 / 1.04 = 14.423); war (1.45, 1.25): US -503.507, China -28.530.
The checks below recompute these with plain floats, independently of the framework's expansion.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from gametheory import models
from gametheory.extensive import backward_induction
from gametheory.extensive import credibility
from gametheory.extensive.thresholds import action_thresholds, model_bounds

A = (1 - 1.04 ** -3) / 0.04
E = 2.53


def dwl(base: float, t: float) -> float:
    return base * ((1 + t) ** (1 - E) - 1) / (1 - E) - t * base * (1 + t) ** -E


def loss(base: float, t: float, phi: float) -> float:
    return phi * base * ((1 + t) ** (1 - E) - 1) / (1 - E)


def gain(base: float, t: float, phi: float) -> float:
    return phi * t * base * (1 + t) ** -E - (1 - phi) * dwl(base, t)


US_SQ = -A * dwl(438.9, 0.20)
US_TRUCE = A * (gain(438.9, 0.30, 0) - loss(143.5, 0.10, 0.5))
CN_TRUCE = A * gain(143.5, 0.10, 0.5)
US_WAR = A * (gain(438.9, 1.45, 0) - loss(143.5, 1.25, 0.5))
STRESS = 0.005 * 3000 / 1.04


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return models.load("us_china_escalation")


def test_terminal_payoffs_match_the_hand_computation(model) -> None:  # type: ignore[no-untyped-def]
    t = model.build()
    assert t.payoffs("status_quo") == pytest.approx((US_SQ, 0.0))
    assert t.payoffs("pause_after_34") == pytest.approx((US_TRUCE - 10, CN_TRUCE))
    assert t.payoffs("forced_pause") == pytest.approx((US_TRUCE - STRESS, CN_TRUCE))
    assert t.payoffs("trade_war") == pytest.approx((US_WAR, A * (gain(143.5, 1.25, 0.5))))
    assert (round(US_SQ, 2), round(US_TRUCE - 10, 2), round(US_WAR, 2)) == (-40.20, -102.72, -503.51)


def test_duty_is_not_linear_in_the_rate(model) -> None:  # type: ignore[no-untyped-def]
    """At 145% the US would collect far less than 1.45 x $438.9bn: the base shrinks."""
    duty = 1.45 * 438.9 * 2.45 ** -E
    assert duty < 0.2 * 1.45 * 438.9
    # and every rung costs the US more than the one below it
    t = model.build()
    us = [t.payoffs(n)[0] for n in ("status_quo", "china_accepts_34", "china_accepts_84", "china_accepts_125")]
    assert us == sorted(us, reverse=True)


def test_the_ladder_is_not_started_and_china_would_match(model) -> None:  # type: ignore[no-untyped-def]
    spe = backward_induction(model.build())
    assert spe.count == 2   # the knife-edge below
    for eq in spe.equilibria:
        assert eq["path"] == ("no_tariff",)
        assert eq["payoffs"] == pytest.approx((US_SQ, 0.0))
        s = eq["strategy"]
        assert (s["china_rung1"], s["china_rung2"], s["china_rung3"]) == ("match_34", "match_84", "match_125")
        assert (s["us_rung3"], s["us_at_the_top"]) == ("pause", "de_escalate")


def test_knife_edge_off_the_path_is_reported(model) -> None:  # type: ignore[no-untyped-def]
    """Raising to 84% and pausing there ends where pausing at 34% does: two SPEs, differing only there."""
    spe = backward_induction(model.build())
    assert {eq["strategy"]["us_rung2"] for eq in spe.equilibria} == {"raise_84", "pause"}
    t = model.build()
    assert t.payoffs("pause_after_34") == t.payoffs("pause_after_84")
    assert "Knife-edge" in model.description and "2 equilibria" in model.description


def test_description_numbers_are_computed(model) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(model.description.split())
    res = credibility(model.build())
    cost = {(t.node, t.action): t.cost for t in res.threats}
    for key, stated in ((("china_rung1", "accept_34"), "136.88"), (("china_rung2", "accept_84"), "119.29"),
                        (("china_rung3", "accept_125"), "144.31"), (("us_at_the_top", "hold"), "400.79")):
        assert f"{cost[key]:.2f}" == stated and stated in text
    q = 0.25
    top = q * (US_TRUCE - STRESS) + (1 - q) * (US_TRUCE - 10)
    assert f"{top:.2f}" == "-103.83" and "-103.83" in text
    assert f"{STRESS:.2f}" == "14.42" and "us_audience_cost = 14.42" in text
    assert "-40.20" in text and "-503.51" in text and "-102.72" in text


def test_nearest_threshold_is_the_stress_cost(model) -> None:  # type: ignore[no-untyped-def]
    values = model.values()
    tree, bounds = model.symbolic(), model_bounds(model, values)
    (th,) = action_thresholds(tree, values, bounds, node="us_rung3", parameters=["us_audience_cost"])
    assert float(th.value) == pytest.approx(STRESS)
    for cost, choice in ((STRESS - 0.01, "pause"), (STRESS + 0.01, "raise_125")):
        s = backward_induction(model.build(us_audience_cost=cost)).equilibria[0]["strategy"]
        assert s["us_rung3"] == choice


@pytest.mark.parametrize("param", ["q", "incidence_china", "incidence_us", "concessions", "cn_audience_cost",
                                   "us_audience_cost", "elasticity", "horizon"])
def test_no_parameter_in_its_range_starts_the_ladder(model, param) -> None:  # type: ignore[no-untyped-def]
    p = next(x for x in model.parameters if x.name == param)
    lo, hi = float(p.minimum), float(p.maximum)
    for k in range(6):
        v = lo + (hi - lo) * k / 5
        eq = backward_induction(model.build(**{param: v})).equilibria[0]
        assert eq["path"][0] == "no_tariff", (param, v)


def test_the_april_pause_note_is_right_for_china(model) -> None:  # type: ignore[no-untyped-def]
    q = next(p for p in model.parameters if p.name == "q")
    assert "125% that day" in q.description and "Geneva on 12 May" in q.description
    assert "in April 2025 [R58])" not in q.description
