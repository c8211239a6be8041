"""Tree drawings: files written and valid, highlighted play drawn in the highlight colour, tidy layout."""

import xml.etree.ElementTree as ET
from fractions import Fraction

import matplotlib.colors as mcolors
import pytest
from hypothesis import given, settings

from gametheory.exceptions import NotSupportedError
from gametheory.extensive.draw import draw_tree, highlighted_edges, save_tree, tree_layout
from gametheory.extensive.subgame_perfect import subgame_perfect_equilibria
from gametheory.games.tree import GameTree
from gametheory.io.efg import read_efg
from tests.conftest import GAMES as GAMES_DIR
from tests.extensive.trees import imperfect_trees

GAMES = f"{GAMES_DIR}/"


def edge_colours(ax):
    return {ln.get_gid()[5:]: mcolors.to_hex(ln.get_color()) for ln in ax.lines
            if (ln.get_gid() or "").startswith("edge:")}


def test_png_and_svg_are_written_and_valid(tmp_path):
    tree = read_efg(GAMES + "bhg1.efg")
    eq = subgame_perfect_equilibria(tree).equilibria[0]
    png = save_tree(tree, tmp_path / "t.png", path=eq["strategy"])
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    svg = save_tree(tree, tmp_path / "t.svg", path=eq["strategy"])
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    texts = {"".join(el.itertext()).strip() for el in root.iter() if el.tag.endswith("text")}
    # labels stay searchable text: actions, chance probabilities, players, payoffs (one per line)
    for action in ("Type A", "(1/2)", "N", "S", "C", "D", "E", "Player 1", "45", "15"):
        assert action in texts
    with pytest.raises(NotSupportedError, match="png or .svg"):
        save_tree(tree, tmp_path / "t.pdf")


def test_highlighted_path_edges_use_the_highlight_colour():
    tree = read_efg(GAMES + "cent4.efg")
    ax = draw_tree(tree, path=["TAKE"], highlight="#00aa00")
    colours = edge_colours(ax)
    hot = {e for e, c in colours.items() if c == "#00aa00"}
    root = tree.root
    assert hot == {f"{root}->{tree.child(root, 'TAKE')}"}
    assert len(colours) == tree.graph.number_of_edges()


def test_strategy_highlights_every_edge_played():
    # chance then a simultaneous choice: both chance branches and each chosen action are hot
    tree = read_efg(GAMES + "bhg1.efg")
    eq = subgame_perfect_equilibria(tree).equilibria[0]
    ax = draw_tree(tree, path=eq["strategy"], highlight="red")
    hot = {e for e, c in edge_colours(ax).items() if c == mcolors.to_hex("red")}
    expected = set()
    for u, v in tree.graph.edges:
        d = tree.graph.edges[u, v]
        s = eq["strategy"].get(u)
        reached = all(  # every edge above u is played
            f"{p}->{c}" in hot for p, c in zip(path_nodes(tree, u), path_nodes(tree, u)[1:]))
        played = "probability" in d or s == d["action"] or (isinstance(s, dict) and s.get(d["action"], 0) > 0)
        if reached and played:
            expected.add(f"{u}->{v}")
    assert hot == expected and len(hot) >= 4
    # information sets: one dashed link per set with two or more nodes
    links = [ln for ln in ax.lines if (ln.get_gid() or "").startswith("infoset:")]
    assert len(links) == sum(1 for m in tree.infosets().values() if len(m) > 1)
    assert all(ln.get_linestyle() == "--" for ln in links)


def path_nodes(tree, node):
    out = [node]
    while (p := tree.parent(out[0])) is not None:
        out.insert(0, p)
    return out


@settings(max_examples=30, deadline=None)
@given(imperfect_trees())
def test_layout_is_tidy(tree):
    pos = tree_layout(tree)
    leaves = sorted(x for n, (x, y) in pos.items() if tree.kind(n) == "terminal")
    assert leaves == [float(i) for i in range(len(leaves))]  # leaves evenly spaced, no overlap
    for n in tree.nodes():
        kids = tree.children(n)
        if kids:  # parents centred over their children, one level up
            assert pos[n][0] == (pos[kids[0]][0] + pos[kids[-1]][0]) / 2
            assert all(pos[c][1] == pos[n][1] - 1 for c in kids)
            assert [pos[c][0] for c in kids] == sorted(pos[c][0] for c in kids)


def test_sixty_leaves_get_a_wide_figure():
    t = GameTree(["A", "B"])
    t.add_decision("r", "A")
    for i in range(6):
        t.add_decision(f"b{i}", "B", "r", f"a{i}", infoset="B")
        for j in range(10):
            t.add_terminal(f"t{i}{j}", (i, j), f"b{i}", f"x{j}")
    ax = draw_tree(t)
    width, _ = ax.figure.get_size_inches()
    assert width >= 30  # about half an inch per leaf
    assert highlighted_edges(t, {"r": "a2", "b2": {"x1": Fraction(1, 2), "x3": Fraction(1, 2)}}) == {
        ("r", "b2"), ("b2", "t21"), ("b2", "t23")}


def test_missing_matplotlib_gives_an_install_hint(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails as if not installed
    with pytest.raises(NotSupportedError, match=r"gametheory\[plot\]"):
        draw_tree(read_efg(GAMES + "cent4.efg"))
