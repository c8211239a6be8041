"""Tests of the exact sign decisions (``_real_points``): intervals of a line, arcs of plane curves, regions
of the plane."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.solvers import _real_points as rp


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
