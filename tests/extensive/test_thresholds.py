"""Credibility thresholds along one parameter: exact roots, intervals, numeric fallback, linear property."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.extensive._backward_induction import backward_induction
from gametheory.extensive._credibility import credibility
from gametheory.extensive.thresholds import action_thresholds, credibility_thresholds
from gametheory.games.tree import GameTree

X = sympy.Symbol("x", real=True)


def two_actions(pay_a, pay_b, chance=None):  # type: ignore[no-untyped-def]
    """Root: P0 chooses Go (to P1's node) or Stay; P1 chooses A or B with own payoffs pay_a / pay_b."""
    t = GameTree(["P0", "P1"])
    t.add_decision("r", "P0")
    t.add_terminal("stay", (0, 0), "r", "Stay")
    t.add_decision("n", "P1", "r", "Go")
    t.add_terminal("a", (1, pay_a), "n", "A")
    if chance is None:
        t.add_terminal("b", (-1, pay_b), "n", "B")
    else:
        t.add_chance("c", "n", "B")
        t.add_terminal("b1", (-1, pay_b), "c", "hi", probability=chance)
        t.add_terminal("b2", (-1, 0), "c", "lo", probability=1 - chance)
    return t


@settings(max_examples=40, deadline=None)
@given(st.integers(-5, 5), st.integers(-5, 5), st.integers(-5, 5), st.integers(-5, 5), st.integers(-9, 9))
def test_linear_threshold_is_the_exact_root(c1: int, b1: int, c2: int, b2: int, x0: int) -> None:
    t = two_actions(c1 + b1 * X, c2 + b2 * X)
    found = credibility_thresholds(t, {"x": x0}, {"x": (-10, 10)}, items=[("n", "A")])[("n", "A")]
    if b1 == b2 == 0:  # nothing depends on x
        assert found == ()
        return
    (th,) = found
    assert th.holds == (c1 + b1 * x0 >= c2 + b2 * x0)
    if b1 == b2:
        assert th.relation == ("always" if c1 >= c2 else "never")
        return
    root = Fraction(c2 - c1, b1 - b2)
    if -10 < root < 10:
        assert th.relation == (">=" if b1 > b2 else "<=") and th.value == root
        assert th.exact == str(sympy.Rational(root.numerator, root.denominator))
    elif root <= -10:
        assert th.relation == ("always" if b1 > b2 else "never")
    else:
        assert th.relation == ("never" if b1 > b2 else "always")


def test_rational_function_and_chance_probability() -> None:
    # A gives 1/(1 + x); B is a lottery: 1 with probability 1/(2 + x). Equal iff x = ... never for x >= 0
    # (1/(1+x) > 1/(2+x)); with B paying 2: 1/(1+x) >= 2/(2+x) iff 2 + x >= 2 + 2x iff x <= 0
    t = two_actions(1 / (1 + X), 2, chance=1 / (2 + X))
    (th,) = credibility_thresholds(t, {"x": 1}, {"x": (-0.5, 4)}, items=[("n", "A")])[("n", "A")]
    assert (th.relation, th.value, th.holds) == ("<=", Fraction(0), False)


def test_two_intervals_from_a_quadratic() -> None:
    t = two_actions(X**2, 1)
    (th,) = credibility_thresholds(t, {"x": 0}, {"x": (-3, 3)}, items=[("n", "A")])[("n", "A")]
    assert th.relation == "in" and th.intervals == ((-3.0, Fraction(-1)), (Fraction(1), 3.0))
    assert th.text() == "credible iff x <= -1 or x >= 1"


def test_numeric_fallback_for_exp() -> None:
    t = two_actions(sympy.exp(X), 2)
    (th,) = credibility_thresholds(t, {"x": 0}, {"x": (-2, 2)}, items=[("n", "A")])[("n", "A")]
    assert th.relation == ">=" and th.exact is None and math.isclose(th.value, math.log(2), rel_tol=1e-12)


def test_first_move_regimes_follow_the_later_choice() -> None:
    # P1 picks A (P0 gets 1) iff x >= 1; else B (P0 gets -1 < 0 = Stay): P0 goes iff x >= 1
    t = two_actions(X, 1)
    (th,) = action_thresholds(t, {"x": 0}, {"x": (-4, 4)})
    assert th.points == (Fraction(1),) and th.regimes == (("Stay",), ("Go",)) and th.now == ("Stay",)
    for x, first in ((Fraction(999, 1000), "Stay"), (Fraction(1001, 1000), "Go")):
        assert backward_induction(t.subs({X: x})).equilibria[0]["path"][0] == first


def test_credibility_fills_conditions_and_json() -> None:
    t = two_actions(X, 1)
    res = credibility(t, {"x": 0}, bounds={"x": (-4, 4)}, announced={"n": "A"}, commitment=False)
    (th,) = res.threats
    assert not th.credible and th.cost == 1.0 and th.condition == "credible iff x >= 1"
    data = th.to_json()
    assert set(data) >= {"player", "node", "action", "credible", "cost", "condition", "thresholds"}
    assert data["thresholds"] == [{"parameter": "x", "relation": ">=", "value": 1.0, "exact": "1",
                                   "intervals": [[1.0, 4.0]], "range": [-4.0, 4.0], "current": 0.0,
                                   "holds": False, "points": [1.0], "regimes": [], "now": [],
                                   "text": "credible iff x >= 1"}]


def test_missing_value_is_an_error() -> None:
    with pytest.raises(ValueError, match="no value for parameter"):
        credibility(two_actions(X, 1), {"y": 0})


def random_tree(data):  # type: ignore[no-untyped-def]
    """Two players alternate for two moves, then Nature; payoffs c + b*x with small integers."""
    t = GameTree(["P0", "P1"])
    t.add_decision("r", "P0")
    count = [0]

    def pay():  # type: ignore[no-untyped-def]
        return tuple(data.draw(st.integers(-3, 3)) + data.draw(st.integers(-2, 2)) * X for _ in range(2))

    for a in ("L", "R"):
        n = f"n{a}"
        t.add_decision(n, "P1", "r", a)
        for b in ("l", "r"):
            count[0] += 1
            if data.draw(st.booleans()):
                c = f"c{count[0]}"
                t.add_chance(c, n, b)
                p = Fraction(data.draw(st.integers(1, 3)), 4)
                t.add_terminal(c + "h", pay(), c, "h", probability=p)
                t.add_terminal(c + "t", pay(), c, "t", probability=1 - p)
            else:
                t.add_terminal(f"t{count[0]}", pay(), n, b)
    return t


@settings(max_examples=20, deadline=None)
@given(st.data())
def test_every_boundary_flips_credibility_in_the_solved_tree(data) -> None:  # type: ignore[no-untyped-def]
    _check_boundaries(random_tree(data))


def test_an_action_optimal_only_at_a_tie_is_credible_at_that_point_alone() -> None:
    # found by hypothesis: P1 answers R with l (-x, 0) or r (x, x), so R is worth |x| to P0 and L (0) is
    # optimal only at x = 0; its credible set is the single point [0, 0]
    t = GameTree(["P0", "P1"])
    t.add_decision("r", "P0")
    t.add_decision("nL", "P1", "r", "L")
    t.add_decision("nR", "P1", "r", "R")
    t.add_terminal("t1", (0, 0), "nL", "l")
    t.add_terminal("t2", (0, 0), "nL", "r")
    t.add_terminal("t3", (-X, 0), "nR", "l")
    t.add_terminal("t4", (X, X), "nR", "r")
    (th,) = credibility_thresholds(t, {"x": 0}, {"x": (-5, 5)}, items=[("r", "L")])[("r", "L")]
    assert th.relation == "in" and th.intervals == ((0, 0),)
    _check_boundaries(t)


def _check_boundaries(t: GameTree) -> None:
    if not t.is_symbolic:
        return
    found = credibility_thresholds(t, {"x": 0}, {"x": (-5, 5)})
    eps = Fraction(1, 10**6)
    for (node, action), ths in found.items():
        for th in ths:
            for point in th.points:
                x = Fraction(point) if isinstance(point, Fraction) else None
                assert x is not None, "payoffs are linear with rational coefficients: boundaries are exact"
                # a boundary is where credibility changes: across it, or at an isolated point (an action
                # optimal only at a tie, credible "in [x, x]": both sides differ from the point itself)
                around = [credibility(t.subs({X: v}), announced={node: action}, commitment=False).threats[0].credible
                          for v in (x - eps, x, x + eps)]
                assert len(set(around)) > 1, (node, action, x)
