"""Replications of published results (each section of note.md); run by the papers tests."""

from __future__ import annotations

from pathlib import Path

import gametheory as gt
import gametheory.repeated  # noqa: F401  (a namespace family, imported on demand)
from gametheory.repeated import strategies as play

HERE = Path(__file__).resolve().parent
# Gambit's game files are reference data kept beside the repository, never copied into it.
GAMES = HERE.parents[1].parent / "shared" / "oracles" / "gambit-games"


def von_stengel() -> dict[str, str]:
    """von Stengel (1999): a 6x6 bimatrix game with 75 equilibria."""
    game = gt.read_nfg(GAMES / "6x6_game_with_75_eq.nfg")
    result = gt.solve(game)
    isolated = sum(1 for c in result.components if len(c) == 1)
    return {
        "vs.count": str(len(result)),
        "vs.isolated": str(isolated),
        "vs.exact": "exact" if result.exact else "floating point",
        "vs.max_regret": f"{result.max_regret:g}",
        "vs.method": result.method,
    }


def mckelvey_mclennan() -> dict[str, str]:
    """McKelvey and McLennan (1997): a 2x2x2 game with 9 equilibria, the most a 2x2x2 game can have."""
    game = gt.read_nfg(GAMES / "2x2x2.nfg")
    result = gt.solve(game)
    mixed = [e for e in result.equilibria if all(len(s) == 2 for s in e.support)]
    pure = [e for e in result.equilibria if e.is_pure]
    return {
        "mm.count": str(len(result)),
        "mm.pure": str(len(pure)),
        "mm.totally_mixed": str(len(mixed)),
        "mm.mixed_profiles": "; ".join(
            "(" + ", ".join(str(p[0]) for p in e.profile) + ")" for e in mixed),
        "mm.exact": "exact" if result.exact else "floating point",
        "mm.max_regret": f"{result.max_regret:g}",
    }


def _axelrod_field() -> list:
    """A field in the spirit of Axelrod's first tournament: mostly 'nice' rules, some exploiters, RANDOM."""
    s = play
    nice = [s.tit_for_tat(), s.grim(), s.tit_for_two_tats(), s.two_tits_for_tat(), s.hard_tit_for_tat(),
            s.generous_tit_for_tat(), s.win_stay_lose_shift(), s.firm_but_fair(), s.fool_me_once(),
            s.cooperator()]
    # Joss (an entry of the first tournament): tit for tat that sneaks a defection 10% of the time.
    other = [s.memory_one(0.9, 0, 0.9, 0, name="Joss"), s.suspicious_tit_for_tat(), s.bully(),
             s.cycler("CCCCCD"), s.defector(), s.random_strategy(0.5)]
    return nice + other


def axelrod() -> dict[str, str]:
    """Axelrod (1980a): 200 moves, 5 repetitions, payoffs (T, R, P, S) = (5, 3, 1, 0), RANDOM included."""
    import numpy as np

    pd = gt.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    field = _axelrod_field()
    cooperator = play.cooperator()
    res = gt.repeated.tournament(pd, field + [cooperator], rounds=200, repetitions=5, seed=1980)
    n = len(field)
    # 'nice' = never the first to defect: it earns R = 3 every round against an unconditional cooperator
    nice = [bool(np.isclose(res.payoff_matrix[k, n], 3.0)) for k in range(n)]
    per_match = res.mean_scores[:n] / (len(res.names) - 1)
    order = list(np.argsort(-per_match, kind="stable"))
    rank = {res.names[k]: r + 1 for r, k in enumerate(order)}
    nice_ranks = [rank[res.names[k]] for k in range(n) if nice[k]]
    other_ranks = [rank[res.names[k]] for k in range(n) if not nice[k]]
    retaliatory = [res.names[k] for k in range(n) if nice[k] and res.names[k] != "Cooperator"]
    return {
        "ax.entries": str(n),
        "ax.nice": str(sum(nice)),
        "ax.nice_on_top": "yes" if max(nice_ranks) < min(other_ranks) else "no",
        "ax.ranking": ", ".join(f"{r + 1}. {res.names[k]} ({per_match[k]:.0f})" for r, k in enumerate(order)),
        "ax.tft_rank": str(rank["Tit For Tat"]),
        "ax.tft_score": f"{per_match[res.names.index('Tit For Tat')]:.0f}",
        "ax.cooperator_rank": str(rank["Cooperator"]),
        "ax.cooperator_below_retaliators": "yes" if all(rank[r] < rank["Cooperator"] for r in retaliatory) else "no",
        "ax.random_rank": str(rank["Random"]),
    }


def compute() -> dict[str, str]:
    values: dict[str, str] = {}
    for section in (von_stengel, mckelvey_mclennan, axelrod):
        values.update(section())
    return values
