"""The ``repeated`` kind of model file (plug-in of :mod:`gametheory.io.scenario`).

``[game]`` holds

- ``delta``: the per-period discount factor, an expression in the parameters
  (must lie in (0, 1) at every set of values);
- ``stage``: the stage game, a table read like the ``normal`` kind
  (``strategies`` and ``payoffs`` or ``outcomes``);
- optional ``target`` and ``punishment``: one strategy label per player (the
  profile to sustain, and the stage equilibrium used to punish);
- optional ``title`` and ``period`` (a text such as ``"90 days"``).

Views: ``("repeated", "stage")``: a :class:`~gametheory.repeated.game.RepeatedGame`
and its stage :class:`~gametheory.NormalFormGame`.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .game import RepeatedGame

__all__ = ["from_spec", "RepeatedView"]


class RepeatedView:
    """The views of a ``repeated`` model."""

    views = ("repeated", "stage")

    def __init__(self, stage: Any, delta: Any, target: tuple[str, ...] | None,
                 punishment: tuple[str, ...] | None, title: str, period: str) -> None:
        self.stage = stage
        self.delta = delta
        self.target = target
        self.punishment = punishment
        self.title = title
        self.period = period

    def build(self, values: Mapping[str, Fraction | float], view: str) -> Any:
        game = self.stage.substitute(values)
        if view == "stage":
            return game
        from ..games._evaluate import evaluate

        return RepeatedGame(game, evaluate(self.delta, values), self.target, self.punishment, self.title)

    def symbolic(self, view: str) -> Any:
        if view == "stage":
            return self.stage
        return RepeatedGame(self.stage, self.delta, self.target, self.punishment, self.title)


def from_spec(spec: dict[str, Any], ctx: Any) -> RepeatedView:
    """Read the ``[game]`` table of a ``repeated`` model (the plug-in entry point)."""
    from ..io.normal_spec import symbolic_game

    ctx.check_keys(spec, ("delta", "stage"), ("target", "punishment", "title", "period"))
    stage_spec = ctx.check_keys(spec["stage"], ("strategies",), ("payoffs", "outcomes", "title"), "stage")
    stage = symbolic_game(stage_spec, ctx.child("stage"))
    delta = ctx.parse_expression(spec["delta"], "delta")

    def delta_ok(values: Mapping[str, Fraction | float]) -> bool:
        d = ctx.evaluate(delta, values, "delta")
        return 0 < d < 1

    ctx.add_check("delta", "the discount factor must lie strictly between 0 and 1", delta_ok)
    profiles: dict[str, tuple[str, ...] | None] = {}
    for key in ("target", "punishment"):
        if key not in spec:
            profiles[key] = None
            continue
        labels = spec[key]
        if not isinstance(labels, list) or len(labels) != len(ctx.players):
            raise ctx.error(key, f"expected one strategy label per player ({len(ctx.players)})")
        for i, s in enumerate(labels):
            if s not in stage.strategies[i]:
                raise ctx.error(f"{key}[{i}]", f"{ctx.players[i]!r} has no strategy {s!r} "
                                f"(strategies: {', '.join(stage.strategies[i])})")
        profiles[key] = tuple(labels)
    title = spec.get("title", ctx.title)
    period = spec.get("period", "")
    for key, value in (("title", title), ("period", period)):
        if not isinstance(value, str):
            raise ctx.error(key, "expected a string")
    return RepeatedView(stage, delta, profiles["target"], profiles["punishment"], title, period)
