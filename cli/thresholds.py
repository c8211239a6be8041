"""``gametheory thresholds``: where the equilibria of a model change as one parameter moves."""

from __future__ import annotations

import click

from ._common import emit_json, json_option, load_model_or_file, parse_sets, print_table, set_option


@click.command()
@click.argument("model", metavar="MODEL")
@click.option("--param", "-p", required=True, metavar="NAME", help="The parameter to vary.")
@click.option("--range", "span", metavar="LOW:HIGH", default=None,
              help="Range to search (default: the parameter's bounds, else around its default).")
@click.option("--pure", is_flag=True, help="Track only the pure-equilibrium set.")
@set_option
@json_option
def thresholds(model: str, param: str, span: str | None, pure: bool, sets: tuple[str, ...], as_json: bool) -> None:
    """Parameter values of MODEL at which the equilibrium set changes, as readable conditions.

    The other parameters stay at their defaults (updated with --set). Values are
    solved symbolically where possible and found numerically otherwise.
    """
    from gametheory.exceptions import ParameterError
    from gametheory.sensitivity._thresholds import model_thresholds

    lower = upper = None
    if span is not None:
        parts = span.split(":")
        try:
            lower, upper = (float(x) for x in parts)
        except ValueError:
            raise ParameterError(f"--range {span!r}: expected LOW:HIGH") from None
    m = load_model_or_file(model)
    if m.kind == "tree":
        _tree_thresholds(m, param, parse_sets(sets), lower, upper, as_json)
        return
    if m.kind not in ("normal", "repeated"):
        from gametheory.exceptions import NotSupportedError

        raise NotSupportedError(f"thresholds apply to normal-form, repeated and tree models; {m.name} is a {m.kind} "
                                "model")
    result = model_thresholds(m, param, parse_sets(sets), lower, upper, pure=pure)
    if as_json:
        emit_json({"model": m.name, **result.to_json()})
        return
    what = "pure-equilibrium set" if pure else "equilibrium set"
    if m.kind == "repeated":
        what = "is the target sustainable by grim trigger?"
    click.echo(f"{m.title}: thresholds of {param} in [{result.lower:g}, {result.upper:g}] ({what})")
    if result.thresholds:
        print_table(["value", "exact", "condition"],
                    [[f"{t.value:.6g}", t.exact or "-", t.condition] for t in result.thresholds])
    else:
        click.echo("no threshold: the equilibria do not change over this range")
    print_table(["from", "to", "equilibria"], [[f"{a:.6g}", f"{b:.6g}", r] for a, b, r in result.regimes],
                title="regimes")


def _tree_thresholds(m, param: str, overrides: dict, lower: float | None, upper: float | None,
                     as_json: bool) -> None:
    """For a tree model: where each action becomes credible, and where each mover's choice changes."""
    from gametheory.extensive.thresholds import action_thresholds, credibility_thresholds, model_bounds

    m.parameter(param)
    values = m.values(**overrides)
    bounds = model_bounds(m, values)
    lo, hi = bounds[param]
    bounds[param] = (lo if lower is None else lower, hi if upper is None else upper)
    tree = m.symbolic()
    cred = credibility_thresholds(tree, values, bounds, parameters=[param])
    moves = []
    for node in tree.decision_nodes():
        for th in action_thresholds(tree, values, bounds, node=node, parameters=[param]):
            moves.append((node, th))
    if as_json:
        emit_json({"model": m.name, "param": param, "range": list(bounds[param]),
                   "credibility": [{"node": str(n), "action": a, **th.to_json()}
                                   for (n, a), ths in cred.items() for th in ths],
                   "moves": [{"node": str(n), "player": tree.player(n), **th.to_json()} for n, th in moves]})
        return
    click.echo(f"{m.title}: {param} in [{bounds[param][0]:g}, {bounds[param][1]:g}], the others at their values")
    print_table(["player", "node", "action", "when credible"],
                [[tree.player(n), str(n), a, th.text()] for (n, a), ths in cred.items() for th in ths],
                title="credibility of each action along " + param)
    if moves:
        print_table(["player", "node", "choice"], [[tree.player(n), str(n), th.text("chosen")] for n, th in moves],
                    title="where a mover's best choice changes")
    else:
        click.echo(f"no mover's best choice changes with {param} in this range")
