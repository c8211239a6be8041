"""Disagreement points computed from other games of the library.

- :func:`from_tree`: the subgame-perfect payoffs of an escalation tree
  (what each side gets if talks fail and the conflict is played out);
- :func:`security_levels`: each player's maximin (= minmax, two players) value
  of a normal-form game, by linear programming;
- :func:`from_threat_game`: the point induced by Nash's optimal threats
  (see :mod:`gametheory.bargaining.threats`).

Examples
--------
>>> from gametheory import NormalFormGame
>>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], players=["US", "Japan"])
>>> security_levels(pd).values
(Fraction(1, 1), Fraction(1, 1))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..exceptions import InvalidGameError, NotSupportedError
from ._numeric import num_json

__all__ = ["DisagreementPoint", "from_tree", "security_levels", "from_threat_game"]


@dataclass(frozen=True)
class DisagreementPoint:
    """A disagreement point with where it comes from.

    Attributes
    ----------
    values : tuple
        One payoff per player (in ``players`` order).
    players : tuple of str
    method : str
        ``"spe"`` (tree), ``"maximin"`` (security levels), ``"threats"`` or ``"given"``.
    exact : bool
    details : dict
        E.g. the SPE path, or the maximin strategies.
    notes : tuple of str
    """

    values: tuple[Any, ...]
    players: tuple[str, ...]
    method: str
    exact: bool
    details: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def for_players(self, players: Sequence[str]) -> tuple[Any, ...]:
        """The values reordered to ``players`` (labels must match)."""
        index = {p: i for i, p in enumerate(self.players)}
        missing = [p for p in players if p not in index]
        if missing:
            raise InvalidGameError(f"disagreement point has no player {missing[0]!r} (players: "
                                   f"{', '.join(self.players)})")
        return tuple(self.values[index[p]] for p in players)

    def to_json(self) -> dict[str, Any]:
        """``values``, ``players``, ``method``, ``exact``, ``details``, ``notes``."""
        from .result import _jsonable

        return {"values": num_json(self.values), "players": list(self.players), "method": self.method,
                "exact": self.exact, "details": _jsonable(self.details), "notes": list(self.notes)}


def from_tree(tree: Any) -> DisagreementPoint:
    """The subgame-perfect payoffs of a perfect-information game tree (backward induction).

    If several SPE give different payoffs, the first is used and a note says so.

    Examples
    --------
    >>> from gametheory.games.tree import GameTree
    >>> t = GameTree(["Japan", "US"])
    >>> t.add_decision("r", "Japan"); t.add_terminal("q", (0, 0), "r", "quiet")
    >>> t.add_decision("s", "US", "r", "threaten")
    >>> t.add_terminal("k", (-2, -2), "s", "keep"); t.add_terminal("c", (1, -1), "s", "cut")
    >>> dp = from_tree(t)
    >>> dp.values, dp.details["path"]
    ((Fraction(1, 1), Fraction(-1, 1)), ['threaten', 'cut'])
    """
    from ..extensive._backward_induction import backward_induction

    res = backward_induction(tree)
    eq = res.equilibria[0]
    payoffs = tuple(eq["payoffs"])
    distinct = {tuple(float(v) for v in e["payoffs"]) for e in res.equilibria}
    notes = () if len(distinct) == 1 else (f"{len(distinct)} subgame-perfect payoff vectors; the first is used",)
    exact = all(isinstance(v, Fraction) for v in payoffs)
    return DisagreementPoint(payoffs, tuple(res.players), "spe", exact,
                             {"path": list(eq["path"]), "count": res.count}, notes)


def security_levels(game: Any) -> DisagreementPoint:
    """Each player's maximin value (what it can guarantee), by LP; exact for rational payoffs.

    In a two-player game this equals the minmax value (what the opponent can hold it to).
    """
    from ..games.normal_form import NormalFormGame
    from .threats import zero_sum_value

    if not isinstance(game, NormalFormGame) or game.num_players != 2:
        raise NotSupportedError("security levels are computed for two-player normal-form games")
    arrays = game.exact_payoff_array if game.is_exact else game.payoff_array
    v1, p1, _ = zero_sum_value(arrays[0])
    v2, p2, _ = zero_sum_value(np.asarray(arrays[1]).T)
    details = {"strategies": {game.players[0]: dict(zip(game.strategies[0], p1)),
                              game.players[1]: dict(zip(game.strategies[1], p2))}}
    return DisagreementPoint((v1, v2), tuple(game.players), "maximin", game.is_exact, details)


def from_threat_game(feasible: Any, game: Any, weights: Sequence[Any] | None = None) -> DisagreementPoint:
    """The disagreement point induced by Nash's optimal threats on ``feasible``."""
    from .threats import variable_threats

    res = variable_threats(feasible, game, weights)
    return DisagreementPoint(tuple(res.disagreement), tuple(res.players), "threats", res.exact,
                             {"threats": res.details["threats"], "solution": res.solution})
