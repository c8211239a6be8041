"""``gametheory sweep``: the equilibria of a model over a grid of one to three parameters."""

from __future__ import annotations

import click

from ._common import emit_json, json_option, load_model_or_file, parse_sets, print_table, set_option


@click.command()
@click.argument("model", metavar="MODEL")
@click.option("--grid", "-g", "grids", multiple=True, required=True, metavar="NAME=START:STOP:COUNT",
              help="A swept parameter (repeatable, one to three).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Local worker processes.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run on a Dask cluster (needs the 'distributed' extra), e.g. tcp://10.0.0.5:8786.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write one CSV row per point.")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None,
              help="Save a regime map (needs matplotlib, the 'plot' extra).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on for large grids).")
@set_option
@json_option
def sweep(model: str, grids: tuple[str, ...], jobs: int, scheduler: str | None, output: str | None,
          plot_path: str | None, progress: bool | None, sets: tuple[str, ...], as_json: bool) -> None:
    """Equilibrium regimes of MODEL at every point of a parameter grid.

    Payoffs are evaluated for the whole grid at once and the equilibria solved
    in vectorised batches (two-player games, and three players with two
    strategies each).
    """
    import math

    from gametheory.exceptions import ParameterError
    from gametheory.sensitivity._sweep import parse_grid
    from gametheory.sensitivity._sweep import sweep as run

    m = load_model_or_file(model)
    overrides = parse_sets(sets)
    grid = {}
    for text in grids:
        name, values = parse_grid(text)
        if name in grid:
            raise ParameterError(f"--grid {name!r} given twice")
        if name in overrides:
            raise ParameterError(f"{name!r} is both swept (--grid) and set (--set)")
        m.parameter(name)
        grid[name] = values
    if plot_path and len(grid) > 2:
        from gametheory.exceptions import NotSupportedError

        raise NotSupportedError("--plot draws a regime map of one or two swept parameters; this sweep has three")
    for name, values in grid.items():   # the grid's corners must respect the parameters' bounds
        for v in (values[0], values[-1]):
            m.values(**{**overrides, name: float(v)})
    values = m.values(**overrides)
    points = math.prod(len(v) for v in grid.values())
    show = (points >= 20000 and not as_json) if progress is None else progress
    game = m.symbolic()
    if hasattr(game, "stage") and hasattr(game, "delta"):   # repeated game: the grim-trigger verdict
        if getattr(game, "target", None) is None or getattr(game, "punishment", None) is None:
            from gametheory.exceptions import NotSupportedError

            raise NotSupportedError(f"model {m.name!r} names no target and punishment profile to sweep")
        from gametheory.sensitivity.verdicts import discount_sweep

        result = discount_sweep(game.stage, game.target, game.punishment, game.delta, grid, values)
        method = "vectorised grim-trigger verdict"
    else:
        result = run(game, grid, values, jobs=jobs, scheduler=scheduler, progress=show)
        method = f"{result.method} solve"
    if output:
        result.to_csv(output)
    if plot_path:
        result.plot(plot_path, title=m.title)
    if as_json:
        emit_json({"model": m.name, **result.to_json()})
        return
    axes = ", ".join(f"{p} {a[0]:g}..{a[-1]:g} ({len(a)})" for p, a in zip(result.params, result.axes))
    click.echo(f"{m.title}: {points} points over {axes}; {method}")
    print_table(["points", "share", "equilibria"],
                [[c, f"{c / points:.1%}", r] for r, c in sorted(result.counts().items(), key=lambda kv: -kv[1])])
    if output:
        click.echo(f"wrote {output}")
    if plot_path:
        click.echo(f"wrote {plot_path}")
