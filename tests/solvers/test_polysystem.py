"""Tests of exact elimination (``_polysystem``): finite solution sets, split solution sets, budgets."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.solvers import _elimination
from gametheory.solvers import _polysystem as ps
from gametheory.solvers import _real_points as rp

x, y = sympy.symbols("x y")


def _satisfies(equations, part, variables, seed=0) -> bool:
    """Whether every equation vanishes on a part (its free variables drawn at random), to 1e-9; on a part
    with an implicit root, at one of its real roots (draws with none are replaced)."""
    rng = random.Random(seed)
    hidden = _elimination.implicit_root(part)
    for _ in range(20):
        free = {v: sympy.Rational(rng.randint(1, 97), 101) for v in variables if v not in part}
        roots = [{}] if hidden is None else [
            {hidden.variable: sympy.N(r, 30)}
            for r in sympy.Poly(hidden.polynomial.subs(free), hidden.variable).real_roots()]
        if roots:
            break
    points = [{**free, **r, **{k: sympy.N(sympy.sympify(v).subs({**free, **r}), 30)
                               for k, v in _elimination.explicit(part).items()}} for r in roots]
    return any(all(abs(complex(sympy.sympify(eq).subs(point))) <= 1e-9 for eq in equations) for point in points)


def test_the_check_rejects_what_does_not_solve():
    assert _satisfies([x - 1, y], {x: 1, y: 0}, [x, y]) and not _satisfies([x - 1, y], {x: 1}, [x, y])
    assert not _satisfies([x**2 - 2], {x: sympy.Rational(141, 100)}, [x])


def test_finite_set_not_in_shape_position_is_solved_without_radicals(monkeypatch):
    # (1, 1), (2, 1), (1, 2): y = 1 holds two points, so no basis polynomial gives x from y alone
    def no_radicals(*_):
        raise AssertionError("solve_poly_system was used")

    monkeypatch.setattr(_elimination, "_radical_points", no_radicals)
    eqs = [(x - 1) * (x - 2), (y - 1) * (y - 2), (x - 1) * (y - 1)]
    kind, points = _elimination.solve_polynomial_system([sympy.expand(e) for e in eqs], [x, y])
    assert kind == "points"
    assert sorted((int(p[x]), int(p[y])) for p in points) == [(1, 1), (1, 2), (2, 1)]


def test_solution_set_is_split_into_its_parts():
    # the line x = 0 and the point (1, 0)
    kind, (_, parts) = _elimination.solve_polynomial_system([x * y, x * (x - 1)], [x, y])
    assert kind == "continuum"
    assert {x: 0} in parts and {x: 1, y: 0} in parts and len(parts) == 2


def _on_some_part(point, parts, variables) -> bool:
    """Whether a point (every variable given) lies on one of the parts: each part's formulas, evaluated at
    the point's values of the part's free variables, give the point's other coordinates (to 1e-9)."""
    for part in parts:
        free = {v: point[v] for v in variables if v not in part}
        if all(abs(complex(sympy.N(sympy.sympify(f).subs(free), 30)) - complex(point[k])) <= 1e-9
               for k, f in part.items()):
            return True
    return False


def _points_of(part, variables, seed):
    rng = random.Random(seed)
    free = {v: sympy.Rational(rng.randint(1, 97), 101) for v in variables if v not in part}
    return {**free, **{k: sympy.N(sympy.sympify(f).subs(free), 30) for k, f in part.items()}}


a, b, c, d = sympy.symbols("a b c d")
#: A lex basis (a > b > c > d) from a random 3x3x4 game with payoffs 0..2: its set is the two real lines
#: through (c, d) = (0, 1/2) on which c is given with sqrt(7), and the line c = 0, d = 1/2, where every
#: element led by b or a loses its leading coefficient. sympy's solve() returns only that last line.
SQRT7_BASIS = [4*a*b - 2*a - 3*b + 2, 2*a*c - 3*c - 6*d + 3, 4*a*d - 2*a + 3*c + 10*d - 5, 3*b*c + 5*c + 6*d - 3,
               2*b*d - b - c - 2*d + 1, 3*c**2 + 16*c*d - 8*c + 12*d**2 - 12*d + 3]


def test_square_root_branches_and_special_fibres_are_all_found(monkeypatch):
    def no_solve(*_, **__):
        raise AssertionError("sympy's solve() was used")

    monkeypatch.setattr(sympy, "solve", no_solve)
    parts = _elimination._parametrise(SQRT7_BASIS, [a, b, c, d])
    assert len(parts) == 3 and all(_satisfies(SQRT7_BASIS, p, [a, b, c, d]) for p in parts)
    assert sum(p[c].has(sympy.sqrt(7)) for p in parts) == 2
    assert {c: 0, d: sympy.Rational(1, 2)}.items() <= next(p for p in parts if p.get(c) == 0).items()


def test_parts_contain_every_point_of_sympys_solution():
    variables = [a, b, c, d]
    ours = _elimination._parametrise(SQRT7_BASIS, variables)
    theirs = sympy.solve(SQRT7_BASIS, variables, dict=True, simplify=False)
    assert theirs
    for k, part in enumerate(theirs):
        assert _on_some_part(_points_of(part, variables, k), ours, variables)
    # and the check tells points off the set from points on it
    assert not _on_some_part({a: 0, b: 0, c: 0, d: 0}, ours, variables)


def test_conic_is_parametrised_by_square_roots(monkeypatch):
    # random 3x3x3, payoffs 0..3: a curve whose c is a root of a quadratic over Q(d); solve() took 4 s (measured)
    basis = [15*a*c - a - 5*c + 4*d + 1, 15*a*d + 8*a + 10*c - 2*d - 8, 2*b + 2*c - d - 2,
             10*c**2 + 3*c*d - 6*c - 4*d**2 - 3*d]
    monkeypatch.setattr(sympy, "solve", lambda *_, **__: pytest.fail("sympy's solve() was used"))
    parts = _elimination._parametrise(basis, [a, b, c, d])
    curves = [p for p in parts if d not in p]
    assert len(curves) == 2 and all(any(t.exp == sympy.S.Half for t in p[c].atoms(sympy.Pow)) for p in curves)
    assert all(_satisfies(basis, p, [a, b, c, d], seed) for p in parts for seed in range(3))


def test_cubic_curve_is_given_by_an_implicit_root(monkeypatch):
    """Random 4x4x4 with payoffs 0..1 (seed 5), support ({1, 4}, {1, 2, 3}, {2, 3, 4}): the solution set is a
    plane cubic curve in (x2_2, x2_3) (no radical gives x2_2) and three points. sympy's solve() ran past 100 s
    on it (measured), and the support went unsolved."""
    solve = sympy.solve

    def one_variable_only(equations, symbols, **kw):  # solve() on a whole basis is what took 100 s
        assert not isinstance(symbols, list), "sympy's solve() was used on the basis"
        return solve(equations, symbols, **kw)

    monkeypatch.setattr(sympy, "solve", one_variable_only)
    rng = np.random.default_rng(5)
    eqs, variables, _ = _support_system([rng.integers(0, 2, size=(4, 4, 4)) for _ in range(3)],
                                        ((0, 3), (0, 1, 2), (1, 2, 3)))
    with _elimination.elimination_budget(20.0):
        kind, (_, parts) = _elimination.solve_polynomial_system(eqs, variables)
    assert kind == "continuum"
    (curve,) = [p for p in parts if _elimination.implicit_root(p) is not None]
    hidden = _elimination.implicit_root(curve)
    assert hidden.variable == variables[-2] and sympy.degree(hidden.polynomial, hidden.variable) == 3
    assert variables[-1] not in curve and str(hidden).startswith("a real root of")
    assert len(parts) == 4 and all(_satisfies(eqs, p, variables, seed) for p in parts for seed in range(3))


def test_an_implicit_branch_that_fails_the_check_is_not_listed():
    # both elements are led by a with degree 3; the real cube root of b solves the first only (the second
    # then reads b^(4/3) = b): back-substitution gives up
    assert _elimination._triangular_parts([a**3 - b, a**3 + a*b - 2*b], [a, b], [64]) is None


def test_a_square_root_branch_that_fails_the_check_is_not_listed():
    # both elements are led by a with degree 2; a = -b solves the first only: back-substitution gives up
    assert _elimination._triangular_parts([a**2 - b**2, a**2 + a*b - 2*b**2], [a, b], [64]) is None


def _support_system(payoffs, supports):
    game = NormalFormGame(payoffs)
    return ps.support_polynomials(list(game.to_exact().exact_payoff_array), supports, game.shape)


def test_full_support_with_a_cubic_part_is_solved_in_time():
    # random 3x3x3 with payoffs 0..2 (seed 3004), full support: the set is a line plus the points on the
    # real roots of a cubic; solve() on the whole basis wrote them by Cardano's formula for 17 s (measured)
    rng = np.random.default_rng(3004)
    eqs, variables, _ = _support_system([rng.integers(0, 3, size=(3, 3, 3)) for _ in range(3)], ((0, 1, 2),) * 3)
    with _elimination.elimination_budget(5.0):
        kind, (_, parts) = _elimination.solve_polynomial_system(eqs, variables)
    assert kind == "continuum"
    points = [p for p in parts if len(p) == len(variables) and not any(v.free_symbols for v in p.values())]
    assert len(points) == 3 and any(isinstance(p[variables[-1]], sympy.CRootOf) for p in points)
    assert all(_satisfies(eqs, p, variables) for p in parts)


def test_degenerate_4x4x4_support_is_parametrised_in_time():
    # payoffs 0..1 (seed 2), support ({1, 2, 4}, {1, 3, 4}, {1, 2, 3}): sympy's solve() on the whole basis ran
    # past 20 s; split on its factorable elements it takes about 0.3 s (measured)
    rng = np.random.default_rng(2)
    eqs, variables, _ = _support_system([rng.integers(0, 2, size=(4, 4, 4)) for _ in range(3)],
                                        ((0, 1, 3), (0, 2, 3), (0, 1, 2)))
    with _elimination.elimination_budget(10.0):
        kind, (_, parts) = _elimination.solve_polynomial_system(eqs, variables)
    assert kind == "continuum" and parts
    assert all(_satisfies(eqs, p, variables) for p in parts)


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([((0, 1), (0, 1, 2), (0, 2)), ((0, 1, 2), (1, 2), (0, 1)),
                                                  ((0, 2), (0, 1), (0, 1, 2)), ((0, 1), (0, 1), (0, 1))]))
def test_every_part_solves_the_system(seed, supports):
    # degenerate 3x3x3 games (payoffs 0..2): whatever the solution set, each part it lists solves the system
    rng = np.random.default_rng(seed)
    eqs, variables, _ = _support_system([rng.integers(0, 3, size=(3, 3, 3)) for _ in range(3)], supports)
    with _elimination.elimination_budget(20.0):
        kind, data = _elimination.solve_polynomial_system(eqs, variables)
    parts = data if kind == "points" else data[1]
    assert all(_satisfies(eqs, p, variables) for p in parts)
    if kind == "points":  # a finite set: every real point, each once
        assert len({tuple(complex(sympy.N(p[v])) for v in variables) for p in parts}) == len(parts)


def test_sign_intervals_refuse_two_different_roots():
    t = sympy.Symbol("t")
    assert rp.sign_intervals([sympy.sqrt(t) + sympy.sqrt(t + 1)], [], t) is None


def test_sign_intervals_read_a_root_that_cancel_split():
    # sympy's cancel() writes sqrt(129 t^2 - 24 t) as sqrt(3) sqrt(43 t^2 - 8 t) (a curve of a 2x3x3x3 game with
    # payoffs 0..3 came so, and its set was left undecided); sqrt(3) alone is a second root: no verdict
    t = sympy.Symbol("t")
    root = sympy.sqrt(129 * t**2 - 24 * t)
    split = sympy.cancel(root / t - 10)
    assert split.has(sympy.sqrt(3))
    points = rp.sign_intervals([t, 2 - t], [split], t)
    assert points and points == rp.sign_intervals([t, 2 - t], [root / t - 10], t)
    assert rp.sign_intervals([t, 2 - t], [split + sympy.sqrt(3)], t) is None


@settings(max_examples=200, deadline=None)
@given(st.integers(-20, 20), st.integers(-20, 20), st.integers(1, 20), st.integers(0, 20))
def test_sign_with_root_is_exact(a, b, q, m):
    value = sympy.Rational(a, q) + sympy.Rational(b, q) * sympy.sqrt(m)
    assert rp._sign_with_root(Fraction(a, q), Fraction(b, q), Fraction(m)) == int(sympy.sign(value))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=9, max_size=9))
def test_sign_intervals_through_a_root_find_every_interval(c):
    """Conditions a + b sqrt(D) on (0, 1) with D quadratic: every point returned meets them (to 40 digits),
    and there are at least as many points as runs of a fine grid that meet them with a margin."""
    t = sympy.Symbol("t")
    root = sympy.sqrt(c[0] * t**2 + c[1] * t + c[2] + 4)
    positive = [t, 1 - t, c[3] + c[4] * t + root]
    nonpositive = [c[5] + c[6] * t + c[7] * root - c[8] * t * root]
    points = rp.sign_intervals(positive, nonpositive, t)
    assert points is not None

    def margins(x):
        vals = [complex(sympy.N(e.subs(t, x), 40)) for e in [*positive, *nonpositive]]
        if any(abs(v.imag) > 1e-30 for v in vals):
            return None
        return [v.real for v in vals[:3]], [v.real for v in vals[3:]]

    for x in points:
        pos, non = margins(sympy.Rational(x.numerator, x.denominator))
        assert min(pos) > 0 and max(non) <= 0
    f = sympy.lambdify(t, [*positive, *nonpositive], "numpy")
    grid = np.linspace(0, 1, 4001)[1:-1].astype(complex)
    with np.errstate(all="ignore"):
        vals = np.array([np.broadcast_to(np.asarray(v, dtype=complex), grid.shape) for v in f(grid)])
    good = (np.abs(vals.imag).max(axis=0) < 1e-12) & (vals.real[:3].min(axis=0) > 1e-6) & (vals.real[3] < -1e-6)
    runs = int(good[0]) + int(np.count_nonzero(good[1:] & ~good[:-1]))
    assert len(points) >= runs


def test_budget_is_exclusive_of_the_caller():
    with pytest.raises(_elimination.EliminationTimeout), _elimination.elimination_budget(0.01):
        sum(i for i in range(10**9))


def test_seven_unknowns_go_through_a_degree_ordered_basis():
    # payoffs 0..1 (seed 2), support ({1, 2, 4}, {1, 3, 4}, {1, 2, 3, 4}): lex directly ran past 120 s; a
    # degree-ordered basis (zero-dimensional) converted by FGLM takes about 1.5 s (measured)
    rng = np.random.default_rng(2)
    eqs, variables, _ = _support_system([rng.integers(0, 2, size=(4, 4, 4)) for _ in range(3)],
                                        ((0, 1, 3), (0, 2, 3), (0, 1, 2, 3)))
    assert len(variables) == 7
    with _elimination.elimination_budget(15.0):
        kind, points = _elimination.solve_polynomial_system(eqs, variables)
    assert kind == "points" and points
    assert all(_satisfies(eqs, p, variables) for p in points)


@pytest.mark.parametrize("positive, nonpositive, intervals", [
    (["t", "1 - t"], ["t**2 - 2*t + 3/4"], [(0.5, 1.0)]),            # (1/2, 1): roots 1/2, 3/2 of the gain
    (["t"], ["t**2 - 2"], [(0.0, 2 ** 0.5)]),                         # irrational end
    (["1"], ["(t**2 - 2) * (t**2 - 3)"], [(-(3 ** 0.5), -(2 ** 0.5)), (2 ** 0.5, 3 ** 0.5)]),  # two, close
    (["t - 1/1000", "2/1000 - t"], ["-1"], [(0.001, 0.002)]),         # narrow
    (["1/(t - 1)"], ["-t"], [(1.0, float("inf"))]),                   # a pole, unbounded
    (["t**2 + 1"], ["1"], []),                                         # never
    (["t", "1 - t"], ["sqrt(t**2 + 1) - 2*t"], [(3 ** -0.5, 1.0)]),   # through a square root
    (["t", "1 - t"], ["2*t - sqrt(t**2 + 1)"], [(0.0, 3 ** -0.5)]),
    (["sqrt(1 - t**2) - t"], ["-1"], [(-1.0, 2 ** -0.5)]),             # the root real on [-1, 1] only
    (["(1 + sqrt(2)*t)/(t - 1)"], ["-1"], [(-float("inf"), -(2 ** -0.5)), (1.0, float("inf"))]),
])
def test_sign_intervals_sample_every_interval_once(positive, nonpositive, intervals):
    import sympy

    t = sympy.Symbol("t")
    pts = rp.sign_intervals([sympy.sympify(e, locals={"t": t}) for e in positive],
                            [sympy.sympify(e, locals={"t": t}) for e in nonpositive], t)
    assert all(any(lo < float(x) < hi for lo, hi in intervals) for x in pts)
    assert all(any(lo < float(x) < hi for x in pts) for lo, hi in intervals)
    if "sqrt" not in "".join(positive + nonpositive):  # rational: once each (a square root's conjugate
        assert len(pts) == len(intervals)               # can split an interval at a root of the norm)


def _meets(positive, nonpositive, point, slack=0) -> bool:
    """Whether the conditions hold at a point, evaluated to 40 digits (``nonpositive`` up to ``slack``)."""
    values = [complex(sympy.N(sympy.sympify(e).subs(point), 40)) for e in [*positive, *nonpositive]]
    if any(abs(v.imag) > 1e-30 for v in values):
        return False
    return all(v.real > 0 for v in values[:len(positive)]) and all(v.real <= slack for v in values[len(positive):])


u, t = sympy.symbols("u t")


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=12, max_size=12))
def test_region_points_find_every_open_region_of_the_square(c):
    """Random conditions on the open unit square: every point returned meets them, and if a 41 x 41 grid
    finds a point that meets them with a margin, a sample is returned (regions and arcs both count)."""
    positive = [u, t, 1 - u, 1 - t, c[0] + c[1] * u + c[2] * t + c[3] * u * t + 4]
    nonpositive = [c[4] + c[5] * u + c[6] * t + c[7] * u * t + c[8] * u * u, c[9] + c[10] * t * t + c[11] * u * t]
    found = rp.region_points(u, t, positive, nonpositive)
    assert found is not None
    samples, _ = found
    assert all(_meets(positive, nonpositive, p, slack=1e-30) for p in samples)
    grid = [sympy.Rational(k, 40) for k in range(1, 40)]
    lam = sympy.lambdify((u, t), [*positive, *nonpositive])
    margin = max(min(min(v[:5]), -max(v[5:])) for v in (lam(a, b) for a in grid for b in grid))
    if margin > 1e-9:
        assert samples


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=9, max_size=9))
def test_curve_points_find_every_arc_of_a_cubic(c):
    """A random cubic curve through the unit square with one more condition: every arc point returned lies
    on the curve and meets the conditions, and if points along the curve (over 400 values of t) meet them
    with a margin, an arc point is returned."""
    curve = u**3 + c[0] * u**2 * t + c[1] * u * t**2 + c[2] * t**3 + c[3] * u * u + c[4] * u * t + c[5] * u + c[6] * t
    positive = [u, t, 1 - u, 1 - t]
    nonpositive = [c[7] * u + c[8] * t - 1]
    found = rp.curve_points(curve, u, t, positive, nonpositive)
    assert found is not None
    arcs, _ = found
    for p in arcs:
        assert abs(complex(sympy.N(curve.subs(p), 40))) < 1e-30 and _meets(positive, nonpositive, p)
    best = -1.0
    coefficients = sympy.lambdify(t, sympy.Poly(curve, u).all_coeffs())
    for x in np.linspace(0.001, 0.999, 400):
        for r in np.roots(np.array(coefficients(x), dtype=float)):
            if abs(r.imag) < 1e-12:
                best = max(best, min(r.real, x, 1 - r.real, 1 - x, -(c[7] * r.real + c[8] * x - 1)))
    if best > 1e-6:
        assert arcs


def test_curve_points_list_an_isolated_real_point():
    # (u - 1/2)^2 + (t - 1/2)^2 = 0 has one real point, on no arc: it is among the points for the caller
    arcs, points = rp.curve_points((u - sympy.Rational(1, 2))**2 + (t - sympy.Rational(1, 2))**2, u, t, [u, t], [])
    assert arcs == [] and {u: sympy.Rational(1, 2), t: sympy.Rational(1, 2)} in points


def test_curve_points_on_a_factor_where_a_condition_vanishes():
    # on the factor u = t of the curve, u - t ties everywhere (allowed for a gain, not for a probability)
    curve = sympy.expand((u - t) * (u + t - 1))
    arcs, _ = rp.curve_points(curve, u, t, [u, t, 1 - u, 1 - t], [u - t])
    assert any(p[u] == p[t] for p in arcs)
    arcs, _ = rp.curve_points(curve, u, t, [u, t, 1 - u, 1 - t, u - t], [])
    assert arcs and not any(p[u] == p[t] for p in arcs)
