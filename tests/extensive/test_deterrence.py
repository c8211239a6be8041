"""Zagare-Kilgour perfect deterrence: credibility x capability, and p* in closed form vs from the tree."""

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.exceptions import InvalidGameError, NotSupportedError
from gametheory.extensive._backward_induction import backward_induction
from gametheory.extensive.deterrence import (
    critical_probability,
    critical_probability_from_tree,
    deterrence_tree,
    incomplete_deterrence_tree,
    mutual_deterrence,
    perfect_deterrence,
)

CH = (1, 0, -2)  # u_Ch(win, SQ, conflict), calibration section 5


@pytest.mark.parametrize("credible", [True, False])
@pytest.mark.parametrize("capable", [True, False])
def test_status_quo_iff_credible_and_capable(credible, capable):
    challenger = (1, 0, -2) if capable else (1, 0, Fraction(1, 2))   # SQ > conflict iff capable
    defender = (-1, 0, Fraction(-1, 2)) if credible else (-1, 0, -2)  # conflict > concede iff credible
    r = perfect_deterrence(challenger, defender)
    assert (r.credible, r.capable, r.motivated) == (credible, capable, True)
    res = backward_induction(deterrence_tree(challenger, defender))
    assert res.count == 1
    path = res.equilibria[0]["path"]
    assert (path == ("status_quo",)) == (credible and capable) == r.deterred
    expected = {(True, True): "status_quo", (True, False): "conflict",
                (False, True): "concession", (False, False): "concession"}[(credible, capable)]
    assert r.outcomes == (expected,)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=3, max_size=3, unique=True),
       st.lists(st.integers(-5, 5), min_size=3, max_size=3, unique=True))
def test_deterrence_theorem_on_drawn_payoffs(ch, de):
    r = perfect_deterrence(ch, de)
    if r.motivated:
        assert r.deterred == (r.credible and r.capable)
    else:  # a Challenger that prefers the status quo to winning is never a problem
        assert r.deterred or (ch[2] > ch[1] and r.credible)


def test_tie_reports_both_outcomes():
    r = perfect_deterrence((1, 0, 0), (-1, 0, Fraction(-1, 2)))  # Challenger indifferent SQ vs conflict
    assert set(r.outcomes) == {"status_quo", "conflict"} and not r.deterred


def test_critical_probability_oracle():
    assert critical_probability(CH) == Fraction(1, 3)
    r = critical_probability_from_tree(incomplete_deterrence_tree(CH), "p")
    assert r.value == Fraction(1, 3) and isinstance(r.value, Fraction)
    assert (r.below, r.above) == ("challenge", "status_quo")
    assert sp.simplify(r.values["challenge"][0] - (1 - 3 * sp.Symbol("p"))) == 0


@settings(max_examples=30, deadline=None)
@given(st.fractions(-5, 5, max_denominator=8), st.fractions(Fraction(1, 8), 5, max_denominator=8),
       st.fractions(Fraction(1, 8), 5, max_denominator=8))
def test_closed_form_agrees_with_the_tree(sq, up, down):
    ch = (sq + up, sq, sq - down)
    closed = critical_probability(ch)
    assert closed == critical_probability_from_tree(incomplete_deterrence_tree(ch), "p").value
    # independent numeric check: the challenge decision flips at p* (backward induction at fixed p)
    for p, action in ((closed * Fraction(99, 100), "challenge"), ((closed + 1) / 2, "status_quo")):
        t = incomplete_deterrence_tree(ch, p=p)
        assert backward_induction(t).equilibria[0]["path"][0] == action


def test_symbolic_payoffs_take_values():
    w, c = sp.symbols("w c")
    t = incomplete_deterrence_tree((w, 0, c), p="q")
    r = critical_probability_from_tree(t, "q", values={"w": 2, "c": -1})
    assert r.value == Fraction(2, 3)


def test_errors():
    with pytest.raises(InvalidGameError, match="capable"):
        critical_probability((1, 0, 1))
    with pytest.raises(InvalidGameError, match="give values"):
        critical_probability_from_tree(incomplete_deterrence_tree((sp.Symbol("w"), 0, -2)), "p")
    with pytest.raises(InvalidGameError, match="does not occur"):
        critical_probability_from_tree(incomplete_deterrence_tree(), "x")
    # both types resist: challenging never pays, whatever p
    with pytest.raises(NotSupportedError, match="does not change"):
        critical_probability_from_tree(incomplete_deterrence_tree(CH, soft=(-1, 0, Fraction(-1, 2))), "p")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(-6, 6), min_size=4, max_size=4, unique=True),
       st.lists(st.integers(-6, 6), min_size=4, max_size=4, unique=True))
def test_mutual_deterrence_needs_both_threats_credible_and_capable(u1, u2):
    r = mutual_deterrence(u1, u2)
    assert len(r.outcomes) == 1  # distinct payoffs: no ties
    if u1[0] > u1[1] and u2[0] > u2[1]:  # both would rather win than keep the status quo
        assert r.deterred == (all(r.credible) and all(r.capable))


@pytest.mark.parametrize("broken", range(4))
def test_mutual_deterrence_each_condition_matters(broken):
    u = [[1, 0, -1, -2], [1, 0, -1, -2]]  # both credible (conflict -1 > loss -2) and capable (SQ 0 > conflict -1)
    assert mutual_deterrence(*u).deterred
    who, what = divmod(broken, 2)
    if what == 0:
        u[who][2], u[who][3] = -2, -1   # player `who` would concede rather than fight: not credible
    else:
        u[1 - who][2] = Fraction(1, 2)  # the other prefers conflict to the status quo: `who`'s threat not capable
    r = mutual_deterrence(*u)
    assert not r.deterred and not (all(r.credible) and all(r.capable))
