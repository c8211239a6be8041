"""Helpers for ``gametheory solve`` on trees (called from cli/solve.py).

Perfect-information trees are solved by backward induction; trees with
information sets by subgame decomposition (every subgame's reduced normal form
solved with the normal-form solvers). ``--method nash`` (or any normal-form
method name) lists the Nash equilibria of the tree's reduced normal form instead.

Examples
--------
>>> from gametheory.io.efg import parse_efg
>>> t = parse_efg('''EFG 2 R "mp" { "A" "B" } ""
... p "" 1 1 "" { "H" "T" } 0
... p "" 2 1 "" { "h" "t" } 0
... t "" 1 "" { 1, -1 }
... t "" 2 "" { -1, 1 }
... p "" 2 1 "" { "h" "t" } 0
... t "" 3 "" { -1, 1 }
... t "" 4 "" { 1, -1 }
... ''')
>>> solve_tree_command(t, None, as_json=False)  # doctest: +ELLIPSIS
mp: 1 subgame-perfect equilibrium (subgame-decomposition; exact; every equilibrium the solvers enumerate)
...
"""

from __future__ import annotations

from typing import Any

import click

from ._common import emit_json, print_table
from ._trees import load_tree  # noqa: F401  (re-exported for cli/tree.py, cli/credibility.py)

#: ``--method`` values that mean "Nash equilibria of the reduced normal form" for a tree.
NASH_METHODS = ("nash", "enumeration", "pure", "lemke-howson", "zero-sum", "polynomial", "path")


def solve_tree_command(tree: Any, method: str | None, as_json: bool) -> None:
    """Print the subgame-perfect equilibria of ``tree`` (table, or JSON with --json).

    ``method`` None, ``"auto"`` or ``"spe"``: subgame-perfect equilibria. A normal-form
    method name (or ``"nash"`` = auto): Nash equilibria of the reduced normal form.
    """
    if method in NASH_METHODS:
        _nash(tree, "auto" if method == "nash" else method, as_json)
        return
    from gametheory.extensive.subgame_perfect import subgame_perfect_equilibria

    res = subgame_perfect_equilibria(tree)
    data = res.to_json()
    if as_json:
        emit_json(data)
        return
    from gametheory.games._exact import format_number

    arithmetic = "exact" if res.exact else "floating point"
    if res.capped:
        scope = f"the first {len(res.equilibria)} listed"
    else:
        scope = ("every equilibrium the solvers enumerate" if res.complete
                 else "equilibria found, not necessarily all")
    n = res.count
    title = tree.title or "game"
    count = f"more than {n}" if res.capped and n == len(res.equilibria) else str(n)
    click.echo(f"{title}: {count} subgame-perfect equilibri{'um' if n == 1 else 'a'} "
               f"({res.method}; {arithmetic}; {scope})")
    rows = []
    for k, e in enumerate(res.equilibria, start=1):
        likely = e["likely_path"][len(e["path"]):]
        play = " -> ".join(e["path"]) or "-"
        if likely:
            play += "  (then likely: " + " -> ".join(likely) + ")"
        pays = ", ".join(f"{p}={format_number(v) if not isinstance(v, float) else f'{v:g}'}"
                         for p, v in zip(res.players, e["payoffs"]))
        regret = e["regret"]
        rows.append([k, play, pays, format_number(regret) if regret else "0"])
    print_table(["#", "path", "payoffs", "regret"], rows)
    mixed = [k for k, e in enumerate(res.equilibria, start=1)
             if any(isinstance(v, dict) for v in e["strategy"].values())]
    if mixed:
        click.echo("Mixed choices in equilibria " + ", ".join(f"#{k}" for k in mixed) + " (see --json).")
    for note in res.notes:
        click.echo(f"note: {note}")


def _nash(tree: Any, method: str, as_json: bool) -> None:
    from gametheory.extensive._reduced_normal_form import reduced_normal_form
    from gametheory.solvers._solve import solve

    result = solve(reduced_normal_form(tree), method)
    if as_json:
        emit_json(result.to_json())
        return
    from .solve import _print_result

    _print_result(result)
