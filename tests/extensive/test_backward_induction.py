"""Backward induction vs an independent recursive check (textbook entry game, random 3-player trees)."""

from fractions import Fraction

from hypothesis import given, settings, strategies as st

from gametheory.extensive._backward_induction import backward_induction
from gametheory.games.tree import GameTree


def entry_game():
    t = GameTree(["E", "I"])
    t.add_decision("r", "E")
    t.add_terminal("o", (0, 2), "r", "Out")
    t.add_decision("i", "I", "r", "In")
    t.add_terminal("f", (-1, -1), "i", "Fight")
    t.add_terminal("a", (1, 1), "i", "Accommodate")
    return t


def test_entry_game_textbook():
    res = backward_induction(entry_game())
    assert res.count == 1
    eq = res.equilibria[0]
    assert eq["path"] == ("In", "Accommodate")
    assert eq["payoffs"] == (Fraction(1), Fraction(1))


def test_tie_gives_two_spe():
    t = GameTree(["A", "B"])
    t.add_decision("r", "A")
    t.add_decision("b", "B", "r", "go")
    t.add_terminal("s", (0, 5), "r", "stop")
    t.add_terminal("x", (3, 1), "b", "x")
    t.add_terminal("y", (-1, 1), "b", "y")
    res = backward_induction(t)
    # B indifferent: x -> A goes (3,1); y -> A stops (0,5)
    assert res.count == 2
    assert {e["payoffs"] for e in res.equilibria} == {(3, 1), (0, 5)}


def _recursive_set(tree, node):
    """Independent check: the set of SPE payoff vectors of the subgame at node."""
    import itertools
    kind = tree.kind(node)
    if kind == "terminal":
        return {tuple(Fraction(v) for v in tree.payoffs(node))}
    kids = tree.children(node)
    sets = [_recursive_set(tree, k) for k in kids]
    if kind == "chance":
        out = set()
        for combo in itertools.product(*sets):
            out.add(tuple(sum(Fraction(tree.probability(node, k)) * v[j] for k, v in zip(kids, combo))
                          for j in range(len(tree.players))))
        return out
    i = tree.players.index(tree.player(node))
    out = set()
    for combo in itertools.product(*sets):
        m = max(v[i] for v in combo)
        out |= {v for v in combo if v[i] == m}
    return out


@st.composite
def random_trees(draw):
    t = GameTree(["P1", "P2", "P3"])
    counter = [0]

    def build(parent, action, prob, depth):
        counter[0] += 1
        name = f"n{counter[0]}"
        kind = draw(st.sampled_from(["terminal"] if depth >= 3 else ["terminal", "decision", "decision", "chance"]))
        if kind == "terminal":
            t.add_terminal(name, draw(st.lists(st.integers(0, 2), min_size=3, max_size=3)), parent, action, prob)
            return
        if kind == "decision":
            t.add_decision(name, draw(st.sampled_from(t.players)), parent, action, probability=prob)
            for a in range(draw(st.integers(1, 3))):
                build(name, f"a{a}", None, depth + 1)
        else:
            t.add_chance(name, parent, action, prob)
            k = draw(st.integers(1, 3))
            w = draw(st.lists(st.integers(1, 3), min_size=k, max_size=k))
            for a in range(k):
                build(name, f"c{a}", Fraction(w[a], sum(w)), depth + 1)

    build(None, None, None, 0)
    return t


@settings(max_examples=60, deadline=None)
@given(random_trees())
def test_random_trees_agree_with_recursive_check(tree):
    res = backward_induction(tree, max_equilibria=10**6)
    expected = _recursive_set(tree, tree.root)
    got = {tuple(Fraction(v) for v in e["payoffs"]) for e in res.equilibria}
    assert got == expected
