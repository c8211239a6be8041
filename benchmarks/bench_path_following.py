"""Benchmark: one equilibrium of larger n-player games, gametheory's logit path vs pygambit's logit_solve.

Both trace the logit quantal-response path from the uniform profile and run
on the same games in one process (each warmed up once, so imports are not
timed). Printed per game: seconds for each, the ratio (Gambit / ours), and
the regret of each one's answer under our own exact certificate in floats
(Gambit stops when its profile's regret is below ``maxregret`` relative to the
payoff range; ours solves the support at the path's end and certifies it).

Random games have integer payoffs drawn uniformly from 0..999 with fixed
seeds (the same generator as ``bench_nplayer.py``).

    python benchmarks/bench_path_following.py [--repeat N] [--quick]

``--quick`` (a smoke run of a few seconds) solves one 3x3x3x3 game only.
"""

from __future__ import annotations

import argparse
import sys

import pygambit

# the same random games, conversion and timing as the enumeration benchmark (this script's folder is on
# sys.path when it is run as a script)
from bench_nplayer import best_time, geometric_mean, random_game, to_gambit
from pygambit_compat import logit_result_equilibrium, strategy_probabilities

from gametheory.solvers.path_following import path_following_equilibrium

SHAPES = [((3, 3, 3, 3), 3), ((4, 4, 4, 4), 3), ((6, 6, 6), 3), ((8, 8, 8), 2), ((3, 3, 3, 3, 3), 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per solver and game (best time kept)")
    parser.add_argument("--quick", action="store_true", help="smoke run: one 3x3x3x3 game only")
    args = parser.parse_args(argv)
    warm = random_game((2, 2, 2), 0)
    pygambit.nash.logit_solve(to_gambit(warm), use_strategic=True)
    path_following_equilibrium(warm)
    import sympy  # noqa: F401  (exact support solving imports it on first use: not timed either)

    print(f"{'game':<22}{'gambit s':>10}{'ours s':>10}{'ratio':>8}{'gambit regret':>15}{'our regret':>12}")
    ratios = []
    for shape, count in [(SHAPES[0][0], 1)] if args.quick else SHAPES:
        for seed in range(count):
            game = random_game(shape, seed)
            g = to_gambit(game)
            tg, gres = best_time(lambda g=g: pygambit.nash.logit_solve(g, use_strategic=True), args.repeat)
            to, ours = best_time(lambda game=game: path_following_equilibrium(game), args.repeat)
            theirs = [[float(v) for v in probs] for probs in strategy_probabilities(logit_result_equilibrium(gres))]
            ratios.append(tg / to)
            name = f"{'x'.join(map(str, shape))} #{seed}"
            print(f"{name:<22}{tg:>10.3f}{to:>10.3f}{tg / to:>8.1f}{float(game.regret(theirs)):>15.1e}"
                  f"{float(ours.max_regret):>12.1e}", flush=True)
    print(f"geometric mean ratio: {geometric_mean(ratios):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
