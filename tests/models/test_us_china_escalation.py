"""us_china_escalation: the April 2025 ladder is climbed; the bond-stress probability q bounds it.

Hand arithmetic at the defaults ($bn per year; US on China = 20% fentanyl + rung):
  Geneva truce, US:  0.2 * 0.30 * 438.9 - 0.5 * 0.10 * 143.5 = 26.334 - 7.175 = 19.159
  war at the top, US: 0.2 * 1.45 * 438.9 - 0.5 * 1.25 * 143.5 = 127.281 - 89.6875 = 37.5935
  forced pause (stress), US: 19.159 - 46 = -26.841; voluntary pause: 19.159 - 10 = 9.159
  status quo, US: 0.2 * 0.20 * 438.9 = 17.556
The US climbs to 125% iff q*(-26.841) + (1-q)*37.5935 >= 9.159, i.e. q <= 28.4345/64.4345;
it starts the ladder iff the same value >= 17.556, i.e. q <= 20.0375/64.4345.
"""

from __future__ import annotations

from fractions import Fraction

from gametheory import models
from gametheory.extensive._backward_induction import backward_induction
from gametheory.extensive.thresholds import action_thresholds, model_bounds
from gametheory.extensive.verdict import tree_verdict

F = Fraction
TRUCE = F("0.2") * F("0.30") * F("438.9") - F("0.5") * F("0.10") * F("143.5")
WAR = F("0.2") * F("1.45") * F("438.9") - F("0.5") * F("1.25") * F("143.5")
STRESS, PAUSE, SQ = TRUCE - 46, TRUCE - 10, F("0.2") * F("0.20") * F("438.9")
Q_CLIMB = (WAR - PAUSE) / (WAR - STRESS)
Q_START = (WAR - SQ) / (WAR - STRESS)


def test_the_ladder_is_climbed_and_china_matches() -> None:
    m = models.load("us_china_escalation")
    spe = backward_induction(m.build())
    assert spe.count == 1
    eq = spe.equilibria[0]
    assert eq["path"] == ("tariff_34", "match_34", "raise_84", "match_84", "raise_125", "match_125")
    assert eq["strategy"]["us_at_the_top"] == "hold"
    assert eq["payoffs"][0] == F(1, 4) * STRESS + F(3, 4) * WAR


def test_bond_stress_thresholds_exact_and_flip() -> None:
    m = models.load("us_china_escalation")
    values = m.values()
    tree, bounds = m.symbolic(), model_bounds(m, values)
    (climb,) = action_thresholds(tree, values, bounds, node="us_rung3", parameters=["q"])
    (start,) = action_thresholds(tree, values, bounds, parameters=["q"])
    assert climb.value == Q_CLIMB and start.value == Q_START
    assert (Q_START, Q_CLIMB) == (F("20.0375") / F("64.4345"), F("28.4345") / F("64.4345"))
    for q, first, third in ((Q_START - F(1, 10**6), "tariff_34", "raise_125"),
                            (Q_START + F(1, 10**6), "no_tariff", "raise_125"),
                            (Q_CLIMB + F(1, 10**6), "no_tariff", "pause")):
        s = backward_induction(m.build(q=float(q))).equilibria[0]["strategy"]
        assert (s["us_liberation_day"], s["us_rung3"]) == (first, third), q


def test_verdict_names_the_first_move() -> None:
    lines = tree_verdict(models.load("us_china_escalation"))
    assert lines[0].startswith("US's equilibrium first move is 'tariff_34'")
    assert "no threat or promise left to test" in lines[1]
