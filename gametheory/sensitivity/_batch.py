"""Batched equilibrium kernels: every equilibrium of many games of one shape at once.

The games are the points of a parameter sweep, stacked on a last axis: a
payoff array ``P`` of shape ``(n_players, *shape, N)``. Each kernel works on
the whole stack with numpy (no Python loop over points) and returns, for every
candidate support, a mask of the points where it carries an equilibrium and
the equilibrium profile there.

* Two players: support enumeration on supports of equal size (batched linear
  solves of the indifference equations, then the best-response checks).
* Three players with two strategies each: pure profiles, supports where two
  players mix (closed form), and full supports (the indifference equations
  reduce to a quadratic in one probability).

Supports of unequal size carry equilibria only at degenerate points (a set of
measure zero in a sweep); those points may miss such equilibria.
"""

from __future__ import annotations

import itertools
import string
from dataclasses import dataclass

import numpy as np

__all__ = ["Found", "batch_equilibria", "batch_regret", "supports_batched"]

_PTOL = 1e-9  # probabilities above -_PTOL count as non-negative


@dataclass(frozen=True)
class Found:
    """Equilibria on one support over a batch of points.

    ``support`` holds strategy indices per player and ``root`` tells apart the
    solutions of one support (0 unless the support has several). ``mask`` has
    shape ``(N,)``; ``profile`` one array ``(N, s_k)`` per player (NaN where
    ``mask`` is False).
    """

    support: tuple[tuple[int, ...], ...]
    root: int
    mask: np.ndarray
    profile: tuple[np.ndarray, ...]


def supports_batched(shape: tuple[int, ...]) -> bool:
    """Whether :func:`batch_equilibria` has a vectorised kernel for games of ``shape``."""
    return len(shape) == 2 or tuple(shape) == (2, 2, 2)


def _tolerance(P: np.ndarray) -> np.ndarray:
    """Per-point tolerance: 1e-9 times the payoff range (as NormalFormGame.tolerance)."""
    flat = P.reshape(-1, P.shape[-1])
    rng = flat.max(axis=0) - flat.min(axis=0)
    return 1e-9 * np.where(np.isfinite(rng), rng, 0.0)


def batch_regret(P: np.ndarray, profile: tuple[np.ndarray, ...]) -> np.ndarray:
    """Largest gain from a pure deviation, per point, for mixed ``profile``.

    Parameters
    ----------
    P : ndarray, shape (n, *shape, N)
    profile : tuple of ndarray
        One ``(N, s_k)`` array per player.

    Examples
    --------
    >>> P = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)[..., None]
    >>> batch_regret(P, (np.array([[0.0, 1.0]]), np.array([[0.0, 1.0]])))
    array([0.])
    >>> batch_regret(P, (np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]])))
    array([2.])
    """
    n = P.shape[0]
    letters = string.ascii_lowercase[:n]
    worst = np.zeros(P.shape[-1])
    for i in range(n):
        others = ",".join(f"z{letters[k]}" for k in range(n) if k != i)
        spec = f"{letters}z,{others}->z{letters[i]}"
        E = np.einsum(spec, P[i], *(profile[k] for k in range(n) if k != i), optimize=True)
        value = np.einsum("zs,zs->z", E, profile[i])
        worst = np.maximum(worst, E.max(axis=1) - value)
    return worst


def batch_equilibria(P: np.ndarray) -> list[Found]:
    """Every equilibrium of every point of a batch (nondegenerate points).

    Parameters
    ----------
    P : ndarray, shape (n, *shape, N)
        Float payoffs; points with non-finite payoffs find no equilibrium.

    Returns
    -------
    list of Found
        One entry per candidate support (and root), in a fixed order that
        depends on the shape only, so batches can be concatenated.

    Examples
    --------
    Matching pennies and a coordination game, stacked:

    >>> mp = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], dtype=float)
    >>> co = np.array([[[1, 0], [0, 1]], [[1, 0], [0, 1]]], dtype=float)
    >>> found = batch_equilibria(np.stack([mp, co], axis=-1))
    >>> [(f.support, f.mask.tolist()) for f in found if f.mask.any()]
    [(((0,), (0,)), [False, True]), (((1,), (1,)), [False, True]), (((0, 1), (0, 1)), [True, True])]
    """
    P = np.asarray(P, dtype=float)
    shape = P.shape[1:-1]
    if len(shape) == 2:
        return _two_player(P)
    if tuple(shape) == (2, 2, 2):
        return _two_by_two_by_two(P)
    raise NotImplementedError(f"no batched kernel for games of shape {shape}")


def _two_player(P: np.ndarray) -> list[Found]:
    m, n, N = P.shape[1:]
    A = np.moveaxis(P[0], -1, 0)  # (N, m, n)
    B = np.moveaxis(P[1], -1, 0)
    tol = _tolerance(P)
    finite = np.isfinite(A).all(axis=(1, 2)) & np.isfinite(B).all(axis=(1, 2))
    A = np.where(finite[:, None, None], A, 0.0)
    B = np.where(finite[:, None, None], B, 0.0)
    out: list[Found] = []
    # Pure profiles: a best-response check on the payoff arrays, no linear algebra.
    row_best = A.max(axis=1)   # (N, n): best row payoff against each column
    col_best = B.max(axis=2)   # (N, m)
    for i in range(m):
        for j in range(n):
            ok = finite & (A[:, i, j] >= row_best[:, j] - tol) & (B[:, i, j] >= col_best[:, i] - tol)
            X = np.full((N, m), np.nan)
            Y = np.full((N, n), np.nan)
            X[ok] = np.eye(m)[i]
            Y[ok] = np.eye(n)[j]
            out.append(Found(((i,), (j,)), 0, ok, (X, Y)))
    for k in range(2, min(m, n) + 1):
        for I in itertools.combinations(range(m), k):
            for J in itertools.combinations(range(n), k):
                y, v, ok_y = _indifferent_mix(A[:, I, :][:, :, J])           # column mix makes rows indifferent
                x, u, ok_x = _indifferent_mix(np.swapaxes(B[:, I, :][:, :, J], 1, 2))
                ok = finite & ok_x & ok_y & (x > _PTOL).all(axis=1) & (y > _PTOL).all(axis=1)
                X = np.zeros((N, m))
                Y = np.zeros((N, n))
                X[:, I] = np.clip(x, 0.0, None)
                Y[:, J] = np.clip(y, 0.0, None)
                X /= np.where(ok, X.sum(axis=1), 1.0)[:, None]
                Y /= np.where(ok, Y.sum(axis=1), 1.0)[:, None]
                # Best-response checks against every pure strategy, not only the support's.
                rows = np.einsum("zij,zj->zi", A, Y)
                cols = np.einsum("zi,zij->zj", X, B)
                ok &= (rows.max(axis=1) <= np.einsum("zi,zi->z", rows, X) + tol)
                ok &= (cols.max(axis=1) <= np.einsum("zj,zj->z", cols, Y) + tol)
                X[~ok] = np.nan
                Y[~ok] = np.nan
                out.append(Found((I, J), 0, ok, (X, Y)))
    return out


def _indifferent_mix(M: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Solve ``M y = v 1, sum(y) = 1`` for each of a stack of square ``M`` (N, k, k)."""
    N, k, _ = M.shape
    system = np.zeros((N, k + 1, k + 1))
    system[:, :k, :k] = M
    system[:, :k, k] = -1.0
    system[:, k, :k] = 1.0
    rhs = np.zeros((k + 1,))
    rhs[k] = 1.0
    scale = np.maximum(np.abs(M).max(axis=(1, 2)), 1e-300)
    with np.errstate(all="ignore"):
        det = np.linalg.det(system / scale[:, None, None])
    ok = np.abs(det) > 1e-12
    system[~ok] = np.eye(k + 1)
    sol = np.linalg.solve(system, np.broadcast_to(rhs, (N, k + 1))[..., None])[..., 0]
    return sol[:, :k], sol[:, k], ok


def _bilinear(P: np.ndarray, i: int) -> tuple[np.ndarray, ...]:
    """Player ``i``'s gain from strategy 0 over 1 as ``a + b x + c y + d x y``.

    ``x`` and ``y`` are the probabilities that the other two players (in
    player order) play their strategy 0.
    """
    e = np.take(P[i], 0, axis=i) - np.take(P[i], 1, axis=i)  # (2, 2, N): others' strategies
    a = e[1, 1]
    b = e[0, 1] - e[1, 1]
    c = e[1, 0] - e[1, 1]
    d = e[0, 0] - e[0, 1] - e[1, 0] + e[1, 1]
    return a, b, c, d


def _two_by_two_by_two(P: np.ndarray) -> list[Found]:
    N = P.shape[-1]
    tol = _tolerance(P)
    finite = np.isfinite(P.reshape(-1, N)).all(axis=0)
    P = np.where(finite, P, 0.0)
    coef = [_bilinear(P, i) for i in range(3)]
    out: list[Found] = []

    def emit(support: tuple[tuple[int, ...], ...], root: int, probs: list[np.ndarray], ok: np.ndarray) -> None:
        prof = []
        for x in probs:
            x = np.clip(x, 0.0, 1.0)
            prof.append(np.stack([x, 1.0 - x], axis=1))
        ok = ok & finite
        regret = batch_regret(P, tuple(np.where(ok[:, None], p, 0.5) for p in prof))
        ok &= regret <= tol
        for p in prof:
            p[~ok] = np.nan
        out.append(Found(support, root, ok, tuple(prof)))

    # Pure profiles.
    for s in itertools.product(range(2), repeat=3):
        probs = [np.full(N, 1.0 - si) for si in s]
        emit(tuple((si,) for si in s), 0, probs, np.ones(N, dtype=bool))

    def solve_for(i: int, var: int, fixed: int, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Player i's indifference solved for player ``var``'s probability, player ``fixed``'s at ``w``."""
        a, b, c, d = coef[i]
        if var < fixed:   # var is the first of i's opponents
            num, den = a + c * w, b + d * w
        else:
            num, den = a + b * w, c + d * w
        good = np.abs(den) > 1e-12 * np.maximum(np.abs(num), 1.0)
        return -num / np.where(good, den, 1.0), good

    # Two players mix, the third plays a pure strategy.
    for i, j in itertools.combinations(range(3), 2):
        k = 3 - i - j
        for s in range(2):
            w = np.full(N, 1.0 - s)
            xj, gj = solve_for(i, j, k, w)   # i indifferent pins down j's mix
            xi, gi = solve_for(j, i, k, w)
            ok = gi & gj & (xi > _PTOL) & (xi < 1 - _PTOL) & (xj > _PTOL) & (xj < 1 - _PTOL)
            probs = [np.zeros(N)] * 3
            probs[i], probs[j], probs[k] = xi, xj, w
            support = [(0, 1)] * 3
            support[k] = (s,)
            emit(tuple(support), 0, probs, ok)

    # Everyone mixes: eliminate p0 and p1 through players 1's and 0's indifference, a quadratic in p2.
    a0, b0, c0, d0 = coef[0]   # D0(p1, p2)
    a1, b1, c1, d1 = coef[1]   # D1(p0, p2)
    a2, b2, c2, d2 = coef[2]   # D2(p0, p1)
    # p1 = -(a0 + c0 r)/(b0 + d0 r), p0 = -(a1 + c1 r)/(b1 + d1 r): linear polynomials in r = p2.
    Nq, Dq = (a0, c0), (b0, d0)
    Np, Dp = (a1, c1), (b1, d1)

    def mul(u: tuple[np.ndarray, np.ndarray], v: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, ...]:
        return (u[0] * v[0], u[0] * v[1] + u[1] * v[0], u[1] * v[1])

    terms = [(a2, mul(Dp, Dq)), (-b2, mul(Np, Dq)), (-c2, mul(Nq, Dp)), (d2, mul(Np, Nq))]
    q0 = sum(t * poly[0] for t, poly in terms)
    q1 = sum(t * poly[1] for t, poly in terms)
    q2 = sum(t * poly[2] for t, poly in terms)
    scale = np.maximum(np.maximum(np.abs(q0), np.abs(q1)), np.abs(q2))
    scale = np.where(scale > 0, scale, 1.0)
    q0, q1, q2 = q0 / scale, q1 / scale, q2 / scale
    quadratic = np.abs(q2) > 1e-12
    disc = q1 * q1 - 4 * q2 * q0
    sq = np.sqrt(np.where(disc >= 0, disc, 0.0))
    with np.errstate(all="ignore"):
        roots = [
            np.where(quadratic, (-q1 - sq) / (2 * np.where(quadratic, q2, 1.0)), -q0 / np.where(q1 != 0, q1, 1.0)),
            np.where(quadratic, (-q1 + sq) / (2 * np.where(quadratic, q2, 1.0)), np.nan),
        ]
    real = np.where(quadratic, disc >= 0, np.abs(q1) > 1e-12)
    for root, r in enumerate(roots):
        r = np.where(real & np.isfinite(r), r, 0.5)
        p1, g1 = solve_for(0, 1, 2, r)
        p0, g0 = solve_for(1, 0, 2, r)
        ok = real & np.isfinite(roots[root]) & g0 & g1
        if root == 1:
            ok &= quadratic & (disc > 0)   # a double root is reported once
        for x in (p0, p1, r):
            ok &= (x > _PTOL) & (x < 1 - _PTOL)
        emit(((0, 1), (0, 1), (0, 1)), root, [p0, p1, r], ok)
    return out
