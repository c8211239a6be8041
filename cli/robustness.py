"""``gametheory robustness``: how often a model's answer holds under the uncertainty its parameters state."""

from __future__ import annotations

import click

from ._common import emit_json, json_option, load_model_or_file, parse_sets, print_table, set_option


def _ci(ci: tuple[float, float]) -> str:
    return f"[{ci[0]:.1%}, {ci[1]:.1%}]"


class _OneLineErrors(click.Command):
    """Bad options are one line on stderr (``error: ...``), like every other error of the command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            from gametheory.exceptions import ParameterError

            raise ParameterError(exc.format_message().replace("\n", " ")) from None


@click.command(cls=_OneLineErrors)
@click.argument("model", metavar="MODEL")
@click.option("--samples", "-n", type=int, default=1024, show_default=True,
              help="Draws of the uncertain parameters (the indices solve samples x (d + 2) draws).")
@click.option("--seed", type=int, default=None, help="Seed of the scrambled sequence (same seed, same draws).")
@click.option("--method", type=click.Choice(["sobol", "lhs"]), default="sobol", show_default=True,
              help="Scrambled Sobol' sequence or Latin hypercubes.")
@click.option("--no-drivers", "no_drivers", is_flag=True, help="Skip the Sobol' indices (samples draws only).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Local worker processes.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run on a Dask cluster (needs the 'distributed' extra), e.g. tcp://10.0.0.5:8786.")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None,
              help="Save a bar chart of the Sobol' indices (needs matplotlib, the 'plot' extra).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on for a terminal).")
@set_option
@json_option
def robustness(model: str, samples: int, seed: int | None, method: str, no_drivers: bool, jobs: int,
               scheduler: str | None, plot_path: str | None, progress: bool | None, sets: tuple[str, ...],
               as_json: bool) -> None:
    """Probability of each outcome and each threat's credibility when MODEL's parameters are drawn.

    Parameters with a ``distribution`` in the model file are drawn together
    (quasi-random), every draw is solved, and the table gives each
    equilibrium outcome's probability, each threat's probability of being
    credible (trees), with 95% Wilson intervals, and the parameters that
    decide the most probable outcome (Sobol' indices). A --set fixes a
    parameter even if it has a distribution.
    """
    import sys

    from gametheory.exceptions import ParameterError
    from gametheory.sensitivity import robustness as run

    if samples < 2:
        raise ParameterError(f"--samples must be at least 2, got {samples}")
    m = load_model_or_file(model)
    overrides = parse_sets(sets)
    show = (sys.stderr.isatty() and not as_json) if progress is None else progress
    result = run(m, samples=samples, seed=seed, method=method, overrides=overrides, drivers=not no_drivers,
                 jobs=jobs, scheduler=scheduler, progress=show)
    if plot_path:
        result.plot(plot_path, title=m.title)
    if as_json:
        emit_json(result.to_json())
        return
    drawn = ", ".join(result.uncertain)
    click.echo(f"{m.title}")
    click.echo(f"{result.samples} draws ({result.method}, seed {result.seed}) of {drawn}; "
               f"{result.feasible} feasible, {result.evaluations} solved in all")
    for reason, count in result.infeasible.items():
        click.echo(f"  left out: {count} draws violating {reason}")
    print_table(["outcome", "probability", "95% interval", "draws"],
                [[o.label + (" (at the model's values)" if o.label == result.default_outcome else ""),
                  f"{o.probability:.1%}", _ci(o.ci), o.count] for o in result.outcomes],
                title="equilibrium outcomes")
    if result.ties:
        click.echo(f"{result.ties} feasible draws have several equilibria (a tie); the first is counted")
    if result.verdicts:
        print_table(["threat", "credible", "95% interval", "off the path"],
                    [[v.threat, f"{v.credible_probability:.1%}", _ci(v.ci), f"{v.off_path_probability:.0%}"]
                     for v in result.verdicts],
                    title="credibility (carried out if its node were reached)")
    if result.drivers:
        print_table(["parameter", "first order", "total"],
                    [[d.param, f"{d.first_order:.3f}", f"{d.total_order:.3f}"] for d in result.drivers],
                    title=f"Sobol' indices of the {result.drivers_output}")
    elif result.drivers_output and not no_drivers:
        click.echo(f"drivers: {result.drivers_output}")
    if plot_path:
        click.echo(f"wrote {plot_path}")
