"""``gametheory repeated``: can a target profile be sustained in the infinitely repeated game?"""

from __future__ import annotations

from typing import Any

import click

from ._common import emit_json, json_option, load_primary, print_table, set_option


def stage_game(obj: Any) -> Any:
    """The stage game of what ``load_game`` returned (a game, or a repeated-game model's stage view)."""
    from gametheory import NormalFormGame

    if isinstance(obj, NormalFormGame):
        return obj
    for attr in ("stage_game", "stage", "game"):
        inner = getattr(obj, attr, None)
        inner = inner() if callable(inner) else inner
        if isinstance(inner, NormalFormGame):
            return inner
    from gametheory.exceptions import NotSupportedError

    raise NotSupportedError(f"expected a normal-form stage game, got {type(obj).__name__}")


def symbolic_stage(spec: str | None) -> Any:
    """The stage game with sympy payoffs when GAME names a model (None for a .nfg file)."""
    if spec is not None and spec.lower().endswith(".nfg"):
        return None
    from ._common import load_model_or_file

    model = load_model_or_file(spec)
    views = model.views() if callable(getattr(model, "views", None)) else ()
    view = "stage" if "stage" in views else None
    try:
        return model.symbolic(view)
    except NotImplementedError:
        return None


def _fmt(x: Any) -> str:
    from gametheory.games._exact import format_number

    return "never" if x is None else format_number(x)


def _spe_summary(g: Any, delta: float) -> dict[str, Any]:
    from gametheory.repeated._spe_payoffs import spe_payoffs

    res = spe_payoffs(g, delta)
    return {"empty": res.empty, "area": res.area, "vertices": res.outer_vertices.tolist(),
            "threat_point": [] if res.empty else res.threat_point.tolist(), "converged": res.converged,
            "method": "outer approximation (Judd-Yeltekin-Conklin), 128 directions"}


@click.command()
@click.argument("game", required=False, metavar="[MODEL|FILE]")
@click.option("--target", "-t", required=True, metavar="S1,S2,...",
              help="Target pure profile: one strategy label per player, comma-separated (e.g. C,C).")
@click.option("--delta", "-d", type=float, default=None,
              help="Discount factor: also say which schemes sustain the target at this delta.")
@click.option("--punish", default=None, metavar="S1,S2,...",
              help="Pure stage equilibrium used as punishment (default: the best stage equilibrium).")
@set_option
@json_option
def repeated(game: str | None, target: str, delta: float | None, punish: str | None, sets: tuple[str, ...],
             as_json: bool) -> None:
    """Critical discount factors and minmax values for sustaining a TARGET profile.

    Reports the smallest discount factor at which grim trigger (Nash
    reversion), k-period punishments and, for two players, tit-for-tat
    sustain the target, each player's minmax value, and the folk-theorem
    check. A repeated-game model is analysed through its stage game, at its
    own discount factor unless --delta is given; for a model the thresholds
    are also given as formulas in its parameters.
    """
    from gametheory.repeated.discount import critical_discount, critical_discount_symbolic
    from gametheory.repeated.feasible import folk_theorem_check
    from gametheory.repeated._minmax import mixed_minmax

    if delta is not None and not 0 < delta < 1:
        raise click.BadParameter("delta must lie in (0, 1)", param_hint="--delta")
    loaded = load_primary(game, sets)
    g = stage_game(loaded)
    labels = [s.strip() for s in target.split(",")]
    cd = critical_discount(g, labels, punishment=None if punish is None else [s.strip() for s in punish.split(",")])
    mm = mixed_minmax(g)
    folk = folk_theorem_check(g, labels, minmax_result=mm)
    if delta is None and getattr(loaded, "delta", None) is not None:
        delta = float(loaded.delta)  # a repeated-game model carries its own discount factor
    symbolic = None
    sym = symbolic_stage(game)
    pure_punish = all(isinstance(p, str) for p in cd.punishment)
    if sym is not None and pure_punish and any(getattr(x, "free_symbols", None)
                                               for table in sym.payoffs for x in table.flat):
        sc = critical_discount_symbolic(sym.payoffs, sym.strategies, list(cd.target), list(cd.punishment),
                                        players=g.players)
        symbolic = {k: str(v) for k, v in (sc.symbolic or {}).items()}
    critical: dict[str, Any] = {"grim": cd.grim_overall}
    if cd.tit_for_tat is not None:
        critical["tit_for_tat"] = cd.tit_for_tat_overall
    critical["k_period"] = {str(k): cd.k_period_overall(k) for k in cd.k_period}
    critical["per_player"] = cd.to_json()["per_player"]
    if symbolic is not None:
        critical["symbolic"] = symbolic
    if as_json:
        out: dict[str, Any] = {
            "game": g.title,
            "players": list(g.players),
            "target": list(cd.target),
            "target_payoffs": cd.target_payoffs,
            "deviation_payoffs": cd.deviation_payoffs,
            "punishment": list(cd.punishment) if all(isinstance(p, str) for p in cd.punishment)
            else [list(p) for p in cd.punishment],
            "punishment_payoffs": cd.punishment_payoffs,
            "critical_delta": critical,
            "minmax": list(mm.values),
            "minmax_certified": mm.certified,
            "folk_theorem": folk.to_json(),
            "exact": cd.exact,
            "notes": list(cd.notes),
        }
        if delta is not None:
            out["delta"] = delta
            out["sustainable"] = cd.sustainable(delta)
            if g.num_players == 2:
                out["spe_payoffs"] = _spe_summary(g, delta)
        emit_json(out)
        return
    title = g.title or "game"
    click.echo(f"{title}: sustaining {', '.join(cd.target)} in the infinitely repeated game")
    rows = [["grim trigger (Nash reversion)", _fmt(cd.grim_overall),
             ", ".join(_fmt(x) for x in cd.grim)]]
    if cd.tit_for_tat is not None:
        rows.append(["tit-for-tat", _fmt(cd.tit_for_tat_overall), ", ".join(_fmt(x) for x in cd.tit_for_tat)])
    for k in cd.k_period:
        rows.append([f"{k}-period punishment", _fmt(cd.k_period_overall(k)),
                     ", ".join(_fmt(x) for x in cd.k_period[k])])
    print_table(["scheme", "critical delta", f"per player ({', '.join(g.players)})"], rows)
    click.echo("minmax values: " + ", ".join(f"{p} {_fmt(v)}" for p, v in zip(g.players, mm.values)))
    click.echo("punishment: " + ", ".join(str(p) for p in cd.punishment))
    click.echo(f"folk theorem: target payoff {', '.join(_fmt(v) for v in cd.target_payoffs)} is "
               + ("sustainable for delta close to 1" if folk.sustainable else "NOT strictly individually rational"
                  if folk.feasible else "not feasible"))
    if symbolic:
        for k, v in symbolic.items():
            click.echo(f"symbolic {k}: {v}")
    if delta is not None:
        ok = cd.sustainable(delta)
        click.echo(f"at delta = {delta}: " + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in ok.items()))
        if g.num_players == 2:
            spe = _spe_summary(g, delta)
            if spe["empty"]:
                click.echo("subgame-perfect payoffs (pure, public randomisation): none")
            else:
                low = ", ".join(f"{v:.4g}" for v in spe["threat_point"])
                click.echo(f"subgame-perfect payoffs (pure, public randomisation): area {spe['area']:.4g}, "
                           f"worst payoffs {low} (outer approximation)")
    if any(v is None for v in [cd.grim_overall, *[cd.k_period_overall(k) for k in cd.k_period]]):
        click.echo("never: no discount factor below 1 sustains the target with that scheme")
    for note in cd.notes:
        click.echo(f"note: {note}")
