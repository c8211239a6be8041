"""Tests of exact elimination (``_elimination``): finite solution sets, split solution sets, budgets."""

from __future__ import annotations

import random

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.solvers import _elimination
from gametheory.solvers import _polysystem as ps

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
