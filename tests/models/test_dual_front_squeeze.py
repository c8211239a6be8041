"""What dual_front_squeeze shows (the reasoning is in the model's description)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

import gametheory
import gametheory.models as models

M = models.load("dual_front_squeeze")
JP, CN, US = 0, 1, 2


def pay(game, jp: str, cn: str, us: str, player: int) -> Fraction:  # type: ignore[no-untyped-def]
    idx = tuple(game.strategy_index(p, s) for p, s in zip(game.players, (jp, cn, us)))
    return game.payoffs[player][idx]


def test_unique_equilibrium_both_hold_and_the_us_divides() -> None:
    g = M.build()
    pure = gametheory.solve(g, method="pure")
    assert [tuple(eq.strategies[i][list(eq.profile[i]).index(1)] for i in range(3)) for eq in pure.equilibria] \
        == [("hold", "hold", "separate_deals")]


def test_gambit_finds_no_other_equilibrium() -> None:
    pg = pytest.importorskip("pygambit")
    from tests.pygambit_compat import from_arrays, strategy_probabilities

    g = M.build()
    G = from_arrays(*[np.array(g.payoffs[i], dtype=object).astype(float) for i in range(3)])
    eqs = pg.nash.enumpoly_solve(G).equilibria
    profiles = [[[float(x) for x in p] for p in strategy_probabilities(e)] for e in eqs]
    assert profiles == [[[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]]


def test_separate_deals_make_holding_dominant() -> None:
    g = M.build()
    for other in ("hold", "sell"):
        assert pay(g, "hold", other, "separate_deals", JP) > pay(g, "sell", other, "separate_deals", JP)
        assert pay(g, other, "hold", "separate_deals", CN) > pay(g, other, "sell", "separate_deals", CN)


def test_uniform_tariffs_make_a_stag_hunt_and_a_lone_sale_never_pays() -> None:
    g = M.build()
    creditors = g.restrict([[0, 1], [0, 1], [g.strategy_index("US", "uniform_tariffs")]])
    found = gametheory.solve(creditors, method="pure").equilibria
    assert {tuple(eq.strategies[i][list(eq.profile[i]).index(1)] for i in range(2)) for eq in found} \
        == {("hold", "hold"), ("sell", "sell")}
    for us in g.strategies[US]:
        assert pay(g, "sell", "hold", us, JP) < pay(g, "hold", "hold", us, JP)
        assert pay(g, "hold", "sell", us, CN) < pay(g, "hold", "hold", us, CN)


def test_concert_threshold_in_japans_alliance_cost() -> None:
    """Japan joins a concert iff its tariff relief exceeds its extra mark-to-market loss plus alliance cost."""
    s = M.symbolic()
    diff = s.payoff("Japan", ["sell", "sell", "uniform_tariffs"]) - s.payoff("Japan", ["hold", "sell", "uniform_tariffs"])
    symbols = dict(zip(s.parameters, s.symbols))
    others = {symbols[k]: sympy.Rational(v.numerator, v.denominator)
              for k, v in M.defaults().items() if k != "ally_cost_japan"}
    ally = symbols["ally_cost_japan"]
    threshold = sympy.solve(diff.subs(others), ally)[0]
    relief = Fraction(7, 10) * Fraction(15, 100) * Fraction(1482, 10) + (Fraction(9, 100) - Fraction(9, 400)) * Fraction(1482, 10)
    extra_loss = 5 * Fraction(8, 1000) * Fraction(10259, 10) - 5 * Fraction(4, 1000) * Fraction(11259, 10)
    assert threshold == sympy.Rational(relief - extra_loss)
    assert float(threshold) == pytest.approx(7.0465)
    below, above = float(threshold) - 0.05, float(threshold) + 0.05
    for cost, concert in ((below, True), (above, False)):
        g = M.build(ally_cost_japan=cost)
        assert g.is_nash(g.pure_profile(["sell", "sell", "uniform_tariffs"])) is False  # the US always divides
        sub = g.restrict([[0, 1], [0, 1], [0]])
        assert sub.is_nash(sub.pure_profile(["sell", "sell", "uniform_tariffs"])) is concert


def test_description_states_these_findings() -> None:
    text = " ".join(M.description.split())
    assert "one equilibrium" in text and "stag hunt" in text and "concert" in text
