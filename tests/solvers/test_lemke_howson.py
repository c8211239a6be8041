"""Lemke-Howson: Gambit's equilibria, nashpy's paths, and zero regret on random (degenerate) games."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory import NormalFormGame, read_nfg
from gametheory.exceptions import InvalidGameError, InvalidProfileError
from gametheory.solvers._lemke_howson import lemke_howson
from tests.conftest import GAMES, as_fraction_profile, expected_equilibria, oracle_names

EXPECTED = expected_equilibria()


def bimatrix(shape: tuple[int, int], low: int, high: int):  # type: ignore[no-untyped-def]
    return st.tuples(arrays(np.int64, shape, elements=st.integers(low, high)),
                     arrays(np.int64, shape, elements=st.integers(low, high)))


games = st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(lambda s: bimatrix(s, 0, 2))


@pytest.mark.parametrize("name", oracle_names(players=2))
def test_every_label_ends_at_a_gambit_equilibrium(name: str) -> None:
    """Every end point is one of Gambit's extreme equilibria, exactly (these include degenerate games)."""
    game = read_nfg(GAMES / name)
    result = lemke_howson(game)
    m, n = game.shape
    want = {as_fraction_profile(p) for p in EXPECTED[name]["equilibria"]}
    got = {tuple(tuple(p) for p in e.profile) for e in result}
    assert got and got <= want
    assert all(e.exact and e.regret == 0 for e in result)
    assert len(result.notes) == m + n and all("-> equilibrium" in s for s in result.notes)


def test_battle_of_the_sexes_labels() -> None:
    bos = NormalFormGame([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    one = Fraction(1), Fraction(0)
    two = Fraction(0), Fraction(1)
    assert lemke_howson(bos, initial_label=0)[0].profile == (one, one)
    assert lemke_howson(bos, initial_label=1)[0].profile == (two, two)
    assert not lemke_howson(bos).complete


def test_matching_pennies_mixed() -> None:
    mp = NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    res = lemke_howson(mp)
    assert len(res) == 1
    assert res[0].profile == ((Fraction(1, 2),) * 2, (Fraction(1, 2),) * 2)


def test_von_stengel_75() -> None:
    res = lemke_howson(read_nfg(GAMES / "6x6_game_with_75_eq.nfg"))
    assert 1 <= len(res) <= 75 and res.max_regret == 0


def test_bad_arguments() -> None:
    g = NormalFormGame([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    with pytest.raises(InvalidProfileError, match="initial_label"):
        lemke_howson(g, initial_label=4)
    with pytest.raises(InvalidGameError, match="two players"):
        lemke_howson(NormalFormGame([[1, 2]]))


def test_large_game_every_label_certified() -> None:
    """A 60x60 random game: every path ends, every end point passes its certificate."""
    rng = np.random.default_rng(7)
    A, B = rng.random((60, 60)), rng.random((60, 60))
    game = NormalFormGame([A, B])
    res = lemke_howson(game, initial_label=0)
    assert len(res) == 1 and res[0].regret <= game.tolerance()
    res = lemke_howson(game, initial_label=119)
    assert len(res) == 1 and res[0].regret <= game.tolerance()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games)
def test_small_integer_games_exact_zero_regret(payoffs) -> None:  # type: ignore[no-untyped-def]
    """Payoffs in {0, 1, 2}: degenerate almost always; lexicographic pivoting must still end at equilibria."""
    A, B = payoffs
    game = NormalFormGame([A, B])
    res = lemke_howson(game)
    m, n = A.shape
    assert len(res) >= 1
    assert all(e.exact and game.regret(e.profile) == 0 for e in res)
    assert sum("-> equilibrium" in s for s in res.notes) == m + n


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(st.integers(2, 7), st.integers(2, 7)).flatmap(
    lambda s: st.tuples(arrays(np.float64, s, elements=st.floats(-5, 5, allow_nan=False, width=32)),
                        arrays(np.float64, s, elements=st.floats(-5, 5, allow_nan=False, width=32)))))
def test_float_games_certified(payoffs) -> None:  # type: ignore[no-untyped-def]
    game = NormalFormGame(list(payoffs))
    res = lemke_howson(game)
    assert len(res) >= 1 and res.max_regret <= game.tolerance()


nashpy = pytest.importorskip("nashpy")


@pytest.mark.parametrize(("seed", "m", "n"), [(0, 5, 4), (1, 12, 12), (2, 3, 7), (3, 8, 8), (4, 6, 2)])
def test_same_path_end_as_nashpy(seed: int, m: int, n: int) -> None:
    """Generic (non-degenerate) games: each label's path is unique, so nashpy must end where we end.

    Fixed seeds, not hypothesis: nashpy's own pivoting can fail to terminate on some games.
    """
    rng = np.random.default_rng(seed)
    A, B = rng.random((m, n)), rng.random((m, n))
    game = nashpy.Game(A, B)
    ours = NormalFormGame([A, B])
    for label in range(m + n):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                x, y = game.lemke_howson(initial_dropped_label=label)
            except ValueError:  # nashpy's "could not find dropped label" on some paths
                continue
        # nashpy sometimes returns a wrongly shaped vector or a non-equilibrium: nothing to compare then.
        if x.shape != (m,) or y.shape != (n,) or not all(game.is_best_response(x, y)):
            continue
        mine = lemke_howson(ours, initial_label=label)[0].float_profile()
        np.testing.assert_allclose(mine[0], x, atol=1e-7)
        np.testing.assert_allclose(mine[1], y, atol=1e-7)
