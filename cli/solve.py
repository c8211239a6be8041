"""``gametheory solve``: the equilibria of a game file or a bundled model."""

from __future__ import annotations

from typing import Any

import click

from ._common import emit_json, json_option, load_game, print_table, set_option

#: Starting-label notes of Lemke-Howson shown in the table (the rest are counted).
_ROUTINE_NOTES = 10
_METHODS = ["auto", "enumeration", "pure", "lemke-howson", "zero-sum", "polynomial", "path", "spe", "nash"]


@click.command()
@click.argument("game", required=False, metavar="[GAME]")
@click.option("--method", "-m", type=click.Choice(_METHODS), default="auto", show_default=True,
              help="Algorithm; auto lists every extreme equilibrium where tractable (subgame-perfect ones for "
                   "trees: spe); nash: Nash equilibria of a tree's reduced normal form.")
@click.option("--exact/--float", "exact", default=None,
              help="Rational arithmetic (default: when the payoffs are rational).")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help="Stop enumeration after this long (marked incomplete): n-player enumeration lists what it "
                   "found; under auto, two-player games then go to Lemke-Howson.")
@click.option("--max-support", type=click.IntRange(min=1), default=None, metavar="K",
              help="n-player enumeration: visit supports of at most K strategies per player (marked incomplete).")
@set_option
@json_option
def solve(game: str | None, method: str, exact: bool | None, time_limit: float | None, max_support: int | None,
          sets: tuple[str, ...], as_json: bool) -> None:
    """Solve GAME: a Gambit .nfg/.efg file, a model file, or a bundled model name.

    With no GAME, solves the bundled default model. Every equilibrium listed
    carries its certificate (regret: the most any player could gain by
    deviating; zero for exact equilibria).
    """
    tree = _maybe_tree(game, sets)
    if tree is not None:
        from .solve_tree import solve_tree_command

        solve_tree_command(tree, None if method in ("auto", "spe") else method, as_json)
        return
    if method == "spe":
        from gametheory.exceptions import NotSupportedError

        raise NotSupportedError("--method spe applies to game trees (.efg files and tree models)")
    nfg = load_game(game, sets)
    from gametheory.solvers._solve import solve as run

    if method == "nash":   # a normal-form game: every Nash equilibrium is what auto lists
        method = "auto"
    if as_json:
        result = run(nfg, method, exact=exact, time_limit=time_limit, max_support=max_support)
    else:  # enumeration can take a while: say what it is doing (on stderr)
        from rich.console import Console

        with Console(stderr=True).status("solving") as status:
            result = run(nfg, method, exact=exact, time_limit=time_limit, max_support=max_support,
                         progress=lambda text: status.update(f"solving: {text}"))
    if as_json:
        emit_json(result.to_json())
    else:
        _print_result(result)


def _maybe_tree(spec: str | None, sets: tuple[str, ...]) -> Any:
    """A game tree if GAME names one (.efg file or tree model), else None."""
    try:
        from . import solve_tree
    except ImportError:
        return None
    return solve_tree.load_tree(spec, sets)


def _print_result(result: Any) -> None:
    from gametheory.games._exact import format_number

    game = result.game
    if not result.complete:
        kind = "equilibria found (not necessarily all)"
    else:
        kind = {"vertex-enumeration": "every extreme equilibrium",
                "pure-enumeration": "every pure equilibrium"}.get(result.method, "all equilibria found")
    arithmetic = "exact" if result.exact and len(result) else "floating point"
    title = game.title or "game"
    click.echo(f"{title}: {len(result)} equilibri{'um' if len(result) == 1 else 'a'} "
               f"({kind}; method {result.method}; {arithmetic})")
    headers = ["#", *game.players, "payoffs", "regret"]
    rows = []
    for k, eq in enumerate(result.equilibria, start=1):
        cells = []
        for labels, probs in zip(eq.strategies, eq.profile):
            cells.append(", ".join(f"{s} {format_number(p)}" if p != 1 else s
                                   for s, p in zip(labels, probs) if p != 0))
        pays = ", ".join(format_number(v) for v in eq.payoffs)
        rows.append([k, *cells, pays, format_number(eq.regret) if eq.regret else "0"])
    if rows:
        print_table(headers, rows)
    multi = [c for c in result.components if len(c) > 1]
    for comp in multi:
        members = ", ".join(f"#{i + 1}" for i in comp)
        click.echo(f"Equilibria {members} span a continuum: every convex combination is an equilibrium.")
    continua = getattr(result, "continua", ())
    if continua:
        click.echo("Continua (supports whose equilibria form a positive-dimensional set; x<i>_<s> is the "
                   "probability of player i's strategy s, both counted from 0):")
        for cont in continua:
            click.echo(f"- {cont}")
    # Lemke-Howson records where every starting label led: hundreds of lines on large games; the table
    # shows a few of those and every other note (--json keeps them all)
    routine = [n for n in result.notes if " -> equilibrium " in n]
    shown = set(routine[:_ROUTINE_NOTES])
    for note in result.notes:
        if note in shown or note not in routine:
            click.echo(f"note: {note}")
    if len(routine) > len(shown):
        click.echo(f"note: ... and {len(routine) - len(shown)} more starting labels (--json lists them all)")
