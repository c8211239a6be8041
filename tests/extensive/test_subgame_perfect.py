"""Subgame-perfect equilibria: textbook cases, pygambit cross-checks on Gambit's trees, random trees.

Independent checks used here:
- pygambit's ``max_regret`` of our behaviour profile on the whole game (a Nash equilibrium);
- pygambit's own equilibria (``enummixed_solve``, ``enumpure_solve``) on games without a proper
  subgame, where subgame-perfect and Nash coincide;
- for perfect-information trees, a recursive set computation and our own subgame route;
- on random trees, regret in every subgame recomputed by best responses on the tree
  (the result's certificate uses the reduced normal form instead).
"""

from fractions import Fraction

import pygambit
import pytest
from hypothesis import assume, given, settings

from gametheory.exceptions import NotSupportedError
from gametheory.extensive._backward_induction import backward_induction
from gametheory.extensive.behaviour import best_response_regret, node_values, normal_form_regret
from gametheory.extensive.subgame_perfect import subgame_perfect_equilibria
from gametheory.extensive._subgames import subgame_roots
from gametheory.games.tree import GameTree
from gametheory.io.efg import read_efg
from tests.extensive.test_backward_induction import _recursive_set, random_trees
from tests import pygambit_compat as gbt
from tests.extensive.trees import imperfect_trees

GAMES = "/work/shared/oracles/gambit-games/"
# Imperfect-information trees we solve in well under a second (the others: see SLOW and REFUSED).
FAST = ["2smp", "2x2x2", "artist1", "badgame2", "bayes1a", "bhg1", "bhg2", "bhg3", "bhg4", "bhg5",
        "cent2", "cent3", "coord2", "coord3", "coord4", "e04", "e05", "e06", "e07", "e13", "e16", "e17",
        "e18", "holdout7", "hs1", "km1", "km2", "km3", "km6", "my_2-4", "my_3-3a", "my_3-3b", "my_3-3c",
        "my_3-3d", "my_3-3e", "palf", "sh3", "sww2", "sww3", "vd", "w_ex1", "wilson1", "work1", "work2"]
PERFECT_INFORMATION = ["badgame1", "cent4", "cent6", "centcs6", "centcs10", "e10", "e10a", "nim", "sww1"]
REFUSED = {"e09": "recall", "holdout": "recall", "myerson": "recall", "cs": "size"}


def gambit_game(name):
    return gbt.read_efg_or_skip(GAMES + name + ".efg")


def gambit_profile(game, tree, eq, rational):
    """Our behaviour profile as a pygambit MixedBehaviorProfile (node numbering = file order)."""
    prof = gbt.behaviour_profile(game, rational=rational)
    nodes = gbt.nodes(game)
    for n in tree.decision_nodes():
        dist = eq["behaviour"][tree.graph.nodes[n]["infoset"]]
        acts = tree.actions(n)
        probs = [Fraction(int(j == 0)) for j in range(len(acts))] if dist is None else \
            [dist.get(a, 0) for a in acts]
        gbt.set_mixed_action(game, prof, nodes[int(n.split(":")[0]) - 1],
                             [Fraction(p) if rational else float(p) for p in probs])
    return prof


reached_behaviour = gbt.reached_behaviour


def test_textbook_entry_with_simultaneous_subgame():
    # Entry into a battle of the sexes (e.g. Gibbons 2.4): three subgame equilibria
    t = GameTree(["E", "I"])
    t.add_decision("r", "E")
    t.add_terminal("out", (2, 3), "r", "Out")
    t.add_decision("e", "E", "r", "In")
    t.add_decision("i1", "I", "e", "F", infoset="i")
    t.add_decision("i2", "I", "e", "A", infoset="i")
    t.add_terminal("ff", (3, 1), "i1", "f")
    t.add_terminal("fa", (0, 0), "i1", "a")
    t.add_terminal("af", (0, 0), "i2", "f")
    t.add_terminal("aa", (1, 3), "i2", "a")
    res = subgame_perfect_equilibria(t)
    got = sorted((e["path"], e["payoffs"]) for e in res.equilibria)
    assert got == [(("In", "F", "f"), (3, 1)), (("Out",), (2, 3)), (("Out",), (2, 3))]
    mixed = [e for e in res.equilibria if isinstance(e["strategy"]["e"], dict)][0]
    assert mixed["strategy"]["e"] == {"F": Fraction(3, 4), "A": Fraction(1, 4)}
    assert mixed["likely_path"] == ("Out",)
    # the Nash equilibrium (Out; I plays f) is not subgame perfect: I's f is not credible after A
    assert res.complete and not res.capped and res.exact
    data = res.to_json()
    assert set(data["equilibria"][0]) >= {"path", "payoffs", "strategy", "regret"}


def test_chance_move_then_entry_by_type():
    # chance decides the incumbent's type, which the entrant sees; the weak type's threat is not credible
    t = GameTree(["E", "I"])
    t.add_chance("c")
    for typ, p, fight in (("s", Fraction(1, 3), (-1, 2)), ("w", Fraction(2, 3), (-1, -1))):
        t.add_decision(typ, "E", "c", typ, probability=p)
        t.add_terminal(typ + "o", (0, 3), typ, "out")
        t.add_decision(typ + "i", "I", typ, "in")
        t.add_terminal(typ + "f", fight, typ + "i", "fight")
        t.add_terminal(typ + "a", (1, 1), typ + "i", "acc")
    res = subgame_perfect_equilibria(t, backward=False)
    assert [e["strategy"] for e in res.equilibria] == [{"s": "out", "w": "in", "si": "fight", "wi": "acc"}]
    assert res.equilibria[0]["payoffs"] == (Fraction(2, 3), Fraction(5, 3))
    assert res.equilibria[0]["path"] == () and res.equilibria[0]["likely_path"] == ("w", "in", "acc")


@pytest.mark.parametrize("name", FAST)
def test_every_spe_is_a_nash_equilibrium_for_pygambit(name):
    tree = read_efg(GAMES + name + ".efg")
    game = gambit_game(name)
    res = subgame_perfect_equilibria(tree)
    assert res.equilibria, name
    for eq in res.equilibria:
        exact = all(isinstance(v, Fraction) for v in eq["payoffs"])
        prof = gambit_profile(game, tree, eq, rational=exact)
        if exact:
            assert prof.max_regret() == 0
            assert [Fraction(str(v)) for v in gbt.payoffs(prof)] == list(eq["payoffs"])
        else:
            assert float(prof.max_regret()) < 1e-7
    # without a proper subgame, subgame-perfect = Nash: compare with Gambit's equilibria
    if not gbt.has_proper_subgame(game):
        ours = {reached_behaviour(game, gambit_profile(game, tree, e, rational=res.exact))
                for e in res.equilibria}
        if len(gbt.player_labels(game)) == 2:
            theirs = {reached_behaviour(game, e.as_behavior())
                      for e in pygambit.nash.enummixed_solve(game, rational=True).equilibria}
            assert ours == theirs
        else:  # n players: Gambit's pure equilibria are among ours
            pure = {reached_behaviour(game, e.as_behavior())
                    for e in pygambit.nash.enumpure_solve(game).equilibria}
            assert pure <= ours


@pytest.mark.parametrize("name", PERFECT_INFORMATION)
def test_perfect_information_spe_agree_with_independent_checks(name):
    tree = read_efg(GAMES + name + ".efg")
    res = subgame_perfect_equilibria(tree, max_equilibria=10**4)
    assert res.method == "backward_induction"
    payoffs = {tuple(Fraction(v) for v in e["payoffs"]) for e in res.equilibria}
    assert payoffs == _recursive_set(tree, tree.root)
    # our subgame route (every node a subgame, one mover each) finds the same equilibria
    general = subgame_perfect_equilibria(tree, max_equilibria=10**4, backward=False)
    assert {tuple(sorted(e["strategy"].items())) for e in general.equilibria} == \
        {tuple(sorted(e["strategy"].items())) for e in res.equilibria}
    try:
        game = gbt.read_efg(GAMES + name + ".efg")
    except ValueError:
        return  # pygambit rejects this file (non-unique node labels); the checks above stand
    pure = {tuple(Fraction(str(v)) for v in gbt.payoffs(e))
            for e in pygambit.nash.enumpure_solve(game).equilibria}
    assert payoffs <= pure
    for eq in res.equilibria:
        assert gambit_profile(game, tree, eq, rational=True).max_regret() == 0


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refusals_are_explicit(name):
    with pytest.raises(NotSupportedError, match="perfect recall" if REFUSED[name] == "recall" else "profiles"):
        subgame_perfect_equilibria(read_efg(GAMES + name + ".efg"))


def test_cap_is_reported():
    res = subgame_perfect_equilibria(read_efg(GAMES + "coord4.efg"), max_equilibria=3)
    assert res.capped and not res.complete and len(res.equilibria) == 3
    assert any("capped" in n for n in res.notes)


@settings(max_examples=40, deadline=None)
@given(imperfect_trees())
def test_random_trees_every_spe_has_zero_regret_in_every_subgame(tree):
    res = subgame_perfect_equilibria(tree, max_equilibria=16, backward=False)
    if res.complete:
        assert res.equilibria  # an equilibrium exists; complete enumeration finds one
    roots = subgame_roots(tree)
    for eq in res.equilibria:
        for r in roots:
            br = best_response_regret(tree, eq["behaviour"], r)
            assert br == 0 if res.exact else float(br) < 1e-7
        assert eq["payoffs"] == node_values(tree, eq["behaviour"])[tree.root]


@settings(max_examples=40, deadline=None)
@given(random_trees())
def test_random_perfect_information_trees_both_routes_agree(tree):
    fast = subgame_perfect_equilibria(tree, max_equilibria=10**5)
    assume(fast.count <= 40)  # keep the slow route's certificates cheap
    slow = subgame_perfect_equilibria(tree, max_equilibria=10**5, backward=False)
    assert {e["payoffs"] for e in fast.equilibria} == {e["payoffs"] for e in slow.equilibria}
    assert len(slow.equilibria) == fast.count


@settings(max_examples=40, deadline=None)
@given(imperfect_trees(players=("A", "B")))
def test_two_certificates_agree_on_arbitrary_profiles(tree):
    # a non-equilibrium profile: uniform play everywhere; both certificates must give the same regret
    beh = {k: {a: Fraction(1, len(tree.actions(m[0]))) for a in tree.actions(m[0])}
           for k, m in tree.infosets().items()}
    for r in subgame_roots(tree):
        assert normal_form_regret(tree, beh, r) == best_response_regret(tree, beh, r)


def test_perfect_information_with_very_many_tied_spe_lists_a_few_and_counts_all():
    # Gambit's partial tic-tac-toe: ties everywhere; the count is exact, the list capped and each checked
    tree = read_efg(GAMES + "ttt.efg")
    res = subgame_perfect_equilibria(tree, max_equilibria=8)
    assert res.capped and len(res.equilibria) == 8 and res.count > 10**12
    game = gambit_game("ttt")
    nodes = gbt.nodes(game)
    for eq in res.equilibria:  # one-shot deviation principle with Gambit's node values
        values = gbt.node_values(game, gambit_profile(game, tree, eq, rational=True))
        for node in nodes:
            player = gbt.node_player(game, node)
            if player in values:  # a personal player's decision node (not terminal, not chance)
                best = max(values[player][c] for c in gbt.children(game, node))
                assert values[player][node] == best


def test_spe_count_by_dynamic_programming_matches_enumeration():
    for name in PERFECT_INFORMATION:
        tree = read_efg(GAMES + name + ".efg")
        res = backward_induction(tree, max_equilibria=10**6)
        assert res.count == len(res.equilibria)
