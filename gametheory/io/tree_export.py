"""Export a :class:`~gametheory.games.tree.GameTree` as Mermaid, Graphviz DOT or JSON.

Examples
--------
>>> from gametheory.games.tree import GameTree
>>> t = GameTree(["A"]); t.add_decision("r", "A"); t.add_terminal("x", (1,), "r", "go")
>>> print(to_mermaid(t).splitlines()[0])
flowchart TD
>>> to_json(t)["nodes"][1]["payoffs"]
['1']
"""

from __future__ import annotations

from typing import Any, Iterable

from gametheory.games.tree import CHANCE, DECISION, TERMINAL, GameTree

__all__ = ["to_mermaid", "to_dot", "to_json"]


def _ids(tree: GameTree) -> dict:
    return {n: f"n{i}" for i, n in enumerate(tree.nodes())}


def _label(tree: GameTree, node: Any) -> str:
    kind = tree.kind(node)
    if kind == DECISION:
        return tree.player(node)
    if kind == CHANCE:
        return "Chance"
    return "(" + ", ".join(str(v) for v in tree.payoffs(node)) + ")"


def _edge_label(tree: GameTree, u: Any, v: Any) -> str:
    d = tree.graph.edges[u, v]
    return d["action"] + (f" [{d['probability']}]" if "probability" in d else "")


def path_edges(tree: GameTree, path: Iterable[str] | None) -> set:
    """The (parent, child) edges followed by a sequence of action labels from the root."""
    out: set = set()
    if not path:
        return out
    node = tree.root
    for a in path:
        if tree.kind(node) == TERMINAL:
            break
        nxt = tree.child(node, a)
        out.add((node, nxt))
        node = nxt
    return out


def to_mermaid(tree: GameTree, path: Iterable[str] | None = None) -> str:
    """Mermaid flowchart (renders on GitHub); edges on ``path`` are drawn thick."""
    ids = _ids(tree)
    esc = lambda s: str(s).replace('"', "'")  # noqa: E731
    lines = ["flowchart TD"]
    for n, i in ids.items():
        k = tree.kind(n)
        shape = ('(["', '"])') if k == TERMINAL else (('{{"', '"}}') if k == CHANCE else ('["', '"]'))
        lines.append(f"    {i}{shape[0]}{esc(_label(tree, n))}{shape[1]}")
    hot = path_edges(tree, path)
    for u, v in tree.graph.edges:
        arrow = "==>" if (u, v) in hot else "-->"
        lines.append(f'    {ids[u]} {arrow}|"{esc(_edge_label(tree, u, v))}"| {ids[v]}')
    return "\n".join(lines) + "\n"


def to_dot(tree: GameTree, path: Iterable[str] | None = None) -> str:
    """Graphviz DOT; edges on ``path`` are red and bold."""
    ids = _ids(tree)
    q = lambda s: '"' + str(s).replace('"', '\\"') + '"'  # noqa: E731
    lines = [f"digraph {q(tree.title or 'game')} {{", "    rankdir=TB;"]
    shapes = {DECISION: "box", CHANCE: "diamond", TERMINAL: "plaintext"}
    for n, i in ids.items():
        lines.append(f"    {i} [label={q(_label(tree, n))}, shape={shapes[tree.kind(n)]}];")
    hot = path_edges(tree, path)
    for u, v in tree.graph.edges:
        style = ", color=red, penwidth=2.5" if (u, v) in hot else ""
        lines.append(f"    {ids[u]} -> {ids[v]} [label={q(_edge_label(tree, u, v))}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_json(tree: GameTree) -> dict:
    """A JSON-ready dict: players, title and nodes (id, kind, player, infoset, payoffs, children)."""
    ids = _ids(tree)
    nodes = []
    for n, i in ids.items():
        d: dict[str, Any] = {"id": i, "name": str(n), "kind": tree.kind(n)}
        if tree.kind(n) == DECISION:
            d["player"] = tree.player(n)
            d["infoset"] = str(tree.graph.nodes[n]["infoset"][1])
        if tree.kind(n) == TERMINAL:
            d["payoffs"] = [str(v) for v in tree.payoffs(n)]
        kids = []
        for c in tree.children(n):
            e = {"action": tree.graph.edges[n, c]["action"], "node": ids[c]}
            if "probability" in tree.graph.edges[n, c]:
                e["probability"] = str(tree.graph.edges[n, c]["probability"])
            kids.append(e)
        if kids:
            d["children"] = kids
        nodes.append(d)
    return {"title": tree.title, "players": list(tree.players), "nodes": nodes}
