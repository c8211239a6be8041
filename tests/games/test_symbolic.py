"""Symbolic normal-form games: substitution (exact and float), labels, vectorised evaluation."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.exceptions import ExpressionError, InvalidGameError, ParameterError
from gametheory.games.symbolic import SymbolicGame

T, P = sympy.symbols("T P", real=True)


def pd() -> SymbolicGame:
    """Prisoner's dilemma with temptation T and punishment P (R = 3, S = 0)."""
    return SymbolicGame([[[3, 0], [T, P]], [[3, T], [0, P]]], players=["A", "B"],
                        strategies=[["C", "D"], ["C", "D"]], title="PD", parameters=["T", "P"])


def test_substitute_gives_the_textbook_prisoners_dilemma() -> None:
    g = pd().substitute({"T": 5, "P": 1})
    expected = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], players=["A", "B"],
                              strategies=[["C", "D"], ["C", "D"]])
    assert g == expected
    assert g.is_exact and g.title == "PD"
    assert g.is_nash([[0, 1], [0, 1]]) and not g.is_nash([[1, 0], [1, 0]])
    # With T < R cooperation becomes an equilibrium: the parameter changes the answer.
    assert pd().substitute({"T": 2, "P": 1}).is_nash([[1, 0], [1, 0]])


def test_decimal_values_are_exact_and_irrational_payoffs_are_float() -> None:
    g = pd().substitute({"T": 0.1, "P": Fraction(1, 3)})
    assert g.is_exact and g.payoffs[0][1, 0] == Fraction(1, 10) and g.payoffs[0][1, 1] == Fraction(1, 3)
    h = SymbolicGame([[[sympy.sqrt(T)]], [[sympy.log(T)]]]).substitute({"T": 2})
    assert not h.is_exact
    assert h.payoff_array[0, 0, 0] == pytest.approx(2**0.5) and h.payoff_array[1, 0, 0] == pytest.approx(np.log(2))
    assert SymbolicGame([[[sympy.sqrt(T)]], [[0]]]).substitute({"T": Fraction(9, 4)}).payoffs[0][0, 0] == Fraction(3, 2)


def test_parameters_and_labels() -> None:
    g = pd()
    assert g.parameters == ("T", "P") and g.shape == (2, 2) and g.players == ("A", "B")
    assert g.payoff("B", ["C", "D"]) == T
    with pytest.raises(InvalidGameError, match="not listed"):
        SymbolicGame([[[T]], [[P]]], parameters=["T"])
    with pytest.raises(InvalidGameError):
        SymbolicGame([[[T, 1]], [[P]]])  # shapes differ


def test_unknown_missing_and_bad_values() -> None:
    with pytest.raises(ParameterError, match="unknown parameter 'Q'"):
        pd().substitute({"T": 5, "P": 1, "Q": 2})
    with pytest.raises(ParameterError, match="no value for parameter 'P'"):
        pd().substitute({"T": 5})
    with pytest.raises(ParameterError):
        pd().substitute({"T": float("inf"), "P": 1})


def test_non_finite_payoffs_are_refused_with_the_cell() -> None:
    g = SymbolicGame([[[sympy.log(T), 0]], [[0, T**P]]], strategies=[["x"], ["l", "r"]])
    with pytest.raises(ExpressionError, match=r"payoff of 'Player 1' at \(x, l\).*log"):
        g.substitute({"T": 0, "P": 1})
    with pytest.raises(ExpressionError, match="overflows"):
        g.substitute({"T": 10, "P": 10**9})   # refused, not computed


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(-20, 20), st.integers(-20, 20)), min_size=1, max_size=5))
def test_payoff_function_agrees_with_substitute(points: list[tuple[int, int]]) -> None:
    g = SymbolicGame([[[T * P, sympy.Max(T, P)], [sympy.Piecewise((1, T > P), (0, True)), T - P]],
                      [[sympy.Abs(T), 2], [P**2, T / 4]]], parameters=["T", "P"])
    f = g.payoff_function()
    ts = np.array([p[0] for p in points], dtype=float)
    ps = np.array([p[1] for p in points], dtype=float)
    batch = f(ts, ps)
    assert batch.shape == (2, 2, 2, len(points))
    for k, (t, p) in enumerate(points):
        assert np.allclose(batch[..., k], g.substitute({"T": t, "P": p}).payoff_array)


def test_payoff_function_broadcasts_and_checks_arity() -> None:
    f = pd().payoff_function()
    out = f(np.linspace(3, 6, 4)[:, None], np.array([0.0, 1.0])[None, :])
    assert out.shape == (2, 2, 2, 4, 2)
    assert out[0, 1, 0, 3, 0] == 6.0 and out[1, 1, 1, 0, 1] == 1.0
    with pytest.raises(ParameterError):
        f(1.0)
