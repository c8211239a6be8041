"""Private LP kernels shared by the repeated-game modules.

The one problem solved here is the value of a matrix game in which a
*minimiser* picks a distribution over columns and a *maximiser* answers with
a row: ``min_q max_r (M q)_r``. The primal optimum ``q`` gives an upper bound
and the dual ``p`` (the maximiser's optimal mixed row) a lower bound
``min_c (p M)_c``; when both are recovered exactly in rationals and agree the
value is certified exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..exceptions import SolverError

__all__ = ["MatrixValue", "minimax_value", "rationalize"]


@dataclass(frozen=True)
class MatrixValue:
    """Value of ``min_q max_r (M q)_r`` with both optimal strategies."""

    value: float | Fraction
    columns: np.ndarray  # minimiser's distribution over columns
    rows: np.ndarray  # maximiser's distribution over rows (the LP dual)
    exact: bool


def rationalize(x: np.ndarray, max_denominator: int = 10**6) -> np.ndarray:
    """Nearest fractions to a probability vector, renormalised to sum exactly to one."""
    fr = [Fraction(float(v)).limit_denominator(max_denominator) for v in np.clip(x, 0.0, 1.0)]
    total = sum(fr)
    if total == 0:
        raise SolverError("LP returned a zero distribution")
    return np.array([v / total for v in fr], dtype=object)


def minimax_value(M: np.ndarray, exact_matrix: np.ndarray | None = None) -> MatrixValue:
    """Solve ``min_q max_r (M q)_r`` by HiGHS; certify it exactly when ``exact_matrix`` is given.

    Parameters
    ----------
    M : ndarray, shape (rows, cols)
        Float payoffs of the maximiser.
    exact_matrix : ndarray of Fraction, optional
        The same payoffs as Fractions. When given, both optimal strategies are
        rationalised and the value is reported exactly if the primal upper
        bound equals the dual lower bound in exact arithmetic.
    """
    from scipy.optimize import linprog

    M = np.asarray(M, dtype=float)
    r, c = M.shape
    # Variables (q_1..q_c, t): minimise t s.t. M q - t <= 0, sum q = 1, q >= 0.
    cost = np.zeros(c + 1)
    cost[-1] = 1.0
    A_ub = np.hstack([M, -np.ones((r, 1))])
    A_eq = np.zeros((1, c + 1))
    A_eq[0, :c] = 1.0
    bounds = [(0, None)] * c + [(None, None)]
    res = linprog(cost, A_ub=A_ub, b_ub=np.zeros(r), A_eq=A_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if res.status != 0:
        raise SolverError(f"minmax LP failed: {res.message}")
    q = np.clip(res.x[:c], 0.0, None)
    q = q / q.sum()
    # HiGHS reports marginals of the <= rows as non-positive; their negation is the maximiser's mix.
    p = np.clip(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0, None)
    p = p / p.sum() if p.sum() > 0 else np.full(r, 1.0 / r)
    value = float(res.x[-1])
    if exact_matrix is not None:
        try:
            qe, pe = rationalize(q), rationalize(p)
        except SolverError:
            qe = pe = None
        if qe is not None:
            upper = max(np.dot(exact_matrix, qe))
            lower = min(np.dot(pe, exact_matrix))
            if upper == lower:
                return MatrixValue(upper, qe, pe, True)
    return MatrixValue(value, q, p, False)
