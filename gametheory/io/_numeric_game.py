"""A normal-form game whose payoffs are numeric expression trees, for models loaded without sympy.

:class:`NumericPayoffGame` is what :func:`gametheory.io.normal_spec.symbolic_game` gives when a model
is read numerically (``ctx.numeric``): the same labels as the
:class:`~gametheory.games.symbolic.SymbolicGame` of the same table, and a :meth:`substitute` that
gives the same :class:`~gametheory.NormalFormGame` (same checks, same messages). It has no symbolic
operations: :meth:`gametheory.io.scenario.Model.symbolic` reads the model again with sympy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import ParameterError
from ..games._evaluate import exact_value
from ..games.normal_form import NormalFormGame
from ._numeric_expr import evaluate_node

__all__ = ["NumericPayoffGame"]


class NumericPayoffGame:
    """Payoff trees (one object array per player) with labels; :meth:`substitute` evaluates them."""

    __slots__ = ("_payoffs", "_players", "_strategies", "_parameters", "title")

    def __init__(self, payoffs: Sequence[np.ndarray], players: Sequence[str], strategies: Sequence[Sequence[str]],
                 title: str = "", *, parameters: Sequence[str] = ()) -> None:
        # labels and shapes are validated once, by the numeric game class (as SymbolicGame does)
        probe = NormalFormGame([np.zeros(a.shape, dtype=int) for a in payoffs], players, strategies, title)
        self._payoffs = tuple(payoffs)
        self._players = probe.players
        self._strategies = probe.strategies
        self._parameters = tuple(parameters)
        self.title = str(title)

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        return self._strategies

    @property
    def parameters(self) -> tuple[str, ...]:
        return self._parameters

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(s) for s in self._strategies)

    @property
    def num_players(self) -> int:
        return len(self._players)

    def substitute(self, values: Mapping[str, Any], *, exact: bool | None = None) -> NormalFormGame:
        """The numeric game at parameter ``values`` (as :meth:`SymbolicGame.substitute`)."""
        unknown = sorted(set(values) - set(self._parameters))
        if unknown:
            raise ParameterError(f"unknown parameter {unknown[0]!r}; parameters: {', '.join(self._parameters)}")
        missing = [n for n in self._parameters if n not in values]
        if missing:
            raise ParameterError(f"no value for parameter {missing[0]!r}")
        try:
            vals: dict[str, Fraction | float] = {n: exact_value(values[n]) for n in self._parameters}
        except ValueError as exc:
            raise ParameterError(str(exc)) from None
        out = []
        for i, arr in enumerate(self._payoffs):
            num = np.empty(arr.shape, dtype=object)
            for idx in np.ndindex(arr.shape):
                try:
                    num[idx] = evaluate_node(arr[idx], vals)
                except ValueError as exc:
                    where = ", ".join(s[k] for s, k in zip(self._strategies, idx))
                    raise type(exc)(f"payoff of {self._players[i]!r} at ({where}): {exc}") from None
            out.append(num)
        return NormalFormGame(out, self._players, self._strategies, self.title, exact=exact)

    def __repr__(self) -> str:
        return f"NumericPayoffGame(players={list(self._players)}, shape={self.shape}, parameters={list(self._parameters)})"
