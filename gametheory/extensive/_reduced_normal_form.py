"""Tree -> reduced normal form (pure strategies that differ only at unreachable information sets merged).

Each player's reduced plans are built bottom-up over the tree (:func:`reduced_plans_of`), so a player
with many information sets but few reduced plans costs little; the payoff tables are then sums over
terminals of chance probability times payoff, for the terminals each profile reaches (0/1 reach
matrices, one per player, contracted with the weights), not a walk of the tree per profile.

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

import math
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.exceptions import NotSupportedError
from gametheory.games.normal_form import NormalFormGame
from gametheory.games.tree import DECISION, TERMINAL, GameTree

__all__ = ["reduced_normal_form"]


def _outcome(tree: GameTree, plans: dict) -> tuple:
    """Expected payoffs when each player follows its plan (``{player: {infoset: action}}``), by a walk
    from the root (symbolic trees; numeric ones use :func:`_terminal_weights`)."""
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


def _postorder(tree: GameTree) -> list:
    """Every node, children before parents (iterative: deep trees do not hit the recursion limit)."""
    order, stack = [], [tree.root]
    while stack:
        n = stack.pop()
        order.append(n)
        stack.extend(tree.children(n))
    return order[::-1]


def reduced_plans_of(tree: GameTree, player: str, limit: int | None = None) -> tuple[list, dict[tuple, dict]]:
    """``player``'s information-set keys and its reduced plans: ``{reduced plan: one full plan behind it}``,
    in the order of the normal form's strategies (``"*"`` marks a set the plan never reaches).

    Built bottom-up: a node's reduced plans (the actions at the sets reachable below it) are the union over
    its actions at the player's own nodes, and the consistent combinations of its children's elsewhere. So
    the work follows the number of reduced plans, not of full plans (exponential in the number of sets).
    More than ``limit`` plans raises :class:`NotSupportedError` as soon as a node has that many.
    The full plan behind a reduced one takes each set's first action where the plan does not reach it;
    the plans come in the lexicographic order of those full plans (actions in the tree's order).
    """
    isets = tree.infosets()
    keys = [k for k in isets if k[0] == player]
    slot = {k: i for i, k in enumerate(keys)}
    acts = [tree.actions(isets[k][0]) for k in keys]
    below: dict[Any, set[tuple]] = {}
    for n in _postorder(tree):
        kind = tree.kind(n)
        if kind == TERMINAL:
            plans = {(None,) * len(keys)}
        elif kind == DECISION and tree.player(n) == player:
            i = slot[tree.graph.nodes[n]["infoset"]]
            plans = {p[:i] + (a,) + p[i + 1:] for a in tree.actions(n) for p in below[tree.child(n, a)]}
        else:
            plans = {(None,) * len(keys)}
            for c in tree.children(n):
                plans = {m for p in plans for q in below[c] if (m := _merge(p, q)) is not None}
                if limit is not None and len(plans) > limit:
                    raise NotSupportedError(f"player {player} has more than {limit:,} reduced plans")
        if limit is not None and len(plans) > limit:
            raise NotSupportedError(f"player {player} has more than {limit:,} reduced plans")
        below[n] = plans
        for c in tree.children(n):
            below.pop(c, None)
    rank = [{a: r for r, a in enumerate(x)} for x in acts]
    ordered = sorted(below[tree.root], key=lambda p: [0 if a is None else rank[i][a] for i, a in enumerate(p)])

    def behind(p: tuple) -> dict:  # the full plan: the first action where p does not reach
        return dict(zip(keys, (acts[i][0] if a is None else a for i, a in enumerate(p))))

    return keys, {tuple("*" if a is None else a for a in p): behind(p) for p in ordered}


def _merge(p: tuple, q: tuple) -> tuple | None:
    """Two partial plans as one, or None where they choose differently at a set."""
    out = []
    for a, b in zip(p, q):
        if a is None:
            out.append(b)
        elif b is None or a == b:
            out.append(a)
        else:
            return None
    return tuple(out)


def _terminal_weights(tree: GameTree, exact: bool) -> tuple[list, list[dict[Any, str]]]:
    """Per terminal: its payoffs times the chance probability of reaching it, and per player the actions
    its path takes (``{infoset: action}``)."""
    rows: list = []
    paths: list[dict[Any, str]] = []
    one: Any = Fraction(1) if exact else 1.0
    stack = [(tree.root, one, {p: {} for p in tree.players})]
    while stack:
        n, prob, taken = stack.pop()
        kind = tree.kind(n)
        if kind == TERMINAL:
            rows.append([prob * (Fraction(v) if exact else float(v)) for v in tree.payoffs(n)])
            paths.append(taken)
        elif kind == DECISION:
            p, iset = tree.player(n), tree.graph.nodes[n]["infoset"]
            for a in tree.actions(n):
                stack.append((tree.child(n, a), prob, {**taken, p: {**taken[p], iset: a}}))
        else:
            for c in tree.children(n):
                q = tree.probability(n, c)
                if q:
                    stack.append((c, prob * (Fraction(q) if exact else float(q)), taken))
    return rows, paths


def reduced_normal_form(tree: GameTree, max_profiles: int = 200_000) -> NormalFormGame:
    """The reduced normal form of ``tree`` with strategy labels like ``"In/Fight"`` (``*`` = unreachable)."""
    tree.validate()
    if tree.is_symbolic:
        raise NotSupportedError("substitute the parameters before converting to normal form")
    per_player: list[list[tuple[str, dict]]] = []
    for p in tree.players:
        _, plans = reduced_plans_of(tree, p, limit=max_profiles)
        per_player.append([("/".join(red) if red else "-", plan) for red, plan in plans.items()])
    shape = tuple(len(s) for s in per_player)
    if int(np.prod(shape)) > max_profiles:
        raise NotSupportedError(f"the reduced normal form has {int(np.prod(shape))} profiles (limit {max_profiles})")
    payoffs = _payoff_tables(tree, per_player, shape)
    strategies = [[lab for lab, _ in s] for s in per_player]
    return NormalFormGame(payoffs, players=list(tree.players), strategies=strategies, title=tree.title)


def _payoff_tables(tree: GameTree, per_player: list[list[tuple[str, dict]]], shape: tuple[int, ...]) -> list:
    """Each player's payoff table: the sum, over the terminals a profile reaches, of chance probability times
    payoff, as 0/1 reach matrices times weights (in integers over one denominator for exact trees)."""
    exact = tree.is_exact
    rows, paths = _terminal_weights(tree, exact)
    terminals = len(rows)
    # reach[j][s, t]: player j's plan s takes every action of j on the path to terminal t. With one
    # column per (set, action) pair: chosen[s, c] (plan s takes it), needed[t, c] (the path takes it);
    # plan s reaches t when it takes all of the path's pairs
    reach = []
    for j, p in enumerate(tree.players):
        column: dict[tuple, int] = {}
        for pairs in [plan.items() for _, plan in per_player[j]] + [path[p].items() for path in paths]:
            for pair in pairs:
                column.setdefault(pair, len(column))
        chosen = np.zeros((shape[j], len(column)), dtype=np.int64)
        for s, (_, plan) in enumerate(per_player[j]):
            chosen[s, [column[pair] for pair in plan.items()]] = 1
        needed = np.zeros((terminals, len(column)), dtype=np.int64)
        for t, path in enumerate(paths):
            needed[t, [column[pair] for pair in path[p].items()]] = 1
        reach.append(chosen @ needed.T == needed.sum(axis=1))
    out = []
    for i in range(len(tree.players)):
        weights = [r[i] for r in rows]
        if exact:
            den = math.lcm(*(w.denominator for w in weights)) if weights else 1
            nums = [int(w * den) for w in weights]
            big = sum(abs(v) for v in nums) >= 2 ** 62
            vec = np.array(nums, dtype=object if big else np.int64)
        else:
            vec = np.array(weights, dtype=float)
        table = _contract(reach, vec, shape)
        if exact:
            table = np.array([Fraction(int(v), den) for v in table.ravel()], dtype=object).reshape(shape)
        out.append(table)
    return out


def _contract(reach: list[np.ndarray], vec: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``T[s_1, ..., s_n] = sum_t vec[t] prod_j reach[j][s_j, t]``, one first-player strategy at a time
    (memory: the other players' profiles times the terminals)."""
    rest = np.ones((1, reach[0].shape[1]), dtype=bool)
    for r in reach[1:]:
        rest = (rest[:, None, :] & r[None, :, :]).reshape(-1, r.shape[1])
    table = np.empty((shape[0], rest.shape[0]), dtype=vec.dtype)
    for s in range(shape[0]):
        table[s] = (rest & reach[0][s]) @ vec if vec.dtype != object else (rest & reach[0][s]).astype(object) @ vec
    return table.reshape(shape)
