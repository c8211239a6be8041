"""Feasible sets: hulls, Pareto frontiers, the region above a disagreement point, validation."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st

from gametheory import NormalFormGame
from gametheory.bargaining import FeasibleSet
from gametheory.exceptions import InvalidGameError, NotSupportedError

coords = st.integers(-20, 20)
points = st.lists(st.tuples(coords, coords), min_size=1, max_size=12)


def test_pareto_chain_of_a_square_with_a_corner_cut() -> None:
    fs = FeasibleSet.from_points([(0, 0), (4, 0), (0, 4), (3, 3), (1, 1)])
    assert fs.vertices == ((0, 4), (3, 3), (4, 0))
    assert fs.exact and all(isinstance(c, F) for v in fs.vertices for c in v)
    assert fs.sources == (2, 3, 1)
    assert fs.upper(F(3, 2)) == F(7, 2) and fs.upper(-5) == 4 and fs.upper(5) is None
    assert fs.right(2) == F(10, 3) and fs.right(5) is None


def test_weakly_pareto_points_are_not_on_the_frontier() -> None:
    # (0, 3) and (2, 3) share the top; (4, 1) and (4, 0) the right edge
    fs = FeasibleSet.from_points([(0, 3), (2, 3), (4, 1), (4, 0)])
    assert fs.vertices == ((2, 3), (4, 1))


def test_chain_above_the_disagreement_point() -> None:
    fs = FeasibleSet.from_points([(0, 0), (4, 0), (0, 4), (3, 3)])
    assert fs.chain((1, 1)) == [(1, F(11, 3)), (3, 3), (F(11, 3), 1)]
    assert fs.chain((-1, -2)) == [(-1, 4), (0, 4), (3, 3), (4, 0), (4, -2)]  # flat and vertical parts
    assert fs.chain((3, 3)) == [(3, 3)]
    with pytest.raises(InvalidGameError, match="disagreement point .* is not feasible"):
        fs.chain((3, 3.5))


def test_transferable_utility() -> None:
    fs = FeasibleSet.transferable(10)
    assert fs.chain((2, 1)) == [(2, 8), (9, 1)]
    assert fs.ideal((2, 1)) == (9, 8)
    assert fs.ray((2, 1), (1, 1)) == F(7, 2)


def test_from_game_is_the_hull_of_pure_payoffs() -> None:
    g = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    assert FeasibleSet.from_game(g).vertices == ((0, 5), (3, 3), (5, 0))
    three = NormalFormGame([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(NotSupportedError, match="two-player"):
        FeasibleSet.from_game(three)


def test_float_points_use_qhull_and_agree_with_the_exact_chain() -> None:
    rng = np.random.default_rng(3)
    pts = rng.normal(size=(200, 2))
    fs = FeasibleSet.from_points([tuple(p) for p in pts])
    exact = FeasibleSet.from_points([(F(float(a)), F(float(b))) for a, b in pts])
    assert np.allclose(fs.sample(), exact.sample())


def test_frontier_function_checks_monotonicity_and_concavity() -> None:
    u = sympy.Symbol("u")
    fs = FeasibleSet.from_frontier(4 - u**2 / 4, 0, 4)
    assert fs.upper(2) == pytest.approx(3) and fs.right(3) == pytest.approx(2)
    assert fs.ray((0, 0), (1, 1)) == pytest.approx(-2 + 2 * 5**0.5)  # t = 4 - t^2/4
    with pytest.raises(InvalidGameError, match="concave"):
        FeasibleSet.from_frontier(lambda x: 1 / (1 + x), 0, 4)
    with pytest.raises(InvalidGameError, match="non-increasing"):
        FeasibleSet.from_frontier(u, 0, 1)
    with pytest.raises(InvalidGameError, match="a < b"):
        FeasibleSet.from_frontier(u, 1, 1)
    with pytest.raises(InvalidGameError, match="one free symbol"):
        FeasibleSet.from_frontier(u + sympy.Symbol("v"), 0, 1)


@pytest.mark.parametrize("bad, message", [
    ([], "at least one point"),
    ([(1, 2, 3)], "two numbers"),
    ([(1, float("nan"))], "not finite"),
    ([("a", 1)], "expected a number"),
])
def test_bad_points(bad, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidGameError, match=message):
        FeasibleSet.from_points(bad)


@settings(max_examples=60, deadline=None)
@given(points)
def test_chain_is_pareto_and_dominates_every_point(pts) -> None:  # type: ignore[no-untyped-def]
    fs = FeasibleSet.from_points(pts)
    v = fs.vertices
    assert all(a[0] < b[0] and a[1] > b[1] for a, b in zip(v, v[1:]))
    for p in pts:
        assert fs.contains(p)
        top = fs.upper(p[0])
        assert top is not None and top >= p[1]
    # no frontier vertex is weakly dominated by an input point other than itself
    for a in v:
        assert not any(q != a and q[0] >= a[0] and q[1] >= a[1] for q in pts)


def test_normal_cones() -> None:
    fs = FeasibleSet.from_points([(0, 0), (4, 0), (0, 4), (3, 3)])
    assert fs.normal((3, 3)) == ((1, 3), (3, 1))                 # a vertex: between its edges' normals
    assert fs.normal((F(3, 2), F(7, 2))) == ((1, 3), (1, 3))     # inside an edge
    assert fs.normal((0, 4)) == ((0, 1), (1, 3)) and fs.normal((4, 0)) == ((3, 1), (1, 0))
    assert FeasibleSet.transferable(1).normal((0, 1)) == ((1, 1), (1, 1))
