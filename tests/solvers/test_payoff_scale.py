"""Equilibria do not depend on the scale of the payoffs (issues 25 and 29).

A positive affine map ``u -> a u + b`` of one player's payoffs changes no best response, so it changes no
equilibrium. Issue 29: a 2x2x2 game at payoffs near 1e-9 gave "0 equilibria (all equilibria found)", float
solves listed non-equilibria, and matching pennies at +-1e308 gave 0 equilibria, complete. Every solver now
solves each player's payoffs mapped onto [0, 1] (``gametheory.solvers._normalise``) and reports the
equilibria with the original game's payoffs and regrets.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.solvers import solve
from gametheory.solvers._normalise import normalised
from gametheory.solvers.nplayer import enumerate_nplayer_equilibria
from gametheory.solvers.path_following import path_following_equilibrium
from gametheory.solvers.pure import pure_equilibria

F = Fraction
#: A 2x2x2 game (random integers 0..9, found by search) with three equilibria, two of them mixed: the
#: profiles below, checked by their exact certificate in the tests (each player's regret is exactly 0).
THREE = [[[[3, 8], [5, 0]], [[7, 7], [8, 1]]],
         [[[0, 8], [0, 5]], [[0, 2], [4, 4]]],
         [[[4, 0], [0, 1]], [[0, 6], [5, 6]]]]
THREE_EQUILIBRIA = {((F(3, 5), F(2, 5)), (F(1), F(0)), (F(1, 5), F(4, 5))),
                    ((F(2, 5), F(3, 5)), (F(1, 2), F(1, 2)), (F(0), F(1))),
                    ((F(0), F(1)), (F(0), F(1)), (F(0), F(1)))}


def _scaled(payoffs, scales, offsets, exact: bool) -> NormalFormGame:
    if exact:
        return NormalFormGame([np.array(p, dtype=object) * s + o for p, s, o in zip(payoffs, scales, offsets)])
    return NormalFormGame([np.array(p, dtype=float) * float(s) + float(o)
                           for p, s, o in zip(payoffs, scales, offsets)], exact=False)


def _profiles(result) -> set:
    return {e.profile for e in result}


def _float_match(a, b, tol: float = 1e-6) -> bool:
    """Whether two lists of float profiles are the same set, profile by profile within ``tol``."""
    flat = [[np.concatenate([np.asarray(p, dtype=float) for p in e.profile]) for e in r] for r in (a, b)]
    if len(flat[0]) != len(flat[1]):
        return False
    return all(any(np.max(np.abs(x - y)) <= tol for y in flat[1]) for x in flat[0]) and \
        all(any(np.max(np.abs(x - y)) <= tol for x in flat[0]) for y in flat[1])


def test_three_equilibria_at_every_scale():
    base = solve(NormalFormGame(THREE))
    assert _profiles(base) == THREE_EQUILIBRIA and base.complete
    for k in (-12, -9, 9, 300):
        scale = F(10) ** k
        res = solve(_scaled(THREE, [scale] * 3, [0] * 3, exact=True))
        assert _profiles(res) == THREE_EQUILIBRIA and res.complete
        assert all(e.regret == 0 and e.exact for e in res)
        # the payoffs reported are those of the scaled game
        assert {e.payoffs for e in res} == {tuple(v * scale for v in e.payoffs) for e in base}


@pytest.mark.parametrize("k", [-9, -12, -300])
def test_three_equilibria_float_at_small_scales(k):
    res = solve(_scaled(THREE, [10.0 ** k] * 3, [0] * 3, exact=False))
    assert len(res) == 3 and res.complete
    want = [[[float(v) for v in p] for p in prof] for prof in THREE_EQUILIBRIA]
    for e in res:
        assert any(all(np.allclose(p, q, atol=1e-9) for p, q in zip(e.profile, w)) for w in want)
        assert e.regret <= 1e-9 * 10.0 ** k * 9  # the certificate at the game's own scale


@pytest.mark.parametrize("exact", [True, False])
def test_matching_pennies_at_1e308(exact):
    big = 10**308 if exact else 1e308
    g = NormalFormGame([[[big, -big], [-big, big]], [[-big, big], [big, -big]]], exact=exact)
    for method in ("auto", "enumeration", "lemke-howson", "polynomial", "path"):
        res = solve(g, method)
        assert len(res) == 1, method
        (eq,) = res
        assert np.allclose(np.asarray(eq.profile, dtype=float), 0.5, atol=1e-12)
        assert np.isfinite(eq.regret) and eq.regret <= 1e-9 * 1e308
        if exact:
            assert eq.exact and eq.regret == 0 and eq.payoffs == (0, 0)
    assert len(pure_equilibria(g)) == 0


def test_float_pure_equilibria_at_tiny_scale():
    # at 1e-12 every profile used to pass the absolute tolerance 1e-9 (regret 15 in the unscaled game)
    g = _scaled(THREE, [1e-12] * 3, [0] * 3, exact=False)
    assert [e.profile for e in pure_equilibria(g)] == [((0.0, 1.0), (0.0, 1.0), (0.0, 1.0))]


def test_normalised_game_is_unit_range():
    g = normalised(_scaled(THREE, [F(10) ** -9, F(7), F(10) ** 300], [5, -3, F(1, 3)], exact=True))
    assert all(min(t.flat) == 0 and max(t.flat) == 1 for t in g.exact_payoff_array)
    # the same game as the unscaled one, normalised: exactly
    assert (normalised(NormalFormGame(THREE)).exact_payoff_array == g.exact_payoff_array).all()


SHAPES = [(2, 2, 2), (2, 3, 2), (3, 3)]


@st.composite
def scaled_games(draw):
    shape = draw(st.sampled_from(SHAPES))
    n = len(shape)
    size = int(np.prod(shape))
    payoffs = [np.array(draw(st.lists(st.integers(-50, 50), min_size=size, max_size=size)),
                        dtype=object).reshape(shape) for _ in range(n)]
    powers = draw(st.lists(st.integers(-300, 300), min_size=n, max_size=n))
    mantissas = draw(st.lists(st.integers(1, 9), min_size=n, max_size=n))
    offsets = draw(st.lists(st.integers(-20, 20), min_size=n, max_size=n))
    return payoffs, powers, mantissas, offsets


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scaled_games())
def test_exact_equilibria_invariant_under_scaling(case):
    payoffs, powers, mantissas, offsets = case
    scales = [m * F(10) ** k for m, k in zip(mantissas, powers)]
    base = solve(NormalFormGame(payoffs))
    moved = solve(_scaled(payoffs, scales, [o * s for o, s in zip(offsets, scales)], exact=True))
    assert _profiles(moved) == _profiles(base)
    assert moved.complete == base.complete
    assert all(e.regret == 0 for e in moved if e.exact)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scaled_games())
def test_float_equilibria_invariant_under_scaling(case):
    payoffs, powers, mantissas, offsets = case
    scales = [m * 10.0 ** k for m, k in zip(mantissas, powers)]
    base = solve(NormalFormGame([np.array(p, dtype=float) for p in payoffs], exact=False))
    moved = solve(_scaled(payoffs, scales, [o * s for o, s in zip(offsets, scales)], exact=False))
    assert _float_match(base, moved), (base, moved)
    for e in moved:  # each certified at its own player's scale
        assert np.isfinite(e.regret)
        assert e.regret <= 1e-9 * 100 * max(scales) * (1 + 1e-9)


def test_nplayer_and_path_directly_scale_free():
    g = _scaled(THREE, [F(10) ** -10] * 3, [F(10) ** -10] * 3, exact=True)
    assert _profiles(enumerate_nplayer_equilibria(g)) == THREE_EQUILIBRIA
    eq = path_following_equilibrium(g)[0]
    assert eq.profile in THREE_EQUILIBRIA and eq.regret == 0


@pytest.mark.parametrize("big", [1e308, 10**308, 1e-300])
def test_iterated_dominance_at_extreme_scales(big):
    from gametheory.solvers.dominance import iterated_dominance

    # row 2 is dominated by a mixture of rows 1 and 3 only; then column 1, then row 1 go
    g = NormalFormGame([[[big, -big], [big / 2, -big], [-big, big]], [[-big, big], [big, -big], [0 * big, big]]],
                       exact=isinstance(big, int))
    res = iterated_dominance(g)
    assert res.kept == (("3",), ("2",))
    assert [s.strategy for s in res.steps] == ["2", "1", "1"]
