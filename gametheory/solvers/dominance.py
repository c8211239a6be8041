"""Iterated elimination of dominated strategies, including domination by mixed strategies.

A strategy ``s`` of player ``i`` is *strictly dominated* when some mixture
``p`` of the player's other remaining strategies pays strictly more against
every pure profile of the opponents. Pure dominators are found by vectorised
comparison; mixed ones by the linear program

    maximise eps  subject to  sum_t p_t u(t, c) - u(s, c) >= eps  for every opponent profile c,
                              p in the simplex,

(HiGHS): ``s`` is strictly dominated iff the optimum is positive. For *weak*
dominance the LP maximises the total slack subject to every slack being
non-negative. For exact games the float mixture only locates the answer: a
rational mixture (the simplest nearby fractions, else the exact solution of
the tight constraints) is verified in exact arithmetic before anything is
reported; a float-only claim is never made about an exact game.

Order of elimination (fixed, reported in ``steps``): players in turn; for the
current player, strategies in their order, each tested first against pure
then against mixed dominators, removing one strategy at a time and re-testing
against the reduced game, until a full pass over all players removes nothing.
Iterated *strict* dominance ends in the same reduced game whatever the order;
iterated *weak* dominance does not, and the result is the one this order gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ._rational import integer_payoffs, simplex_candidates, solve_exact

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

__all__ = ["DominanceResult", "Domination", "dominated_strategies", "iterated_dominance"]

#: LP optima (on payoffs scaled to [0, 1]) at or below this do not count as domination.
_LP_TOL = 1e-9


@dataclass(frozen=True)
class Domination:
    """One dominated strategy and what dominates it.

    Attributes
    ----------
    player, strategy : str
        Labels of the dominated strategy.
    dominated_by : str or dict
        A pure strategy label, or a mixture ``{label: probability}`` over the
        player's other strategies (Fractions for exact games).
    strict : bool
        Strict (better against every opponent profile) or weak dominance.
    """

    player: str
    strategy: str
    dominated_by: str | dict[str, Any]
    strict: bool

    def to_json(self) -> dict[str, Any]:
        """JSON form; mixture probabilities as numbers (and strings ``"1/2"`` when exact)."""
        out: dict[str, Any] = {"player": self.player, "strategy": self.strategy, "strict": self.strict}
        if isinstance(self.dominated_by, str):
            out["dominated_by"] = self.dominated_by
        else:
            out["dominated_by"] = {k: float(v) for k, v in self.dominated_by.items()}
            if all(isinstance(v, Fraction) for v in self.dominated_by.values()):
                out["dominated_by_exact"] = {k: str(v) for k, v in self.dominated_by.items()}
        return out


@dataclass(frozen=True)
class DominanceResult:
    """The outcome of iterated elimination.

    Attributes
    ----------
    game : NormalFormGame
        The reduced game.
    original : NormalFormGame
        The game the elimination started from.
    kept : tuple of tuple of str
        Surviving strategy labels per player.
    steps : tuple of Domination
        Eliminations in the order performed.
    weak, mixed : bool
        Whether weak dominance and mixed dominators were allowed.
    """

    game: NormalFormGame
    original: NormalFormGame
    kept: tuple[tuple[str, ...], ...]
    steps: tuple[Domination, ...]
    weak: bool
    mixed: bool

    @property
    def solved(self) -> bool:
        """Whether every player is left with one strategy (dominance solvable)."""
        return all(len(k) == 1 for k in self.kept)

    def to_json(self) -> dict[str, Any]:
        """JSON form: ``kept`` labels per player and the ordered ``steps``."""
        return {"players": list(self.original.players), "kept": [list(k) for k in self.kept],
                "steps": [s.to_json() for s in self.steps], "weak": self.weak, "mixed": self.mixed}


def _own_rows(arr: np.ndarray, i: int) -> np.ndarray:
    """Player ``i``'s payoffs as a matrix: own strategies x opponent pure profiles."""
    return np.moveaxis(arr, i, 0).reshape(arr.shape[i], -1)


def _pure_dominator(C: np.ndarray, s: int, others: np.ndarray, weak: bool, tol: float) -> tuple[int, bool] | None:
    diff = C[others] - C[s]  # (len(others), profiles)
    strict = np.all(diff > tol, axis=1)
    if strict.any():
        return int(others[np.argmax(strict)]), True
    if weak:
        ok = np.all(diff >= -tol, axis=1) & np.any(diff > tol, axis=1)
        if ok.any():
            return int(others[np.argmax(ok)]), False
    return None


def _lp(U: np.ndarray, s: int, others: np.ndarray, weak: bool) -> np.ndarray | None:
    """Float mixture over ``others`` that dominates ``s`` according to the LP, or ``None``."""
    from scipy.optimize import linprog

    D = U[others] - U[s]  # (k, c): slack of each pure dominator against each opponent profile
    k, c = D.shape
    if not weak:
        # Variables (p, eps): minimise -eps subject to eps - D^T p <= 0, sum p = 1.
        res = linprog(np.r_[np.zeros(k), -1.0], A_ub=np.hstack([-D.T, np.ones((c, 1))]), b_ub=np.zeros(c),
                      A_eq=np.r_[np.ones(k), 0.0][None, :], b_eq=[1.0],
                      bounds=[(0, None)] * k + [(None, 1.0)], method="highs")
        if res.status != 0 or -res.fun <= _LP_TOL:
            return None
        return np.clip(res.x[:k], 0.0, None)
    # Weak: maximise the total slack subject to every slack >= 0.
    res = linprog(-D.sum(axis=1), A_ub=-D.T, b_ub=np.zeros(c), A_eq=np.ones((1, k)), b_eq=[1.0],
                  bounds=[(0, None)] * k, method="highs")
    if res.status != 0 or -res.fun <= _LP_TOL:
        return None
    return np.clip(res.x, 0.0, None)


def _verify(E: np.ndarray, s: int, others: np.ndarray, p: Any, weak: bool) -> bool:
    """Exact check that mixture ``p`` over ``others`` dominates ``s`` (``E`` exact integer or Fraction rows)."""
    mix = np.dot(np.array(p, dtype=object), E[others].astype(object))
    diff = mix - E[s].astype(object)
    if weak:
        return all(v >= 0 for v in diff) and any(v > 0 for v in diff)
    return all(v > 0 for v in diff)


def _exact_mixture(E: np.ndarray, U: np.ndarray, s: int, others: np.ndarray, p: np.ndarray,
                   weak: bool) -> tuple[Fraction, ...] | None:
    """A rational mixture near ``p`` that dominates ``s`` exactly, or ``None``."""
    for cand in simplex_candidates(p):
        if _verify(E, s, others, cand, weak):
            return cand
    # Tight constraints of the LP vertex: the slacks that are zero, plus the simplex.
    support = np.flatnonzero(p > 1e-9)
    slack = (U[others[support]] - U[s]).T @ p[support]
    tight = np.flatnonzero(np.abs(slack) <= 1e-7)
    Es = E[others[support]].astype(object) - E[s].astype(object)
    rows = [[Es[t, col] for t in range(len(support))] for col in tight] + [[1] * len(support)]
    sol = solve_exact(rows, [0] * len(tight) + [1])
    if sol is not None and min(sol) >= 0:
        full = [Fraction(0)] * len(others)
        for t, v in zip(support, sol):
            full[t] = v
        if _verify(E, s, others, full, weak):
            return tuple(full)
    return None


def _dominator(U: np.ndarray, E: np.ndarray | None, s: int, weak: bool, mixed: bool) -> tuple[Any, bool] | None:
    """What dominates row ``s`` of ``U`` (float, scaled) / ``E`` (exact): (index or {index: prob}, strict)."""
    k = U.shape[0]
    others = np.array([t for t in range(k) if t != s], dtype=int)
    if others.size == 0:
        return None
    exact = E is not None
    found = _pure_dominator(E if exact else U, s, others, weak, 0.0 if exact else _LP_TOL)
    if found is not None:
        return found
    if not mixed or others.size < 2:
        return None
    for weak_test in ((False,) if not weak else (False, True)):
        p = _lp(U, s, others, weak_test)
        if p is None:
            continue
        if exact:
            q = _exact_mixture(E, U, s, others, p, weak_test)
            if q is None:
                continue
        else:
            q = tuple(p / p.sum())
        return {int(others[t]): v for t, v in enumerate(q) if v > 0}, not weak_test
    return None


def _matrices(game: NormalFormGame, ints: np.ndarray | None, kept: list[list[int]], i: int):  # type: ignore[no-untyped-def]
    index = np.ix_(*kept)
    U = _own_rows(game.payoff_array[i][index], i)
    with np.errstate(over="ignore"):
        overflows = not np.isfinite(U.max() - U.min())
    if overflows:
        U = U / float(np.max(np.abs(U)))  # payoffs near 1e308: the range itself overflows (issue 29)
    span = float(U.max() - U.min()) or 1.0
    U = (U - U.min()) / span
    E = _own_rows(ints[i][index], i) if ints is not None else None
    return U, E


def _as_domination(game: NormalFormGame, i: int, labels: list[int], s: int, dom: Any, strict: bool) -> Domination:
    names = game.strategies[i]
    if isinstance(dom, dict):
        by: str | dict[str, Any] = {names[labels[t]]: v for t, v in dom.items()}
    else:
        by = names[labels[dom]]
    return Domination(game.players[i], names[labels[s]], by, strict)


def dominated_strategies(game: NormalFormGame, player: int | str, *, weak: bool = False,
                         mixed: bool = True) -> tuple[Domination, ...]:
    """Every strategy of ``player`` dominated in ``game`` as it stands (no iteration).

    Examples
    --------
    ``M`` is dominated by no pure strategy, but by ``T`` and ``B`` half each:

    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame([[[3, 0], [1, 1], [0, 3]], [[0, 0], [0, 0], [0, 0]]], strategies=[["T", "M", "B"], ["L", "R"]])
    >>> [(d.strategy, d.dominated_by) for d in dominated_strategies(g, 0)]
    [('M', {'T': Fraction(1, 2), 'B': Fraction(1, 2)})]
    >>> dominated_strategies(g, 0, mixed=False)
    ()
    """
    i = game.player_index(player)
    kept = [list(range(k)) for k in game.shape]
    ints = integer_payoffs(game.exact_payoff_array) if game.is_exact else None
    U, E = _matrices(game, ints, kept, i)
    out = []
    for s in range(game.shape[i]):
        found = _dominator(U, E, s, weak, mixed)
        if found is not None:
            out.append(_as_domination(game, i, kept[i], s, *found))
    return tuple(out)


def iterated_dominance(game: NormalFormGame, *, weak: bool = False, mixed: bool = True) -> DominanceResult:
    """Iterated elimination of dominated strategies, for any number of players.

    Parameters
    ----------
    game : NormalFormGame
    weak : bool
        Also eliminate weakly dominated strategies. The result then depends
        on the order; this function uses the fixed order in the module
        docstring and reports it in ``steps``.
    mixed : bool
        Allow mixed strategies as dominators (an LP per test).

    Returns
    -------
    DominanceResult

    Examples
    --------
    The prisoner's dilemma is solved by strict dominance:

    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    >>> res = iterated_dominance(pd)
    >>> res.kept, res.solved
    ((('D',), ('D',)), True)
    >>> [(s.player, s.strategy, s.dominated_by) for s in res.steps]
    [('Player 1', 'C', 'D'), ('Player 2', 'C', 'D')]
    """
    n = game.num_players
    kept = [list(range(k)) for k in game.shape]
    ints = integer_payoffs(game.exact_payoff_array) if game.is_exact else None
    steps: list[Domination] = []
    changed = True
    while changed:
        changed = False
        for i in range(n):
            while len(kept[i]) > 1:
                U, E = _matrices(game, ints, kept, i)
                hit = None
                for s in range(len(kept[i])):
                    found = _dominator(U, E, s, weak, mixed)
                    if found is not None:
                        hit = (s, *found)
                        break
                if hit is None:
                    break
                s, dom, strict = hit
                steps.append(_as_domination(game, i, kept[i], s, dom, strict))
                del kept[i][s]
                changed = True
    reduced = game.restrict(kept)
    return DominanceResult(reduced, game, reduced.strategies, tuple(steps), weak, mixed)
