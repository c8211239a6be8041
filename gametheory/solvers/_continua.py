"""Degenerate supports solved exactly: Groebner bases, and positive-dimensional solution sets described.

A support in which one player mixes has a polytope of equilibria, given by its vertices
(:mod:`._one_mixer`). Any other positive-dimensional solution set is split into parts, each solved for
some variables in terms of free ones, sampled for equilibria and searched exactly for the isolated
equilibria it may hold (see :mod:`.nplayer`, step 5).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _elimination, _real_points
from . import _polysystem as ps
from .result import Equilibrium, SupportContinuum

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

#: Draws per part of a positive-dimensional solution set, screened in floats for equilibria to sample.
SAMPLE_DRAWS = 4096


def solve_one_mixer(game: NormalFormGame, exact_game: NormalFormGame, supports: tuple[tuple[int, ...], ...],
                    report: Any, continua: list[SupportContinuum]) -> bool:
    """One player mixes: the support's equilibria form a polytope, found exactly by its vertices
    (:mod:`._one_mixer`). False if there are too many constraints to enumerate its vertices."""
    from . import _one_mixer

    vertices = _one_mixer.polytope_vertices(list(exact_game._integer_payoffs()), supports)
    if vertices is None:
        return False
    if _one_mixer.interior_point(vertices) is None:
        return True  # every equilibrium here leaves a supported strategy unused: found on a smaller support
    profiles = [_one_mixer.full_profile(supports, game.shape, v) for v in vertices]
    if len(vertices) == 1:
        return report(profiles[0], None) is not None
    samples = [report(p, None, record=False) for p in profiles]
    if any(e is None for e in samples):
        return False  # cannot happen (the vertices satisfy every condition exactly); the general path decides
    labels = tuple(tuple(game.strategies[i][s] for s in supports[i]) for i in range(game.num_players))
    continua.append(SupportContinuum(
        labels, (), (), tuple(samples),
        "one player mixes, the others are pure: the equilibria on this support are exactly the convex hull of "
        "the sample points, which are its vertices", polytope=True))
    return True


def solve_general(game: NormalFormGame, exact_payoffs: list[np.ndarray], supports: tuple[tuple[int, ...], ...],
                  shape: tuple[int, ...], report: Any, continua: list[SupportContinuum],
                  skipped: list[Any], unsettled: list[Any],
                  off_boundary: Callable[[Any], bool] | None = None) -> None:
    """Solve one degenerate support exactly; ``off_boundary`` (the caller's boundary certificate) decides a
    solution set in which no sampled point is an equilibrium."""
    import sympy

    eqs, variables, profile = ps.support_polynomials(exact_payoffs, supports, shape)
    for i in range(len(shape)):
        # a player with more equations than the others have unknowns (generically no solution): its
        # equations alone are tried first, far cheaper than the whole system (measured: a (3, 3, 6)
        # support of a random 3x3x8 game, 20 ms against more than 10 s)
        own = {v for v in variables if v.name.startswith(f"x{i}_")}
        block = [e for e in eqs if not e.free_symbols & own]
        unknowns = sorted(set().union(*(e.free_symbols for e in block)), key=str) if block else []
        if len(block) > len(unknowns) and _elimination.inconsistent(block, unknowns):
            return
    kind, data = _elimination.solve_polynomial_system(eqs, variables)
    if kind == "points":
        _report_points(data, profile, report)
        return
    # a solution set: its isolated equilibria are pinned by deviations that tie (found exactly), the rest is
    # described by its parametrisation and sampled
    labels = tuple(tuple(game.strategies[i][s] for s in supports[i]) for i in range(len(shape)))
    basis, param = data
    # solutions that fix every variable are isolated points of the set: equilibria if they pass
    fixed = [d for d in param if len(d) == len(variables) and not any(v.free_symbols for v in d.values())]
    _report_points(fixed, profile, report)
    param = [d for d in param if not any(d is f for f in fixed)]
    gains = [g for _, g in ps.deviation_gains(exact_payoffs, supports, shape, profile)]
    pinned, finished = ps.points_with_tight_gains(eqs, variables, gains)
    _report_points(pinned, profile, report)
    if not finished:
        unsettled.append(labels)
    # each part in its free variables: the profile, the supported probabilities (> 0) and the unused
    # strategies' gains (<= 0); a part that fixes one of them wrongly holds no equilibrium with exactly this
    # support (for instance a part on the support's boundary, where smaller supports find its equilibria)
    parts = []
    for d in param:
        composed = [[sympy.sympify(x).subs(_elimination.explicit(d)) for x in p] for p in profile]
        positive = [composed[i][s] for i in range(len(shape)) for s in supports[i]]
        nonpositive = [sympy.sympify(g).subs(_elimination.explicit(d)) for g in gains]
        if not _excluded_by_constants(positive, nonpositive):
            parts.append((d, composed, positive, nonpositive))
    rng = np.random.default_rng(0)
    samples: list[Equilibrium] = []
    for d, composed, positive, nonpositive in parts:
        for eq in _sample_part(d, composed, positive, nonpositive, variables, report, rng):
            if eq not in samples and len(samples) < 3:
                samples.append(eq)
    timed_out = False
    if not samples:
        # decided exactly where the draws can miss a thin piece: a curve in one variable (rational, or through
        # one square root), whose equilibria form open intervals between the roots of the conditions, each
        # decided at one point; a plane curve through an implicit root, or a plane of two free variables,
        # by a cylindrical decomposition (``curve_points``, ``region_points``)
        decided = True
        for d, composed, positive, nonpositive in parts:
            free_here = [v for v in variables if v not in d]
            hidden = _elimination.implicit_root(d)
            cells = None
            try:
                if hidden is not None:
                    if len(free_here) == 1:
                        cells = _real_points.curve_points(hidden.polynomial, hidden.variable, free_here[0], positive,
                                                nonpositive)
                elif len(free_here) == 2:
                    cells = _real_points.region_points(free_here[0], free_here[1], positive, nonpositive)
                elif len(free_here) == 1:
                    points = _real_points.sign_intervals(positive, nonpositive, free_here[0])
                    if points is not None:
                        cells = ([{free_here[0]: sympy.Rational(x.numerator, x.denominator)} for x in points], [])
            except _elimination.EliminationTimeout:
                # past the budget (its timer repeats until the support is left: nothing slow after this);
                # the isolated equilibria were searched for above, the set itself is left undecided (a note)
                decided, timed_out = False, True
                break
            if cells is None:
                decided = False
                continue
            arcs, points = cells
            for at in arcs:
                eq = _report_cell(composed, at, report, record=False)
                if eq is None:
                    decided = False  # not expected: the point meets every condition; keep the set listed
                elif eq not in samples:
                    samples.append(eq)
            for at in points:  # where the conditions can hold off the arcs: each certified, or not an equilibrium
                _report_cell(composed, at, report)
        if not samples and decided:
            return  # no interval of equilibria on any part of the set; its isolated ones were searched above
    if not samples:
        # a solution set with no sampled equilibrium: kept out of continua, but not hidden
        if timed_out or off_boundary is None or not off_boundary(supports):
            skipped.append(labels)
        return
    continua.append(SupportContinuum(
        labels, tuple(str(e) for e in basis), tuple({str(k): str(v) for k, v in d.items()} for d, *_ in parts),
        tuple(samples),
        "the indifference system of this support has a positive-dimensional solution set (its parts that can hold "
        "equilibria with exactly this support are given); variables x<i>_<s> are player i's probabilities of "
        "strategy s (the first supported strategy takes the remainder); points of the set are equilibria with "
        "this support where every supported strategy has a positive probability and no unused strategy is "
        "better (on the boundary they are equilibria of smaller supports, listed there)"))


def _excluded_by_constants(positive: list[Any], nonpositive: list[Any]) -> bool:
    """Whether a branch of a solution set holds no equilibrium by its constant conditions alone: a coordinate
    or gain fixed at a non-real number (the branch has no real point), a supported strategy's probability
    fixed at or below 0, or a gain fixed above 0.

    >>> import sympy
    >>> _excluded_by_constants([sympy.Rational(1, 2) + sympy.I, sympy.Symbol("t")], [])
    True
    >>> _excluded_by_constants([sympy.Rational(1, 2), sympy.Symbol("t")], [sympy.Integer(-1)])
    False
    """
    constants = [e for e in [*positive, *nonpositive] if e.is_number]
    if any(e.is_extended_real is False for e in constants):
        return True
    return (any(e.is_number and e.is_extended_real and bool(e <= 0) for e in positive)
            or any(e.is_number and e.is_extended_real and bool(e > 0) for e in nonpositive))


def _report_points(points: list[dict[Any, Any]], profile: list[list[Any]], report: Any) -> None:
    """Report exact solutions of a support system (rational ones in Fractions, algebraic ones with their
    sympy values)."""
    import sympy

    for vals in points:
        sym = [[sympy.sympify(x).subs(vals) if not isinstance(x, int) else sympy.Integer(x) for x in p]
               for p in profile]
        if all(v.is_Rational for p in sym for v in p):
            report([[Fraction(int(v.p), int(v.q)) for v in p] for p in sym], None)
        else:
            # a solution set's fixed branches are not filtered to real ones as isolated solutions are
            _report_algebraic(sym, report)


def _sample_part(part: dict[Any, Any], composed: list[list[Any]], positive: list[Any], nonpositive: list[Any],
                 variables: list[Any], report: Any, rng: np.random.Generator) -> list[Equilibrium]:
    """Up to 3 certified equilibria with exactly the support, on one part of its solution set (the part gives
    some variables in terms of its free ones; ``composed`` is the profile on it, ``positive`` the supported
    probabilities and ``nonpositive`` the unused strategies' gains, all in the free variables).

    The free variables are drawn on the grid ``k / 1000`` (:data:`SAMPLE_DRAWS` draws), the conditions
    evaluated at all draws at once in floats, and the draws that look like equilibria are certified exactly,
    most interior first. A draw must give every supported strategy a positive probability: points on the
    boundary of the support are equilibria of smaller supports, found and listed there. Equilibria can fill
    a small share of a set (1-6 % of the draws on 2-D sets of 3x3x3 games with payoffs 0..1, where 20 exact
    draws found none). A part through square roots of non-squares is irrational at rational draws (all but
    a thin set): its points are certified in floats and carry their exact values, like irrational isolated
    equilibria. So are the points of a part with an implicit root (:class:`._elimination.ImplicitRoot`):
    each draw of the free variables is taken at every real root there (exact values in ``CRootOf``).
    """
    import sympy

    free = [v for v in variables if v not in part]
    hidden = _elimination.implicit_root(part)
    hidden_variable = None if hidden is None else hidden.variable
    grid = np.unique(rng.integers(1, 1000, size=(SAMPLE_DRAWS if free else 1, len(free))), axis=0)
    try:
        args = (grid / 1000).T
        if hidden is not None:
            # each draw once per real root of the implicit variable's polynomial there
            grid, args = _with_real_roots(hidden, free, grid)
            free = [*free, hidden.variable]
        evaluate = sympy.lambdify(free, positive + nonpositive, modules="numpy")
        with np.errstate(all="ignore"):
            values = evaluate(*args)
            values = np.array([np.broadcast_to(np.asarray(v, dtype=complex), (len(grid),)) for v in values])
            values = np.where(np.abs(values.imag) <= 1e-9, values.real, np.nan)  # non-real: not a point
            probs, gain = values[:len(positive)], values[len(positive):]
            low = probs.min(axis=0, initial=np.inf)
            # gains measured against their size inside the simplex (a pole of the part elsewhere is no scale)
            scale = max(1.0, float(np.nanmax(np.abs(gain[:, low > 0]), initial=0.0)))
            worst = gain.max(axis=0, initial=-np.inf) / scale
            # inside the support, no unused strategy better (a tie is allowed); most interior first
            margin = np.where((low > 0) & (worst <= 1e-9), np.minimum(low, np.where(worst < -1e-9, -worst, np.inf)),
                              -np.inf)
    except (TypeError, ValueError, ZeroDivisionError, NameError):  # not numeric: nothing to screen with
        return []
    found: list[Equilibrium] = []
    for k in np.argsort(-margin, kind="stable")[:12]:
        if margin[k] == -np.inf or len(found) == 3:
            break
        sub = {v: sympy.Rational(int(grid[k, j]), 1000) for j, v in enumerate(free) if v is not hidden_variable}
        if hidden is not None:
            # the exact real root nearest the float one the draw was screened at
            roots = sympy.Poly(hidden.polynomial.xreplace(sub), hidden.variable).real_roots()
            if not roots:
                continue
            sub[hidden.variable] = min(roots, key=lambda r: abs(float(r) - float(args[-1][k])))
        if not _positive_at(positive, sub):
            continue
        eq = _report_cell(composed, sub, report, record=False)
        if eq is not None and eq not in found:
            found.append(eq)
    return found


def _with_real_roots(hidden: _elimination.ImplicitRoot, free: list[Any], grid: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Draws of the free variables (``grid``, in thousandths) repeated once per real root of the implicit
    variable's polynomial there: the repeated draws and the arguments to evaluate at, the roots last."""
    import sympy

    poly = sympy.Poly(hidden.polynomial, hidden.variable)
    coefficients = sympy.lambdify(free, poly.all_coeffs(), modules="numpy")
    with np.errstate(all="ignore"):
        table = np.array([np.broadcast_to(np.asarray(c, dtype=float), (len(grid),))
                          for c in coefficients(*(grid / 1000).T)])
        # the roots at every draw at once, as eigenvalues of companion matrices (draws where the leading
        # coefficient vanishes, a thin set, are left out)
        ok = np.flatnonzero(np.all(np.isfinite(table), axis=0)
                            & (np.abs(table[0]) > 1e-12 * np.abs(table).max(axis=0, initial=0.0)))
        degree = table.shape[0] - 1
        companion = np.zeros((len(ok), degree, degree))
        companion[:, 0, :] = -(table[1:, ok] / table[0, ok]).T
        companion[:, np.arange(1, degree), np.arange(degree - 1)] = 1.0
        found = np.linalg.eigvals(companion) if len(ok) else np.zeros((0, degree), dtype=complex)
    draw, which = np.nonzero(np.abs(found.imag) <= 1e-9 * (1 + np.abs(found)))
    rows = ok[draw]
    return grid[rows], np.vstack([(grid[rows] / 1000).T, found.real[draw, which][None, :]])


def _report_cell(composed: list[list[Any]], at: dict[Any, Any], report: Any, record: bool = True
                 ) -> Equilibrium | None:
    """Report the profile of a part at a point of its free variables (rational, or algebraic: square roots or
    ``CRootOf``)."""
    import sympy

    prof = [[v.xreplace(at) for v in p] for p in composed]
    if any(v.has(sympy.nan, sympy.zoo) for p in prof for v in p):
        return None  # a pole of the part
    if all(v.is_Rational for p in prof for v in p):
        return report([[Fraction(int(v.p), int(v.q)) for v in p] for p in prof], None, record=record)
    if any(isinstance(v, sympy.CRootOf) for v in at.values()):
        return _report_algebraic(prof, report, record=record, approx=_numeric(composed, at))
    # square roots: exact values with rational denominators
    return _report_algebraic([[sympy.expand(sympy.radsimp(v)) for v in p] for p in prof], report, record=record)


def _positive_at(exprs: list[Any], at: dict[Any, Any]) -> bool:
    """Whether every expression is positive at the point: exactly at a rational point, else to 30 digits
    (an algebraic value within 1e-25 of 0 counts as 0)."""
    if all(v.is_Rational for v in at.values()):
        values = [x.xreplace(at) for x in exprs]
        if all(v.is_Rational for v in values):
            return all(v > 0 for v in values)
    return all(abs(v.imag) <= 1e-25 and v.real > 1e-25 for v in _numeric([exprs], at)[0])


def _numeric(rows: list[list[Any]], at: dict[Any, Any]) -> list[list[complex]]:
    """Expressions at a point of algebraic numbers, to 30 digits (each ``CRootOf`` evaluated once first:
    expressions in them evaluate a hundred times slower, measured); NaN at a pole."""
    import sympy

    near = {k: sympy.N(v, 40) if isinstance(v, sympy.CRootOf) else v for k, v in at.items()}
    out = []
    for row in rows:
        values = []
        for x in row:
            try:
                values.append(complex(sympy.N(sympy.sympify(x).xreplace(near), 30)))
            except (TypeError, ValueError):  # a pole: zoo or nan
                values.append(complex(np.nan))
        out.append(values)
    return out


def _report_algebraic(values: list[list[Any]], report: Any, record: bool = True,
                      approx: list[list[complex]] | None = None) -> Equilibrium | None:
    """Report a profile of algebraic numbers (sympy): certified in floats (evaluated to 30 digits first,
    unless ``approx`` gives them), with its exact values as ``profile_symbolic``; None if it is not real,
    has a negative probability, is a pole of a parametrisation, or fails the certificate."""
    import sympy

    try:
        approx = approx or [[complex(sympy.N(v, 30)) for v in p] for p in values]
    except (TypeError, ValueError):
        return None
    if any(abs(v.imag) > 1e-20 or v.real < -1e-12 for p in approx for v in p):
        return None
    floats, exact = [[max(v.real, 0.0) for v in p] for p in approx], tuple(tuple(p) for p in values)
    return report(floats, exact) if record else report(floats, exact, record=False)
