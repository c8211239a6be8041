"""Private exact-arithmetic helpers shared by the LP and pivoting solvers.

Floating-point solvers find *where* an answer lies (a support, a basis, a
mixture); these helpers turn that into exact rationals that are then checked
with exact arithmetic. Nothing here decides on its own that an answer is right.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import lcm

import numpy as np

__all__ = ["float_safe", "integer_payoffs", "simplex_candidates", "solve_exact"]

_INT64_SAFE = 2**62


def integer_payoffs(exact: np.ndarray) -> np.ndarray:
    """Scale each player's exact payoffs by the lcm of their denominators.

    A positive scaling per player changes no comparison between that player's
    payoffs, so best responses, dominance and equilibria are unchanged. The
    result is an ``int64`` array when the integers fit (fast, exact numpy
    comparisons) and an object array of Python ints otherwise.

    Parameters
    ----------
    exact : ndarray of Fraction, shape (n_players, *shape)

    Returns
    -------
    ndarray, same shape
    """
    out = np.empty(exact.shape, dtype=object)
    biggest = 0
    for i in range(exact.shape[0]):
        flat = exact[i].ravel()
        scale = lcm(*(v.denominator for v in flat)) if flat.size else 1
        ints = [v.numerator * (scale // v.denominator) for v in flat]
        biggest = max(biggest, max((abs(v) for v in ints), default=0))
        out[i] = np.array(ints, dtype=object).reshape(exact.shape[1:])
    if biggest < _INT64_SAFE:
        return out.astype(np.int64)
    return out


def solve_exact(rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]) -> list[Fraction] | None:
    """The unique solution of a consistent linear system, exactly; ``None`` otherwise.

    The system may have more equations than unknowns (redundant tight
    constraints); it must have full column rank and be consistent.

    Examples
    --------
    >>> solve_exact([[1, 1], [1, -1], [2, 0]], [1, 0, 1])
    [Fraction(1, 2), Fraction(1, 2)]
    >>> solve_exact([[1, 1]], [1]) is None   # not unique
    True
    """
    k = len(rows[0]) if rows else 0
    M = [[Fraction(v) for v in r] + [Fraction(b)] for r, b in zip(rows, rhs)]
    piv_row = 0
    pivots = []
    for c in range(k):
        p = next((r for r in range(piv_row, len(M)) if M[r][c] != 0), None)
        if p is None:
            return None  # rank deficient: the solution is not unique
        M[piv_row], M[p] = M[p], M[piv_row]
        pr = M[piv_row]
        inv = 1 / pr[c]
        for j in range(c, k + 1):
            pr[j] *= inv
        for r in range(len(M)):
            if r != piv_row and M[r][c] != 0:
                f = M[r][c]
                row = M[r]
                for j in range(c, k + 1):
                    row[j] -= f * pr[j]
        pivots.append(c)
        piv_row += 1
    if any(M[r][k] != 0 for r in range(piv_row, len(M))):
        return None  # inconsistent
    return [M[r][k] for r in range(k)]


def simplex_candidates(p: np.ndarray, denominators: Sequence[int] = (2, 6, 12, 60, 10**3, 10**6, 10**9, 10**12)):
    """Rational probability vectors near ``p``, simplest first, each summing exactly to one.

    Used where a float mixture has slack (strict dominance, a margin): one of
    these is then verified exactly.
    """
    p = np.clip(np.asarray(p, dtype=float), 0.0, None)
    if p.sum() <= 0:
        return
    p = p / p.sum()
    seen = set()
    for d in denominators:
        fr = [Fraction(float(v)).limit_denominator(d) for v in p]
        total = sum(fr)
        if total <= 0:
            continue
        cand = tuple(v / total for v in fr)
        if cand not in seen:
            seen.add(cand)
            yield cand


#: Largest ratio of a player's payoff range to the smallest gap between two of its distinct payoffs that
#: floating-point pivoting (tolerances near 1e-9 after mapping payoffs onto [1, 2]) resolves with room to
#: spare. The Gambit and textbook games measured stay below 7,000 (von Stengel's 75-equilibrium game: 6,540).
FLOAT_SAFE_SPREAD = 10**6


def float_safe(exact: np.ndarray) -> bool:
    """Whether floating-point pivoting can be trusted with these exact payoffs.

    ``False`` when some player's payoffs span more than :data:`FLOAT_SAFE_SPREAD` times the smallest
    difference between two of them (Gambit's ``large_payoff_game``: 10**19 next to 1/2): after scaling,
    such differences fall below the tolerances, and best responses, ties and pivots become rounding
    noise. Then the exact routines of :mod:`._exact_pivot` are used instead.

    Examples
    --------
    >>> from fractions import Fraction
    >>> float_safe(np.array([[[Fraction(1), Fraction(0)]], [[Fraction(0), Fraction(1)]]], dtype=object))
    True
    >>> float_safe(np.array([[[Fraction(10**19), Fraction(1, 2), Fraction(0)]]], dtype=object))
    False
    """
    for player in exact:
        values = sorted(set(player.flat))
        if len(values) < 2:
            continue
        gap = min(b - a for a, b in zip(values, values[1:]))
        if (values[-1] - values[0]) > FLOAT_SAFE_SPREAD * gap:
            return False
    return True
