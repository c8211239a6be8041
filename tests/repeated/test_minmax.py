"""Minmax values: closed forms, LP duality, and the independent-vs-correlated gap."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.exceptions import InvalidGameError
from gametheory.repeated._minmax import correlated_minmax, minmax, mixed_minmax, pure_minmax

PD = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])


def test_prisoners_dilemma_minmax_is_mutual_defection() -> None:
    for kind in ("pure", "mixed", "correlated"):
        r = minmax(PD, kind)
        assert r.values == (1, 1)
        assert r.exact and r.certified
    assert pure_minmax(PD).punishments[0] == {"Player 2": "D"}


def test_matching_pennies_mixed_below_pure() -> None:
    mp = NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    assert pure_minmax(mp).values == (1, 1)
    r = mixed_minmax(mp)
    assert r.values == (0, 0) and r.exact
    assert r.punishments[0]["Player 2"] == {"1": Fraction(1, 2), "2": Fraction(1, 2)}


def test_rock_paper_scissors_value_and_punishment() -> None:
    a = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    r = mixed_minmax(NormalFormGame([a + 2, (-a).T + 2]))
    assert r.values == (2, 2)
    assert set(r.punishments[1]["Player 1"].values()) == {Fraction(1, 3)}


def test_three_player_independent_exceeds_correlated() -> None:
    # Player 1 earns 1 with action 0 on (0,0), action 1 on (1,1), action 2 on a mismatch.
    # Correlated: max(x00, x11, x01 + x10) is minimised at 1/3. Independent with
    # P(0) = p, q: by symmetry p = q and max(p^2, (1-p)^2, 2p(1-p)) is minimised at p = 2/3: 4/9.
    u1 = np.zeros((3, 2, 2), dtype=int)
    u1[0, 0, 0] = u1[1, 1, 1] = u1[2, 0, 1] = u1[2, 1, 0] = 1
    zero = np.zeros((3, 2, 2), dtype=int)
    g = NormalFormGame([u1, zero, zero])
    assert correlated_minmax(g).values[0] == Fraction(1, 3)
    r = mixed_minmax(g)
    assert r.values[0] == Fraction(4, 9)
    assert r.lower_bounds[0] == Fraction(1, 3) and not r.certified
    assert pure_minmax(g).values[0] == 1


def test_three_player_public_good_minmax_is_zero() -> None:
    g = _public_good(3, b=2, c=3)
    r = mixed_minmax(g)
    assert r.values == (0, 0, 0) and r.certified


def _public_good(n: int, b: int, c: int) -> NormalFormGame:
    def pay(*acts: str) -> list[int]:
        coop = [a == "C" for a in acts]
        return [b * (sum(coop) - coop[i]) - c * coop[i] for i in range(n)]
    return NormalFormGame.from_function(pay, [["C", "D"]] * n)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=12, max_size=12))
def test_minmax_ordering_and_duality_on_random_games(vals: list[int]) -> None:
    a = np.array(vals[:6]).reshape(2, 3)
    b = np.array(vals[6:]).reshape(2, 3)
    g = NormalFormGame([a, b])
    pure, mixed = pure_minmax(g), mixed_minmax(g)
    for i in range(2):
        assert mixed.values[i] <= pure.values[i]
    # Player 1's mixed minmax is the value of the zero-sum game with her payoffs: check the certificate.
    mix = mixed.punishments[0]["Player 2"]
    q = np.array([float(mix.get(s, 0)) for s in g.strategies[1]])
    assert np.isclose((a @ q).max(), float(mixed.values[0]))
    assert mixed.exact


def test_rejects_non_game() -> None:
    with pytest.raises(InvalidGameError):
        mixed_minmax([[1, 2], [3, 4]])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        minmax(PD, "nope")


def test_to_json_has_numbers() -> None:
    data = mixed_minmax(PD).to_json()
    assert data["values"] == [1.0, 1.0] and data["certified"]
