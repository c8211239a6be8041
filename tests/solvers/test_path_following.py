"""Tests of logit path following: the one equilibrium it reports passes its certificate."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory.exceptions import NotSupportedError
from gametheory.games.normal_form import NormalFormGame
from gametheory.solvers.nplayer import enumerate_nplayer_equilibria
from gametheory.solvers.path_following import path_following_equilibrium
from tests.conftest import GAMES


@pytest.mark.parametrize("name", ["2x2x2.nfg", "g1.nfg", "g2.nfg", "perfect3.nfg"])
def test_certified_equilibrium_on_gambit_games(name):
    game = NormalFormGame.read(GAMES / name)
    res = path_following_equilibrium(game, steps=120)
    assert len(res) == 1 and res.complete is False
    eq = res[0]
    assert game.regret(eq.profile) <= game.tolerance()


def test_g1_unique_equilibrium_reached():
    game = NormalFormGame.read(GAMES / "g1.nfg")
    eq = path_following_equilibrium(game, steps=120)[0]
    assert [str(v) for v in eq.profile[0]] == ["1/5", "4/5"]
    assert enumerate_nplayer_equilibria(game)[0].profile == eq.profile


def test_unknown_method():
    game = NormalFormGame.read(GAMES / "g1.nfg")
    with pytest.raises(NotSupportedError):
        path_following_equilibrium(game, method="simpdiv")


def test_strategy_values_match_the_game():
    from gametheory.solvers.path_following import _flat_tables, _strategy_values_flat

    rng = np.random.default_rng(0)
    for shape in [(3, 4), (2, 3, 4), (3, 2, 2, 3)]:
        game = NormalFormGame([rng.normal(size=shape) for _ in shape])
        probs = [rng.dirichlet(np.ones(m)) for m in shape]
        values = _strategy_values_flat(_flat_tables(np.asarray(game.payoff_array)), probs)
        for i, v in enumerate(values):
            assert np.allclose(v, game.strategy_payoffs(probs, i))


def test_large_support_is_polished_not_eliminated():
    # 3x3x3x3: supports guessed from the path's end include ones too large for a Groebner basis (which did
    # not finish in 10 min here); they are tried by Newton's method from the path instead, and the search
    # goes on to a certified equilibrium
    rng = np.random.default_rng(1)
    game = NormalFormGame([rng.integers(0, 1000, size=(3, 3, 3, 3)) for _ in range(4)])
    res = path_following_equilibrium(game)
    assert len(res) == 1 and game.regret(res[0].profile) <= game.tolerance()
    assert sum(len(s) > 1 for s in res[0].support) >= 3


def test_newton_tracer_reaches_an_equilibrium_where_the_fixed_point_iteration_oscillates():
    # random 6x6x6: the damped fixed-point iteration ends 130 (of 1000) away from any equilibrium; Newton's
    # method in log-probabilities ends within 0.03, and the support solved there is an equilibrium
    from gametheory.solvers.path_following import _logit_trace, _logit_trace_newton

    rng = np.random.default_rng(0)
    game = NormalFormGame([rng.integers(0, 1000, size=(6, 6, 6)) for _ in range(3)])
    pay = np.asarray(game.payoff_array, dtype=float)
    assert game.regret(_logit_trace(pay)[-1]) > 100
    newton = _logit_trace_newton(pay)
    assert len(newton) == 400 and game.regret(newton[-1]) < 0.1
    res = path_following_equilibrium(game)
    assert game.regret(res[0].profile) <= game.tolerance()


def test_random_4x4x4x4_with_a_fold_is_solved():
    # the logit path of this game folds back in lambda: the tracers that step lambda monotonically get stuck
    # there and no certified equilibrium came out (SolverError); the arclength tracer follows the fold
    rng = np.random.default_rng(0)
    game = NormalFormGame([rng.integers(0, 1000, size=(4, 4, 4, 4)) for _ in range(4)])
    res = path_following_equilibrium(game)
    assert len(res) == 1 and res.max_regret <= game.tolerance()
    float_profile = [np.asarray(p, dtype=float) for p in res[0].profile]
    assert game.regret(float_profile) <= 1e-9


# 2x2x2 (random integers 0..9): the logit path rises to lambda ~ 24.8 (in payoffs scaled to [0, 1]), turns back
# to ~ 7.5 and then rises to the pure equilibrium (T, H, T); the game has a second one, (H, T, H)
FOLD_2X2X2 = [
    [[[7, 3], [5, 0]], [[3, 6], [3, 3]]],
    [[[4, 3], [4, 2]], [[0, 8], [4, 4]]],
    [[[2, 3], [8, 5]], [[1, 4], [9, 5]]],
]


def test_arclength_tracer_follows_a_fold():
    from gametheory.solvers.path_following import (
        _logit_arclength_path,
        _logit_residual_jacobian,
        _logit_setup,
        _logit_trace_arclength,
        _logit_trace_newton,
    )

    game = NormalFormGame([np.array(p) for p in FOLD_2X2X2])
    pay = np.asarray(game.payoff_array, dtype=float)
    lams, ys = _logit_arclength_path(pay)
    assert lams[0] == 0 and lams[-1] == 1e4
    drops = np.maximum.accumulate(lams) - lams
    assert drops.max() > 15  # lambda decreases along the path by more than 15 at the fold
    peak = np.maximum.accumulate(lams)[np.argmax(drops)]
    assert 24 < peak < 26
    own, offsets = _logit_setup(pay)
    for lam, y in zip(lams[:-1], ys[:-1]):  # all but the end (interpolated to lam_max) are on the curve
        assert np.abs(_logit_residual_jacobian(own, offsets, y, lam)[0]).max() < 1e-8
    end = [np.exp(ys[-1][offsets[i]:offsets[i + 1]]) for i in range(3)]
    assert np.allclose(np.concatenate(end), [0, 1, 1, 0, 0, 1], atol=1e-6)
    # the same fold with short steps: it is a feature of the path, not of long steps jumping branches
    fine_lams, fine_ys = _logit_arclength_path(pay, lam_max=40, h_max=0.1)
    assert fine_lams[-1] == 40 and (np.maximum.accumulate(fine_lams) - fine_lams).max() > 15
    k = np.flatnonzero(lams > 40)[0]
    interp = ys[k - 1] + (40 - lams[k - 1]) / (lams[k] - lams[k - 1]) * (ys[k] - ys[k - 1])
    assert np.abs(np.exp(interp) - np.exp(fine_ys[-1])).max() < 1e-3
    # the sampled trace ends at the equilibrium; stepping lambda monotonically gets stuck at the fold
    trace = _logit_trace_arclength(pay)
    assert len(trace) == 400 and game.regret(trace[-1]) < 1e-6
    assert len(_logit_trace_newton(pay)) < 400


def test_arclength_tracer_ends_at_the_unique_equilibrium():
    from gametheory.solvers.path_following import _logit_trace_arclength

    game = NormalFormGame.from_function(
        lambda a, b, c: (int(a == b), int(b == c), int(c != a)), [["H", "T"]] * 3)
    trace = _logit_trace_arclength(np.asarray(game.payoff_array, dtype=float), steps=50)
    assert len(trace) == 50
    assert np.allclose(np.concatenate(trace[-1]), 0.5, atol=1e-8)


def test_exact_support_solution_past_its_budget_falls_back_to_newton(monkeypatch):
    # with no time for exact elimination the path's end is polished numerically: still certified
    import gametheory.solvers.path_following as pf

    rng = np.random.default_rng(0)
    game = NormalFormGame([rng.integers(0, 1000, size=(3, 3, 3, 3, 3)) for _ in range(5)])
    # three players mix at the path's end: the support is solved exactly, with algebraic values
    assert pf.path_following_equilibrium(game)[0].profile_symbolic is not None
    monkeypatch.setattr(pf, "ELIMINATION_SECONDS", 1e-4)
    from sympy.core.cache import clear_cache

    clear_cache()  # cold, the elimination takes ~15 ms against the 1 ms the timer allows at least
    res = pf.path_following_equilibrium(game)
    assert len(res) == 1 and res[0].profile_symbolic is None
    assert game.regret(res[0].profile) <= game.tolerance()
