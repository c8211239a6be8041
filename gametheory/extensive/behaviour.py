"""Behaviour strategies on game trees: conversion to and from reduced mixed strategies,
expected values, and the two regret certificates used for subgame perfection.

A *behaviour profile* maps every information set key ``(player, label)`` of
:meth:`GameTree.infosets` to a distribution ``{action: probability}``, or to
``None`` when the player's own strategy never reaches the set (any action there
is consistent; such sets are shown as ``"*"``, the reduced normal form's mark).

Two independent certificates measure how far a behaviour profile is from an
equilibrium of the subgame at a node:

* :func:`normal_form_regret`: the regret of the equivalent mixed profile in the
  reduced normal form of the subgame (built by
  :func:`~gametheory.extensive._reduced_normal_form.reduced_normal_form`);
* :func:`best_response_regret`: each player's best-response value computed on the
  tree, information set by information set (needs perfect recall), minus its
  value; this scales to trees whose normal form is too large to build.

Examples
--------
>>> from gametheory.games.tree import GameTree
>>> t = GameTree(["A", "B"])
>>> t.add_decision("r", "A")
>>> t.add_decision("l", "B", "r", "H", infoset="b"); t.add_decision("m", "B", "r", "T", infoset="b")
>>> for n, s in (("l", 1), ("m", -1)):
...     t.add_terminal(n + "h", (s, -s), n, "h"); t.add_terminal(n + "t", (-s, s), n, "t")
>>> half = {"H": Fraction(1, 2), "T": Fraction(1, 2)}
>>> beh = {("A", "r"): half, ("B", "b"): {"h": Fraction(1, 2), "t": Fraction(1, 2)}}
>>> normal_form_regret(t, beh), best_response_regret(t, beh)
(Fraction(0, 1), Fraction(0, 1))
>>> beh[("B", "b")] = {"h": 1, "t": 0}
>>> normal_form_regret(t, beh), best_response_regret(t, beh)
(Fraction(1, 1), Fraction(1, 1))
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Hashable, Mapping

from gametheory.exceptions import InvalidGameError, NotSupportedError
from gametheory.games.normal_form import NormalFormGame
from gametheory.games.tree import CHANCE, DECISION, TERMINAL, GameTree

from ._reduced_normal_form import reduced_normal_form, reduced_plans_of

__all__ = ["reduced_plans", "mixed_to_behaviour", "behaviour_to_mixed", "node_values",
           "normal_form_regret", "best_response_regret", "reduced_normal_form_with_plans"]

Behaviour = Mapping[Hashable, "Mapping[str, Any] | None"]


def reduced_plans(tree: GameTree) -> list[tuple[list, list[tuple]]]:
    """Per player: the information set keys and the reduced plans, in the order of
    :func:`reduced_normal_form`'s strategies (``"*"`` marks a set the plan never reaches)."""
    out = []
    for p in tree.players:
        keys, plans = reduced_plans_of(tree, p)
        out.append((keys, list(plans)))
    return out


def reduced_normal_form_with_plans(tree: GameTree, max_profiles: int = 200_000
                                   ) -> tuple[NormalFormGame, list[tuple[list, list[tuple]]]]:
    """The reduced normal form of ``tree`` and, per player, the plan behind each strategy."""
    game = reduced_normal_form(tree, max_profiles=max_profiles)
    plans = reduced_plans(tree)
    for (keys, reds), labels in zip(plans, game.strategies):
        if ["/".join(r) if r else "-" for r in reds] != list(labels):  # pragma: no cover - guard
            raise InvalidGameError("reduced normal form: strategy order changed; plans do not match")
    return game, plans


def mixed_to_behaviour(keys: list, plans: list[tuple], probs: Any) -> dict:
    """Kuhn's map from a mixed strategy over reduced plans to a behaviour strategy.

    Sets the player never reaches with positive probability map to ``None``.
    """
    out: dict = {}
    for j, key in enumerate(keys):
        den = sum((p for r, p in zip(plans, probs) if r[j] != "*"), Fraction(0))
        if den == 0:
            out[key] = None
            continue
        dist: dict = {}
        for r, p in zip(plans, probs):
            if r[j] != "*" and p != 0:
                dist[r[j]] = dist.get(r[j], 0) + p
        out[key] = {a: v / den for a, v in dist.items()}
    return out


def behaviour_to_mixed(keys: list, plans: list[tuple], behaviour: Behaviour) -> list:
    """The mixed strategy over reduced plans equivalent to a behaviour strategy (perfect recall)."""
    out = []
    for r in plans:
        prob: Any = Fraction(1)
        for j, key in enumerate(keys):
            if r[j] == "*":
                continue
            dist = behaviour.get(key)
            prob = prob * (0 if dist is None else dist.get(r[j], 0))
        out.append(prob)
    return out


def _subtree_order(tree: GameTree, root: Hashable) -> list:
    order, i = [root], 0
    succ = tree.graph.succ
    while i < len(order):
        order.extend(succ[order[i]])
        i += 1
    return order


def _edge_prob(tree: GameTree, behaviour: Behaviour, node: Hashable, child: Hashable) -> Any:
    g = tree.graph
    if g.nodes[node]["kind"] == CHANCE:
        return g.edges[node, child]["probability"]
    dist = behaviour.get(g.nodes[node]["infoset"])
    action = g.edges[node, child]["action"]
    if dist is None:  # never reached by its own player: any completion; take the first action
        return 1 if action == tree.actions(node)[0] else 0
    return dist.get(action, 0)


def node_values(tree: GameTree, behaviour: Behaviour, root: Hashable | None = None) -> dict:
    """Expected payoff vector of every node of the subtree at ``root`` under ``behaviour``."""
    root = tree.root if root is None else root
    g = tree.graph
    k = len(tree.players)
    val: dict = {}
    for n in reversed(_subtree_order(tree, root)):
        if g.nodes[n]["kind"] == TERMINAL:
            val[n] = tuple(g.nodes[n]["payoffs"])
            continue
        acc: list = [Fraction(0)] * k
        for c in g.successors(n):
            p = _edge_prob(tree, behaviour, n, c)
            if p:
                acc = [a + p * v for a, v in zip(acc, val[c])]
        val[n] = tuple(acc)
    return val


def normal_form_regret(tree: GameTree, behaviour: Behaviour, root: Hashable | None = None,
                       max_profiles: int = 200_000) -> Any:
    """Regret of ``behaviour`` in the reduced normal form of the subgame at ``root``.

    Raises :class:`NotSupportedError` when that normal form is larger than ``max_profiles``.
    """
    from ._subgames import subtree

    sub = tree if root is None or root == tree.root else subtree(tree, root)
    game, plans = reduced_normal_form_with_plans(sub, max_profiles)
    profile = [behaviour_to_mixed(keys, reds, behaviour) for keys, reds in plans]
    return game.regret(profile)


def best_response_regret(tree: GameTree, behaviour: Behaviour, root: Hashable | None = None) -> Any:
    """Largest gain of a unilateral deviation in the subgame at ``root``, computed on the tree.

    For each player the best response is built information set by information set,
    deepest first (valid under perfect recall): at a set, the action maximising the
    sum over its nodes of (others' and chance's reach probability) x (value below).
    """
    root = tree.root if root is None else root
    g = tree.graph
    order = _subtree_order(tree, root)
    depth = {root: 0}
    for n in order[1:]:
        depth[n] = depth[next(iter(g.pred[n]))] + 1
    current = node_values(tree, behaviour, root)[root]
    worst: Any = Fraction(0)
    for i, player in enumerate(tree.players):
        # reach probability of every node through chance and the other players only
        reach = {root: Fraction(1)}
        for n in order:
            for c in g.successors(n):
                own = g.nodes[n]["kind"] == DECISION and g.nodes[n]["player"] == player
                reach[c] = reach[n] * (1 if own else _edge_prob(tree, behaviour, n, c))
        members: dict = {}
        for n in order:
            if g.nodes[n]["kind"] == DECISION and g.nodes[n]["player"] == player:
                members.setdefault(g.nodes[n]["infoset"], []).append(n)
        br = dict(behaviour)
        memo: dict = {}

        def value(n: Hashable) -> Any:
            if n in memo:
                return memo[n]
            if g.nodes[n]["kind"] == TERMINAL:
                v = g.nodes[n]["payoffs"][i]
            else:
                v = sum((_edge_prob(tree, br, n, c) * value(c) for c in g.successors(n)
                         if _edge_prob(tree, br, n, c)), Fraction(0))
            memo[n] = v
            return v

        for key in sorted(members, key=lambda k: -min(depth[m] for m in members[k])):
            acts = tree.actions(members[key][0])
            scores = [sum((reach[m] * value(tree.child(m, a)) for m in members[key]), Fraction(0))
                      for a in acts]
            best = max(range(len(acts)), key=lambda j: scores[j])
            br[key] = {acts[best]: 1}
        gain = value(root) - current[i]
        worst = max(worst, gain)
    return worst


def require_perfect_recall(tree: GameTree) -> None:
    """Raise :class:`NotSupportedError` unless ``tree`` has perfect recall."""
    report = tree.validate()
    if not report.perfect_recall:
        raise NotSupportedError(
            "behaviour strategies need perfect recall (Kuhn's theorem): "
            + "; ".join(report.recall_failures))
