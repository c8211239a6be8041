"""Tests of the private kernels behind n-player enumeration: pruning, homotopy, closed forms, pencils."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gametheory.solvers import _binary3, _homotopy, _pencil3, _plane3
from gametheory.solvers._support_arrays import permute_tensors, support_tensors
from gametheory.solvers._support_pruning import all_supports, surviving_supports


def _brute_force_survivors(pay, tol):
    n, shape = pay.shape[0], pay.shape[1:]
    out = []
    for sp in itertools.product(*[all_supports(m) for m in shape]):
        ok = True
        for i in range(n):
            sub = pay[i][np.ix_(*[np.arange(shape[j]) if j == i else np.asarray(s) for j, s in enumerate(sp)])]
            mat = np.moveaxis(sub, i, 0).reshape(shape[i], -1)
            for s in sp[i]:
                for t in range(shape[i]):
                    d = mat[t] - mat[s]
                    if np.all(d >= -tol) and np.any(d > tol):
                        ok = False
        if ok:
            out.append(sp)
    return out


@settings(max_examples=15, deadline=None)
@given(st.sampled_from([(2, 2), (3, 2), (2, 2, 2), (3, 2, 2), (2, 3, 2, 2)]), st.integers(0, 2**32 - 1),
       st.sampled_from([3, 1000]))
def test_pruning_matches_brute_force(shape, seed, high):
    rng = np.random.default_rng(seed)
    pay = rng.integers(0, high, size=(len(shape), *shape)).astype(float)
    assert set(surviving_supports(pay, 1e-9)) == set(_brute_force_survivors(pay, 1e-9))


def test_multihomogeneous_bezout_numbers():
    # McKelvey and McLennan (1997): at most 2 totally mixed equilibria in 2x2x2 games, 10 in 3x3x3,
    # 9 in 2x2x2x2 games
    assert _homotopy.mhb_count([2, 2, 2]) == 2
    assert _homotopy.mhb_count([3, 3, 3]) == 10
    assert _homotopy.mhb_count([2, 2, 2, 2]) == 9
    assert _homotopy.mhb_count([4, 2, 2]) == 0  # player 1 overdetermined


def _tensors(pay, supports):
    mixers = [i for i in range(pay.shape[0]) if len(supports[i]) > 1]
    return mixers, support_tensors(pay, supports, mixers)


def test_homotopy_finds_every_isolated_solution():
    rng = np.random.default_rng(3)
    pay = rng.integers(0, 1000, size=(3, 3, 3, 3)).astype(float)
    _, t = _tensors(pay, ((0, 1, 2),) * 3)
    batch = _homotopy.MultilinearBatch([3, 3, 3], [x[None] for x in t])
    x, _, ok = batch.solve()
    assert len(x) == 10 and ok.all()
    # distinct solutions of the target system (residual checked on F itself)
    f, _ = batch.target(x, np.zeros(len(x), dtype=int))
    assert np.abs(f).max() < 1e-8
    dist = np.linalg.norm(x[:, None] - x[None], axis=2) + np.eye(len(x)) * 1e9
    assert dist.min() > 1e-6


@pytest.mark.parametrize("seed", range(5))
def test_pencil_agrees_with_homotopy(seed):
    rng = np.random.default_rng(seed)
    pay = rng.integers(0, 1000, size=(3, 3, 3, 2)).astype(float)
    supports = ((0, 1, 2), (0, 1, 2), (0, 1))
    _, t = _tensors(pay, supports)
    batch = _homotopy.MultilinearBatch([3, 3, 2], [x[None] for x in t])
    x, _, ok = batch.solve()
    assert ok.all()
    expected = []
    for pt in x:
        parts = [pt[batch.offsets[g]:batch.offsets[g + 1]] for g in range(3)]
        parts = [p / p.sum() for p in parts]
        if all(np.abs(p.imag).max() < 1e-8 for p in parts) and 0 <= parts[2][1].real <= 1:
            expected.append(parts[2][1].real)
    ta = np.transpose(t[0], (0, 1, 2))  # player 0: (e, player 1, player 2)
    tb = t[1]  # player 1: (e, player 0, player 2)
    sols, flagged = _pencil3.solve_batch(ta[None], tb[None], t[2][0][None], np.random.default_rng(0))
    sols = sols[0]
    assert not flagged[0]
    assert sorted(round(s[0], 6) for s in sols) == sorted(round(e, 6) for e in expected)


def test_binary3_closed_form_solves_the_system():
    from fractions import Fraction


    checked = 0
    for seed in range(8):
        rng = np.random.default_rng(seed)
        pay = rng.integers(0, 1000, size=(3, 2, 2, 2))
        mixers, t = _tensors(pay.astype(float), ((0, 1),) * 3)
        sols, flag = _binary3.solve_batch([x[None] for x in t])
        assert not flag[0]
        exact_t = support_tensors(np.vectorize(Fraction, otypes=[object])(pay), ((0, 1),) * 3, mixers)
        checked += len(sols[0])
        _check_binary3_points(exact_t, sols[0])
    assert checked >= 3  # not vacuous: some of these games have completely mixed solutions


def _check_binary3_points(exact_t, sols):

    import sympy

    for w in sols:
        ex = _binary3.exact_point(exact_t, w)
        assert ex is not None
        ex = [v.to_sympy() if isinstance(v, _binary3.Surd) else sympy.Rational(v) for v in ex]
        assert all(abs(float(sympy.N(a, 30)) - b) < 1e-9 for a, b in zip(ex, w))
        # every player's indifference holds exactly at the exact point (player k's table is over the
        # other two players' second-strategy probabilities, in player order)
        for k in range(3):
            u, v = [ex[j] for j in range(3) if j != k]
            d = exact_t[k][0]
            val = sum(sympy.Rational(d[a, b]) * (u if a else 1 - u) * (v if b else 1 - v)
                      for a in range(2) for b in range(2))
            assert sympy.expand(val) == 0


def test_binary3_surd_is_the_number_it_names():
    from fractions import Fraction

    x = _binary3.Surd(Fraction(1, 3), Fraction(-2, 5), Fraction(8, 7))
    assert abs(float(x.to_sympy()) - (1 / 3 - 2 / 5 * (8 / 7) ** 0.5)) < 1e-15
    assert x.to_sympy() == sympy_value("1/3 - 2*sqrt(8/7)/5")


def sympy_value(text):
    import sympy

    return sympy.nsimplify(sympy.sympify(text))


def _probability_points(x, offsets):
    return [np.concatenate([p[offsets[j]:offsets[j + 1]] / p[offsets[j]:offsets[j + 1]].sum()
                            for j in range(len(offsets) - 1)]) for p in x]


@pytest.mark.parametrize(("sizes", "seed"), [((3, 3, 3), 0), ((3, 3, 3), 1), ((3, 3, 3), 2), ((3, 4, 4), 0),
                                             ((3, 4, 4), 3), ((3, 3, 4), 0), ((3, 3, 4), 4), ((3, 4, 5), 0),
                                             ((3, 4, 5), 2), ((3, 3, 5), 0), ((3, 3, 5), 1)])
def test_plane_curves_agree_with_homotopy(sizes, seed):
    rng = np.random.default_rng(seed)
    pay = rng.integers(0, 1000, size=(3, *sizes)).astype(float)
    _, t = _tensors(pay, tuple(tuple(range(k)) for k in sizes))
    tens = [x[None] for x in t]
    assert _plane3.solvable(list(sizes))
    batch, x, _, settled = _plane3.solve(tens)
    hom = _homotopy.MultilinearBatch(list(sizes), tens)
    xh, _, ok = hom.solve()
    assert ok.all() and len(xh) == _homotopy.mhb_count(list(sizes))
    if not settled[0]:
        assert sizes in [(3, 4, 4), (3, 4, 5)]  # a degree-36 resultant may be too inaccurate: paths are tracked
        return
    # settled means: exactly the Bezout number of distinct regular solutions, the same as the homotopy's
    mine, theirs = _probability_points(x, batch.offsets), _probability_points(xh, hom.offsets)
    assert len(mine) == len(theirs)
    for p in theirs:
        assert min(np.abs(p - q).max() for q in mine) < 1e-7


@pytest.mark.parametrize("sizes", [(3, 3, 3), (3, 3, 4), (3, 3, 5)])
def test_plane_curves_do_not_settle_a_degenerate_system(sizes):
    # every strategy of the third player pays the same: its indifference holds identically, so the
    # system has a continuum of solutions and must not be reported as settled
    rng = np.random.default_rng(0)
    pay = rng.integers(0, 1000, size=(3, *sizes)).astype(float)
    pay[2] = 7.0
    _, t = _tensors(pay, tuple(tuple(range(k)) for k in sizes))
    assert not _plane3.solve([x[None] for x in t])[3][0]


@pytest.mark.parametrize("order", [[1, 0, 2], [2, 0, 1], [1, 2, 0]])
def test_permuted_support_tensors_describe_the_same_system(order):
    # tracking players in another order (to batch supports of one shape) finds the same solutions
    rng = np.random.default_rng(5)
    pay = rng.integers(0, 1000, size=(3, 3, 4, 2)).astype(float)
    supports = ((0, 1, 2), (0, 1, 2, 3), (0, 1))
    _, t = _tensors(pay, supports)
    sizes = [3, 4, 2]
    base = _homotopy.MultilinearBatch(sizes, [x[None] for x in t])
    x0, _, ok0 = base.solve()
    permuted = permute_tensors(t, order)
    # a batch (a leading axis) permuted at once gives each system's permuted tensors
    for one, batched in zip(permuted, permute_tensors([np.stack([x, 2 * x]) for x in t], order, lead=1)):
        np.testing.assert_array_equal(batched[0], one)
        np.testing.assert_array_equal(batched[1], 2 * one)
    perm = _homotopy.MultilinearBatch([sizes[g] for g in order], [x[None] for x in permuted])
    x1, _, ok1 = perm.solve()
    assert ok0.all() and ok1.all() and len(x0) == len(x1)
    p0 = _probability_points(x0, base.offsets)
    p1 = [_unpermute(q, order, sizes) for q in _probability_points(x1, perm.offsets)]
    for p in p0:
        assert min(np.abs(p - q).max() for q in p1) < 1e-7


def _unpermute(q, order, sizes):
    new_sizes = [sizes[g] for g in order]
    blocks = np.split(q, np.cumsum(new_sizes)[:-1])
    return np.concatenate([blocks[order.index(g)] for g in range(len(sizes))])


@pytest.mark.parametrize("sizes", [[3, 3, 2], [2, 2, 3, 2], [2, 3, 2, 2, 3]])
def test_homotopy_derivatives_match_finite_differences_with_a_patch_set_later(sizes):
    # _polynomial_supports.polish works in probability coordinates by setting the patch to all ones afterwards:
    # the Jacobian must follow (a stale patch row made Newton's method use the wrong linearisation)
    rng = np.random.default_rng(2)
    g = len(sizes)
    tens = [rng.normal(size=(1, sizes[i] - 1, *[sizes[j] for j in range(g) if j != i])) for i in range(g)]
    batch = _homotopy.MultilinearBatch(sizes, tens)
    batch.patch = [np.ones(k) for k in sizes]
    x = rng.normal(size=(1, batch.K)) + 0j
    sys0 = np.zeros(1, dtype=int)
    eps = 1e-7
    for t in (0.4, 1.0):  # the start system's part too, and the derivative in t
        tt = np.full(1, t)
        res, jac, ht = batch._h(x, tt, sys0)
        for k in range(batch.K):
            dx = np.zeros(batch.K)
            dx[k] = eps
            num = (batch._h(x + dx, tt, sys0)[0] - res) / eps
            assert np.allclose(num[0], jac[0][:, k], atol=1e-5)
        assert np.allclose((batch._h(x, tt - eps, sys0)[0] - res)[0] / -eps, ht[0], atol=1e-5)


@pytest.mark.parametrize("sizes", [[3, 4], [2, 3, 4], [2, 3, 2, 2], [3, 2, 4, 2, 3]])
def test_target_evaluation_is_the_homotopy_at_t_one(sizes):
    # Newton refinement uses the cheaper target-only evaluation; it must be H and its Jacobian at t = 1,
    # and the target's derivative must match finite differences on its own (two and three groups by hand,
    # more by contracting one group at a time); target() evaluates by einsum, independently
    rng = np.random.default_rng(3)
    g = len(sizes)
    tens = [rng.normal(size=(2, sizes[i] - 1, *[sizes[j] for j in range(g) if j != i])) for i in range(g)]
    batch = _homotopy.MultilinearBatch(sizes, tens)
    x = rng.normal(size=(3, batch.K)) + 1j * rng.normal(size=(3, batch.K))
    sys_idx = np.array([0, 1, 1])
    res_h, jac_h, _ = batch._h(x, np.ones(3), sys_idx)
    res_f, jac_f = batch._f(x, sys_idx)
    assert np.allclose(res_h, res_f) and np.allclose(jac_h, jac_f)
    res_t, jac_t = batch.target(x, sys_idx)
    assert np.allclose(res_t, res_f[:, :batch.K - g]) and np.allclose(jac_t, jac_f[:, :batch.K - g])
    eps = 1e-7
    for k in range(batch.K):
        dx = np.zeros(batch.K)
        dx[k] = eps
        assert np.allclose((batch._f(x + dx, sys_idx)[0] - res_f) / eps, jac_f[:, :, k], atol=1e-5)


def test_linear_relaxation_rules_out_a_support_without_equilibrium():
    from gametheory.solvers import _support_lp

    # prisoner's dilemma: D strictly better, so no equilibrium mixes; a 2x2x2 game with a planted
    # completely mixed equilibrium (each player indifferent at (1/2, 1/2)) keeps its full support
    pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)
    assert _support_lp.no_equilibrium(pd, ((0, 1), (0, 1)))
    assert not _support_lp.no_equilibrium(pd, ((1,), (1,)))
    from gametheory import NormalFormGame

    pennies = NormalFormGame.from_function(lambda a, b, c: (int(a == b), int(b == c), int(c != a)), [[0, 1]] * 3)
    assert not _support_lp.no_equilibrium(np.asarray(pennies.payoff_array, float), ((0, 1),) * 3)


def test_linear_relaxation_certificate_is_checked_not_trusted(monkeypatch):
    import scipy.optimize

    from gametheory.solvers import _support_lp

    pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)
    rows, weights = _support_lp.certificate(pd, ((0, 1), (0, 1)))
    assert np.all(weights >= 0) and np.isclose(weights.sum(), 1)
    assert (weights @ rows).min() > _support_lp.MARGIN
    # an LP solver that claims a large violation with dual weights proving nothing: not believed
    real = scipy.optimize.linprog

    def lying(*args, **kwargs):
        res = real(*args, **kwargs)
        res.fun = 1.0
        res.ineqlin.marginals = -np.ones_like(res.ineqlin.marginals)
        return res

    monkeypatch.setattr(scipy.optimize, "linprog", lying)
    from gametheory import NormalFormGame

    pennies = NormalFormGame.from_function(lambda a, b, c: (int(a == b), int(b == c), int(c != a)), [[0, 1]] * 3)
    assert not _support_lp.no_equilibrium(np.asarray(pennies.payoff_array, float), ((0, 1),) * 3)


#: Matching pennies with a row X that ties when the columns mix evenly and a column Z that beats H
#: against X: mixing over H, T, X against H, T is impossible, though its closure holds an equilibrium.
BOUNDARY_ONLY = np.array([[[1, -1, 0], [-1, 1, 0], [2, -2, 0]], [[-1, 1, -1], [1, -1, 1], [-2, 2, -1]]])


def test_boundary_certificate_is_checked_not_trusted(monkeypatch):
    import scipy.optimize

    from gametheory.solvers import _support_lp

    rows, weights = _support_lp.boundary_certificate(BOUNDARY_ONLY, ((0, 1, 2), (0, 1)))
    c = [sum(w * int(r) for w, r in zip(weights, col)) for col in rows.T]
    assert min(weights) >= 0 and sum(weights) == 1 and min(c) >= 0 and max(c) > 0
    # an LP and a rational rounding that both lie (every row weighted evenly, which proves nothing) are
    # caught by the final check in rationals
    real = scipy.optimize.linprog

    def lying(*args, **kwargs):
        res = real(*args, **kwargs)
        res.x = np.ones_like(res.x) / len(res.x)
        res.fun = -1.0
        return res

    monkeypatch.setattr(scipy.optimize, "linprog", lying)
    monkeypatch.setattr(_support_lp, "_exact_weights", lambda a, guess: [Fraction(1, len(guess))] * len(guess))
    assert _support_lp.boundary_certificate(BOUNDARY_ONLY, ((0, 1, 2), (0, 1))) is None


@settings(max_examples=15, deadline=None)
@given(st.sampled_from([(2, 2, 2), (3, 3, 2), (2, 2, 2, 2)]), st.integers(0, 2**32 - 1), st.integers(1, 2))
@example((2, 2, 2, 2), 110916, 2)  # a homotopy end with a probability of 5e-33 beside an irrational point
def test_no_boundary_certificate_for_a_support_that_holds_an_equilibrium(shape, seed, top):
    """Degenerate random games: no support on which an equilibrium was found (isolated, or drawn from a
    continuum) gets a proof that none has exactly that support. (Float points count with every positive
    probability: one at 3e-9, a homotopy end beside a boundary point, gives way to the exact point when the
    certificate holds, see ``_settle_near_boundary``.)"""
    from gametheory import NormalFormGame
    from gametheory.solvers import _support_lp
    from gametheory.solvers.nplayer import enumerate_nplayer_equilibria

    rng = np.random.default_rng(seed)
    game = NormalFormGame([rng.integers(0, top + 1, size=shape) for _ in shape])
    res = enumerate_nplayer_equilibria(game)
    pay = np.asarray(game.to_exact()._integer_payoffs())
    for e in [*res, *(p for c in res.continua for p in c.sample_points)]:
        support = tuple(tuple(int(k) for k in np.flatnonzero(p > 0)) for p in e.float_profile())
        assert _support_lp.boundary_certificate(pay, support) is None, support


@pytest.mark.parametrize("proved", [True, False])
def test_float_point_beside_the_boundary_is_settled_exactly(proved):
    """A float point with probabilities of 4e-7 where an exact equilibrium has 0 (a homotopy end stopped
    short of a boundary point; it rounds apart from the exact point, so the two are not merged as duplicates):
    the exact point is listed and replaces the float one as a polytope's vertex; the float point is dropped
    only when the boundary certificate proves that no equilibrium has its support."""
    from gametheory import NormalFormGame
    from gametheory.solvers import _support_lp
    from gametheory.solvers.nplayer import (
        SupportContinuum,
        _candidate_key,
        _settle_near_boundary,
    )
    from gametheory.solvers.result import Equilibrium, certify

    rng = np.random.default_rng(6909085)
    game = NormalFormGame([rng.integers(0, 3, size=(3, 3, 2)) for _ in range(3)])
    near = ((0.5, 0.5, 0.0), (4e-7, 1e-7, 1 - 5e-7), (4e-7, 1 - 4e-7))
    point = Equilibrium(near, (0.0,) * 3, 1e-7, False, game.players, game.strategies)
    found = {_candidate_key([list(p) for p in near]): point}

    def report(profile, symbolic, record=True):
        eq = certify(game, profile, exact=True)
        found[_candidate_key([[float(v) for v in p] for p in profile])] = eq
        return eq

    def off_boundary(support):
        assert support == ((0, 1), (0, 1, 2), (0, 1))
        return proved and _support_lp.boundary_certificate(np.asarray(game._integer_payoffs()), support) is not None

    polytope = SupportContinuum((("1", "2"), ("3",), ("2",)), (), (), (point,), "", polytope=True)
    (settled,) = _settle_near_boundary(found, [polytope], report, off_boundary)
    half = Fraction(1, 2)
    exact = ((half, half, 0), (0, 0, 1), (0, 1))
    assert [e.profile for e in settled.sample_points] == [exact]
    assert sorted(e.exact for e in found.values()) == ([True] if proved else [False, True])


@settings(max_examples=15, deadline=None)
@given(st.sampled_from([(2, 2, 2), (3, 3, 2), (3, 3, 3), (2, 2, 2, 2)]), st.integers(0, 2**32 - 1), st.integers(1, 2))
@example((3, 3, 3), 3, 1)  # four solution sets on their supports' boundaries (see test_nplayer)
@example((3, 3, 3), 346094055, 2)  # a boundary sample among interior ones
def test_points_drawn_from_a_continuum_have_exactly_its_support(shape, seed, top):
    """A continuum lists equilibria with exactly its support: a point on the support's boundary is an
    equilibrium of a smaller support (listed there), and a part of the solution set that lies on the boundary
    is no continuum of this support. (A polytope's vertices lie on the boundary by nature.)"""
    from gametheory import NormalFormGame
    from gametheory.solvers.nplayer import enumerate_nplayer_equilibria

    rng = np.random.default_rng(seed)
    game = NormalFormGame([rng.integers(0, top + 1, size=shape) for _ in shape])
    res = enumerate_nplayer_equilibria(game)
    for c in res.continua:
        if c.polytope:
            continue
        assert c.sample_points
        for e in c.sample_points:
            assert e.support == c.support, (c.support, e)


def test_support_with_equilibria_only_on_its_boundary_is_decided():
    """A random 3x3x3 game with payoffs 0..1 (seed 1002): the support ({1, 2, 3}, {3}, {1, 2, 3}) has a
    plane of solutions whose equilibria all leave a supported strategy unused. It was listed as a set with no
    sampled equilibrium; the boundary certificate decides it."""
    from gametheory import NormalFormGame
    from gametheory.solvers.nplayer import enumerate_nplayer_equilibria

    rng = np.random.default_rng(1002)
    game = NormalFormGame([rng.integers(0, 2, size=(3, 3, 3)) for _ in range(3)])
    res = enumerate_nplayer_equilibria(game)
    assert res.complete and not any("no sampled point" in n for n in res.notes)


@settings(max_examples=12, deadline=None)
@given(st.sampled_from([(2, 2, 2), (3, 3, 2), (3, 3, 3), (2, 2, 2, 2)]), st.integers(0, 2**32 - 1),
       st.sampled_from([2, 3, 1000]))
def test_linear_relaxation_never_rules_out_an_equilibrium(shape, seed, high):
    # the relaxation is a necessary condition: the support of every equilibrium, and of every point of a
    # continuum, must pass it (degenerate payoffs 0..1 and 0..2 give continua and ties)
    from gametheory import NormalFormGame
    from gametheory.solvers import _support_lp
    from gametheory.solvers.nplayer import enumerate_nplayer_equilibria

    rng = np.random.default_rng(seed)
    game = NormalFormGame([rng.integers(0, high, size=shape) for _ in shape])
    res = enumerate_nplayer_equilibria(game)
    fpay = np.asarray(game.payoff_array, dtype=float)
    points = list(res) + [e for c in res.continua for e in c.sample_points]
    for eq in points:
        support = tuple(tuple(int(k) for k in np.flatnonzero(np.asarray(p, dtype=float) > 0)) for p in eq.float_profile())
        assert not _support_lp.no_equilibrium(fpay, support)


def test_ends_screened_at_once_are_those_read_one_by_one():
    # the vectorised screen of homotopy ends must accept exactly the points point_probabilities accepts
    from gametheory.solvers._support_arrays import point_probabilities, real_nonnegative

    rng = np.random.default_rng(4)
    sizes = [2, 3, 3]
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    real = rng.random((40, 8)) * rng.choice([1.0, -1.0], size=(40, 1))  # whole rows scaled by -1: fine
    negative = rng.random((20, 8)) - 0.3
    complex_ = rng.random((20, 8)) + 1j * rng.random((20, 8))
    phase = rng.random((20, 8)) * np.exp(1j * rng.random((20, 1)))  # real up to a common factor
    zero_sum = rng.random((10, 8))
    zero_sum[:, 0:2] = [1.0, -1.0]
    x = np.vstack([real, negative, complex_, phase, zero_sum]).astype(complex)
    screened = real_nonnegative(x, offsets)
    one_by_one = np.array([point_probabilities(pt, offsets, [0, 1, 2]) is not None for pt in x])
    assert np.array_equal(screened, one_by_one)
    assert 0 < screened.sum() < len(x)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_profiles_built_in_a_batch_are_those_built_one_by_one(data):
    from gametheory.solvers._support_arrays import full_profile, full_profiles_batch

    shape = tuple(data.draw(st.lists(st.integers(2, 4), min_size=3, max_size=4)))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    count = data.draw(st.integers(1, 5))
    sizes = [2, 2, 2]  # three mixers over two strategies each, any players
    supports, mixers, parts = [], [], [rng.random((count, k)) for k in sizes]
    for _ in range(count):
        mx = [int(v) for v in rng.permutation(len(shape))[:3]]
        sp = [tuple(sorted(rng.choice(m, size=sizes[mx.index(j)] if j in mx else 1, replace=False).tolist()))
              for j, m in enumerate(shape)]
        supports.append(tuple(sp))
        mixers.append(mx)
    batch = full_profiles_batch(supports, mixers, shape, parts)
    for c in range(count):
        one = full_profile(supports[c], shape, {mixers[c][g]: parts[g][c] for g in range(3)})
        for j in range(len(shape)):
            np.testing.assert_array_equal(batch[j][c], one[j])


def _pencil_tables(rng, a, b, high=1000):
    ta = rng.integers(0, high, size=(1, a - 1, b, 2)).astype(float)
    tb = rng.integers(0, high, size=(1, b - 1, a, 2)).astype(float)
    th = rng.integers(0, high, size=(1, a, b)).astype(float)
    return ta, tb, th


@pytest.mark.parametrize("a,b", [(2, 3), (3, 3), (3, 4), (4, 4), (4, 5)])
@pytest.mark.parametrize("seed", range(6))
def test_univariate_polynomial_finds_what_the_pencil_finds(a, b, seed):
    ta, tb, th = _pencil_tables(np.random.default_rng(seed), a, b)
    _sys_k, ts, p, q, flagged = _pencil3.solve_univariate(ta, tb, th)
    _k2, t2, p2, q2, flagged2 = _pencil3.solve_arrays(ta, tb, th, np.random.default_rng(0))
    assert not flagged[0] and not flagged2[0]
    ours = sorted(zip(np.round(ts, 7), [tuple(np.round(v, 5)) for v in np.hstack([p, q])]))
    theirs = sorted(zip(np.round(t2, 7), [tuple(np.round(v, 5)) for v in np.hstack([p2, q2])]))
    assert ours == theirs
    for t, pp, qq in zip(ts, p, q):  # each is a solution: both blocks of equations and h's
        assert np.abs((ta[0, ..., 0] + t * (ta[0, ..., 1] - ta[0, ..., 0])) @ qq).max() < 1e-6 * 1000
        assert np.abs((tb[0, ..., 0] + t * (tb[0, ..., 1] - tb[0, ..., 0])) @ pp).max() < 1e-6 * 1000
        assert abs(pp @ th[0] @ qq) < 1e-6 * 1000


def test_univariate_polynomial_finds_a_planted_solution():
    rng = np.random.default_rng(3)
    a = b = 3
    t0, p0, q0 = 0.3, np.array([0.2, 0.5, 0.3]), np.array([0.6, 0.1, 0.3])
    ta, tb, th = _pencil_tables(rng, a, b)
    # shift each equation so that it holds at (t0, p0, q0)
    for e in range(a - 1):
        ta[0, e, :, :] -= (((1 - t0) * ta[0, e, :, 0] + t0 * ta[0, e, :, 1]) @ q0)
    for e in range(b - 1):
        tb[0, e, :, :] -= (((1 - t0) * tb[0, e, :, 0] + t0 * tb[0, e, :, 1]) @ p0)
    th[0] -= p0 @ th[0] @ q0
    _sys_k, ts, p, q, flagged = _pencil3.solve_univariate(ta, tb, th)
    assert not flagged[0]
    hit = np.flatnonzero(np.abs(ts - t0) < 1e-9)
    assert hit.size == 1
    np.testing.assert_allclose(p[hit[0]], p0, atol=1e-9)
    np.testing.assert_allclose(q[hit[0]], q0, atol=1e-9)


@pytest.mark.parametrize("a,b,degenerate", [(3, 3, "h"), (4, 4, "h"), (3, 4, "B"), (2, 3, "B")])
def test_univariate_polynomial_flags_what_it_cannot_settle(a, b, degenerate):
    ta, tb, th = _pencil_tables(np.random.default_rng(0), a, b)
    if degenerate == "h":  # h's equation identically zero: p(t)' H q(t) vanishes for every t
        th = np.zeros_like(th)
    else:  # two equal rows: B(t) singular for every t (b = a + 1)
        tb[:, -1] = tb[:, 0]
    _, _, _, _, flagged = _pencil3.solve_univariate(ta, tb, th)
    assert flagged[0]


def test_univariate_polynomial_flags_a_kernel_of_dimension_two():
    # B(t)'s two rows parallel at t0 = 0.4: its minors, so p(t), vanish there; the polynomial has a root
    # at t0 whose p is undetermined, and the system must go to the pencil
    ta, tb, th = _pencil_tables(np.random.default_rng(1), 3, 3)
    t0 = 0.4
    e0 = np.random.default_rng(2).normal(size=3)
    tb[0, 1, :, 0] = 2.0 * tb[0, 0, :, 0] + e0
    tb[0, 1, :, 1] = 2.0 * tb[0, 0, :, 1] - (1 - t0) / t0 * e0
    _, _, _, _, flagged = _pencil3.solve_univariate(ta, tb, th)
    assert flagged[0]


def test_univariate_polynomial_flags_a_multiple_root():
    # a 4x4x4 game with payoffs 0..1 (seed 0) whose support ((0, 1), (0, 2, 3), (0, 2, 3)) carries a
    # continuum: its polynomial has a triple root at t = 0, computed as three roots about 4e-6 apart,
    # one of them real; taking it for a solution would report a point of the continuum as isolated
    from gametheory.solvers._support_arrays import support_tensors_batch

    rng = np.random.default_rng(0)
    pay = np.array([rng.integers(0, 2, size=(4, 4, 4)) for _ in range(3)], dtype=float)
    tens = support_tensors_batch(pay, [((0, 1), (0, 2, 3), (0, 2, 3))], [0, 1, 2])
    ta, tb, th = np.swapaxes(tens[1], 2, 3), np.swapaxes(tens[2], 2, 3), tens[0][:, 0]
    _, _, _, _, flagged = _pencil3.solve_univariate(ta, tb, th)
    assert flagged[0]


@pytest.mark.parametrize("shape,high", [((3, 3, 3), 1000), ((4, 4, 4), 1000), ((3, 3, 3), 2), ((2, 3, 3, 3), 3)])
def test_linear_relaxation_of_many_supports_at_once_proves_what_each_alone_proves(shape, high):
    from gametheory.solvers import _support_lp

    rng = np.random.default_rng(7)
    fpay = np.array([rng.integers(0, high, size=shape) for _ in shape], dtype=float)
    profiles = [sp for sp in itertools.product(*[all_supports(m) for m in shape])
                if sum(len(s) > 1 for s in sp) >= 2][::3][:40]
    together = _support_lp.certificates(fpay, profiles)
    alone = [_support_lp.certificate(fpay, sp) for sp in profiles]
    assert [c is None for c in together] == [c is None for c in alone]
    assert any(c is not None for c in together)
    for proof in together:
        if proof is not None:
            rows, weights = proof
            assert np.all(weights >= 0) and (weights @ rows).min() > _support_lp.MARGIN


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(0, 30), st.integers(0, 2**32 - 1))
def test_distinct_points_of_every_system_at_once_are_those_found_one_system_at_a_time(count, size, seed):
    rng = np.random.default_rng(seed)
    system = np.sort(rng.integers(0, count, size=size))
    points = rng.normal(size=(size, 4)) + 1j * rng.normal(size=(size, 4))
    for i in range(size):  # copies, up to rounding, of points of the same system
        j = int(rng.integers(0, size))
        if rng.random() < 0.4 and system[j] == system[i]:
            points[i] = points[j] + 1e-9 * rng.normal(size=4)
    together = _plane3._distinct_by_system(points, system, count)
    for k in range(count):
        alone = _plane3._distinct(points[system == k])
        assert together[k].shape == alone.shape
        np.testing.assert_allclose(together[k], alone)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from([(2, 2), (3, 3, 3), (2, 3, 4), (2, 2, 3, 2)]), st.integers(0, 2**32 - 1))
def test_relaxation_rows_at_a_product_distribution_are_the_players_gains(shape, seed):
    # row (i, s, t) at mu = x_1 (x) ... (x) x_n is x_i(s) (U_i(t) - U_i(s)) / payoff range: the gain of
    # switching s to t, weighted; an equality's second row is its negation
    from gametheory.solvers import _support_lp

    rng = np.random.default_rng(seed)
    n = len(shape)
    fpay = rng.integers(0, 50, size=(n, *shape)).astype(float)
    supports = tuple(tuple(sorted(rng.choice(m, size=rng.integers(1, m + 1), replace=False).tolist()))
                     for m in shape)
    xs = [rng.random(len(s)) for s in supports]
    xs = [x / x.sum() for x in xs]
    mu = xs[0]
    for x in xs[1:]:
        mu = np.multiply.outer(mu, x)
    rows = _support_lp._constraints(fpay, supports)
    expected = []
    for i in range(n):
        values = fpay[i]  # U_i(t) against the others' mixtures on their supports
        for j in reversed(range(n)):
            if j != i:
                full = np.zeros(shape[j])
                full[list(supports[j])] = xs[j]
                values = np.tensordot(values, full, axes=([j], [0]))
        for a, s in enumerate(supports[i]):
            for t in range(shape[i]):
                if t != s:
                    gain = xs[i][a] * (values[t] - values[s]) / max(float(np.ptp(fpay)), 1.0)
                    expected += [gain, -gain] if t in supports[i] else [gain]
    np.testing.assert_allclose(rows @ mu.ravel(), expected, atol=1e-12)
