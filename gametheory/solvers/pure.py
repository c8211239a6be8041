"""Every pure-strategy Nash equilibrium of a game with any number of players.

A pure profile is an equilibrium when each player's payoff there is the
largest along that player's own axis of its payoff array. The test is done
for all profiles at once: one ``max`` over the own axis per player, one
comparison, and the conjunction over players, so the only Python loop is over
players. Exact games are compared exactly: each player's rational payoffs are
scaled by the lcm of their denominators to integers (a positive scaling
changes no comparison), so the comparisons run on ``int64`` arrays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._rational import integer_payoffs
from .result import EquilibriumResult, certify

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

__all__ = ["pure_equilibria"]

METHOD = "pure-enumeration"


def _pure_equilibrium_mask(payoff_array: np.ndarray, tol: float = 0.0) -> np.ndarray:
    """Boolean mask over pure profiles: which are Nash equilibria.

    Parameters
    ----------
    payoff_array : ndarray, shape (n_players, s_1, ..., s_n)
        ``payoff_array[i, s_1, ..., s_n]`` is player ``i``'s payoff. Any
        ordered dtype works (float, int, or an object array of Fractions).
    tol : float
        A profile counts as an equilibrium when no player gains more than
        ``tol`` by a unilateral pure deviation (0 for exact comparison).

    Returns
    -------
    ndarray of bool, shape (s_1, ..., s_n)

    Examples
    --------
    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> _pure_equilibrium_mask(pd)
    array([[False, False],
           [False,  True]])
    """
    n = payoff_array.shape[0]
    mask = np.ones(payoff_array.shape[1:], dtype=bool)
    for i in range(n):
        u = payoff_array[i]
        best = u.max(axis=i, keepdims=True)
        mask &= np.asarray(u >= best - tol if tol else u >= best, dtype=bool)
    return mask


def pure_equilibria(game: NormalFormGame) -> EquilibriumResult:
    """All pure-strategy Nash equilibria, for any number of players.

    Parameters
    ----------
    game : NormalFormGame
        Any finite game. Exact games are decided exactly; for float games a
        deviation must gain more than ``game.tolerance()`` to break an
        equilibrium (the same tolerance as the regret certificate).

    Returns
    -------
    EquilibriumResult
        Method ``"pure-enumeration"``, ``complete=True`` (every pure
        equilibrium, in lexicographic order of the profile indices), each
        certified by its regret.

    Examples
    --------
    The prisoner's dilemma has one pure equilibrium, mutual defection:

    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    >>> res = pure_equilibria(pd)
    >>> [e.support for e in res]
    [(('D',), ('D',))]
    >>> res[0].payoffs
    (Fraction(1, 1), Fraction(1, 1))

    A three-player coordination game has one per common strategy:

    >>> coord = NormalFormGame.from_function(lambda a, b, c: (int(a == b == c),) * 3, [["x", "y"]] * 3)
    >>> [e.support for e in pure_equilibria(coord)]
    [(('x',), ('x',), ('x',)), (('y',), ('y',), ('y',))]
    """
    from ._normalise import is_normalised, normalised, restore

    if not game.is_exact and not is_normalised(game):
        # float payoffs onto [0, 1] per player: the tolerance then means the same at every payoff scale
        return restore(game, pure_equilibria(normalised(game)))
    if game.is_exact:
        mask = _pure_equilibrium_mask(integer_payoffs(game.exact_payoff_array))
    else:
        mask = _pure_equilibrium_mask(game.payoff_array, game.tolerance())
    equilibria = []
    dropped = 0
    for idx in np.argwhere(mask):
        eq = certify(game, game.pure_profile([int(j) for j in idx]), exact=game.is_exact)
        if eq is None:  # pragma: no cover - the mask and the certificate use the same test
            dropped += 1
        else:
            equilibria.append(eq)
    notes = [f"{int(np.prod(game.shape))} pure profiles checked"]
    if dropped:  # pragma: no cover
        notes.append(f"{dropped} candidate(s) failed the regret certificate and were dropped")
    return EquilibriumResult(game, METHOD, tuple(equilibria), True, (), tuple(notes))
