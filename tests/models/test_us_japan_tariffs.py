"""What us_japan_tariffs shows (the reasoning is in the model's description)."""

from __future__ import annotations

from fractions import Fraction

import pytest

import gametheory
import gametheory.models as models

M = models.load("us_japan_tariffs")
US, JP = 0, 1


def pay(game, us: str, jp: str, player: int) -> Fraction:  # type: ignore[no-untyped-def]
    return game.payoffs[player][game.strategy_index("US", us), game.strategy_index("Japan", jp)]


def test_calibration_matches_the_derived_figures() -> None:
    g = M.build()
    # Japan's cost of a $100bn sale: duration 5 x 42.5 bp expected yield rise x $1,030.8bn kept
    # (calibration section 4: "about $21bn" at 40 bp), plus fx and alliance costs.
    sale_cost = Fraction(5) * Fraction(425, 100000) * Fraction(10308, 10)
    assert pay(g, "reciprocal_tariff", "reassure", JP) - pay(g, "reciprocal_tariff", "threaten_sell", JP) \
        == sale_cost + 5 + 10
    # The tariff relief Japan buys with the deal: loss at 25% minus loss at 15% on $148.2bn.
    relief = Fraction(7, 10) * Fraction(1, 10) * Fraction(1482, 10) + (Fraction(1, 16) - Fraction(9, 400)) * Fraction(1482, 10)
    package = 550 * Fraction(5, 100) * Fraction(1, 2) + 8 * Fraction(1, 4)
    assert pay(g, "deal", "concede", JP) - pay(g, "reciprocal_tariff", "reassure", JP) == relief - package
    assert float(relief) == pytest.approx(16.302) and float(package) == 15.75


@pytest.mark.parametrize("sale", [50.0, 100.0, 300.0, 500.0])
def test_threatening_to_sell_is_strictly_dominated_by_reassurance(sale: float) -> None:
    g = M.build(sale=sale)
    for us in g.strategies[US]:
        assert pay(g, us, "threaten_sell", JP) < pay(g, us, "reassure", JP)
        assert pay(g, us, "retaliate", JP) < pay(g, us, "reassure", JP)


def test_equilibria_deal_and_standoff() -> None:
    g = M.build()
    result = gametheory.solve(g)
    assert result.complete and len(result.equilibria) == 3
    pure = {(eq.strategies[0][eq.profile[0].index(1)], eq.strategies[1][eq.profile[1].index(1)])
            for eq in result.equilibria if 1 in eq.profile[0] and 1 in eq.profile[1]}
    assert pure == {("deal", "concede"), ("reciprocal_tariff", "reassure")}
    for eq in result.equilibria:  # Japan never threatens or retaliates in any equilibrium
        assert eq.profile[1][1] == 0 and eq.profile[1][2] == 0
    # The deal is better for both than the standoff.
    for p in (US, JP):
        assert pay(g, "deal", "concede", p) > pay(g, "reciprocal_tariff", "reassure", p)


def test_deal_disappears_when_the_package_costs_more_than_the_relief() -> None:
    g = M.build(investment_yield=0.06)   # package 550*0.06/2 + 2 = 18.5 > relief 16.3
    result = gametheory.solve(g)
    assert len(result.equilibria) == 1
    assert g.is_nash(g.pure_profile(["reciprocal_tariff", "reassure"]))
    assert not g.is_nash(g.pure_profile(["deal", "concede"]))


def test_description_states_these_findings() -> None:
    text = " ".join(M.description.split())
    assert "strictly dominated" in text and "self-harm" in text
    assert "Two pure equilibria" in text and "standoff" in text
