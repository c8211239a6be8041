"""Tournament speed: gametheory's vectorised round robin vs axelrod's Tournament.play(processes=1).

Same set-up for both: the prisoner's dilemma (5, 3, 1, 0), 20 strategies both
libraries define (17 deterministic, GTFT, Random, Firm But Fair), 200 rounds,
50 repetitions, no noise. Also checks that the deterministic strategies'
scores agree exactly. Run: ``python benchmarks/bench_tournament.py``.
"""

from __future__ import annotations

import sys
import time

import numpy as np

AXELROD_NAMES = [
    "Cooperator", "Defector", "TitForTat", "Grudger", "WinStayLoseShift", "SuspiciousTitForTat", "TitFor2Tats",
    "TwoTitsForTat", "HardTitForTat", "Alternator", "Bully", "AntiTitForTat", "FoolMeOnce", "CyclerCCD",
    "CyclerDDC", "CyclerCCCD", "CyclerCCCCCD", "GTFT", "Random", "FirmButFair",
]
DETERMINISTIC = 17


def main(rounds: int = 200, repetitions: int = 50, seed: int = 1) -> None:
    import axelrod as axl

    from gametheory import NormalFormGame
    from gametheory.repeated.strategies import classic_strategies
    from gametheory.repeated._tournament import tournament

    pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    ours_strats = classic_strategies()
    assert len(ours_strats) == len(AXELROD_NAMES) == 20

    tournament(pd, ours_strats, rounds=5, repetitions=1, seed=seed)  # warm-up (imports, allocation)
    t0 = time.perf_counter()
    ours = tournament(pd, ours_strats, rounds=rounds, repetitions=repetitions, seed=seed, progress=False)
    t_ours = time.perf_counter() - t0

    players = [getattr(axl, n)() for n in AXELROD_NAMES]
    t0 = time.perf_counter()
    theirs = axl.Tournament(players, turns=rounds, repetitions=repetitions, seed=seed).play(
        processes=1, progress_bar=False)
    t_axl = time.perf_counter() - t0

    # Matches between two deterministic strategies are identical in both libraries: that block of the
    # payoff matrix must agree exactly (the stochastic strategies use different random streams).
    pm_ours = ours.payoff_matrix[:DETERMINISTIC, :DETERMINISTIC]
    pm_axl = np.array(theirs.payoff_matrix)[:DETERMINISTIC, :DETERMINISTIC]
    agree = bool(np.allclose(pm_ours, pm_axl, atol=1e-12))

    print(f"set-up: 20 strategies, {rounds} rounds, {repetitions} repetitions, prisoner's dilemma (5,3,1,0)")
    print(f"gametheory.repeated.tournament : {t_ours:8.3f} s")
    print(f"axelrod Tournament.play(processes=1): {t_axl:8.3f} s")
    print(f"ratio (axelrod / gametheory)   : {t_axl / t_ours:8.1f}x  (target: at least 10x)")
    print(f"deterministic payoff matrix agrees exactly: {agree}")


if __name__ == "__main__":  # axelrod's processes=1 starts a worker process: needs the main guard
    # --quick: a smoke run of a few seconds (20 rounds, 2 repetitions)
    main(rounds=20, repetitions=2) if "--quick" in sys.argv[1:] else main()
