"""us_japan_tariffs: every number of its description, recomputed by hand and checked against the game."""

from __future__ import annotations

import re

import pytest

import gametheory
import gametheory.models as models
from gametheory.sensitivity import model_thresholds
from tests.models._framework import annuity, gain, loss, refinancing_weights

M = models.load("us_japan_tariffs")
US, JP = 0, 1
X, A, E, INC = 148.2, 52.3, 2.53, 0.6
PV = annuity(0.04, 3)


def pay(game, us: str, jp: str, player: int) -> float:  # type: ignore[no-untyped-def]
    return float(game.payoffs[player][game.strategy_index("US", us), game.strategy_index("Japan", jp)])


def hand(y: float = 0.05, fc: float = 0.04) -> dict[str, float]:
    keep_us = gain(X - A, 0.25, E, INC) + gain(A, 0.275, E, INC)
    keep_jp = loss(X - A, 0.25, E, INC) + loss(A, 0.275, E, INC)
    cut_us, cut_jp = gain(X, 0.15, E, INC), loss(X, 0.15, E, INC)
    pkg_us = 550 * (0.5 * y + 0.02) + 8 * 0.25
    pkg_jp = 550 * (fc - 0.5 * y) + fc * 550**2 / (2 * 1253.3) + 8 * 0.25
    rise = (0.25 * 18 + 0.5 * 40 + 0.25 * 72) / 1e4          # a $100bn sale, expected yield effect
    return {
        "standoff": (keep_us * PV, -keep_jp * PV), "deal": ((cut_us + pkg_us) * PV, -(cut_jp + pkg_jp) * PV),
        "relief": (keep_jp - cut_jp) * PV, "package_jp": pkg_jp * PV,
        "sale_jp": 5 * rise * (943 - 50) + 5, "sale_us": rise * 3000 * refinancing_weights(0.04, 3),
        "retaliation_gain": gain(79.7, 0.24, E, 0.25) * PV,
    }


@pytest.fixture(scope="module")
def found() -> dict[str, list]:
    return {p: list(model_thresholds(M, p).thresholds)
            for p in ("investment_yield", "funding_cost", "us_profit_share", "investment", "deal_tariff", "tariff",
                      "alliance_cost", "incidence_us")}


def test_payoffs_match_the_hand_computation() -> None:
    g, h = M.build(), hand()
    assert (pay(g, "reciprocal_tariff", "reassure", US), pay(g, "reciprocal_tariff", "reassure", JP)) == \
        pytest.approx(h["standoff"], rel=1e-12)
    assert (pay(g, "deal", "concede", US), pay(g, "deal", "concede", JP)) == pytest.approx(h["deal"], rel=1e-12)
    assert pay(g, "reciprocal_tariff", "reassure", JP) - pay(g, "reciprocal_tariff", "threaten_sell", JP) == \
        pytest.approx(h["sale_jp"] + 10, rel=1e-12)
    assert pay(g, "reciprocal_tariff", "reassure", US) - pay(g, "reciprocal_tariff", "threaten_sell", US) == \
        pytest.approx(h["sale_us"] + 10, rel=1e-12)
    assert pay(g, "reciprocal_tariff", "retaliate", JP) - pay(g, "reciprocal_tariff", "reassure", JP) == \
        pytest.approx(h["retaliation_gain"] - 10, rel=1e-12)


def test_a_higher_investment_yield_helps_both_sides() -> None:
    # one sign convention with treasury_card and us_japan_bargain
    lo, hi = M.build(investment_yield=0.04), M.build(investment_yield=0.06)
    for p in (US, JP):
        assert pay(hi, "deal", "concede", p) > pay(lo, "deal", "concede", p)


@pytest.mark.parametrize("sale", [10.0, 100.0, 300.0, 500.0])
def test_threatening_to_sell_and_retaliating_are_strictly_dominated(sale: float) -> None:
    g = M.build(sale=sale)
    for us in g.strategies[US]:
        assert pay(g, us, "threaten_sell", JP) < pay(g, us, "reassure", JP)
        assert pay(g, us, "retaliate", JP) < pay(g, us, "reassure", JP)


def test_the_standoff_is_the_only_equilibrium() -> None:
    result = gametheory.solve(M.build())
    assert result.complete and len(result.equilibria) == 1
    eq = result.equilibria[0]
    assert eq.support == (("reciprocal_tariff",), ("reassure",))
    # against the deal Japan reassures: delivering the package costs more than the cut is worth
    h = hand()
    assert h["package_jp"] > h["relief"]


def test_thresholds_where_the_deal_appears(found) -> None:  # type: ignore[no-untyped-def]
    (y,) = found["investment_yield"]
    assert "(deal, concede) is an equilibrium when investment_yield > " in y.condition
    # by hand: Japan concedes iff the relief exceeds the package's cost, linear in the yield
    assert hand(y=y.value * 1.001)["package_jp"] < hand(y=y.value * 1.001)["relief"]
    assert hand(y=y.value * 0.999)["package_jp"] > hand(y=y.value * 0.999)["relief"]
    (fc,) = found["funding_cost"]
    assert hand(fc=fc.value * 0.999)["package_jp"] < hand(fc=fc.value * 0.999)["relief"] < \
        hand(fc=fc.value * 1.001)["package_jp"]
    for p, relation in (("us_profit_share", "<"), ("deal_tariff", "<"), ("tariff", ">"), ("funding_cost", "<")):
        (t,) = found[p]
        assert f"(deal, concede) is an equilibrium when {p} {relation} " in t.condition, p
        g = M.build(**{p: t.value * (1.01 if relation == ">" else 0.99)})
        assert g.is_nash(g.pure_profile(["deal", "concede"])), p
    low, high = found["investment"]
    for x, is_eq in ((low.value * 0.99, False), (low.value * 1.01, True), (high.value * 0.99, True),
                     (high.value * 1.01, False)):
        g = M.build(investment=x)
        assert g.is_nash(g.pure_profile(["deal", "concede"])) == is_eq, x


def test_description_states_the_computed_numbers(found) -> None:  # type: ignore[no-untyped-def]
    h = hand()
    text = " ".join(M.description.split())

    def g(x: float) -> str:
        return f"{float(x):.4g}"

    numbers = [g(h["standoff"][0]), g(h["standoff"][1]), g(h["sale_jp"]), g(h["sale_us"]),
               g(h["retaliation_gain"]), g(h["package_jp"]), g(h["relief"])]
    numbers += [g(t.value) for p in found for t in found[p]]
    for number in numbers:
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", text), number
    # the retaliation thresholds are where the alliance cost equals the retaliation gain
    assert found["alliance_cost"][0].value == pytest.approx(h["retaliation_gain"], rel=1e-6)


def test_no_knife_edge_and_the_description_says_so() -> None:
    values = M.values()
    near = []
    for p in M.parameters:
        now = float(values[p.name])
        for t in model_thresholds(M, p.name).thresholds:
            if abs(t.value - now) <= 0.1 * abs(now):
                near.append((p.name, t.value))
    assert near == []
    assert "no threshold within 10% of its default" in " ".join(M.description.split())
