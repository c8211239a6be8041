"""Payoffs of any magnitude: Gambit's ``large_payoff_game`` with every method, and scaling properties.

Gambit's test suite (tests/test_nash.py, ``large_payoff_game.efg``) expects, from its LP solver on the
tree, player 1 to play A at both information sets and player 2 Y at the first and X with probability
9999999999999999999/10^19 at the second; its pure-strategy enumeration on the strategic form
(``tests/data/gambit/large_payoff_game.nfg``, written by pygambit) finds the pure profile (1, 3).
In the strategic form player 1's strategy 1 is (A, A) and player 2's strategies 3 and 4 are (Y, X)
and (Y, Y), so Gambit's two answers are the profiles ``PURE`` and ``MIXED`` below. The game is
zero-sum with value 1. Floating point cannot hold it: payoffs of 10^19 sit next to payoffs of 1/2.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.io.nfg import read_nfg
from gametheory.solvers._exact_pivot import extreme_equilibrium_pairs, positive_integer_matrices
from gametheory.solvers.enumeration import _exact_enumeration, enumerate_extreme_equilibria
from gametheory.solvers import lemke_howson, solve
from gametheory.solvers.pure import pure_equilibria
from gametheory.solvers.zerosum import solve_zero_sum

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit"
F = Fraction
ONE, ZERO = F(1), F(0)
E19 = 10**19
PURE = ((ONE, ZERO, ZERO, ZERO), (ZERO, ZERO, ONE, ZERO))
MIXED = ((ONE, ZERO, ZERO, ZERO), (ZERO, ZERO, F(E19 - 1, E19), F(1, E19)))


@pytest.fixture(scope="module")
def game() -> NormalFormGame:
    return read_nfg(DATA / "large_payoff_game.nfg")


def _exact_regret(game: NormalFormGame, profile) -> Fraction:
    """Regret recomputed here from the exact payoff tables (not by the solver's own certificate)."""
    A, B = game.exact_payoff_array
    x = np.array(profile[0], dtype=object)
    y = np.array(profile[1], dtype=object)
    ay, xb = A.dot(y), x.dot(B)
    return max(max(ay) - x.dot(ay), max(xb) - xb.dot(y))


def test_the_game_is_zero_sum_with_huge_payoffs(game):
    A, B = game.exact_payoff_array
    assert all(v == 0 for v in (A + B).flat)
    assert max(abs(v) for v in A.flat) == E19


def test_enumeration_gives_gambits_equilibria(game):
    res = enumerate_extreme_equilibria(game)
    assert res.complete and res.exact
    assert {e.profile for e in res} == {PURE, MIXED}
    assert all(e.payoffs == (1, -1) and e.regret == 0 for e in res)
    assert all(_exact_regret(game, e.profile) == 0 for e in res)
    assert res.components == ((0, 1),)  # player 2 mixes (Y, X) and (Y, Y) freely in between


@pytest.mark.parametrize("method", ["auto", "enumeration", "lemke-howson", "zero-sum", "pure"])
def test_every_method_finds_value_one(game, method):
    res = solve(game, method=method)
    assert len(res) >= 1 and res.exact
    for e in res:
        assert e.profile in (PURE, MIXED)
        assert e.payoffs == (1, -1)
        assert _exact_regret(game, e.profile) == 0


def test_lemke_howson_every_label(game):
    res = lemke_howson(game)
    assert [e.profile for e in res] == [MIXED]
    assert not any("dropped" in n or "gave up" in n for n in res.notes)


def test_zero_sum_value_is_one(game):
    res = solve_zero_sum(game)
    assert res.exact and res.value == 1
    assert (res.row_strategy, res.column_strategy) == MIXED


def test_pure_equilibria(game):
    assert [e.profile for e in pure_equilibria(game)] == [PURE]


# --------------------------------------------------------------------------- scaling properties
def _small_game(draw, zero_sum: bool = False):
    m = draw(st.integers(2, 4))
    n = draw(st.integers(2, 4))
    cells = st.integers(-5, 5)
    A = [[draw(cells) for _ in range(n)] for _ in range(m)]
    B = [[-a for a in row] for row in A] if zero_sum else [[draw(cells) for _ in range(n)] for _ in range(m)]
    return A, B


@st.composite
def scaled_games(draw, zero_sum: bool = False):
    A, B = _small_game(draw, zero_sum)
    k = draw(st.integers(-12, 19))
    offsets = (draw(st.integers(-9, 9)), draw(st.integers(-9, 9)))
    return A, B, k, offsets


def _scale(M, k, c):
    s = F(10) ** k
    return [[s * v + c * s for v in row] for row in M]


def _profiles(res):
    return {e.profile for e in res}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scaled_games())
def test_scaling_leaves_exact_equilibria_unchanged(case):
    A, B, k, (ca, cb) = case
    base = enumerate_extreme_equilibria(NormalFormGame([A, B]))
    scaled_game = NormalFormGame([_scale(A, k, ca), _scale(B, k, cb)])
    scaled = enumerate_extreme_equilibria(scaled_game)
    assert _profiles(scaled) == _profiles(base)
    assert all(_exact_regret(scaled_game, e.profile) == 0 for e in scaled)
    # a tiny perturbation on top of a huge offset (the large-payoff game's trouble) is exact too
    huge = NormalFormGame([[[v + E19 for v in row] for row in A], [[v - E19 for v in row] for row in B]])
    assert _profiles(enumerate_extreme_equilibria(huge)) == _profiles(base)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scaled_games())
def test_scaling_leaves_float_equilibria_unchanged(case):
    A, B, k, (ca, cb) = case
    base = _profiles(enumerate_extreme_equilibria(NormalFormGame([A, B])))
    scaled_game = NormalFormGame([np.array(_scale(A, k, ca), dtype=float), np.array(_scale(B, k, cb), dtype=float)])
    res = enumerate_extreme_equilibria(scaled_game)
    assert not res.exact
    got = [np.concatenate(e.profile) for e in res]
    want = [np.array([float(v) for p in prof for v in p]) for prof in base]
    assert len(got) == len(want)
    for w in want:
        assert any(np.allclose(g, w, atol=1e-7) for g in got)
    # every reported profile certifies, by the regret recomputed here relative to the payoff range
    Af, Bf = scaled_game.payoff_array
    span = max(np.ptp(Af), np.ptp(Bf), 1e-300)
    for e in res:
        x, y = (np.asarray(p) for p in e.profile)
        regret = max((Af @ y).max() - x @ Af @ y, (x @ Bf).max() - x @ Bf @ y)
        assert regret <= 1e-9 * span


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scaled_games(zero_sum=True))
def test_scaling_zero_sum_value_and_lemke_howson(case):
    A, _, k, (ca, _) = case
    base = solve_zero_sum(NormalFormGame([A, [[-a for a in r] for r in A]]))
    SA = _scale(A, k, ca)
    scaled_game = NormalFormGame([SA, [[-v for v in row] for row in SA]])
    res = solve_zero_sum(scaled_game)
    assert res.exact
    assert res.value == base.value * F(10) ** k + ca * F(10) ** k
    assert _exact_regret(scaled_game, (res.row_strategy, res.column_strategy)) == 0
    lh = lemke_howson(scaled_game)
    assert len(lh) >= 1
    assert all(_exact_regret(scaled_game, e.profile) == 0 for e in lh)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_exact_vertex_enumeration_agrees_with_the_float_search(data):
    """The exact fallback and the float search list the same extreme equilibria on well-scaled games
    (degenerate ones included: payoffs from a small range tie often)."""
    A, B = _small_game(data.draw)
    game = NormalFormGame([A, B])
    fast = enumerate_extreme_equilibria(game)
    slow = _exact_enumeration(game, True, "test")
    assert _profiles(fast) == _profiles(slow)
    assert fast.components == slow.components


def test_exact_pairs_of_matching_pennies():
    Ai, Bi = positive_integer_matrices(np.array([[[F(1), F(-1)], [F(-1), F(1)]],
                                                 [[F(-1), F(1)], [F(1), F(-1)]]], dtype=object))
    assert extreme_equilibrium_pairs(Ai, Bi) == [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))]


def test_float_lemke_howson_falls_back_to_exact_pivots():
    """A float game whose small payoffs are below the rounding of its large ones: the float path's end
    point does not certify, the exact path's does."""
    big = 1e19
    A = np.array([[big, 1.0, -1.0], [-1.0, 1.0, 0.0], [0.0, -1.0, big]])
    game = NormalFormGame([A, -A])
    res = lemke_howson(game)
    assert len(res) >= 1
    tol = game.tolerance()
    for e in res:
        x, y = (np.asarray(p) for p in e.profile)
        assert max((A @ y).max() - x @ A @ y, (x @ -A).max() - x @ -A @ y) <= tol
