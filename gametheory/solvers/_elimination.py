"""Exact elimination of polynomial systems with sympy: lex Groebner bases, their real points, and
parametrisations of positive-dimensional solution sets, under a time budget.

A finite solution set is read off a lex basis in shape position (:func:`_shape_lemma`) or by splitting
its last polynomial into factors; a positive-dimensional one is split into parts, each giving some
variables in terms of free ones (square roots included, else an implicit root of a polynomial). sympy
cannot be given a budget, so :func:`elimination_budget` interrupts it with a timer signal.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__: list[str] = []


@dataclass(frozen=True)
class ImplicitRoot:
    """The value of a variable on a part of a solution set that no radical gives: a real root of
    ``polynomial`` (of degree 3 or more in ``variable``; its other symbols are the part's free variables).
    A part holds at most one; the part's other formulas are written in ``variable`` and the free ones."""

    polynomial: Any
    variable: Any

    def __str__(self) -> str:
        return f"a real root of {self.polynomial} = 0 in {self.variable}"

    @property
    def free_symbols(self) -> set[Any]:
        return set(self.polynomial.free_symbols)

    is_number = False


def implicit_root(part: dict[Any, Any]) -> ImplicitRoot | None:
    """The part's implicitly given variable, if any (see :class:`ImplicitRoot`)."""
    return next((v for v in part.values() if isinstance(v, ImplicitRoot)), None)


def explicit(part: dict[Any, Any]) -> dict[Any, Any]:
    """The part's formulas without its implicitly given variable: a substitution (the variable stays a
    symbol in them)."""
    return {k: v for k, v in part.items() if not isinstance(v, ImplicitRoot)}

def inconsistent(equations: list[Any], variables: list[Any]) -> bool:
    """Whether polynomial equations have no common zero, even a complex one: their Groebner basis is ``[1]``.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> inconsistent([x * y - 1, x, y - 2], [x, y]), inconsistent([x * y - 1, x - 1], [x, y])
    (True, False)
    """
    import sympy

    basis = sympy.groebner(equations, *variables, order="grevlex")
    return len(basis.exprs) == 1 and basis.exprs[0].is_number and basis.exprs[0] != 0


class EliminationTimeout(Exception):
    """Exact elimination ran past its time budget (see :func:`elimination_budget`)."""


#: Seconds between repeated interruptions once the budget is spent (see :func:`elimination_budget`).
RETRY_SECONDS = 0.1


@contextlib.contextmanager
def elimination_budget(seconds: float) -> Iterator[None]:
    """Interrupt the enclosed computation with :class:`EliminationTimeout` after ``seconds``.

    sympy's Groebner bases cannot be given a budget and can run for hours on some systems, so a
    timer signal interrupts them. Only where that is safe: in the main thread, on platforms with
    ``SIGALRM``, and when nobody else handles that signal; elsewhere the computation is not limited.
    The interruption repeats every :data:`RETRY_SECONDS` until the block is left: a signal that lands
    in code which swallows exceptions (a garbage-collector callback, a ``__del__``) is not lost.
    """
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None))
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise EliminationTimeout(f"exact elimination exceeded {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3), RETRY_SECONDS)
    try:
        yield
    finally:
        # a repeat may land while the first interruption unwinds: keep disarming until it sticks
        while True:
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                break
            except EliminationTimeout:
                continue

def solve_polynomial_system(equations: list[Any], variables: list[Any], *,
                            describe: bool = True) -> tuple[str, Any]:
    """Solve a polynomial system exactly.

    Returns ``("points", [dict, ...])`` for a finite solution set (real
    solutions only, as sympy algebraic numbers), or ``("continuum", (basis,
    parametrisation))`` for a positive-dimensional one (the parametrisation
    empty unless ``describe``).
    """
    if not variables:
        return ("points", [{}])
    if not equations:
        return ("continuum", ([], [{}]))
    basis, finite = lex_basis(equations, variables)
    if basis == [1]:
        return ("points", [])
    if not finite:
        if not describe:
            return ("continuum", (basis, []))
        return ("continuum", (basis, _parametrise(basis, variables)))
    return ("points", finite_points(basis, variables))


def lex_basis(polynomials: list[Any], variables: list[Any]) -> tuple[list[Any], bool]:
    """The reduced lex Groebner basis of ``polynomials`` and whether their solution set is finite.

    Up to 6 unknowns lex directly. With more, a degree-ordered basis first, which tells whether the set
    is finite; a finite set's basis is then converted to lex by FGLM, otherwise lex is computed from the
    degree-ordered basis. Measured on degenerate 4x4x4 supports: with 7 unknowns 1.5 s against more than
    120 s for lex directly. With 5-6 unknowns neither wins everywhere: over 120 systems from 40 degenerate
    games the degree-ordered route took 24 s against 54 s (1 against 3 past 10 s), but on the 68 games of
    the soundness set it put two more supports past their 10 s budget than lex directly.
    """
    import sympy

    if len(variables) <= 6:
        direct = sympy.groebner(polynomials, *variables, order="lex")
        return list(direct.exprs), direct.is_zero_dimensional
    graded = sympy.groebner(polynomials, *variables, order="grevlex")
    if list(graded.exprs) == [1]:
        return [sympy.Integer(1)], True
    if graded.is_zero_dimensional:
        return list(graded.fglm("lex").exprs), True
    return list(sympy.groebner(list(graded.exprs), *variables, order="lex").exprs), False


def finite_points(basis: list[Any], variables: list[Any]) -> list[dict[Any, Any]]:
    """Real solutions of a zero-dimensional lex basis.

    In shape position by :func:`_shape_lemma`. Otherwise the basis's polynomial in the last variable is
    split into irreducible factors: at a rational root the value is substituted and the smaller system
    solved the same way; the other factors are added to the basis, which is then often in shape position.
    sympy's ``solve_poly_system`` is the last resort (it writes roots in radicals: seconds to minutes on
    degenerate 4x4x4 supports, measured).
    """
    import sympy

    if not variables:
        return [] if any(e != 0 for e in basis) else [{}]
    shaped = _shape_lemma(basis, variables)
    if shaped is not None:
        return shaped
    last = variables[-1]
    uni = [e for e in basis if e.free_symbols == {last}]
    factors = sympy.factor_list(uni[0])[1] if uni else []
    if len(factors) > 1 or any(sympy.degree(f, last) == 1 for f, _ in factors):
        points = []
        for factor, _ in factors:
            if sympy.degree(factor, last) == 1:
                value = sympy.solve(factor, last)[0]
                rest = [e for e in (sympy.expand(e.subs(last, value)) for e in basis) if e != 0]
                if len(variables) == 1:
                    points.append({last: value})
                    continue
                if not rest:  # the others free: not a zero-dimensional basis after all
                    return _radical_points(basis, variables)
                sub, _ = lex_basis(rest, variables[:-1])
                if sub != [1]:
                    points.extend({**pt, last: value} for pt in finite_points(sub, variables[:-1]))
                continue
            sub, _ = lex_basis([*basis, factor], variables)
            if sub != [1]:
                shaped = _shape_lemma(sub, variables)
                points.extend(shaped if shaped is not None else _radical_points(sub, variables))
        return points
    return _radical_points(basis, variables)


def _radical_points(basis: list[Any], variables: list[Any]) -> list[dict[Any, Any]]:
    """Real solutions of a zero-dimensional basis by sympy's ``solve_poly_system``."""
    import sympy

    points = []
    for sol in sympy.solve_poly_system(basis, *variables) or []:
        vals = dict(zip(variables, sol))
        if all(v.is_real is not False and abs(sympy.im(sympy.N(v, 30))) < 1e-20 for v in vals.values()):
            points.append(vals)
    return points


def _parametrise(basis: list[Any], variables: list[Any], room: list[int] | None = None) -> list[dict[Any, Any]]:
    """The solution set of a positive-dimensional lex basis, one dict per part (some variables in terms
    of the others; a part that fixes every variable is an isolated point).

    A basis element that factors splits the set: it is the union of the sets with each factor added (a
    factoring Groebner basis; each split strictly enlarges the ideal, so it ends). Isolated points then
    come from :func:`finite_points` as exact roots. Given a whole basis, sympy's ``solve`` wrote the
    roots of a cubic factor by Cardano's formula for 17 s on one 3x3x3 support, and ran past 20 s on a
    4x4x4 one (measured; 0.1 s and 1 s split). The parts left are solved by back-substitution
    (:func:`_triangular_parts`), or by ``solve`` where that does not apply. ``room`` bounds the number of
    splits (64).
    """
    import sympy

    room = [64] if room is None else room
    for element in sorted(basis, key=lambda e: (len(e.free_symbols), sympy.Poly(e, *variables).total_degree())):
        factors = sympy.factor_list(element)[1]
        if room[0] <= 0 or not (len(factors) > 1 or (factors and factors[0][1] > 1)):
            continue
        room[0] -= 1
        parts: list[dict[Any, Any]] = []
        for factor, _ in factors:
            sub, finite = lex_basis([*basis, factor], variables)
            if sub == [1]:
                continue
            parts.extend(finite_points(sub, variables) if finite else _parametrise(sub, variables, room))
        return parts
    triangular = _triangular_parts(basis, variables, room)
    if triangular is not None:
        return triangular
    # simplify=False: several times faster; cancel() keeps each value one readable fraction. (check=False
    # would be faster still, but then sympy returns no solution at all for some bases: measured)
    return [{k: sympy.cancel(v) for k, v in d.items()}
            for d in sympy.solve(basis, variables, dict=True, simplify=False)]


def _triangular_parts(basis: list[Any], variables: list[Any], room: list[int]) -> list[dict[Any, Any]] | None:
    """The solution set of a positive-dimensional lex basis by back-substitution, or None where it does
    not apply (then sympy's ``solve`` is used: 1-10 s per set on degenerate 3x3x3 and 3x3x4 supports, most
    of it in checking its own answer; this takes milliseconds).

    Variables are solved from the last: one with no basis element led by it is free; otherwise an element
    led by it of degree 1 gives it as a rational function of the later ones, or of degree 2 as two branches
    with a square root, or of degree 3 or more (once per part, with no square root) as an
    :class:`ImplicitRoot`: a real root of that element, the earlier variables given in terms of it. (sympy's
    ``solve`` writes such roots by Cardano's formula or factors over extensions: past 100 s on a 4x4x4
    support, measured.) Where such an element's leading coefficient ``c`` is non-zero, a solution of the
    later variables extends to a root of it by the extension theorem, so the branch holds the whole set
    there; the points where ``c`` vanishes are the solution set of ``basis + [c]``, a larger ideal (``c`` is
    not in it: the basis is reduced), solved the same way and listed as further parts. Square-root and
    implicit branches are checked at random points (each basis element evaluated to 30 digits; an implicit
    one at the real roots of its element): one that fails means the element is not the one that decides,
    and None is returned.
    """

    import sympy

    order = {v: k for k, v in enumerate(variables)}
    led: dict[Any, list[Any]] = {}
    for e in basis:
        led.setdefault(min((s for s in e.free_symbols if s in order), key=order.__getitem__), []).append(e)
    branches: list[dict[Any, Any]] = [{}]
    special: list[Any] = []  # leading coefficients whose zeros the branches leave out
    squared = implicit = False
    for v in reversed(variables):
        if v not in led:
            continue
        polys = sorted((sympy.Poly(e, v) for e in led[v]),
                       key=lambda p: (p.degree(), not p.LC().is_number, sympy.count_ops(p.LC())))
        poly = polys[0]
        if poly.degree() > 2 and (implicit or squared):
            return None
        lead = poly.LC()
        if not lead.is_number:
            special.append(lead)
        grown = []
        for values in branches:
            coeffs = [sympy.sympify(c).xreplace(explicit(values)) for c in poly.all_coeffs()]
            if sympy.cancel(coeffs[0]) == 0:  # the branch lies where the element does not decide
                return None
            if poly.degree() == 1:
                grown.append({**values, v: sympy.cancel(-coeffs[1] / coeffs[0])})
                continue
            if poly.degree() > 2:
                element = sympy.numer(sympy.together(sum(c * v**k for k, c in enumerate(reversed(coeffs)))))
                grown.append({**values, v: ImplicitRoot(sympy.expand(element), v)})
                implicit = True
                continue
            if implicit:
                return None
            a, b, c = coeffs
            root = _square_root(sympy.cancel(b * b - 4 * a * c))
            grown.extend({**values, v: sympy.cancel((-b + sign * root) / (2 * a))} for sign in (1, -1))
            squared = True
        branches = grown
    if (squared or implicit) and not all(_branch_checks(basis, values, [v for v in variables if v not in led])
                                         for values in branches):
        return None
    parts = list(branches)
    for lead in special:
        if room[0] <= 0:
            return None
        room[0] -= 1
        sub, finite = lex_basis([*basis, lead], variables)
        if sub != [1]:
            parts.extend(finite_points(sub, variables) if finite else _parametrise(sub, variables, room))
    parts = [{k: sympy.radsimp(d[k]) if d[k].is_number else d[k] for k in variables if k in d} for d in parts]
    return [d for k, d in enumerate(parts) if d not in parts[:k]]


def _branch_checks(basis: list[Any], values: dict[Any, Any], free: list[Any]) -> bool:
    """Whether a branch given through square roots or an implicit root solves the basis at random points of
    its free variables (each element evaluated to 30 digits; an implicit root checked at each real root of
    its polynomial there, one of which must pass). Draws at a pole, or with no real root, give no verdict
    and are replaced, up to 8 draws; a branch with no verdict at all is accepted (points drawn from it are
    certified one by one)."""
    import random

    import sympy

    rng = random.Random(1)
    hidden = implicit_root(values)
    checked = 0
    for _ in range(8):
        at = {v: sympy.Rational(rng.randint(1, 997), 1000) for v in free}
        roots: list[Any] = [None]
        if hidden is not None:
            # to 40 digits: expressions in CRootOf evaluate a hundred times slower (measured)
            roots = [sympy.N(r, 40) for r in sympy.Poly(hidden.polynomial.xreplace(at), hidden.variable).real_roots()]
            if not roots:
                continue
        verdicts = []
        for r in roots:
            here = at if r is None else {**at, hidden.variable: r}
            point = {k: sympy.sympify(x).xreplace(here) for k, x in explicit(values).items()} | here
            try:
                scale = 1 + max(abs(complex(sympy.N(x, 30))) for x in point.values())
                verdicts.append(all(abs(complex(sympy.N(e.xreplace(point), 30))) <= 1e-20 * scale ** 4
                                    for e in basis))
            except (TypeError, ValueError, ZeroDivisionError):  # a pole drawn: no verdict
                continue
        if not verdicts:
            continue
        if not any(verdicts) if hidden is not None else not all(verdicts):
            return False
        checked += 1
        if checked == 2:
            break
    return True


def _square_root(value: Any) -> Any:
    """``sqrt(value)`` up to sign, as ``r(t) sqrt(D(t))``: the square factors of the rational function taken
    out, the rest of the denominator moved into the numerator (``sqrt(p / q) = sqrt(p q) / q`` up to sign),
    and ``D`` expanded, so that one polynomial is under the root (sympy splits a product under it)."""
    import sympy

    num, den = sympy.fraction(sympy.factor(value))
    out = sympy.Integer(1)
    inside = sympy.Integer(1)
    for part, power in ((num, 1), (den, -1)):
        coeff, factors = sympy.factor_list(part)
        if power == -1:
            out /= coeff
        inside *= coeff
        for f, k in factors:
            out *= f ** ((k // 2) * power)
            if k % 2:
                inside *= f
                out *= f ** min(power, 0)
    return out * sympy.sqrt(sympy.expand(inside))


def _shape_lemma(basis: list[Any], variables: list[Any]) -> list[dict[Any, Any]] | None:
    """Real solutions of a lex basis in shape position, or None if it is not.

    In shape position the basis is ``f(z)`` and ``x_k - g_k(z)`` for the last
    variable ``z``: the real roots of ``f`` (exact ``CRootOf`` or rationals)
    give every real solution, and back-substitution is a polynomial evaluation.
    """
    import sympy

    last = variables[-1]
    if len(basis) != len(variables):
        return None
    uni = [e for e in basis if e.free_symbols <= {last}]
    if len(uni) != 1:
        return None
    back: dict[Any, Any] = {}
    for e in basis:
        if e is uni[0]:
            continue
        lead = [v for v in variables[:-1] if v in e.free_symbols]
        if len(lead) != 1:
            return None
        p = sympy.Poly(e, lead[0])
        if p.degree() != 1 or not p.coeffs()[0].is_number:
            return None
        c, h = p.all_coeffs()
        back[lead[0]] = -h / c
    if len(back) != len(variables) - 1:
        return None
    out = []
    for r in sympy.Poly(uni[0], last).sqf_part().real_roots():  # each root once, whatever its multiplicity
        vals = {last: r}
        for v, g in back.items():
            val = sympy.expand(g.subs(last, r))
            vals[v] = val
        out.append(vals)
    return out
