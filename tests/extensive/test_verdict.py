"""tree_verdict: the sentences name the card, the threat's cost and the parameter that flips it."""

from __future__ import annotations

import pytest

from gametheory.exceptions import InvalidGameError
from gametheory.extensive.verdict import tree_verdict
from gametheory.games.tree import GameTree
from gametheory.io.scenario import parse_model
from tests.extensive.test_scenario import text


def test_verdict_of_a_small_threat_tree() -> None:
    # sell = q(2 - c) + (1 - q)(-c) = 2q - c = -2.5 at q = 1/4, c = 3; back down = -1: selling costs 1.5 and
    # becomes credible iff 2q - c >= -1, i.e. c <= 1 + 2q = 3/2 (q alone would need q >= 1, the edge of its range)
    m = parse_model(text(), source="card.toml")
    lines = tree_verdict(m)
    assert lines[0] == ("Japan's equilibrium first move is 'reassure' (expected payoff 0, against -1 for "
                        "'threaten'); equilibrium path: reassure.")
    assert lines[1].startswith("Carrying out 'sell' (Japan, after threaten -> keep) is not credible: it costs "
                               "Japan 1.5 more than 'back_down'. It would become credible if c <= 1.5")
    assert "No value of q within its bounds" in lines[1]
    # with c = 0 selling pays 2q = 1/2 > -1: credible, so no non-credible threat of Japan's is left
    lines = tree_verdict(m, {"c": 0})
    assert lines[0].startswith("Japan's equilibrium first move is 'threaten'")
    assert not any("not credible" in line for line in lines)


def test_verdict_of_a_numeric_tree_with_a_tie_and_no_parameters() -> None:
    t = GameTree(["A", "B"])
    t.add_decision("r", "A")
    t.add_terminal("x", (1, 0), "r", "x")
    t.add_decision("n", "B", "r", "y")
    t.add_terminal("y1", (1, 1), "n", "keep")
    t.add_terminal("y2", (0, 0), "n", "drop")
    lines = tree_verdict(t)
    assert lines[0].startswith("A is indifferent between 'x' and 'y' (expected payoff 1 each)")
    # the first maximiser 'x' is reported, so B's node is off the path and 'drop' is a non-credible threat
    assert lines[1] == "Carrying out 'drop' (B, after y) is not credible: it costs B 1 more than 'keep'."
    assert len(lines) == 2  # no parameters: nothing can change


def test_verdict_of_a_tree_opening_with_nature() -> None:
    t = GameTree(["A"])
    t.add_chance("c")
    t.add_terminal("h", (2,), "c", "heads", probability=0.5)
    t.add_terminal("t", (0,), "c", "tails", probability=0.5)
    assert tree_verdict(t)[0] == "The game opens with Nature; equilibrium payoffs A 1."


def test_non_tree_model_is_refused() -> None:
    from gametheory import models

    with pytest.raises(InvalidGameError, match="not a tree model"):
        tree_verdict(models.load("us_japan_tariffs"))
