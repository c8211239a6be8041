"""Tree -> reduced normal form (pure strategies that differ only at unreachable information sets merged).

Examples
--------
>>> from gametheory.games.tree import GameTree
>>> t = GameTree(["E", "I"])
>>> t.add_decision("r", "E"); t.add_terminal("o", (0, 2), "r", "Out")
>>> t.add_decision("i", "I", "r", "In")
>>> t.add_terminal("f", (-1, -1), "i", "Fight"); t.add_terminal("a", (1, 1), "i", "Accommodate")
>>> g = reduced_normal_form(t)
>>> g.strategies
(('Out', 'In'), ('Fight', 'Accommodate'))
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.exceptions import NotSupportedError
from gametheory.games.normal_form import NormalFormGame
from gametheory.games.tree import DECISION, TERMINAL, GameTree

__all__ = ["reduced_normal_form"]


def _reachable_infosets(tree: GameTree, player: str, plan: dict) -> set:
    """Information sets of ``player`` reachable when the player follows ``plan``."""
    out, stack = set(), [tree.root]
    while stack:
        n = stack.pop()
        k = tree.kind(n)
        if k == TERMINAL:
            continue
        if k == DECISION and tree.player(n) == player:
            iset = tree.graph.nodes[n]["infoset"]
            out.add(iset)
            stack.append(tree.child(n, plan[iset]))
        else:
            stack.extend(tree.children(n))
    return out


def _outcome(tree: GameTree, plans: dict) -> tuple:
    exact = tree.is_exact

    def val(n: Any) -> list:
        k = tree.kind(n)
        if k == TERMINAL:
            return list(tree.payoffs(n))
        if k == DECISION:
            return val(tree.child(n, plans[tree.player(n)][tree.graph.nodes[n]["infoset"]]))
        acc = [Fraction(0) if exact else 0.0] * len(tree.players)
        for c in tree.children(n):
            p = tree.probability(n, c)
            acc = [a + p * v for a, v in zip(acc, val(c))]
        return acc

    return tuple(val(tree.root))


def reduced_plans_of(tree: GameTree, player: str) -> tuple[list, dict[tuple, dict]]:
    """``player``'s information-set keys and its reduced plans: ``{reduced plan: one full plan behind it}``,
    in the order of the normal form's strategies (``"*"`` marks a set the plan never reaches)."""
    isets = tree.infosets()
    keys = [k for k in isets if k[0] == player]
    acts = [tree.actions(isets[k][0]) for k in keys]
    seen: dict[tuple, dict] = {}
    for combo in itertools.product(*acts):
        plan = dict(zip(keys, combo))
        reach = _reachable_infosets(tree, player, plan)
        seen.setdefault(tuple(plan[k] if k in reach else "*" for k in keys), plan)
    return keys, seen


def reduced_normal_form(tree: GameTree, max_profiles: int = 200_000) -> NormalFormGame:
    """The reduced normal form of ``tree`` with strategy labels like ``"In/Fight"`` (``*`` = unreachable)."""
    tree.validate()
    if tree.is_symbolic:
        raise NotSupportedError("substitute the parameters before converting to normal form")
    per_player: list[list[tuple[str, dict]]] = []
    for p in tree.players:
        _, plans = reduced_plans_of(tree, p)
        per_player.append([("/".join(red) if red else "-", plan) for red, plan in plans.items()])
    shape = tuple(len(s) for s in per_player)
    if int(np.prod(shape)) > max_profiles:
        raise NotSupportedError(f"the reduced normal form has {int(np.prod(shape))} profiles (limit {max_profiles})")
    payoffs = [np.empty(shape, dtype=object) for _ in tree.players]
    for idx in itertools.product(*(range(s) for s in shape)):
        plans = {p: per_player[j][idx[j]][1] for j, p in enumerate(tree.players)}
        out = _outcome(tree, plans)
        for j in range(len(tree.players)):
            payoffs[j][idx] = out[j]
    strategies = [[lab for lab, _ in s] for s in per_player]
    return NormalFormGame(payoffs, players=list(tree.players), strategies=strategies, title=tree.title)
