"""A discounted repeated game: a stage game, a discount factor, and optionally a target and a punishment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..exceptions import InvalidGameError
from ..games.normal_form import NormalFormGame

__all__ = ["RepeatedGame"]


@dataclass(frozen=True, eq=False)
class RepeatedGame:
    """The infinitely repeated game of ``stage`` with per-period discount factor ``delta``.

    The analyses are the functions of :mod:`gametheory.repeated`; the methods
    below call them with this game's stage game, discount factor, target and
    punishment profiles. A model of kind ``repeated`` builds one of these (its
    ``"stage"`` view is the stage game alone).

    Parameters
    ----------
    stage : NormalFormGame
        The stage game (a :class:`~gametheory.games.symbolic.SymbolicGame` for
        the symbolic view of a model).
    delta : float or Fraction
        Discount factor per period, in (0, 1) (a sympy expression in the symbolic view).
    target, punishment : tuple of str, optional
        The profile to sustain (e.g. mutual cooperation) and the stage
        equilibrium used to punish.
    title : str

    Examples
    --------
    >>> from fractions import Fraction
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    >>> rg = RepeatedGame(pd, Fraction(3, 5), target=("C", "C"))
    >>> rg.sustainable()
    {'grim': True, 'tit_for_tat': False, 'k1': False, 'k2': False, 'k3': True}
    """

    stage: Any
    delta: Any
    target: tuple[str, ...] | None = None
    punishment: tuple[str, ...] | None = None
    title: str = ""

    @property
    def players(self) -> tuple[str, ...]:
        """Player labels (those of the stage game)."""
        return tuple(self.stage.players)

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Stage-game strategy labels."""
        return tuple(self.stage.strategies)

    def _numeric(self) -> NormalFormGame:
        if not isinstance(self.stage, NormalFormGame):
            raise InvalidGameError("this analysis needs the numeric stage game (build the model with values)")
        return self.stage

    def _target(self, target: Sequence[str] | str | None) -> Sequence[str] | str:
        t = target if target is not None else self.target
        if t is None:
            raise InvalidGameError("no target profile: pass one or set it in the model")
        return t

    def critical_discount(self, target: Sequence[str] | str | None = None, **options: Any) -> Any:
        """:func:`~gametheory.repeated.discount.critical_discount` for this game's target and punishment."""
        from .discount import critical_discount

        options.setdefault("punishment", self.punishment)
        return critical_discount(self._numeric(), self._target(target), **options)

    def sustainable(self, target: Sequence[str] | str | None = None) -> dict[str, bool]:
        """Which punishment schemes sustain the target at this game's discount factor."""
        return self.critical_discount(target).sustainable(float(self.delta))

    def minmax(self, kind: str = "mixed") -> Any:
        """:func:`~gametheory.repeated._minmax.minmax` of the stage game."""
        from ._minmax import minmax

        return minmax(self._numeric(), kind)

    def spe_payoffs(self, **options: Any) -> Any:
        """:func:`~gametheory.repeated._spe_payoffs.spe_payoffs` at this game's discount factor."""
        from ._spe_payoffs import spe_payoffs

        return spe_payoffs(self._numeric(), float(self.delta), **options)

    def tournament(self, strategies: Sequence[Any], **options: Any) -> Any:
        """:func:`~gametheory.repeated._tournament.tournament` on the stage game.

        The continuation probability defaults to nothing (fixed length); the
        target and punishment profiles serve as cooperative and punishment
        actions.
        """
        from ._tournament import tournament

        options.setdefault("cooperate", self.target)
        options.setdefault("punish", self.punishment)
        return tournament(self._numeric(), strategies, **options)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready description."""
        return {"title": self.title, "players": list(self.players), "strategies": [list(s) for s in self.strategies],
                "delta": float(self.delta) if not hasattr(self.delta, "free_symbols") else str(self.delta),
                "target": list(self.target) if self.target else None,
                "punishment": list(self.punishment) if self.punishment else None}
