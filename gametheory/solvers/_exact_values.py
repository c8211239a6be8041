"""Exact values of numerically found equilibria: rationals when the float point rounds to one that passes
the exact certificate, algebraic numbers (by exact elimination) where the support system is small.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from . import _elimination
from . import _polysystem as ps

#: Irrational equilibria on supports with at most this many unknowns get exact algebraic values, computed
#: when first read (``profile_symbolic``); with at most 3 at once. Measured on random 3x3x3 games with
#: payoffs 0..999: 4 and 5 unknowns take 0.04-0.6 s each, 6 unknowns about 15 s.
LAZY_EXACT_UNKNOWNS = 5
#: Time budget of the exact elimination of one irrational equilibrium when first read.
LAZY_ELIMINATION_SECONDS = 10.0


def report_numeric(probs: list[np.ndarray], supports: tuple[tuple[int, ...], ...], sizes: list[int],
                   use_exact: bool, exact_payoffs: list[np.ndarray], shape: tuple[int, ...], report: Any,
                   numeric_only: list[Any]) -> None:
    """A numerical equilibrium: exact rational if it rounds to one, else exact algebraic where cheap."""
    # below double resolution a probability is the tracker's noise (5e-33 beside a boundary point, measured):
    # 0, so that the point's support is the one it has
    probs = [np.where(p < 1e-15, 0.0, p) for p in probs]
    if use_exact:
        rat = [[Fraction(float(v)).limit_denominator(10**6) for v in p] for p in probs]
        close = all(sum(p) == 1 for p in rat) and max(abs(float(r) - float(v)) for p, q in zip(rat, probs)
                                                      for r, v in zip(p, q)) < 1e-11
        if close and report(rat, None) is not None:
            return
        unknowns = sum(k - 1 for k in sizes)
        if unknowns <= 3:
            sym = _algebraic_point(exact_payoffs, supports, shape, probs)
            if sym is not None and report([list(p) for p in probs], sym) is not None:
                return
        elif unknowns <= LAZY_EXACT_UNKNOWNS:
            def exact_values() -> tuple[tuple[Any, ...], ...] | None:
                try:
                    with _elimination.elimination_budget(LAZY_ELIMINATION_SECONDS):
                        return _algebraic_point(exact_payoffs, supports, shape, probs)
                except _elimination.EliminationTimeout:
                    return None

            eq = report([list(p) for p in probs], exact_values)
            if eq is not None:
                numeric_only.append((eq, True))
            return
    eq = report([list(p) for p in probs], None if not use_exact else ())
    if eq is not None and use_exact:
        numeric_only.append((eq, False))


def _algebraic_point(exact_payoffs: list[np.ndarray], supports: tuple[tuple[int, ...], ...],
                     shape: tuple[int, ...], probs: list[np.ndarray]) -> tuple[tuple[Any, ...], ...] | None:
    """The exact algebraic values of the solution of a small support system closest to ``probs``."""
    import sympy

    eqs, variables, profile = ps.support_polynomials(exact_payoffs, supports, shape)
    kind, data = _elimination.solve_polynomial_system(eqs, variables)
    if kind != "points":
        return None
    best, dist = None, np.inf
    for vals in data:
        sym = [[sympy.sympify(x).subs(vals) if not isinstance(x, int) else sympy.Integer(x) for x in p]
               for p in profile]
        fl = [[complex(sympy.N(v, 30)) for v in p] for p in sym]
        d = max(abs(a - b) for p, q in zip(fl, probs) for a, b in zip(p, q))
        if d < dist:
            best, dist = sym, d
    if best is None or dist > 1e-7:
        return None
    return tuple(tuple(p) for p in best)


def symbolic_profile(supports: tuple[tuple[int, ...], ...], shape: tuple[int, ...], mixers: list[int],
                     surds: tuple[Any, ...]) -> Callable[[], tuple[tuple[Any, ...], ...]]:
    """A function giving the sympy profile of second-strategy probabilities ``surds`` (:class:`_binary3.Surd`)."""
    def build() -> tuple[tuple[Any, ...], ...]:
        prof = exact_profile(supports, shape, {i: x.to_sympy() for i, x in zip(mixers, surds)})
        return tuple(tuple(p) for p in prof)
    return build


def exact_profile(supports: tuple[tuple[int, ...], ...], shape: tuple[int, ...],
                  second: dict[int, Any]) -> list[list[Any]]:
    """Exact profile from each mixing player's probability of its second supported strategy."""
    symbolic = any(not isinstance(v, Fraction) for v in second.values())
    if symbolic:
        import sympy

        zero, one = sympy.Integer(0), sympy.Integer(1)
    else:
        zero, one = Fraction(0), Fraction(1)
    out = []
    for j, m in enumerate(shape):
        p: list[Any] = [zero] * m
        if j in second:
            w = second[j] if not symbolic or not isinstance(second[j], Fraction) else sympy.Rational(second[j])
            p[supports[j][0]] = one - w
            p[supports[j][1]] = w
        else:
            p[supports[j][0]] = one
        out.append(p)
    return out
