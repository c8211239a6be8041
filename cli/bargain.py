"""``gametheory bargain``: bargaining solutions, threat points and what each side's threats are worth."""

from __future__ import annotations

from typing import Any

import click

from ._common import emit_json, json_option, parse_sets, print_table, set_option

_SOLUTIONS = ("nash", "kalai-smorodinsky", "egalitarian", "rubinstein", "threats", "all")
DEFAULT_MODEL = "us_japan_bargain"


def _pair(text: str | None, what: str) -> tuple[Any, Any] | None:
    """Two numbers from ``A,B``, read exactly as the decimals written (so exact games stay exact)."""
    if text is None:
        return None
    from gametheory.games._evaluate import exact_value

    parts = [p.strip() for p in text.split(",")]
    try:
        values = tuple(exact_value(float(p)) for p in parts)
    except ValueError:
        raise click.BadParameter(f"expected two numbers like 0.9,0.8, got {text!r}", param_hint=what) from None
    if len(values) != 2:
        raise click.BadParameter(f"expected two numbers, got {len(values)}", param_hint=what)
    return values  # type: ignore[return-value]


def _problem(spec: str | None, sets: tuple[str, ...], surplus: float | None) -> tuple[Any, Any]:
    """(model or None, BargainingProblem) for what MODEL|FILE names."""
    from gametheory.bargaining import BargainingProblem, FeasibleSet
    from gametheory.exceptions import NotSupportedError

    from ._common import load_game, load_model_or_file

    if spec is not None and spec.lower().endswith(".nfg"):
        game = load_game(spec, sets)
        model = None
    else:
        model = load_model_or_file(spec or DEFAULT_MODEL)
        if model.kind == "bargaining":
            if surplus is not None:
                raise click.BadParameter("--surplus applies to threat games (.nfg files or normal-form models); "
                                         "a bargaining model has its own feasible set", param_hint="--surplus")
            return model, model.build(**parse_sets(sets))
        game = load_game(spec or DEFAULT_MODEL, sets)
    if game.num_players != 2:
        raise NotSupportedError(f"bargaining needs two players; the game has {game.num_players}")
    if surplus is not None:
        from gametheory.games._evaluate import exact_value

        feasible = FeasibleSet.transferable(exact_value(surplus))  # the decimal as written
    else:
        feasible = FeasibleSet.from_game(game)
    options = {p: () for p in game.players}
    return None, BargainingProblem(tuple(game.players), feasible, threat_game=game,  # type: ignore[arg-type]
                                   threat_options=options, default="threats", title=game.title or "")


def _fmt(x: Any) -> str:
    """Short exact fractions as ``p/q``, everything else to 6 significant digits."""
    from fractions import Fraction

    if x is None:
        return "-"
    if isinstance(x, Fraction) and x.denominator <= 1000:
        return str(x)
    return f"{float(x):.6g}"


@click.command()
@click.argument("game", required=False, metavar="[MODEL|FILE]")
@click.option("--solution", "-s", type=click.Choice(_SOLUTIONS), default=None,
              help="Solution to report (default: the model's own; 'threats' for a threat game); 'all' lists every "
                   "solution that applies.")
@click.option("--surplus", type=float, default=None,
              help="For a threat game (.nfg or normal-form model): transferable utility u1 + u2 <= SURPLUS. "
                   "Without it the feasible set is the convex hull of the game's payoff pairs.")
@click.option("--disagreement", "disagreement_text", default=None, metavar="D1,D2",
              help="Use this disagreement point (instead of the model's or the threat point).")
@click.option("--disagreement-from", "disagreement_model", default=None, metavar="MODEL|FILE",
              help="Disagreement point = subgame-perfect payoffs of a tree model (players matched by label).")
@click.option("--weights", "weights_text", default=None, metavar="W1,W2", help="Nash bargaining weights.")
@click.option("--delta", "delta_text", default=None, metavar="D1,D2",
              help="Per-round discount factors for --solution rubinstein (overrides the model's).")
@click.option("--plot", "plot_path", default=None, metavar="FILE",
              help="Write a figure (PNG, SVG or PDF by suffix): frontier, disagreement point, solutions.")
@set_option
@json_option
def bargain(game: str | None, solution: str | None, surplus: float | None, disagreement_text: str | None,
            disagreement_model: str | None, weights_text: str | None, delta_text: str | None,
            plot_path: str | None, sets: tuple[str, ...], as_json: bool) -> None:
    """Bargaining solutions of a bargaining model (default: us_japan_bargain) or a threat game.

    MODEL|FILE is a bundled model, a model file (.toml) or a Gambit .nfg
    file. A model of kind `bargaining` brings its feasible set, threat game,
    discount factors and the deal actually reached. A two-player .nfg file
    (or normal-form model) is read as a threat game: Nash's (1953)
    variable-threat solution, on the transferable-utility line
    u1 + u2 <= --surplus if given, else on the convex hull of its payoffs.

    JSON keys (stable): `players`, `method`, `solution` (one number per
    player), `disagreement` (one per player), `exact`, `solution_exact`,
    `certificate`, `details`, `frontier` (the feasible set), `threat` (for
    the threat solution: the optimal threats and, when the model names its
    threat options, `values`: each side's share with and without its
    threats, and `gains`), `predicted_deal` and `actual` (when the model has
    deal variables), `comparison`, and `solutions` (name -> the same fields)
    with --solution all.
    """
    from dataclasses import replace

    model, problem = _problem(game, sets, surplus)
    changes: dict[str, Any] = {}
    d_given = _pair(disagreement_text, "--disagreement")
    if d_given is not None and disagreement_model is not None:
        raise click.BadParameter("give --disagreement or --disagreement-from, not both")
    if disagreement_model is not None:
        from gametheory.bargaining import disagreement_from_tree

        from ._common import load_model_or_file

        tree_model = load_model_or_file(disagreement_model)
        dp = disagreement_from_tree(tree_model.build())
        d_given = dp.for_players(problem.players)  # type: ignore[assignment]
    if d_given is not None:
        changes["disagreement"] = d_given
    weights = _pair(weights_text, "--weights")
    if weights is not None:
        changes["weights"] = weights
    deltas = _pair(delta_text, "--delta")
    if deltas is not None:
        changes["deltas"] = deltas
    if changes:
        problem = replace(problem, **changes)
    chosen = solution or problem.default
    if chosen == "all":
        results = problem.solutions()
        if d_given is not None:
            results.pop("threats", None)
        main_name = problem.default if problem.default in results else next(iter(results))
    else:
        if chosen == "threats" and d_given is not None:
            raise click.BadParameter("the threats solution computes its own disagreement point; "
                                     "drop --disagreement/--disagreement-from", param_hint="--solution")
        results = {chosen: problem.solve(chosen)}
        main_name = chosen
    main = results[main_name]
    out: dict[str, Any] = main.to_json()
    out["frontier"] = problem.feasible.to_json()
    threat: dict[str, Any] | None = None
    if problem.threat_game is not None and main_name == "threats":
        threat = {"threats": out["details"]["threats"], "value": out["details"]["value"],
                  "threat_payoffs": out["details"]["threat_payoffs"]}
        if any(problem.threat_options.values()) and d_given is None:
            tv = problem.threat_values()
            threat["values"] = tv.to_json()
            threat["gains"] = threat["values"]["gains"]
    out["threat"] = threat
    out["predicted_deal"] = None
    out["actual"] = None
    out["comparison"] = None
    if problem.deals is not None:
        from gametheory.bargaining.result import _jsonable

        out["predicted_deal"] = _jsonable(problem.deal_terms(main.solution))
        if problem.actual is not None:
            out["actual"] = _jsonable(problem.actual)
            if model is not None and not changes:
                from gametheory.bargaining import bargaining_summary

                out["comparison"] = bargaining_summary(model, parse_sets(sets)).to_json()["comparison"]
    if chosen == "all":
        out["solutions"] = {k: v.to_json() for k, v in results.items()}
    if plot_path is not None:
        import numpy as np

        from gametheory.bargaining._plot import plot_bargaining

        outcomes = None
        if problem.threat_game is not None:
            g = problem.threat_game
            outcomes = np.column_stack([g.payoff_array[0].ravel(), g.payoff_array[1].ravel()])
        actual = problem.actual.get("payoffs") if problem.actual else None
        plot_bargaining(problem.feasible, results, plot_path, disagreement=main.disagreement,
                        players=problem.players, threat_outcomes=outcomes, actual=actual,
                        title=problem.title or None)
    if as_json:
        emit_json(out)
        return
    title = problem.title or "bargaining problem"
    click.echo(f"{title}: {', '.join(problem.players)}")
    rows = []
    for name, res in results.items():
        rows.append([name, *(_fmt(v) for v in res.solution), *(_fmt(v) for v in res.disagreement),
                     "yes" if res.exact else "no"])
    p1, p2 = problem.players
    print_table(["solution", p1, p2, f"d {p1}", f"d {p2}", "exact"], rows)
    if threat is not None:
        for player, probs in threat["threats"].items():
            shown = ", ".join(f"{s} {_fmt(p)}" for s, p in probs.items() if p)
            click.echo(f"optimal threat of {player}: {shown}")
        if "values" in threat:
            tv = threat["values"]
            rows = [[p, ", ".join(tv["threats"].get(p, [])) or "-", _fmt(tv["with_threats"]["solution"][i]),
                     _fmt(tv["without"][p]["solution"][i]), _fmt(tv["gains"][p])]
                    for i, p in enumerate(problem.players)]
            print_table(["player", "threats", "share with", "share without own threats", "gain"], rows,
                        title="what each side's threats are worth")
    if out["predicted_deal"] is not None:
        units = problem.deals.units if problem.deals is not None else {}
        terms = out["predicted_deal"]["terms"]
        click.echo(f"predicted deal ({main_name}): " + ", ".join(
            f"{k} {v:.4g}{' ' + units[k] if k in units else ''}" for k, v in terms.items()))
        if out["actual"] is not None:
            click.echo("actual deal: " + ", ".join(f"{k} {float(v):.4g}" for k, v in out["actual"]["terms"].items())
                       + (f" ({out['actual']['note']})" if out["actual"].get("note") else ""))
            if out["actual"].get("payoffs") is not None:
                click.echo("actual payoffs: " + ", ".join(f"{p} {v:.4g}" for p, v in
                                                           zip(problem.players, out["actual"]["payoffs"])))
    for note in main.notes:
        click.echo(f"note: {note}")
    if plot_path is not None:
        click.echo(f"figure written to {plot_path}")
