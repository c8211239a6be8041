"""Private kernel: a linear relaxation that proves a support profile holds no Nash equilibrium.

If ``x`` is an equilibrium whose strategies in use lie within the support
profile ``S`` and tie within each ``S_i`` (every point of the closure of
``S``'s equilibria is one), the product distribution ``mu = x_1 (x) ... (x)
x_n`` on ``S`` satisfies, for every player ``i``, ``s`` in ``S_i`` and other
strategy ``t``::

    sum_{s_-i} mu(s, s_-i) (u_i(t, s_-i) - u_i(s, s_-i))  = 0   (t in S_i)
                                                          <= 0  (t not in S_i)

since the sum is ``x_i(s) (U_i(t) - U_i(s))``. These constraints are linear
in ``mu``. If no probability distribution on ``S`` satisfies them, ``S`` has
no equilibrium, isolated or not. The LP minimises the largest violation
(rows scaled by the payoff range); the support is ruled out only when that
minimum exceeds a margin far above the solver's tolerances.

Used where the polynomial system is degenerate (a continuum, or ends a
homotopy cannot separate), where it replaces exact elimination or the
admission that a support went unsolved.
"""

from __future__ import annotations

import numpy as np

__all__: list[str] = []

#: Smallest violation (as a share of the payoff range) that counts as proof of infeasibility.
MARGIN = 1e-6


def min_violation(fpay: np.ndarray, supports: tuple[tuple[int, ...], ...]) -> float:
    """The least, over distributions on the support profile, of the largest violated constraint."""
    from scipy.optimize import linprog

    n = fpay.shape[0]
    sizes = [len(s) for s in supports]
    nvar = int(np.prod(sizes))
    scale = max(float(np.ptp(fpay)), 1.0)
    rows, equal = [], []
    for i in range(n):
        # u_i(t, s_-i) for every own strategy t, the others restricted to their supports
        table = fpay[i][np.ix_(*[np.arange(fpay.shape[1 + i]) if j == i else np.asarray(supports[j])
                                 for j in range(n)])]
        table = np.moveaxis(table, i, 0) / scale
        for a, s in enumerate(supports[i]):
            for t in range(fpay.shape[1 + i]):
                if t == s:
                    continue
                row = np.zeros([sizes[i], *[sizes[j] for j in range(n) if j != i]])
                row[a] = table[t] - table[s]
                rows.append(np.moveaxis(row, 0, i).ravel())
                equal.append(t in supports[i])
    if not rows:
        return 0.0
    a = np.array(rows)
    eq = np.array(equal)
    # variables (mu, v): minimise v subject to row . mu <= v, and -row . mu <= v for the equalities
    a_ub = np.vstack([a, -a[eq]])
    a_ub = np.hstack([a_ub, -np.ones((a_ub.shape[0], 1))])
    cost = np.zeros(nvar + 1)
    cost[-1] = 1.0
    a_eq = np.append(np.ones(nvar), 0.0)[None, :]
    res = linprog(cost, A_ub=a_ub, b_ub=np.zeros(a_ub.shape[0]), A_eq=a_eq, b_eq=[1.0],
                  bounds=[(0, None)] * (nvar + 1), method="highs")
    if res.status != 0:
        return 0.0  # the solver did not finish: proves nothing
    return float(res.fun)


def no_equilibrium(fpay: np.ndarray, supports: tuple[tuple[int, ...], ...]) -> bool:
    """Whether the relaxation proves that no equilibrium uses strategies within ``supports`` with each
    player's supported strategies tied."""
    return min_violation(fpay, supports) > MARGIN
