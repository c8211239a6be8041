"""Cross-check: every isolated equilibrium of small games with small integer payoffs, ours against Gambit's.

For each game, Gambit's ``enumpoly_solve`` runs in a child process and is stopped after ``--timeout``
seconds. Printed: the games Gambit did not finish, any Gambit equilibrium we do not list (not lying on
a solution set we describe), and any result of ours that is incomplete; then a summary per shape.
The figures in README.md (290 games, 127 that Gambit did not finish in 20 s, none missed) come from

    python benchmarks/crosscheck_nplayer.py --timeout 20

which takes about 50 minutes (mostly Gambit's timeouts). ``--quick`` (a smoke run of seconds) checks the
first game of the first two shapes only, on which Gambit finishes (``--games 1 --timeout 20``).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections import Counter

import numpy as np

# (benchmarks/ is on sys.path when a script in it runs)
from bench_nplayer import gambit_profiles, same_profile, small_payoff_game, to_gambit

from gametheory.solvers.nplayer import enumerate_nplayer_equilibria

#: (shape, payoffs drawn from 0..high-1, number of games); seeds 5000, 5001, ...
CASES = [((2, 2, 2), 3, 60), ((2, 2, 3), 3, 60), ((2, 3, 3), 3, 60), ((2, 2, 2, 2), 3, 40), ((3, 3, 3), 4, 40),
         ((3, 3, 3), 10, 30)]


def _gambit(shape: tuple[int, ...], high: int, seed: int) -> list[list[np.ndarray]]:
    import pygambit

    return gambit_profiles(pygambit.nash.enumpoly_solve(to_gambit(small_payoff_game(shape, seed, high))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds Gambit gets per game")
    parser.add_argument("--games", type=int, default=None, help="at most this many games per shape")
    parser.add_argument("--quick", action="store_true", help="smoke run: the first game of the first two shapes")
    args = parser.parse_args(argv)
    ctx = multiprocessing.get_context("spawn")
    pool = ctx.Pool(1)
    unfinished: Counter[str] = Counter()
    problems = 0
    try:
        chosen = [(shape, high, 1) for shape, high, _ in CASES[:2]] if args.quick else CASES
        cases = [(shape, high, min(count, args.games or count)) for shape, high, count in chosen]
        for shape, high, count in cases:
            label = f"{'x'.join(map(str, shape))} payoffs 0..{high - 1}"
            for seed in range(5000, 5000 + count):
                game = small_payoff_game(shape, seed, high)
                ours = enumerate_nplayer_equilibria(game, time_limit=60)
                if not ours.complete:
                    problems += 1
                    print(f"{label} seed {seed}: our result is incomplete: {ours.notes}", flush=True)
                try:
                    theirs = pool.apply_async(_gambit, (shape, high, seed)).get(args.timeout)
                except multiprocessing.TimeoutError:
                    pool.terminate()
                    pool = ctx.Pool(1)
                    unfinished[label] += 1
                    print(f"{label} seed {seed}: Gambit did not finish in {args.timeout:g} s "
                          f"(ours: {len(ours)} equilibria, {len(ours.continua)} continua)", flush=True)
                    continue
                on_sets = {tuple(tuple(sorted(list(game.strategies[i]).index(s) for s in sup))
                                 for i, sup in enumerate(c.support)) for c in ours.continua}
                listed = [e.float_profile() for e in ours]
                for p in theirs:
                    if game.regret(p) > 1000 * game.tolerance() or any(same_profile(p, q, 1e-5) for q in listed):
                        continue
                    support = tuple(tuple(int(k) for k in np.flatnonzero(a > 1e-9)) for a in p)
                    if support not in on_sets:
                        problems += 1
                        print(f"{label} seed {seed}: MISSED {[np.round(a, 6).tolist() for a in p]}", flush=True)
            print(f"== {label}: {count} games, Gambit unfinished on {unfinished[label]}", flush=True)
    finally:
        pool.terminate()
    print(f"{sum(c for _, _, c in cases)} games; Gambit unfinished on {sum(unfinished.values())}; "
          f"missed or incomplete on our side: {problems}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
