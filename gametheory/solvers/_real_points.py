"""Rational sample points of real sets given by sign conditions, decided exactly (the sampling of
positive-dimensional solution sets in :mod:`._continua`).

Where ``t`` ranges over a line, a plane curve or the plane, every expression of one list is to be
``> 0`` and every one of another ``<= 0`` (the support's probabilities and the unused strategies' gains,
written as rational functions of the free variables). Between consecutive real roots of the
expressions' numerators, denominators and discriminants every sign is constant, so one rational point
per interval decides it; signs at algebraic points are decided with high-precision floats, and left
undecided (None) where a value is too near 0 to call.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np

from ._elimination import finite_points, lex_basis


def sign_intervals(positive: list[Any], nonpositive: list[Any], t: Any) -> list[Fraction] | None:
    """A rational point in each open interval of ``t`` on which every expression of ``positive`` is
    ``> 0`` and every one of ``nonpositive`` is ``<= 0``, and none elsewhere; None if some expression is
    not a function of ``t`` alone built from rational functions and one square root ``sqrt(D(t))`` (``D``
    a polynomial). Rational expressions give one point per interval; with a square root an interval can
    get more than one (a root of ``a^2 - b^2 D`` where the other sign of the root vanishes splits it).

    Each expression is written ``(a + b s) / (c + e s)`` with ``s = sqrt(D)`` and ``a, b, c, e``
    polynomials. Its numerator can change sign only at a root of ``a^2 - b^2 D`` (where it vanishes) and
    its denominator at one of ``c^2 - e^2 D``, and ``s`` is real only where ``D >= 0``; between
    consecutive real roots of these every expression keeps its sign, so testing one point per interval
    decides the whole interval, exactly: the roots are isolated in disjoint rational intervals (sympy), the
    points tested lie in the gaps between them and beyond, and the sign of ``a + b sqrt(m)`` at a rational
    point is decided in rationals.

    Examples
    --------
    >>> import sympy
    >>> t = sympy.Symbol("t")
    >>> sign_intervals([t, 1 - t], [t - sympy.Rational(1, 2)], t)  # 0 < t <= 1/2: the open part (0, 1/2)
    [Fraction(1, 4)]
    >>> sign_intervals([t], [1 - t**2, t - 2], t)  # t >= 1 and t <= 2: (1, 2)
    [Fraction(3, 2)]
    >>> sign_intervals([t * t + 1], [-1], t), sign_intervals([sympy.sqrt(t) - 1], [], t)  # t > 1
    ([Fraction(0, 1)], [Fraction(2, 1)])
    >>> sign_intervals([sympy.sqrt(t), sympy.sqrt(t + 1)], [], t)  # two different roots
    """
    import sympy

    parts = _radical_parts([*positive, *nonpositive], t)
    if parts is None:
        return None
    radicand, fractions = parts
    critical = [radicand]
    for num, den in fractions:
        for a, b in (num, den):
            norm = a * a - b * b * radicand
            critical.append(norm if not norm.is_zero else a)  # norm 0: a + b s = 2a or 0 on the branch
    points = _gap_points(critical, t)

    def value(poly: Any, x: Fraction) -> Fraction:
        v = sympy.Rational(poly.eval(sympy.Rational(x.numerator, x.denominator)))
        return Fraction(int(v.p), int(v.q))

    npos = len(positive)
    out = []
    for x in points:
        m = value(radicand, x)
        if m < 0:
            continue  # the square root is not real here
        signs = [_sign_with_root(value(num[0], x), value(num[1], x), m)
                 * _sign_with_root(value(den[0], x), value(den[1], x), m) for num, den in fractions]
        if all(v > 0 for v in signs[:npos]) and all(v <= 0 for v in signs[npos:]):
            out.append(x)
    return out


#: Sign decisions at a point of a curve are made in floats of this many digits; a value nearer 0 than
#: :data:`ZERO_DIGITS` digits there gives no verdict (it is non-zero: the point avoids every zero curve).
EVAL_DIGITS = 60
ZERO_DIGITS = 40


def curve_points(curve: Any, u: Any, t: Any, positive: list[Any], nonpositive: list[Any]
                 ) -> tuple[list[dict[Any, Any]], list[dict[Any, Any]]] | None:
    """Where on the real plane curve ``curve(u, t) = 0`` every expression of ``positive`` is ``> 0`` and
    every one of ``nonpositive`` is ``<= 0`` (rational functions of ``u`` and ``t``): ``(arcs, points)``,
    or None where that is not decided.

    ``arcs`` holds a point on each arc of the curve where the conditions hold (an open piece: a curve of
    solutions), ``points`` the finitely many points where they can hold off such arcs: the curve's singular
    points (an isolated real point of it among them) and its meets with the zero curves of the
    ``nonpositive`` expressions (where one of them ties); these are for the caller to check.

    A cylindrical decomposition: between consecutive real roots (in ``t``) of the curve's leading
    coefficient and discriminant in ``u`` and of its resultants with every numerator and denominator, the
    real roots ``u`` of the curve do not meet, and no expression changes sign along them; so the real roots
    over one rational ``t`` per interval (exact, ``CRootOf``) decide each arc. Each irreducible factor of
    the curve is taken on its own; an expression that vanishes on a whole factor decides it (a
    ``positive`` one: no point there; a ``nonpositive`` one ties everywhere).

    Examples
    --------
    >>> import sympy
    >>> u, t = sympy.symbols("u t")
    >>> arcs, points = curve_points(u**2 + t**2 - 1, u, t, [u, t], [])  # the open quarter circle
    >>> [(round(float(p[u]), 3), p[t]) for p in arcs]
    [(0.866, 1/2)]
    >>> arcs, points = curve_points(u**2 + t**2 - 1, u, t, [u, t], [u + t - 1])  # u + t <= 1: the ends
    >>> arcs, sorted((p[u], p[t]) for p in points)  # (which the caller finds off the open quarter)
    ([], [(0, 1), (1, 0)])
    """
    import sympy

    pairs = _fraction_polys([*positive, *nonpositive], (u, t))
    try:
        whole = sympy.Poly(curve, u, t, domain="QQ")
    except sympy.polys.polyerrors.BasePolynomialError:
        return None
    if pairs is None:
        return None
    arcs: list[dict[Any, Any]] = []
    points: list[dict[Any, Any]] = []
    for factor, _ in whole.factor_list()[1]:
        if factor.degree(u) < 1:
            # a line t = c (or none): u runs along it
            found = curve_points(factor.as_expr(), t, u, positive, nonpositive) if factor.degree(t) else ([], [])
        else:
            found = _factor_points(factor, u, t, pairs, len(positive))
        if found is None:
            return None
        arcs.extend(found[0])
        points.extend(found[1])
    return arcs, points


def _factor_points(curve: Any, u: Any, t: Any, pairs: list[Any], npos: int
                   ) -> tuple[list[dict[Any, Any]], list[dict[Any, Any]]] | None:
    """:func:`curve_points` on an irreducible curve (``Poly`` in ``u, t``) of positive degree in ``u``."""
    import sympy

    active = []  # (numerator, denominator, whether it must be > 0) of expressions not constant on the curve
    for k, (num, den) in enumerate(pairs):
        if _divides(curve, den):
            return None  # undefined on the whole curve
        if _divides(curve, num):
            if k < npos:
                return [], []  # a supported probability is 0 all along the curve
            continue  # a gain that ties all along it
        active.append((num, den, k < npos))
    in_u = sympy.Poly(curve.as_expr(), u)
    critical = [sympy.Poly(in_u.LC(), t, domain="QQ"),
                sympy.Poly(sympy.resultant(curve.as_expr(), sympy.diff(curve.as_expr(), u), u), t, domain="QQ")]
    for num, den, _ in active:
        for side in (num, den):
            if side.degree(u) > 0:
                critical.append(sympy.Poly(sympy.resultant(curve.as_expr(), side.as_expr(), u), t, domain="QQ"))
            elif side.degree(t) > 0:
                critical.append(sympy.Poly(side.as_expr(), t, domain="QQ"))
    if any(c.is_zero for c in critical):
        return None
    arcs: list[dict[Any, Any]] = []
    for x in _gap_points(critical, t):
        at = sympy.Rational(x.numerator, x.denominator)
        over = sympy.Poly(curve.as_expr().subs(t, at), u)
        roots = over.real_roots()
        for root, value in zip(roots, _real_roots_numeric(over, len(roots))):
            signs = _signs_at(active, (value, x))
            if signs is None:
                return None
            if all(sg > 0 if pos else sg < 0 for sg, (_, _, pos) in zip(signs, active)):
                arcs.append({u: root, t: at})
                break  # one point over an interval is enough: the caller wants a point of the set, not each arc
    # where the conditions can hold off the arcs: singular points, and meets with the gains' zero curves
    points: list[dict[Any, Any]] = []
    systems = [[curve.as_expr(), sympy.diff(curve.as_expr(), u), sympy.diff(curve.as_expr(), t)]]
    systems += [[curve.as_expr(), num.as_expr()] for num, _, pos in active if not pos and num.total_degree() > 0]
    for system in systems:
        basis, finite = lex_basis(system, [u, t])
        if basis == [1]:
            continue
        if not finite:
            return None
        points.extend(finite_points(basis, [u, t]))
    return arcs, points


def region_points(u: Any, t: Any, positive: list[Any], nonpositive: list[Any]
                  ) -> tuple[list[dict[Any, Any]], list[dict[Any, Any]]] | None:
    """Where in the real plane of ``u`` and ``t`` every expression of ``positive`` is ``> 0`` and every one of
    ``nonpositive`` is ``<= 0`` (rational functions of ``u`` and ``t``): ``(samples, points)`` as in
    :func:`curve_points` (``samples`` on open regions and on arcs where a ``nonpositive`` expression is 0),
    or None where that is not decided.

    Open regions: between consecutive real roots (in ``t``) of the leading coefficients and discriminants
    in ``u`` of the irreducible factors of every numerator and denominator and of their pairwise
    resultants, the factors' real roots in ``u`` do not meet; over one rational ``t`` per interval,
    :func:`sign_intervals` decides every open interval in ``u``. Off the open regions a ``nonpositive``
    expression is 0: the zero curve of each factor of its numerator is decided by :func:`curve_points`.

    >>> import sympy
    >>> u, t = sympy.symbols("u t")
    >>> region_points(u, t, [u, t, 1 - u, 1 - t], [(u - t) ** 2])[0]  # only on the diagonal: an arc
    [{u: 1/2, t: 1/2}]
    """
    import sympy

    pairs = _fraction_polys([*positive, *nonpositive], (u, t))
    if pairs is None:
        return None
    factors: list[Any] = []
    for side in (p for pair in pairs for p in pair):
        for f, _ in side.factor_list()[1]:
            if f.total_degree() > 0 and f not in factors and -f not in factors:
                factors.append(f)
    critical = []
    for k, f in enumerate(factors):
        if f.degree(u) == 0:
            critical.append(sympy.Poly(f.as_expr(), t, domain="QQ"))
            continue
        critical.append(sympy.Poly(sympy.Poly(f.as_expr(), u).LC(), t, domain="QQ"))
        critical.append(sympy.Poly(sympy.resultant(f.as_expr(), sympy.diff(f.as_expr(), u), u), t, domain="QQ"))
        critical.extend(sympy.Poly(sympy.resultant(f.as_expr(), g.as_expr(), u), t, domain="QQ")
                        for g in factors[k + 1:] if g.degree(u) > 0)
    if any(c.is_zero for c in critical):
        return None
    samples: list[dict[Any, Any]] = []
    for x in _gap_points(critical, t):
        at = sympy.Rational(x.numerator, x.denominator)
        found = sign_intervals([sympy.sympify(e).subs(t, at) for e in positive],
                               [sympy.sympify(e).subs(t, at) for e in nonpositive], u)
        if found is None:
            return None
        samples.extend({u: sympy.Rational(y.numerator, y.denominator), t: at} for y in found[:1])
    points: list[dict[Any, Any]] = []
    for k in range(len(positive), len(pairs)):
        for f, _ in pairs[k][0].factor_list()[1]:
            if f.total_degree() == 0:
                continue
            found_on = curve_points(f.as_expr(), u, t, positive, nonpositive)
            if found_on is None:
                return None
            samples.extend(found_on[0])
            points.extend(found_on[1])
    return samples, points


def _fraction_polys(exprs: list[Any], gens: tuple[Any, ...]) -> list[tuple[Any, Any]] | None:
    """Each expression as (numerator, denominator), ``Poly`` in ``gens`` over QQ; None if one is not a
    rational function of them with rational coefficients."""
    import sympy

    out = []
    for e in exprs:
        num, den = sympy.fraction(sympy.cancel(sympy.together(sympy.sympify(e))))
        try:
            out.append((sympy.Poly(num, *gens, domain="QQ"), sympy.Poly(den, *gens, domain="QQ")))
        except sympy.polys.polyerrors.BasePolynomialError:
            return None
    return out


def _divides(factor: Any, poly: Any) -> bool:
    """Whether an irreducible ``factor`` divides ``poly`` (both ``Poly`` in the same generators): the
    expression vanishes on the whole curve ``factor = 0``."""
    return poly.is_zero or poly.gcd(factor).total_degree() > 0


def _real_roots_numeric(poly: Any, count: int) -> list[Any]:
    """The real roots of a univariate ``Poly`` over QQ in increasing order, as mpmath floats of
    :data:`EVAL_DIGITS` + 20 digits (sympy's ``CRootOf`` takes 40 ms each to that precision: measured);
    the exact count is given. Refined from numpy's roots by Newton steps; if they do not give ``count``
    distinct real roots, ``CRootOf`` is evaluated after all."""
    import mpmath
    import sympy

    with mpmath.workdps(EVAL_DIGITS + 20):
        coeffs = [mpmath.mpf(int(c.p)) / int(c.q) for c in (sympy.Rational(c) for c in poly.all_coeffs())]
        guesses = np.roots([float(c) for c in coeffs]) if len(coeffs) > 1 else np.array([])
        found = []
        for g in sorted(g.real for g in guesses if abs(g.imag) <= 1e-6 * (1 + abs(g))):
            try:
                found.append(mpmath.findroot(lambda z: mpmath.polyval(coeffs, z), mpmath.mpf(g)))
            except (ValueError, ZeroDivisionError):
                break
        found = sorted(found)
        if len(found) == count and all(b - a > mpmath.mpf(10) ** -EVAL_DIGITS for a, b in itertools.pairwise(found)):
            return found
        return [sympy.N(r, EVAL_DIGITS + 20) for r in poly.real_roots()]


def _signs_at(active: list[Any], values: tuple[Any, ...]) -> list[int] | None:
    """The sign of each (numerator / denominator) at a point (its coordinates in the order of the
    polynomials' generators: mpmath floats, or Fractions taken exactly to the working precision),
    evaluated to :data:`EVAL_DIGITS` digits; None if a value is too near 0 to tell."""
    import mpmath

    out = []
    with mpmath.workdps(EVAL_DIGITS):
        point = [mpmath.mpf(v.numerator) / v.denominator if isinstance(v, Fraction) else mpmath.mpf(v)
                 for v in values]
        for num, den, _ in active:
            sign = 1
            for side in (num, den):
                value = mpmath.fsum(mpmath.mpf(int(c.p)) / int(c.q) * mpmath.fprod(x ** k for x, k in zip(point, m))
                                    for m, c in side.terms())
                if abs(value) < mpmath.mpf(10) ** -ZERO_DIGITS:
                    return None
                sign *= 1 if value > 0 else -1
            out.append(sign)
    return out


def _gap_points(polys: list[Any], t: Any) -> list[Fraction]:
    """A rational point in each open interval between consecutive real roots of the polynomials (``Poly``
    in ``t`` over QQ), and one beyond each end: the roots are isolated in disjoint rational intervals."""
    import sympy

    product = sympy.Poly(1, t, domain="QQ")
    for poly in polys:
        if poly.degree() > 0:
            product = product * poly
    if product.degree() <= 0:
        return [Fraction(0)]
    square_free = product.sqf_part()
    roots = sorted(([iv[0], iv[1]] for iv, _ in square_free.intervals()), key=lambda iv: iv[0])
    for k in range(len(roots) - 1):  # shrink neighbours until a gap separates them
        while not roots[k][1] < roots[k + 1][0]:
            for iv in (roots[k], roots[k + 1]):
                if iv[0] != iv[1]:
                    iv[0], iv[1] = square_free.refine_root(iv[0], iv[1], eps=(iv[1] - iv[0]) / 4)
    if not roots:
        return [Fraction(0)]
    ends = [Fraction(int(sympy.Rational(v).p), int(sympy.Rational(v).q)) for iv in roots for v in iv]
    return [ends[0] - 1, *((ends[2 * k + 1] + ends[2 * k + 2]) / 2 for k in range(len(roots) - 1)), ends[-1] + 1]


def _radical_parts(exprs: list[Any], t: Any) -> tuple[Any, list[Any]] | None:
    """``(D, [((a, b), (c, e)), ...])``: each expression as ``(a + b s) / (c + e s)`` with ``s = sqrt(D)``
    (``D = 0`` and ``b = e = 0`` when there is no square root), polynomials in ``t`` over QQ; None if the
    expressions are not of that form."""
    import sympy

    roots = [a for e in exprs for a in sympy.sympify(e).atoms(sympy.Pow) if not a.exp.is_Integer]
    bases = {a.base for a in roots}
    if any(not (2 * a.exp).is_Integer for a in roots):
        return None
    # sympy's cancel() writes sqrt(3 D) as sqrt(3) sqrt(D): with s = sqrt(3 D), sqrt(D) is s / sqrt(3), and
    # the sqrt(3) cancels wherever the two came as one (elsewhere it stays, and the coefficients are not
    # rational: no verdict)
    constant = [b for b in bases if b.is_number]
    scale = constant[0] if len(constant) == 1 and len(bases) == 2 else sympy.Integer(1)
    bases.discard(scale)
    if len(bases) > 1:
        return None
    s = sympy.Dummy("s")
    radicand = next(iter(bases)) if bases else sympy.Integer(0)
    try:
        d_poly = sympy.Poly(sympy.expand(scale * radicand), t, domain="QQ")
        out = []
        for e in exprs:
            e = sympy.sympify(e)
            if bases:  # sqrt(D)^k -> (s / sqrt(c))^k, then sqrt(c) s / sqrt(c) -> s
                e = e.replace(lambda a: a.is_Pow and a.base == radicand and not a.exp.is_Integer,
                              lambda a: (s / sympy.sqrt(scale)) ** int(2 * a.exp))
            num, den = sympy.fraction(sympy.cancel(sympy.together(e)))
            pair = []
            for side in (num, den):
                if (side.free_symbols - {t, s}) or not side.is_polynomial(t, s):
                    return None
                rest = (sympy.Poly(side, s).rem(sympy.Poly(s ** 2 - scale * radicand, s)) if bases
                        else sympy.Poly(side, s))
                coeffs = dict(zip([m[0] for m in rest.monoms()], rest.coeffs()))
                pair.append((sympy.Poly(coeffs.get(0, 0), t, domain="QQ"),
                             sympy.Poly(coeffs.get(1, 0), t, domain="QQ")))
            out.append(tuple(pair))
    except (sympy.polys.polyerrors.PolynomialError, sympy.polys.polyerrors.CoercionFailed):
        return None  # irrational coefficients besides the one root, or not polynomial
    return d_poly, out


def _sign_with_root(a: Fraction, b: Fraction, m: Fraction) -> int:
    """The sign of ``a + b sqrt(m)`` (``m >= 0``), exactly."""
    first = (a > 0) - (a < 0)
    second = (b > 0) - (b < 0) if m > 0 else 0
    if second == 0 or first == second:
        return first or second
    if first == 0:
        return second
    lhs, rhs = a * a, b * b * m
    return first if lhs > rhs else second if lhs < rhs else 0
