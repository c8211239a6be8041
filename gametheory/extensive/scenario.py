"""The ``tree`` kind of model file: a game tree with payoffs in the parameters.

``[game]`` holds an optional ``title``, an optional ``root`` (the name of the
first node; by default the first node of ``[game.nodes]``) and ``nodes``, a
table of named nodes. Each node is one of

- a *decision* node: ``player`` (one of the model's players), ``actions``
  (unique labels), ``children`` (node names, one per action) and an optional
  ``infoset`` label (decision nodes of one player sharing a label form an
  information set);
- a *chance* node: ``actions`` (labels of Nature's outcomes), ``children``
  and ``probabilities`` (expressions in the parameters, checked to lie in
  [0, 1] and sum to one at every set of values);
- a *terminal* node: ``payoffs``, a list with one expression per player (in
  the order of ``players``) or a table player -> expression.

Every node may carry a ``note`` (free text). The nodes must form one tree
from the root: every child name exists, no node has two parents, no cycle,
every node is reachable. Views: ``("tree", "normal")``: the numeric
:class:`~gametheory.games.tree.GameTree` (exact ``Fraction`` payoffs when the
values and expressions are rational) and its reduced normal form; ``symbolic``
gives the tree with sympy payoffs and the normal form as a
:class:`~gametheory.games.symbolic.SymbolicGame`.

Examples
--------
>>> from gametheory.io.scenario import parse_model
>>> text = '''
... name = "entry"
... title = "Entry deterrence"
... question = "Is the incumbent's threat to fight credible?"
... description = "Selten's entry game with a fighting cost c."
... citations = ["[L7] Selten 1978"]
... players = ["Entrant", "Incumbent"]
... [parameters.c]
... default = 2
... unit = "$B"
... min = 0
... source = "L7"
... description = "the incumbent's cost of fighting"
... [game]
... kind = "tree"
... [game.nodes.start]
... player = "Entrant"
... actions = ["out", "in"]
... children = ["stay_out", "entered"]
... [game.nodes.entered]
... player = "Incumbent"
... actions = ["fight", "accommodate"]
... children = ["fought", "shared"]
... [game.nodes.stay_out]
... payoffs = [0, 2]
... [game.nodes.fought]
... payoffs = { Entrant = -1, Incumbent = "1 - c" }
... [game.nodes.shared]
... payoffs = [1, 1]
... '''
>>> m = parse_model(text, source="entry.toml")
>>> m.views()
('tree', 'normal')
>>> t = m.build()
>>> t.actions("entered"), t.payoffs("fought")
(('fight', 'accommodate'), (Fraction(-1, 1), Fraction(-1, 1)))
>>> m.build("normal").strategies
(('out', 'in'), ('fight', 'accommodate'))
>>> m.symbolic().payoffs("fought")
(Fraction(-1, 1), 1 - c)
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..exceptions import GameTheoryError, NotSupportedError
from ..games.tree import CHANCE, DECISION, TERMINAL, GameTree

__all__ = ["TreeNode", "TreeView", "from_spec"]

_DECISION_KEYS = ("player", "actions", "children")
_CHANCE_KEYS = ("actions", "children", "probabilities")


class TreeNode:
    """One node of a tree model, as read from the file (expressions in sympy)."""

    __slots__ = ("actions", "children", "infoset", "kind", "name", "player", "values")

    def __init__(self, name: str, kind: str, player: str | None = None, actions: tuple[str, ...] = (),
                 children: tuple[str, ...] = (), infoset: str | None = None,
                 values: tuple[Any, ...] = ()) -> None:
        self.name = name
        self.kind = kind
        self.player = player
        self.actions = actions
        self.children = children
        self.infoset = infoset
        self.values = values  # chance: probabilities; terminal: payoffs (one per player)


class TreeView:
    """The views of a ``tree`` model: ``"tree"`` (a GameTree) and ``"normal"`` (its reduced normal form)."""

    views = ("tree", "normal")

    def __init__(self, nodes: dict[str, TreeNode], root: str, players: tuple[str, ...], title: str,
                 ctx: Any) -> None:
        self.nodes = nodes
        self.root = root
        self.players = players
        self.title = title
        self._ctx = ctx

    def _tree(self, value: Any) -> GameTree:
        """Assemble a GameTree, mapping each expression through ``value(expr, key)``."""
        t = GameTree(self.players, title=self.title)
        stack: list[tuple[str, str | None, str | None, Any]] = [(self.root, None, None, None)]
        while stack:
            name, parent, action, prob = stack.pop()
            node = self.nodes[name]
            if node.kind == DECISION:
                t.add_decision(name, node.player, parent, action, infoset=node.infoset, probability=prob)
            elif node.kind == CHANCE:
                t.add_chance(name, parent, action, probability=prob)
            else:
                pays = tuple(value(v, f"nodes.{name}.payoffs[{i}]") for i, v in enumerate(node.values))
                t.add_terminal(name, pays, parent, action, probability=prob)
            kids = []
            for k, (a, c) in enumerate(zip(node.actions, node.children)):
                p = value(node.values[k], f"nodes.{name}.probabilities[{k}]") if node.kind == CHANCE else None
                kids.append((c, name, a, p))
            stack.extend(reversed(kids))  # children in file order
        return t

    def build(self, values: Mapping[str, Fraction | float], view: str) -> Any:
        """The numeric tree (or its reduced normal form) at validated parameter ``values``."""
        ctx = self._ctx

        def number(expr: Any, key: str) -> Any:
            v = ctx.evaluate(expr, values, key)
            if isinstance(v, bool):
                raise ctx.error(key, "expected a number, got a condition")
            return v

        try:
            tree = self._tree(number)
            if view == "tree":
                return tree
            from ._reduced_normal_form import reduced_normal_form

            return reduced_normal_form(tree)
        except GameTheoryError as exc:
            if str(exc).startswith(f"{ctx.source}: "):
                raise
            raise ctx.error(None, str(exc)) from None

    def symbolic(self, view: str) -> Any:
        """The tree with sympy payoffs and probabilities, or its reduced normal form as a SymbolicGame."""
        tree = self._tree(lambda expr, key: expr)
        if view == "tree":
            return tree
        if view != "normal":
            raise NotSupportedError(f"{self._ctx.source}: no view {view!r}")
        return _symbolic_normal_form(tree, [p.name for p in self._ctx.parameters])


def _symbolic_normal_form(tree: GameTree, parameters: list[str]) -> Any:
    """The reduced normal form of a symbolic tree (labels as in ``reduced_normal_form``), sympy payoffs."""
    import itertools

    import numpy as np

    from ..games.symbolic import SymbolicGame
    from ._reduced_normal_form import _outcome, reduced_plans_of

    per_player = []
    for p in tree.players:
        _, plans = reduced_plans_of(tree, p, limit=20_000)
        per_player.append([("/".join(red) if red else "-", plan) for red, plan in plans.items()])
    shape = tuple(len(s) for s in per_player)
    if int(np.prod(shape)) > 20_000:
        raise NotSupportedError(f"the symbolic reduced normal form would have {int(np.prod(shape))} profiles")
    arrays = [np.empty(shape, dtype=object) for _ in tree.players]
    for idx in itertools.product(*(range(n) for n in shape)):
        plans = {p: per_player[j][idx[j]][1] for j, p in enumerate(tree.players)}
        for j, v in enumerate(_outcome(tree, plans)):
            arrays[j][idx] = v
    strategies = [[lab for lab, _ in s] for s in per_player]
    return SymbolicGame(arrays, list(tree.players), strategies, tree.title, parameters=parameters)


def from_spec(spec: dict[str, Any], ctx: Any) -> TreeView:
    """Read the ``[game]`` table of a ``tree`` model (the plug-in entry point)."""
    ctx.check_keys(spec, ("nodes",), ("root", "title"))
    title = spec.get("title", ctx.title)
    if not isinstance(title, str):
        raise ctx.error("title", "expected a string")
    table = spec["nodes"]
    if not isinstance(table, dict) or not table:
        raise ctx.error("nodes", "expected a table of named nodes")
    nodes = {name: _read_node(name, item, ctx) for name, item in table.items()}
    root = spec.get("root", next(iter(table)))
    if not isinstance(root, str) or root not in nodes:
        raise ctx.error("root", f"{root!r} is not a node (nodes: {_some(nodes)})")
    _check_structure(nodes, root, ctx)
    _check_infosets(nodes, ctx)
    return TreeView(nodes, root, ctx.players, title, ctx)


def _some(names: Mapping[str, Any], k: int = 8) -> str:
    shown = list(names)[:k]
    return ", ".join(shown) + (", ..." if len(names) > k else "")


def _read_node(name: str, item: Any, ctx: Any) -> TreeNode:
    key = f"nodes.{name}"
    if not name.strip():
        raise ctx.error(key, "a node name must not be empty")
    if not isinstance(item, dict):
        raise ctx.error(key, "expected a table (a decision, chance or terminal node)")
    if "payoffs" in item:
        ctx.check_keys(item, ("payoffs",), ("note",), key)
        return TreeNode(name, TERMINAL, values=_payoffs(item["payoffs"], ctx, key))
    if "player" in item:
        ctx.check_keys(item, _DECISION_KEYS, ("infoset", "note"), key)
        player = item["player"]
        if not isinstance(player, str) or player not in ctx.players:
            raise ctx.error(f"{key}.player", f"{player!r} is not a player (players: {', '.join(ctx.players)})")
        infoset = item.get("infoset")
        if infoset is not None and (not isinstance(infoset, str) or not infoset.strip()):
            raise ctx.error(f"{key}.infoset", "expected a non-empty string")
        actions, children = _edges(item, ctx, key)
        return TreeNode(name, DECISION, player, actions, children, infoset)
    if "probabilities" in item:
        ctx.check_keys(item, _CHANCE_KEYS, ("note",), key)
        actions, children = _edges(item, ctx, key)
        probs = ctx.probabilities(item["probabilities"], f"{key}.probabilities")
        if len(probs) != len(actions):
            raise ctx.error(f"{key}.probabilities", f"{len(probs)} probabilities for {len(actions)} actions")
        return TreeNode(name, CHANCE, None, actions, children, None, probs)
    raise ctx.error(key, "a node needs 'player' (decision), 'probabilities' (chance) or 'payoffs' (terminal)")


def _edges(item: dict[str, Any], ctx: Any, key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    actions = ctx.labels(item["actions"], f"{key}.actions", "action")
    children = item["children"]
    if not isinstance(children, list) or not all(isinstance(c, str) for c in children):
        raise ctx.error(f"{key}.children", "expected a list of node names")
    if len(children) != len(actions):
        raise ctx.error(f"{key}.children", f"{len(children)} children for {len(actions)} actions")
    return actions, tuple(children)


def _payoffs(raw: Any, ctx: Any, key: str) -> tuple[Any, ...]:
    players = ctx.players
    if isinstance(raw, dict):
        ctx.check_keys(raw, players, (), f"{key}.payoffs")
        return tuple(ctx.parse_expression(raw[p], f"{key}.payoffs.{p}") for p in players)
    if not isinstance(raw, list) or len(raw) != len(players):
        raise ctx.error(f"{key}.payoffs", f"expected {len(players)} payoffs, one per player "
                                          f"({', '.join(players)}), as a list or a table")
    return tuple(ctx.parse_expression(v, f"{key}.payoffs[{i}]") for i, v in enumerate(raw))


def _check_structure(nodes: dict[str, TreeNode], root: str, ctx: Any) -> None:
    """Every child exists, has one parent and is reachable from the root; no cycles."""
    parent: dict[str, str] = {}
    for name, node in nodes.items():
        for k, c in enumerate(node.children):
            if c not in nodes:
                raise ctx.error(f"nodes.{name}.children[{k}]", f"unknown node {c!r} (nodes: {_some(nodes)})")
            if c == root:
                raise ctx.error(f"nodes.{name}.children[{k}]",
                                f"{c!r} is the root: a cycle (the root has no parent)")
            if c in parent:
                raise ctx.error(f"nodes.{name}.children[{k}]",
                                f"node {c!r} has two parents ({parent[c]!r} and {name!r})")
            parent[c] = name
    # walk from the root: with one parent per node, anything not reached lies on a cycle or is detached
    seen, stack = {root}, [root]
    while stack:
        for c in nodes[stack.pop()].children:
            if c not in seen:
                seen.add(c)
                stack.append(c)
    missing = [n for n in nodes if n not in seen]
    if missing:
        n = missing[0]
        cycle, cur = [n], parent.get(n)
        while cur is not None and cur not in cycle:
            cycle.append(cur)
            cur = parent.get(cur)
        if cur is not None:  # `cur` lies on a cycle: list it forwards, from `cur` back to `cur`
            loop, p = [cur], parent[cur]
            while p != cur:
                loop.append(p)
                p = parent[p]
            shown = " -> ".join([cur, *reversed(loop[1:]), cur])
            raise ctx.error(f"nodes.{cur}", f"a cycle: {shown}")
        raise ctx.error(f"nodes.{n}", f"node {n!r} is unreachable from the root {root!r}")


def _check_infosets(nodes: dict[str, TreeNode], ctx: Any) -> None:
    owner: dict[str, tuple[str, str]] = {}
    for name, node in nodes.items():
        if node.infoset is None:
            continue
        first = owner.setdefault(node.infoset, (name, node.player or ""))
        other = nodes[first[0]]
        if other.player != node.player:
            raise ctx.error(f"nodes.{name}.infoset", f"information set {node.infoset!r} mixes players "
                                                     f"{other.player!r} ({first[0]}) and {node.player!r}")
        if other.actions != node.actions:
            raise ctx.error(f"nodes.{name}.actions",
                            f"information set {node.infoset!r}: actions {list(node.actions)} differ from "
                            f"{list(other.actions)} at {first[0]!r}")
