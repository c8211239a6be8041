"""Sampling designs in the unit cube and Sobol' sensitivity indices (private kernels on plain arrays).

Two independent ``n x d`` matrices ``A`` and ``B`` of points in ``[0, 1)^d``
(scrambled Sobol' or Latin hypercube, :mod:`scipy.stats.qmc`) give, with the
``d`` matrices ``AB_i`` (``A`` with its column ``i`` taken from ``B``), the
first-order and total Sobol' indices of a model output ``f`` from ``n (d + 2)``
evaluations:

* first order (Saltelli et al. 2010, eq. (b) of Table 2):
  ``S_i = mean(f(B) (f(AB_i) - f(A))) / V``;
* total order (Jansen 1999; Saltelli et al. 2010, eq. (f)):
  ``T_i = mean((f(A) - f(AB_i))^2) / (2 V)``;

with ``V`` the variance of ``f`` over ``A`` and ``B``. Rows where one of the
three evaluations is missing (an infeasible sample) are left out of that
index's averages, so the indices are those of the output restricted to the
feasible set, approximately (exactly when feasibility does not depend on the
parameter varied).

References
----------
A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto, S. Tarantola,
"Variance based sensitivity analysis of model output. Design and estimator for
the total sensitivity index", Computer Physics Communications 181 (2010) 259-270.
M. J. W. Jansen, "Analysis of variance designs for model output", Computer
Physics Communications 117 (1999) 35-43.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["unit_design", "saltelli_matrices", "sobol_indices"]

METHODS = ("sobol", "lhs")


def unit_design(n: int, d: int, method: str = "sobol", seed: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Two independent ``n x d`` designs ``A``, ``B`` in ``[0, 1)^d``.

    ``"sobol"``: the first ``n`` points of one scrambled Sobol' sequence in
    ``2 d`` dimensions (its first ``d`` coordinates are ``A``, the others
    ``B``); ``"lhs"``: two Latin hypercubes drawn from independent streams.

    Examples
    --------
    >>> A, B = unit_design(8, 3, "sobol", seed=1)
    >>> A.shape, B.shape, bool(((A >= 0) & (A < 1)).all())
    ((8, 3), (8, 3), True)
    >>> A2, _ = unit_design(8, 3, "sobol", seed=1)
    >>> bool((A == A2).all())
    True
    """
    from scipy.stats import qmc  # lazy: scipy.stats is slow to import

    if method == "sobol":
        m = max(0, math.ceil(math.log2(max(n, 1))))
        X = qmc.Sobol(2 * d, scramble=True, seed=seed).random_base2(m)[:n]  # 2^m points keep the balance
        return X[:, :d].copy(), X[:, d:].copy()
    if method == "lhs":
        ss = np.random.SeedSequence(seed)
        a, b = (np.random.default_rng(s) for s in ss.spawn(2))
        return qmc.LatinHypercube(d, seed=a).random(n), qmc.LatinHypercube(d, seed=b).random(n)
    raise ValueError(f"unknown sampling method {method!r} (known: {', '.join(METHODS)})")


def saltelli_matrices(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """The ``d`` matrices ``AB_i``: ``A`` with column ``i`` from ``B``, shape ``(d, n, d)``.

    Examples
    --------
    >>> A, B = np.zeros((2, 3)), np.ones((2, 3))
    >>> saltelli_matrices(A, B)[1].tolist()
    [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]]
    """
    d = A.shape[1]
    AB = np.repeat(A[None, :, :], d, axis=0)
    idx = np.arange(d)
    AB[idx, :, idx] = B.T
    return AB


def sobol_indices(fA: np.ndarray, fB: np.ndarray, fAB: np.ndarray,
                  okA: np.ndarray | None = None, okB: np.ndarray | None = None,
                  okAB: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """First-order and total Sobol' indices from the outputs on ``A``, ``B`` and the ``AB_i``.

    Parameters
    ----------
    fA, fB : ndarray, shape (n,)
        The output on the rows of ``A`` and ``B``.
    fAB : ndarray, shape (d, n)
        The output on the rows of each ``AB_i``.
    okA, okB, okAB : boolean ndarray, optional
        Which evaluations exist (feasible samples); all by default.

    Returns
    -------
    (first_order, total_order) : two ndarrays of shape (d,), or None
        ``None`` when the output does not vary (the indices are undefined).

    Examples
    --------
    A linear model ``y = x1 + 2 x2`` of independent uniforms has indices
    ``1/5`` and ``4/5`` (first order = total order, no interaction):

    >>> A, B = unit_design(4096, 2, seed=0)
    >>> f = lambda X: X[:, 0] + 2 * X[:, 1]
    >>> S, T = sobol_indices(f(A), f(B), np.stack([f(M) for M in saltelli_matrices(A, B)]))
    >>> [round(float(x), 2) for x in S], [round(float(x), 2) for x in T]
    ([0.2, 0.8], [0.2, 0.8])
    """
    fA, fB, fAB = np.asarray(fA, float), np.asarray(fB, float), np.asarray(fAB, float)
    d, n = fAB.shape
    okA = np.ones(n, bool) if okA is None else np.asarray(okA, bool)
    okB = np.ones(n, bool) if okB is None else np.asarray(okB, bool)
    okAB = np.ones((d, n), bool) if okAB is None else np.asarray(okAB, bool)
    both = np.concatenate([fA[okA], fB[okB]])
    if both.size < 2:
        return None
    V = float(both.var())
    if not V > 1e-300 or np.ptp(both) == 0:
        return None
    first = np.zeros(d)
    total = np.zeros(d)
    for i in range(d):
        m = okA & okB & okAB[i]
        if not m.any():
            first[i] = total[i] = np.nan
            continue
        diff = fAB[i, m] - fA[m]
        first[i] = np.mean(fB[m] * diff) / V
        total[i] = 0.5 * np.mean(diff * diff) / V
    return first, total
