"""Finite repetition: unravelling, Benoit-Krishna end-game rewards, nashpy's repeated normal form."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.exceptions import NotSupportedError
from gametheory.repeated.finite import finite_spe, repeated_normal_form
from gametheory.solvers._solve import solve

PD = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])

# Two pure stage equilibria (T,L) = (1,1) and (B,R) = (3,3); (M,C) = (4,4) is not one (deviation gain 1).
BK = NormalFormGame([[[1, 5, 0], [0, 4, 0], [0, 0, 3]], [[1, 0, 0], [5, 4, 0], [0, 0, 3]]],
                    strategies=[["T", "M", "B"], ["L", "C", "R"]])


@pytest.mark.parametrize("rounds", [1, 2, 5])
def test_pd_unravels(rounds: int) -> None:
    r = finite_spe(PD, rounds, target="C,C")
    assert r.unravels
    assert r.path == (("D", "D"),) * rounds
    assert r.payoffs == (float(rounds), float(rounds))
    assert r.end_rounds is None and "unravelling" in r.notes[0]


def test_end_game_rewards_sustain_cooperation() -> None:
    r = finite_spe(BK, 2, target=["M", "C"])
    assert not r.unravels
    # Gain from deviating 5 - 4 = 1 <= one round of (3,3) instead of the worst equilibrium for the deviator.
    assert r.end_rounds == 1
    assert r.path == (("M", "C"), ("B", "R"))
    assert r.payoffs == (7.0, 7.0)
    r5 = finite_spe(BK, 5, target=["M", "C"])
    assert r5.path[:4] == (("M", "C"),) * 4 and r5.payoffs == (19.0, 19.0)
    assert finite_spe(BK, 1, target=["M", "C"]).end_rounds is None


def test_discounting_can_break_the_end_game_reward() -> None:
    # The worst equilibrium for each player is the mixed one (payoff 3/4); with delta = 0.4 one reward round is
    # worth 0.4 * (3 - 3/4) = 0.9 < 1, two are worth 0.9 + 0.16 * 2.25 = 1.26 >= 1. With delta = 0.3 even
    # three (0.675 + 0.2025 + 0.06075 = 0.94) are not enough.
    worst = min(float(e.payoffs[0]) for e in solve(BK).equilibria)
    assert worst == pytest.approx(0.75)
    assert finite_spe(BK, 4, target=["M", "C"], delta=0.4).end_rounds == 2
    assert finite_spe(BK, 4, target=["M", "C"], delta=0.3).end_rounds is None


def test_repeated_normal_form_two_round_pd() -> None:
    rep = repeated_normal_form(PD, 2)
    assert rep.shape == (32, 32)
    # Every Nash equilibrium of the twice-repeated PD defects on the path: totals (2, 2).
    a, b = rep.payoff_array
    pure_ne = np.argwhere((a >= a.max(axis=0, keepdims=True)) & (b >= b.max(axis=1, keepdims=True)))
    assert len(pure_ne) > 0
    assert all(a[i, j] == 2 and b[i, j] == 2 for i, j in pure_ne)
    with pytest.raises(NotSupportedError):
        repeated_normal_form(PD, 3)


def test_three_player_public_good_unravels() -> None:
    def pay(*acts: str) -> list[int]:
        coop = [a == "C" for a in acts]
        return [2 * (sum(coop) - coop[i]) - 3 * coop[i] for i in range(3)]

    g = NormalFormGame.from_function(pay, [["C", "D"]] * 3)
    r = finite_spe(g, 3, target="C,C,C")
    assert r.unravels and r.path == (("D", "D", "D"),) * 3 and r.payoffs == (0.0, 0.0, 0.0)
