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
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .scenario import SpecContext

__all__ = ["from_spec", "symbolic_game", "format_model", "NormalView"]


class NormalView:
    """The view of a ``normal`` model: one game, ``"normal"``."""

    views = ("normal",)

    def __init__(self, game: Any) -> None:
        self.game = game

    def build(self, values: Mapping[str, Fraction | float], view: str) -> Any:
        return self.game.substitute(values)

    def symbolic(self, view: str) -> Any:
        return self.game


def from_spec(spec: dict[str, Any], ctx: SpecContext) -> NormalView:
    """Read the ``[game]`` table of a ``normal`` model (the plug-in entry point)."""
    ctx.check_keys(spec, ("strategies",), ("payoffs", "outcomes", "title"))
    return NormalView(symbolic_game(spec, ctx))


def symbolic_game(spec: dict[str, Any], ctx: SpecContext) -> Any:
    """A :class:`SymbolicGame` from a table with ``strategies`` and ``payoffs`` or ``outcomes``.

    When ``ctx.numeric``, a :class:`~gametheory.io._numeric_game.NumericPayoffGame` (the same game,
    numeric expression trees, no sympy).

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
    if ctx.numeric:
        from ._numeric_game import NumericPayoffGame

        return NumericPayoffGame(arrays, players, strategies, title, parameters=[p.name for p in ctx.parameters])
    from ..games.symbolic import SymbolicGame

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


def _toml_str(s: str) -> str:
    import json

    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _toml_number(v: Any) -> str:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else _toml_str(f"{v.numerator}/{v.denominator}")
    return repr(float(v))


def format_model(game: Any, *, name: str, title: str | None = None, question: str | None = None,
                 description: str | None = None, citations: Sequence[str] = ()) -> str:
    """The text of a ``normal`` model file holding a numeric game (no parameters).

    Exact payoffs are written as exact fractions (``"1/3"``), floats as their
    shortest decimal, so that loading the file gives back an equal game.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> from gametheory.io.scenario import parse_model
    >>> g = NormalFormGame([[[1, 0], [0, 1]], [[1, 0], [0, 1]]], players=["A", "B"],
    ...                    strategies=[["x", "y"], ["x", "y"]], title="coordination")
    >>> text = format_model(g, name="coordination")
    >>> parse_model(text).build() == g
    True
    """
    import re

    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
        raise ValueError(f"{name!r} is not a valid model name (letters, digits, underscores)")
    title = title or game.title or name
    lines = [
        f"name = {_toml_str(name)}",
        f"title = {_toml_str(title)}",
        f"question = {_toml_str(question or 'What are the equilibria of this game?')}",
        f"description = {_toml_str(description or 'A numeric normal-form game converted to the model format.')}",
        "citations = [" + ", ".join(_toml_str(c) for c in citations) + "]",
        "players = [" + ", ".join(_toml_str(p) for p in game.players) + "]",
        "",
        "[game]",
        'kind = "normal"',
        "",
        "[game.strategies]",
    ]
    for p, labels in zip(game.players, game.strategies):
        lines.append(f"{_toml_str(p)} = [" + ", ".join(_toml_str(s) for s in labels) + "]")
    lines += ["", "[game.payoffs]"]

    def nested(arr: np.ndarray) -> str:
        if arr.ndim == 1:
            return "[" + ", ".join(_toml_number(v) for v in arr) + "]"
        return "[" + ", ".join(nested(sub) for sub in arr) + "]"

    for p, arr in zip(game.players, game.payoffs):
        lines.append(f"{_toml_str(p)} = {nested(np.asarray(arr, dtype=object))}")
    return "\n".join(lines) + "\n"
