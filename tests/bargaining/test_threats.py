"""Nash's variable threats: the calibration oracle, the general (NTU) case, and its saddle certificate."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings, strategies as st

from gametheory import NormalFormGame
from gametheory.bargaining import (
    FeasibleSet,
    nash_solution,
    threat_solution_tu,
    variable_threats,
    variable_threats_tu,
    zero_sum_value,
)
from gametheory.exceptions import InvalidGameError

ORACLE = NormalFormGame([[[2, -1], [-1, 1]], [[0, 0], [0, 0]]], players=["US", "Japan"])


def test_calibration_oracle() -> None:
    """Nash (1953) [L2]: A - B = [[2, -1], [-1, 1]] gives p = q = 0.4, v = 0.2, (5.1, 4.9) at S = 10."""
    v, p, q = zero_sum_value([[2, -1], [-1, 1]])
    assert (v, p[0], q[0]) == (F(1, 5), F(2, 5), F(2, 5))
    assert threat_solution_tu(10, [[2, -1], [-1, 1]]) == (F(51, 10), F(49, 10))
    res = variable_threats_tu(10, ORACLE)
    assert res.solution == (F(51, 10), F(49, 10)) and res.exact
    assert res.details["threats"]["US"] == {"1": F(2, 5), "2": F(3, 5)}
    # the induced disagreement point: d = (pAq, pBq); its Nash solution is the threat solution
    assert res.disagreement == (F(1, 5), 0)
    assert nash_solution(FeasibleSet.transferable(10), res.disagreement).solution == res.solution


def test_general_solver_on_a_polygon_reproduces_the_tu_case() -> None:
    segment = FeasibleSet.from_points([(-100, 110), (110, -100)])
    res = variable_threats(segment, ORACLE)
    assert res.solution == (F(51, 10), F(49, 10)) and res.exact
    assert res.certificate["saddle_regret"] == 0 and res.certificate["residual"] == 0


def test_weighted_tu_by_hand() -> None:
    # weights (2, 1): the threat game is A/2 - B; u1/2 - u2 = v and u1 + u2 = 10
    res = variable_threats_tu(10, ORACLE, weights=(2, 1))
    v, _, _ = zero_sum_value([[1, F(-1, 2)], [F(-1, 2), F(1, 2)]])
    u1 = (v + 10) / (F(1, 2) + 1)
    assert res.solution == (u1, 10 - u1)


def test_threat_outcomes_must_be_feasible() -> None:
    with pytest.raises(InvalidGameError, match="outside the feasible set"):
        variable_threats(FeasibleSet.transferable(1), NormalFormGame([[[2, 0]], [[0, 0]]]))


def _n1(fs, d):  # type: ignore[no-untyped-def]
    return nash_solution(fs, d).solution[0]


def _d(A, B, p, q):  # type: ignore[no-untyped-def]
    pa, qa = np.array(p, dtype=object), np.array(q, dtype=object)
    return (pa @ A @ qa, pa @ B @ qa)


cloud = st.lists(st.tuples(st.integers(-6, 6), st.integers(-6, 6)), min_size=3, max_size=8)


@settings(max_examples=30, deadline=None)
@given(cloud, st.data())
def test_threats_are_a_saddle_point_of_the_nash_outcome(pts, data) -> None:  # type: ignore[no-untyped-def]
    """Against the optimal threat of the other, no mixed threat (on a grid) moves the outcome in one's favour."""
    fs = FeasibleSet.from_points(pts)
    assume(len(fs.vertices) >= 2)
    outcomes = data.draw(st.lists(st.sampled_from(pts), min_size=4, max_size=4))
    A = np.array([[o[0] for o in outcomes[:2]], [o[0] for o in outcomes[2:]]], dtype=object)
    B = np.array([[o[1] for o in outcomes[:2]], [o[1] for o in outcomes[2:]]], dtype=object)
    game = NormalFormGame([A, B])
    res = variable_threats(fs, game)
    u1 = res.solution[0]
    assert nash_solution(fs, res.disagreement).solution == pytest.approx(res.solution, abs=1e-7)
    p = list(res.details["threats"]["Player 1"].values())
    q = list(res.details["threats"]["Player 2"].values())
    tol = 0 if res.exact else 1e-6
    for k in range(9):
        mix = [F(k, 8), 1 - F(k, 8)]
        assert _n1(fs, _d(A, B, mix, q)) <= u1 + tol      # player 1 cannot do better
        assert _n1(fs, _d(A, B, p, mix)) >= u1 - tol      # player 2 cannot do better


def test_frontier_function_case_by_dense_scan() -> None:
    u = sympy.Symbol("u")
    fs = FeasibleSet.from_frontier(4 - u**2 / 4, 0, 4)
    A = np.array([[1.0, 0.0], [0.0, 2.0]])
    B = np.array([[0.0, 1.0], [1.0, 0.0]])
    res = variable_threats(fs, NormalFormGame([A, B]))
    u1 = res.solution[0]
    assert res.solution[1] == pytest.approx(4 - u1**2 / 4)
    p = list(res.details["threats"]["Player 1"].values())
    q = list(res.details["threats"]["Player 2"].values())
    for k in range(21):
        mix = [k / 20, 1 - k / 20]
        assert _n1(fs, _d(A, B, mix, q)) <= u1 + 1e-6
        assert _n1(fs, _d(A, B, p, mix)) >= u1 - 1e-6


def test_weighted_threats_on_a_polygon_match_the_tu_closed_form() -> None:
    segment = FeasibleSet.from_points([(-100, 110), (110, -100)])
    assert variable_threats(segment, ORACLE, (2, 1)).solution == variable_threats_tu(10, ORACLE, (2, 1)).solution
