"""Reduced normal form: entry game textbook equilibria; pure-equilibrium counts equal pygambit's on Gambit trees."""

import itertools

import pygambit as gbt
import pytest
from hypothesis import HealthCheck, given, settings

from gametheory.exceptions import NotSupportedError
from gametheory.extensive._reduced_normal_form import (
    _outcome,
    reduced_normal_form,
    reduced_plans_of,
)
from gametheory.games.tree import DECISION, TERMINAL, GameTree
from gametheory.io.efg import read_efg
from tests.extensive.trees import imperfect_trees
from tests.pygambit_compat import payoffs as gambit_payoffs


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
    theirs = {tuple(round(float(v), 9) for v in gambit_payoffs(eq))
              for eq in gbt.nash.enumpure_solve(game).equilibria}
    # Gambit reports (unreduced) behaviour profiles: compare the equilibrium payoff sets
    assert ours == theirs


def _brute_force_plans(tree, player):
    """The definition: every full plan, reduced to the sets it reaches, first occurrence kept."""
    isets = tree.infosets()
    keys = [k for k in isets if k[0] == player]
    seen = {}
    for combo in itertools.product(*(tree.actions(isets[k][0]) for k in keys)):
        plan = dict(zip(keys, combo))
        reach, stack = set(), [tree.root]
        while stack:
            n = stack.pop()
            if tree.kind(n) == TERMINAL:
                continue
            if tree.kind(n) == DECISION and tree.player(n) == player:
                reach.add(tree.graph.nodes[n]["infoset"])
                stack.append(tree.child(n, plan[tree.graph.nodes[n]["infoset"]]))
            else:
                stack.extend(tree.children(n))
        seen.setdefault(tuple(plan[k] if k in reach else "*" for k in keys), plan)
    return keys, seen


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(imperfect_trees())
def test_reduced_plans_and_payoffs_match_the_definition(tree):
    """Plans built bottom-up equal the reduced full plans (same order, same plan behind each); every
    payoff equals the walk from the root under that profile (chance, information sets, 3 players)."""
    plans = []
    for p in tree.players:
        assert reduced_plans_of(tree, p) == _brute_force_plans(tree, p)
        plans.append(list(_brute_force_plans(tree, p)[1].values()))
    game = reduced_normal_form(tree)
    for idx in itertools.product(*(range(n) for n in game.shape)):
        want = _outcome(tree, {p: plans[j][idx[j]] for j, p in enumerate(tree.players)})
        assert tuple(game.exact_payoff_array[i][idx] for i in range(len(want))) == want


def test_float_payoffs_and_chance():
    t = GameTree(["A", "B"])
    t.add_chance("c")
    t.add_decision("a1", "A", "c", "x", probability=0.25, infoset="IA")
    t.add_decision("a2", "A", "c", "y", probability=0.75, infoset="IA")
    for parent in ("a1", "a2"):
        t.add_decision(parent + "b", "B", parent, "L", infoset="IB")
        t.add_terminal(parent + "R", (0.5, 1.5), parent, "R")
        t.add_terminal(parent + "bl", (2.0, 0.0), parent + "b", "l")
        t.add_terminal(parent + "br", (0.0, 3.0), parent + "b", "r")
    g = reduced_normal_form(t)
    assert g.strategies == (("L", "R"), ("l", "r"))
    assert g.payoff_array[0].tolist() == [[2.0, 0.0], [0.5, 0.5]]
    assert g.payoff_array[1].tolist() == [[0.0, 3.0], [1.5, 1.5]]


def _binary_tree(depth):
    t = GameTree(["A", "B"])

    def build(name, parent, action, d):
        if d == depth:
            t.add_terminal(name, (d, len(name)), parent, action)
            return
        t.add_decision(name, "AB"[d % 2], parent, action)
        for a in ("L", "R"):
            build(name + a, name, a, d + 1)

    build("r", None, None, 0)
    return t


def test_many_information_sets_do_not_enumerate_full_plans():
    """Depth 5: player A has 21 sets (2 million full plans) but 128 reduced plans; depth 7 (over 2**80 full
    plans) is refused in one line instead of running for ever."""
    g = reduced_normal_form(_binary_tree(5))
    assert g.shape == (128, 64)
    with pytest.raises(NotSupportedError, match="limit 200000|more than 200,000 reduced plans"):
        reduced_normal_form(_binary_tree(7))
    with pytest.raises(NotSupportedError, match="more than 10 reduced plans"):
        reduced_plans_of(_binary_tree(5), "A", limit=10)


def test_plans_agree_across_branches_the_player_cannot_tell_apart():
    """A does not see the chance move; after x in one branch and y in the other it moves again. Its reduced
    plans choose x or y once for both branches: 4 plans, not the 8 of mixing branches."""
    t = GameTree(["A", "B"])
    t.add_chance("c")
    for branch, later in (("1", "x"), ("2", "y")):
        a = "a" + branch
        t.add_decision(a, "A", "c", "c" + branch, probability=0.5, infoset="IA")
        for action in ("x", "y"):
            if action == later:
                t.add_decision(a + action, "A", a, action, infoset="J" + branch)
                t.add_terminal(a + action + "0", (1, 0), a + action, "k0")
                t.add_terminal(a + action + "1", (0, 1), a + action, "k1")
            else:
                t.add_terminal(a + action, (2, 2), a, action)
    keys, plans = reduced_plans_of(t, "A")
    assert (keys, plans) == _brute_force_plans(t, "A")
    assert list(plans) == [("x", "k0", "*"), ("x", "k1", "*"), ("y", "*", "k0"), ("y", "*", "k1")]
