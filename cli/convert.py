"""``gametheory convert``: between model files (at given parameter values) and Gambit ``.nfg``."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ._common import set_option


@click.command()
@click.argument("source", metavar="IN")
@click.argument("target", metavar="OUT", type=click.Path(dir_okay=False))
@set_option
@click.option("--view", default=None, help="Which game of a model to convert (default: its primary view).")
@click.option("--force", "-f", is_flag=True, help="Overwrite OUT if it exists.")
def convert(source: str, target: str, sets: tuple[str, ...], view: str | None, force: bool) -> None:
    """Convert IN (a model name, a model file or a .nfg file) to OUT (.nfg, .toml, or .efg for tree models).

    A model is built at its default parameter values updated with --set, so
    ``gametheory convert us_japan_tariffs out.nfg --set tariff=0.3`` writes the
    game at a 30% tariff. Writing .toml gives a model file of the numeric game.
    """
    from gametheory.exceptions import ParameterError

    from ._common import load_model_or_file, parse_sets

    out = Path(target)
    suffix = out.suffix.lower()
    if suffix not in (".nfg", ".toml", ".efg"):
        raise click.BadParameter("OUT must end in .nfg, .toml or .efg", param_hint="OUT")
    if out.exists() and not force:
        raise click.BadParameter(f"{out} exists (use --force to overwrite)", param_hint="OUT")
    overrides = parse_sets(sets)
    if source.lower().endswith(".nfg"):
        if overrides or view:
            raise ParameterError("--set and --view apply to models, not to .nfg files")
        from gametheory.io.nfg import read_nfg

        if not Path(source).exists():
            raise FileNotFoundError(f"no such file: {source}")
        game = read_nfg(source)
        name = _name(out.stem)
        question = None
        description = f"Converted from {Path(source).name}."
    else:
        model = load_model_or_file(source)
        game = model.build(view, **overrides)
        from gametheory.games.tree import GameTree

        if isinstance(game, GameTree):
            if suffix == ".efg":
                from gametheory.io.efg import format_efg

                out.write_text(format_efg(game), encoding="utf-8")
                click.echo(f"wrote {out} (game tree, {len(game)} nodes)")
                return
            if view is None:   # a tree converts to .nfg/.toml through its reduced normal form
                game = model.build("normal", **overrides)
        name = _name(out.stem) if suffix == ".toml" else model.name
        values = ", ".join(f"{k}={v}" for k, v in overrides.items()) or "default values"
        question = model.question
        description = f"Model {model.name!r} at {values}, converted from {model.source}."
    if suffix == ".efg" or not hasattr(game, "strategies") or not hasattr(game, "payoffs"):
        from gametheory.exceptions import NotSupportedError

        raise NotSupportedError(f"cannot convert a {type(game).__name__} to {suffix} "
                                "(.efg takes game trees; .nfg and .toml take normal-form games)")
    if suffix == ".nfg":
        from gametheory.io.nfg import write_nfg

        write_nfg(game, out)
    else:
        from gametheory.io.normal_spec import format_model

        out.write_text(format_model(game, name=name, question=question, description=description),
                       encoding="utf-8")
    click.echo(f"wrote {out} ({' x '.join(map(str, game.shape))} game, "
               f"{'exact' if game.is_exact else 'floating-point'} payoffs)")


def _name(stem: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", stem)
    return name if name[:1].isalpha() else f"model_{name}"
