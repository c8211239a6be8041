"""The ``normal`` kind of model file: a normal-form game with payoffs in the parameters.

``[game]`` holds ``strategies`` (a table: player -> list of labels, for every
player of the model) and the payoffs in one of two forms:

- ``payoffs``: a table player -> nested array indexed by the pure profile
  (rows = first player's strategies, columns = second player's, ...);
- ``outcomes``: an array of tables ``{profile = [labels...], payoffs = [one
  per player]}`` covering every pure profile exactly once (clearer for three
  or more players).

Other kinds reuse :func:`symbolic_game` for their stage games.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from ..games.symbolic import SymbolicGame
from .scenario import SpecContext

__all__ = ["from_spec", "symbolic_game", "NormalView"]


class NormalView:
    """The view of a ``normal`` model: one game, ``"normal"``."""

    views = ("normal",)

    def __init__(self, game: SymbolicGame) -> None:
        self.game = game

    def build(self, values: Mapping[str, Fraction | float], view: str) -> Any:
        return self.game.substitute(values)

    def symbolic(self, view: str) -> SymbolicGame:
        return self.game


def from_spec(spec: dict[str, Any], ctx: SpecContext) -> NormalView:
    """Read the ``[game]`` table of a ``normal`` model (the plug-in entry point)."""
    ctx.check_keys(spec, ("strategies",), ("payoffs", "outcomes", "title"))
    return NormalView(symbolic_game(spec, ctx))


def symbolic_game(spec: dict[str, Any], ctx: SpecContext) -> SymbolicGame:
    """A :class:`SymbolicGame` from a table with ``strategies`` and ``payoffs`` or ``outcomes``.

    Keys other than ``strategies``, ``payoffs``, ``outcomes`` and ``title`` are
    left to the caller to check.
    """
    players = ctx.players
    strat_table = ctx.check_keys(spec["strategies"], players, (), "strategies")
    strategies = [ctx.labels(strat_table[p], f"strategies.{p}", "strategy") for p in players]
    shape = tuple(len(s) for s in strategies)
    has_payoffs, has_outcomes = "payoffs" in spec, "outcomes" in spec
    if has_payoffs == has_outcomes:
        raise ctx.error(None, "give exactly one of 'payoffs' (a table per player) or 'outcomes' (a list)")
    if has_payoffs:
        arrays = _payoff_tables(spec["payoffs"], ctx, players, strategies, shape)
    else:
        arrays = _outcomes(spec["outcomes"], ctx, players, strategies, shape)
    title = spec.get("title", ctx.title)
    if not isinstance(title, str):
        raise ctx.error("title", "expected a string")
    return SymbolicGame(arrays, players, strategies, title, parameters=[p.name for p in ctx.parameters])


def _payoff_tables(table: Any, ctx: SpecContext, players: tuple[str, ...],
                   strategies: list[tuple[str, ...]], shape: tuple[int, ...]) -> list[np.ndarray]:
    ctx.check_keys(table, players, (), "payoffs")
    arrays = []
    for p in players:
        arr = np.empty(shape, dtype=object)
        _fill(table[p], arr, (), ctx, f"payoffs.{p}", strategies)
        arrays.append(arr)
    return arrays


def _fill(node: Any, arr: np.ndarray, idx: tuple[int, ...], ctx: SpecContext, key: str,
          strategies: list[tuple[str, ...]]) -> None:
    depth = len(idx)
    if depth == arr.ndim:
        arr[idx] = ctx.parse_expression(node, key)
        return
    expected = arr.shape[depth]
    if not isinstance(node, list) or len(node) != expected:
        got = f"{len(node)} entries" if isinstance(node, list) else _describe(node)
        owner = ctx.players[depth]
        raise ctx.error(key, f"wrong shape: expected a list of {expected} entries (one per strategy of "
                             f"{owner!r}: {', '.join(strategies[depth])}), got {got}; "
                             f"the table must have shape {tuple(arr.shape)}")
    for k, child in enumerate(node):
        _fill(child, arr, (*idx, k), ctx, f"{key}[{k}]", strategies)


def _describe(x: Any) -> str:
    return "a number" if isinstance(x, (int, float)) else "a string" if isinstance(x, str) else type(x).__name__


def _outcomes(items: Any, ctx: SpecContext, players: tuple[str, ...],
              strategies: list[tuple[str, ...]], shape: tuple[int, ...]) -> list[np.ndarray]:
    if not isinstance(items, list):
        raise ctx.error("outcomes", "expected an array of tables {profile = [...], payoffs = [...]}")
    arrays = [np.empty(shape, dtype=object) for _ in players]
    seen: dict[tuple[int, ...], int] = {}
    for k, item in enumerate(items):
        key = f"outcomes[{k}]"
        ctx.check_keys(item, ("profile", "payoffs"), ("note",), key)
        profile, pays = item["profile"], item["payoffs"]
        if not isinstance(profile, list) or len(profile) != len(players):
            raise ctx.error(f"{key}.profile", f"expected one strategy per player ({', '.join(players)})")
        idx = []
        for p, labels, s in zip(players, strategies, profile):
            if s not in labels:
                raise ctx.error(f"{key}.profile", f"{s!r} is not a strategy of {p!r} ({', '.join(labels)})")
            idx.append(labels.index(s))
        t = tuple(idx)
        if t in seen:
            raise ctx.error(f"{key}.profile", f"profile {profile} already given in outcomes[{seen[t]}]")
        seen[t] = k
        if not isinstance(pays, list) or len(pays) != len(players):
            raise ctx.error(f"{key}.payoffs", f"wrong shape: expected {len(players)} payoffs, one per player")
        for i, v in enumerate(pays):
            arrays[i][t] = ctx.parse_expression(v, f"{key}.payoffs[{i}]")
    missing = [prof for prof in itertools.product(*(range(n) for n in shape)) if prof not in seen]
    if missing:
        labels = [strategies[i][j] for i, j in enumerate(missing[0])]
        raise ctx.error("outcomes", f"wrong shape: {len(missing)} profile(s) missing, e.g. {labels}")
    return arrays
