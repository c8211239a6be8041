"""The report's sections for escalation trees: the subgame-perfect path and the credibility of threats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..games.tree import GameTree
from .document import Figure, Section, Table
from .format import fmt

__all__ = ["tree_view", "subgame_perfect_section", "credibility_section"]


def tree_view(model: Any, values: dict[str, Any]) -> GameTree | None:
    """The model's primary view when it is a game tree, built at ``values``; else None."""
    if getattr(model, "kind", None) != "tree":
        return None
    tree = model.build(**values)
    return tree if isinstance(tree, GameTree) else None


def _solve(tree: GameTree) -> Any:
    if tree.has_perfect_information:
        from ..extensive._backward_induction import backward_induction

        return backward_induction(tree)
    from ..extensive.subgame_perfect import subgame_perfect_equilibria

    return subgame_perfect_equilibria(tree)


def _action_text(choice: Any) -> str:
    if isinstance(choice, dict):   # a mixed choice at an information set
        return ", ".join(f"{a} {fmt(p)}" for a, p in choice.items() if p)
    return str(choice)


def subgame_perfect_section(model: Any, values: dict[str, Any], outdir: Path | None) -> Section | None:
    """The subgame-perfect equilibria: path, expected payoffs, every player's plan; the tree drawn."""
    tree = tree_view(model, values)
    if tree is None:
        return None
    result = _solve(tree)
    data = result.to_json()
    eqs = data["equilibria"]
    first = eqs[0]
    payoffs = ", ".join(f"{p} {fmt(v)}" for p, v in zip(tree.players, first["payoffs"]))
    text = [f"Solved by {data['method'].replace('_', ' ')}: "
            f"{data['count']} subgame-perfect equilibri{'um' if data['count'] == 1 else 'a'}. "
            f"On the equilibrium path play goes {' -> '.join(first['path']) or '(chance only)'}, "
            f"with expected payoffs {payoffs}."]
    if len(eqs) > 1:
        text.append("Players are indifferent at some nodes (" + ", ".join(data.get("tied_nodes", [])) +
                    "); every subgame-perfect equilibrium is listed in the JSON output.")
    rows = []
    for node, choice in first["strategy"].items():
        player = tree.player(node) if node in tree.graph else ""
        rows.append((str(node), player or "", _action_text(choice)))
    figures = []
    if outdir is not None:
        from ..io.tree_export import to_mermaid

        (outdir / "tree.mmd").write_text(to_mermaid(tree, tuple(first["path"])), encoding="utf-8")
        if _draw(tree, tuple(first["path"]), outdir / "tree.png"):
            figures.append(Figure("tree.png", "The escalation tree; the subgame-perfect path is highlighted"))
        text.append("The tree is also written as Mermaid (tree.mmd), which renders in Markdown on GitHub.")
    table = Table(("node", "player", "plan"), tuple(rows), caption="Every player's plan in the first equilibrium, "
                                                                   "on and off the path")
    return Section("subgame_perfect", "Subgame-perfect equilibrium", tuple(text), (table,), tuple(figures),
                   data=data)


def _draw(tree: GameTree, path: tuple[str, ...], file: Path) -> bool:
    try:
        from ..extensive.draw import save_tree
    except ImportError:
        return False
    try:
        save_tree(tree, file, path=path)
    except Exception:  # noqa: BLE001 - no matplotlib (optional extra): the report goes on without the picture
        return False
    return file.exists()


def credibility_section(model: Any, values: dict[str, Any], outdir: Path | None) -> Section | None:
    """Which threats and promises are credible, what carrying them out would cost, and under which conditions."""
    tree = tree_view(model, values)
    if tree is None or not tree.has_perfect_information:
        return None
    from ..extensive._credibility import credibility, non_credible_equilibria
    from ..extensive.thresholds import model_bounds
    from ..extensive.verdict import tree_verdict

    symbolic = model.symbolic()
    if symbolic.is_symbolic:
        # conditions are searched over the model's bounds (not a default range around today's values)
        res = credibility(symbolic, values=values, bounds=model_bounds(model, values))
    else:
        res = credibility(tree)
    data = res.to_json()
    text = list(tree_verdict(model, values, result=res))
    rows = []
    for t in data["threats"]:
        rows.append((t["player"], t["node"], t["action"], "yes" if t["credible"] else "no", fmt(t["cost"]),
                     t.get("condition") or ""))
    tables = [Table(("player", "node", "action", "credible", "cost of carrying it out", "condition"), tuple(rows),
                    caption="Every action off the equilibrium path: would its player carry it out when the moment "
                            "came? The cost is what carrying it out loses against the best action there.")]
    commitment = data.get("commitment") or {}
    if commitment:
        crow = []
        for player, d in commitment.items():
            plan = ", ".join(f"{n}: {a}" for n, a in (d.get("plan") or {}).items())
            crow.append((player, *(fmt(d.get(k)) for k in ("subgame_perfect", "committed", "gain")), plan))
        tables.append(Table(("player", "subgame-perfect payoff", "payoff if it could commit", "value of commitment",
                             "plan it would commit to"), tuple(crow),
                            caption="The value of commitment: what binding itself in advance to a full plan "
                                    "(Stackelberg-style) would be worth to each player."))
    try:
        weak = non_credible_equilibria(tree)
    except Exception:  # noqa: BLE001 - too large a normal form: the table above still stands
        weak = None
    if weak is not None:
        data["non_credible_equilibria"] = [{**w, "profile": list(w["profile"]), "payoffs": list(w["payoffs"])}
                                           for w in weak]
        if weak:
            text.append(f"{len(weak)} pure Nash equilibri{'um' if len(weak) == 1 else 'a'} of the normal form "
                        "rest on threats that are not credible (listed in the JSON output): they are equilibria "
                        "only because a player plans an action it would not take when the moment came.")
    return Section("credibility", "Credibility of threats and promises", tuple(text), tuple(tables), data=data)
