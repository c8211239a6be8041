"""``gametheory credibility``: which threats and promises in a tree are credible, and when.

For a tree model (bundled name or ``.toml`` file) every threat's condition is
given per parameter, the others at the model's values (``--set`` overrides
them), and a plain-English ``verdict`` is added; ``.efg`` files are numeric.
"""

from __future__ import annotations

import click

from ._common import emit_json, json_option, parse_sets, print_table, set_option


@click.command()
@click.argument("model", metavar="MODEL")
@set_option
@json_option
def credibility(model: str, sets: tuple[str, ...], as_json: bool) -> None:
    """Credibility, cost and parameter conditions of every off-path action of MODEL, and a verdict."""
    from gametheory.exceptions import ModelError
    from gametheory.extensive._credibility import credibility as analyse
    from gametheory.extensive.verdict import tree_verdict

    from ._trees import load_tree, tree_model

    m = tree_model(model)
    if m is not None:
        from gametheory.extensive.thresholds import TreeEvaluator, model_bounds

        tree = m.symbolic("tree")
        values = m.values(**parse_sets(sets))
        bounds = model_bounds(m, values)
        # one compiled evaluator (and its grid scans and exact roots) for both steps
        ev = TreeEvaluator(tree) if tree.is_symbolic else None
        cache: dict = {}
        res = analyse(tree, values=values, bounds=bounds, evaluator=ev, cache=cache)
        verdict = tree_verdict(tree, values, bounds, result=res, evaluator=ev, cache=cache)
        values_json = {k: float(v) for k, v in values.items()}
    else:
        t = load_tree(model, sets)
        if t is None:
            raise ModelError(f"{model}: not a game tree (.efg file or tree model)")
        res = analyse(t)
        verdict = tree_verdict(t, result=res)
        values_json = {}
    if as_json:
        data = res.to_json()
        data["model"] = m.name if m is not None else model
        data["values"] = values_json
        data["verdict"] = verdict
        emit_json(data)
        return
    rows = [[th.player, str(th.node), th.action, "yes" if th.credible else "no", f"{th.cost:.4g}",
             th.condition or ""] for th in res.threats]
    print_table(["player", "node", "action", "credible", "cost", "condition"], rows,
                title="equilibrium path: " + " -> ".join(res.path))
    for line in verdict:
        click.echo(f"- {line}")
