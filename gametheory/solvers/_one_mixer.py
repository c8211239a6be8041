"""Private kernel: support profiles in which exactly one player mixes.

With every other player pure, the mixer's own indifference does not involve
its probabilities (its supported strategies tie against the others' pure
strategies, or the support holds nothing), and every pure player's
best-response conditions are linear in them. The equilibria on such a
support therefore form a polytope ``P`` in the mixer's simplex:

    x >= 0,  sum(x) = 1,  c_(j,t) . x >= 0   (pure player j, strategy t)

where ``c_(j,t)(a) = u_j(s_j, a) - u_j(t, a)`` against the mixer's strategy
``a`` (the other players at their pure strategies). Its vertices are found
exactly: every choice of ``k - 1`` constraints made tight is solved in floats
in one batch, and the feasible ones are solved again and checked in
Fractions. ``P`` contains an equilibrium with the whole support exactly when
the mean of its vertices has no zero probability.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np

from ._polysystem import _linear_solve_fraction

__all__: list[str] = []

#: Above this many choices of tight constraints the vertices are not enumerated (the caller falls back).
MAX_COMBINATIONS = 50_000


def polytope_vertices(payoffs: list[np.ndarray], supports: tuple[tuple[int, ...], ...]) -> list[tuple[Fraction, ...]] | None:
    """Exact vertices of the equilibria of a one-mixer support, as the mixer's probabilities on its support.

    Parameters
    ----------
    payoffs : list of ndarray
        Exact payoff tables (integers or Fractions), one per player.
    supports : tuple of tuple of int
        The support profile; exactly one player has more than one strategy.

    Returns
    -------
    list of tuple of Fraction, or None
        The vertices (empty: no equilibrium uses strategies within the support with the mixer's tied),
        or None when there are too many constraints to enumerate.
    """
    n = len(supports)
    (i,) = [j for j in range(n) if len(supports[j]) > 1]
    support = list(supports[i])
    k = len(support)
    at = [supports[j][0] for j in range(n)]
    own = payoffs[i][tuple(slice(None) if j == i else at[j] for j in range(n))]
    value = own[support[0]]
    if any(own[a] != value for a in support) or any(v > value for v in own):
        return []
    rows: list[tuple[Fraction, ...]] = [tuple(Fraction(int(a == b)) for b in range(k)) for a in range(k)]
    for j in range(n):
        if j == i:
            continue
        # u_j over (j's strategy, the mixer's supported strategy), the rest at their pure strategies
        table = payoffs[j][tuple(slice(None) if h in (i, j) else at[h] for h in range(n))]
        table = table if j < i else table.T
        for t in range(table.shape[0]):
            c = tuple(Fraction(table[at[j], a] - table[t, a]) for a in support)
            if t != at[j] and any(c) and c not in rows:
                rows.append(c)
    if math.comb(len(rows), k - 1) > MAX_COMBINATIONS:
        return None
    return _vertices(rows, k)


def _vertices(rows: list[tuple[Fraction, ...]], k: int) -> list[tuple[Fraction, ...]]:
    """Vertices of ``{x : rows . x >= 0, sum(x) = 1}`` (the first ``k`` rows are ``x >= 0``)."""
    if k == 1:
        return [(Fraction(1),)]
    a = np.array([[float(v) for v in r] for r in rows])
    a /= np.abs(a).max(axis=1, keepdims=True)
    combos = np.array(list(itertools.combinations(range(len(rows)), k - 1)), dtype=np.intp)
    mats = np.concatenate([a[combos], np.ones((len(combos), 1, k))], axis=1)  # (C, k, k)
    sv = np.linalg.svd(mats, compute_uv=False)
    regular = np.flatnonzero(sv[:, -1] > 1e-9 * sv[:, 0])
    rhs = np.zeros((regular.size, k, 1))
    rhs[:, -1] = 1.0
    xs = np.linalg.solve(mats[regular], rhs)[..., 0]
    feasible = np.all(xs @ a.T >= -1e-6, axis=1)  # loose: every candidate is checked exactly below
    found: dict[tuple[Fraction, ...], None] = {}
    seen: set[tuple[float, ...]] = set()
    for c, x in zip(regular[feasible], xs[feasible]):
        key = tuple(np.round(x, 12).tolist())  # fine: a repeated vertex is merged exactly below anyway
        if key in seen:
            continue
        seen.add(key)
        exact = _linear_solve_fraction([list(rows[r]) for r in combos[c]] + [[Fraction(1)] * k],
                                       [Fraction(0)] * (k - 1) + [Fraction(1)])
        if exact is not None and all(sum(r * v for r, v in zip(row, exact)) >= 0 for row in rows):
            found.setdefault(tuple(exact))
    return list(found)


def interior_point(vertices: list[tuple[Fraction, ...]]) -> tuple[Fraction, ...] | None:
    """The mean of the vertices if it gives every supported strategy positive probability, else None."""
    if not vertices:
        return None
    mean = tuple(sum(col) / len(vertices) for col in zip(*vertices))
    return mean if all(v > 0 for v in mean) else None


def full_profile(supports: tuple[tuple[int, ...], ...], shape: tuple[int, ...],
                 x: tuple[Fraction, ...]) -> list[list[Any]]:
    """The profile with the mixer playing ``x`` on its support and the others their pure strategies."""
    out = []
    for j, m in enumerate(shape):
        p = [Fraction(0)] * m
        if len(supports[j]) > 1:
            for s, v in zip(supports[j], x):
                p[s] = v
        else:
            p[supports[j][0]] = Fraction(1)
        out.append(p)
    return out
