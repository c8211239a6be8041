"""Trees without depth limits: a 20,000-level chain reads, validates, solves and writes back with no
RecursionError (every walk is iterative), and trees over the node limit are refused in one line."""

from __future__ import annotations

from fractions import Fraction

import pytest

from gametheory.exceptions import FileFormatError
from gametheory.extensive._backward_induction import backward_induction
from gametheory.extensive.behaviour import best_response_regret
from gametheory.extensive.subgame_perfect import subgame_perfect_equilibria
from gametheory.extensive._subgames import subgame_roots
from gametheory.io.efg import MAX_TREE_NODES, format_efg, parse_efg

DEPTH = 20_000  # the depth at which the walks once hung; about 15 s of CPU for the module

pytestmark = pytest.mark.slow


def _chain(depth: int) -> str:
    """A centipede-like chain: at level i the mover (players alternate) stops with payoffs (i, depth - i)
    or continues; the last continuation pays (0, 0). Player 2 stops at once: (0, depth)."""
    lines = ['EFG 2 R "chain" { "1" "2" }', '""', ""]
    for i in range(depth):
        lines.append(f'p "" {i % 2 + 1} {i + 1} "" {{ "stop" "go" }} 0')
        lines.append(f't "" {i + 1} "" {{ {i}, {depth - i} }}')
    lines.append(f't "" {depth + 1} "" {{ 0, 0 }}')
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def deep():
    return parse_efg(_chain(DEPTH))


def test_deep_chain_reads_and_validates(deep):
    assert len(deep) == 2 * DEPTH + 1
    report = deep.validate()
    assert report.perfect_recall and report.perfect_information


def test_deep_chain_backward_induction(deep):
    """By hand: player 2 moves at the last level (DEPTH even) and stops (1 > 0); one level up player 1
    continues (DEPTH - 1 > DEPTH - 2)... player 1 always continues and player 2 always stops (its stop
    payoff DEPTH - i beats the DEPTH - i - 1 of the next stop), so play is (go, stop): (1, DEPTH - 1)."""
    res = backward_induction(deep)
    assert res.count == 1
    assert res.equilibria[0]["path"] == ("go", "stop")
    assert res.equilibria[0]["payoffs"] == (Fraction(1), Fraction(DEPTH - 1))


def test_deep_chain_subgames_and_spe(deep):
    assert len(subgame_roots(deep)) == DEPTH  # every decision node starts a subgame
    res = subgame_perfect_equilibria(deep)
    assert len(res.equilibria) == 1


def test_deep_chain_round_trip(deep):
    back = parse_efg(format_efg(deep))
    assert len(back) == len(deep)
    leaves = back.nodes("terminal")
    assert sorted(back.payoffs(n) for n in leaves) == sorted(deep.payoffs(n) for n in deep.nodes("terminal"))


def test_deep_chain_regret_walk(deep):
    """The SPE as a behaviour profile has regret zero on the whole tree; everybody stopping has regret 1
    (player 1 gains 1 by continuing at the root, player 2 then stops)."""
    spe = {key: {"go" if key[0] == "1" else "stop": 1} for key in deep.infosets()}
    assert best_response_regret(deep, spe) == 0
    stop = {key: {"stop": 1} for key in deep.infosets()}
    assert best_response_regret(deep, stop) == 1


def test_node_limit_is_stated_and_enforced(monkeypatch):
    text = _chain(50)
    with pytest.raises(FileFormatError, match=r"more than 100 nodes.*max_nodes=N.*GAMETHEORY_MAX_TREE_NODES"):
        parse_efg(text, max_nodes=100)
    assert len(parse_efg(text, max_nodes=101)) == 101
    monkeypatch.setenv("GAMETHEORY_MAX_TREE_NODES", "20")
    with pytest.raises(FileFormatError, match="more than 20 nodes"):
        parse_efg(text)
    monkeypatch.setenv("GAMETHEORY_MAX_TREE_NODES", "lots")
    with pytest.raises(FileFormatError, match="GAMETHEORY_MAX_TREE_NODES must be a whole number"):
        parse_efg(text)
    assert MAX_TREE_NODES >= 2 * DEPTH + 1


def test_deep_chain_with_ties_lists_equilibria():
    """Every payoff (1, 1): at each of the DEPTH levels both actions are optimal, so there are 2**DEPTH
    subgame-perfect equilibria; the first 64 are listed (once a RecursionError: the tied listing recursed
    per level). Listed first: every mover takes its first optimal action, stop, so play is (stop,)."""
    lines = ['EFG 2 R "tied chain" { "1" "2" }', '""', ""]
    for i in range(DEPTH):
        lines.append(f'p "" {i % 2 + 1} {i + 1} "" {{ "stop" "go" }} 0')
        lines.append(f't "" {i + 1} "" {{ 1, 1 }}')
    lines.append(f't "" {DEPTH + 1} "" {{ 1, 1 }}')
    tree = parse_efg("\n".join(lines) + "\n")
    res = backward_induction(tree, max_equilibria=64)
    assert res.count == 2**DEPTH
    assert len(res.equilibria) == 64
    assert len({tuple(sorted(e["strategy"].items())) for e in res.equilibria}) == 64
    assert all(len(e["strategy"]) == DEPTH and e["payoffs"] == (1, 1) for e in res.equilibria)
    assert res.equilibria[0]["path"] == ("stop",)
    assert set(res.equilibria[0]["strategy"].values()) == {"stop"}
