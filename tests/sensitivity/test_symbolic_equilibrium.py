"""Closed-form equilibria on a support: the textbook 2x2 formula, Nau et al. (2004) section 4."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.exceptions import InvalidProfileError, NotSupportedError
from gametheory.games.symbolic import SymbolicGame
from gametheory.sensitivity.symbolic_equilibrium import indifference_2x2, support_equilibria


def _general_2x2() -> tuple[SymbolicGame, sympy.Matrix, sympy.Matrix]:
    a = sympy.Matrix(2, 2, sympy.symbols("a11 a12 a21 a22", real=True))
    b = sympy.Matrix(2, 2, sympy.symbols("b11 b12 b21 b22", real=True))
    return SymbolicGame([a.tolist(), b.tolist()]), a, b


def test_2x2_mixed_equilibrium_is_the_textbook_indifference_formula():
    g, a, b = _general_2x2()
    (eq,) = support_equilibria(g, [[0, 1], [0, 1]])
    p_textbook = (b[1, 1] - b[1, 0]) / (b[0, 0] - b[0, 1] - b[1, 0] + b[1, 1])
    q_textbook = (a[1, 1] - a[0, 1]) / (a[0, 0] - a[0, 1] - a[1, 0] + a[1, 1])
    assert sympy.simplify(eq.profile[0][0] - p_textbook) == 0
    assert sympy.simplify(eq.profile[1][0] - q_textbook) == 0
    assert sympy.simplify(eq.profile[0][1] - (1 - p_textbook)) == 0
    p, q = indifference_2x2(g)
    assert sympy.simplify(p - p_textbook) == 0 and sympy.simplify(q - q_textbook) == 0
    # The row player's equilibrium payoff is (a11 a22 - a12 a21) / (a11 - a12 - a21 + a22).
    v = (a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0]) / (a[0, 0] - a[0, 1] - a[1, 0] + a[1, 1])
    assert sympy.simplify(eq.payoffs[0] - v) == 0


def test_battle_of_the_sexes_and_matching_pennies_known_values():
    bos = SymbolicGame([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    (eq,) = support_equilibria(bos, [[0, 1], [0, 1]])
    assert eq.profile == ((sympy.Rational(2, 3), sympy.Rational(1, 3)), (sympy.Rational(1, 3), sympy.Rational(2, 3)))
    assert eq.payoffs == (sympy.Rational(2, 3), sympy.Rational(2, 3))
    assert eq.holds({})


def test_conditions_describe_where_a_pure_profile_is_an_equilibrium():
    T = sympy.Symbol("T", real=True)
    pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    (cc,) = support_equilibria(pd, [["C"], ["C"]])
    assert {sympy.simplify(c.expr) for c in cc.conditions} == {3 - T}
    assert cc.holds({"T": 2}) and cc.holds({"T": 3}) and not cc.holds({"T": 4})
    assert "does not gain by deviating to D" in cc.conditions[0].text


def test_unequal_supports_of_a_two_player_game_have_no_isolated_solution():
    g, _, _ = _general_2x2()
    assert support_equilibria(g, [[0, 1], [0]]) == ()


def test_bad_supports_are_rejected():
    g, _, _ = _general_2x2()
    with pytest.raises(InvalidProfileError):
        support_equilibria(g, [[0, 2], [0]])
    with pytest.raises(InvalidProfileError):
        support_equilibria(g, [[0]])
    with pytest.raises(NotSupportedError):
        indifference_2x2(SymbolicGame([[[1, 2, 3]], [[1, 2, 3]]]))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=8, max_size=8))
def test_closed_form_holds_exactly_where_the_profile_is_certified(cells):
    a = np.array(cells[:4]).reshape(2, 2)
    b = np.array(cells[4:]).reshape(2, 2)
    sg = SymbolicGame([a.tolist(), b.tolist()])
    game = NormalFormGame([a, b])
    for eq in support_equilibria(sg, [[0, 1], [0, 1]]):
        profile = [[Fraction(str(x)) for x in row] for row in eq.profile]
        valid = all(x >= 0 for row in profile for x in row) and game.regret(profile) == 0
        assert eq.holds({}) == valid


def _nau_sec4() -> SymbolicGame:
    pygambit = pytest.importorskip("pygambit")
    from tests.pygambit_compat import payoff_arrays, player_labels, strategy_labels

    g = pygambit.catalog.load("journals/ijgt/nau2004/sec4")
    payoffs = [np.vectorize(lambda v: sympy.Rational(str(v)), otypes=[object])(a) for a in payoff_arrays(g)]
    return SymbolicGame(payoffs, player_labels(g), strategy_labels(g))


def test_nau_2004_section_4_irrational_equilibrium_symbolically():
    pygambit = pytest.importorskip("pygambit")
    from tests.pygambit_compat import strategy_probabilities

    game = _nau_sec4()
    sols = support_equilibria(game, [[0, 1], [0, 1], [0, 1]])
    valid = [e for e in sols if e.holds({})]
    assert len(sols) == 2 and len(valid) == 1      # the quadratic's other root is not a profile
    eq = valid[0]
    r601 = sympy.sqrt(601)
    expected = ((53 - r601) / 46, (-13 + r601) / 24, (-23 + r601) / 4)
    for k in range(3):
        assert sympy.simplify(eq.profile[k][0] - expected[k]) == 0
        assert not eq.profile[k][0].is_rational   # irrational, as the paper says
    # Gambit's numerical equilibrium agrees.
    pg = pygambit.catalog.load("journals/ijgt/nau2004/sec4")
    (ne,) = pygambit.nash.gnm_solve(pg).equilibria
    for k, probabilities in enumerate(strategy_probabilities(ne)):
        gambit_first = float(probabilities[0])
        assert abs(float(eq.profile[k][0]) - gambit_first) < 1e-6
    # And the exact profile has zero regret in the numeric game.
    numeric = NormalFormGame([np.asarray(p, dtype=float) for p in game.payoffs])
    assert numeric.regret([[float(x) for x in row] for row in eq.profile]) < 1e-12
