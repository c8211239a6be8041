"""``gametheory sensitivity``: how each equilibrium moves with a model parameter."""

from __future__ import annotations

import click

from ._common import emit_json, json_option, load_model_or_file, parse_sets, print_table, set_option


@click.command()
@click.argument("model", metavar="MODEL")
@click.option("--param", "-p", required=True, metavar="NAME", help="The parameter to differentiate with respect to.")
@click.option("--method", type=click.Choice(["auto", "closed-form", "implicit-function"]), default="auto",
              show_default=True, help="Closed form where one exists, or the implicit-function theorem.")
@set_option
@json_option
def sensitivity(model: str, param: str, method: str, sets: tuple[str, ...], as_json: bool) -> None:
    """Derivatives and elasticities of every equilibrium of MODEL with respect to --param.

    MODEL is a bundled model name or a model file (for a repeated game, its
    stage game). The derivatives hold at the
    parameter point (defaults updated with --set) while the equilibrium's
    support does not change; see `gametheory thresholds` for where it does.
    """
    from gametheory.sensitivity.comparative_statics import sensitivity as run

    from gametheory.exceptions import NotSupportedError

    m = load_model_or_file(model)
    if m.kind not in ("normal", "repeated"):
        raise NotSupportedError(f"sensitivity applies to normal-form and repeated models; {m.name} is a {m.kind} "
                                "model (for trees: gametheory thresholds / credibility)")
    m.parameter(param)
    values = m.values(**parse_sets(sets))
    game = m.symbolic()
    if hasattr(game, "stage") and hasattr(game, "delta"):   # repeated game: its stage game's equilibria
        game = game.stage
    result = run(game, param, values, method=method)
    if as_json:
        emit_json({"model": m.name, **result.to_json()})
        return
    click.echo(f"{m.title}: sensitivity to {param} = {result.value:g} ({len(result)} equilibria)")
    rows = []
    for k, eq in enumerate(result.equilibria, start=1):
        for player, labels, probs, ds, es in zip(result.players, result.strategies, eq.profile,
                                                  eq.strategy_derivatives, eq.strategy_elasticities):
            for s, x, d, e in zip(labels, probs, ds, es):
                if x > 0 or d != 0:
                    rows.append([k, player, s, f"{x:.6g}", f"{d:.6g}", "-" if e is None else f"{e:.4g}"])
        for player, v, d, e in zip(result.players, eq.payoffs, eq.payoff_derivatives, eq.payoff_elasticities):
            rows.append([k, player, "payoff", f"{v:.6g}", f"{d:.6g}", "-" if e is None else f"{e:.4g}"])
    print_table(["#", "player", "strategy / payoff", "value", f"d/d {param}", "elasticity"], rows)
    methods = sorted({eq.method for eq in result.equilibria})
    click.echo(f"method: {', '.join(methods) or '-'}")
