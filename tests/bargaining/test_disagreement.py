"""Disagreement points from other games, and what threats are worth."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from gametheory import NormalFormGame
from gametheory.bargaining import (
    FeasibleSet,
    disagreement_from_threats,
    disagreement_from_tree,
    security_levels,
    threat_values,
    variable_threats,
)
from gametheory.exceptions import InvalidGameError, NotSupportedError
from gametheory.extensive._backward_induction import backward_induction
from gametheory.games.tree import GameTree


def _escalation() -> GameTree:
    t = GameTree(["US", "Japan"])
    t.add_decision("r", "US")
    t.add_terminal("calm", (0, 0), "r", "calm")
    t.add_decision("j", "Japan", "r", "tariff")
    t.add_terminal("give", (3, -2), "j", "concede")
    t.add_terminal("war", (-1, -3), "j", "retaliate")
    return t


def test_tree_disagreement_is_the_spe_payoff() -> None:
    t = _escalation()
    dp = disagreement_from_tree(t)
    assert dp.values == (3, -2) == tuple(backward_induction(t).equilibria[0]["payoffs"])
    assert dp.details["path"] == ["tariff", "concede"] and dp.method == "spe"
    assert dp.for_players(["Japan", "US"]) == (-2, 3)
    with pytest.raises(InvalidGameError, match="no player 'China'"):
        dp.for_players(["US", "China"])


def test_security_levels_by_lp() -> None:
    pennies = NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    assert security_levels(pennies).values == (0, 0)
    # battle of the sexes: each can guarantee 2/3 by mixing
    bos = NormalFormGame([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    assert security_levels(bos).values == (F(2, 3), F(2, 3))
    with pytest.raises(NotSupportedError):
        security_levels("not a game")


def test_threat_disagreement_point() -> None:
    g = NormalFormGame([[[2, -1], [-1, 1]], [[0, 0], [0, 0]]])
    dp = disagreement_from_threats(FeasibleSet.transferable(10), g)
    assert dp.values == (F(1, 5), 0) and dp.method == "threats"


GAME = NormalFormGame([[[0, -1], [0, -3]], [[0, -1], [-4, -5]]], players=["US", "Japan"],
                      strategies=[["calm", "tariff"], ["calm", "withhold"]])


def test_threat_values_by_hand() -> None:
    """TU, S = 10: A - B = [[0, 0], [4, 2]] has value 2 ((6, 4)); without the tariff 0 ((5, 5));
    without withholding, val([[0], [4]]) = 4 ((7, 3))."""
    tv = threat_values(FeasibleSet.transferable(10), GAME, {"US": ["tariff"], "Japan": ["withhold"]})
    assert tv.full.solution == (6, 4)
    assert tv.without["US"].solution == (5, 5) and tv.without["Japan"].solution == (7, 3)
    assert tv.gains == {"US": 1, "Japan": 1}
    assert tv.neither.solution == (5, 5)
    assert tv.by_strategy == {"US": {"tariff": 1}, "Japan": {"withhold": 1}}
    data = tv.to_json()
    assert data["gains"] == {"US": 1.0, "Japan": 1.0} and data["without"]["US"]["solution"] == [5.0, 5.0]


def test_a_threat_never_hurts_its_owner() -> None:
    """Adding strategies to a player's threat set can only raise its variable-threat share."""
    fs = FeasibleSet.from_points([(0, 10), (6, 6), (10, 0), (-5, -5)])
    big = NormalFormGame([[[0, -1, 2], [1, -2, 0]], [[0, 1, -3], [-2, 0, 1]]])
    full = variable_threats(fs, big)
    for drop in range(3):
        keep = [k for k in range(3) if k != drop]
        assert variable_threats(fs, big.restrict([[0, 1], keep])).solution[1] <= full.solution[1]


def test_threat_value_validation() -> None:
    fs = FeasibleSet.transferable(10)
    with pytest.raises(InvalidGameError, match="unknown player"):
        threat_values(fs, GAME, {"China": ["x"]})
    with pytest.raises(InvalidGameError, match="no strategy 'nuke'"):
        threat_values(fs, GAME, {"US": ["nuke"]})
    with pytest.raises(InvalidGameError, match="no strategy left"):
        threat_values(fs, GAME, {"US": ["calm", "tariff"]})
