"""Replications of published results (each section of note.md); run by the papers tests."""

from __future__ import annotations

from pathlib import Path

import gametheory as gt

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


def compute() -> dict[str, str]:
    values: dict[str, str] = {}
    for section in (von_stengel,):
        values.update(section())
    return values
