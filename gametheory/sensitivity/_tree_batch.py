"""Backward induction and credibility of a tree over many parameter samples at once (private kernel).

The tree's structure is compiled once (:func:`tree_plan`, breadth-first order);
payoffs and chance probabilities arrive as arrays with one column per sample.
:func:`solve_tree_batch` then runs backward induction node by node with the
sample axis vectorised: at a decision node the mover's first maximiser (a
tolerance of 1e-9 times the sample's payoff range, as
:func:`gametheory.extensive.backward_induction.backward_induction` uses), at a
chance node the probability-weighted sum. It returns what
:func:`gametheory.extensive.credibility.credibility` reports per sample: the
equilibrium path (up to the first chance node), whether each action at each
decision node is credible (optimal once the node is reached, within 1e-9 times
the best value, as ``credibility`` decides), which nodes the equilibrium leaves
off its path, and where the equilibrium is not unique (a tie at a node it reaches).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..exceptions import NotSupportedError
from ..games.tree import CHANCE, DECISION, TERMINAL, GameTree

__all__ = ["TreePlan", "TreeBatch", "tree_plan", "solve_tree_batch"]

_KIND = {TERMINAL: 0, DECISION: 1, CHANCE: 2}


@dataclass(frozen=True, eq=False)
class TreePlan:
    """The structure of a perfect-information tree in breadth-first order (node 0 is the root).

    ``terminals`` lists the terminal nodes in the order of the rows of the
    payoff array; ``chance_children`` the children of chance nodes in the order
    of the rows of the probability array. ``pairs`` lists every (decision node,
    action index) in node order: the rows of ``TreeBatch.credible``.
    """

    nodes: tuple[Any, ...]
    players: tuple[str, ...]
    kind: np.ndarray
    player: np.ndarray
    children: tuple[tuple[int, ...], ...]
    actions: tuple[tuple[str, ...], ...]
    histories: tuple[tuple[str, ...], ...]
    terminals: np.ndarray
    chance_children: np.ndarray
    pairs: tuple[tuple[int, int], ...]


@dataclass(frozen=True, eq=False)
class TreeBatch:
    """Per-sample results of :func:`solve_tree_batch` (S samples)."""

    stop: np.ndarray       # (S,) node where the equilibrium path stops (first chance or terminal node)
    credible: np.ndarray   # (len(pairs), S) bool
    off_path: np.ndarray   # (len(pairs), S) bool: the pair's node is not reached by the equilibrium
    tied: np.ndarray       # (S,) bool: a reached decision node has several optimal actions


def tree_plan(tree: GameTree) -> tuple[TreePlan, list[Any], list[Any]]:
    """Compile ``tree`` (numeric or symbolic) into a plan, its payoff and its probability expressions.

    Returns
    -------
    plan : TreePlan
    payoffs : list
        One entry per (terminal, player), terminals in ``plan.terminals`` order.
    probabilities : list
        One entry per child of a chance node, in ``plan.chance_children`` order.
    """
    if not tree.has_perfect_information:
        raise NotSupportedError("robustness of trees with information sets is not supported "
                                "(backward induction needs perfect information)")
    order = [tree.root]
    parent = [-1]
    i = 0
    while i < len(order):
        for c in tree.children(order[i]):
            order.append(c)
            parent.append(i)
        i += 1
    index = {v: k for k, v in enumerate(order)}
    pidx = {p: k for k, p in enumerate(tree.players)}
    kind = np.array([_KIND[tree.kind(v)] for v in order], dtype=np.int8)
    player = np.array([pidx[tree.player(v)] if tree.kind(v) == DECISION else -1 for v in order], dtype=np.int64)
    children = tuple(tuple(index[c] for c in tree.children(v)) for v in order)
    actions = tuple(tuple(tree.actions(v)) if tree.kind(v) != TERMINAL else () for v in order)
    histories = tuple(tuple(tree.history(v)) for v in order)
    terminals = np.flatnonzero(kind == 0)
    chance_children = np.array([c for k in np.flatnonzero(kind == 2) for c in children[k]], dtype=np.int64)
    pairs = tuple((int(k), a) for k in np.flatnonzero(kind == 1) for a in range(len(children[k])))
    payoffs = [e for t in terminals for e in tree.payoffs(order[t])]
    probabilities = [tree.probability(order[parent[c]], order[c]) for c in chance_children]
    plan = TreePlan(tuple(order), tuple(tree.players), kind, player, children, actions, histories,
                    terminals, chance_children, pairs)
    return plan, payoffs, probabilities


def solve_tree_batch(plan: TreePlan, payoff: np.ndarray, prob: np.ndarray) -> TreeBatch:
    """Backward induction and credibility for every sample.

    Parameters
    ----------
    plan : TreePlan
    payoff : ndarray, shape (len(plan.terminals), num_players, S)
    prob : ndarray, shape (len(plan.chance_children), S)

    Examples
    --------
    Selten's entry game with the incumbent's fighting payoff ``-1`` or ``2``:

    >>> t = GameTree(["E", "I"])
    >>> t.add_decision("r", "E"); t.add_terminal("o", (0, 2), "r", "Out")
    >>> t.add_decision("i", "I", "r", "In")
    >>> t.add_terminal("f", (-1, 0), "i", "Fight"); t.add_terminal("a", (1, 1), "i", "Accommodate")
    >>> plan, payoffs, _ = tree_plan(t)
    >>> P = np.array([[float(x), float(x)] for x in payoffs]).reshape(3, 2, 2)
    >>> P[1, 1, 1] = 2.0                       # second sample: fighting pays the incumbent 2
    >>> res = solve_tree_batch(plan, P, np.zeros((0, 2)))
    >>> [plan.histories[s] for s in res.stop]
    [('In', 'Accommodate'), ('Out',)]
    >>> res.credible.tolist()                  # rows: (r, Out), (r, In), (i, Fight), (i, Accommodate)
    [[False, True], [True, False], [False, True], [True, False]]
    """
    n = len(plan.nodes)
    S = payoff.shape[-1]
    flat = payoff.reshape(-1, S) if payoff.size else np.zeros((1, S))
    hi, lo = flat.max(axis=0), flat.min(axis=0)
    if (plan.kind != 0).any():          # backward_induction's range counts the zero rows of inner nodes
        hi, lo = np.maximum(hi, 0.0), np.minimum(lo, 0.0)
    tol = 1e-9 * np.maximum(hi - lo, 1.0)
    value: list[np.ndarray | None] = [None] * n
    for r, t in enumerate(plan.terminals):
        value[t] = payoff[r]
    prob_of = {int(c): prob[r] for r, c in enumerate(plan.chance_children)}
    choice = np.zeros((n, S), dtype=np.int64)
    tie = np.zeros((n, S), dtype=bool)
    credible = np.zeros((len(plan.pairs), S), dtype=bool)
    row_of = {pair: r for r, pair in enumerate(plan.pairs)}
    cols = np.arange(S)
    for k in range(n - 1, -1, -1):
        kind = plan.kind[k]
        if kind == 0:
            continue
        kids = plan.children[k]
        if kind == 2:
            acc = np.zeros_like(value[kids[0]])
            for c in kids:
                acc += prob_of[c] * value[c]
            value[k] = acc
        else:
            stacked = np.stack([value[c] for c in kids])            # (actions, players, S)
            own = stacked[:, plan.player[k], :]                       # (actions, S)
            best = own.max(axis=0)
            is_max = own >= best - tol
            first = is_max.argmax(axis=0)
            choice[k] = first
            tie[k] = is_max.sum(axis=0) > 1
            value[k] = stacked[first, :, cols].T
            # credibility's test: carrying the action out costs at most 1e-9 times the best value
            ctol = 1e-9 * np.maximum(1.0, np.abs(best))
            for a in range(len(kids)):
                credible[row_of[(k, a)]] = best - own[a] <= ctol
        for c in kids:
            if plan.kind[c] != 0:
                value[c] = None                                       # free inner values as we go
    reach = np.zeros((n, S), dtype=bool)
    reach[0] = True
    for k in range(n):
        if plan.kind[k] == 1:
            for a, c in enumerate(plan.children[k]):
                reach[c] = reach[k] & (choice[k] == a)
        elif plan.kind[k] == 2:
            for c in plan.children[k]:
                reach[c] = reach[k]
    pair_nodes = np.array([k for k, _ in plan.pairs], dtype=np.int64)
    off_path = ~reach[pair_nodes] if len(pair_nodes) else np.zeros((0, S), dtype=bool)
    tied = (tie & reach & (plan.kind == 1)[:, None]).any(axis=0)
    stop = np.zeros(S, dtype=np.int64)
    child_table = np.full((n, max((len(c) for c in plan.children), default=1) or 1), -1, dtype=np.int64)
    for k, kids in enumerate(plan.children):
        child_table[k, :len(kids)] = kids
    moving = plan.kind[stop] == 1
    while moving.any():
        at = stop[moving]
        stop[moving] = child_table[at, choice[at, cols[moving]]]
        moving = plan.kind[stop] == 1
    return TreeBatch(stop, credible, off_path, tied)


def tree_chunk(task: tuple[TreePlan, np.ndarray, np.ndarray]) -> TreeBatch:
    """:func:`solve_tree_batch` on one chunk ``(plan, payoff, prob)`` (top level: process pools and Dask import it)."""
    return solve_tree_batch(*task)
