"""Zero-sum LP: textbook values, Gambit's equilibria of the constant-sum oracle games, LP duality."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory import NormalFormGame, read_nfg
from gametheory.exceptions import NotSupportedError
from gametheory.solvers.zerosum import solve_zero_sum, zero_sum_equilibria
from tests.conftest import GAMES, as_fraction_profile, expected_equilibria, oracle_names

EXPECTED = expected_equilibria()


def zero_sum(A) -> NormalFormGame:  # type: ignore[no-untyped-def]
    A = np.asarray(A, dtype=object)
    return NormalFormGame([A, -A])


def constant_sum_oracles() -> list[str]:
    out = []
    for name in oracle_names(players=2):
        A, B = read_nfg(GAMES / name).exact_payoff_array
        total = A + B
        if all(v == total.flat[0] for v in total.flat):
            out.append(name)
    return out


def test_rock_paper_scissors() -> None:
    res = solve_zero_sum(zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]]))
    third = (Fraction(1, 3),) * 3
    assert res.exact and res.value == 0
    assert res.row_strategy == third and res.column_strategy == third


def test_matching_pennies_view() -> None:
    res = zero_sum_equilibria(zero_sum([[1, -1], [-1, 1]]))
    assert res.method == "zero-sum-lp" and not res.complete
    assert res[0].profile == ((Fraction(1, 2),) * 2, (Fraction(1, 2),) * 2)
    assert res[0].regret == 0 and res[0].exact


def test_textbook_value() -> None:
    """Von Neumann-Morgenstern style 2x2 without a saddle: A = [[3, -1], [-2, 1]] has value 1/7."""
    res = solve_zero_sum(zero_sum([[3, -1], [-2, 1]]))
    assert res.value == Fraction(1, 7)
    assert res.row_strategy == (Fraction(3, 7), Fraction(4, 7))
    assert res.column_strategy == (Fraction(2, 7), Fraction(5, 7))


def test_saddle_point() -> None:
    res = solve_zero_sum(zero_sum([[4, 2, 5], [3, 1, 0], [6, 2, 7]]))
    assert res.value == 2


@pytest.mark.parametrize("name", constant_sum_oracles())
def test_value_is_every_gambit_equilibrium_payoff(name: str) -> None:
    """In a constant-sum game every equilibrium pays player 1 the value; ours must be one of them in kind."""
    game = read_nfg(GAMES / name)
    res = solve_zero_sum(game)
    assert res.exact
    for prof in EXPECTED[name]["equilibria"]:
        assert game.expected_payoffs(as_fraction_profile(prof))[0] == res.value
    A = game.exact_payoff_array[0]
    assert min(np.dot(np.array(res.row_strategy, dtype=object), A)) == res.value
    assert max(np.dot(A, np.array(res.column_strategy, dtype=object))) == res.value


def test_constant_sum_oracle_list_is_not_empty() -> None:
    assert {"mixdom.nfg", "mixdom2.nfg", "2x2const.nfg"} <= set(constant_sum_oracles())


def test_general_sum_is_rejected() -> None:
    pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    with pytest.raises(NotSupportedError, match="not constant-sum"):
        solve_zero_sum(pd)
    with pytest.raises(NotSupportedError, match="two players"):
        solve_zero_sum(NormalFormGame([[0, 1]]))


def test_float_game() -> None:
    res = solve_zero_sum(NormalFormGame([np.array([[0.5, -1.0], [-1.0, 0.25]]), np.array([[-0.5, 1.0], [1.0, -0.25]])]))
    assert not res.exact
    assert res.value == pytest.approx((0.5 * 0.25 - 1.0) / (0.5 + 0.25 + 2.0))


def column_lp_value(A: np.ndarray) -> float:
    """The column player's own LP, solved separately: min u s.t. A y <= u."""
    from scipy.optimize import linprog

    m, n = A.shape
    res = linprog(np.r_[np.zeros(n), 1.0], A_ub=np.hstack([A, -np.ones((m, 1))]), b_ub=np.zeros(m),
                  A_eq=np.r_[np.ones(n), 0.0][None, :], b_eq=[1.0], bounds=[(0, None)] * n + [(None, None)],
                  method="highs")
    return float(res.x[-1])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(
    lambda s: arrays(np.int64, s, elements=st.integers(-3, 3))))
def test_value_matches_dual_and_is_exact(A: np.ndarray) -> None:
    """Small integers (ties, saddle points, degenerate optimal sets): exact, and the dual LP agrees."""
    res = solve_zero_sum(zero_sum(A.tolist()))
    assert res.exact
    Ae = np.array(A.tolist(), dtype=object)
    assert min(np.dot(np.array(res.row_strategy, dtype=object), Ae)) >= res.value
    assert max(np.dot(Ae, np.array(res.column_strategy, dtype=object))) <= res.value
    assert float(res.value) == pytest.approx(column_lp_value(A.astype(float)), abs=1e-7)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(st.integers(2, 8), st.integers(2, 8)).flatmap(
    lambda s: arrays(np.float64, s, elements=st.floats(-10, 10, allow_nan=False, width=32))))
def test_float_games_certified(A: np.ndarray) -> None:
    game = NormalFormGame([A, -A])
    res = solve_zero_sum(game)
    assert res.equilibria[0].regret <= game.tolerance()
    assert res.value == pytest.approx(column_lp_value(A), abs=1e-7 * max(1.0, float(np.ptp(A))))
