"""Sweeps: batched results equal per-point certified solves; parallel, Dask, CSV/JSON, plots."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
import sympy

import gametheory.models as models
from gametheory import NormalFormGame
from gametheory.exceptions import ParameterError
from gametheory.games.symbolic import SymbolicGame
from gametheory.sensitivity._batch import batch_equilibria, batch_regret
from gametheory.sensitivity._sweep import parse_grid, sweep
from gametheory.solvers import solve


def _key(profiles):
    return sorted(tuple(np.round(np.concatenate([np.asarray(p, dtype=float) for p in prof]), 7))
                  for prof in profiles)


def _symbolic_3x3() -> SymbolicGame:
    a, b = sympy.symbols("a b", real=True)
    A = [[a, 0, 1], [1, b, 0], [0, 1, a - b]]
    B = [[0, 1, b], [a, 0, 1], [1, a, 0]]
    return SymbolicGame([A, B], parameters=["a", "b"])


def test_two_player_sweep_equals_per_point_solve():
    g = _symbolic_3x3()
    res = sweep(g, {"a": np.linspace(-2, 3, 23), "b": np.linspace(-1.3, 2.1, 19)})
    rng = np.random.default_rng(1)
    for _ in range(40):
        idx = (rng.integers(23), rng.integers(19))
        numeric = g.substitute(res.point(idx), exact=False)
        assert _key(res.equilibria_at(idx)) == _key(e.profile for e in solve(numeric)), idx


def test_us_japan_sweep_equals_per_point_solve():
    model = models.load("us_japan_tariffs")
    g = model.symbolic()
    values = model.values()
    res = sweep(g, {"tariff": np.linspace(0.16, 0.6, 12), "purchases": np.linspace(0.5, 40, 9)}, values)
    for idx in np.ndindex(*res.shape):
        numeric = model.build(**res.point(idx))
        assert _key(res.equilibria_at(idx)) == _key(e.profile for e in solve(numeric)), idx
    assert len(res.regimes) >= 2


def test_three_player_batch_kernel_is_certified_and_finds_gambits_equilibria():
    pygambit = pytest.importorskip("pygambit")
    from tests.pygambit_compat import from_arrays, strategy_probabilities

    rng = np.random.default_rng(7)
    P = rng.integers(-9, 10, size=(3, 2, 2, 2, 30)).astype(float)
    found = batch_equilibria(P)
    for z in range(30):
        game = NormalFormGame([P[i, ..., z] for i in range(3)])
        mine = [tuple(p[z] for p in f.profile) for f in found if f.mask[z]]
        for prof in mine:   # every reported profile is an equilibrium
            assert game.regret([list(p) for p in prof]) <= game.tolerance()
        gg = from_arrays(*[P[i, ..., z] for i in range(3)])
        theirs = [[[float(x) for x in pl] for pl in strategy_probabilities(e)]
                  for e in pygambit.nash.enumpoly_solve(gg).equilibria]
        mine_keys = _key(mine)
        for prof in theirs:   # and Gambit's are among them
            assert tuple(np.round(np.concatenate(prof), 7)) in mine_keys or any(
                np.allclose(np.concatenate(prof), k, atol=1e-6) for k in mine_keys)


def test_dual_front_sweep_points_are_certified_equilibria():
    model = models.load("dual_front_squeeze")
    res = sweep(model.symbolic(), {"uniform_tariff": np.linspace(0.21, 1, 15), "incidence_china": np.linspace(0, 0.25, 15)},
                model.values())
    assert res.method == "batched"
    for idx in list(np.ndindex(*res.shape))[::7]:
        game = model.build(**res.point(idx)).to_float()
        eqs = res.equilibria_at(idx)
        assert eqs
        for prof in eqs:
            assert game.regret([list(p) for p in prof]) <= game.tolerance()
        pure = {tuple(int(np.argmax(p)) for p in e.profile) for e in solve(game, "pure")}
        assert pure == {tuple(int(np.argmax(p)) for p in prof) for prof in eqs if all(p.max() == 1 for p in prof)}


def test_batch_regret_of_matching_pennies():
    P = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], dtype=float)[..., None]
    half = np.array([[0.5, 0.5]])
    assert batch_regret(P, (half, half))[0] == 0
    assert batch_regret(P, (np.array([[1.0, 0.0]]), half))[0] == pytest.approx(1.0)   # column should switch
    assert batch_regret(P, (np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]])))[0] == pytest.approx(2.0)


def test_parallel_processes_give_the_same_result():
    g = _symbolic_3x3()
    grid = {"a": np.linspace(-2, 3, 30), "b": np.linspace(-1, 2, 20)}
    one = sweep(g, grid)
    two = sweep(g, grid, jobs=2, chunk=150)
    assert one.regimes == two.regimes
    np.testing.assert_array_equal(one.regime, two.regime)
    np.testing.assert_array_equal(one.found, two.found)


def test_dask_local_cluster_gives_the_same_result():
    distributed = pytest.importorskip("distributed")
    g = _symbolic_3x3()
    grid = {"a": np.linspace(-2, 3, 20), "b": np.linspace(-1, 2, 10)}
    local = sweep(g, grid)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        remote = sweep(g, grid, scheduler=client, chunk=64)
        by_address = sweep(g, grid, scheduler=cluster.scheduler_address, chunk=64)
    for res in (remote, by_address):
        assert res.regimes == local.regimes
        np.testing.assert_array_equal(res.regime, local.regime)


def test_csv_json_and_plot(tmp_path):
    T = sympy.Symbol("T", real=True)
    g = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    res = sweep(g, {"T": [2.0, 4.0]})
    data = res.to_json()
    json.dumps(data, allow_nan=False)
    assert data["regimes"] == [{"label": "(C, C) | (D, D) | mixed(Player 1: C+D; Player 2: C+D)", "points": 1},
                               {"label": "(D, D)", "points": 1}]
    mixed = data["points"][0]["equilibria"][-1]
    assert mixed["Player 1"] == {"C": pytest.approx(0.5), "D": pytest.approx(0.5)}   # T = 2: p = 1/(4 - T)
    path = tmp_path / "out.csv"
    res.to_csv(path)
    rows = list(csv.DictReader(path.open()))
    assert [r["regime"] for r in rows] == [res.regimes[0], "(D, D)"]
    assert [int(r["equilibria"]) for r in rows] == [3, 1]
    pytest.importorskip("matplotlib")
    png = tmp_path / "map.png"
    res.plot(png)
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_parse_grid_and_errors():
    assert parse_grid("x=0:1:3")[1].tolist() == [0.0, 0.5, 1.0]
    for bad in ["x", "x=0:1", "x=a:1:3", "x=0:1:0", "=0:1:2"]:
        with pytest.raises(ParameterError):
            parse_grid(bad)
    g = _symbolic_3x3()
    with pytest.raises(ParameterError):
        sweep(g, {"a": [1.0]})                  # b has no value
    with pytest.raises(ParameterError):
        sweep(g, {"c": [1.0]}, {"a": 1, "b": 1})
    with pytest.raises(ParameterError):
        sweep(g, {"a": [1.0], "b": [1.0]}, jobs=0)


def test_progress_bar_and_per_point_fallback_give_the_same_regimes():
    from gametheory.sensitivity._sweep import _per_point, solve_points

    g = _symbolic_3x3()
    grid = {"a": np.linspace(-2, 3, 9), "b": np.linspace(-1.3, 2.1, 7)}
    plain = sweep(g, grid)
    shown = sweep(g, grid, progress=True, chunk=10)
    np.testing.assert_array_equal(plain.regime, shown.regime)
    # The vectorised kernel and one certified solve per point agree point by point.
    from gametheory.sensitivity._sweep import _evaluate

    P = _evaluate(g, ("a", "b"), tuple(grid.values()), {})
    fast = {(f.support, z) for f in solve_points(P) for z in np.flatnonzero(f.mask)}
    slow = {(f.support, z) for f in _per_point(P) for z in np.flatnonzero(f.mask)}
    assert fast == slow


def test_per_point_solve_of_a_large_three_player_game_follows_one_path():
    # auto would enumerate a game of more than 64 profiles for up to 10 s at every point of the grid; a
    # sweep keeps to one certified equilibrium per point (this game has at least 4 pure equilibria)
    from gametheory.sensitivity._sweep import _per_point

    rng = np.random.default_rng(0)
    P = np.stack([rng.integers(0, 1000, size=(5, 4, 4)) for _ in range(3)]).astype(float)[..., None]
    found = _per_point(P)
    assert sum(int(f.mask[0]) for f in found) == 1
