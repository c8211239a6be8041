"""Subgame roots: equal to pygambit's on every Gambit tree it reads; brute-force definition on random trees."""

import glob
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings

from gametheory.extensive._subgames import subgame_roots, subgames, subtree, truncated_subgame
from gametheory.games.tree import GameTree
from gametheory.io.efg import read_efg
from tests import pygambit_compat as gbt
from tests.extensive.trees import imperfect_trees

FILES = sorted(glob.glob("/work/shared/oracles/gambit-games/*.efg"))


def gambit_game(path):
    return gbt.read_efg_or_skip(path)


def our_index(node):
    """read_efg numbers nodes in file order, as Gambit lists them."""
    return int(str(node).split(":")[0]) - 1


@pytest.mark.parametrize("path", FILES, ids=lambda p: Path(p).name)
def test_subgame_roots_equal_pygambit(path):
    tree = read_efg(path)
    game = gambit_game(path)
    nodes = gbt.nodes(game)
    for n in tree.nodes():  # the node numbering matches: same kinds and players
        g = nodes[our_index(n)]
        assert gbt.is_terminal(game, g) == (tree.kind(n) == "terminal")
        if tree.kind(n) == "decision":
            assert gbt.node_player(game, g) == tree.player(n)
    assert {our_index(n) for n in subgame_roots(tree)} == gbt.subgame_root_indices(game)


def brute_force_roots(tree):
    """The definition, checked node by node."""
    isets = tree.infosets()
    out = []
    for n in tree.nodes():
        if tree.kind(n) == "terminal":
            continue
        below = {n} | set(__import__("networkx").descendants(tree.graph, n))
        if all(set(m) <= below or not (set(m) & below) for m in isets.values()):
            if tree.kind(n) == "chance" or len(isets[tree.graph.nodes[n]["infoset"]]) == 1:
                out.append(n)
    return out


@settings(max_examples=60, deadline=None)
@given(imperfect_trees())
def test_random_trees_match_the_definition(tree):
    tree.validate()
    assert subgame_roots(tree) == brute_force_roots(tree)
    structure = subgames(tree)
    roots = [s.root for s in structure]
    for s in structure:
        # the parent is the nearest enclosing root; children list exactly the subgames naming it
        assert (s.parent is None) == (s.root == tree.root)
        assert list(s.children) == [r.root for r in structure if r.parent == s.root]
        if s.parent is not None:
            path = set(__import__("networkx").shortest_path(tree.graph, s.parent, s.root)[1:-1])
            assert not path & set(roots)


def test_nesting_and_truncation():
    t = GameTree(["A", "B"])
    t.add_decision("r", "A")
    t.add_terminal("o", (0, 0), "r", "out")
    t.add_chance("c", "r", "in")
    t.add_decision("b1", "B", "c", "h", probability=Fraction(1, 3), infoset="b")
    t.add_decision("b2", "B", "c", "t", probability=Fraction(2, 3), infoset="b")
    for b in ("b1", "b2"):
        t.add_decision(b + "a", "A", b, "x")
        t.add_terminal(b + "y", (1, 2), b, "y")
        t.add_terminal(b + "ax", (3, 0), b + "a", "X")
        t.add_terminal(b + "ay", (0, 3), b + "a", "Y")
    # A's nodes after x are singletons with terminal children: subgames; B's set is not a root
    assert subgame_roots(t) == ["r", "c", "b1a", "b2a"]
    assert [(s.root, s.parent, s.depth) for s in subgames(t)] == [
        ("r", None, 0), ("c", "r", 1), ("b1a", "c", 2), ("b2a", "c", 2)]
    small = truncated_subgame(t, "c", {"b1a": (3, 0), "b2a": (0, 3)})
    assert len(small) == 7 and small.payoffs("b2a") == (0, 3)
    assert small.infosets()[("B", "b")] == ["b1", "b2"]
    assert len(subtree(t, "c")) == len(t) - 2
