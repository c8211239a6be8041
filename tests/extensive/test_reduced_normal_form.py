"""Reduced normal form: entry game textbook equilibria; pure-equilibrium counts equal pygambit's on Gambit trees."""

import itertools

import pygambit as gbt
import pytest

from gametheory.extensive.reduced_normal_form import reduced_normal_form
from gametheory.games.tree import GameTree
from gametheory.io.efg import read_efg


def _pure_nash(game, payoffs=False):
    out = []
    for prof in itertools.product(*(range(n) for n in game.shape)):
        pays = [game.payoff_array[i][prof] for i in range(game.num_players)]
        ok = True
        for i in range(game.num_players):
            for s in range(game.shape[i]):
                dev = list(prof); dev[i] = s
                if game.payoff_array[i][tuple(dev)] > pays[i] + 1e-12:
                    ok = False
        if ok and payoffs:
            out.append(tuple(round(float(x), 9) for x in pays))
        elif ok:
            out.append(tuple(game.strategies[i][prof[i]] for i in range(game.num_players)))
    return out


def test_entry_game_nash_includes_non_credible_fight():
    t = GameTree(["E", "I"])
    t.add_decision("r", "E"); t.add_terminal("o", (0, 2), "r", "Out")
    t.add_decision("i", "I", "r", "In")
    t.add_terminal("f", (-1, -1), "i", "Fight"); t.add_terminal("a", (1, 1), "i", "Accommodate")
    assert set(_pure_nash(reduced_normal_form(t))) == {("Out", "Fight"), ("In", "Accommodate")}


@pytest.mark.parametrize("name", ["cent4.efg", "cent6.efg", "sww1.efg", "badgame1.efg"])
def test_pure_equilibrium_payoffs_match_pygambit(name):
    path = f"/work/shared/oracles/gambit-games/{name}"
    ours = set(_pure_nash(reduced_normal_form(read_efg(path)), payoffs=True))
    game = gbt.read_efg(path)
    theirs = {tuple(round(float(eq.payoff(p)), 9) for p in game.players)
              for eq in gbt.nash.enumpure_solve(game).equilibria}
    # Gambit reports (unreduced) behaviour profiles: compare the equilibrium payoff sets
    assert ours == theirs
