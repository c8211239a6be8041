"""Private kernel: settling a support system whose homotopy ends are singular, by counting multiplicities.

A square multilinear system in ``g`` groups of homogeneous coordinates has at
most its multihomogeneous Bezout number ``N`` of isolated solutions, counted
with multiplicity, whatever else its solution set holds. So if we exhibit
distinct solutions whose multiplicities add up to ``N``, there is no other
isolated solution, however the paths that found them went.

Degenerate games (small integer payoffs) often have multiple solutions at
rational points, mostly on the boundary of the support (a probability of 0),
where the tracker ends singular. Each such end is rounded to a rational point
(:func:`rational_point`); the point is checked to be an exact solution, and its
multiplicity is computed exactly as the dimension of the local dual space
(Macaulay's inverse system: the differential functionals at the point that
vanish on the ideal), order by order until it stops growing. Dayton and Zeng
(2005, "Computing the multiplicity structure in solving polynomial systems",
ISSAC) show that once the space of order ``a + 1`` is no larger than that of
order ``a``, it is the whole dual space, whose dimension is the multiplicity.
All of this is exact (rational linear algebra), so a rounding can only make
the count fall short (the support then stays unsettled), never settle it
wrongly.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np

__all__: list[str] = []

#: Largest denominator tried when rounding a singular end to a rational point.
MAX_DENOMINATOR = 64
#: Largest Macaulay matrix (columns) built for one multiplicity: order 4 in 7 unknowns, 5 in 5 (the depth of a
#: double or triple solution is 1 or 2; exact elimination is slow past this).
MAX_COLUMNS = 500


def rational_point(end: np.ndarray, offsets: np.ndarray, tol: float = 1e-3) -> list[list[Fraction]] | None:
    """A homogeneous end rounded to rationals, or None: each group scaled so its largest entry is 1, every
    entry within ``tol / q`` of a fraction of denominator ``q`` at most :data:`MAX_DENOMINATOR`; then
    scaled so its first nonzero entry is 1 (one representative for all ends near one projective point).

    >>> rational_point(np.array([2.0, 1.00001 + 1e-6j, 0.5]), np.array([0, 2, 3]))
    [[Fraction(1, 1), Fraction(1, 2)], [Fraction(1, 1)]]
    >>> rational_point(np.array([0.999999, -1.0]), np.array([0, 2]))  # scaled by -1 first, then back
    [[Fraction(1, 1), Fraction(-1, 1)]]
    """
    groups = []
    for j in range(len(offsets) - 1):
        block = np.asarray(end[offsets[j]:offsets[j + 1]], dtype=complex)
        top = block[np.argmax(np.abs(block))]
        if not np.isfinite(top) or top == 0:
            return None
        scaled = block / top
        if np.abs(scaled.imag).max() > tol:
            return None
        near = [Fraction(float(v)).limit_denominator(MAX_DENOMINATOR) for v in scaled.real]
        if any(abs(float(f) - v) > tol / f.denominator for f, v in zip(near, scaled.real)):
            return None  # the larger the denominator, the closer the end must be: few false matches
        lead = next(v for v in near if v != 0)  # one representative per projective point: first nonzero 1
        groups.append([v / lead for v in near])
    return groups


def _contract(tensor: np.ndarray, vectors: list[Any]) -> Any:
    """``tensor`` (object array) contracted on its axes in turn: a vector contracts the axis, an index
    selects a slice; from the last axis inwards."""
    out = tensor
    for vec in reversed(vectors):
        out = out[..., vec] if isinstance(vec, int) else np.dot(out, np.asarray(vec, dtype=object))
    return Fraction(out.item() if isinstance(out, np.ndarray) else out)


def local_system(tensors: list[np.ndarray], point: list[list[Fraction]]
                 ) -> tuple[list[dict[tuple[int, ...], Any]], int]:
    """The system around ``point`` in local affine coordinates: each group's first coordinate equal to 1
    fixed, the others shifted so the point is the origin.

    ``tensors`` are exact (integer object arrays) in :class:`~._homotopy.MultilinearBatch`'s layout
    for one system: group ``i``'s ``(k_i - 1, *[k_j for j != i])``. Returns the polynomials as
    ``{exponents: coefficient}`` and the number of local variables. Each is multilinear in the groups,
    so a monomial holds at most one variable of each group: the coefficient of ``u_{j, a}`` for ``j``
    in a set ``S`` of groups is the tensor at those coordinates, contracted with the point elsewhere.
    """
    g = len(point)
    free = [[c for c in range(len(p)) if c != p.index(1)] for p in point]  # the leading 1 is fixed
    first_var = np.concatenate([[0], np.cumsum([len(f) for f in free])]).astype(int)
    nvars = int(first_var[-1])
    polys = []
    for i in range(g):
        others = [j for j in range(g) if j != i]
        for row in tensors[i]:
            poly: dict[tuple[int, ...], Any] = {}
            for r in range(len(others) + 1):
                for chosen in itertools.combinations(range(len(others)), r):
                    for picks in itertools.product(*[range(len(free[others[a]])) for a in chosen]):
                        pick = dict(zip(chosen, picks))
                        coeff = _contract(row, [free[others[a]][pick[a]] if a in pick else point[others[a]]
                                                for a in range(len(others))])
                        if coeff != 0:
                            exps = [0] * nvars
                            for a, k in pick.items():
                                exps[first_var[others[a]] + k] = 1
                            poly[tuple(exps)] = coeff
            polys.append(poly)
    return polys, nvars


def _monomials(nvars: int, degree: int) -> list[tuple[int, ...]]:
    """Exponent tuples of total degree at most ``degree``."""
    out = []
    for d in range(degree + 1):
        for combo in itertools.combinations_with_replacement(range(nvars), d):
            exps = [0] * nvars
            for v in combo:
                exps[v] += 1
            out.append(tuple(exps))
    return out


def _rank(rows: list[dict[int, Any]], ncols: int) -> int:
    """Exact rank of a sparse rational matrix (rows as ``{column: value}``), by sympy's sparse matrices over
    ``QQ`` (several times faster than elimination in Fractions)."""
    from sympy import QQ
    from sympy.polys.matrices import DomainMatrix

    entries = {}
    for i, row in enumerate(rows):
        kept = {c: QQ(Fraction(v).numerator, Fraction(v).denominator) for c, v in row.items() if v != 0}
        if kept:
            entries[i] = kept
    return DomainMatrix(entries, (len(rows), ncols), QQ).rank() if entries else 0


def multiplicity(polys: list[dict[tuple[int, ...], Any]], nvars: int, most: int) -> int | None:
    """The multiplicity of the origin as a solution of ``polys`` (none may have a constant term), or None
    if it is above ``most`` (or not isolated) or the matrices grow past :data:`MAX_COLUMNS`.

    The dual space of order ``a`` is the kernel of the Macaulay matrix whose columns are the monomials of
    degree at most ``a`` and whose rows are ``u^c f`` for ``|c| <= a - 1``; its dimension is counted until
    it stops growing; it never shrinks, and the multiplicity is at least one more than the highest order
    needed, so the search ends once it passes ``most``.

    >>> multiplicity([{(2,): 1}], 1, 5), multiplicity([{(1, 0): 1}, {(0, 2): 1, (0, 3): 1}], 2, 5)
    (2, 2)
    >>> multiplicity([{(1, 1): 1}, {(1, 1): 1}], 2, 4) is None  # two crossing lines: not isolated
    True
    """
    previous = 1  # order 0: the evaluation functional
    for order in range(1, most + 1):
        cols = _monomials(nvars, order)
        if len(cols) > MAX_COLUMNS:
            return None
        index = {m: k for k, m in enumerate(cols)}
        rows = []
        for shift in _monomials(nvars, order - 1):
            for p in polys:
                row = {}
                for exps, c in p.items():
                    m = tuple(a + b for a, b in zip(exps, shift))
                    if m in index:
                        row[index[m]] = c
                if row:
                    rows.append(row)
        dim = len(cols) - _rank(rows, len(cols))
        if dim == previous:
            return dim
        if dim > most:
            return None
        previous = dim
    return None


def is_solution(tensors: list[np.ndarray], point: list[list[Fraction]]) -> bool:
    """Whether a rational homogeneous point solves the exact multilinear system ``tensors`` exactly."""
    g = len(point)
    return all(_contract(row, [point[j] for j in range(g) if j != i]) == 0
               for i in range(g) for row in tensors[i])


def exact_multiplicity(tensors: list[np.ndarray], point: list[list[Fraction]], most: int) -> int | None:
    """The multiplicity of ``point`` (homogeneous, an entry of each group equal to 1) as a solution of the
    exact multilinear system ``tensors``; None if it is not a solution, or above ``most`` (or not
    isolated)."""
    polys, nvars = local_system(tensors, point)
    if any(not any(e) for p in polys for e in p):  # a constant term: not a solution
        return None
    return multiplicity(polys, nvars, most)


def _same_point(a: np.ndarray, b: np.ndarray, offsets: np.ndarray, tol: float) -> bool:
    """Whether two homogeneous points agree in every group up to scale: the sine of the angle between
    the groups' vectors below ``tol``."""
    for j in range(len(offsets) - 1):
        u, v = a[offsets[j]:offsets[j + 1]], b[offsets[j]:offsets[j + 1]]
        nu, nv = np.vdot(u, u).real, np.vdot(v, v).real
        if not (nu > 0 and nv > 0) or 1 - abs(np.vdot(u, v)) ** 2 / (nu * nv) > tol ** 2:
            return False
    return True


def settle(tensors: list[np.ndarray], ends: np.ndarray, ok: np.ndarray, offsets: np.ndarray,
           bezout: int) -> list[list[list[Fraction]]] | None:
    """The exact solutions at a system's doubtful ends, if with the trusted ones they prove the list
    complete; else None.

    ``ends`` are one system's path ends (homogeneous, rows) and ``ok`` which are converged non-singular
    solutions; ``tensors`` the system exactly (integer object arrays, one per group); ``bezout`` its
    multihomogeneous Bezout number. The trusted ends must be distinct; the other ends are rounded to
    rational points (:func:`rational_point`); those that are exact solutions must be far from every
    trusted end and of known multiplicity; and the trusted ends and the multiplicities must add up to
    ``bezout``.
    """
    simple = ends[ok]
    for a, b in itertools.combinations(range(len(simple)), 2):
        if _same_point(simple[a], simple[b], offsets, 1e-6):
            return None
    points: list[list[list[Fraction]]] = []
    for end in ends[~ok]:
        # an end that does not round to a solution is passed over: the count below is what proves completeness
        point = rational_point(end, offsets)
        if point is not None and point not in points and is_solution(tensors, point):
            points.append(point)
    total = len(simple)
    for point in points:
        exact = np.array([float(v) for grp in point for v in grp], dtype=complex)
        if any(_same_point(exact, s, offsets, 1e-4) for s in simple):
            return None
        mult = exact_multiplicity(tensors, point, most=bezout - total)  # more would break the bound
        if mult is None:
            return None
        total += mult
    return points if total == bezout else None
