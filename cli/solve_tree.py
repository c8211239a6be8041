"""Helpers for ``gametheory solve`` on trees (called from cli/solve.py)."""

from __future__ import annotations

from typing import Any, Sequence

from ._common import emit_json, print_table
from ._trees import load_tree  # noqa: F401  (re-exported for cli/tree.py, cli/credibility.py)


def solve_tree_command(tree: Any, method: str | None, as_json: bool) -> None:
    """Print the subgame-perfect equilibria of ``tree`` (table, or JSON with --json)."""
    from gametheory.extensive.backward_induction import backward_induction

    res = backward_induction(tree)
    data = res.to_json()
    data["method"] = method or data["method"]
    if as_json:
        emit_json(data)
        return
    rows = [[k + 1, " -> ".join(e["path"]) or "(chance)",
             ", ".join(f"{p}={v:g}" for p, v in zip(data["players"], e["payoffs"]))]
            for k, e in enumerate(data["equilibria"])]
    print_table(["#", "path", "payoffs"], rows, title=f"subgame-perfect equilibria ({res.count})")
