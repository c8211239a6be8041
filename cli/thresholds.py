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
    from gametheory.sensitivity.thresholds import model_thresholds

    lower = upper = None
    if span is not None:
        parts = span.split(":")
        try:
            lower, upper = (float(x) for x in parts)
        except ValueError:
            raise ParameterError(f"--range {span!r}: expected LOW:HIGH") from None
    m = load_model_or_file(model)
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
