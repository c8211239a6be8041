"""Comparative statics checked against finite differences of re-solved equilibria."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import gametheory.models as models
from gametheory.exceptions import ParameterError
from gametheory.games.symbolic import SymbolicGame
from gametheory.sensitivity.comparative_statics import implicit_derivatives, sensitivity


def _profile_of(game, values, support):
    """The equilibrium on ``support`` at ``values`` (re-solved from scratch)."""
    from gametheory.sensitivity.comparative_statics import _equilibria_at

    for prof in _equilibria_at(game, values):
        idx = tuple(tuple(int(i) for i in np.flatnonzero(p > 1e-12)) for p in prof)
        if idx == support:
            return prof
    raise AssertionError(f"no equilibrium on {support} at {values}")


def _finite_difference(game, values, param, support, h):
    up = dict(values, **{param: float(values[param]) + h})
    down = dict(values, **{param: float(values[param]) - h})
    pu, pd = _profile_of(game, up, support), _profile_of(game, down, support)
    dprof = (np.concatenate(pu) - np.concatenate(pd)) / (2 * h)
    fu = game.substitute(up).to_float().expected_payoffs(list(pu))
    fd = game.substitute(down).to_float().expected_payoffs(list(pd))
    dpay = (np.asarray(fu, dtype=float) - np.asarray(fd, dtype=float)) / (2 * h)
    return dprof, dpay


@pytest.mark.parametrize("param", ["tariff", "purchase_surplus", "deal_tariff"])
def test_us_japan_derivatives_match_finite_differences(param):
    model = models.load("us_japan_tariffs")
    game = model.symbolic()
    values = model.values(investment_yield=0.1)   # a yield at which the deal is an equilibrium too
    res = sensitivity(game, param, values)
    assert len(res) == 3   # two pure equilibria and the mixed one between them
    h = 1e-5 * max(1.0, abs(float(values[param])))
    for eq in res:
        support = tuple(tuple(i for i, x in enumerate(p) if x > 0) for p in eq.profile)
        dprof, dpay = _finite_difference(game, values, param, support, h)
        assert eq.method == "closed-form"
        np.testing.assert_allclose(np.concatenate(eq.strategy_derivatives), dprof, rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(eq.payoff_derivatives, dpay, rtol=1e-4, atol=1e-6)


def test_mixed_us_japan_equilibrium_moves_and_elasticity_is_consistent():
    model = models.load("us_japan_tariffs")
    res = sensitivity(model.symbolic(), "tariff", model.values(investment_yield=0.1))
    mixed = [e for e in res if len(e.support[0]) == 2]
    (eq,) = mixed
    d, x = eq.strategy_derivatives[0][1], eq.profile[0][1]
    assert d != 0
    assert eq.strategy_elasticities[0][1] == pytest.approx(d * 0.25 / x)
    assert eq.closed_form is not None


def _nau_with_parameter() -> SymbolicGame:
    """Nau et al. (2004) section 4 with player 1's payoff 3 at (Top, Left, 1) made a parameter t."""
    pygambit = pytest.importorskip("pygambit")
    from tests.pygambit_compat import payoff_arrays

    g = pygambit.catalog.load("journals/ijgt/nau2004/sec4")
    payoffs = [np.empty((2, 2, 2), dtype=object) for _ in range(3)]
    for k, array in enumerate(payoff_arrays(g)):
        assert array.shape == (2, 2, 2)
        for idx in np.ndindex(2, 2, 2):
            payoffs[k][idx] = sympy.Rational(str(array[idx]))
    assert payoffs[0][0, 0, 0] == 3
    payoffs[0][0, 0, 0] = sympy.Symbol("t", real=True)
    return SymbolicGame(payoffs, parameters=["t"])


def test_implicit_function_theorem_agrees_with_closed_form_and_finite_differences():
    game = _nau_with_parameter()
    values = {"t": 3}
    by_ift = sensitivity(game, "t", values, method="implicit-function")
    by_form = sensitivity(game, "t", values, method="closed-form")
    mixed_ift = [e for e in by_ift if all(len(s) == 2 for s in e.support)]
    mixed_form = [e for e in by_form if all(len(s) == 2 for s in e.support)]
    assert len(mixed_ift) == 1 and mixed_ift[0].method == "implicit-function"
    assert mixed_form[0].method == "closed-form"
    np.testing.assert_allclose(np.concatenate(mixed_ift[0].strategy_derivatives),
                               np.concatenate(mixed_form[0].strategy_derivatives), rtol=1e-8, atol=1e-10)
    dprof, dpay = _finite_difference(game, values, "t", ((0, 1), (0, 1), (0, 1)), 1e-6)
    np.testing.assert_allclose(np.concatenate(mixed_ift[0].strategy_derivatives), dprof, rtol=1e-4, atol=1e-7)
    np.testing.assert_allclose(mixed_ift[0].payoff_derivatives, dpay, rtol=1e-4, atol=1e-7)
    # auto picks the implicit-function theorem for three mixing players.
    assert [e.method for e in sensitivity(game, "t", values) if all(len(s) == 2 for s in e.support)] \
        == ["implicit-function"]


def test_dual_front_pure_equilibrium_payoff_derivative_is_the_direct_effect():
    model = models.load("dual_front_squeeze")
    res = sensitivity(model.symbolic(), "package_japan", model.values())
    (eq,) = res
    # (hold, hold, separate_deals): Japan pays the package (a flow, valued over the horizon), the US receives it.
    annuity = (1 - 1.04 ** -3) / 0.04
    assert eq.payoff_derivatives == pytest.approx((-annuity, 0.0, annuity))


def test_implicit_derivatives_rejects_a_singular_point():
    a = sympy.Symbol("a", real=True)
    g = SymbolicGame([[[a, 0], [0, a]], [[a, 0], [0, a]]])
    from gametheory.exceptions import SolverError

    with pytest.raises(SolverError):
        implicit_derivatives(g, [[0, 1], [0, 1]], {"a": 0}, "a", [[0.5, 0.5], [0.5, 0.5]])


def test_bad_parameters():
    g = _nau_with_parameter()
    with pytest.raises(ParameterError):
        sensitivity(g, "nope", {"t": 3})
    with pytest.raises(ParameterError):
        sensitivity(g, "t", {})
