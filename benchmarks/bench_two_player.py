"""All equilibria of random two-player games: gametheory against pygambit, nashpy and QuantEcon.

Runs every competitor on the same games in one process and prints time ratios
(competitor time / gametheory time, so larger means we are faster) and whether
the equilibrium sets agree.

    python benchmarks/bench_two_player.py [--games 5] [--sizes 10 12] [--nashpy-cap 120] [--quick]

``--quick`` (a smoke run) means ``--games 2 --sizes 6 --nashpy-cap 10``.

Competitors:

* pygambit ``enummixed_solve(rational=False)`` (lrs vertex enumeration in C++),
* nashpy ``Game.vertex_enumeration()`` on the first ``--nashpy-games`` games of each size, capped: it
  runs in a worker process killed after ``--nashpy-cap`` seconds, and the ratio is then a lower bound
  (marked ``>=``),
* QuantEcon ``vertex_enumeration``, its numba JIT warm-up included (first call)
  and excluded (later calls).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import time

import numpy as np


def _games(size: int, count: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    return [(rng.integers(-10, 11, (size, size)), rng.integers(-10, 11, (size, size))) for _ in range(count)]


def _profiles_key(profiles) -> set:  # type: ignore[no-untyped-def]
    return {tuple(round(float(v), 6) for p in prof for v in p) for prof in profiles}


def _same_sets(ours: set, theirs: set) -> bool:
    """Whether every profile of each set lies within 1e-6 of one of the other's (rounded keys of one
    profile can differ in the last digit: 0.5390625 is 0.539062 from one solver, 0.539063 from another)."""
    def covered(a: set, b: set) -> bool:
        return all(any(max(abs(x - y) for x, y in zip(p, q)) <= 1e-6 for q in b) for p in a)
    return covered(ours, theirs) and covered(theirs, ours)


def _ours(A: np.ndarray, B: np.ndarray) -> tuple[float, set]:
    from gametheory import NormalFormGame
    from gametheory.solvers.enumeration import enumerate_extreme_equilibria

    g = NormalFormGame([A.astype(float), B.astype(float)])
    t = time.perf_counter()
    res = enumerate_extreme_equilibria(g)
    return time.perf_counter() - t, _profiles_key(e.profile for e in res)


def _ours_exact(A: np.ndarray, B: np.ndarray) -> float:
    from gametheory import NormalFormGame
    from gametheory.solvers.enumeration import enumerate_extreme_equilibria

    g = NormalFormGame([A, B])
    t = time.perf_counter()
    enumerate_extreme_equilibria(g)
    return time.perf_counter() - t


def _gambit(A: np.ndarray, B: np.ndarray) -> tuple[float, set]:
    import pygambit as gbt
    from pygambit_compat import from_arrays, strategy_probabilities

    g = from_arrays(A.astype(int), B.astype(int))
    t = time.perf_counter()
    res = gbt.nash.enummixed_solve(g, rational=False)
    dt = time.perf_counter() - t
    profiles = []
    for eq in res.equilibria:
        profiles.append([[float(v) for v in probs] for probs in strategy_probabilities(eq)])
    return dt, _profiles_key(profiles)


def _nashpy_worker(A: np.ndarray, B: np.ndarray, out: mp.Queue) -> None:  # type: ignore[type-arg]
    import nashpy

    t = time.perf_counter()
    list(nashpy.Game(A, B).vertex_enumeration())
    out.put(time.perf_counter() - t)


def _nashpy(A: np.ndarray, B: np.ndarray, cap: float) -> tuple[float, bool]:
    """nashpy's time, or the cap (and False) if it did not finish in time."""
    q: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    p = mp.Process(target=_nashpy_worker, args=(A, B, q))
    p.start()
    p.join(cap)
    if p.is_alive():
        p.kill()
        p.join()
        return cap, False
    return q.get(), True


def _quantecon(games: list[tuple[np.ndarray, np.ndarray]]) -> tuple[float, list[float]]:
    import quantecon.game_theory as qg

    times = []
    for A, B in games:
        g = qg.NormalFormGame((qg.Player(A.astype(float)), qg.Player(B.T.astype(float))))
        t = time.perf_counter()
        qg.vertex_enumeration(g)
        times.append(time.perf_counter() - t)
    return times[0], times[1:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=5)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 12])
    ap.add_argument("--nashpy-cap", type=float, default=120.0)
    ap.add_argument("--nashpy-games", type=int, default=1, help="nashpy runs on this many games per size")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--quick", action="store_true", help="smoke run: --games 2 --sizes 6 --nashpy-cap 10")
    args = ap.parse_args()
    if args.quick:
        args.games, args.sizes, args.nashpy_cap = 2, [6], 10.0
    # Warm both sides up on a small game so imports are not timed.
    warm = _games(3, 1, 0)[0]
    _ours(*warm)
    _gambit(*warm)
    print(f"{'size':>4} {'game':>4} {'eqs':>4} {'ours (s)':>9} {'exact (s)':>9} {'gambit (s)':>10} "
          f"{'x gambit':>9} {'nashpy (s)':>11} {'x nashpy':>9} {'agree':>6}")
    for size in args.sizes:
        games = _games(size, args.games, args.seed + size)
        ratios_g, ratios_n, capped = [], [], False
        for k, (A, B) in enumerate(games):
            t_ours, ours = _ours(A, B)
            t_exact = _ours_exact(A, B)
            t_gbt, theirs = _gambit(A, B)
            t_np, finished = _nashpy(A, B, args.nashpy_cap) if k < args.nashpy_games else (float("nan"), True)
            ratios_g.append(t_gbt / t_ours)
            np_txt = f"{t_np:.2f}" + ("" if finished else "+")
            np_ratio = t_np / t_ours
            if k < args.nashpy_games:
                ratios_n.append(np_ratio)
                capped = capped or not finished
            print(f"{size:>4} {k:>4} {len(ours):>4} {t_ours:>9.4f} {t_exact:>9.4f} {t_gbt:>10.4f} "
                  f"{t_gbt / t_ours:>8.1f}x {np_txt:>11} {('>=' if not finished else '') + f'{np_ratio:.0f}x':>9} "
                  f"{_same_sets(ours, theirs)!s:>6}")
        nashpy_txt = (f"{min(ratios_n):.0f}x{' or more (lower bound: nashpy capped)' if capped else ''}"
                      if ratios_n else "not run")
        print(f"{size}x{size}: median {statistics.median(ratios_g):.1f}x (min {min(ratios_g):.1f}x) faster than "
              f"pygambit enummixed_solve(rational=False); nashpy vertex_enumeration: {nashpy_txt}")
        qe_first, qe_rest = _quantecon(games)
        ours_times = [_ours(A, B)[0] for A, B in games]
        print(f"{size}x{size}: QuantEcon vertex_enumeration first call (JIT) {qe_first:.2f}s "
              f"= {qe_first / ours_times[0]:.0f}x ours; warm median {statistics.median(qe_rest):.4f}s "
              f"= {statistics.median(qe_rest) / statistics.median(ours_times[1:]):.1f}x ours")


if __name__ == "__main__":
    main()
