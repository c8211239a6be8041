"""Solving a game through its per-player normalisation, so that answers do not depend on payoff scale.

A positive affine map of one player's payoffs, ``u -> a u + b`` with ``a > 0``, changes none of that
player's comparisons, hence no best response and no equilibrium. Solvers, however, compare payoffs with
tolerances, build polynomial systems and pivot in floats: at payoffs of 1e-9 or 1e308 those tolerances,
conditions and sums stop meaning what they mean at payoffs near 1 (issue 29: a 2x2x2 game at 1e-9 reported
no equilibria; matching pennies at +-1e308 none, ``complete``). So every solver sees each player's payoffs
mapped onto ``[0, 1]`` by ``u -> (u - min) / (max - min)`` (exactly, in Fractions, for exact games; a
player whose payoffs are all equal gets zeros), and its equilibria are reported back with the payoffs and
regrets of the original game: exact equilibria re-certified exactly on it, float ones with their regret
recomputed on it and checked player by player against the tolerance scaled to that player's payoff range.
Float ranges are computed after dividing by the largest absolute payoff, so +-1e308 does not overflow.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from .result import Equilibrium, EquilibriumResult, SupportContinuum, certify

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

__all__ = ["NORMALISED_TOLERANCE", "is_normalised", "normalised", "restore"]

#: Relative tolerance of float certificates: a player's regret may be at most this times its payoff range.
NORMALISED_TOLERANCE = 1e-9


def is_normalised(game: NormalFormGame) -> bool:
    """Whether every player's payoffs already span exactly ``[0, 1]`` (or are all zero)."""
    for table in (game.exact_payoff_array if game.is_exact else game.payoff_array):
        lo, hi = table.min(), table.max()
        if not (lo == 0 and hi in (0, 1)):
            return False
    return True


def normalised(game: NormalFormGame) -> NormalFormGame:
    """The game with each player's payoffs mapped affinely onto ``[0, 1]`` (exactly when the game is exact).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = normalised(NormalFormGame([[[3, 1]], [[-2, -2]]]))
    >>> [[[str(v) for v in row] for row in table] for table in g.exact_payoff_array]
    [[['1', '0']], [['0', '0']]]
    """
    from ..games.normal_form import NormalFormGame

    if game.is_exact:
        out = []
        for table in game.exact_payoff_array:
            lo, hi = min(table.flat), max(table.flat)
            span = hi - lo
            out.append(np.array([Fraction(0) if span == 0 else (v - lo) / span for v in table.flat],
                                dtype=object).reshape(table.shape))
        return NormalFormGame(out, game.players, game.strategies, game.title, exact=True)
    out = [_float_unit(table) for table in game.payoff_array]
    return NormalFormGame(out, game.players, game.strategies, game.title, exact=False)


def _float_unit(table: np.ndarray) -> np.ndarray:
    """One player's float payoffs onto [0, 1], without overflow (divided by the largest magnitude first)."""
    scale = float(np.max(np.abs(table)))
    if scale == 0:
        return np.zeros_like(table, dtype=float)
    t = np.asarray(table, dtype=float) / scale
    lo, hi = float(t.min()), float(t.max())
    if hi == lo:
        return np.zeros_like(t)
    return np.clip((t - lo) / (hi - lo), 0.0, 1.0)


def _float_check(game: NormalFormGame, probs: list[np.ndarray]) -> tuple[tuple[float, ...], float, bool]:
    """Payoffs and regret of a float profile in the original game, and whether every player's regret is
    within :data:`NORMALISED_TOLERANCE` of its own payoff range (computed in units of the player's largest
    payoff magnitude, so nothing overflows)."""
    payoffs, worst, ok = [], 0.0, True
    for i, table in enumerate(game._float_tables()):
        scale = float(np.max(np.abs(table)))
        unit = table / scale if scale > 0 else table
        w = np.ones(1)
        for j, p in enumerate(probs):
            if j != i:
                w = np.multiply.outer(w, p).ravel()
        v = unit @ w
        own = float(v @ probs[i])
        gain = max(float(v.max()) - own, 0.0)
        span = float(unit.max() - unit.min())
        ok = ok and gain <= NORMALISED_TOLERANCE * span
        with np.errstate(over="ignore"):
            payoffs.append(float(np.float64(own) * scale) if scale > 0 else own)
            worst = max(worst, float(np.float64(gain) * scale) if scale > 0 else gain)
    return tuple(payoffs), worst, ok


def restore_equilibrium(game: NormalFormGame, eq: Equilibrium) -> Equilibrium | None:
    """An equilibrium of the normalised game as one of ``game``: payoffs and regret of ``game``, certified on
    it (exactly for exact profiles); ``None`` if it fails there (it should not: the map preserves regrets
    up to each player's positive scale)."""
    symbolic = eq.__dict__.get("_profile_symbolic")  # kept unevaluated (it may be a function)
    if eq.exact:
        got = certify(game, eq.profile, exact=True, component=eq.component)
        if got is None:
            return None
        return Equilibrium(got.profile, got.payoffs, got.regret, True, got.players, got.strategies,
                           eq.component, symbolic)
    probs = [np.asarray(p, dtype=float) for p in eq.profile]
    payoffs, regret, ok = _float_check(game, probs)
    if not ok:
        return None
    return Equilibrium(tuple(tuple(float(v) for v in p) for p in probs), payoffs, regret, False,
                       game.players, game.strategies, eq.component, symbolic)


def restore(game: NormalFormGame, result: EquilibriumResult) -> EquilibriumResult:
    """``result`` (of the normalised game) as a result for ``game``."""
    kept, index = [], {}
    for k, eq in enumerate(result.equilibria):
        back = restore_equilibrium(game, eq)
        if back is not None:
            index[k] = len(kept)
            kept.append(back)
    notes = result.notes
    lost = len(result.equilibria) - len(kept)
    if lost:
        notes = (*notes, f"{lost} profile(s) certified in the normalised game failed the certificate in the "
                         "original game and were dropped")
    components = tuple(tuple(index[k] for k in comp if k in index) for comp in result.components)
    continua = tuple(_restore_continuum(game, c) for c in result.continua)
    return dataclasses.replace(result, game=game, equilibria=tuple(kept), components=components,
                               notes=notes, continua=continua,
                               complete=result.complete and not lost)


def _restore_continuum(game: NormalFormGame, continuum: SupportContinuum) -> SupportContinuum:
    points = tuple(e for e in (restore_equilibrium(game, p) for p in continuum.sample_points) if e is not None)
    return dataclasses.replace(continuum, sample_points=points)


def solve_normalised(game: NormalFormGame, solver: Any, *args: Any, **kwargs: Any) -> EquilibriumResult:
    """``solver(normalised game, ...)``, reported for ``game``; a game already on ``[0, 1]`` is solved as is."""
    if is_normalised(game):
        return solver(game, *args, **kwargs)
    return restore(game, solver(normalised(game), *args, **kwargs))
