"""Iterated dominance: textbook eliminations, Gambit's mixed-dominance games, and properties."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory import NormalFormGame, read_nfg
from gametheory.solvers.dominance import dominated_strategies, iterated_dominance
from gametheory.solvers.pure import pure_equilibria
from tests.conftest import GAMES, as_fraction_profile, expected_equilibria

EXPECTED = expected_equilibria()


def check_steps_exactly(game: NormalFormGame, result) -> None:  # type: ignore[no-untyped-def]
    """Replay every step on the game reduced so far and verify the domination with Fractions."""
    kept = [list(s) for s in game.strategies]
    for step in result.steps:
        i = game.players.index(step.player)
        sub = game.restrict([[game.strategies[j].index(s) for s in k] for j, k in enumerate(kept)])
        mix = step.dominated_by if isinstance(step.dominated_by, dict) else {step.dominated_by: Fraction(1)}
        assert sum(mix.values()) == 1 and step.strategy not in mix
        rows = np.moveaxis(sub.payoffs[i], i, 0).reshape(sub.shape[i], -1)
        lab = list(sub.strategies[i])
        value = sum(Fraction(p) * rows[lab.index(t)] for t, p in mix.items())
        diff = value - rows[lab.index(step.strategy)]
        if step.strict:
            assert all(d > 0 for d in diff)
        else:
            assert all(d >= 0 for d in diff) and any(d > 0 for d in diff)
        kept[i].remove(step.strategy)
    assert tuple(tuple(k) for k in kept) == result.kept


def test_prisoners_dilemma() -> None:
    pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    res = iterated_dominance(pd)
    assert res.kept == (("D",), ("D",)) and res.solved
    assert all(s.strict and s.dominated_by == "D" for s in res.steps)


def test_textbook_mixed_domination() -> None:
    """Osborne-Rubinstein style: M is dominated only by the mixture (T + B) / 2, then R falls, then B."""
    g = NormalFormGame([[[3, 0], [1, 1], [0, 3]], [[2, 1], [0, 3], [2, 1]]],
                       strategies=[["T", "M", "B"], ["L", "R"]])
    assert iterated_dominance(g, mixed=False).kept == (("T", "M", "B"), ("L", "R"))
    res = iterated_dominance(g)
    assert res.kept == (("T",), ("L",))
    first = res.steps[0]
    assert (first.player, first.strategy) == ("Player 1", "M")
    assert first.dominated_by == {"T": Fraction(1, 2), "B": Fraction(1, 2)}
    check_steps_exactly(g, res)


@pytest.mark.parametrize("name", ["mixdom.nfg", "mixdom2.nfg"])
def test_gambit_mixed_dominance_games(name: str) -> None:
    """Gambit's games 'needing mixed domination': pure dominance removes nothing, mixed does."""
    game = read_nfg(GAMES / name)
    assert iterated_dominance(game, mixed=False).steps == ()
    res = iterated_dominance(game)
    assert any(isinstance(s.dominated_by, dict) for s in res.steps)
    check_steps_exactly(game, res)
    # Strict elimination keeps every equilibrium: each of Gambit's lives on the kept strategies.
    for prof in EXPECTED[name]["equilibria"]:
        for labels, kept, p in zip(game.strategies, res.kept, as_fraction_profile(prof)):
            assert {s for s, v in zip(labels, p) if v > 0} <= set(kept)


def test_mixdom_reduces_to_its_saddle_point() -> None:
    res = iterated_dominance(read_nfg(GAMES / "mixdom.nfg"))
    assert res.kept == (("3",), ("2",)) and res.solved


def test_weak_dominance_is_order_dependent_and_reported() -> None:
    """Weak elimination: the documented order (player 1 first, strategies in order) decides the survivor."""
    g = NormalFormGame([[[1, 1], [1, 0], [0, 1]], [[0, 1], [0, 0], [0, 0]]],
                       strategies=[["U", "M", "D"], ["L", "R"]])
    assert iterated_dominance(g).kept == (("U", "M", "D"), ("L", "R"))
    res = iterated_dominance(g, weak=True)
    assert [(s.strategy, s.dominated_by, s.strict) for s in res.steps[:2]] == [("M", "U", False), ("D", "U", False)]
    check_steps_exactly(g, res)


def test_dominated_strategies_single_pass() -> None:
    g = NormalFormGame([[[3, 0], [1, 1], [0, 3]], [[2, 1], [0, 3], [2, 1]]], strategies=[["T", "M", "B"], ["L", "R"]])
    assert [d.strategy for d in dominated_strategies(g, "Player 1")] == ["M"]
    assert dominated_strategies(g, 1) == ()  # R is dominated only after M is gone


def test_float_game_mixture() -> None:
    g = NormalFormGame([np.array([[3.0, 0.0], [1.0, 1.0], [0.0, 3.0]]), np.zeros((3, 2))])
    (d,) = dominated_strategies(g, 0)
    assert d.strategy == "2" and d.dominated_by == pytest.approx({"1": 0.5, "3": 0.5}, abs=0.2)


def test_three_players() -> None:
    """Player 3's strategy b pays less than a everywhere; then the others coordinate on a."""
    g = NormalFormGame.from_function(
        lambda x, y, z: (int(x == y == z), int(x == y == z), 2 if z == "a" else 1), [["a", "b"]] * 3)
    res = iterated_dominance(g)
    assert res.steps[0] == type(res.steps[0])("Player 3", "b", "a", True)
    assert res.kept[2] == ("a",)


games = st.lists(st.integers(1, 4), min_size=2, max_size=3).flatmap(
    lambda shape: arrays(np.int64, (len(shape), *shape), elements=st.integers(0, 4)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games)
def test_strict_elimination_keeps_every_pure_equilibrium(payoffs: np.ndarray) -> None:
    game = NormalFormGame(list(payoffs))
    res = iterated_dominance(game)
    for eq in pure_equilibria(game):
        assert all(s[0] in kept for s, kept in zip(eq.support, res.kept))
    check_steps_exactly(game, res)
    # And the survivors' pure equilibria are exactly the original ones.
    assert {e.support for e in pure_equilibria(res.game)} == {e.support for e in pure_equilibria(game)}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games)
def test_weak_elimination_steps_verify(payoffs: np.ndarray) -> None:
    game = NormalFormGame(list(payoffs))
    res = iterated_dominance(game, weak=True)
    check_steps_exactly(game, res)
    assert all(len(k) >= 1 for k in res.kept)
