"""Nash (1953) variable-threat solution with transferable utility."""
from __future__ import annotations

import numpy as np

from gametheory.bargaining.axiomatic import nash_tu


def _zero_sum_value(a: np.ndarray) -> float:
    """Row player's value of the zero-sum game ``a`` by linear programming."""
    from scipy.optimize import linprog

    m, n = a.shape
    c = np.zeros(m + 1)
    c[-1] = -1.0
    a_ub = np.hstack([-a.T, np.ones((n, 1))])
    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(n), A_eq=[[1.0] * m + [0.0]], b_eq=[1.0],
                  bounds=[(0, None)] * m + [(None, None)])
    return float(res.x[-1])


def threat_solution_tu(surplus: float, difference) -> tuple[float, float]:
    """Split of ``surplus`` when threats play the zero-sum game ``A - B``.

    Examples
    --------
    >>> tuple(round(x, 6) for x in threat_solution_tu(10, [[2, -1], [-1, 1]]))
    (5.1, 4.9)
    """
    v = _zero_sum_value(np.asarray(difference, dtype=float))
    return tuple(float(x) for x in nash_tu(surplus, (v / 2, -v / 2)))
