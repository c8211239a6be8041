"""Benchmark: every isolated equilibrium of 3-player games, gametheory vs pygambit's enumpoly_solve.

Both solvers run on the same games in one process (each warmed up once on
2x2x2.nfg, so imports are not timed). Printed per game: seconds for each,
the ratio (Gambit / ours), equilibrium counts, how many of Gambit's
equilibria are missing from ours, how many of ours (each certified) are
missing from Gambit's, and the largest regret we report.

With ``--four-players``, random 2x2x2x2, 2x2x2x3 and 2x2x3x3 games instead: Gambit
is faster there but misses equilibria (2x2x2x2 seed 1: it lists none of its 3).

Random games have integer payoffs drawn uniformly from 0..999 with fixed
seeds (generic games: with payoffs 0..9, Gambit's enumpoly does not finish on
some seeds, e.g. 3x3x3 seed 1, measured > 300 s).

With ``--degenerate``, small games with payoffs 0..2 (as ordinal rankings give)
instead: Gambit runs in a child process, stopped after ``--gambit-timeout``
seconds, because on many such games its enumpoly does not finish (2x2x2 seed
5007: still running after 200 s, measured); ours are listed with the continua
they describe and whether the result is complete.

    python benchmarks/bench_nplayer.py [--repeat N] [--four-players | --degenerate [--gambit-timeout S]] [--quick]

``--quick`` (a smoke run of a few seconds) keeps the first game of the chosen set, two with ``--degenerate``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pygambit
from _timing import best_time  # benchmarks/ is on sys.path when a script in it runs
from pygambit_compat import from_arrays, strategy_probabilities

from gametheory.games.normal_form import NormalFormGame
from gametheory.solvers.nplayer import enumerate_nplayer_equilibria

# Gambit's reference games, kept with the tests (provenance: tests/data/README.md)
GAMES = Path(__file__).resolve().parents[1] / "tests" / "data" / "gambit" / "games"


def random_game(shape: tuple[int, ...], seed: int) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    return NormalFormGame([rng.integers(0, 1000, size=shape) for _ in shape])


def to_gambit(game: NormalFormGame):
    pays = [np.vectorize(Fraction, otypes=[object])(p) for p in game.to_exact().payoffs]
    return from_arrays(*pays)


def gambit_profiles(res) -> list[list[np.ndarray]]:
    return [[np.array([float(v) for v in probs]) for probs in strategy_probabilities(eq)] for eq in res.equilibria]


#: Small games with payoffs 0..2 (shape, seed) for ``--degenerate``: Gambit's enumpoly finishes on the first of
#: each shape and not, within 20 s, on the others (from a cross-check of 180 such games of
#: these shapes: 69 unfinished).
DEGENERATE = [((2, 2, 2), 5000), ((2, 2, 2), 5007), ((2, 2, 2), 5009), ((2, 2, 3), 5000), ((2, 2, 3), 5004),
              ((2, 2, 3), 5006), ((2, 3, 3), 5000), ((2, 3, 3), 5048), ((2, 3, 3), 5050)]


def small_payoff_game(shape: tuple[int, ...], seed: int, high: int = 3) -> NormalFormGame:
    """A random game with integer payoffs from ``0..high - 1`` (as ordinal rankings give)."""
    rng = np.random.default_rng(seed)
    return NormalFormGame([rng.integers(0, high, size=shape) for _ in shape])


def same_profile(p: list[np.ndarray], q: list[np.ndarray], atol: float = 1e-6) -> bool:
    """Whether two profiles (one probability vector per player) agree to ``atol``."""
    return all(np.allclose(a, b, atol=atol) for a, b in zip(p, q))


def _gambit_count(shape: tuple[int, ...], seed: int) -> tuple[int, float]:
    """Gambit's enumpoly on :func:`small_payoff_game` (in a child process): equilibria and seconds."""
    g = to_gambit(small_payoff_game(shape, seed))
    t0 = time.perf_counter()
    res = pygambit.nash.enumpoly_solve(g)
    return len(res.equilibria), time.perf_counter() - t0


def degenerate(timeout: float, repeat: int, cases: list[tuple[tuple[int, ...], int]]) -> int:
    """Small-payoff games: Gambit stopped after ``timeout`` seconds, ours with continua and completeness."""
    print(f"{'game (payoffs 0..2)':<22}{'gambit s':>10}{'ours s':>9}{'#gambit':>9}{'#ours':>7}{'continua':>10}"
          f"{'complete':>10}{'max regret':>12}")
    ctx = multiprocessing.get_context("spawn")
    pool = ctx.Pool(1)
    try:
        for shape, seed in cases:
            game = small_payoff_game(shape, seed)
            to, ours = best_time(lambda game=game: enumerate_nplayer_equilibria(game), repeat)
            try:
                count, tg = pool.apply_async(_gambit_count, (shape, seed)).get(timeout)
                gambit = f"{tg:>10.3f}{to:>9.3f}{count:>9}"
            except multiprocessing.TimeoutError:
                pool.terminate()
                pool = ctx.Pool(1)
                gambit = f"{'> ' + format(timeout, 'g'):>10}{to:>9.3f}{'-':>9}"
            name = f"{'x'.join(map(str, shape))} seed {seed}"
            print(f"{name:<22}{gambit}{len(ours):>7}{len(ours.continua):>10}{str(ours.complete):>10}"
                  f"{ours.max_regret:>12.1e}", flush=True)
    finally:
        pool.terminate()
    return 0


def geometric_mean(ratios: list[float]) -> float:
    return float(np.exp(np.mean(np.log(ratios))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per solver and game (best time kept)")
    parser.add_argument("--degenerate", action="store_true", help="small games with payoffs 0..2 instead")
    parser.add_argument("--gambit-timeout", type=float, default=30.0, help="seconds Gambit gets per game there")
    parser.add_argument("--four-players", action="store_true", help="random four-player games instead")
    parser.add_argument("--quick", action="store_true", help="smoke run: the first game only (two with --degenerate)")
    args = parser.parse_args(argv)
    if args.degenerate:
        enumerate_nplayer_equilibria(small_payoff_game((2, 2, 3), 5000))  # imports and sympy's caches not timed
        quick = [DEGENERATE[0], DEGENERATE[3]]  # the first 2x2x2 and 2x2x3 games, which Gambit finishes
        return degenerate(args.gambit_timeout, args.repeat, quick if args.quick else DEGENERATE)
    warm = NormalFormGame.read(GAMES / "2x2x2.nfg")
    pygambit.nash.enumpoly_solve(to_gambit(warm))
    enumerate_nplayer_equilibria(warm)
    enumerate_nplayer_equilibria(NormalFormGame.read(GAMES / "8x2x2.nfg"), max_support=2)  # scipy import

    cases = [(name, NormalFormGame.read(GAMES / name)) for name in ["5x4x3.nfg", "8x2x2.nfg"]]
    cases += [(f"random {'x'.join(map(str, s))} #{k}", random_game(s, k)) for s in [(3, 3, 3), (4, 4, 4)]
              for k in range(3)]
    cases += [("random 2x4x8 #0", random_game((2, 4, 8), 0))]
    if args.four_players:
        cases = [(f"random {'x'.join(map(str, s))} #{k}", random_game(s, k))
                 for s in [(2, 2, 2, 2), (2, 2, 2, 3), (2, 2, 3, 3)] for k in range(3)]
    return compare(cases[:1] if args.quick else cases, args.repeat)


def compare(cases: list[tuple[str, NormalFormGame]], repeat: int) -> int:
    """Time both solvers on every game and print the table (see the module's docstring)."""
    print(f"{'game':<18}{'gambit s':>10}{'ours s':>10}{'ratio':>8}{'#gambit':>9}{'#ours':>7}{'missed':>8}"
          f"{'not in gambit':>15}{'max regret':>12}")
    ratios = []
    for name, game in cases:
        g = to_gambit(game)
        tg, gres = best_time(lambda g=g: pygambit.nash.enumpoly_solve(g), repeat)
        to, ours = best_time(lambda game=game: enumerate_nplayer_equilibria(game), repeat)
        theirs = gambit_profiles(gres)
        # a Gambit point we do not list counts as missed only if it is an equilibrium (Gambit's enumpoly
        # checks its points loosely: on random 3x3x3 seed 100 it lists one where a strategy gains 0.056)
        listed = [e.float_profile() for e in ours]
        missed = sum(not any(same_profile(p, q) for q in listed) and game.regret(p) <= 1000 * game.tolerance()
                     for p in theirs)
        # ours are certified (regret within tolerance): one Gambit does not list is one it missed
        extra = sum(not any(same_profile(p, q) for p in theirs) for q in listed)
        ratios.append(tg / to)
        print(f"{name:<18}{tg:>10.3f}{to:>10.3f}{tg / to:>8.1f}{len(theirs):>9}{len(ours):>7}{missed:>8}"
              f"{extra:>15}{ours.max_regret:>12.1e}", flush=True)
    print(f"geometric mean ratio: {geometric_mean(ratios):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
