"""Subgames of an extensive-form game with information sets.

A node ``x`` is the root of a subgame when it is a singleton information set
(or a chance node) and no information set straddles the boundary of its
subtree: every information set with a member below ``x`` has all its members
below ``x``. Subgames nest; :func:`subgames` returns them with that nesting.

The test is linear in the total depth of the information sets' members: for an
information set with members ``m_1..m_k`` and lowest common ancestor ``a``,
exactly the nodes on the paths from each ``m_j`` up to (but excluding) ``a``
see the set leave their subtree, so they are not subgame roots.

Examples
--------
>>> from gametheory.games.tree import GameTree
>>> t = GameTree(["A", "B"])
>>> t.add_decision("r", "A")
>>> t.add_terminal("out", (1, 1), "r", "Out")
>>> t.add_decision("s", "A", "r", "In")                   # a simultaneous move follows
>>> t.add_decision("bl", "B", "s", "L", infoset="b")
>>> t.add_decision("br", "B", "s", "R", infoset="b")
>>> for n in ("bl", "br"):
...     t.add_terminal(n + "x", (2, 0), n, "x"); t.add_terminal(n + "y", (0, 2), n, "y")
>>> subgame_roots(t)
['r', 's']
>>> [(g.root, g.parent, g.children) for g in subgames(t)]
[('r', None, ('s',)), ('s', 'r', ())]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Hashable, Mapping, Sequence

from gametheory.exceptions import InvalidGameError
from gametheory.games.tree import CHANCE, DECISION, TERMINAL, GameTree

__all__ = ["Subgame", "subgame_roots", "subgames", "subtree", "truncated_subgame"]


@dataclass(frozen=True)
class Subgame:
    """One subgame: its root, the root of the smallest subgame strictly containing it
    (``None`` for the whole game), the roots of the subgames directly nested in it,
    and its depth in the nesting (0 for the whole game)."""

    root: Hashable
    parent: Hashable | None
    children: tuple
    depth: int


def _parents_and_order(tree: GameTree) -> tuple[list, dict, dict]:
    order = tree.nodes()
    parent: dict = {tree.root: None}
    depth: dict = {tree.root: 0}
    for n in order:
        for c in tree.graph.successors(n):
            parent[c] = n
            depth[c] = depth[n] + 1
    return order, parent, depth


def subgame_roots(tree: GameTree) -> list:
    """Roots of every subgame (the whole game's root first), in breadth-first order.

    Terminal nodes are not listed (their subgames are trivial).
    """
    if tree.root is None:
        raise InvalidGameError("the tree is empty")
    order, parent, depth = _parents_and_order(tree)
    bad: set = set()
    for members in tree.infosets().values():
        if len(members) < 2:
            continue
        lca = _lowest_common_ancestor(members, parent, depth)
        for m in members:
            node = m
            while node != lca:
                bad.add(node)
                node = parent[node]
    return [n for n in order if tree.kind(n) != TERMINAL and n not in bad]


def _lowest_common_ancestor(members: Sequence, parent: Mapping, depth: Mapping) -> Hashable:
    nodes = set(members)
    while len(nodes) > 1:
        deepest = max(depth[n] for n in nodes)
        nodes = {parent[n] if depth[n] == deepest else n for n in nodes}
    return next(iter(nodes))


def subgames(tree: GameTree) -> tuple[Subgame, ...]:
    """Every subgame with its nesting, in breadth-first order of the roots.

    Examples
    --------
    >>> from gametheory.games.tree import GameTree
    >>> t = GameTree(["A"]); t.add_chance("c")
    >>> t.add_decision("d", "A", "c", "h", probability="1/2"); t.add_terminal("t1", (1,), "d", "x")
    >>> t.add_terminal("t2", (0,), "c", "t", probability="1/2")
    >>> [(g.root, g.parent, g.depth) for g in subgames(t)]
    [('c', None, 0), ('d', 'c', 1)]
    """
    roots = subgame_roots(tree)
    is_root = set(roots)
    _, parent, _ = _parents_and_order(tree)
    enclosing: dict = {}
    for r in roots:
        node = parent[r]
        while node is not None and node not in is_root:
            node = parent[node]
        enclosing[r] = node
    kids: dict = {r: [] for r in roots}
    for r in roots:
        if enclosing[r] is not None:
            kids[enclosing[r]].append(r)
    depth: dict = {}
    for r in roots:  # breadth-first: the enclosing root comes first
        depth[r] = 0 if enclosing[r] is None else depth[enclosing[r]] + 1
    return tuple(Subgame(r, enclosing[r], tuple(kids[r]), depth[r]) for r in roots)


def subtree(tree: GameTree, node: Hashable) -> GameTree:
    """The subgame rooted at ``node`` as a :class:`GameTree` (same node ids and information sets)."""
    return truncated_subgame(tree, node, {})


def truncated_subgame(tree: GameTree, node: Hashable, replace: Mapping[Hashable, Sequence[Any]]) -> GameTree:
    """The subtree at ``node`` with each node in ``replace`` turned into a terminal node.

    ``replace`` maps nodes of the subtree (typically roots of nested subgames) to the
    payoff vector that stands in for their subgame.

    Examples
    --------
    >>> from gametheory.games.tree import GameTree
    >>> t = GameTree(["A"]); t.add_decision("r", "A"); t.add_decision("d", "A", "r", "go")
    >>> t.add_terminal("x", (3,), "d", "x"); t.add_terminal("s", (1,), "r", "stop")
    >>> small = truncated_subgame(t, "r", {"d": (3,)})
    >>> small.kind("d"), small.payoffs("d")
    ('terminal', (Fraction(3, 1),))
    """
    if node not in tree.graph:
        raise InvalidGameError(f"node {node!r} is not in the tree")
    g = tree.graph
    out = GameTree(tree.players, title=tree.title)
    stack: list[tuple[Hashable, Hashable | None, str | None, Any]] = [(node, None, None, None)]
    while stack:
        n, par, action, prob = stack.pop()
        kind = g.nodes[n]["kind"]
        if n in replace or kind == TERMINAL:
            pay = replace[n] if n in replace else g.nodes[n]["payoffs"]
            out.add_terminal(n, pay, par, action, prob)
            continue
        if kind == DECISION:
            out.add_decision(n, g.nodes[n]["player"], par, action, infoset=g.nodes[n]["infoset"][1],
                             probability=prob)
        else:
            out.add_chance(n, par, action, prob)
        kids = list(g.successors(n))
        for c in reversed(kids):  # a stack: push in reverse so children keep their order
            d = g.edges[n, c]
            stack.append((c, n, d["action"], d.get("probability") if kind == CHANCE else None))
    return out
