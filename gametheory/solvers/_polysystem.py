"""Private kernels: the polynomial system of one support profile of an n-player game.

For a support profile ``S = (S_1, ..., S_n)`` the equilibria with exactly that
support solve, for every player ``i`` with base strategy ``b_i in S_i``,

    u_i(s, x_{-i}) - u_i(b_i, x_{-i}) = 0      for s in S_i \\ {b_i},

with ``x_{i, b_i} = 1 - sum of the others``. The system is multilinear (each
player's equations are linear in every other player's variables and free of
its own). When at most two players mix it is a pair of linear systems, solved
exactly with Fractions here; otherwise it is solved with a Groebner basis
(:mod:`._elimination`), which also detects positive-dimensional solution sets.
Also the unused strategies' gains (an equilibrium makes them all ``<= 0``) and
the search for isolated equilibria where some of them tie.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np

from ._elimination import solve_polynomial_system

__all__: list[str] = []


def dominated_in_support(payoffs: np.ndarray, supports: tuple[tuple[int, ...], ...], tol: float) -> bool:
    """Whether some supported strategy is strictly dominated against the others' supports.

    ``payoffs`` has shape ``(n, *shape)`` (floats). A strategy in ``S_i`` that
    some pure strategy of player ``i`` beats against every pure profile of the
    others' supports is never a best reply there, so the support is empty.
    """
    n = payoffs.shape[0]
    for i in range(n):
        sub = payoffs[i][np.ix_(*[np.arange(payoffs.shape[1 + j]) if j == i else np.asarray(s)
                                  for j, s in enumerate(supports)])]
        # rows: player i's strategies, columns: the others' supported pure profiles
        mat = np.moveaxis(sub, i, 0).reshape(sub.shape[i], -1)
        diff = mat[:, None, :] - mat[None, supports[i], :]  # (t, s in S_i, columns)
        # s is strictly dominated by some t: never a best reply here
        if np.any(np.all(diff > tol, axis=2)):
            return True
        # s weakly dominated by another supported t: with full-support mixtures of
        # the others, t is strictly better, so s and t cannot both be best replies
        inner = diff[list(supports[i])]
        weak = np.all(inner >= -tol, axis=2) & np.any(inner > tol, axis=2)
        if np.any(weak):
            return True
    return False


def _linear_solve_fraction(a: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    """Unique solution of a square rational system, or None if singular."""
    m = len(b)
    aug = [row[:] + [rhs] for row, rhs in zip(a, b)]
    for c in range(m):
        piv = next((r for r in range(c, m) if aug[r][c] != 0), None)
        if piv is None:
            return None
        aug[c], aug[piv] = aug[piv], aug[c]
        pv = aug[c][c]
        for r in range(m):
            if r != c and aug[r][c] != 0:
                f = aug[r][c] / pv
                aug[r] = [x - f * y for x, y in zip(aug[r], aug[c])]
    return [aug[r][m] / aug[r][r] for r in range(m)]


def _pure_index(supports: tuple[tuple[int, ...], ...], mixers: list[int]) -> tuple[Any, ...]:
    """Index fixing every player outside ``mixers`` at its one supported strategy."""
    return tuple(slice(None) if j in mixers else supports[j][0] for j in range(len(supports)))


def solve_two_mixers(exact_payoffs: list[np.ndarray], supports: tuple[tuple[int, ...], ...],
                     shape: tuple[int, ...]) -> list[list[list[Fraction]]] | None:
    """Solve a support system in which at most two players mix (linear, exact).

    Returns a list with the unique solution (possibly empty), or None when the
    linear system is singular (the solution set may be positive-dimensional).
    """
    n = len(shape)
    mixers = [i for i in range(n) if len(supports[i]) > 1]
    pure = {j: [Fraction(int(k == supports[j][0])) for k in range(shape[j])] for j in range(n) if j not in mixers}
    profile: dict[int, list[Fraction]] = dict(pure)
    if not mixers:
        return [[profile[j] for j in range(n)]]
    if len(mixers) == 1:
        # the single mixer makes nobody indifferent: its own payoffs depend only on pure opponents
        i = mixers[0]
        row = exact_payoffs[i][_pure_index(supports, mixers)]  # pure players fixed: a slice, no products
        vals = [row[s] for s in supports[i]]
        if any(v != vals[0] for v in vals):
            return []
        return None  # player i indifferent across its support: a continuum of mixtures
    i, k = mixers
    sol: dict[int, list[Fraction]] = {}
    for me, other in ((i, k), (k, i)):
        # me's indifference is linear in other's probabilities
        mat = exact_payoffs[me][_pure_index(supports, mixers)]
        # remaining axes: me and other in increasing index order
        if me > other:
            mat = mat.T
        rows = [[mat[s, t] - mat[supports[me][0], t] for t in supports[other]] for s in supports[me][1:]]
        a = rows + [[Fraction(1)] * len(supports[other])]
        b = [Fraction(0)] * len(rows) + [Fraction(1)]
        if len(a) != len(supports[other]):
            return None
        x = _linear_solve_fraction([list(map(Fraction, r)) for r in a], b)
        if x is None:
            return None
        full = [Fraction(0)] * shape[other]
        for t, v in zip(supports[other], x):
            full[t] = v
        sol[other] = full
    profile.update(sol)
    return [[profile[j] for j in range(n)]]


def support_polynomials(exact_payoffs: list[np.ndarray], supports: tuple[tuple[int, ...], ...],
                        shape: tuple[int, ...]) -> tuple[list[Any], list[Any], list[list[Any]]]:
    """The sympy polynomial system of a support profile.

    Returns ``(equations, variables, profile)`` where ``profile`` gives every
    player's mixed strategy in terms of the variables.
    """
    import sympy

    n = len(shape)
    variables: list[Any] = []
    profile: list[list[Any]] = []
    for i in range(n):
        xs = [sympy.Symbol(f"x{i}_{s}") for s in supports[i][1:]]
        variables.extend(xs)
        strat: list[Any] = [sympy.Integer(0)] * shape[i]
        strat[supports[i][0]] = 1 - sum(xs)
        for s, x in zip(supports[i][1:], xs):
            strat[s] = x
        profile.append(strat)
    equations = []
    for i in range(n):
        if len(supports[i]) == 1:
            continue
        sub = exact_payoffs[i][np.ix_(*[np.arange(shape[j]) if j == i else np.asarray(supports[j])
                                        for j in range(n)])]
        diff = {s: 0 for s in supports[i][1:]}
        for combo in itertools.product(*[range(len(supports[j])) if j != i else [0] for j in range(n)]):
            weight = sympy.Integer(1)
            for j in range(n):
                if j != i:
                    weight *= profile[j][supports[j][combo[j]]]
            key = list(combo)
            for s in supports[i][1:]:
                key[i] = s
                ks = tuple(key)
                key[i] = supports[i][0]
                kb = tuple(key)
                c = sympy.Rational(sub[ks] - sub[kb])
                if c != 0:
                    diff[s] += c * weight
        equations.extend(sympy.expand(e) for e in diff.values())
    return [e for e in equations if e != 0], variables, profile


def deviation_gains(exact_payoffs: list[np.ndarray], supports: tuple[tuple[int, ...], ...],
                    shape: tuple[int, ...], profile: list[list[Any]]) -> list[tuple[tuple[int, int], Any]]:
    """Each unused strategy's gain over its player's first supported one, as a polynomial in the support's
    variables (``profile`` from :func:`support_polynomials`); an equilibrium makes every gain ``<= 0``.

    Returns ``((player, strategy), gain)`` pairs; gains that vanish identically are left out.
    """
    import sympy

    n = len(shape)
    gains = []
    for i in range(n):
        outside = [t for t in range(shape[i]) if t not in supports[i]]
        if not outside:
            continue
        sub = exact_payoffs[i][np.ix_(*[np.arange(shape[j]) if j == i else np.asarray(supports[j])
                                        for j in range(n)])]
        combos = list(itertools.product(*[range(len(supports[j])) if j != i else [0] for j in range(n)]))
        weights = [sympy.Mul(*[profile[j][supports[j][c[j]]] for j in range(n) if j != i]) for c in combos]
        for t in outside:
            total = sympy.Integer(0)
            for combo, weight in zip(combos, weights):
                at_t = tuple(t if j == i else c for j, c in enumerate(combo))
                at_base = tuple(supports[i][0] if j == i else c for j, c in enumerate(combo))
                diff = sub[at_t] - sub[at_base]
                if diff != 0:
                    total += sympy.Rational(diff) * weight
            total = sympy.expand(total)
            if total != 0:
                gains.append(((i, t), total))
    return gains


def points_with_tight_gains(equations: list[Any], variables: list[Any], gains: list[Any],
                            budget: int = 128) -> tuple[list[dict[Any, Any]], bool]:
    """Points of a positive-dimensional solution set where some deviation gains vanish and the set with
    those gains set to zero is finite: every isolated equilibrium of the support is among them.

    An isolated equilibrium ``x`` in the set ``V`` of the support's solutions is an isolated point of
    ``V`` with the gains that vanish at ``x`` set to zero (if a curve of such points ran through ``x``,
    the other gains, negative at ``x``, would stay negative near it: a curve of equilibria). Sets of
    gains are tried smallest first; a set giving no or finitely many points settles every larger set
    (their points are among these). Finiteness is over the complex numbers: a real point alone on a
    complex curve (an acnode) would not be found. Isolated points of ``V`` itself are the caller's.

    Returns the points found and whether the search finished within ``budget`` eliminations.
    """
    if any(g.is_number and g > 0 for g in gains):
        return [], True  # an unused strategy is better everywhere on the set
    usable = [k for k, g in enumerate(gains) if not g.is_number]  # a negative constant never vanishes
    points: list[dict[Any, Any]] = []
    settled: list[frozenset[int]] = []
    queue: list[tuple[int, ...]] = [(k,) for k in usable]
    solves = 0
    while queue:
        tight = queue.pop(0)
        if any(done <= set(tight) for done in settled):
            continue
        if solves == budget:
            return points, False
        solves += 1
        kind, data = solve_polynomial_system(equations + [gains[k] for k in tight], variables, describe=False)
        if kind == "points":
            points.extend(data)
            settled.append(frozenset(tight))
            continue
        queue.extend(tight + (k,) for k in usable if k > tight[-1])
    return points, True

