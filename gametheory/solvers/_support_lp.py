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
(rows scaled by the payoff range); the support is ruled out only when its
dual solution, checked here, weighs the constraints into one that every
pure profile of the support violates by a margin far above rounding.

Used where the polynomial system is degenerate (a continuum, or ends a
homotopy cannot separate), where it replaces exact elimination or the
admission that a support went unsolved; and before tracking supports with
many homotopy paths: in random games it rules out nearly all of them (all
(4, 4, 4) and (3, 4, 4) supports of a random 4x4x4 game; 5x5x5 enumeration
drops from 39 s to about 10 s), at a few milliseconds each; the LPs of a
batch of supports are solved a dozen at a time as one, on several threads
(:func:`certificates`).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ._threads import parallel_map

__all__: list[str] = []

#: Smallest violation (as a share of the payoff range) that counts as proof of infeasibility.
MARGIN = 1e-6


def _constraints(fpay: np.ndarray, supports: tuple[tuple[int, ...], ...], scaled: bool = True) -> np.ndarray:
    """The constraints as rows ``r . mu <= 0`` over the pure profiles of the support (each equality as two
    rows), scaled by the payoff range (unless ``scaled`` is false: integer payoffs give integer rows)."""
    n = fpay.shape[0]
    sizes = [len(s) for s in supports]
    scale = max(float(np.ptp(fpay)), 1.0) if scaled else 1.0
    blocks = []
    for i in range(n):
        own = np.asarray(supports[i])
        # u_i(t, s_-i) for every own strategy t, the others restricted to their supports
        table = fpay[i][np.ix_(*[np.arange(fpay.shape[1 + i]) if j == i else np.asarray(supports[j])
                                 for j in range(n)])]
        table = np.moveaxis(table, i, 0) / scale
        k, m = len(own), table.shape[0]
        # pair (a, t): u_i(t, .) - u_i(s, .) on the slice of mu where player i plays s = own[a]
        rows = np.zeros((k, m, k, *table.shape[1:]))
        rows[np.arange(k), :, np.arange(k)] = table[None, :] - table[own][:, None]
        rows = np.moveaxis(rows, 2, 2 + i).reshape(k * m, -1)
        # in the order (s, t), t != s, each t in the support twice (the equality, then its negation)
        order, sign = [], []
        for a, s in enumerate(own):
            for t in range(m):
                if t != s:
                    order.append(a * m + t)
                    sign.append(1.0)
                    if t in supports[i]:
                        order.append(a * m + t)
                        sign.append(-1.0)
        blocks.append(rows[order] * np.array(sign)[:, None])
    return np.concatenate(blocks).reshape(-1, int(np.prod(sizes)))


def certificate(fpay: np.ndarray, supports: tuple[tuple[int, ...], ...]) -> tuple[np.ndarray, np.ndarray] | None:
    """A proof that the support profile holds no equilibrium, or None if none was found.

    Returns ``(rows, weights)``: the constraint rows (see :func:`_constraints`) and non-negative weights
    summing to 1 such that ``weights @ rows`` exceeds :data:`MARGIN` at every pure profile of the
    support. Every distribution ``mu`` on the support then has ``weights @ rows @ mu > 0``, so some
    constraint fails: no equilibrium's product distribution exists. The weights are the LP's dual
    solution, but the inequality is checked here, so the proof does not rest on the LP solver.

    Examples
    --------
    In the prisoner's dilemma no equilibrium mixes (defecting is strictly better); mutual defection
    is an equilibrium, so its support has no proof:

    >>> import numpy as np
    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)
    >>> rows, weights = certificate(pd, ((0, 1), (0, 1)))
    >>> bool((weights @ rows).min() > MARGIN), certificate(pd, ((1,), (1,)))
    (True, None)
    """
    return certificates(fpay, [supports])[0]


def certificates(fpay: np.ndarray, profiles: list[tuple[tuple[int, ...], ...]]
                 ) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """:func:`certificate` for several support profiles, their LPs solved a few at a time as one.

    Up to :data:`LP_BLOCK` LPs are independent blocks of one LP whose objective is the sum of theirs, so
    an optimal dual solution of the whole is optimal for each block (and whether a support is ruled out
    does not depend on the grouping: each block's optimal value is its own); each proof is checked on
    its own all the same. Grouped, the solver's set-up is shared, and such groups are solved on
    worker threads at once (HiGHS releases the GIL; :mod:`._threads`).
    """
    out: list[tuple[np.ndarray, np.ndarray] | None] = [None] * len(profiles)
    rows = [_constraints(fpay, supports) for supports in profiles]
    todo = [k for k, r in enumerate(rows) if r.shape[0]]
    groups = [todo[a:a + LP_BLOCK] for a in range(0, len(todo), LP_BLOCK)]
    for group in parallel_map(lambda group: _block_certificates(rows, group), groups):
        for k, proof in group:
            out[k] = proof
    return out


#: LPs solved as one. Measured on the (3, 4, 4) supports of a random 5x5x5 game: 7.5 ms an LP alone,
#: 4.1 ms in groups of 8 to 16, 5.8 ms in groups of 64 (the simplex's work grows faster than the size).
LP_BLOCK = 12


def _block_certificates(rows: list[np.ndarray], todo: list[int]) -> list[tuple[int, tuple[np.ndarray, np.ndarray] | None]]:
    """The checked proofs of the supports ``todo`` (indices into ``rows``), their LPs as one block LP."""
    from scipy import sparse
    from scipy.optimize import linprog

    # per block: variables mu (the support's pure profiles) then v; minimise the sum of the v over
    # rows . mu <= v, sum mu = 1
    a_ub = sparse.block_diag([np.hstack([rows[k], -np.ones((rows[k].shape[0], 1))]) for k in todo], format="csr")
    a_eq = sparse.block_diag([np.append(np.ones(rows[k].shape[1]), 0.0)[None, :] for k in todo], format="csr")
    ends = np.cumsum([rows[k].shape[1] + 1 for k in todo])
    cost = np.zeros(int(ends[-1]))
    cost[ends - 1] = 1.0
    res = linprog(cost, A_ub=a_ub, b_ub=np.zeros(a_ub.shape[0]), A_eq=a_eq, b_eq=np.ones(len(todo)),
                  bounds=(0, None), method="highs")
    if res.status != 0:  # numerical trouble in one block stops them all: then each on its own
        if len(todo) > 1:
            return [pair for k in todo for pair in _block_certificates(rows, [k])]
        return [(todo[0], None)]
    duals = np.clip(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0, None)
    out: list[tuple[int, tuple[np.ndarray, np.ndarray] | None]] = []
    first = 0
    for k, end in zip(todo, ends):
        weights = duals[first:first + rows[k].shape[0]]
        first += rows[k].shape[0]
        proof = None
        if res.x[end - 1] > MARGIN and weights.sum() > 0:
            weights = weights / weights.sum()
            if float((weights @ rows[k]).min()) > MARGIN:
                proof = (rows[k], weights)
        out.append((k, proof))
    return out


def no_equilibrium(fpay: np.ndarray, supports: tuple[tuple[int, ...], ...]) -> bool:
    """Whether the relaxation proves that no equilibrium uses strategies within ``supports`` with each
    player's supported strategies tied (a checked :func:`certificate` exists)."""
    return certificate(fpay, supports) is not None


def boundary_certificate(payoffs: np.ndarray, supports: tuple[tuple[int, ...], ...]
                         ) -> tuple[np.ndarray, list[Fraction]] | None:
    """A proof that no equilibrium has exactly the support profile ``supports``, or None if none was found.

    ``payoffs`` are integers (each player's payoffs may be scaled by its own positive factor). Returns
    ``(rows, weights)``: the constraint rows (:func:`_constraints`, unscaled integers) and non-negative
    rational weights such that ``c = weights @ rows`` is ``>= 0`` at every pure profile of the support and
    ``> 0`` at one, ``a``, checked exactly. Every feasible ``mu`` then has ``0 >= c . mu >= c(a) mu(a)``, so
    ``mu(a) = 0``; but an equilibrium with exactly this support has ``mu(a) > 0``. This rules out supports
    whose solution sets hold equilibria only on their boundary (found on smaller supports), where
    :func:`certificate`, which excludes the boundary too, cannot.

    The weights come from the LP ``max 1 . c`` over ``c = w @ rows >= 0``, ``w >= 0``, ``sum(w) = 1``
    (HiGHS), made exact from its vertex: the weights it uses and the profiles where ``c`` vanishes fix them
    by linear equations, solved in rationals.

    Examples
    --------
    Matching pennies, with a third row X that ties with heads and tails when the columns are mixed evenly,
    and a third column Z that pays the column player like H except 1 more against X. Row mixing over all
    three and the column over H and T is impossible (Z would beat H), but the closure of that support holds
    the equilibrium of matching pennies (X unused), so :func:`certificate` finds no proof:

    >>> import numpy as np
    >>> u1 = np.array([[1, -1, 0], [-1, 1, 0], [2, -2, 0]])
    >>> u2 = np.array([[-1, 1, -1], [1, -1, 1], [-2, 2, -1]])
    >>> rows, w = boundary_certificate(np.array([u1, u2]), ((0, 1, 2), (0, 1)))
    >>> c = [sum(wj * int(r) for wj, r in zip(w, col)) for col in rows.T]
    >>> min(c) >= 0 and max(c) > 0, certificate(np.array([u1, u2], dtype=float), ((0, 1, 2), (0, 1)))
    (True, None)
    >>> boundary_certificate(np.array([u1, u2]), ((0, 1), (0, 1))) is None  # matching pennies itself
    True
    """
    from scipy.optimize import linprog

    big = np.abs(np.asarray(payoffs, dtype=object)).max(initial=0)
    if big > 2**40:  # rows must be exact in floating point
        return None
    rows = np.rint(_constraints(np.asarray(payoffs, dtype=float), supports, scaled=False)).astype(np.int64)
    r, m = rows.shape
    if not r:
        return None
    res = linprog(-rows.sum(axis=1), A_ub=-rows.T, b_ub=np.zeros(m), A_eq=np.ones((1, r)), b_eq=[1.0],
                  bounds=(0, None), method="highs-ds")
    if res.status != 0 or not -res.fun > 1e-9 * max(float(np.abs(rows).max()), 1.0):
        return None
    w = np.asarray(res.x, dtype=float)
    c = rows.T @ w
    used = np.flatnonzero(w > 1e-12)
    zero = np.flatnonzero(c <= 1e-9 * c.max())
    weights = _exact_weights(rows[np.ix_(used, zero)].T, w[used])
    if weights is None:
        return None
    full = [Fraction(0)] * r
    for j, v in zip(used, weights):
        full[int(j)] = v
    exact_c = [sum((full[int(j)] * int(rows[j, b]) for j in used), Fraction(0)) for b in range(m)]
    if min(exact_c) < 0 or not max(exact_c) > 0:
        return None
    return rows, full


def _exact_weights(a: np.ndarray, guess: np.ndarray) -> list[Fraction] | None:
    """Non-negative rationals ``w`` with ``a @ w = 0`` and ``sum(w) = 1`` near ``guess`` (a float LP vertex),
    or None: the system in rationals, its free unknowns (if any) set to the guess, rounded."""
    from sympy import QQ
    from sympy.polys.matrices import DomainMatrix

    k = len(guess)
    system = [[QQ(int(v)) for v in row] + [QQ(0)] for row in a] + [[QQ(1)] * k + [QQ(1)]]
    reduced, pivots = DomainMatrix(system, (len(system), k + 1), QQ).rref()
    if k in pivots:
        return None  # inconsistent
    values = {j: Fraction(float(guess[j])).limit_denominator(10**9) for j in range(k) if j not in pivots}
    rows = reduced.to_Matrix().tolist()
    for i, p in enumerate(pivots):
        value = Fraction(int(rows[i][k].p), int(rows[i][k].q))
        for j, v in values.items():
            coeff = rows[i][j]
            value -= Fraction(int(coeff.p), int(coeff.q)) * v
        values[p] = value
    out = [values[j] for j in range(k)]
    return out if all(v >= 0 for v in out) else None
