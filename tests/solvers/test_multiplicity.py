"""Tests of the exact multiplicity count that settles support systems with singular homotopy ends."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory.solvers.nplayer as npl
from gametheory.games.normal_form import NormalFormGame
from gametheory.solvers import _multiplicity as mm
from gametheory.solvers._homotopy import MultilinearBatch, mhb_count
from gametheory.solvers._polynomial_supports import _settle_singular
from gametheory.solvers._support_arrays import permute_tensors, support_tensors


def _expand(factors: list[dict[tuple[int, ...], int]], nvars: int) -> dict[tuple[int, ...], int]:
    """The product of polynomials given as ``{exponents: coefficient}``."""
    out = {(0,) * nvars: 1}
    for f in factors:
        nxt: dict[tuple[int, ...], int] = {}
        for (a, ca), (b, cb) in itertools.product(out.items(), f.items()):
            m = tuple(x + y for x, y in zip(a, b))
            nxt[m] = nxt.get(m, 0) + ca * cb
        out = {m: c for m, c in nxt.items() if c}
    return out


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.integers(1, 3), min_size=n, max_size=n),
    st.lists(st.lists(st.integers(-3, 3), min_size=n, max_size=n), min_size=n, max_size=n),
    st.integers(0, n - 1))))
def test_multiplicity_of_powers_of_independent_linear_forms(case):
    """``l_i(u)^a_i = 0`` with independent linear forms ``l_i`` (then one equation times a unit ``1 + u_k``):
    the origin has multiplicity ``prod a_i``, whatever the coordinates."""
    n, powers, matrix, k = case
    if round(abs(np.linalg.det(np.array(matrix, dtype=float)))) == 0:
        matrix = np.eye(n, dtype=int).tolist()  # a singular draw: the forms would not be independent
    unit = {(0,) * n: 1, tuple(int(j == k) for j in range(n)): 1}
    polys = []
    for i, (row, a) in enumerate(zip(matrix, powers)):
        form = {tuple(int(j == v) for j in range(n)): c for v, c in enumerate(row) if c}
        polys.append(_expand([form] * a + ([unit] if i == 0 else []), n))
    assert mm.multiplicity(polys, n, most=30) == int(np.prod(powers))
    assert mm.multiplicity(polys, n, most=int(np.prod(powers)) - 1) is None  # above the cap: not counted


def test_multiplicity_refuses_points_of_a_curve():
    # u v = 0, u (v - 1) ... the origin lies on the line u = 0 of solutions of {u v, u^2}
    assert mm.multiplicity([{(1, 1): 1}, {(2, 0): 1}], 2, most=50) is None


def test_rational_point_rounds_only_near_small_denominators():
    offsets = np.array([0, 2, 4])
    assert mm.rational_point(np.array([0.5, 1.0, -2.0, 1.0004]), offsets) == [
        [Fraction(1), Fraction(2)], [Fraction(1), Fraction(-1, 2)]]
    assert mm.rational_point(np.array([1.0, np.sqrt(2), 1.0, 0.0]), offsets) is None
    assert mm.rational_point(np.array([1.0, 0.5 + 0.01j, 1.0, 0.0]), offsets) is None


def _binary5(seed: int) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    return NormalFormGame([rng.integers(0, 2, size=(2,) * 5) for _ in range(5)])


def _tracked(game: NormalFormGame, supports, mixers):
    """The homotopy's ends on one support, with the exact tensors of its system."""
    fpay = np.ascontiguousarray(game.payoff_array, dtype=float)
    floats = support_tensors(fpay, supports, mixers)
    exact = support_tensors(np.array(game.to_exact().exact_payoff_array, dtype=object), supports, mixers)
    batch = MultilinearBatch([len(supports[i]) for i in mixers], [t[None] for t in floats])
    x, _, ok = batch.solve()
    return exact, x, ok, batch.offsets


def test_settle_counts_singular_solutions_up_to_the_bezout_number():
    """A 4-mixer support of a 5-player game with payoffs 0..1 (seed 2): 9 paths, 5 ending at non-singular
    solutions and 4 at two double solutions on the boundary. Singular 4's local standard bases give
    multiplicity 2 for both (``vdim(std(i))`` in a local ordering); the count is complete."""
    game = _binary5(2)
    supports, mixers = ((0, 1), (1,), (0, 1), (0, 1), (0, 1)), [0, 2, 3, 4]
    exact, x, ok, offsets = _tracked(game, supports, mixers)
    assert mhb_count([2] * 4) == 9 and ok.sum() == 5
    points = mm.settle(exact, x, ok, offsets, 9)
    F = Fraction
    assert points is not None and sorted(points) == sorted([
        [[F(0), F(1)], [F(1), F(1)], [F(1), F(1)], [F(1), F(-2)]],
        [[F(1), F(0)], [F(1), F(0)], [F(0), F(1)], [F(1), F(-1)]]])
    assert [mm.exact_multiplicity(exact, p, most=9) for p in points] == [2, 2]
    assert all(mm.is_solution(exact, p) for p in points)
    assert not mm.is_solution(exact, [[F(1), F(0)]] * 4)
    # one trusted end fewer, or a wrong bound: the count no longer proves anything
    drop = np.flatnonzero(ok)[0]
    assert mm.settle(exact, np.delete(x, drop, axis=0), np.delete(ok, drop), offsets, 9) is None
    assert mm.settle(exact, x, ok, offsets, 10) is None
    # a trusted end listed twice in place of another is not two solutions
    first, second = np.flatnonzero(ok)[:2]
    twice = x.copy()
    twice[second] = x[first] * (1 + 1e-9)
    assert mm.settle(exact, twice, ok, offsets, 9) is None
    # a doubtful end that rounds to a point that is no solution is not counted, so the count falls short
    wrong = x.copy()
    wrong[~ok] = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0])
    assert mm.settle(exact, wrong, ok, offsets, 9) is None


def test_five_player_game_with_double_solutions_is_complete():
    """Payoffs 0..1 (seed 0): the all-mix support has 37 non-singular solutions and three multiple ones on
    the boundary (multiplicities 2, 3, 2: 44 in all). It used to be left to exact elimination, which ran
    out of time (the game was marked incomplete). Its two solutions inside the simplex, from Singular 4
    (``solve`` on the Groebner basis), are this support's equilibria."""
    game = _binary5(0)
    res = npl.enumerate_nplayer_equilibria(game)
    assert res.complete and not any("could not be solved" in n for n in res.notes)
    assert all(game.regret(e.float_profile()) <= 1e-9 for e in res)
    singular = [[0.6451849499, 0.5926089336, 0.1705543512, 0.2860705425, 0.4608205423],
                [0.5238452185, 0.5431242585, 0.2447187379, 0.5206012643, 0.5403781401]]
    interior = sorted([float(p[1]) for p in e.float_profile()] for e in res
                      if all(0 < float(v) < 1 for p in e.float_profile() for v in p))
    assert np.allclose(interior, sorted(singular), atol=1e-9)


def test_settled_singular_points_are_reported_in_the_players_order(monkeypatch):
    """``_settle_singular`` takes a support's tensors in the order the homotopy used (players by support
    size), and reports the exact points strictly inside the support as full profiles in the players' order;
    points on its boundary are not equilibria of it and are not reported."""
    rng = np.random.default_rng(1)
    game = NormalFormGame([rng.integers(0, 5, size=(3, 2, 2)) for _ in range(3)])
    supports = ((0, 1, 2), (0, 1), (0, 1))
    fpay = np.ascontiguousarray(game.payoff_array, dtype=float)
    mixers = [1, 2, 0]  # by support size, as the homotopy takes them
    floats = permute_tensors(support_tensors(fpay, supports, [0, 1, 2]), [1, 2, 0])
    F = Fraction
    inside = [[F(1), F(3)], [F(1), F(1)], [F(1), F(2), F(1)]]
    boundary = [[F(1), F(0)], [F(1), F(1)], [F(1), F(1), F(1)]]
    seen = []

    def fake_settle(tensors, ends, ok, offsets, bezout):
        # the exact tensors it is given are the tracked ones, in the same order
        assert all(np.allclose(t.astype(float), f) for t, f in zip(tensors, floats))
        return [inside, boundary]

    monkeypatch.setattr(mm, "settle", fake_settle)
    offsets = np.array([0, 2, 4, 7])
    assert _settle_singular(list(game.to_exact().exact_payoff_array), (supports, floats, mixers), [2, 2, 3],
                                offsets, np.zeros((1, 7)), np.zeros(1, bool), game.shape,
                                lambda profile, sym: seen.append(profile))
    assert seen == [[[F(1, 4), F(1, 2), F(1, 4)], [F(1, 4), F(3, 4)], [F(1, 2), F(1, 2)]]]
