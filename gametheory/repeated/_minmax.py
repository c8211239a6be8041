"""Minmax (punishment) values of a stage game.

Player ``i``'s minmax value is the lowest payoff the other players can hold
``i`` to when ``i`` best-responds: the floor of every individually rational
payoff in the folk theorem. Three variants, in decreasing order:

* **pure**: the punishers use pure actions;
* **mixed**: the punishers mix *independently* (the folk-theorem minmax);
* **correlated**: the punishers mix over joint actions (a lower bound on the
  mixed value; equal to it with two players).

With two players the mixed value is a linear programme (HiGHS), certified by
its dual and exact for rational payoffs. With more players independent mixing
makes the problem non-convex; :func:`mixed_minmax` runs block-coordinate
descent from several starts (each block, one punisher's mix, is an exact LP)
and reports the correlated value as a certified lower bound, so the gap
``value - lower_bound`` bounds the error of the search.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import InvalidGameError
from ..games.normal_form import NormalFormGame
from ._lp import minimax_value, rationalize

__all__ = ["MinmaxResult", "pure_minmax", "mixed_minmax", "correlated_minmax", "minmax"]


def _num(v: Any) -> Any:
    return float(v) if isinstance(v, Fraction) else v


@dataclass(frozen=True)
class MinmaxResult:
    """Minmax values of every player of a stage game.

    Attributes
    ----------
    kind : str
        ``"pure"``, ``"mixed"`` or ``"correlated"``.
    values : tuple
        Minmax value of each player (Fractions when ``exact``).
    lower_bounds : tuple
        Certified lower bound on each value (equal to ``values`` when the
        value is certified optimal; the correlated value for the
        multi-start search of the mixed minmax with three or more players).
    punishments : tuple of dict
        For each punished player, the punishers' strategy: ``{player:
        {strategy: probability}}`` (independent kinds) or ``{"joint":
        {(labels...): probability}}`` (correlated).
    exact : bool
        Whether the values are exact rationals verified in exact arithmetic.
    players : tuple of str
    method : str
        How the values were computed.
    """

    kind: str
    values: tuple[Any, ...]
    lower_bounds: tuple[Any, ...]
    punishments: tuple[dict[str, Any], ...]
    exact: bool
    players: tuple[str, ...]
    method: str

    @property
    def certified(self) -> bool:
        """Whether every value equals its certified lower bound."""
        return all(abs(float(v) - float(lo)) <= 1e-9 * max(1.0, abs(float(v)))
                   for v, lo in zip(self.values, self.lower_bounds))

    def __getitem__(self, player: int) -> Any:
        return self.values[player]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (numbers as floats)."""
        def fix(d: dict[str, Any]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for k, v in d.items():
                if isinstance(v, dict):
                    out[k] = {(" ".join(kk) if isinstance(kk, tuple) else kk): _num(vv) for kk, vv in v.items()}
                else:
                    out[k] = _num(v)
            return out

        return {
            "kind": self.kind,
            "players": list(self.players),
            "values": [_num(v) for v in self.values],
            "lower_bounds": [_num(v) for v in self.lower_bounds],
            "certified": self.certified,
            "exact": self.exact,
            "method": self.method,
            "punishments": [fix(p) for p in self.punishments],
        }


def _check(game: Any) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"expected a NormalFormGame, got {type(game).__name__}")
    return game


def _player_matrix(arr: np.ndarray, i: int) -> np.ndarray:
    """Player ``i``'s payoffs as a matrix: rows = own actions, columns = others' joint actions (C order)."""
    return np.moveaxis(arr[i], i, 0).reshape(arr.shape[1 + i], -1)


def pure_minmax(game: NormalFormGame) -> MinmaxResult:
    """Minmax values when the punishers use pure actions.

    Examples
    --------
    Prisoner's dilemma with (T, R, P, S) = (5, 3, 1, 0):

    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    >>> [int(v) for v in pure_minmax(pd).values]
    [1, 1]
    """
    game = _check(game)
    exact = game.is_exact
    arr = game.exact_payoff_array if exact else game.payoff_array
    values, punish = [], []
    for i in range(game.num_players):
        M = _player_matrix(arr, i)
        best = M.max(axis=0)
        col = int(np.argmin(np.asarray(best, dtype=float)))
        values.append(best[col])
        others = [j for j in range(game.num_players) if j != i]
        idx = np.unravel_index(col, tuple(game.shape[j] for j in others))
        punish.append({game.players[j]: game.strategies[j][int(k)] for j, k in zip(others, idx)})
    return MinmaxResult("pure", tuple(values), tuple(values), tuple(punish), exact, game.players, "enumeration")


def correlated_minmax(game: NormalFormGame) -> MinmaxResult:
    """Minmax values when the punishers may correlate their actions (one LP per player).

    A lower bound on :func:`mixed_minmax`, equal to it with two players.

    Examples
    --------
    Three-player game in which player 1 loses 1 unless the others' actions
    match hers (she picks one of two actions, they pick independently):

    >>> import itertools
    >>> from gametheory import NormalFormGame
    >>> u1 = [[[1 if a == b == c else 0 for c in (0, 1)] for b in (0, 1)] for a in (0, 1)]
    >>> zero = [[[0, 0], [0, 0]], [[0, 0], [0, 0]]]
    >>> g = NormalFormGame([u1, zero, zero])
    >>> correlated_minmax(g).values[0]
    Fraction(0, 1)
    """
    game = _check(game)
    exact = game.is_exact
    values, lows, punish = [], [], []
    all_exact = exact
    for i in range(game.num_players):
        M = _player_matrix(game.payoff_array, i)
        Me = _player_matrix(game.exact_payoff_array, i) if exact else None
        mv = minimax_value(M, Me)
        all_exact = all_exact and mv.exact
        values.append(mv.value)
        lows.append(mv.value)
        others = [j for j in range(game.num_players) if j != i]
        joint = {}
        for k, labels in enumerate(itertools.product(*(game.strategies[j] for j in others))):
            if mv.columns[k] > 0:
                joint[tuple(labels)] = mv.columns[k]
        punish.append({"joint": joint})
    return MinmaxResult("correlated", tuple(values), tuple(lows), tuple(punish), all_exact, game.players,
                        "linear programming (HiGHS), dual-certified")


def _independent_value(arr: np.ndarray, i: int, mixes: list[np.ndarray]) -> np.ndarray:
    """Payoff of each of player ``i``'s actions against independent mixes of the others."""
    table = arr[i]
    for j in range(arr.shape[0] - 1, -1, -1):
        if j != i:
            table = np.tensordot(table, mixes[j], axes=([j], [0]))
    return table


def _descent(arr: np.ndarray, i: int, mixes: list[np.ndarray], sweeps: int = 50) -> tuple[float, list[np.ndarray]]:
    """Block-coordinate descent: re-optimise one punisher's mix at a time by LP until no gain."""
    n = arr.shape[0]
    others = [j for j in range(n) if j != i]
    best = float(_independent_value(arr, i, mixes).max())
    for _ in range(sweeps):
        improved = False
        for j in others:
            # Payoffs of i's actions (rows) against each pure action of j (cols), others fixed.
            table = arr[i]
            for k in range(n - 1, -1, -1):
                if k not in (i, j):
                    table = np.tensordot(table, mixes[k], axes=([k], [0]))
            M = table if i < j else table.T
            mv = minimax_value(M)
            if mv.value < best - 1e-12 * max(1.0, abs(best)):
                mixes[j] = np.asarray(mv.columns, dtype=float)
                best = float(_independent_value(arr, i, mixes).max())
                improved = True
        if not improved:
            break
    return best, mixes


def _polish(arr: np.ndarray, i: int, mixes: list[np.ndarray], val: float) -> tuple[float, list[np.ndarray]]:
    """Local non-smooth polish: SLSQP on min t s.t. t >= payoff of each of i's actions (epigraph form)."""
    from scipy.optimize import minimize

    n = arr.shape[0]
    others = [j for j in range(n) if j != i]
    sizes = [arr.shape[1 + j] for j in others]
    cuts = np.cumsum([0, *sizes])

    def unpack(x: np.ndarray) -> list[np.ndarray]:
        out = [m for m in mixes]
        for k, j in enumerate(others):
            out = out[:j] + [np.clip(x[cuts[k]:cuts[k + 1]], 0.0, 1.0)] + out[j + 1:]
        return out

    x0 = np.concatenate([mixes[j] for j in others] + [[val]])
    cons = [{"type": "ineq", "fun": lambda x: x[-1] - _independent_value(arr, i, unpack(x[:-1]))}]
    for k in range(len(others)):
        cons.append({"type": "eq", "fun": lambda x, k=k: x[cuts[k]:cuts[k + 1]].sum() - 1.0})
    bounds = [(0.0, 1.0)] * int(cuts[-1]) + [(None, None)]
    try:
        res = minimize(lambda x: x[-1], x0, method="SLSQP", bounds=bounds, constraints=cons,
                       options={"maxiter": 200, "ftol": 1e-12})
    except (ValueError, ArithmeticError):  # pragma: no cover - keep the descent's answer
        return val, mixes
    cand = unpack(res.x[:-1])
    cand = [m / m.sum() if m.sum() > 0 else m for m in cand]
    if any(m.sum() <= 0 for m in cand):
        return val, mixes
    new = float(_independent_value(arr, i, cand).max())  # re-evaluated: the polish is never trusted blindly
    return (new, cand) if new < val else (val, mixes)


def _rational_profile(exact_arr: np.ndarray, i: int, mixes: list[np.ndarray],
                      val: float) -> tuple[Any, list[np.ndarray]] | None:
    """The simplest rational punishment profile whose exact value is within float noise of ``val``."""
    for den in (12, 100, 1000, 10**4, 10**6):
        try:
            ex = [rationalize(m, den) for m in mixes]
        except Exception:  # pragma: no cover
            continue
        value = _independent_value(exact_arr, i, ex).max()
        if float(value) <= val + 1e-9 * max(1.0, abs(val)):
            return value, ex
    return None


def mixed_minmax(game: NormalFormGame, *, starts: int = 8, seed: int | None = 0) -> MinmaxResult:
    """Minmax values when the punishers mix independently.

    Two players: one LP per player, certified by its dual (exact for rational
    payoffs). Three or more players: the problem is non-convex; the
    punishers' mixes are found by block-coordinate descent (each block is one
    punisher's mix, solved exactly by LP), each result polished by SLSQP on
    the epigraph form (min t s.t. t >= payoff of every action), started from
    the pure minmax profile, the uniform profile and ``starts`` random ones. The value
    reported is attained by the reported punishment profile (an upper bound
    verified by evaluation) and ``lower_bounds`` holds the correlated minmax;
    the result is ``certified`` when they agree.

    Parameters
    ----------
    game : NormalFormGame
    starts : int
        Random starting profiles per player for three or more players.
    seed : int or None
        Seed of the random starts (reproducible by default).

    Examples
    --------
    Matching pennies: each player can be held to 0.

    >>> from gametheory import NormalFormGame
    >>> mp = NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> r = mixed_minmax(mp)
    >>> r.values, r.exact
    ((Fraction(0, 1), Fraction(0, 1)), True)
    """
    game = _check(game)
    if game.num_players <= 2:
        res = correlated_minmax(game)
        punish = []
        for i, p in enumerate(res.punishments):
            if game.num_players == 1:
                punish.append({})
                continue
            j = 1 - i
            punish.append({game.players[j]: {lab[0]: v for lab, v in p["joint"].items()}})
        return MinmaxResult("mixed", res.values, res.lower_bounds, tuple(punish), res.exact, game.players,
                            res.method)
    rng = np.random.default_rng(seed)
    arr = game.payoff_array
    lows = correlated_minmax(game)
    pure = pure_minmax(game)
    values, bounds, punish, all_exact = [], [], [], game.is_exact
    for i in range(game.num_players):
        others = [j for j in range(game.num_players) if j != i]
        candidates: list[list[np.ndarray]] = []
        # Start from the pure minmax profile, the uniform profile and random profiles.
        start = [np.full(k, 1.0 / k) for k in game.shape]
        pp = pure.punishments[i]
        pure_start = [m.copy() for m in start]
        for j in others:
            v = np.zeros(game.shape[j])
            v[game.strategies[j].index(pp[game.players[j]])] = 1.0
            pure_start[j] = v
        candidates.append(pure_start)
        candidates.append(start)
        for _ in range(starts):
            candidates.append([rng.dirichlet(np.ones(k)) for k in game.shape])
        best_val, best_mix = np.inf, None
        for mixes in candidates:
            val, mixes = _descent(arr, i, [m.copy() for m in mixes])
            val, mixes = _polish(arr, i, mixes, val)
            if val < best_val - 1e-12:
                best_val, best_mix = val, mixes
        assert best_mix is not None
        value = best_val
        if game.is_exact:
            exact_pair = _rational_profile(game.exact_payoff_array, i, best_mix, best_val)
            if exact_pair is None:
                all_exact = False
            else:
                value, best_mix = exact_pair
        else:
            all_exact = False
        lo = lows.values[i]
        if float(lo) > float(value):  # float noise in the LP; keep the bound below the value
            lo = value
        values.append(value)
        bounds.append(lo)
        punish.append({game.players[j]: dict(zip(game.strategies[j], best_mix[j])) for j in others})
    return MinmaxResult("mixed", tuple(values), tuple(bounds), tuple(punish), all_exact, game.players,
                        f"block-coordinate LP descent + SLSQP polish, {starts + 2} starts; lower bound: correlated minmax LP")


def minmax(game: NormalFormGame, kind: str = "mixed", **options: Any) -> MinmaxResult:
    """Minmax values of ``kind`` ``"pure"``, ``"mixed"`` (default) or ``"correlated"``.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> [float(v) for v in minmax(pd).values]
    [1.0, 1.0]
    """
    kinds = {"pure": pure_minmax, "mixed": mixed_minmax, "correlated": correlated_minmax}
    if kind not in kinds:
        raise ValueError(f"kind must be one of {', '.join(kinds)}, got {kind!r}")
    return kinds[kind](game, **options)
