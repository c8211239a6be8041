"""Pure-strategy equilibria: known answers, Gambit's oracle files, and pygambit on random games."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory import NormalFormGame, read_nfg
from gametheory.solvers.pure import _pure_equilibrium_mask, pure_equilibria
from tests.conftest import GAMES, as_fraction_profile, expected_equilibria, oracle_names

EXPECTED = expected_equilibria()


def profiles(result) -> set:  # type: ignore[no-untyped-def]
    return {tuple(tuple(p) for p in e.profile) for e in result}


def brute_force_mask(payoffs: np.ndarray) -> np.ndarray:
    """One profile at a time, one deviation at a time: the definition."""
    n, shape = payoffs.shape[0], payoffs.shape[1:]
    out = np.zeros(shape, dtype=bool)
    for prof in itertools.product(*(range(k) for k in shape)):
        ok = True
        for i in range(n):
            for dev in range(shape[i]):
                alt = list(prof)
                alt[i] = dev
                if payoffs[(i, *alt)] > payoffs[(i, *prof)]:
                    ok = False
        out[prof] = ok
    return out


@pytest.mark.parametrize("name", oracle_names())
def test_matches_gambit_enumpure(name: str) -> None:
    """Every oracle .nfg, any number of players: exactly Gambit's pure equilibria."""
    result = pure_equilibria(read_nfg(GAMES / name))
    assert profiles(result) == {as_fraction_profile(p) for p in EXPECTED[name]["pure"]}
    assert result.complete and result.method == "pure-enumeration"
    assert all(e.exact and e.regret == 0 and e.is_pure for e in result)


def test_prisoners_dilemma() -> None:
    pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    (eq,) = pure_equilibria(pd)
    assert eq.support == (("D",), ("D",))
    assert eq.payoffs == (1, 1)


def test_matching_pennies_has_none() -> None:
    mp = NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    assert len(pure_equilibria(mp)) == 0


def test_one_player_picks_every_maximum() -> None:
    g = NormalFormGame([[2, 5, 5, 1]])
    assert [e.support for e in pure_equilibria(g)] == [(("2",),), (("3",),)]


def test_exact_ties_beyond_float_resolution() -> None:
    """1 and 1 + 10^-20 are the same double: only exact comparison separates them."""
    tiny = Fraction(1, 10**20)
    g = NormalFormGame([[[0, 0]], [[1, 1 + tiny]]])
    assert [e.support for e in pure_equilibria(g)] == [(("1",), ("2",))]
    assert len(pure_equilibria(g.to_float())) == 2  # within tolerance in floating point


def test_float_game_tolerance_matches_certificate() -> None:
    g = NormalFormGame([[[0.0, 0.0]], [[1.0, 1.0 + 1e-6]]])
    res = pure_equilibria(g)
    assert len(res) == 1 and all(e.regret <= g.tolerance() for e in res)


def test_float_ties_are_relative_to_each_players_range() -> None:
    # player 2 distinguishes 1 from 1 + 1e-13 only: scaled by 1e13 that is 1 against 2, a strict preference,
    # so answers that do not depend on scale (issue 29) make it strict at every scale
    g = NormalFormGame([[[0.0, 0.0]], [[1.0, 1.0 + 1e-13]]])
    assert [e.support for e in pure_equilibria(g)] == [(("1",), ("2",))]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(1, 3), min_size=1, max_size=4).flatmap(
    lambda shape: arrays(np.int64, (len(shape), *shape), elements=st.integers(-2, 2))))
def test_kernel_matches_definition(payoffs: np.ndarray) -> None:
    assert np.array_equal(_pure_equilibrium_mask(payoffs), brute_force_mask(payoffs))


gbt = pytest.importorskip("pygambit")
from tests.pygambit_compat import from_arrays, strategy_probabilities  # noqa: E402


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(1, 3), min_size=2, max_size=3).flatmap(
    lambda shape: arrays(np.int64, (len(shape), *shape), elements=st.integers(0, 2))))
def test_matches_pygambit_enumpure(payoffs: np.ndarray) -> None:
    """Small integer payoffs: many ties, the hard case for strict/weak comparisons."""
    g = from_arrays(*[p.tolist() for p in payoffs])
    theirs = {
        tuple(tuple(Fraction(str(x)) for x in player) for player in strategy_probabilities(e))
        for e in gbt.nash.enumpure_solve(g).equilibria
    }
    assert profiles(pure_equilibria(NormalFormGame(list(payoffs)))) == theirs
