"""treasury_card: reassure is the equilibrium card; selling is not credible; thresholds by hand.

Hand arithmetic from the model's formulas at the defaults ($bn per year):
  duty_keep = 0.25 * (148.2 - 52.3) + 0.275 * 52.3 = 23.975 + 14.3825 = 38.3575
  duty_cut  = 0.15 * 148.2                          = 22.23        (cut worth 16.1275 to the US)
  Japan's tariff relief from a cut = kappa * 16.1275 = 0.7 * 16.1275 = 11.28925
  expected yield effect = 0.25*18 + 0.5*40 + 0.25*72 = 42.5 bp per $100bn
  expected mark-to-market loss = 5 * 0.00425 * (1130.8 - 100) = 21.9045; plus fx_cost 5 = 26.9045
  sell - back_down = q * 11.28925 + a - 26.9045 = 5.644625 - 26.9045 = -21.259875 (q = 0.5, a = 0)
So selling costs 21.259875; it becomes credible iff a >= 21.259875; q would need to reach
26.9045 / 11.28925 = 2.383 > 1; duration D iff D * 4.3809 + 5 <= 5.644625, i.e. D <= 0.644625 / 4.3809.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from gametheory import models
from gametheory.extensive._backward_induction import backward_induction
from gametheory.extensive._credibility import credibility
from gametheory.extensive.thresholds import (
    action_thresholds,
    credibility_thresholds,
    model_bounds,
)
from gametheory.extensive.verdict import tree_verdict

F = Fraction
DUTY_KEEP = F("0.25") * (F("148.2") - F("52.3")) + F("0.275") * F("52.3")
DUTY_CUT = F("0.15") * F("148.2")
RELIEF = F("0.7") * (DUTY_KEEP - DUTY_CUT)
LOSS = 5 * (F(425, 10) / 10000) * (F("1130.8") - 100) + 5
SELL_COST = LOSS - F(1, 2) * RELIEF
NODE = "japan_follows_through"


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return models.load("treasury_card")


@pytest.fixture(scope="module")
def sell_thresholds(model):  # type: ignore[no-untyped-def]
    values = model.values()
    found = credibility_thresholds(model.symbolic(), values, model_bounds(model, values), items=[(NODE, "sell")])
    return {t.parameter: t for t in found[(NODE, "sell")]}


def test_hand_arithmetic() -> None:
    assert (DUTY_KEEP, DUTY_CUT, RELIEF) == (F("38.3575"), F("22.23"), F("11.28925"))
    assert LOSS == F("26.9045") and SELL_COST == F("21.259875")


def test_reassure_is_the_equilibrium_card(model) -> None:  # type: ignore[no-untyped-def]
    spe = backward_induction(model.build())
    assert spe.count == 1
    eq = spe.equilibria[0]
    assert eq["path"] == ("reassure", "cut")
    # Japan pays kappa * duty_cut; the US collects duty_cut plus the reassurance package (20)
    assert eq["payoffs"] == (-F("0.7") * DUTY_CUT, DUTY_CUT + 20)
    assert eq["strategy"] == {"japan_opens": "reassure", "us_after_reassure": "cut", "us_after_silence": "keep",
                              "us_after_threat": "keep", NODE: "back_down"}


def test_selling_is_not_credible_and_its_cost(model) -> None:  # type: ignore[no-untyped-def]
    res = credibility(model.build(), commitment=False)
    sell = next(t for t in res.threats if (t.node, t.action) == (NODE, "sell"))
    assert not sell.credible and sell.player == "Japan" and not sell.on_path
    assert sell.cost == float(SELL_COST) and sell.best_actions == ("back_down",)


def test_sell_thresholds_match_the_hand_computation(sell_thresholds) -> None:  # type: ignore[no-untyped-def]
    a = sell_thresholds["audience_cost"]
    assert (a.relation, a.value, a.holds) == (">=", SELL_COST, False)
    assert a.text() == "credible iff audience_cost >= 21.26"
    q = sell_thresholds["q"]
    assert q.relation == "never" and q.text() == "credible for no value of q in [0, 1]"
    assert LOSS / RELIEF > 1  # the q that would be needed lies outside [0, 1]
    d = sell_thresholds["duration"]
    assert (d.relation, d.value) == ("<=", (F(1, 2) * RELIEF - 5) / (F(425, 100000) * (F("1130.8") - 100)))
    s = sell_thresholds["sale"]  # quadratic in the sale: an exact algebraic root
    assert s.relation == "<=" and "sqrt" in s.exact and abs(float(s.value) - 2.689) < 1e-3
    assert sell_thresholds["kappa"].relation == "never" and sell_thresholds["fx_cost"].relation == "never"


@pytest.mark.parametrize("param", ["audience_cost", "duration"])
def test_thresholds_flip_credibility_in_the_full_tree(model, sell_thresholds, param) -> None:  # type: ignore[no-untyped-def]
    t = sell_thresholds[param]
    x = float(t.value)
    eps = 1e-6 * max(abs(x), 1)
    credible_side = x + eps if t.relation == ">=" else x - eps
    other_side = x - eps if t.relation == ">=" else x + eps
    assert backward_induction(model.build(**{param: credible_side})).equilibria[0]["strategy"][NODE] == "sell"
    assert backward_induction(model.build(**{param: other_side})).equilibria[0]["strategy"][NODE] == "back_down"


def test_a_credible_sale_makes_the_us_cut_after_a_threat(model) -> None:  # type: ignore[no-untyped-def]
    # a = 25 > 21.26: selling is carried out; the US prefers cutting (Japan: -kappa*duty_cut - alliance) to a
    # sale costing it 42.5 bp * 9,200 = 39.1 in expectation; reassuring still beats threatening by the alliance cost
    eq = backward_induction(model.build(audience_cost=25)).equilibria[0]
    assert eq["strategy"][NODE] == "sell" and eq["strategy"]["us_after_threat"] == "cut"
    assert eq["path"] == ("reassure", "cut")
    eq0 = backward_induction(model.build(audience_cost=25, alliance_cost=0))
    assert eq0.count == 2 and {e["path"][0] for e in eq0.equilibria} == {"reassure", "threaten"}


def test_first_move_changes_where_the_package_no_longer_pays(model) -> None:  # type: ignore[no-untyped-def]
    values = model.values()
    (r,) = action_thresholds(model.symbolic(), values, model_bounds(model, values), parameters=["reassurance_value"])
    assert r.value == DUTY_KEEP - DUTY_CUT  # the US cuts after reassurance iff r >= the duty it gives up
    assert r.regimes == (("reassure", "silent"), ("reassure",))
    below = backward_induction(model.build(reassurance_value=16))
    assert below.count == 2 and {e["path"][0] for e in below.equilibria} == {"reassure", "silent"}


def test_verdict_at_the_defaults(model) -> None:  # type: ignore[no-untyped-def]
    lines = tree_verdict(model)
    assert lines[0].startswith("Japan's equilibrium first move is 'reassure' (expected payoff -15.56")
    assert "'sell' (Japan, after threaten -> keep) is not credible: it costs Japan 21.26 more than 'back_down'" \
        in lines[1]
    assert "audience_cost >= 21.26" in lines[1] and " q " in lines[1].replace(",", " ")
    assert "reassurance_value < 16.13" in lines[2]
