"""Private kernel: supports in which exactly three players mix over two strategies each.

With ``w_k`` the probability of the second supported strategy of mixing
player ``k``, player 0's indifference is ``a0 + b0 w1 + c0 w2 + d0 w1 w2 = 0``
(and cyclically). Solving the first two for ``w1`` and ``w0`` as fractions of
linear functions of ``w2`` and substituting into the third gives one quadratic
in ``w2``: closed form, vectorised over all such supports, and exact (square
roots of rationals) when the payoffs are rational. A system on which the
substitution is not valid (the quadratic vanishes, or a denominator is zero
at a root) is flagged for exact elimination instead.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

__all__: list[str] = []


def _bilinear(d: Any) -> tuple[Any, Any, Any, Any]:
    """Coefficients of ``a + b u + c v + d u v`` for a ``(..., 2, 2)`` table over (u-player, v-player)."""
    d00, d01, d10, d11 = d[..., 0, 0], d[..., 0, 1], d[..., 1, 0], d[..., 1, 1]
    return d00, d10 - d00, d01 - d00, d00 - d01 - d10 + d11


def _mul(p: tuple[Any, Any], q: tuple[Any, Any]) -> tuple[Any, Any, Any]:
    return p[0] * q[0], p[0] * q[1] + p[1] * q[0], p[1] * q[1]


def _quadratic(t0: Any, t1: Any, t2: Any) -> tuple[tuple[Any, Any, Any], Any]:
    """The quadratic in ``w2`` and the linear pieces ``(P0, N1, P1, N0)``."""
    a0, b0, c0, d0 = _bilinear(t0)  # player 0: u = w1, v = w2
    a1, b1, c1, d1 = _bilinear(t1)  # player 1: u = w0, v = w2
    a2, b2, c2, d2 = _bilinear(t2)  # player 2: u = w0, v = w1
    p0, n1 = (b0, d0), (-a0, -c0)  # w1 = N1 / P0
    p1, n0 = (b1, d1), (-a1, -c1)  # w0 = N0 / P1
    terms = [_mul(p0, p1), _mul(n0, p0), _mul(n1, p1), _mul(n0, n1)]
    coef = tuple(a2 * terms[0][k] + b2 * terms[1][k] + c2 * terms[2][k] + d2 * terms[3][k] for k in range(3))
    return coef, (p0, n1, p1, n0)


def solve_batch(tensors: list[np.ndarray]) -> tuple[list[list[np.ndarray]], np.ndarray]:
    """Real solutions in ``[0, 1]^3`` of a batch of such systems.

    ``tensors[k]`` has shape ``(B, 1, 2, 2)``. Returns, per system, a list of
    ``(w0, w1, w2)`` arrays, and a boolean array flagging systems that need
    exact elimination.
    """
    t = [np.asarray(x, dtype=float)[:, 0] for x in tensors]
    scale = np.max([np.abs(x).reshape(len(x), -1).max(axis=1) for x in t], axis=0)
    scale[scale == 0] = 1.0
    t = [x / scale[:, None, None] for x in t]
    (c0, c1, c2), (p0, n1, p1, n0) = _quadratic(*t)
    qa, qb, qc = c2, c1, c0
    size = np.maximum(np.maximum(np.abs(qa), np.abs(qb)), np.abs(qc))
    flag = size < 1e-12  # the quadratic vanishes: a degenerate system
    linear = ~flag & (np.abs(qa) < 1e-13 * size)
    # the real roots, by the cancellation-free form of the quadratic formula (two per system, NaN if none)
    with np.errstate(all="ignore"):
        disc = qb * qb - 4 * qa * qc
        # a pair of complex roots this close to the real axis is a double real root blurred by rounding
        real = np.sqrt(np.maximum(-disc, 0.0)) / (2 * np.abs(qa)) <= 1e-9 * (1 + np.abs(qb / (2 * qa)))
        q = -0.5 * (qb + np.copysign(np.sqrt(np.maximum(disc, 0.0)), qb))
        roots = np.stack([q / qa, qc / q], axis=1)
        roots[~real] = np.nan
        lin = np.where(np.abs(qb) > 1e-13 * size, -qc / qb, np.nan)
        roots[linear] = np.stack([lin[linear], np.full(int(linear.sum()), np.nan)], axis=1)
    roots[flag] = np.nan
    out: list[list[np.ndarray]] = []
    for k in range(len(qa)):
        sols = []
        for w2 in roots[k][np.isfinite(roots[k])]:
            if not -1e-9 <= w2 <= 1 + 1e-9:
                continue
            den0 = p0[0][k] + p0[1][k] * w2
            den1 = p1[0][k] + p1[1][k] * w2
            if abs(den0) < 1e-9 or abs(den1) < 1e-9:
                flag[k] = True
                break
            w1 = (n1[0][k] + n1[1][k] * w2) / den0
            w0 = (n0[0][k] + n0[1][k] * w2) / den1
            sols.append(np.array([w0, w1, w2]))
        out.append(sols if not flag[k] else [])
    return out, flag


class Surd(NamedTuple):
    """The real number ``rational + coefficient * sqrt(radicand)`` (Fractions; the radicand not a square)."""

    rational: Fraction
    coefficient: Fraction
    radicand: Fraction

    def to_sympy(self) -> Any:
        """The number as a sympy expression."""
        import sympy

        def q(v: Fraction) -> Any:
            return sympy.Rational(v.numerator, v.denominator)

        return q(self.rational) + q(self.coefficient) * sympy.sqrt(q(self.radicand))


def exact_point(tensors: list[np.ndarray], approx: np.ndarray) -> tuple[Any, Any, Any] | None:
    """Exact ``(w0, w1, w2)`` nearest ``approx``: Fractions, or :class:`Surd` numbers in one ``Q(sqrt d)``.

    ``tensors`` are exact (Fraction) tables of shape ``(1, 2, 2)``.
    """
    (c0, c1, c2), (p0, n1, p1, n0) = _quadratic(*[np.asarray(x, dtype=object)[0] for x in tensors])
    qa, qb, qc = Fraction(c2), Fraction(c1), Fraction(c0)
    if qa == 0:
        if qb == 0:
            return None
        roots: list[Any] = [-qc / qb]
    else:
        disc = qb * qb - 4 * qa * qc
        if disc < 0:
            return None
        num, den = disc.numerator, disc.denominator
        rn, rd = _isqrt_exact(num), _isqrt_exact(den)
        if rn is not None and rd is not None:
            sq = Fraction(rn, rd)
            roots = [(-qb + sq) / (2 * qa), (-qb - sq) / (2 * qa)]
        else:
            # w2 = alpha + beta sqrt(disc), computed in Q(sqrt(disc)) with Fractions
            best_sign = min((1, -1), key=lambda sg: abs((-float(qb) + sg * float(disc) ** 0.5) / (2 * float(qa))
                                                         - float(approx[2])))
            alpha, beta = -qb / (2 * qa), Fraction(best_sign) / (2 * qa)
            if abs(float(alpha) + float(beta) * float(disc) ** 0.5 - float(approx[2])) > 1e-7:
                return None

            def ratio(num: tuple[Any, Any], den: tuple[Any, Any]) -> tuple[Fraction, Fraction] | None:
                # (n0 + n1 w) / (d0 + d1 w) with w = alpha + beta r, r = sqrt(disc)
                a1, b1 = Fraction(num[0]) + Fraction(num[1]) * alpha, Fraction(num[1]) * beta
                a2, b2 = Fraction(den[0]) + Fraction(den[1]) * alpha, Fraction(den[1]) * beta
                norm = a2 * a2 - b2 * b2 * disc
                if norm == 0:
                    return None
                return (a1 * a2 - b1 * b2 * disc) / norm, (b1 * a2 - a1 * b2) / norm

            w1q = ratio(n1, p0)
            w0q = ratio(n0, p1)
            if w1q is None or w0q is None:
                return None
            return Surd(*w0q, disc), Surd(*w1q, disc), Surd(alpha, beta, disc)
    best = min(roots, key=lambda r: abs(float(r) - float(approx[2])))
    if abs(float(best) - float(approx[2])) > 1e-7:
        return None
    den0 = p0[0] + p0[1] * best
    den1 = p1[0] + p1[1] * best
    if den0 == 0 or den1 == 0:
        return None
    return (n0[0] + n0[1] * best) / den1, (n1[0] + n1[1] * best) / den0, best


def _isqrt_exact(v: int) -> int | None:
    import math

    if v < 0:
        return None
    r = math.isqrt(v)
    return r if r * r == v else None
