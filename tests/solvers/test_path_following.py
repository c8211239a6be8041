"""Tests of logit path following: the one equilibrium it reports passes its certificate."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gametheory.exceptions import NotSupportedError
from gametheory.games.normal_form import NormalFormGame
from gametheory.solvers.nplayer import enumerate_nplayer_equilibria
from gametheory.solvers.path_following import path_following_equilibrium

GAMES = Path("/work/shared/oracles/gambit-games")


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
