"""Every extreme equilibrium of two-player games, against Gambit's own output."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory import NormalFormGame, read_nfg
from gametheory.solvers.enumeration import enumerate_extreme_equilibria
from tests.conftest import GAMES, as_fraction_profile, expected_equilibria, oracle_names

gbt = pytest.importorskip("pygambit")
from tests.pygambit_compat import from_arrays, strategy_probabilities  # noqa: E402

EXPECTED = expected_equilibria()


def profiles(result) -> set:  # type: ignore[no-untyped-def]
    return {tuple(tuple(p) for p in e.profile) for e in result}


@pytest.mark.parametrize("name", oracle_names(players=2))
def test_matches_gambit_enummixed(name: str) -> None:
    """Exactly Gambit's extreme equilibria (Gambit repeats some profiles in degenerate games: compare sets)."""
    result = enumerate_extreme_equilibria(read_nfg(GAMES / name))
    want = {as_fraction_profile(p) for p in EXPECTED[name]["equilibria"]}
    assert profiles(result) == want
    assert all(e.exact and e.regret == 0 for e in result)


def test_von_stengel_75() -> None:
    result = enumerate_extreme_equilibria(read_nfg(GAMES / "6x6_game_with_75_eq.nfg"))
    assert len(result) == 75
    assert all(len(c) == 1 for c in result.components)  # non-degenerate: 75 isolated points


def test_float_mode_finds_the_same_75() -> None:
    g = read_nfg(GAMES / "6x6_game_with_75_eq.nfg").to_float()
    result = enumerate_extreme_equilibria(g)
    assert len(result) == 75 and not result.exact
    assert result.max_regret <= g.tolerance()


def test_continuum_is_reported_as_component() -> None:
    result = enumerate_extreme_equilibria(read_nfg(GAMES / "csg1.nfg"))
    assert len(result) == 4
    assert result.components == ((0, 1, 2, 3),)
    # Any convex combination of the extreme points of a maximal Nash subset is an equilibrium.
    g = result.game
    mix = [[sum(Fraction(1, 4) * e.profile[i][k] for e in result) for k in range(g.shape[i])] for i in range(2)]
    assert g.regret(mix) == 0


def test_degenerate_game_components() -> None:
    # e04: Kreps-Wilson normal form, an isolated equilibrium and a segment.
    result = enumerate_extreme_equilibria(read_nfg(GAMES / "e04.nfg"))
    assert sorted(len(c) for c in result.components) == [1, 2]
    assert len({e.component for e in result}) == 2


def test_tiny_negative_probability_does_not_drop_an_equilibrium() -> None:
    """nashpy's measured defect: a -4.7e-17 probability failing ">= 0". Random 8x8 float games vs Gambit."""
    rng = np.random.default_rng(7)
    for _ in range(5):
        A, B = rng.normal(size=(8, 8)), rng.normal(size=(8, 8))
        ours = enumerate_extreme_equilibria(NormalFormGame([A, B]))
        theirs = gbt.nash.enummixed_solve(from_arrays(A, B), rational=False)
        assert len(ours) == len(theirs.equilibria)


def _gambit_profiles(A: np.ndarray, B: np.ndarray) -> set:
    g = from_arrays(A.astype(int).tolist(), B.astype(int).tolist())
    res = gbt.nash.enummixed_solve(g, rational=True)
    return {tuple(tuple(Fraction(str(x)) for x in p) for p in strategy_probabilities(eq)) for eq in res.equilibria}


shapes = st.tuples(st.integers(1, 5), st.integers(1, 5))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_small_integer_games_match_gambit(data) -> None:  # type: ignore[no-untyped-def]
    """Small integer payoffs: many ties, degenerate games; exact agreement with enummixed(rational=True)."""
    m, n = data.draw(shapes)
    lo = data.draw(st.sampled_from([1, 2, 5]))
    A = data.draw(arrays(np.int64, (m, n), elements=st.integers(-lo, lo)))
    B = data.draw(arrays(np.int64, (m, n), elements=st.integers(-lo, lo)))
    ours = enumerate_extreme_equilibria(NormalFormGame([A, B]))
    assert profiles(ours) == _gambit_profiles(A, B)
    assert all(e.regret == 0 for e in ours)
    g = ours.game
    assert all(e.payoffs == g.expected_payoffs(e.profile) and g.regret(e.profile) == 0 for e in ours)
    # components partition the equilibria's component labels consistently
    assert {i for c in ours.components for i in c} == set(range(len(ours)))


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_random_larger_games_match_gambit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m, n = rng.integers(4, 8, size=2)
    A, B = rng.integers(-20, 21, (m, n)), rng.integers(-20, 21, (m, n))
    assert profiles(enumerate_extreme_equilibria(NormalFormGame([A, B]))) == _gambit_profiles(A, B)


def test_needs_two_players() -> None:
    from gametheory import InvalidGameError

    with pytest.raises(InvalidGameError, match="two players"):
        enumerate_extreme_equilibria(read_nfg(GAMES / "2x2x2.nfg"))


def test_constant_game_has_every_pure_profile() -> None:
    g = NormalFormGame([np.zeros((3, 2), dtype=int), np.zeros((3, 2), dtype=int)])
    result = enumerate_extreme_equilibria(g)
    assert len(result) == 6 and result.components == (tuple(range(6)),)


def _random_systems(rng: np.random.Generator, m: int, n: int, count: int) -> np.ndarray:
    """``count`` systems of ``n`` distinct constraints of Q (``i < m``: row ``i`` of A; ``m + j``: ``y_j = 0``)."""
    return np.array([np.sort(rng.choice(m + n, size=n, replace=False)) for _ in range(count)])


@pytest.mark.parametrize("m, n", [(3, 5), (5, 3), (4, 4), (2, 9)])
def test_face_systems_solved_reduced_agree_with_the_full_systems(m: int, n: int) -> None:
    """The k x k reduced systems give the solutions of the full n x n ones, and the same singular set."""
    from gametheory.solvers.enumeration import _face_points, _SingularityTest

    rng = np.random.default_rng(m * 10 + n)
    A = rng.integers(0, 4, size=(m, n))  # small integers: singular systems occur too
    Ap = A / 3.0 + 0.1
    H = np.vstack([Ap, np.eye(n)])
    rhs = np.concatenate([np.ones(m), np.zeros(n)])
    idx = _random_systems(rng, m, n, 300)
    y, ok = _face_points(Ap, idx, _SingularityTest(A, n))
    full_rank = np.linalg.matrix_rank(H[idx]) == n
    assert np.array_equal(ok, full_rank) and 0 < ok.sum() < len(idx)
    want = np.linalg.solve(H[idx[ok]], rhs[idx[ok]][:, :, None])[:, :, 0]
    assert np.allclose(y[ok], want, atol=1e-9)
    assert np.isnan(y[~ok]).all()


def test_exact_vertex_solves_the_full_system_exactly() -> None:
    """Exact vertices from the reduced system equal sympy's solution of the full one (P and Q)."""
    import sympy

    from gametheory.solvers.enumeration import _solve_exact_vertex

    rng = np.random.default_rng(5)
    m, n = 3, 4
    M = rng.integers(1, 6, size=(m, n)).tolist()
    M[2] = M[0]  # a repeated row: some systems are singular
    singular = 0
    for transpose in (False, True):
        d = m if transpose else n
        for _ in range(40):
            labels = np.sort(rng.choice(m + n, size=d, replace=False)).tolist()
            rows = []
            for lab in labels:
                if transpose:
                    rows.append([int(k == lab) for k in range(m)] + [0] if lab < m
                                else [M[i][lab - m] for i in range(m)] + [1])
                else:
                    rows.append(M[lab] + [1] if lab < m else [int(k == lab - m) for k in range(n)] + [0])
            full = sympy.Matrix(rows)
            got = _solve_exact_vertex(M, labels, transpose=transpose)
            if full[:, :d].det() == 0:
                assert got is None
                singular += 1
            else:
                want = full[:, :d].LUsolve(full[:, d])
                assert got == [Fraction(int(v.p), int(v.q)) for v in want]
    assert 0 < singular < 80


def test_vertex_search_in_small_pieces_finds_the_same_vertices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pivoting each layer in pieces of one basis (bounded memory) changes nothing, degenerate or not."""
    from gametheory.solvers import _vertices

    rng = np.random.default_rng(2)
    for M in [rng.random((6, 4)) + 0.1, rng.integers(1, 4, size=(10, 5)).astype(float)]:
        whole = _vertices.enumerate_vertices(M)
        monkeypatch.setattr(_vertices, "_LAYER_ENTRIES", 1)
        pieces = _vertices.enumerate_vertices(M)
        monkeypatch.undo()
        assert len(whole[0]) > 10
        assert sorted(map(tuple, whole[1].tolist())) == sorted(map(tuple, pieces[1].tolist()))
        assert np.allclose(whole[0][np.lexsort(whole[1].T)], pieces[0][np.lexsort(pieces[1].T)])


def test_wide_game_matches_gambit() -> None:
    """A 3 x 20 game and its transpose (Q has dimension 20: its face systems reduce to at most 3 x 3)."""
    rng = np.random.default_rng(11)
    A, B = rng.integers(-20, 21, (3, 20)), rng.integers(-20, 21, (3, 20))
    ours = enumerate_extreme_equilibria(NormalFormGame([A, B]))
    assert profiles(ours) == _gambit_profiles(A, B) and len(ours) > 1
    ours = enumerate_extreme_equilibria(NormalFormGame([A.T, B.T]))
    assert profiles(ours) == _gambit_profiles(A.T, B.T)


def test_time_limit_stops_the_search_and_progress_reports_it() -> None:
    from gametheory import ParameterError

    rng = np.random.default_rng(8)
    game = NormalFormGame([rng.integers(0, 100, size=(6, 7)) for _ in range(2)])
    messages: list[str] = []
    full = enumerate_extreme_equilibria(game, progress=messages.append)
    assert full.complete and len(full) > 1 and len(messages) > 2
    counts = [int(m.split()[2].replace(",", "")) for m in messages]
    assert all("bases of the first polytope" in m for m in messages) and counts == sorted(set(counts))
    cut = enumerate_extreme_equilibria(game, time_limit=1e-9)
    assert not cut.complete and len(cut) == 0 and "time limit of 1e-09 s" in cut.notes[0]
    assert enumerate_extreme_equilibria(game, time_limit=60).complete
    with pytest.raises(ParameterError, match="time_limit"):
        enumerate_extreme_equilibria(game, time_limit=0)


def test_vertex_search_stops_at_its_deadline() -> None:
    import time

    from gametheory.solvers import _vertices

    M = np.random.default_rng(0).random((5, 4)) + 0.1
    with pytest.raises(_vertices.SearchExpired):
        _vertices.enumerate_vertices(M, deadline=time.perf_counter())
    assert len(_vertices.enumerate_vertices(M, deadline=time.perf_counter() + 60)[0]) > 5
