"""Nash, Kalai-Smorodinsky and egalitarian solutions: calibration oracles and properties."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy
from hypothesis import assume, given, settings, strategies as st

from gametheory.bargaining import (
    FeasibleSet,
    egalitarian,
    kalai_smorodinsky,
    nash_solution,
    nash_tu,
    threat_solution_tu,
)
from gametheory.exceptions import InvalidGameError

coords = st.integers(-10, 10)
clouds = st.lists(st.tuples(coords, coords), min_size=2, max_size=10)


def test_nash_1950() -> None:
    """Nash (1950) [L1]: S = 10, d = (2, 1) gives (5.5, 4.5), exactly."""
    assert nash_tu(10, (2, 1)) == (F(11, 2), F(9, 2))
    assert nash_solution(FeasibleSet.transferable(10), (2, 1)).solution == (F(11, 2), F(9, 2))
    # the same problem as a polygon (a long segment of the line u1 + u2 = 10)
    seg = FeasibleSet.from_points([(-100, 110), (110, -100)])
    res = nash_solution(seg, (2, 1))
    assert res.solution == (F(11, 2), F(9, 2)) and res.exact and res.certificate["max_violation"] == 0


def test_threat_game_oracle_tu() -> None:
    """Nash (1953) [L2]: A - B = [[2, -1], [-1, 1]], S = 10 gives (5.1, 4.9)."""
    assert threat_solution_tu(10, [[2, -1], [-1, 1]]) == (F(51, 10), F(49, 10))


def test_weights_and_validation() -> None:
    fs = FeasibleSet.transferable(10)
    assert nash_solution(fs, (2, 1), (2, 1)).solution == (F(20, 3), F(10, 3))
    with pytest.raises(InvalidGameError, match="weights"):
        nash_solution(fs, (2, 1), (0, 1))
    with pytest.raises(InvalidGameError, match="not feasible"):
        nash_solution(fs, (6, 5))
    with pytest.raises(InvalidGameError, match="outside the feasible set"):
        nash_tu(10, (6, 5))


def test_degenerate_problem_returns_the_only_point() -> None:
    fs = FeasibleSet.from_points([(0, 0), (4, 0), (0, 4), (3, 3)])
    res = nash_solution(fs, (3, 3))
    assert res.solution == (3, 3) and res.certificate["degenerate"]


def test_nash_on_a_curve_matches_the_closed_form() -> None:
    u = sympy.Symbol("u")
    fs = FeasibleSet.from_frontier(4 - u**2 / 4, 0, 4)
    res = nash_solution(fs, (0, 0))          # max u (4 - u^2/4): u = 4/sqrt(3), u2 = 8/3
    assert res.solution == pytest.approx((4 / 3**0.5, 8 / 3), abs=1e-8)
    assert res.certificate["max_violation"] <= 1e-9
    ks = kalai_smorodinsky(fs, (0, 0))       # ideal (4, 4): the diagonal, t = 4 - t^2/4
    assert ks.solution == pytest.approx((2 * 5**0.5 - 2,) * 2)


def _on_strong_frontier(fs: FeasibleSet, u) -> bool:  # type: ignore[no-untyped-def]
    return fs.upper(u[0]) == u[1] and fs.right(u[1]) == u[0]


@settings(max_examples=80, deadline=None)
@given(clouds, st.integers(1, 4), st.integers(1, 4), st.data())
def test_nash_is_pareto_rational_and_beats_a_dense_scan(pts, w1, w2, data) -> None:  # type: ignore[no-untyped-def]
    fs = FeasibleSet.from_points(pts)
    d = data.draw(st.sampled_from(pts))
    chain = fs.chain(d)
    assume(len(chain) > 1)
    res = nash_solution(fs, d, (w1, w2))
    u = res.solution
    assert res.exact and res.certificate["optimal"]
    assert u[0] >= d[0] and u[1] >= d[1]                      # individually rational
    assert _on_strong_frontier(fs, u)                           # Pareto optimal
    best = (u[0] - d[0]) ** w1 * (u[1] - d[1]) ** w2
    for p, q in zip(chain, chain[1:]):                          # exact scan of every edge
        for k in range(41):
            t = F(k, 40)
            x = (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
            assert (x[0] - d[0]) ** w1 * (x[1] - d[1]) ** w2 <= best


@settings(max_examples=60, deadline=None)
@given(clouds, st.integers(-5, 5))
def test_symmetric_problems_get_symmetric_solutions(pts, c) -> None:  # type: ignore[no-untyped-def]
    sym = pts + [(b, a) for a, b in pts] + [(c, c)]
    fs = FeasibleSet.from_points(sym)
    assume(len(fs.chain((c, c))) > 1)
    for solve in (nash_solution, kalai_smorodinsky, egalitarian):
        u = solve(fs, (c, c)).solution
        assert u[0] == u[1], solve.__name__


@settings(max_examples=60, deadline=None)
@given(clouds, st.integers(1, 5), st.integers(1, 5), st.integers(-7, 7), st.integers(-7, 7), st.data())
def test_scale_covariance(pts, a1, a2, b1, b2, data) -> None:  # type: ignore[no-untyped-def]
    d = data.draw(st.sampled_from(pts))
    fs = FeasibleSet.from_points(pts)
    assume(len(fs.chain(d)) > 1)
    moved = FeasibleSet.from_points([(a1 * x + b1, a2 * y + b2) for x, y in pts])
    dm = (a1 * d[0] + b1, a2 * d[1] + b2)
    for solve in (nash_solution, kalai_smorodinsky):
        u, v = solve(fs, d).solution, solve(moved, dm).solution
        assert v == (a1 * u[0] + b1, a2 * u[1] + b2), solve.__name__


@settings(max_examples=60, deadline=None)
@given(clouds, st.data())
def test_kalai_smorodinsky_on_the_frontier_with_the_ideal_ratio(pts, data) -> None:  # type: ignore[no-untyped-def]
    fs = FeasibleSet.from_points(pts)
    d = data.draw(st.sampled_from(pts))
    assume(len(fs.chain(d)) > 1)
    res = kalai_smorodinsky(fs, d)
    u, ideal = res.solution, res.details["ideal"]
    assert fs.upper(u[0]) == u[1]
    assert (u[0] - d[0]) * (ideal[1] - d[1]) == (u[1] - d[1]) * (ideal[0] - d[0])
    assert _on_strong_frontier(fs, u)


@settings(max_examples=60, deadline=None)
@given(clouds, st.data())
def test_egalitarian_is_the_largest_equal_gain(pts, data) -> None:  # type: ignore[no-untyped-def]
    fs = FeasibleSet.from_points(pts)
    d = data.draw(st.sampled_from(pts))
    assume(len(fs.chain(d)) > 1)
    res = egalitarian(fs, d)
    t = res.certificate["t"]
    assert fs.contains((d[0] + t, d[1] + t)) and not fs.contains((d[0] + t + F(1, 10**6), d[1] + t + F(1, 10**6)))
    u = res.solution
    assert min(u[0] - d[0], u[1] - d[1]) == t and _on_strong_frontier(fs, u)
