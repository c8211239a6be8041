"""Benchmark: every isolated equilibrium of 3-player games, gametheory vs pygambit's enumpoly_solve.

Runs both solvers on the same games in one process and prints the time ratio
(Gambit / ours) and whether any of Gambit's equilibria is missing from ours.

    python benchmarks/bench_nplayer.py
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

import numpy as np
import pygambit

from gametheory.games.normal_form import NormalFormGame
from gametheory.solvers.nplayer import enumerate_nplayer_equilibria

GAMES = Path("/work/shared/oracles/gambit-games")


def random_game(shape, seed):
    rng = np.random.default_rng(seed)
    return NormalFormGame([rng.integers(0, 10, size=shape) for _ in shape])


def to_gambit(game: NormalFormGame):
    pays = [np.vectorize(lambda v: int(v) if v == int(v) else float(v))(p) for p in game.payoffs]
    from fractions import Fraction
    return pygambit.Game.from_arrays(*[np.vectorize(lambda v: Fraction(v))(p).astype(object) for p in game.payoffs]) \
        if game.is_exact else pygambit.Game.from_arrays(*pays)


def gambit_profiles(res, game):
    out = []
    for eq in res.equilibria:
        out.append([np.array([float(eq[s]) for s in pl.strategies]) for pl in eq.game.players])
    return out


def main() -> None:
    cases = [(name, NormalFormGame.read(GAMES / name)) for name in ["5x4x3.nfg", "8x2x2.nfg"]]
    cases += [(f"random {'x'.join(map(str, s))} #{k}", random_game(s, k)) for s in [(3, 3, 3), (4, 4, 4)]
              for k in range(2)]
    print(f"{'game':<18}{'gambit s':>10}{'ours s':>10}{'ratio':>8}{'#gambit':>9}{'#ours':>7}  missed")
    for name, game in cases:
        g = to_gambit(game)
        t0 = time.perf_counter()
        gres = pygambit.nash.enumpoly_solve(g)
        tg = time.perf_counter() - t0
        t0 = time.perf_counter()
        ours = enumerate_nplayer_equilibria(game)
        to = time.perf_counter() - t0
        theirs = gambit_profiles(gres, game)
        missed = sum(not any(all(np.allclose(a, e.float_profile()[i], atol=1e-6) for i, a in enumerate(p))
                             for e in ours) for p in theirs)
        print(f"{name:<18}{tg:>10.2f}{to:>10.2f}{tg / to:>8.2f}{len(theirs):>9}{len(ours):>7}  {missed}",
              flush=True)


if __name__ == "__main__":
    sys.exit(main())
