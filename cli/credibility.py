"""``gametheory credibility``: which threats and promises in a tree are credible."""

from __future__ import annotations

import click

from ._common import emit_json, json_option, parse_sets, print_table, set_option


@click.command()
@click.argument("model", metavar="MODEL")
@set_option
@json_option
def credibility(model: str, sets: tuple[str, ...], as_json: bool) -> None:
    """Credibility, cost and value of commitment for every off-path action of MODEL."""
    from gametheory.exceptions import ModelError
    from gametheory.extensive.credibility import credibility as analyse

    from .solve_tree import load_tree

    t = load_tree(model, sets)
    if t is None:
        raise ModelError(f"{model}: not a game tree (.efg file or tree model)")
    values = parse_sets(sets) if t.is_symbolic else None
    res = analyse(t, values=values)
    if as_json:
        emit_json(res.to_json())
        return
    rows = [[th.player, str(th.node), th.action, "yes" if th.credible else "no", f"{th.cost:g}",
             th.condition or ""] for th in res.threats]
    print_table(["player", "node", "action", "credible", "cost", "condition"], rows,
                title="equilibrium path: " + " -> ".join(res.path))
