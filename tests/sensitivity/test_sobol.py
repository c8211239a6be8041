"""Sampling designs and Sobol' index estimators against closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gametheory.sensitivity._sobol import saltelli_matrices, sobol_indices, unit_design


def indices(f, d: int, n: int, method: str = "sobol", seed: int = 0, lo: float = 0.0, hi: float = 1.0):
    A, B = unit_design(n, d, method, seed)
    A, B = lo + (hi - lo) * A, lo + (hi - lo) * B
    fAB = np.stack([f(M) for M in saltelli_matrices(A, B)])
    return sobol_indices(f(A), f(B), fAB)


def ishigami(X: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(X[:, 0]) + a * np.sin(X[:, 1]) ** 2 + b * X[:, 2] ** 4 * np.sin(X[:, 0])


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> tuple[list[float], list[float]]:
    """Closed form (Ishigami & Homma 1990; Sobol' & Levitan 1999) for X ~ U(-pi, pi)^3."""
    pi4, pi8 = math.pi**4, math.pi**8
    V1 = 0.5 * (1 + b * pi4 / 5) ** 2
    V2 = a * a / 8
    V13 = 8 * b * b * pi8 / 225
    V = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5
    return [V1 / V, V2 / V, 0.0], [(V1 + V13) / V, V2 / V, V13 / V]


def test_ishigami_closed_form_values() -> None:
    # The published values (e.g. Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, sec. 4.7).
    S, T = ishigami_indices()
    assert [round(x, 4) for x in S] == [0.3139, 0.4424, 0.0]
    assert [round(x, 4) for x in T] == [0.5576, 0.4424, 0.2437]


@pytest.mark.parametrize("method, n, tol", [("sobol", 2**14, 0.02), ("lhs", 2**14, 0.04)])
def test_ishigami_indices(method: str, n: int, tol: float) -> None:
    S, T = indices(ishigami, 3, n, method, seed=3, lo=-math.pi, hi=math.pi)
    S_ref, T_ref = ishigami_indices()
    assert np.allclose(S, S_ref, atol=tol), S
    assert np.allclose(T, T_ref, atol=tol), T


def test_linear_model_indices_are_the_shares_of_variance() -> None:
    # y = sum c_i x_i, x_i ~ U(0, 1) independent: S_i = T_i = c_i^2 / sum c_j^2.
    c = np.array([1.0, 2.0, 0.0, 3.0])
    S, T = indices(lambda X: X @ c, 4, 2**12)
    assert np.allclose(S, c**2 / (c**2).sum(), atol=0.01)
    assert np.allclose(T, c**2 / (c**2).sum(), atol=0.01)


def test_pure_interaction_has_no_first_order_effect() -> None:
    # y = (x1 - 1/2)(x2 - 1/2): E[y | x_i] = 0, so S_i = 0 while T_i = 1.
    S, T = indices(lambda X: (X[:, 0] - 0.5) * (X[:, 1] - 0.5), 2, 2**13)
    assert np.allclose(S, 0, atol=0.02) and np.allclose(T, 1, atol=0.03)


def test_constant_output_has_no_indices() -> None:
    assert indices(lambda X: np.ones(len(X)), 2, 64) is None


def test_masked_rows_are_left_out() -> None:
    c = np.array([1.0, 2.0])
    A, B = unit_design(4096, 2, seed=5)
    f = lambda X: X @ c  # noqa: E731
    fAB = np.stack([f(M) for M in saltelli_matrices(A, B)])
    full = sobol_indices(f(A), f(B), fAB)
    # Corrupt a fifth of the rows and mask them out: the estimate stays that of the clean rows.
    bad = np.zeros(4096, bool)
    bad[::5] = True
    fA = np.where(bad, 1e6, f(A))
    masked = sobol_indices(fA, f(B), fAB, okA=~bad)
    assert np.allclose(masked[0], full[0], atol=0.03) and np.allclose(masked[1], full[1], atol=0.03)
    assert np.allclose(masked[1], c**2 / (c**2).sum(), atol=0.03)


def test_designs_are_reproducible_and_stratified() -> None:
    A1, B1 = unit_design(100, 3, "lhs", seed=7)
    A2, B2 = unit_design(100, 3, "lhs", seed=7)
    assert np.array_equal(A1, A2) and np.array_equal(B1, B2) and not np.array_equal(A1, B1)
    for M in (A1, B1):     # a Latin hypercube has one point in each of the n strata of every column
        assert all(sorted(np.floor(M[:, j] * 100).astype(int)) == list(range(100)) for j in range(3))
    A, B = unit_design(64, 2, "sobol", seed=7)
    for M in (A, B):       # 64 Sobol' points: one in each stratum of 1/64 per coordinate (a (0, m, 2)-net)
        assert all(sorted(np.floor(M[:, j] * 64).astype(int)) == list(range(64)) for j in range(2))
    assert not np.array_equal(unit_design(64, 2, "sobol", seed=8)[0], A)
    with pytest.raises(ValueError, match="unknown sampling method"):
        unit_design(4, 2, "grid")


def test_saltelli_matrices_swap_one_column() -> None:
    A, B = unit_design(16, 4, seed=1)
    AB = saltelli_matrices(A, B)
    for i in range(4):
        assert np.array_equal(AB[i][:, i], B[:, i])
        others = [j for j in range(4) if j != i]
        assert np.array_equal(AB[i][:, others], A[:, others])
