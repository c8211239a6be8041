"""Tests of logit path following: the one equilibrium it reports passes its certificate."""

from __future__ import annotations

from pathlib import Path

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
