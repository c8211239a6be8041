"""dual_front_squeeze: the US's response to a sale is its own choice; what the description states, recomputed.

Hand arithmetic ($bn PV over 3 years at 4%, annuity 2.77509; elasticity 2.53; incidence Japan 0.776, China 0):
the US's gain from its tariff on China at incidence 0 is minus its deadweight loss (-75.06 at 30%, -40.20 at
20%), on Japan 43.62 at 30% and 31.72 at 15%; so after a joint sale it prefers the deal rates (-8.47 against
-31.44). The checks recompute every number with plain floats, independently of the framework's expansion.
"""

from __future__ import annotations

import numpy as np
import pytest

import gametheory
import gametheory.models as models

M = models.load("dual_front_squeeze")
JP, CN, US = 0, 1, 2
A = (1 - 1.04 ** -3) / 0.04
E = 2.53


def sl(b: float, t: float) -> float:
    return b * ((1 + t) ** (1 - E) - 1) / (1 - E)


def gain(b: float, t: float, phi: float) -> float:
    duty = t * b * (1 + t) ** -E
    return A * (phi * duty - (1 - phi) * (sl(b, t) - duty))


def loss(b: float, t: float, phi: float) -> float:
    return A * phi * sl(b, t)


PHI_J = 0.776   # data: trade_elasticities.csv, incidence_japan_autos_derived
GJ_U, GJ_D = gain(148.2, 0.30, PHI_J), gain(148.2, 0.15, PHI_J)
GC_U, GC_D = gain(438.9, 0.30, 0.0), gain(438.9, 0.20, 0.0)
LJ_U, LJ_D = loss(148.2, 0.30, PHI_J), loss(148.2, 0.15, PHI_J)
PJ, PC = 15.75 * A, 2.9 * A
MTM = {("jp", 1): 5 * 0.004 * (943 - 50), ("jp", 2): 5 * 0.008 * (943 - 50), ("jp", "held"): 5 * 0.004 * 943,
       ("cn", 1): 5 * 0.004 * (765.4 - 50)}


def pay(game, jp: str, cn: str, us: str, player: int) -> float:  # type: ignore[no-untyped-def]
    idx = tuple(game.strategy_index(p, s) for p, s in zip(game.players, (jp, cn, us)))
    return float(game.payoffs[player][idx])


def pure(game) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return [tuple(s[0] for s in e.support) for e in gametheory.solve(game, method="pure").equilibria]


def test_payoffs_match_the_hand_computation() -> None:
    g = M.build()
    assert [pay(g, "hold", "hold", "separate_deals", i) for i in range(3)] == pytest.approx(
        [-LJ_D - PJ, -PC, GJ_D + GC_D + PJ + PC])
    assert [pay(g, "hold", "hold", "uniform_tariffs", i) for i in range(3)] == pytest.approx([-LJ_U, 0, GJ_U + GC_U])
    # the concert: the US cuts (its own choice), the sale's costs are sunk
    assert pay(g, "sell", "sell", "uniform_tariffs", JP) == pytest.approx(-LJ_D - MTM[("jp", 2)] - 10)


def test_the_us_response_to_a_joint_sale_is_what_pays_it() -> None:
    """Subgame perfection: after a joint sale the US gets the better of keeping and cutting, never less."""
    g = M.build()
    fin = 0.008 * 3000 * sum(k / 1.04 ** k for k in (1, 2, 3))
    us = pay(g, "sell", "sell", "uniform_tariffs", US)
    assert us == pytest.approx(max(GJ_U + GC_U, GJ_D + GC_D) - fin)
    assert GJ_D + GC_D > GJ_U + GC_U   # at the defaults it cuts: the tariff on China costs it more
    # with exporters bearing most of the tariff on China the US keeps its tariffs, and the creditors pay for it
    h = M.build(incidence_china=0.25, incidence_japan=0.8)
    keep = gain(148.2, 0.30, 0.8) + gain(438.9, 0.30, 0.25)
    cut = gain(148.2, 0.15, 0.8) + gain(438.9, 0.20, 0.25)
    assert pay(h, "sell", "sell", "uniform_tariffs", US) == pytest.approx(max(keep, cut) - fin)


def test_one_equilibrium_both_hold_the_us_divides() -> None:
    g = M.build()
    assert pure(g) == [("hold", "hold", "separate_deals")]
    assert len(gametheory.solve(g)) == 1


def test_gambit_finds_no_other_equilibrium() -> None:
    pg = pytest.importorskip("pygambit")
    from tests.pygambit_compat import from_arrays, strategy_probabilities

    g = M.build()
    G = from_arrays(*[np.array(g.payoffs[i], dtype=float) for i in range(3)])
    eqs = pg.nash.enumpoly_solve(G).equilibria
    profiles = [[[float(x) for x in p] for p in strategy_probabilities(e)] for e in eqs]
    assert profiles == [[[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]]


def test_description_numbers_are_computed() -> None:
    text = " ".join(M.description.split())
    stated = {
        "43.28": GJ_D + GC_D + PJ + PC, "-31.44": GJ_U + GC_U, "-83.87": -LJ_D - PJ, "-8.05": -PC,
        "-8.47": GJ_D + GC_D, "28.81": LJ_U - LJ_D, "35.72": MTM[("jp", 2)], "18.86": MTM[("jp", "held")],
        "43.62": GJ_U, "31.72": GJ_D, "-75.06": GC_U, "-40.20": GC_D, "24.31": MTM[("cn", 1)] + 10,
        "14.31": MTM[("cn", 1)], "8.05": PC,
    }
    for s, v in stated.items():
        assert f"{v:.2f}" == s and s in text, s
    # Japan would join a concert China started: relief > its loss from selling jointly less its loss from holding
    assert LJ_U - LJ_D > MTM[("jp", 2)] + 10 - MTM[("jp", "held")]
    g = M.build()
    assert pay(g, "sell", "sell", "uniform_tariffs", JP) > pay(g, "hold", "sell", "uniform_tariffs", JP)
    assert pay(g, "sell", "sell", "uniform_tariffs", CN) < pay(g, "sell", "hold", "uniform_tariffs", CN)


@pytest.mark.parametrize(("param", "value", "side"), [
    ("package_japan", 20.42, "above"), ("horizon", 5.932, "above"), ("deal_tariff_japan", 0.2118, "above"),
    ("uniform_tariff", 0.2267, "below"), ("sale_japan", 26.34, "below"), ("exports_japan", 81.53, "below"), ("package_china", 8.759, "above")])
def test_stated_thresholds_flip_the_equilibrium(param: str, value: float, side: str) -> None:
    text = " ".join(M.description.split())
    assert f"{param} = {value:.4g}" in text
    eps = 2e-3 * max(1.0, abs(value))
    near, far = (value - eps, value + eps) if side == "above" else (value + eps, value - eps)
    assert pure(M.build(**{param: near})) == [("hold", "hold", "separate_deals")]
    assert pure(M.build(**{param: far})) != [("hold", "hold", "separate_deals")]


def test_knife_edge_at_the_package_threshold_is_reported() -> None:
    """At package_japan = 20.42... Japan is indifferent: both hold and sell are best replies (a tie)."""
    from scipy.optimize import brentq

    def diff(x: float) -> float:
        g = M.build(package_japan=x)
        return pay(g, "hold", "hold", "separate_deals", JP) - pay(g, "sell", "hold", "separate_deals", JP)

    x = brentq(diff, 15, 25, xtol=1e-12)
    assert x == pytest.approx(20.42, abs=5e-3)
    g = M.build(package_japan=x).to_float()
    assert len(pure(g)) == 2   # (hold, hold, separate) and (sell, hold, separate)


@pytest.mark.parametrize(("param", "value"), [("package_japan", 20.42), ("uniform_tariff", 0.2267),
                                              ("package_china", 8.759)])
def test_the_thresholds_command_finds_the_stated_values(param: str, value: float) -> None:
    from gametheory.sensitivity import model_thresholds

    found = [t.value for t in model_thresholds(M, param, pure=True).thresholds]
    assert any(abs(v - value) <= 5e-4 * max(1.0, value) for v in found), found
